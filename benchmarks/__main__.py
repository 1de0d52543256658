"""``python -m benchmarks``: run the benchmarks and write ``benchmarks/results.md``."""

from .run import main

raise SystemExit(main())
