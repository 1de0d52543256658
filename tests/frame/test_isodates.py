"""The vectorized common EDTF forms agree with the one-value parser (and edtf) exactly."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from timeline._frame.dates import PRECISIONS, DateError, edtf_single, parse_columns, parse_date
from timeline._frame.isodates import parse_common


def reference(text: str):
    """What edtf says, side by side for intervals (as parse_date combines them)."""
    if "/" not in text:
        return edtf_single(text)
    return parse_date(text)


FORMS = [
    "2024", "2024~", "2024?", "2024%", "2024-02", "2024-02~", "2023-02?", "2024-11%",
    "2024-11-19", "2024-11-19~", "2024-11-19?", "2024-11-19%", "2024-02-29", "0001-01-01",
    "0000", "9999-12-31", "199X", "19XX", "199X~", "19XX?", "000X", "2024-XX", "2024-11-XX",
    "2024-XX-XX", "2024-XX~", "1999-12-31/2000-01-01", "2000/..", "../2000-05", "/1990-02",
    "1990-01-01/", "2024-11~/2024-12?", "199X/2005", "2000-05/2000-05",
]  # fmt: skip
NOT_DATES = [
    "2023-02-29", "2024-13", "2024-00", "2024-01-00", "2024-04-31", "2024-13-XX",
    "2000-05/2000-04", "../..", "/", "2000//2001", "2024-1-1", "2024-11-19~~", "x", "",
]  # fmt: skip
LEFT_TO_EDTF = ["2024-21", "2024-11-19T10:00:00", "1XXX", "199X-11"]


@pytest.mark.parametrize("text", FORMS)
def test_common_forms_match_the_one_value_parser(text):
    common = parse_common(pa.array([text]))
    one = reference(text)
    assert common.ok[0]
    for got, expected in ((common.start[0], one.start), (common.end[0], one.end)):
        assert (np.isnat(got) and np.isnat(expected)) or got == expected
    assert PRECISIONS[common.precision[0]] == one.precision
    assert (common.approximate[0], common.uncertain[0], common.span[0]) == (
        one.approximate,
        one.uncertain,
        one.span,
    )


@pytest.mark.parametrize("text", NOT_DATES + LEFT_TO_EDTF)
def test_other_values_are_left_to_the_slow_path(text):
    assert not parse_common(pa.array([text])).ok[0]


@pytest.mark.parametrize("text", NOT_DATES[:-1])
def test_values_left_over_are_explained(text):
    with pytest.raises(DateError):
        parse_date(text)


@pytest.mark.parametrize("text", [form for form in FORMS if "/" not in form])
def test_one_value_takes_the_fast_way_to_the_same_answer(text):
    assert parse_date(text) == edtf_single(text)


def test_random_days_over_two_thousand_years():
    days = np.datetime64("0100-01-01") + np.random.default_rng(7).integers(0, 700_000, 500)
    texts = [str(day) for day in days.astype("datetime64[D]")]
    texts += [text[:7] + "~" for text in texts[:100]] + [text[:3] + "X" for text in texts[:50]]
    common = parse_common(pa.array(texts))
    assert common.ok.all()
    for i, text in enumerate(texts):
        one = edtf_single(text)
        assert (common.start[i], common.end[i]) == (one.start, one.end), text
        assert PRECISIONS[common.precision[i]] == one.precision


def test_columns_spread_each_distinct_value_to_its_rows():
    texts = ["2024-11", "bad", "2024-11", "", "bad", "199X"]
    parsed = parse_columns(texts)
    assert parsed.precision.tolist() == ["month", "day", "month", "day", "day", "decade"]
    assert sorted(parsed.errors) == [1, 4]
    assert np.isnat(parsed.start[3]) and parsed.start[0] == parsed.start[2]
