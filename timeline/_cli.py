"""The ``timeline`` command: validate, render, describe and convert event files."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from timeline._cli_inputs import (
    FROM_HELP,
    PATHS_HELP,
    add_format,
    add_inputs,
    read_args,
    run_noting,
)
from timeline._frame.errors import EventDataError, shown

OUTPUTS = (".html", ".png", ".svg", ".pdf")
"""Extensions ``timeline render`` writes."""
_LARGE_INPUT = 1_000_000  # bytes of event files that take a noticeable while to read and draw
_LISTED = 30  # events `info` names under a heading; past that it says how many more


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``timeline`` command with argv (default: ``sys.argv[1:]``); return the exit code.

    Exit codes: 0 success, 1 a problem with the data or the files, 2 a usage error.
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit:  # argparse has printed the usage error or the help
        return exit.code if isinstance(exit.code, int) else 2
    if args.command is None:
        parser.print_usage(sys.stderr)
        print(
            "timeline: error: choose a command: validate, render, info or convert", file=sys.stderr
        )
        return 2
    try:
        return run_noting(args)
    except _UsageError as error:
        print(shown(f"timeline: error: {_one_line(error)}"), file=sys.stderr)
        return 2
    except EventDataError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    except FileNotFoundError as error:
        print(shown(f"timeline: error: no such file: {error.filename or error}"), file=sys.stderr)
        return 1
    except (ValueError, OSError, RuntimeError, ImportError) as error:  # ImportError: an extra
        print(shown(f"timeline: error: {_one_line(error)}"), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("timeline: interrupted", file=sys.stderr)
        return 130
    except Exception as error:
        if args.traceback:
            raise
        print(shown(unexpected_error_line(error)), file=sys.stderr)
        return 1


def unexpected_error_line(error: BaseException) -> str:
    """The one line that reports an error no check foresaw: a bug, to report with --traceback."""
    return (
        f"timeline: error: {type(error).__name__}: {_one_line(error)} (this is a bug in "
        "policy-timeline; please report it with the output of --traceback)"
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="timeline",
        description="Validate, render, describe and convert files of dated policy events.",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print no progress")
    parser.add_argument(
        "--progress", action="store_true", help="print progress even for small inputs"
    )
    parser.add_argument(
        "--traceback", action="store_true", help="show the full traceback of an unexpected error"
    )
    parser.set_defaults(command=None)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    validate = commands.add_parser(
        "validate",
        help="check events in any format; list every problem",
        description=_validate.__doc__,
    )
    add_inputs(validate)
    validate.add_argument(
        "--all",
        dest="every_problem",
        action="store_true",
        help="list every row of a problem "
        "many rows of a table share (by default said once, with the count and first lines)",
    )
    validate.add_argument(
        "--strict",
        action="store_true",
        help="also warn about sources without a title or publisher, and published dates that "
        "equal the event's date (warnings do not change the exit code)",
    )
    validate.set_defaults(command="validate", run=_validate)

    render = commands.add_parser(
        "render", help="draw events to HTML, PNG, SVG or PDF", description=_render.__doc__
    )
    render.add_argument("paths", nargs="+", metavar="PATH", help=PATHS_HELP)
    add_format(render)
    render.add_argument(
        "-o", "--output", required=True, metavar="OUT", help=f"file to write ({', '.join(OUTPUTS)})"
    )
    render.add_argument("--lane", help="column that gives each event its row (e.g. actors)")
    render.add_argument("--color", help="column that colours the events (e.g. category)")
    render.add_argument("--title", help="chart and page title (default: the dataset's)")
    render.add_argument("--from", dest="start", type=_date, metavar="DATE", help="window start")
    render.add_argument("--to", dest="end", type=_date, metavar="DATE", help="window end")
    render.add_argument(
        "--window",
        type=_window,
        metavar="START/END",
        help="open the chart on this window, keeping every event (e.g. 2024-11-10/2024-11-30)",
    )
    for name, what in (("actor", "actor"), ("category", "category"), ("tag", "tag")):
        render.add_argument(
            f"--{name}",
            action="append",
            default=[],
            metavar=name.upper(),
            help=f"keep events with this {what} (repeat for any of several)",
        )
    render.add_argument(
        "--cdn", action="store_true", help="link plotly.js from its CDN instead of inlining it"
    )
    render.add_argument(
        "--overlay",
        metavar="TABLE",
        help="Parquet or CSV files (a path or glob) of events to count and draw under the lanes",
    )
    render.add_argument("--overlay-lane", metavar="COLUMN", help="column to count --overlay by")
    render.add_argument(
        "--every",
        default="week",
        choices=("day", "week", "month", "quarter", "year"),
        help="time bin of the --overlay counts (default: week)",
    )
    render.add_argument("--force", action="store_true", help=_FORCE_HELP)
    render.set_defaults(command="render", run=_render)

    info = commands.add_parser(
        "info", help="count events by actor, category and publisher", description=_info.__doc__
    )
    add_inputs(info)
    info.set_defaults(command="info", run=_info)

    convert = commands.add_parser(
        "convert", help="convert events between formats", description=_convert.__doc__
    )
    convert.add_argument("input", metavar="IN", help="event file to read")
    convert.add_argument("output", metavar="OUT", help="file to write")
    add_format(convert)
    convert.add_argument("--from", dest="source_format", metavar="FORMAT", help=FROM_HELP)
    convert.add_argument("--to", metavar="FORMAT", help="format of OUT (default: by extension)")
    convert.add_argument("--force", action="store_true", help=_FORCE_HELP)
    convert.set_defaults(command="convert", run=_convert)
    return parser


_FORCE_HELP = "replace OUT even when it is a read-only file"


def _validate(args: argparse.Namespace) -> int:
    """Check events in any format read here; print one line per problem, or a one-line summary.

    Our own files and folders are checked together (an id must be unique across all of them);
    a TimelineJS file or an event table (see --format) is checked on its own.
    """
    progress = _progress(args, args.paths)
    progress(f"reading {_describe(args.paths)}…")
    df = read_args(args)
    warnings: list[object] = []
    if args.strict:
        from timeline._frame.sources import source_warnings

        warnings = list(source_warnings(df))
        print("\n".join(shown(f"warning: {warning}") for warning in warnings) or "no warnings")
    count = f", {len(warnings)} warning{'' if len(warnings) == 1 else 's'}" if warnings else ""
    print(shown(f"ok: {_count(len(df))} in {', '.join(args.paths)}, no problems{count}"))
    return 0


def _render(args: argparse.Namespace) -> int:
    """Draw events as an interactive HTML page or a PNG, SVG or PDF image."""
    from timeline._frame.select import window, with_actor, with_category, with_tag
    from timeline._page.template import date_range

    output = Path(args.output)
    _refuse_overwrite(args.paths, output)
    if output.suffix.lower() not in OUTPUTS:
        raise ValueError(
            f"cannot render to '{output.suffix}' files; use one of {', '.join(OUTPUTS)}"
        )
    if args.start and args.end and pd.Timestamp(args.start) > pd.Timestamp(args.end):
        raise _UsageError(f"--from {args.start} is after --to {args.end}; swap them")
    image = output.suffix.lower() != ".html"
    progress = _progress(args, args.paths, slow=image)
    progress(f"reading {_describe(args.paths)}…")
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
    _check_groupings(df, args)
    if df.empty:
        raise ValueError("no events left after the --from/--to/--actor/--category/--tag filters")
    from timeline._figure.plot import plot

    progress(f"drawing {_count(len(df))}…")
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


def _info(args: argparse.Namespace) -> int:
    """Describe events: date range, counts by actor and category, and a check of the sources.

    The source check counts the events citing each publisher, and lists the events without
    sources and those whose sources all come from one outlet.

    Reads what validate, render and convert read: our files and folders, or one file of
    another format (see --format).
    """
    from timeline._page.template import date_range

    progress = _progress(args, args.paths)
    progress(f"reading {_describe(args.paths)}…")
    df = read_args(args)
    first, last = date_range(df)
    lines = []
    if df.attrs.get("title"):
        lines.append(str(df.attrs["title"]))
    lines.append(f"{_count(len(df))}" + (f", {first} to {last}" if first and last else ""))
    reading = df.attrs.get("date_reading") or {}
    lines += [f"dates in {column!r} read as {how}" for column, how in reading.items()]
    actors = Counter(a for value in df["actors"] for a in (value if value is not None else []))
    categories = Counter(str(c) if isinstance(c, str) else "(none)" for c in df["category"])
    unsourced = [str(i) for i, s in zip(df["id"], df["sources"], strict=True) if not _has(s)]
    lines += _table("by actor", actors)
    lines += _table("by category", categories)
    lines.append(f"events without sources: {len(unsourced)}")
    lines += [f"  {event_id}" for event_id in unsourced]
    from timeline._frame.sources import publisher_counts, single_outlet_events

    lines += _table("events citing each publisher", publisher_counts(df))
    single = single_outlet_events(df)
    lines.append(f"events resting on a single outlet: {len(single)}")
    lines += [f"  {event_id}: {outlet}" for event_id, outlet in single[:_LISTED]]
    if len(single) > _LISTED:
        lines.append(f"  … and {len(single) - _LISTED} more")
    print("\n".join(shown(line) for line in lines))
    return 0


def _convert(args: argparse.Namespace) -> int:
    """Convert events from one file format to another, chosen by extension or by --to."""
    from timeline._io.formats import write_any

    _refuse_overwrite([args.input], Path(args.output))
    progress = _progress(args, [args.input])
    progress(f"reading {args.input}…")
    df = read_args(args)
    progress(f"writing {args.output}…")
    written = write_any(df, args.output, fmt=args.to, force=args.force)
    print(shown(str(written)))
    return 0


def _date(text: str) -> str:
    """An argparse type: a date (or date and time) pandas understands, kept as written."""
    try:
        valid = not pd.isna(pd.Timestamp(text))
    except (ValueError, TypeError, OverflowError):
        valid = False
    if not valid:
        raise argparse.ArgumentTypeError(f"expected a date like 2024-11-17, not {text!r}")
    return text


def _window(text: str) -> str:
    """An argparse type: a window START/END of dates (either side may be ..), kept as written."""
    from timeline._frame.select import focus_bounds

    try:
        focus_bounds(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error
    return text


class _UsageError(Exception):
    """A command line that cannot work whatever the files hold: exit code 2."""


def _check_groupings(df: pd.DataFrame, args: argparse.Namespace) -> None:
    """--lane and --color name columns of the events that can group them, or exit 2."""
    from timeline._frame.columns import check_grouping

    for option, name in (("--lane", args.lane), ("--color", args.color)):
        if name is not None:
            try:
                check_grouping(df, name, option.strip("-"))
            except ValueError as error:
                raise _UsageError(f"{option}: {error}") from None


def _refuse_overwrite(inputs: Sequence[str], output: Path) -> None:
    from timeline._io.atomic import check_not_input

    check_not_input(inputs, output)


def _progress(
    args: argparse.Namespace, paths: Sequence[str], *, slow: bool = False
) -> Callable[[str], None]:
    """A function that reports a step on stderr, when someone is watching or the work is long."""
    watched = args.progress or sys.stderr.isatty()
    show = not args.quiet and (watched or slow or _size(paths) > _LARGE_INPUT)

    def report(message: str) -> None:
        if show:
            print(shown(message), file=sys.stderr, flush=True)

    return report


def _size(paths: Sequence[str]) -> int:
    from timeline._io.read import READERS

    total = 0
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = (p for p in path.rglob("*") if p.suffix.lower() in READERS and p.is_file())
            total += sum(f.stat().st_size for f in files)
        elif path.is_file():
            total += path.stat().st_size
    return total


def _describe(paths: Sequence[str]) -> str:
    return paths[0] if len(paths) == 1 else f"{len(paths)} paths"


def _table(heading: str, counts: Counter[str]) -> list[str]:
    if not counts:
        return [f"{heading}: none"]
    width = len(str(max(counts.values())))
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))
    return [f"{heading}:", *(f"  {n:>{width}}  {name}" for name, n in rows)]


def _has(value: Any) -> bool:
    return value is not None and len(value) > 0


def _count(n: int) -> str:
    return f"{n} event{'' if n == 1 else 's'}"


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__
