#!/usr/bin/env python3
"""banter end to end in tmux, against banterd (see tuicases.py)."""
import tuicases

tuicases.run("banterd")
