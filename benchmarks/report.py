"""The results as Markdown: a table per size, the targets with their ratios, machine and versions."""

from __future__ import annotations

import os
import platform
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

HISTORY = "## Before and after"
"""Heading of the hand-kept history at the end of results.md; a new run keeps that section."""

BIG, MEDIUM = 1_000_000, 100_000


@dataclass
class Target:
    """One target of issue 7: a ratio measured in the run and the most it may be."""

    name: str
    ratio: float | None
    limit: float
    detail: str
    extra_ok: bool = True  # a second condition besides the ratio (page size, every event counted)

    @property
    def verdict(self) -> str:
        if self.ratio is None:
            return "not measured"
        return "pass" if self.ratio <= self.limit and self.extra_ok else "FAIL"


def targets(results: dict[str, Any]) -> list[Target]:
    """The five targets, from what this run measured (None where a step did not run)."""
    sizes: dict[int, dict[str, Any]] = results["sizes"]
    biggest = max(sizes) if sizes else None
    found = []
    at = sizes.get(BIG) or (sizes[biggest] if biggest else {})
    label = f"{biggest:,}" if biggest else "-"
    read, csv = at.get("read_events"), at.get("read_csv")
    found.append(
        Target(
            f"`read_events` time / `pandas.read_csv` time, {label} events",
            _ratio(read, csv, lambda s: s["seconds"]),
            2.5,
            f"{read['seconds']:.2f} s / {csv['seconds']:.2f} s" if read and csv else "",
        )
    )
    found.append(
        Target(
            f"`read_events` peak memory / `pandas.read_csv` peak memory, {label} events",
            _ratio(read, csv, lambda s: s["peak_above_start_mb"]),
            2.0,
            f"{read['peak_above_start_mb']:,.0f} MB / {csv['peak_above_start_mb']:,.0f} MB "
            "(growth of resident memory during the call)"
            if read and csv
            else "",
        )
    )
    ours, theirs = (
        (sizes.get(MEDIUM) or {}).get("browser"),
        (sizes.get(MEDIUM) or {}).get("px_browser"),
    )
    found.append(
        Target(
            "browser draw / `px.timeline` browser draw, 100,000 events",
            _ratio(ours, theirs, lambda s: s["painted_ms"]),
            0.25,
            f"{ours['painted_ms'] / 1000:.2f} s / {theirs['painted_ms'] / 1000:.2f} s"
            if ours and theirs
            else "",
        )
    )
    big = sizes.get(BIG) or {}
    ours_big, page = big.get("browser"), big.get("plot")
    counted_ok, size_ok = True, True
    detail = ""
    if ours_big and theirs and page:
        size_ok = page["bytes"] <= 15 * 2**20
        counted_ok = page.get("density_counted") == page.get("lane_pairs")
        detail = (
            f"{ours_big['painted_ms'] / 1000:.2f} s / {theirs['painted_ms'] / 1000:.2f} s; "
            f"page {page['bytes'] / 2**20:.1f} MB (at most 15 MB: {_yes(size_ok)}); "
            f"density strips count {page.get('density_counted') or 0:,.0f} of "
            f"{page['lane_pairs']:,} event-lane pairs (all: {_yes(counted_ok)})"
        )
    found.append(
        Target(
            "browser draw at 1,000,000 events / `px.timeline` browser draw at 100,000",
            _ratio(ours_big, theirs, lambda s: s["painted_ms"]),
            1.0,
            detail,
            extra_ok=size_ok and counted_ok,
        )
    )
    imports = results.get("imports") or {}
    mine, base = imports.get("timeline"), imports.get("baseline")
    found.append(
        Target(
            "`import timeline` / `import pandas, plotly.graph_objects`",
            _ratio(mine, base, lambda s: s["seconds"]),
            1.2,
            f"{mine['seconds']:.3f} s / {base['seconds']:.3f} s; heavy extras loaded: "
            f"{', '.join(mine['loaded']) or 'none'}"
            if mine and base
            else "",
            extra_ok=not (mine or {}).get("loaded"),
        )
    )
    return found


def _ratio(
    ours: dict[str, Any] | None, theirs: dict[str, Any] | None, value: Callable[[Any], float]
) -> float | None:
    if not ours or not theirs or not value(theirs):
        return None
    return float(value(ours) / value(theirs))


def _yes(flag: bool) -> str:
    return "yes" if flag else "NO"


def targets_text(results: dict[str, Any]) -> str:
    """The targets as lines for the terminal."""
    lines = []
    for target in targets(results):
        ratio = "-" if target.ratio is None else f"{target.ratio:.2f}"
        lines.append(
            f"{target.verdict:>12}  {ratio:>6} (limit {target.limit})  {target.name}"
            + (f"\n{'':14}{target.detail}" if target.detail else "")
        )
    return "\n".join(lines)


def markdown(results: dict[str, Any], previous: str | None = None) -> str:
    """results.md: the targets, a table per size, machine and versions, notes, kept history."""
    out = [
        "# Benchmarks",
        "",
        "Written by `python -m benchmarks` (`make bench`); "
        f"sizes {', '.join(f'{n:,}' for n in results['sizes'])}; "
        f"times are the best of {results['repeat']} runs, each step in a fresh process.",
        "",
        "## Targets",
        "",
        "| target | ratio | limit | result | measured |",
        "|---|---:|---:|---|---|",
    ]
    for target in targets(results):
        ratio = "-" if target.ratio is None else f"{target.ratio:.2f}"
        out.append(
            f"| {target.name} | {ratio} | {target.limit} | {target.verdict} | {target.detail} |"
        )
    out += ["", "## Results", ""]
    out += [
        "| events | step | policy-timeline | baseline | ratio |",
        "|---:|---|---|---|---:|",
    ]
    for n, steps in results["sizes"].items():
        out += [f"| {n:,} | {row} |" for row in _rows(steps)]
    imports = results.get("imports") or {}
    if imports:
        mine, base = imports["timeline"], imports["baseline"]
        out.append(
            f"| - | import time | `import timeline` {mine['seconds'] * 1000:.0f} ms | "
            f"`import pandas, plotly.graph_objects` {base['seconds'] * 1000:.0f} ms | "
            f"{mine['seconds'] / base['seconds']:.2f} |"
        )
    out += ["", "## Machine and versions", ""]
    out += [f"- {key}: {value}" for key, value in results["machine"].items()]
    notes = results.get("notes") or []
    if notes:
        out += ["", "## Notes", ""] + [f"- {note}" for note in notes]
    out += ["", *_how_measured()]
    if previous and HISTORY in previous:
        out += ["", previous[previous.index(HISTORY) :].rstrip()]
    return "\n".join(out) + "\n"


def _rows(steps: dict[str, Any]) -> list[str]:
    rows = []
    read, csv = steps.get("read_events"), steps.get("read_csv")
    if read and csv:
        rows.append(
            f"read CSV: time | `read_events` {read['seconds']:.3f} s | "
            f"`pandas.read_csv` {csv['seconds']:.3f} s | {read['seconds'] / csv['seconds']:.2f}"
        )
        rows.append(
            f"read CSV: peak memory (growth; process peak) | "
            f"{read['peak_above_start_mb']:,.0f} MB; {read['peak_mb']:,.0f} MB | "
            f"{csv['peak_above_start_mb']:,.0f} MB; {csv['peak_mb']:,.0f} MB | "
            f"{read['peak_above_start_mb'] / max(csv['peak_above_start_mb'], 1e-9):.2f}"
        )
    ours, px = steps.get("plot"), steps.get("px")
    if ours or px:
        rows.append(
            "build figure: time, memory growth | "
            + (_time_mem(ours["plot"], "`plot`") if ours else "skipped")
            + " | "
            + (_time_mem(px["plot"], "`px.timeline`") if px else "skipped")
            + " | "
            + (_div(ours["plot"]["seconds"], px["plot"]["seconds"]) if ours and px else "")
        )
        rows.append(
            "offline HTML: write time, page size | "
            + (f"{ours['html']['seconds']:.2f} s, {ours['bytes'] / 2**20:.1f} MB" if ours else "-")
            + " | "
            + (f"{px['html']['seconds']:.2f} s, {px['bytes'] / 2**20:.1f} MB" if px else "-")
            + " | "
            + (_div(ours["bytes"], px["bytes"]) if ours and px else "")
        )
    if ours:
        counted = ours.get("density_counted")
        what = f"mode {ours['mode']}, {ours['drawn']:,} events as marks"
        if counted is not None:
            what += (
                f", density strips count {counted:,.0f} of {ours['lane_pairs']:,} event-lane pairs"
            )
        rows.append(f"what is drawn | {what} | " + (f"{px['bars']:,} bars" if px else "-") + " | ")
    drawn, px_drawn = steps.get("browser"), steps.get("px_browser")
    if drawn or px_drawn:
        for key, name in (("afterplot_ms", "first `plotly_afterplot`"), ("painted_ms", "painted")):
            rows.append(
                f"browser: {name} | "
                + (f"{drawn[key] / 1000:.2f} s" if drawn else "-")
                + " | "
                + (f"{px_drawn[key] / 1000:.2f} s" if px_drawn else "-")
                + " | "
                + (_div(drawn[key], px_drawn[key]) if drawn and px_drawn else "")
            )
        rows.append(
            "browser: peak memory (PSS of Chromium) | "
            + (f"{drawn['peak_mb']:,.0f} MB" if drawn else "-")
            + " | "
            + (f"{px_drawn['peak_mb']:,.0f} MB" if px_drawn else "-")
            + " | "
            + (_div(drawn["peak_mb"], px_drawn["peak_mb"]) if drawn and px_drawn else "")
        )
    for note in steps.get("notes", []):
        rows.append(f"note | {note} | | ")
    return rows


def _time_mem(stats: dict[str, float], name: str) -> str:
    return f"{name} {stats['seconds']:.2f} s, +{stats['peak_above_start_mb']:,.0f} MB"


def _div(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else ""


def _how_measured() -> list[str]:
    return [
        "## How this is measured",
        "",
        "- Data: `benchmarks/generate.py`, fixed seed; about 9% more CSV rows than events "
        "(second sources as continuation rows). Not committed (`benchmarks/data/`).",
        "- Reading: `timeline.read_events(path)` against `pandas.read_csv(path)` with its "
        "defaults, each in a fresh process that has imported pandas and timeline; memory is the "
        "growth of resident memory (RSS, which includes Arrow's allocations) from just before "
        "the call to its peak during the call.",
        "- Figure: `timeline.plot(df)` with default thresholds, then "
        "`timeline.write_html(fig, path, events=df)`; `px.timeline(x_start, x_end, y=first "
        "actor, color=category)` with end = start + 1 day for point events, written with "
        "`fig.write_html(include_plotlyjs=True)`.",
        "- Browser: headless Chromium through Playwright, a fresh browser per run; time from "
        "navigation start to the first `plotly_afterplot`, and to two animation frames later "
        "(painted, used for the targets); memory is the peak PSS of all Chromium processes.",
        "- Import: `import timeline` against `import pandas, plotly.graph_objects` in fresh "
        "interpreters, best of several.",
    ]


def machine(chromium: str | None) -> dict[str, str]:
    """What ran the benchmark: processors, memory, CPU, and the versions that matter."""
    import numpy
    import pandas
    import plotly
    import pyarrow

    return {
        "processors (nproc)": str(len(os.sched_getaffinity(0))),
        "memory": f"{_meminfo_gb():.1f} GB",
        "CPU": _cpu_model(),
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "pandas": pandas.__version__,
        "pyarrow": pyarrow.__version__,
        "numpy": numpy.__version__,
        "plotly": plotly.__version__,
        "Chromium": chromium or _chromium_version() or "not found",
    }


def _meminfo_gb() -> float:
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) / 2**20
    except OSError:
        pass
    return 0.0


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _chromium_version() -> str | None:
    try:
        done = subprocess.run(
            ["/usr/bin/chromium", "--version"], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None
