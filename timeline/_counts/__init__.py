"""Counts of events per lane and time bin, computed by an engine where the table lives.

Takes a table too large for pandas (Parquet or CSV files, a frame, an ibis table) and an engine
(DuckDB, Spark or any ibis connection); gives a small tidy frame (lane, start, end, count) that
:mod:`timeline._figure` draws as an overlay. ``aggregate`` is the one ibis query every engine runs.
"""
