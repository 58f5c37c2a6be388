"""Benchmarks, run by hand: ``python benchmarks/<name>.py``."""
