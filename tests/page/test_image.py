"""Tests for timeline._page.image: PNG, SVG and PDF through kaleido."""

from __future__ import annotations

import os
import shutil

import plotly.graph_objects as go
import pytest

import timeline
import timeline._page.image
from timeline._page.image import BrowserNotFoundError

MAGIC = {"png": b"\x89PNG\r\n\x1a\n", "pdf": b"%PDF-"}


@pytest.fixture
def figure() -> go.Figure:
    fig = go.Figure(go.Scatter(x=["2024-11-19", "2024-11-20"], y=["a", "b"], mode="markers"))
    fig.update_layout(height=300, title="Two events")
    return fig


@pytest.mark.browser
@pytest.mark.parametrize("suffix", ["png", "svg", "pdf"])
def test_writes_each_format(chromium, figure, tmp_path, suffix):
    path = timeline.write_image(figure, tmp_path / f"chart.{suffix}", width=600)
    assert path == tmp_path / f"chart.{suffix}"
    data = path.read_bytes()
    if suffix == "svg":
        assert data.lstrip().startswith(b"<svg")
        assert b'width="600"' in data
        assert b'height="300"' in data  # the figure's own height
    else:
        assert data.startswith(MAGIC[suffix])
    assert os.listdir(tmp_path) == [f"chart.{suffix}"]


@pytest.mark.browser
def test_draws_an_events_frame(chromium, events, tmp_path):
    path = timeline.write_image(events.head(5), tmp_path / "events.PNG", scale=0.5)
    assert path.read_bytes().startswith(MAGIC["png"])


def test_unknown_extension(figure, tmp_path):
    with pytest.raises(ValueError, match=r"cannot write '\.jpg' images; use one of \.png"):
        timeline.write_image(figure, tmp_path / "chart.jpg")


def test_plot_options_need_a_frame(figure, tmp_path):
    with pytest.raises(TypeError, match="lane"):
        timeline.write_image(figure, tmp_path / "chart.png", lane="actors")


def test_missing_browser_says_what_to_install(figure, tmp_path, monkeypatch):
    import kaleido
    from kaleido.errors import ChromeNotFoundError

    def not_found(*args, **kwargs):
        raise ChromeNotFoundError("Kaleido v1 and later requires Chrome to be installed.")

    monkeypatch.setattr(kaleido, "calc_fig_sync", not_found)
    with pytest.raises(BrowserNotFoundError) as raised:
        timeline.write_image(figure, tmp_path / "chart.png")
    message = str(raised.value)
    assert "apt-get install chromium" in message
    assert "plotly_get_chrome" in message
    assert isinstance(raised.value, RuntimeError)
    assert not (tmp_path / "chart.png").exists()


def test_failed_start_without_browser_on_path_is_a_missing_browser(figure, tmp_path, monkeypatch):
    import kaleido

    def failed(*args, **kwargs):
        raise RuntimeError("The browser seemed to close immediately after starting.")

    monkeypatch.setattr(kaleido, "calc_fig_sync", failed)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(BrowserNotFoundError, match="apt-get install chromium"):
        timeline.write_image(figure, tmp_path / "chart.png")
    # With a browser on PATH, kaleido's own error is the better explanation.
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    with pytest.raises(RuntimeError, match="close immediately") as raised:
        timeline.write_image(figure, tmp_path / "chart.png")
    assert not isinstance(raised.value, BrowserNotFoundError)


@pytest.mark.browser
def test_failure_leaves_existing_file_alone(chromium, figure, tmp_path, monkeypatch):
    target = tmp_path / "chart.png"
    target.write_bytes(b"old image")

    def fails_while_writing(self, data):
        self.open("wb").write(data[:10])
        raise OSError("disk full")

    monkeypatch.setattr(type(target), "write_bytes", fails_while_writing)
    with pytest.raises(OSError, match="disk full"):
        timeline.write_image(figure, target)
    assert target.read_bytes() == b"old image"
    assert os.listdir(tmp_path) == ["chart.png"]


def _png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(MAGIC["png"])
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@pytest.mark.browser
def test_size_and_scale_reach_the_image(chromium, figure, tmp_path):
    path = tmp_path / "chart.png"
    assert _png_size(timeline.write_image(figure, path, width=400, height=250).read_bytes()) == (
        400,
        250,
    )
    assert _png_size(timeline.write_image(figure, path, width=400, scale=2).read_bytes()) == (
        800,
        600,  # the figure's own height, 300, twice
    )
    figure.layout.height = None
    assert _png_size(timeline.write_image(figure, path, width=400).read_bytes()) == (400, 500)
