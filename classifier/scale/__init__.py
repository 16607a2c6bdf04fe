"""Scale: every core of one box (workers.py), and opt-in engines for many boxes."""
