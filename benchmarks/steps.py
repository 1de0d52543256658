"""One measured step, run in a fresh Python process: ``python -m benchmarks.steps STEP ARGS``.

A fresh process per step keeps peaks from mixing: each step reports its wall time, the
process's resident memory when the step began (after imports and untimed setup) and its peak
during the step, as one JSON line on stdout. Linux only: the peak is reset through
``/proc/self/clear_refs`` after setup so that it belongs to the step alone.
"""

from __future__ import annotations

import gc
import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

MB = 1024 * 1024


def main(argv: list[str]) -> int:
    """Run the step named in ``argv`` and print its measurements as JSON."""
    name, *args = argv
    result = STEPS[name](*args)
    print(json.dumps(result))
    return 0


def _rss() -> int:
    """Resident memory of this process now, in bytes."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize()


def _reset_peak() -> None:
    gc.collect()
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")  # resets the peak resident set size to the current one
    except OSError:
        pass


def _peak() -> int:
    """The peak resident set of this process (since the reset), in bytes.

    Read from ``VmHWM``: ``getrusage``'s ``ru_maxrss`` also counts the parent's resident set
    at the fork that started this process, so a large parent made every step look large.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def measure(step: Callable[[], Any]) -> tuple[Any, dict[str, float]]:
    """Run step once and say how long it took and how much memory it needed."""
    _reset_peak()
    before = _rss()
    started = time.perf_counter()
    value = step()
    seconds = time.perf_counter() - started
    peak = _peak()
    return value, {
        "seconds": seconds,
        "rss_before_mb": before / MB,
        "peak_mb": peak / MB,
        "peak_above_start_mb": max(peak - before, 0) / MB,
    }


def _readers() -> tuple[Any, Any]:
    """Both readers with their modules imported, so that neither call pays for imports."""
    import pandas
    import pandas.io.parsers

    import timeline
    import timeline._io.read  # timeline's names load on first use

    return timeline.read_events, pandas.read_csv


def read_events(path: str) -> dict[str, Any]:
    """``timeline.read_events`` on one CSV."""
    read, _ = _readers()
    frame, stats = measure(lambda: read(path))
    return {**stats, "rows": len(frame)}


def read_csv(path: str) -> dict[str, Any]:
    """``pandas.read_csv`` with its defaults on the same CSV."""
    _, read = _readers()
    frame, stats = measure(lambda: read(path))
    return {**stats, "rows": len(frame)}


def plot(path: str, html: str, chart_html: str) -> dict[str, Any]:
    """``timeline.plot`` and ``timeline.write_html`` on events read (untimed) from the CSV.

    Also writes the figure alone the way px.timeline's page is written (plotly's own
    ``write_html`` with plotly.js inlined), to compare the charts without the event table.
    """
    import numpy as np

    import timeline

    events = timeline.read_events(path)
    fig, built = measure(lambda: timeline.plot(events))
    _, written = measure(lambda: timeline.write_html(fig, html, events=events))
    fig.write_html(chart_html, include_plotlyjs=True)
    meta = fig.layout.meta or {}
    density = [trace for trace in fig.data if trace.type == "heatmap"]
    counted = sum(float(np.nansum(np.asarray(trace.z, dtype=float))) for trace in density)
    return {
        "plot": built,
        "html": written,
        "bytes": Path(html).stat().st_size,
        "chart_bytes": Path(chart_html).stat().st_size,
        "mode": meta.get("mode"),
        "events": meta.get("events"),
        "drawn": meta.get("drawn"),
        "undated": meta.get("undated"),
        "density_counted": counted if density else None,
        "lane_pairs": _lane_pairs(events),
        "traces": len(fig.data),
    }


def _lane_pairs(events: Any) -> int:
    """Event-lane pairs a density strip must count: each dated event once per actor (or once)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    dated = (events["start"].notna() | events["end"].notna()).to_numpy()
    actors = pc.list_value_length(pa.array(events["actors"])).fill_null(0)
    per_event = np.maximum(np.asarray(actors, dtype=np.int64), 1)
    return int(per_event[dated].sum())


def px_timeline(path: str, html: str) -> dict[str, Any]:
    """``px.timeline`` on the same events, as a user would call it, written with plotly.js."""
    import numpy as np
    import pandas as pd
    import plotly.express as px

    import timeline

    events = timeline.read_events(path)
    ends = events["end"].where(events["span"] & events["end"].notna())
    # px.timeline needs an end on every row; a point event lasts its day, as users must write.
    frame = pd.DataFrame(
        {
            "start": events["start"].fillna(events["end"]),
            "end": ends.fillna(events["start"] + pd.Timedelta(days=1)),
            "lane": events["actors"].list[0].fillna("(none)").astype(str),
            "category": events["category"].astype(object).fillna("(none)"),
            "title": events["title"],
        }
    ).dropna(subset=["start", "end"])
    fig, built = measure(
        lambda: px.timeline(
            frame, x_start="start", x_end="end", y="lane", color="category", hover_name="title"
        )
    )
    _, written = measure(lambda: fig.write_html(html, include_plotlyjs=True))
    return {
        "plot": built,
        "html": written,
        "bytes": Path(html).stat().st_size,
        "rows": len(frame),
        "bars": int(sum(np.size(trace.x) for trace in fig.data)),
    }


def import_time(modules: str) -> dict[str, Any]:
    """Time to import the comma-separated modules, and which heavy extras came along."""
    import importlib

    started = time.perf_counter()
    for module in modules.split(","):
        importlib.import_module(module)
    seconds = time.perf_counter() - started
    extras = ("edtf", "yaml", "kaleido", "playwright", "jsonschema", "ipywidgets", "anywidget")
    return {"seconds": seconds, "loaded": [name for name in extras if name in sys.modules]}


STEPS: dict[str, Callable[..., dict[str, Any]]] = {
    "read_events": read_events,
    "read_csv": read_csv,
    "plot": plot,
    "px_timeline": px_timeline,
    "import": import_time,
}

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
