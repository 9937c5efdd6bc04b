"""Entry point for `python -m checker` (see checker/cli.py)."""

from checker.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
