"""The results as Markdown: the targets with their ratios, a table per size, machine, versions."""

from __future__ import annotations

import os
import platform
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import reach

HISTORY = "## Before and after"
"""Heading of the hand-kept history at the end of results.md; a new run keeps that section."""

BIG, MEDIUM = 1_000_000, 100_000
MB = 2**20
PAGE_MB = {MEDIUM: 15, BIG: 40}
"""Largest page at each size: it carries every event, compressed (issue 16)."""


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
        """ "pass", "FAIL" or "not measured"."""
        if not self.extra_ok:
            return "FAIL"
        if self.ratio is None:
            return "not measured"
        return "pass" if self.ratio <= self.limit else "FAIL"


def targets(results: dict[str, Any]) -> list[Target]:
    """The five targets, from what this run measured (None where a step did not run)."""
    sizes: dict[int, dict[str, Any]] = results["sizes"]
    return [
        _read_target(sizes, "seconds", 2.5, "time"),
        _read_target(sizes, "peak_above_start_mb", 2.0, "peak memory"),
        _draw_target(sizes),
        _million_target(sizes),
        _import_target(results.get("imports") or {}),
        *reach.targets(sizes),
    ]


def _read_target(sizes: dict[int, dict[str, Any]], key: str, limit: float, what: str) -> Target:
    n = BIG if BIG in sizes else max(sizes, default=0)
    read, csv = (sizes.get(n) or {}).get("read_events"), (sizes.get(n) or {}).get("read_csv")
    unit = (lambda v: f"{v:.2f} s") if key == "seconds" else (lambda v: f"{v:,.0f} MB")
    detail = f"{unit(read[key])} / {unit(csv[key])}" if read and csv else ""
    if read and csv and key != "seconds":
        detail += " (growth of resident memory during the call)"
    return Target(
        f"`read_events` {what} / `pandas.read_csv` {what}, {n:,} events",
        _ratio(read, csv, lambda step: step[key]),
        limit,
        detail,
    )


def _draw_target(sizes: dict[int, dict[str, Any]]) -> Target:
    medium = sizes.get(MEDIUM) or {}
    ours, chart, theirs = (
        medium.get("browser"),
        medium.get("chart_browser"),
        medium.get("px_browser"),
    )
    detail, page = "", medium.get("plot")
    size_ok = not page or page["bytes"] <= PAGE_MB[MEDIUM] * MB
    if theirs:
        shown = _seconds(ours) if ours else "page not opened"
        detail = f"{shown} / {_seconds(theirs)}"
        if page:
            detail += f"; page {page['bytes'] / MB:,.1f} MB (at most 15 MB: {_yes(size_ok)})"
        if ours and ours["loaded_ms"] > 2 * ours["painted_ms"]:
            detail += (
                f"; but the page's load event ends only at {ours['loaded_ms'] / 1000:,.1f} s "
                f"(peak {ours['peak_mb']:,.0f} MB in Chromium)"
            )
        if chart:
            detail += (
                f"; the chart alone (written like px.timeline's page): {_seconds(chart)}"
                f"{_ratio_text(chart, theirs)}"
            )
    return Target(
        "browser draw / `px.timeline` browser draw, 100,000 events",
        _ratio(ours, theirs, _painted),
        0.25,
        detail,
        extra_ok=size_ok,
    )


def _million_target(sizes: dict[int, dict[str, Any]]) -> Target:
    theirs = (sizes.get(MEDIUM) or {}).get("px_browser")
    big = sizes.get(BIG) or {}
    ours, chart, page = big.get("browser"), big.get("chart_browser"), big.get("plot")
    size_ok, counted_ok, detail = True, True, ""
    if page:
        size_ok = page["bytes"] <= PAGE_MB[BIG] * MB
        counted_ok = page.get("density_counted") == page.get("lane_pairs")
        drawn = _seconds(ours) if ours else "page not opened"
        detail = (
            f"{drawn} / {_seconds(theirs) if theirs else '-'}; "
            f"page {page['bytes'] / MB:,.1f} MB (at most {PAGE_MB[BIG]} MB: {_yes(size_ok)}); "
            f"density strips count {page.get('density_counted') or 0:,.0f} of "
            f"{page['lane_pairs']:,} event-lane pairs (all: {_yes(counted_ok)})"
        )
        if chart:
            detail += (
                f"; the chart alone: {_seconds(chart)}{_ratio_text(chart, theirs)}, "
                f"page {page['chart_bytes'] / MB:.1f} MB"
            )
    return Target(
        "browser draw at 1,000,000 events / `px.timeline` browser draw at 100,000",
        _ratio(ours, theirs, _painted),
        1.0,
        detail,
        extra_ok=size_ok and counted_ok,
    )


def _import_target(imports: dict[str, Any]) -> Target:
    mine, base = imports.get("timeline"), imports.get("baseline")
    detail = ""
    if mine and base:
        detail = (
            f"{mine['seconds']:.3f} s / {base['seconds']:.3f} s; heavy extras loaded: "
            f"{', '.join(mine['loaded']) or 'none'}"
        )
    return Target(
        "`import timeline` / `import pandas, plotly.graph_objects`",
        _ratio(mine, base, lambda step: step["seconds"]),
        1.2,
        detail,
        extra_ok=not (mine or {}).get("loaded"),
    )


def _ratio(
    ours: dict[str, Any] | None, theirs: dict[str, Any] | None, value: Callable[[Any], float]
) -> float | None:
    if not ours or not theirs or not value(theirs):
        return None
    return float(value(ours) / value(theirs))


def _ratio_text(ours: dict[str, Any], theirs: dict[str, Any] | None) -> str:
    """ ", ratio r" of two browser draws, or nothing without the second."""
    return f", ratio {_painted(ours) / _painted(theirs):.2f}" if theirs else ""


def _painted(draw: dict[str, Any]) -> float:
    """Milliseconds until a page's chart was painted."""
    return float(draw["painted_ms"])


def _seconds(draw: dict[str, Any] | None) -> str:
    return f"{draw['painted_ms'] / 1000:.2f} s" if draw else "-"


def _yes(flag: bool) -> str:
    return "yes" if flag else "NO"


def targets_text(results: dict[str, Any]) -> str:
    """The targets as lines for the terminal."""
    lines = []
    for target in targets(results):
        ratio = "-" if target.ratio is None else f"{target.ratio:.2f}"
        lines.append(f"{target.verdict:>12}  {ratio:>6} (limit {target.limit})  {target.name}")
        if target.detail:
            lines.append(f"{'':14}{target.detail}")
    return "\n".join(lines)


def markdown(results: dict[str, Any], previous: str | None = None) -> str:
    """results.md: the targets, a table per size, machine and versions, notes, kept history."""
    out = [
        "# Benchmarks",
        "",
        "Written by `python -m benchmarks` (`make bench`); "
        f"sizes {', '.join(f'{n:,}' for n in results['sizes'])}; "
        f"times are the best of {results['repeat']} runs (reads: of "
        f"{results.get('read_repeat', results['repeat'])}, the two readers taking turns), "
        "each step in a fresh process.",
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
    out += [
        "",
        "## Results",
        "",
        "| events | step | policy-timeline | baseline | ratio |",
        "|---:|---|---|---|---:|",
    ]
    for n, steps in results["sizes"].items():
        out += [f"| {n:,} | {row} |" for row in rows(steps)]
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


def rows(steps: dict[str, Any]) -> list[str]:
    """The table rows (without the size column) for one size."""
    found = []
    read, csv = steps.get("read_events"), steps.get("read_csv")
    if read and csv:
        found.append(
            f"read CSV: time | `read_events` {read['seconds']:.3f} s | "
            f"`pandas.read_csv` {csv['seconds']:.3f} s | {_div(read['seconds'], csv['seconds'])}"
        )
        found.append(
            "read CSV: peak memory (growth; process peak) | "
            f"{read['peak_above_start_mb']:,.0f} MB; {read['peak_mb']:,.0f} MB | "
            f"{csv['peak_above_start_mb']:,.0f} MB; {csv['peak_mb']:,.0f} MB | "
            f"{_div(read['peak_above_start_mb'], csv['peak_above_start_mb'])}"
        )
    ours, px = steps.get("plot"), steps.get("px")
    if ours and px:
        found += _figure_rows(ours, px)
    theirs = steps.get("px_browser")
    for which, label in (("browser", "page"), ("chart_browser", "chart alone")):
        drawn = steps.get(which)
        if drawn:
            found += _browser_rows(drawn, theirs, label)
    if theirs and not steps.get("browser") and not steps.get("chart_browser"):
        found += _browser_rows(None, theirs, "page")
    found += reach.rows(steps)
    found += [f"note | {note} | | " for note in steps.get("notes", [])]
    return found


def _figure_rows(ours: dict[str, Any], px: dict[str, Any]) -> list[str]:
    counted = ours.get("density_counted")
    what = f"mode {ours['mode']}, {ours['drawn']:,} events as marks"
    if counted is not None:
        what += f", density strips count {counted:,.0f} of {ours['lane_pairs']:,} event-lane pairs"
    return [
        "build figure: time, memory growth | "
        f"{_time_mem(ours['plot'], '`plot`')} | {_time_mem(px['plot'], '`px.timeline`')} | "
        f"{_div(ours['plot']['seconds'], px['plot']['seconds'])}",
        "offline HTML: write time, page size | "
        f"`write_html` {ours['html']['seconds']:.2f} s, {ours['bytes'] / MB:,.1f} MB "
        f"(chart alone {ours['chart_bytes'] / MB:.1f} MB) | "
        f"{px['html']['seconds']:.2f} s, {px['bytes'] / MB:,.1f} MB | "
        f"{_div(ours['bytes'], px['bytes'])}",
        f"what is drawn | {what} | {px['bars']:,} bars | ",
    ]


def _browser_rows(
    drawn: dict[str, Any] | None, theirs: dict[str, Any] | None, label: str
) -> list[str]:
    found = []
    for key, name in (
        ("afterplot_ms", "first `plotly_afterplot`"),
        ("painted_ms", "painted"),
        ("loaded_ms", "load event done"),
        ("peak_mb", "peak memory (PSS of Chromium)"),
    ):
        ratio = _div(drawn[key], theirs[key]) if drawn and theirs else ""
        found.append(
            f"browser, {label}: {name} | {_show(drawn, key)} | {_show(theirs, key)} | {ratio}"
        )
    return found


def _show(step: dict[str, Any] | None, key: str) -> str:
    if not step:
        return "-"
    return f"{step[key]:,.0f} MB" if key == "peak_mb" else f"{step[key] / 1000:.2f} s"


def _time_mem(stats: dict[str, float], name: str) -> str:
    return f"{name} {stats['seconds']:.2f} s, +{stats['peak_above_start_mb']:,.0f} MB"


def _div(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else ""


def _how_measured() -> list[str]:
    return [
        "## How this is measured",
        "",
        "- Data: `benchmarks/generate.py`, fixed seed; about 9% more CSV rows than events "
        "(second sources as continuation rows); titles, summaries, URLs and quotes nearly all "
        "distinct, as in real collections. Not committed (`benchmarks/data/`).",
        "- Reading: `timeline.read_events(path)` against `pandas.read_csv(path)` with its "
        "defaults (which parses with several threads), each in a fresh process that has "
        "imported pandas and timeline, the two alternating; memory is the growth of resident "
        "memory (RSS, which includes Arrow's allocations) from just before the call to its peak.",
        "- Figure: `timeline.plot(df)` with default thresholds, then "
        "`timeline.write_html(fig, path, events=df)`; `px.timeline(x_start, x_end, y=first "
        "actor, color=category)` with end = start + 1 day for point events, written with "
        "`fig.write_html(include_plotlyjs=True)`.",
        "- Browser: headless Chromium through Playwright, a fresh browser per run; time from "
        "navigation start to the first `plotly_afterplot`, to two animation frames later "
        "(painted, used for the targets) and to the end of the load event; memory is the peak "
        'PSS of all Chromium processes. "page" is what `timeline.write_html` writes (the '
        'chart, then its events in an accessible table); "chart alone" is the same figure '
        "written with plotly's `fig.write_html(include_plotlyjs=True)`, as px.timeline's is.",
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
