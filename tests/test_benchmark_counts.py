"""The counts benchmark, run once on a small generated table so that it cannot rot."""

from __future__ import annotations

import pandas as pd
import pytest

from benchmarks import counts as bench


def test_generated_table_is_fixed_by_the_seed_and_acled_shaped(tmp_path):
    first, again, other = tmp_path / "a.parquet", tmp_path / "b.parquet", tmp_path / "c.parquet"
    bench.generate(first, 5_000)
    bench.generate(again, 5_000)
    bench.generate(other, 5_000, seed=1)
    table = pd.read_parquet(first)
    pd.testing.assert_frame_equal(table, pd.read_parquet(again))
    assert not table.equals(pd.read_parquet(other))
    assert list(table.columns) == ["event_date", "country", "event_type", "fatalities"]
    assert (
        table["event_date"]
        .between(pd.Timestamp("2016-01-01").date(), pd.Timestamp("2025-12-31").date())
        .all()
    )
    shares = table["country"].value_counts(normalize=True)
    assert shares.index[0] == "Ukraine" and shares.iloc[0] > 0.15  # skewed, as real tables are


def test_replace_section_keeps_the_rest_of_results_md():
    text = "# Benchmarks\n\n## Targets\n\nx\n\n## Counts on large tables\n\nold\n\n## Before and after\n\ny\n"
    new = bench.replace_section(text, "## Counts on large tables\n\nnew\n")
    assert (
        new
        == "# Benchmarks\n\n## Targets\n\nx\n\n## Counts on large tables\n\nnew\n\n## Before and after\n\ny\n"
    )
    assert bench.replace_section("# B\n", "## Counts on large tables\n\nnew\n").endswith(
        "\n\n## Counts on large tables\n\nnew\n"
    )


@pytest.mark.slow
def test_a_small_run_writes_its_section(tmp_path, capsys):
    out = tmp_path / "results.md"
    out.write_text("# Benchmarks\n\n## Before and after\n\nkept\n", encoding="utf-8")
    argv = [
        "--sizes",
        "20k",
        "--spark-sizes",
        "",
        "--repeat",
        "1",
        "--data",
        str(tmp_path),
        "--out",
        str(out),
    ]
    assert bench.main(argv) == 0
    text = out.read_text(encoding="utf-8")
    assert "## Before and after\n\nkept" in text
    assert "| 20,000 | `counts`, DuckDB |" in text
    assert "same counts: yes" in text
