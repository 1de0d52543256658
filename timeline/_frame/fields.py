"""The rule and the message for each event field, written once and used by every reader.

YAML/JSON records, our CSV columns and event tables check their values in their own way (one value
at a time, or a whole column at once), but they all say what is wrong with these words, so a user
sees the same message whatever file the event came from.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

ID_RULE = "use letters, digits, '-', '_' or '.', starting with a letter or digit"
_DECIMAL = re.compile(
    r"[-+]?(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][-+]?[0-9]+)?"
)
URL = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)
WEB_LINK = r"(?i)https?://[^/?#\s]+\S*"
"""A source address the page and the figure link to: http(s) with a host, never a script."""


def required_missing(field: str) -> str:
    """The message for a required field that is missing or blank.

    Examples
    --------
    >>> required_missing("title")
    "'title' is required and missing"
    """
    return f"'{field}' is required and missing"


def invalid_id(value: Any) -> str:
    """The message for an id that does not follow the id rule.

    Examples
    --------
    >>> invalid_id("a b")
    "'a b' is not a valid id; use letters, digits, '-', '_' or '.', starting with a letter or digit (for example us-apl-approval)"
    """  # noqa: E501
    return f"{str(value)!r} is not a valid id; {ID_RULE} (for example us-apl-approval)"


def finite_number(value: Any) -> bool:
    """Whether value is a finite int or float (not a bool, nor an int past any float).

    Examples
    --------
    >>> finite_number(3), finite_number(2.5), finite_number(True), finite_number(10**400)
    (True, True, False, False)
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int no float can hold
        return False


def not_a_number(value: Any, field: str = "importance") -> str:
    """The message for a value of a numeric field that is not a finite number.

    Examples
    --------
    >>> not_a_number("high")
    "'high' is not a number; write importance as a number such as 3"
    >>> not_a_number("3")
    "'3' is quoted text, not a number; write importance as a number such as 3, without quotes"
    >>> not_a_number(float("inf"))
    'inf is not a finite number; write importance as a number such as 3'
    """
    advice = f"write {field} as a number such as 3"
    if isinstance(value, str):
        if not _DECIMAL.fullmatch(value.strip()):  # not "inf" nor "nan", which float() takes
            return f"{value!r} is not a number; {advice}"
        return f"{value!r} is quoted text, not a number; {advice}, without quotes"
    if isinstance(value, float):
        return f"{value} is not a finite number; {advice}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"a whole number of {len(str(abs(value)))} digits is too large; {advice}"
    return f"{kind_name(value)} is not a number; {advice}"


def kind_name(value: Any) -> str:
    """What a value is, in words for a message: "a mapping", "the text '...'", "nothing"."""
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    if value is None:
        return "nothing"
    return f"{type(value).__name__} {value!r}"


def url_problem(url: str) -> str:
    """Why url is refused as a source link.

    Examples
    --------
    >>> url_problem("ftp://example.org/a")
    "'ftp://example.org/a' uses 'ftp:'; only http:// and https:// links are allowed"
    """
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    shown = url if len(url) <= 60 else url[:57] + "..."
    if scheme and scheme not in ("http", "https"):
        return f"{shown!r} uses '{scheme}:'; only http:// and https:// links are allowed"
    return f"{shown!r} is not a web address; write a full http:// or https:// URL"


def cells_past_header(cells: int, columns: int, last: str) -> str:
    """The message for a row of a table or sheet with filled cells past its header.

    Examples
    --------
    >>> cells_past_header(6, 5, "Text")
    "the row has 6 cells but the header has 5 (up to 'Text'); the cells past it would be lost: quote cells that hold the delimiter, or give the extra cells a column name"
    """  # noqa: E501
    return (
        f"the row has {cells} cells but the header has {columns} (up to {last!r}); the cells "
        "past it would be lost: quote cells that hold the delimiter, or give the extra cells "
        "a column name"
    )
