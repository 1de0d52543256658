"""Run every step at every size, side by side with the baselines, and write results.md."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from timeline._io.atomic import write_text_atomic

from . import browser, generate, reach, report

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
SIZES = (100, 1_000, 10_000, 100_000, 1_000_000)
BASELINE_IMPORT = "pandas,plotly.graph_objects"


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m benchmarks [--sizes ...] [--skip-browser] [--out ...]``."""
    args = _parser().parse_args(argv)
    sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size]
    results = run(
        sizes,
        data=Path(args.data),
        pages=Path(args.pages),
        repeat=args.repeat,
        read_repeat=args.read_repeat,
        browser_step=not args.skip_browser,
        px_browser_max=args.px_browser_max,
        max_page_mb=args.max_page_mb,
        log=print,
    )
    out = Path(args.out)
    previous = out.read_text(encoding="utf-8") if out.exists() else None
    out.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(out, report.markdown(results, previous))
    print(f"\nTargets (ratios measured in this run; written to {out}):")
    print(report.targets_text(results))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Measure policy-timeline against pandas.read_csv and px.timeline.",
    )
    parser.add_argument(
        "--sizes", default=",".join(map(str, SIZES)), help="comma-separated event counts"
    )
    parser.add_argument("--skip-browser", action="store_true", help="do not open pages")
    parser.add_argument("--out", default=str(HERE / "results.md"), help="Markdown to write")
    parser.add_argument("--data", default=str(HERE / "data"), help="folder of generated CSVs")
    parser.add_argument("--pages", default=str(HERE / "out"), help="folder for written pages")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timed step (best kept)")
    parser.add_argument(
        "--read-repeat",
        type=int,
        default=7,
        help="runs of each reader per size (best kept): reads take seconds, and a shared "
        "machine's noise is larger than the differences measured",
    )
    parser.add_argument(
        "--px-browser-max",
        type=int,
        default=100_000,
        help="largest size at which px.timeline's page is opened in the browser "
        "(it draws every bar as SVG: 1,000,000 would take many minutes)",
    )
    parser.add_argument(
        "--max-page-mb",
        type=float,
        default=200.0,
        help="pages larger than this are not opened in the browser",
    )
    return parser


def run(
    sizes: list[int],
    *,
    data: Path,
    pages: Path,
    repeat: int = 3,
    read_repeat: int | None = None,
    browser_step: bool = True,
    px_browser_max: int = 100_000,
    max_page_mb: float = 200.0,
    log: Any = print,
) -> dict[str, Any]:
    """Measure every step at every size; the results as one dictionary for ``report``."""
    notes: list[str] = []
    missing = _missing_plot()
    if missing:
        notes.append(f"figure, page and browser steps skipped: {missing}")
    why_not = browser.available() if browser_step else "--skip-browser"
    if why_not and not missing:
        notes.append(f"browser steps skipped: {why_not}")
    pages.mkdir(parents=True, exist_ok=True)
    chromium = None
    read_repeat = repeat if read_repeat is None else read_repeat
    results: dict[str, Any] = {
        "sizes": {},
        "repeat": repeat,
        "read_repeat": read_repeat,
        "notes": notes,
    }
    for n in sizes:
        started = time.perf_counter()
        path = generate.ensure(data, n)
        log(f"{n:>9,} events: {path.name} ({path.stat().st_size / 2**20:.1f} MB)")
        steps: dict[str, Any] = {"notes": []}
        # Alternate the two readers so that both see the same machine (other load comes and goes).
        pairs = [
            (_step("read_csv", str(path)), _step("read_events", str(path)))
            for _ in range(max(read_repeat, 1))
        ]
        steps["read_csv"] = _fastest([csv for csv, _ in pairs])
        steps["read_events"] = _fastest([ours for _, ours in pairs])
        if steps["read_events"]["rows"] != n:
            raise AssertionError(f"read_events gave {steps['read_events']['rows']} events, not {n}")
        log(
            f"{'':>17}read_events {steps['read_events']['seconds']:.3f} s, "
            f"read_csv {steps['read_csv']['seconds']:.3f} s"
        )
        if not missing:
            ours_page, chart_page = pages / f"timeline-{n}.html", pages / f"timeline-chart-{n}.html"
            px_page = pages / f"px-{n}.html"
            steps["plot"] = _step("plot", str(path), str(ours_page), str(chart_page))
            steps["px"] = _step("px_timeline", str(path), str(px_page))
            log(
                f"{'':>17}plot {steps['plot']['plot']['seconds']:.2f} s, page "
                f"{steps['plot']['bytes'] / 2**20:.1f} MB (chart alone "
                f"{steps['plot']['chart_bytes'] / 2**20:.1f} MB); px.timeline "
                f"{steps['px']['plot']['seconds']:.2f} s, "
                f"page {steps['px']['bytes'] / 2**20:.1f} MB"
            )
            if not why_not:
                for key, page, limit in (
                    ("browser", ours_page, None),
                    ("chart_browser", chart_page, None),
                    ("px_browser", px_page, px_browser_max),
                ):
                    size = page.stat().st_size / 2**20
                    if limit is not None and n > limit:
                        steps["notes"].append(
                            f"{page.name} not opened: px.timeline draws every bar in SVG, "
                            f"beyond {limit:,} events that takes many minutes"
                        )
                    elif size > max_page_mb:
                        steps["notes"].append(
                            f"{page.name} not opened: {size:,.0f} MB, more than {max_page_mb} MB"
                        )
                    else:
                        try:
                            draws, chromium = browser.draw_times(page, repeat)
                        except TimeoutError as error:
                            steps["notes"].append(str(error))
                            log(f"{'':>17}{error}")
                            continue
                        steps[key] = browser.describe(draws)
                        if key == "browser" and n >= 10_000:
                            steps["reach"] = reach.measure(page, path, repeat)
                            log(f"{'':>17}table, filter and zoom: {steps['reach']}")
                        log(
                            f"{'':>17}{page.name}: painted "
                            f"{steps[key]['painted_ms'] / 1000:.2f} s, load event "
                            f"{steps[key]['loaded_ms'] / 1000:.2f} s ({len(draws)} runs)"
                        )
        log(f"{'':>17}({time.perf_counter() - started:.0f} s)")
        results["sizes"][n] = steps
    results["imports"] = {
        "timeline": _best(max(repeat, 5) + 2, "import", "timeline"),
        "baseline": _best(max(repeat, 5) + 2, "import", BASELINE_IMPORT),
    }
    results["machine"] = report.machine(chromium)
    return results


def _missing_plot() -> str | None:
    """Why the figure steps cannot run yet (timeline.plot or write_html not written), or None."""
    import timeline

    absent = [name for name in ("plot", "write_html") if not hasattr(timeline, name)]
    return f"timeline.{' and timeline.'.join(absent)} not available" if absent else None


def _step(name: str, *args: str) -> dict[str, Any]:
    """Run one step of ``benchmarks.steps`` in a fresh interpreter; its JSON result."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.steps", name, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"benchmark step {name} {' '.join(args)} failed:\n{done.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _best(repeat: int, name: str, *args: str) -> dict[str, Any]:
    """The fastest of ``repeat`` runs of a step, with the lowest peak memory seen over them."""
    return _fastest([_step(name, *args) for _ in range(max(repeat, 1))])


def _fastest(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The fastest run, with the lowest peak memory seen over all of them."""
    best = dict(min(runs, key=lambda run: run["seconds"]))
    for key in ("peak_mb", "peak_above_start_mb"):
        if key in best:
            best[key] = min(run[key] for run in runs)
    return best
