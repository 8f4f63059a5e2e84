"""The analysis pipeline: spaCy plus Rashomon's own registered components."""
