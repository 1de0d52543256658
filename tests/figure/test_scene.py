"""The drawn marks: extents for packing, label sides and per-event texts."""

from __future__ import annotations

import numpy as np

import timeline
from timeline._figure.marks import COARSE, geometry
from timeline._figure.scene import COMPACT, FULL, Scene
from timeline._figure.times import seconds
from timeline._frame.columns import plot_columns

DAY = 86400.0


def _scene(labels=True, gl=False, width=1100):
    df = timeline.events_frame(
        [
            {"id": "a", "title": "A short one", "date": "2024-01-01", "actors": ["X", "Y"]},
            {"id": "b", "title": "Near the right edge", "date": "2024-12-30"},
        ]
    )
    events = plot_columns(df)
    start, end = seconds(events["start"]), seconds(events["end"])
    full = (start.min() - DAY, end.max() + DAY)
    coarse = events["precision"].isin(COARSE).to_numpy()
    where = geometry(start, end, coarse, events["span"].to_numpy(), *full)
    positions = np.array([0, 0, 1])
    return Scene.build(
        events, where, np.array([0, 1]), positions, np.array([0, 1, 0]), full, full,
        labels=labels, gl=gl, width=width,
    )  # fmt: skip


def test_labels_widen_the_extent_to_the_right_or_flip_left_at_the_edge():
    scene = _scene()
    assert scene.right.tolist() == [True, True, False]
    a, b = 0, 2
    assert scene.hi[a] > scene.mark_hi[a] + 10 * DAY  # the label takes room to the right
    assert scene.lo[a] == scene.mark_lo[a]
    assert scene.lo[b] < scene.mark_lo[b] - 10 * DAY  # and to the left when flipped
    assert scene.hi[b] == scene.mark_hi[b]


def test_a_wider_figure_makes_labels_shorter_in_time():
    narrow, wide = _scene(width=800), _scene(width=2400)
    assert (wide.hi[0] - wide.x[0]) < (narrow.hi[0] - narrow.x[0])


def test_without_labels_only_marks_take_room():
    scene = _scene(labels=False)
    assert (scene.lo == scene.mark_lo).all() and (scene.hi == scene.mark_hi).all()
    assert "title_text" not in scene.texts and not len(scene.label_text)


def test_texts_full_hover_or_compact_customdata():
    scene = _scene()
    full = scene.texts
    assert scene.label_text[list(scene.positions).index(0)] == "A short one"
    assert full.loc[0, "hover"].startswith("<b>A short one</b>")
    compact = _scene(gl=True, labels=False).texts
    assert "hover" not in compact
    assert compact.loc[1, "title"] == "Near the right edge"
    assert compact.loc[1, "when"] == "30 Dec 2024"
    assert "hovertext" in FULL and "customdata[2]" in COMPACT
