"""Benchmarks: `python -m bench NAME [options]`. Each module prints its table with the machine."""
