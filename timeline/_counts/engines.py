"""Where counts run: an ibis connection to DuckDB (embedded, the default) or Spark."""

from __future__ import annotations

import errno
import glob
import os
from pathlib import Path
from typing import Any

import ibis
import pandas as pd
import pyarrow as pa
from ibis.backends import BaseBackend

ENGINES = ("duckdb", "spark")
"""Engines ``counts`` starts by name; any ibis connection works as well."""
SUFFIXES = (".parquet", ".csv", ".tsv")
"""Files ``counts`` reads (a glob or a folder of them too)."""


def connect(engine: str | BaseBackend | None, source: Any) -> BaseBackend:
    """The ibis connection to count with: ``engine``'s, or the one ``source`` lives on."""
    if isinstance(engine, BaseBackend):
        return engine
    if engine is None and isinstance(source, ibis.Table):
        return source.get_backend()
    if engine is None or engine == "duckdb":
        return ibis.duckdb.connect()
    if engine == "spark":
        return spark()
    raise ValueError(
        f"engine must be one of {', '.join(map(repr, ENGINES))} or an ibis connection, "
        f"not {engine!r}"
    )


def spark() -> BaseBackend:
    """An ibis connection to the active Spark session (a local one is started if none is)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise ImportError(
            "engine='spark' needs pyspark; install it with pip install 'policy-timeline[spark]'"
        ) from None
    return ibis.pyspark.connect(SparkSession.builder.getOrCreate())


def table(source: Any, con: BaseBackend) -> ibis.Table:
    """``source`` as an ibis table on ``con``: files are read there, a frame is sent there."""
    if isinstance(source, ibis.Table):
        return source
    if isinstance(source, pd.DataFrame):
        # Through Arrow, so that None stays null on every engine (Spark reads it as NaN).
        return ibis.memtable(pa.Table.from_pandas(source, preserve_index=False))
    if isinstance(source, str | os.PathLike):
        where, suffix = files(source)
        if suffix == ".parquet":
            return con.read_parquet(where)
        options = {"delim": "\t"} if suffix == ".tsv" else {}
        if con.name == "pyspark" and options:
            options = {"sep": "\t"}
        return con.read_csv(where, **options)
    kind = type(source).__name__
    raise TypeError(
        f"counts reads a path or glob of Parquet or CSV files, a pandas DataFrame or an ibis "
        f"table, not {kind}"
    )


def files(source: str | os.PathLike[str]) -> tuple[str, str]:
    """The path or glob to read, and the kind of file it names; a folder means its Parquet files.

    Raises FileNotFoundError when nothing matches, ValueError for another kind of file.
    """
    text = os.fspath(source)
    if Path(text).is_dir():
        text = str(Path(text) / "*.parquet")
    matched = sorted(glob.glob(text)) if glob.has_magic(text) else [text] * Path(text).exists()
    if "://" not in text and not matched:  # remote URLs are checked by the engine
        raise FileNotFoundError(errno.ENOENT, "no such file", text)
    suffixes = {Path(name).suffix.lower() for name in matched or [text]}
    if len(suffixes) != 1 or not suffixes <= set(SUFFIXES):
        found = ", ".join(sorted(s or "(none)" for s in suffixes))
        raise ValueError(
            f"{text}: counts reads {', '.join(SUFFIXES)} files, all of one kind; found {found}"
        )
    return text, suffixes.pop()
