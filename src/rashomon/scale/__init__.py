"""Scale-out: the per-article analysis on a Ray cluster (the ``scale`` extra)."""
