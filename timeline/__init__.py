"""Dated policy events as a pandas DataFrame, drawn as an interactive plotly timeline."""

from . import _accessor  # noqa: F401  (registers df.timeline)
from ._errors import EventDataError, Problem
from ._frame import events_frame
from ._read import read_events
from ._select import related, search, window, with_actor, with_category, with_tag
from ._write import write_events

__version__ = "0.1.0"

__all__ = [
    "EventDataError",
    "Problem",
    "__version__",
    "events_frame",
    "read_events",
    "related",
    "search",
    "window",
    "with_actor",
    "with_category",
    "with_tag",
    "write_events",
]
