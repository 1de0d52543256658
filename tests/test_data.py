"""The bundled landmine/ATACMS dataset: complete, sourced, and true to the seed article."""

from __future__ import annotations

import pytest

from conftest import SEEDS

SEED_URL = "https://thevaultznews.com/world/europe/austin-confirms-bidens-decision-to-provide-ukraine-with-land-mines"
SEED_TEXT = (SEEDS / "000_f3ee355c48865d83.txt").read_text(encoding="utf-8")


def test_at_least_twenty_events_with_no_problems(bundled):
    assert len(bundled) >= 20
    assert bundled["id"].is_unique


def test_every_event_has_a_source(bundled):
    assert bundled["sources"].map(len).min() >= 1


def test_quotes_from_the_seed_appear_verbatim(bundled):
    quotes = [
        (row.id, source["quote"])
        for row in bundled.itertuples()
        for source in row.sources
        if source["url"] == SEED_URL
    ]
    assert len(quotes) >= 6
    for event_id, quote in quotes:
        assert quote, f"{event_id} cites the seed without a quote"
        assert quote in SEED_TEXT, f"{event_id}: quote not in the seed: {quote!r}"


@pytest.mark.parametrize(
    ("event_id", "date", "precision", "approximate"),
    [
        ("us-atacms-permission", "2024-11-17", "day", False),
        ("ukraine-first-atacms-strike", "2024-11-19", "day", False),
        ("us-apl-approval", "2024-11-19", "day", False),
        ("austin-confirms-apl", "2024-11-20", "day", False),
        ("icbl-condemnation", "2024-11-20", "day", False),
        ("khoma-comment", "2024-11-20~", "day", True),
        ("mbt-adopted", "1997-09-18", "day", False),
        ("us-2022-policy", "2022-06-21", "day", False),
        ("finland-withdrawal-effective", "2026-01-10", "day", False),
    ],
)
def test_dates_follow_the_checked_facts(bundled, event_id, date, precision, approximate):
    row = bundled.set_index("id").loc[event_id]
    assert (row["date"], row["precision"], row["approximate"]) == (date, precision, approximate)


def test_relations_the_facts_suggest(bundled):
    relations = {
        (row.id, r["type"], r["target"]) for row in bundled.itertuples() for r in row.relations
    }
    assert {
        ("ukraine-first-atacms-strike", "follows", "us-atacms-permission"),
        ("austin-confirms-apl", "confirms", "us-apl-approval"),
        ("icbl-condemnation", "responds_to", "us-apl-approval"),
        ("khoma-comment", "responds_to", "us-apl-approval"),
        ("us-apl-approval", "reverses", "us-2022-policy"),
        ("us-2022-policy", "reverses", "us-2020-policy"),
    } <= relations


def test_the_spans_the_facts_name(bundled):
    spans = bundled[bundled["span"]].set_index("id")
    assert spans.loc["us-2022-policy-in-force", "end_date"] == "2024-11-19"
    assert spans.loc["mbt-in-force-for-ukraine", "date"] == "2006-06-01/.."


def test_the_seed_is_kept_in_the_project():
    assert SEED_TEXT.startswith("US Defence Secretary, Lloyd Austin")
