"""Dated policy events as a pandas DataFrame, drawn as an interactive plotly timeline."""

from . import _accessor  # noqa: F401  (registers df.timeline)
from ._errors import EventDataError, Problem
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
