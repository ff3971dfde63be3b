"""The benchmark of `make bench` (run.py) and its corpus generator (corpus.py)."""
