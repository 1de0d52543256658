"""The benchmark code, run once at the smallest size so that it cannot rot (no timings asserted)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import timeline
from benchmarks import browser, generate, report
from benchmarks.run import main
from conftest import ROOT

READ_ROWS = ("read CSV: time", "read CSV: peak memory")
FIGURE_ROWS = ("build figure", "offline HTML", "what is drawn")
BROWSER_ROWS = ("browser, page: painted", "browser, chart alone: painted")


def test_generated_events_read_without_problems(tmp_path):
    path = generate.ensure(tmp_path, 2000)
    df = timeline.read_events(path)
    assert len(df) == 2000
    assert df["id"].is_unique
    # The mix the generator promises: several lanes, shared events, coarse and fuzzy dates.
    actors = df["actors"].list.len()
    assert df["actors"].explode().nunique() == len(generate.ACTORS)
    assert (actors > 1).mean() > 0.1
    assert {"day", "month", "year", "decade"} <= set(df["precision"].astype(str))
    assert df["approximate"].any() and df["uncertain"].any()
    assert 0.1 < df["span"].mean() < 0.2
    assert df["end"].isna().sum() > 0  # open ends
    assert (df["sources"].list.len() > 0).mean() > 0.8
    assert (df["sources"].list.len() > 1).any()  # second sources, from continuation rows


def test_relations_point_at_earlier_events(tmp_path):
    df = timeline.read_events(generate.ensure(tmp_path, 2000))
    position = {event: i for i, event in enumerate(df["id"])}
    pairs = [
        (i, position[relation["target"]])
        for i, relations in enumerate(df["relations"])
        for relation in relations
    ]
    assert 0.05 * len(df) < len(pairs) < 0.2 * len(df)
    assert all(target < source for source, target in pairs)


def test_generation_is_fixed_by_the_seed():
    pd.testing.assert_frame_equal(generate.events_table(300), generate.events_table(300))
    assert not generate.events_table(300).equals(generate.events_table(300, seed=1))


def quick_run(tmp_path, out, *more: str) -> list[str]:
    """Arguments for one run of every step at 100 events, everything written under tmp_path."""
    argv = ["--sizes", "100", "--repeat", "1", "--read-repeat", "1", "--out", str(out), *more]
    return [*argv, "--data", str(tmp_path / "data"), "--pages", str(tmp_path / "pages")]


@pytest.mark.slow
def test_quick_run_writes_the_table(tmp_path, capsys):
    out = tmp_path / "results.md"
    argv = quick_run(tmp_path, out, "--skip-browser")
    assert main(argv) == 0
    text = out.read_text(encoding="utf-8")
    table = [line for line in text.splitlines() if line.startswith("| 100 |")]
    for row in READ_ROWS + FIGURE_ROWS:
        assert any(f"| 100 | {row}" in line for line in table), row
    assert not any("browser" in line for line in table)
    assert "| - | import time |" in text
    assert "times are the best of 1 runs (reads: of 1," in text
    assert "| `read_events` time / `pandas.read_csv` time, 100 events |" in text
    assert "| `read_events` peak memory / `pandas.read_csv` peak memory, 100 events |" in text
    for heading in ("## Targets", "## Results", "## Machine and versions"):
        assert heading in text
    printed = capsys.readouterr().out
    assert "`import timeline` / `import pandas, plotly.graph_objects`" in printed


@pytest.mark.slow
def test_history_section_survives_a_new_run(tmp_path):
    out = tmp_path / "results.md"
    out.write_text(f"old table\n\n{report.HISTORY}\n\nbefore: slow\n", encoding="utf-8")
    argv = quick_run(tmp_path, out, "--skip-browser")
    main(argv)
    text = out.read_text(encoding="utf-8")
    assert "old table" not in text
    assert text.rstrip().endswith(f"{report.HISTORY}\n\nbefore: slow")


@pytest.mark.slow
@pytest.mark.browser
def test_browser_step_times_both_pages(tmp_path):
    why_not = browser.available()
    if why_not:
        pytest.skip(f"browser step not run: {why_not}")
    out = tmp_path / "results.md"
    argv = quick_run(tmp_path, out)
    # In its own process, as `make bench` runs it: the session's browser fixture holds Playwright's
    # event loop in this one, and Playwright's sync API refuses to start a second.
    subprocess.run([sys.executable, "-m", "benchmarks", *argv], check=True, cwd=ROOT)
    table = [line for line in out.read_text().splitlines() if line.startswith("| 100 |")]
    for row in BROWSER_ROWS:
        line = next(line for line in table if f"| 100 | {row} |" in line)
        ours, theirs = (cell.strip() for cell in line.split("|")[3:5])
        assert ours.endswith(" s") and theirs.endswith(" s")  # px.timeline's page was opened too


def test_targets_compare_what_was_measured():
    results = {
        "sizes": {
            1_000_000: {
                "read_events": {"seconds": 2.0, "peak_above_start_mb": 900.0},
                "read_csv": {"seconds": 1.0, "peak_above_start_mb": 600.0},
                "plot": {
                    "bytes": 45 * 2**20,
                    "chart_bytes": 5 * 2**20,
                    "density_counted": 10.0,
                    "lane_pairs": 10,
                },
            }
        },
        "imports": {
            "timeline": {"seconds": 0.3, "loaded": []},
            "baseline": {"seconds": 0.3, "loaded": []},
        },
    }
    verdicts = {target.name.split(",")[0]: target for target in report.targets(results)}
    read_time = verdicts["`read_events` time / `pandas.read_csv` time"]
    assert (read_time.ratio, read_time.verdict) == (2.0, "pass")
    memory = verdicts["`read_events` peak memory / `pandas.read_csv` peak memory"]
    assert np.isclose(memory.ratio, 1.5) and memory.verdict == "pass"
    assert verdicts["browser draw / `px.timeline` browser draw"].verdict == "not measured"
    million = next(t for t in report.targets(results) if "1,000,000 events /" in t.name)
    assert million.verdict == "FAIL"  # a 45 MB page, over the 40 MB allowed (issue 16)
    assert "at most 40 MB: NO" in million.detail


def test_the_middle_sizes_have_targets_against_px_timeline():
    from benchmarks.run import SIZES

    assert 1_000 in SIZES and 10_000 in SIZES
    page = {"painted_ms": 1_400.0, "peak_mb": 500.0}
    px = {"painted_ms": 1_500.0, "peak_mb": 480.0}
    results = {"sizes": {1_000: {"browser": page, "px_browser": px}}}
    found = {t.name: t for t in report.targets(results) if "`px.timeline`'s" in t.name}
    painted = found["page painted time / `px.timeline`'s, 1,000 events"]
    assert painted.verdict == "pass" and painted.detail == "1,400 / 1,500 ms"
    memory = found["page Chromium peak memory / `px.timeline`'s, 1,000 events"]
    assert memory.verdict == "FAIL" and np.isclose(memory.ratio, 500 / 480)
    assert found["page painted time / `px.timeline`'s, 10,000 events"].verdict == "not measured"


def test_formats_benchmark_measures_both_formats_and_keeps_other_sections(tmp_path, capsys):
    from benchmarks import formats

    results = tmp_path / "results.md"
    results.write_text("# Benchmarks\n\n## Targets\n\nkept\n", encoding="utf-8")
    args = ["--data", str(tmp_path), "--sizes", "300", "--repeat", "1", "--results", str(results)]
    assert formats.main(args) == 0
    text = results.read_text(encoding="utf-8")
    assert "## Targets\n\nkept\n" in text and text.count(formats.SECTION) == 1
    assert "| 300 | YAML |" in text and "| 300 | JSON |" in text
    assert "yaml.load (CSafeLoader)" in text and "json.load" in text
    formats.main(args)  # a second run replaces the section
    assert results.read_text(encoding="utf-8").count(formats.SECTION) == 1
    capsys.readouterr()
