"""Dated policy events as a pandas DataFrame, drawn as an interactive plotly timeline."""

import importlib
from typing import TYPE_CHECKING, Any

from timeline._frame.errors import EventDataError, Problem, ReadNotice

from . import _accessor  # noqa: F401  (registers df.timeline)

if TYPE_CHECKING:  # the lazily imported names, for type checkers and editors
    from timeline._counts.counts import counts
    from timeline._figure.plot import plot
    from timeline._figure.zoom import to_widget
    from timeline._frame.build import events_frame
    from timeline._frame.select import related, search, window, with_actor, with_category, with_tag
    from timeline._io.read import read_events
    from timeline._io.table import ACLED, read_table
    from timeline._io.timelinejs import read_timelinejs, write_timelinejs
    from timeline._io.vis import write_vis
    from timeline._io.write import write_events
    from timeline._page.html import write_html
    from timeline._page.image import write_image

    from ._explore import explore

__version__ = "0.1.0"

# Each public name and the module that defines it, imported on first use, so that
# `import timeline` costs about what importing pandas does (pyarrow, plotly and the rest
# load when a function needs them).
_LAZY = {
    "explore": "._explore",
    "counts": "._counts.counts",
    "events_frame": "._frame.build",
    "write_html": "._page.html",
    "write_image": "._page.image",
    "plot": "._figure.plot",
    "to_widget": "._figure.zoom",
    "read_events": "._io.read",
    **dict.fromkeys(
        ("related", "search", "window", "with_actor", "with_category", "with_tag"), "._frame.select"
    ),
    "ACLED": "._io.table",
    "read_table": "._io.table",
    "read_timelinejs": "._io.timelinejs",
    "write_timelinejs": "._io.timelinejs",
    "write_vis": "._io.vis",
    "write_events": "._io.write",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    if name.startswith("_") and not name.startswith("__"):
        try:  # a private module, as `timeline._figure.plot` was before imports became lazy
            return importlib.import_module(f".{name}", __name__)
        except ModuleNotFoundError:
            pass
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "ACLED",
    "EventDataError",
    "Problem",
    "ReadNotice",
    "__version__",
    "counts",
    "events_frame",
    "explore",
    "plot",
    "read_events",
    "read_table",
    "read_timelinejs",
    "related",
    "search",
    "to_widget",
    "window",
    "with_actor",
    "with_category",
    "with_tag",
    "write_events",
    "write_html",
    "write_image",
    "write_timelinejs",
    "write_vis",
]
