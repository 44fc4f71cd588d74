"""Run the hmkg command line: python -m hmkg."""

from hmkg.cli import main

main(prog_name="hmkg")
