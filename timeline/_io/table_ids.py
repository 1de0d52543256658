"""Ids for the rows of a table that has no id column, made from each row's content."""

from __future__ import annotations

import hashlib

import pandas as pd

from timeline._io.interchange import date_slug

DIGEST = 8
"""Hex digits of the row's hash in a made id."""


def content_ids(table: pd.DataFrame, dates: pd.Series) -> list[str]:
    """An id per row: its date and a hash of all its cells (``2020-05-09-3fa2b1c0``).

    The same row gives the same id however the table is sorted or filtered, so ids made on
    one reading still name the same events on the next. Identical rows get ``-2``, ``-3``,
    ... in table order.
    """
    rows = ("\x1f".join(map(str, row)) for row in table.itertuples(index=False, name=None))
    made: dict[str, int] = {}
    ids = []
    for row, date in zip(rows, dates.tolist(), strict=True):
        digest = hashlib.blake2b(row.encode("utf-8"), digest_size=16).hexdigest()[:DIGEST]
        base = f"{date_slug(str(date)) or 'row'}-{digest}"
        made[base] = made.get(base, 0) + 1
        ids.append(base if made[base] == 1 else f"{base}-{made[base]}")
    return ids
