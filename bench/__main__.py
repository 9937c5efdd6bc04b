"""Run every benchmark module (bench/bench_*.py, each with `rows() -> list[Row]`) and print one table.

`python -m bench load [...]` runs the load test instead (bench/load.py: a room of learners, about 2 minutes).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

import bench
from bench.common import table


def main(argv: list[str] | None = None) -> int:
    """Print the table; `--only NAME` runs just bench_NAME; `load ...` runs the load test."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["load"]:
        from bench import load

        return load.main(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--only", help="run one module, e.g. tutor, offline, checker")
    args = parser.parse_args(argv)
    rows = []
    for info in sorted(pkgutil.iter_modules(bench.__path__), key=lambda m: m.name):
        if not info.name.startswith("bench_") or (args.only and info.name != f"bench_{args.only}"):
            continue
        module = importlib.import_module(f"bench.{info.name}")
        print(f"running {info.name} ...", file=sys.stderr, flush=True)
        rows.extend(module.rows())
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
