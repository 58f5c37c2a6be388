"""Benchmarks (run each as a script)."""
