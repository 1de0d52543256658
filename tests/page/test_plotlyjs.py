"""Tests for timeline._page.plotlyjs: which plotly.js a page inlines."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest
from plotly.offline import get_plotlyjs, get_plotlyjs_version

import timeline
from timeline._page.plotlyjs import CARTESIAN_TRACES, cartesian_bundle, cartesian_script

FULL = get_plotlyjs()[:2000]
CARTESIAN = cartesian_bundle()[0][:2000]


def test_the_bundle_is_the_plotly_js_of_the_installed_plotly():
    # When plotly moves to another plotly.js, pages fall back to plotly's own (slower, bigger)
    # until the bundle in assets/vendor/plotly is replaced by the same version's.
    text, version = cartesian_bundle()
    assert version == get_plotlyjs_version()
    assert "Licensed under the MIT license" in text[:500]
    assert "</script" not in text.lower() and "<!--" not in text


def test_bundle_for_cartesian_traces_only():
    script = cartesian_script(["scatter", "bar", "heatmap", "scatter"])
    assert script is not None and CARTESIAN in script
    assert script.count("<script>") == 2  # plotly's MathJax setting, then the bundle
    assert cartesian_script([]) is not None
    assert cartesian_script(["scatter", "scattergl"]) is None
    assert cartesian_script(["scatterpolar"]) is None


def test_no_bundle_when_plotly_has_another_plotly_js():
    assert cartesian_script(["scatter"], plotly_version="3.9.9") is None
    assert cartesian_script(["scatter"], plotly_version=cartesian_bundle()[1]) is not None


@pytest.mark.parametrize(
    ("options", "added", "expected"),
    [
        ({}, None, CARTESIAN),
        ({"webgl_threshold": 1}, None, FULL),  # WebGL marks
        ({}, go.Scatterpolar(r=[1, 2], theta=[0, 90]), FULL),  # a trace a user added
    ],
)
def test_page_inlines_the_plotly_js_its_figure_needs(bundled, tmp_path, options, added, expected):
    fig = timeline.plot(bundled, **options)
    if added is not None:
        fig.add_trace(added)
    text = timeline.write_html(fig, tmp_path / "page.html", events=bundled).read_text("utf-8")
    assert expected in text
    assert (FULL if expected is CARTESIAN else CARTESIAN) not in text
    assert text.count("window.PlotlyConfig") == 1


def test_cdn_page_links_plotly_js_whatever_the_traces(bundled, tmp_path):
    path = timeline.write_html(bundled, tmp_path / "page.html", include_plotlyjs="cdn")
    text = path.read_text("utf-8")
    assert CARTESIAN not in text and FULL not in text


@pytest.mark.browser
def test_bundle_draws_exactly_the_trace_types_listed(offline_page, bundled, tmp_path):
    path = timeline.write_html(bundled, tmp_path / "page.html")
    page = offline_page.open(path)
    traces = page.evaluate("Object.keys(Plotly.PlotSchema.get().traces).sort()")
    assert set(traces) == CARTESIAN_TRACES
    assert page.evaluate("Plotly.version") == cartesian_bundle()[1]
    assert offline_page.errors == []
