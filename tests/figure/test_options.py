"""plot's number options refuse what is not a number, naming the option."""

from __future__ import annotations

import pytest

import timeline


@pytest.mark.parametrize(
    ("option", "value", "error", "words"),
    [
        (
            "height",
            "big",
            TypeError,
            "plot(height='big'): give a whole number such as 600, or None",
        ),
        ("max_lanes", "a", TypeError, "plot(max_lanes='a')"),
        ("max_height", None, TypeError, "plot(max_height=None): give a whole number such as 600"),
        ("webgl_threshold", 2.5, TypeError, "plot(webgl_threshold=2.5)"),
        ("height", True, TypeError, "plot(height=True)"),
        ("top_n", -1, ValueError, "plot(top_n=-1): give a whole number, not a negative one"),
    ],
)
def test_a_number_option_that_is_not_a_whole_number_is_named(bundled, option, value, error, words):
    with pytest.raises(error) as caught:
        timeline.plot(bundled, **{option: value})
    assert str(caught.value).startswith(words)


def test_none_is_the_automatic_choice_where_allowed(bundled):
    fig = timeline.plot(bundled, height=None, max_lanes=None, width=None, max_subrows=None)
    assert len(fig.data) > 0
