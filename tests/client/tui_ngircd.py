#!/usr/bin/env python3
"""banter end to end in tmux, against ngircd (see tuicases.py)."""
import tuicases

tuicases.run("ngircd")
