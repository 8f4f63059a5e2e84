"""``python -m rashomon`` runs the command line."""

from .cli import main

main()
