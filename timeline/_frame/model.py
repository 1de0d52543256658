"""The event model: field names, relation types, and the columns and dtypes of the events frame."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

from timeline._frame.dates import PRECISIONS

RELATION_TYPES = ("responds_to", "reverses", "follows", "confirms", "enables", "part_of")
"""Allowed relation types; the event that carries a relation points at its ``target``."""

ORDERING_RELATIONS = ("follows", "responds_to")
"""Relations that order events in time, and so must not form a cycle."""

SOURCE_FIELDS = ("url", "publisher", "title", "published", "quote")
RELATION_FIELDS = ("type", "target")
EVENT_FIELDS = (
    "id", "title", "date", "end", "summary", "actors", "category", "location", "tags",
    "sources", "relations", "importance",
)  # fmt: skip
REQUIRED_FIELDS = ("id", "title", "date")
TEXT_FIELDS = ("id", "title", "date", "end", "summary", "category", "location")
"""Event fields given as text (``end`` is the frame's ``end_date``)."""
LIST_FIELDS = ("actors", "tags", "sources", "relations")
"""Event fields given as lists: the frame's Arrow list columns (``LIST_DTYPES``)."""
ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._-]*"

STRING_LIST = pa.list_(pa.string())
SOURCE = pa.struct([(name, pa.string()) for name in SOURCE_FIELDS])
RELATION = pa.struct([(name, pa.string()) for name in RELATION_FIELDS])

COLUMNS = (
    "id", "title", "date", "end_date", "start", "end", "precision", "approximate", "uncertain",
    "span", "summary", "actors", "category", "location", "tags", "sources", "relations",
    "importance",
)  # fmt: skip
"""Columns of the events frame, in order."""

LIST_DTYPES = {
    "actors": pd.ArrowDtype(STRING_LIST),
    "tags": pd.ArrowDtype(STRING_LIST),
    "sources": pd.ArrowDtype(pa.list_(SOURCE)),
    "relations": pd.ArrowDtype(pa.list_(RELATION)),
}
PRECISION_DTYPE = pd.CategoricalDtype(PRECISIONS, ordered=True)
