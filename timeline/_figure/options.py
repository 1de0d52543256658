"""The number options of ``plot`` (sizes, budgets, thresholds), checked before anything is drawn."""

from __future__ import annotations

from typing import Any


def check_counts(optional: dict[str, Any], required: dict[str, Any]) -> None:
    """Refuse a size or threshold that is not a whole number (nor negative), by its name.

    ``optional`` ones may also be None (the automatic choice).

    Examples
    --------
    >>> check_counts({"height": "big"}, {})
    Traceback (most recent call last):
    TypeError: plot(height='big'): give a whole number such as 600, or None for the automatic choice
    >>> check_counts({}, {"max_height": -5})
    Traceback (most recent call last):
    ValueError: plot(max_height=-5): give a whole number, not a negative one
    """
    for name, value in [*optional.items(), *required.items()]:
        if value is None and name in optional:
            continue
        automatic = ", or None for the automatic choice" if name in optional else ""
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"plot({name}={value!r}): give a whole number such as 600{automatic}")
        if value < 0:
            raise ValueError(f"plot({name}={value!r}): give a whole number, not a negative one")
