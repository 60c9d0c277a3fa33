"""Benchmarks: speed and memory, measured against a baseline run in the same process."""
