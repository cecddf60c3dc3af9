/*
 * auth.h: checking a password against the config (oper, connection
 * password) within a time budget.  A crypt(3) hash may take tens of
 * milliseconds to check, during which the loop serves nobody; a burst of
 * guesses must not stall the server, so hashing gets at most a share of
 * the time and a guess beyond it is turned away unchecked (RPL_TRYAGAIN).
 */
#ifndef BANTERD_AUTH_H
#define BANTERD_AUTH_H

enum auth_result { AUTH_OK, AUTH_BAD, AUTH_BUSY };

enum auth_result auth_check(const char *given, const char *stored);

#endif
