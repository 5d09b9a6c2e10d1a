"""pimon benchmarks: `make bench` (python -m bench)."""
