"""Benchmarks for policy-timeline: reading, drawing and exporting 100 to 1,000,000 events.

Run ``python -m benchmarks`` (or ``make bench``); ``--sizes 100,10000 --skip-browser`` gives a
quick run. Results go to ``benchmarks/results.md`` (see ``benchmarks.run``).
"""
