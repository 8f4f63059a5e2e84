"""Stance of a passage towards a claim."""
