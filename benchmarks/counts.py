"""``python -m benchmarks.counts``: timeline.counts on generated tables of 10M and 100M events.

Each table is generated once by DuckDB itself (fixed seed, into the ignored ``benchmarks/data``),
then each measured step runs in a fresh process: ``timeline.counts`` on DuckDB (time and peak
memory), on Spark local[2] (time; the session's start is timed apart) and the pandas
read + ``groupby`` of the same columns where the table fits in memory, for the
ratio. The results replace this benchmark's own section of ``benchmarks/results.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from timeline._io.atomic import write_text_atomic

from .steps import measure

HERE = Path(__file__).resolve().parent
SIZES = (10_000_000, 100_000_000)
SPARK_SIZES = (10_000_000,)
PANDAS_MAX = 20_000_000
"""Largest table the pandas baseline loads (100M rows of text take more memory than we allow)."""
SEED = 17
HEADING = "## Counts on large tables"
TARGET_SECONDS, TARGET_MB = 10.0, 1024.0
"""DuckDB at 100M events: counted in under 10 s, peak memory under 1 GB."""
COUNTRIES = (
    "Ukraine", "Russia", "Syria", "Yemen", "Myanmar", "Sudan", "Mexico", "Brazil", "India",
    "Pakistan", "Nigeria", "Somalia", "Iraq", "Afghanistan", "Colombia", "Ethiopia", "Mali",
    "Burkina Faso", "DR Congo", "Philippines", "Belarus", "Moldova", "Poland", "Georgia",
)  # fmt: skip
TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians", "Protests",
         "Riots", "Strategic developments")  # fmt: skip


def generate(path: Path, n: int, seed: int = SEED) -> float:
    """Write ``n`` ACLED-shaped events (ten years, skewed countries) as Parquet; the seconds taken.

    DuckDB's ``hash`` of the row number and the seed stands for a random draw: the same file for
    the same ``n`` and ``seed``, written in parallel and streamed, never held in memory.
    """
    import duckdb

    countries = "[" + ", ".join(f"'{name}'" for name in COUNTRIES) + "]"
    types = "[" + ", ".join(f"'{name}'" for name in TYPES) + "]"
    draw = "(hash(i + {k} * 1000003 + {seed} * 7919) % 1000000) / 1000000.0"
    u = [draw.format(k=k, seed=seed) for k in range(4)]
    query = f"""
        COPY (
          SELECT
            DATE '2016-01-01' + CAST(floor({u[0]} * 3653) AS INTEGER) AS event_date,
            {countries}[1 + CAST(floor(pow({u[1]}, 2) * {len(COUNTRIES)}) AS INTEGER)] AS country,
            {types}[1 + CAST(floor({u[2]} * {len(TYPES)}) AS INTEGER)] AS event_type,
            CAST(floor(pow({u[3]}, 6) * 20) AS INTEGER) AS fatalities
          FROM range({n}) AS rows(i)
        ) TO '{path}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000000)
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    partial = path.with_suffix(".partial")
    duckdb.sql(query.replace(f"'{path}'", f"'{partial}'"))
    partial.replace(path)
    return time.perf_counter() - started


def ensure(folder: Path, n: int, log: Any = print) -> Path:
    """The generated table of ``n`` events in ``folder``, generated if missing."""
    path = folder / f"counts-{n}-seed{SEED}.parquet"
    if not path.exists():
        log(f"generating {n:,} events into {path} …")
        seconds = generate(path, n)
        log(f"  {seconds:.1f} s, {path.stat().st_size / 2**20:,.0f} MB")
    return path


# --- Steps, each in a fresh process ------------------------------------------------------------


def step_duckdb(path: str) -> dict[str, Any]:
    """``timeline.counts`` on DuckDB: weekly counts per country."""
    import timeline

    timeline.counts(_tiny(), lane="country")  # DuckDB and ibis loaded and warmed, untimed
    frame, stats = measure(lambda: timeline.counts(path, lane="country", every="week"))
    return {
        **stats,
        "rows": len(frame),
        "events": int(frame["count"].sum()),
        "digest": _digest(frame),
    }


def step_spark(path: str) -> dict[str, Any]:
    """``timeline.counts(..., engine="spark")`` on a local[2] session; its start timed apart."""
    from pyspark.sql import SparkSession

    import timeline

    with tempfile.TemporaryDirectory() as warehouse:
        started = time.perf_counter()
        session = (
            SparkSession.builder.master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.sql.warehouse.dir", warehouse)
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.memory", "2g")
            .getOrCreate()
        )
        session.sparkContext.setLogLevel("ERROR")
        start = time.perf_counter() - started
        try:
            frame, stats = measure(
                lambda: timeline.counts(path, lane="country", every="week", engine="spark")
            )
        finally:
            session.stop()
    found: dict[str, Any] = {**stats, "session_start": start, "digest": _digest(frame)}
    return {**found, "rows": len(frame), "events": int(frame["count"].sum())}


def step_pandas(path: str) -> dict[str, Any]:
    """The pandas baseline: read the two columns, then ``groupby`` country and Monday."""
    import pandas as pd
    import pyarrow.parquet as pq

    def count() -> tuple[pd.DataFrame, float]:
        # Dates as datetime64, not objects: the fastest way pandas reads them.
        read = pq.read_table(path, columns=["event_date", "country"])
        table = read.to_pandas(date_as_object=False)
        started = time.perf_counter()
        day = table["event_date"]
        monday = day - pd.to_timedelta(day.dt.day_of_week, unit="D")
        counted = table.groupby([table["country"], monday.rename("start")]).size()
        return counted.rename("count").reset_index(), time.perf_counter() - started

    (frame, grouping), stats = measure(count)
    frame = frame.rename(columns={"country": "lane"})
    return {**stats, "groupby_seconds": grouping, "events": int(frame["count"].sum()),
            "digest": _digest(frame)}  # fmt: skip


def _tiny() -> Any:
    import pandas as pd

    return pd.DataFrame({"date": ["2024-11-19"], "country": ["Ukraine"]})


def _digest(frame: Any) -> str:
    """The non-zero counts, summarized so that runs on different engines compare."""
    import hashlib

    kept = frame[frame["count"] > 0].sort_values(["lane", "start"])
    text = "\n".join(
        f"{lane}|{start:%Y-%m-%d}|{count}"
        for lane, start, count in zip(kept["lane"], kept["start"], kept["count"], strict=True)
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


STEPS = {"duckdb": step_duckdb, "spark": step_spark, "pandas": step_pandas}


def run_step(name: str, path: Path) -> dict[str, Any]:
    """Run one step in a fresh Python process and return what it measured."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.counts", "--step", name, str(path)],
        capture_output=True, text=True, check=False, cwd=HERE.parent,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"step {name} on {path.name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- The run and its report --------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks.counts [--sizes 10M,100M] [--spark-sizes 10M] [--repeat 3]``."""
    args = _parser().parse_args(argv)
    if args.step:
        name, path = args.step
        print(json.dumps(STEPS[name](path)))
        return 0
    sizes, spark_sizes = _sizes(args.sizes), _sizes(args.spark_sizes)
    results: dict[int, dict[str, Any]] = {}
    for n in sizes:
        path = ensure(Path(args.data), n)
        found: dict[str, Any] = {"bytes": path.stat().st_size}
        runs = [run_step("duckdb", path) for _ in range(args.repeat)]
        found["duckdb"] = min(runs, key=lambda run: run["seconds"])
        found["duckdb"]["peak_mb"] = max(run["peak_mb"] for run in runs)
        print(f"{n:,} events: DuckDB {found['duckdb']['seconds']:.2f} s")
        if n in spark_sizes and _has_spark():
            found["spark"] = run_step("spark", path)
            print(f"{n:,} events: Spark {found['spark']['seconds']:.2f} s")
        if n <= PANDAS_MAX:
            found["pandas"] = run_step("pandas", path)
            print(f"{n:,} events: pandas {found['pandas']['seconds']:.2f} s")
        results[n] = found
    out = Path(args.out)
    previous = out.read_text(encoding="utf-8") if out.exists() else ""
    write_text_atomic(out, replace_section(previous, section(results, args.repeat)))
    print(f"written to {out}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.counts", description=__doc__)
    parser.add_argument("--sizes", default="10M,100M", help="events per table: 10M,100M")
    parser.add_argument("--spark-sizes", default="10M", help="sizes also counted on Spark")
    parser.add_argument("--repeat", type=int, default=3, help="DuckDB runs per size (best kept)")
    parser.add_argument("--data", default=str(HERE / "data"), help="folder of generated tables")
    parser.add_argument("--out", default=str(HERE / "results.md"), help="Markdown to update")
    parser.add_argument("--step", nargs=2, metavar=("NAME", "PATH"), help=argparse.SUPPRESS)
    return parser


def _sizes(text: str) -> list[int]:
    scale = {"k": 1_000, "m": 1_000_000}
    return [
        int(float(part[:-1]) * scale[part[-1].lower()]) if part[-1].lower() in scale else int(part)
        for part in text.replace("_", "").split(",")
        if part
    ]


def _has_spark() -> bool:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        print("pyspark is not installed: Spark skipped (pip install 'policy-timeline[spark]')")
        return False
    return True


def section(results: dict[int, dict[str, Any]], repeat: int) -> str:
    """This benchmark's section of results.md."""
    lines = [
        HEADING,
        "",
        "Written by `python -m benchmarks.counts` (`make bench`): `timeline.counts(path, "
        'lane="country", every="week")` on generated ACLED-shaped Parquet tables (seed '
        f"{SEED}, ten years of events, {len(COUNTRIES)} countries; generated by DuckDB into the "
        f"ignored `benchmarks/data/`). DuckDB: best of {repeat} runs, each in a fresh process, "
        "the peak the highest; memory is the process's resident set (Spark's JVM is another "
        "process and not counted). pandas: the two columns read into a frame, then `groupby` "
        f"(only up to {PANDAS_MAX:,} events).",
        "",
        "| events | step | time | peak memory (process; growth) | result |",
        "|---:|---|---:|---:|---|",
    ]
    for n, found in results.items():
        duck = found["duckdb"]
        size = f"Parquet {found['bytes'] / 2**20:,.0f} MB"
        counted = f"{duck['rows']:,} lane-weeks of {duck['events']:,} events"
        lines.append(f"| {n:,} | `counts`, DuckDB | {duck['seconds']:.2f} s | {_memory(duck)} | "
                     f"{counted}; {size} |")  # fmt: skip
        if "spark" in found:
            spark = found["spark"]
            same = "yes" if spark["digest"] == duck["digest"] else "NO"
            lines.append(f"| {n:,} | `counts`, Spark local[2] | {spark['seconds']:.2f} s | "
                         f"(JVM) | same counts as DuckDB: {same}; session start "
                         f"{spark['session_start']:.1f} s more |")  # fmt: skip
        if "pandas" in found:
            pandas = found["pandas"]
            same = "yes" if pandas["digest"] == duck["digest"] else "NO"
            ratio = pandas["seconds"] / duck["seconds"]
            lines.append(f"| {n:,} | pandas read + `groupby` | {pandas['seconds']:.2f} s "
                         f"(groupby {pandas['groupby_seconds']:.2f} s) | {_memory(pandas)} | "
                         f"same counts: {same}; {ratio:.1f}× DuckDB's time |")  # fmt: skip
    largest = max(results) if results else 0
    if largest >= 100_000_000:
        duck = results[largest]["duckdb"]
        ok = duck["seconds"] < TARGET_SECONDS and duck["peak_mb"] < TARGET_MB
        lines += ["", f"Target at {largest:,} events on DuckDB: under {TARGET_SECONDS:.0f} s and "
                  f"{TARGET_MB:,.0f} MB: {duck['seconds']:.2f} s, {duck['peak_mb']:,.0f} MB, "
                  f"{'pass' if ok else 'FAIL'}."]  # fmt: skip
    load = os.getloadavg()[0]
    lines += ["", f"Machine: {os.cpu_count()} CPUs shared with other work (load average {load:.1f} "
              f"at the end of the run); {_versions()}."]  # fmt: skip
    return "\n".join(lines) + "\n"


def _memory(stats: dict[str, Any]) -> str:
    return f"{stats['peak_mb']:,.0f} MB; +{stats['peak_above_start_mb']:,.0f} MB"


def _versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in ("duckdb", "ibis-framework", "pyspark", "pandas", "pyarrow"):
        with contextlib.suppress(PackageNotFoundError):
            found.append(f"{name} {version(name)}")
    return ", ".join(found)


def replace_section(text: str, new: str) -> str:
    """``text`` with this benchmark's section replaced by ``new`` (appended when missing)."""
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        replaced = pattern.sub(lambda _: new.rstrip("\n") + "\n\n", text, 1)
        return replaced.rstrip("\n") + "\n"
    return (text.rstrip() + "\n\n" if text.strip() else "") + new


if __name__ == "__main__":
    raise SystemExit(main())
