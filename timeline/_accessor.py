"""The ``df.timeline`` accessor: the package's functions as methods of an events frame."""

from __future__ import annotations

from importlib import import_module
from typing import Any

import pandas as pd


def _select() -> Any:
    """The selections module, imported on first use so that `import timeline` stays light."""
    return import_module("timeline._frame.select")


@pd.api.extensions.register_dataframe_accessor("timeline")
class TimelineAccessor:
    """Select, plot and export events from ``df.timeline``."""

    def __init__(self, df: pd.DataFrame) -> None:
        self._df = df

    def window(self, start: Any = None, end: Any = None) -> pd.DataFrame:
        """Events overlapping the window from start to end."""
        return _select().window(self._df, start, end)

    def actor(self, *actors: str) -> pd.DataFrame:
        """Events that list any of the given actors."""
        return _select().with_actor(self._df, *actors)

    def category(self, *categories: str) -> pd.DataFrame:
        """Events in any of the given categories."""
        return _select().with_category(self._df, *categories)

    def tag(self, *tags: str) -> pd.DataFrame:
        """Events that carry any of the given tags."""
        return _select().with_tag(self._df, *tags)

    def search(self, text: str) -> pd.DataFrame:
        """Events whose text contains the given words (any case)."""
        return _select().search(self._df, text)

    def related(self, event_id: str) -> pd.DataFrame:
        """The chain of events linked to one event, in either direction."""
        return _select().related(self._df, event_id)

    def plot(self, **kwargs: Any) -> Any:
        """Draw the events as an interactive timeline; see ``timeline.plot``."""
        from timeline._figure.plot import plot

        return plot(self._df, **kwargs)

    def write_html(self, path: Any, **kwargs: Any) -> Any:
        """Write the events as a standalone HTML page; see ``timeline.write_html``."""
        from timeline._page.html import write_html

        return write_html(self._df, path, **kwargs)

    def write_events(self, path: Any) -> Any:
        """Write the events to YAML, JSON or CSV; see ``timeline.write_events``."""
        from timeline._io.write import write_events

        return write_events(self._df, path)
