"""Dated policy events as a pandas DataFrame, drawn as an interactive plotly timeline."""

from ._errors import EventDataError, Problem
from ._frame import events_frame
from ._read import read_events

__version__ = "0.1.0"

__all__ = [
    "EventDataError",
    "Problem",
    "__version__",
    "events_frame",
    "read_events",
]
