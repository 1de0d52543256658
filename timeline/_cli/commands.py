"""The four commands: validate, render, info and convert, each from parsed arguments."""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from timeline._cli.inputs import read_args
from timeline._cli.terminal import count_lines, describe_paths, events_text, progress_reporter
from timeline._frame.errors import shown

OUTPUTS = (".html", ".png", ".svg", ".pdf")
"""Extensions ``timeline render`` writes."""

LISTED = 30  # events `info` names under a heading; past that it says how many more

FORCE_HELP = "replace OUT even when it is a read-only file"


def run_validate(args: argparse.Namespace) -> int:
    """Check events in any format read here; print one line per problem, or a one-line summary.

    Our own files and folders are checked together (an id must be unique across all of them);
    a TimelineJS file or an event table (see --format) is checked on its own.
    """
    progress = progress_reporter(args, args.paths)
    progress(f"reading {describe_paths(args.paths)}…")
    df = read_args(args)
    warnings: list[object] = []
    if args.strict:
        from timeline._frame.sources import source_warnings

        warnings = list(source_warnings(df))
        print("\n".join(shown(f"warning: {warning}") for warning in warnings) or "no warnings")
    count = f", {len(warnings)} warning{'' if len(warnings) == 1 else 's'}" if warnings else ""
    print(shown(f"ok: {events_text(len(df))} in {', '.join(args.paths)}, no problems{count}"))
    return 0


def run_render(args: argparse.Namespace) -> int:
    """Draw events as an interactive HTML page or a PNG, SVG or PDF image."""
    from timeline._frame.select import window, with_actor, with_category, with_tag
    from timeline._page.template import date_range

    output = Path(args.output)
    refuse_overwrite(args.paths, output)
    if output.suffix.lower() not in OUTPUTS:
        raise ValueError(
            f"cannot render to '{output.suffix}' files; use one of {', '.join(OUTPUTS)}"
        )
    if args.start and args.end and pd.Timestamp(args.start) > pd.Timestamp(args.end):
        raise UsageError(f"--from {args.start} is after --to {args.end}; swap them")
    image = output.suffix.lower() != ".html"
    progress = progress_reporter(args, args.paths, slow=image)
    progress(f"reading {describe_paths(args.paths)}…")
    df = read_args(args)  # our files, or one TimelineJS file or event table
    if args.start or args.end:
        df = window(df, args.start, args.end)
    for values, keep in (
        (args.actor, with_actor),
        (args.category, with_category),
        (args.tag, with_tag),
    ):
        if values:
            df = keep(df, *values)
    check_groupings(df, args)
    if df.empty:
        raise ValueError("no events left after the --from/--to/--actor/--category/--tag filters")
    from timeline._figure.plot import plot

    progress(f"drawing {events_text(len(df))}…")
    options: dict[str, Any] = {
        name: getattr(args, name) for name in ("lane", "color", "title") if getattr(args, name)
    }
    if args.window:  # the first view, keeping every event; else the data's focus (df.attrs)
        options["window"] = args.window
    elif args.start or args.end:
        first, last = date_range(df)  # an open side of the window shows all events on that side
        options["window"] = (args.start or first, args.end or last)
    if args.overlay:
        from timeline._counts.counts import counts

        progress(f"counting {args.overlay}…")
        options["overlay"] = counts(
            args.overlay, args.overlay_lane, args.every, start=args.start, end=args.end
        )
    fig = plot(df, **options)
    progress(f"writing {output}…")
    if image:
        from timeline._page.image import write_image

        write_image(fig, output, force=args.force)
    else:
        from timeline._page.html import write_html

        write_html(
            fig,
            output,
            events=df,
            title=args.title,
            include_plotlyjs="cdn" if args.cdn else True,
            force=args.force,
        )
    print(shown(str(output)))
    return 0


def run_info(args: argparse.Namespace) -> int:
    """Describe events: date range, counts by actor and category, and a check of the sources.

    The source check counts the events citing each publisher, and lists the events without
    sources and those whose sources all come from one outlet.

    Reads what validate, render and convert read: our files and folders, or one file of
    another format (see --format).
    """
    from timeline._page.template import date_range

    progress = progress_reporter(args, args.paths)
    progress(f"reading {describe_paths(args.paths)}…")
    df = read_args(args)
    first, last = date_range(df)
    lines = []
    if df.attrs.get("title"):
        lines.append(str(df.attrs["title"]))
    lines.append(f"{events_text(len(df))}" + (f", {first} to {last}" if first and last else ""))
    reading = df.attrs.get("date_reading") or {}
    lines += [f"dates in {column!r} read as {how}" for column, how in reading.items()]
    actors = Counter(a for value in df["actors"] for a in (value if value is not None else []))
    categories = Counter(str(c) if isinstance(c, str) else "(none)" for c in df["category"])
    unsourced = [str(i) for i, s in zip(df["id"], df["sources"], strict=True) if not has_value(s)]
    lines += count_lines("by actor", actors)
    lines += count_lines("by category", categories)
    lines.append(f"events without sources: {len(unsourced)}")
    lines += [f"  {event_id}" for event_id in unsourced]
    from timeline._frame.sources import publisher_counts, single_outlet_events

    lines += count_lines("events citing each publisher", publisher_counts(df))
    single = single_outlet_events(df)
    lines.append(f"events resting on a single outlet: {len(single)}")
    lines += [f"  {event_id}: {outlet}" for event_id, outlet in single[:LISTED]]
    if len(single) > LISTED:
        lines.append(f"  … and {len(single) - LISTED} more")
    print("\n".join(shown(line) for line in lines))
    return 0


def run_convert(args: argparse.Namespace) -> int:
    """Convert events from one file format to another, chosen by extension or by --to."""
    from timeline._io.formats import write_any

    refuse_overwrite([args.input], Path(args.output))
    progress = progress_reporter(args, [args.input])
    progress(f"reading {args.input}…")
    df = read_args(args)
    progress(f"writing {args.output}…")
    written = write_any(df, args.output, fmt=args.to, force=args.force)
    print(shown(str(written)))
    return 0


class UsageError(Exception):
    """A command line that cannot work whatever the files hold: exit code 2."""


def check_groupings(df: pd.DataFrame, args: argparse.Namespace) -> None:
    """--lane and --color name columns of the events that can group them, or exit 2."""
    from timeline._frame.columns import check_grouping

    for option, name in (("--lane", args.lane), ("--color", args.color)):
        if name is not None:
            try:
                check_grouping(df, name, option.strip("-"))
            except ValueError as error:
                raise UsageError(f"{option}: {error}") from None


def refuse_overwrite(inputs: Sequence[str], output: Path) -> None:
    from timeline._io.atomic import check_not_input

    check_not_input(inputs, output)


def has_value(value: Any) -> bool:
    return value is not None and len(value) > 0
