"""Benchmarks: `python -m bench` prints one table (median and p99 where it makes sense)."""
