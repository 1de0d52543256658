"""Dated policy events as a pandas DataFrame, drawn as an interactive plotly timeline."""

import importlib
from typing import TYPE_CHECKING, Any

from . import _accessor  # noqa: F401  (registers df.timeline)
from ._errors import EventDataError, Problem

if TYPE_CHECKING:  # the lazily imported names, for type checkers and editors
    from ._explore import explore
    from ._frame import events_frame
    from ._html import write_html
    from ._image import write_image
    from ._plot import plot
    from ._read import read_events
    from ._select import related, search, window, with_actor, with_category, with_tag
    from ._table import ACLED, read_table
    from ._timelinejs import read_timelinejs, write_timelinejs
    from ._vis import write_vis
    from ._write import write_events

__version__ = "0.1.0"

# Each public name and the module that defines it, imported on first use, so that
# `import timeline` costs about what importing pandas does (pyarrow, plotly and the rest
# load when a function needs them).
_LAZY = {
    "explore": "._explore",
    "events_frame": "._frame",
    "write_html": "._html",
    "write_image": "._image",
    "plot": "._plot",
    "read_events": "._read",
    **dict.fromkeys(
        ("related", "search", "window", "with_actor", "with_category", "with_tag"), "._select"
    ),
    "ACLED": "._table",
    "read_table": "._table",
    "read_timelinejs": "._timelinejs",
    "write_timelinejs": "._timelinejs",
    "write_vis": "._vis",
    "write_events": "._write",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    if name.startswith("_") and not name.startswith("__"):
        try:  # a private module, as `timeline._plot` was before imports became lazy
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
    "__version__",
    "events_frame",
    "explore",
    "plot",
    "read_events",
    "read_table",
    "read_timelinejs",
    "related",
    "search",
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
