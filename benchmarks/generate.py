"""Synthetic event sets in the CSV form, generated column by column with a fixed seed.

The mix imitates a real curated dataset grown large: a dozen actors (some events involve two),
mostly day-precise dates with month, year, approximate and uncertain ones mixed in and a
sprinkling of other EDTF (unspecified digits, intervals, open ends), about 15% spans, categories,
locations, tags, a source on most events (a second source on some, written as a continuation
row), an importance on a few, and relations on a tenth, each pointing at an earlier event so that
targets exist and ordering relations cannot form a cycle.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from timeline._io.atomic import atomic_path

SEED = 20241119
VERSION = 2
"""Bumped whenever the generated data changes, so cached files are regenerated."""

ACTORS = np.array([
    "United States", "Ukraine", "Russia", "NATO", "European Union", "United Nations", "ICBL",
    "United Kingdom", "Germany", "France", "Poland", "China",
])  # fmt: skip
ACTOR_WEIGHTS = np.array([18, 16, 15, 9, 8, 7, 5, 6, 5, 4, 4, 3], dtype=float)
CATEGORIES = np.array(
    ["decision", "statement", "strike", "treaty", "reaction", "vote", "report", "deployment"]
)
LOCATIONS = np.array([
    "Washington", "Kyiv", "Moscow", "Brussels", "Geneva", "London", "Berlin", "Paris", "Warsaw",
    "Beijing", "Vientiane", "Ottawa", "New York", "Kharkiv", "Bryansk", "Kursk", "Odesa",
    "Lviv", "Vienna", "The Hague", "Oslo", "Tallinn", "Vilnius", "Riga",
])  # fmt: skip
TAGS = np.array([
    "landmines", "atacms", "us-policy", "ottawa-treaty", "sanctions", "air-defence", "drones",
    "long-range", "humanitarian", "ceasefire", "aid", "escalation", "diplomacy", "energy",
    "grain", "nuclear", "cluster-munitions", "prisoners", "elections", "cyber",
])  # fmt: skip
VERBS = np.array([
    "approves", "condemns", "announces", "rejects", "confirms", "reports", "signs", "delays",
    "expands", "welcomes", "warns about", "debates",
])  # fmt: skip
OBJECTS = np.array([
    "antipersonnel landmines for Ukraine", "long-range strikes inside Russia",
    "a new aid package", "the Ottawa Convention", "sanctions on energy exports",
    "air-defence deliveries", "a ceasefire proposal", "the grain corridor",
    "peace talks", "cluster munitions", "drone production", "the prisoner exchange",
])  # fmt: skip
PUBLISHERS = np.array([
    "Reuters", "AFP", "AP", "BBC", "The Guardian", "Le Monde", "Der Spiegel", "Kyiv Independent",
    "Meduza", "Politico", "UrduPoint (AFP)", "The Vaultz News", "Human Rights Watch", "ICBL",
    "Süddeutsche Zeitung",
])  # fmt: skip
QUOTES = np.array([
    "The decision was taken after weeks of debate, officials said.",
    "“We will not stand by,” the minister told reporters.",
    "The campaign called the move “a step backwards for civilians”.",
    "Officials, speaking on condition of anonymity, confirmed the report.",
    "The statement came hours after the strike – the first of its kind.",
    "Critics warned the policy could undermine decades of humanitarian law.",
])  # fmt: skip
MONTHS = np.array([
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
])  # fmt: skip
FOLLOW_UPS = np.array([
    "The step follows months of pressure from allies and campaigners.",
    "Officials described the decision as final.",
    "Human rights groups criticised the move within hours.",
    "The announcement was not accompanied by a timetable.",
    "Diplomats said talks would continue next week.",
    "The ministry declined to give further details.",
    "Opposition lawmakers called for a vote.",
    "Analysts expect further steps in the coming weeks.",
])  # fmt: skip
RELATION_TYPES = np.array(["responds_to", "follows", "confirms", "enables", "part_of", "reverses"])
RELATION_WEIGHTS = np.array([35, 25, 15, 10, 10, 5], dtype=float)

FIRST_DAY = np.datetime64("1990-01-01")
LAST_DAY = np.datetime64("2025-12-31")


def csv_path(folder: Path, n: int) -> Path:
    """Where the generated CSV with n events is kept."""
    return folder / f"events-{n}-seed{SEED}-v{VERSION}.csv"


def ensure(folder: Path, n: int) -> Path:
    """The CSV of n events in folder, generated first if it is not there yet."""
    path = csv_path(folder, n)
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        with atomic_path(path) as partial:
            events_table(n).to_csv(partial, index=False, lineterminator="\n")
    return path


def events_table(n: int, seed: int = SEED) -> pd.DataFrame:
    """n synthetic events as the rows of the CSV form (extra sources as continuation rows)."""
    rng = np.random.default_rng(seed)
    days = _days(rng, n)
    ids = "ev-" + _text(np.arange(n)).str.zfill(7)
    date, end = _dates(rng, days)
    actor = rng.choice(len(ACTORS), n, p=ACTOR_WEIGHTS / ACTOR_WEIGHTS.sum())
    second = (actor + rng.integers(1, len(ACTORS), n)) % len(ACTORS)
    actors = _text(ACTORS[actor]).where(
        rng.random(n) >= 0.18, _text(ACTORS[actor]) + "; " + _text(ACTORS[second])
    )
    verb, thing = rng.integers(0, len(VERBS), n), rng.integers(0, len(OBJECTS), n)
    place = rng.integers(0, len(LOCATIONS), n)
    month = days.astype("datetime64[M]").astype(np.int64) % 12
    # Titles, summaries, source titles and quotes are (nearly) all distinct, as in real data.
    title = (
        _text(ACTORS[actor]) + " " + _text(VERBS[verb]) + " " + _text(OBJECTS[thing]) + " in "
        + _text(LOCATIONS[place]) + ", " + _text(MONTHS[month]) + " "
        + _text(days.astype("datetime64[Y]").astype(str))
    )  # fmt: skip
    location = _blank(rng, _text(LOCATIONS[place]), 0.1)
    summary = _blank(
        rng,
        "On " + _text(days.astype(str)) + ", " + title.str.lower() + ". "
        + _text(FOLLOW_UPS[rng.integers(0, len(FOLLOW_UPS), n)])
        + " Dispatch " + _text(np.arange(n)) + ".",
        0.25,
    )  # fmt: skip
    category = _blank(rng, _text(CATEGORIES[rng.integers(0, len(CATEGORIES), n)]), 0.05)
    table = pd.DataFrame(
        {
            "id": ids,
            "title": title,
            "date": date,
            "end": end,
            "summary": summary,
            "actors": actors,
            "category": category,
            "location": location,
            "tags": _tags(rng, n),
            **_source(rng, ids, title, days, 0.9),
            "relations": _relations(rng, ids),
            "importance": _importance(rng, n),
        }
    )
    return _with_second_sources(rng, table, days)


def _text(values: np.ndarray) -> pd.Series:
    return pd.Series(values).astype("str")


def _blank(rng: np.random.Generator, values: pd.Series, share: float) -> pd.Series:
    return values.where(rng.random(len(values)) >= share, "")


def _days(rng: np.random.Generator, n: int) -> np.ndarray:
    """Event days in time order, denser in recent years as real collections are."""
    span = int((LAST_DAY - FIRST_DAY).astype(int))
    offsets = np.sort((rng.beta(2.2, 1.0, n) * span).astype(np.int64))
    return FIRST_DAY + offsets.astype("timedelta64[D]")


def _dates(rng: np.random.Generator, days: np.ndarray) -> tuple[pd.Series, pd.Series]:
    """The date and end cells: mostly plain days, some coarser, qualified or EDTF-only forms."""
    n = len(days)
    iso = _text(days.astype("datetime64[D]").astype(str))
    month, year = iso.str.slice(0, 7), iso.str.slice(0, 4)
    forms = [
        (0.840, iso),
        (0.060, month),  # 2024-11
        (0.040, iso + "~"),  # approximate day
        (0.015, month + "?"),  # uncertain month
        (0.015, year),  # 2024
        (0.010, month + "~"),
        (0.010, iso + "?"),
        (0.005, iso + "%"),
        (0.003, iso.str.slice(0, 3) + "X"),  # unspecified digit: the decade
        (0.002, None),  # an interval written in the date cell
    ]
    weights = np.array([share for share, _ in forms])
    pick = rng.choice(len(forms), n, p=weights / weights.sum())
    date = iso.copy()
    for code, (_, values) in enumerate(forms):
        if values is not None:
            date = date.where(pick != code, values)
    later = days + rng.integers(1, 400, n).astype("timedelta64[D]")
    later_iso = _text(later.astype("datetime64[D]").astype(str))
    interval = pick == len(forms) - 1
    open_end = interval & (rng.random(n) < 0.3)
    date = date.where(~interval, iso + "/" + later_iso)
    date = date.where(~open_end, iso + "/..")
    # Spans: about 15% of events in all, counting the intervals above.
    with_end = ~interval & (rng.random(n) < 0.148)
    end = later_iso.where(rng.random(n) >= 0.1, later_iso.str.slice(0, 7))
    return date, end.where(with_end, "")


def _tags(rng: np.random.Generator, n: int) -> pd.Series:
    count = rng.choice(4, n, p=[0.2, 0.4, 0.3, 0.1])
    tags = pd.Series("", index=range(n), dtype="str")
    for k in range(3):
        name = _text(TAGS[rng.integers(0, len(TAGS), n)])
        joined = name if k == 0 else tags + ";" + name
        tags = tags.where(count <= k, joined)
    return tags


def _source(
    rng: np.random.Generator, ids: pd.Series, title: pd.Series, days: np.ndarray, share: float
) -> dict[str, pd.Series]:
    n = len(ids)
    has = rng.random(n) < share
    publisher = _text(PUBLISHERS[rng.integers(0, len(PUBLISHERS), n)])
    published = _text(
        (days + rng.integers(0, 3, n).astype("timedelta64[D]")).astype("datetime64[D]").astype(str)
    )
    host = "https://news" + _text(rng.integers(1, 40, n)) + ".example.org/"
    url = host + published.str.slice(0, 4) + "/" + ids.str.slice(3) + ".html"
    said = _text(QUOTES[rng.integers(0, len(QUOTES), n)]).str.slice(0, -1)
    quote = _blank(rng, said + ", " + publisher + " reported on " + published + ".", 0.5)
    cells = {
        "source_url": url,
        "source_publisher": publisher,
        "source_title": publisher + ": " + title,
        "source_published": published,
        "source_quote": quote,
    }
    return {name: values.where(has, "") for name, values in cells.items()}


def _relations(rng: np.random.Generator, ids: pd.Series) -> pd.Series:
    """Relations on a tenth of the events, each to an earlier event (so never a cycle)."""
    n = len(ids)
    back = rng.geometric(0.02, n)
    target = np.arange(n) - back
    has = (rng.random(n) < 0.1) & (target >= 0)
    kind = _text(RELATION_TYPES[rng.choice(len(RELATION_TYPES), n, p=RELATION_WEIGHTS / 100)])
    pair = kind + ":" + _text(ids.to_numpy()[np.maximum(target, 0)])
    return pair.where(has, "")


def _importance(rng: np.random.Generator, n: int) -> pd.Series:
    score = _text(rng.integers(1, 6, n))
    return score.where(rng.random(n) < 0.02, "")


def _with_second_sources(
    rng: np.random.Generator, table: pd.DataFrame, days: np.ndarray
) -> pd.DataFrame:
    """Add a continuation row with a second source to about a tenth of the sourced events."""
    n = len(table)
    extra = np.flatnonzero((rng.random(n) < 0.1) & table["source_url"].ne("").to_numpy())
    more = pd.DataFrame("", index=range(len(extra)), columns=table.columns, dtype="str")
    more["id"] = table["id"].to_numpy()[extra]
    sources = _source(rng, more["id"], table["title"].iloc[extra].reset_index(drop=True),
                      days[extra], 1.0)  # fmt: skip
    for name, values in sources.items():
        more[name] = values.to_numpy()
    order = np.argsort(np.concatenate([np.arange(n) * 2, extra * 2 + 1]), kind="stable")
    return pd.concat([table, more], ignore_index=True).iloc[order].reset_index(drop=True)
