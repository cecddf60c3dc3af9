/* proto.c: IRC messages (see proto.h).  Stub until the module lands. */
#include "config.h"
#include "proto.h"
