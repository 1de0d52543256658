"""The ``timeline`` command: its parser, and exit codes for every way a run can end."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import pandas as pd

from timeline._cli.commands import (
    FORCE_HELP,
    OUTPUTS,
    UsageError,
    run_convert,
    run_info,
    run_render,
    run_validate,
)
from timeline._cli.inputs import FROM_HELP, PATHS_HELP, add_format, add_inputs, run_noting
from timeline._cli.terminal import one_line
from timeline._frame.errors import EventDataError, shown


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``timeline`` command with argv (default: ``sys.argv[1:]``); return the exit code.

    Exit codes: 0 success, 1 a problem with the data or the files, 2 a usage error.
    """
    parser = build_parser()
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
    except UsageError as error:
        print(shown(f"timeline: error: {one_line(error)}"), file=sys.stderr)
        return 2
    except EventDataError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    except FileNotFoundError as error:
        print(shown(f"timeline: error: no such file: {error.filename or error}"), file=sys.stderr)
        return 1
    except (ValueError, OSError, RuntimeError, ImportError) as error:  # ImportError: an extra
        print(shown(f"timeline: error: {one_line(error)}"), file=sys.stderr)
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
        f"timeline: error: {type(error).__name__}: {one_line(error)} (this is a bug in "
        "policy-timeline; please report it with the output of --traceback)"
    )


def build_parser() -> argparse.ArgumentParser:
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
        description=run_validate.__doc__,
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
    validate.set_defaults(command="validate", run=run_validate)

    render = commands.add_parser(
        "render", help="draw events to HTML, PNG, SVG or PDF", description=run_render.__doc__
    )
    render.add_argument("paths", nargs="+", metavar="PATH", help=PATHS_HELP)
    add_format(render)
    render.add_argument(
        "-o", "--output", required=True, metavar="OUT", help=f"file to write ({', '.join(OUTPUTS)})"
    )
    render.add_argument("--lane", help="column that gives each event its row (e.g. actors)")
    render.add_argument("--color", help="column that colours the events (e.g. category)")
    render.add_argument("--title", help="chart and page title (default: the dataset's)")
    render.add_argument(
        "--from", dest="start", type=date_option, metavar="DATE", help="window start"
    )
    render.add_argument("--to", dest="end", type=date_option, metavar="DATE", help="window end")
    render.add_argument(
        "--window",
        type=window_option,
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
    render.add_argument("--force", action="store_true", help=FORCE_HELP)
    render.set_defaults(command="render", run=run_render)

    info = commands.add_parser(
        "info", help="count events by actor, category and publisher", description=run_info.__doc__
    )
    add_inputs(info)
    info.set_defaults(command="info", run=run_info)

    convert = commands.add_parser(
        "convert", help="convert events between formats", description=run_convert.__doc__
    )
    convert.add_argument("input", metavar="IN", help="event file to read")
    convert.add_argument("output", metavar="OUT", help="file to write")
    add_format(convert)
    convert.add_argument("--from", dest="source_format", metavar="FORMAT", help=FROM_HELP)
    convert.add_argument("--to", metavar="FORMAT", help="format of OUT (default: by extension)")
    convert.add_argument("--force", action="store_true", help=FORCE_HELP)
    convert.set_defaults(command="convert", run=run_convert)
    return parser


def date_option(text: str) -> str:
    """An argparse type: a date (or date and time) pandas understands, kept as written."""
    try:
        valid = not pd.isna(pd.Timestamp(text))
    except (ValueError, TypeError, OverflowError):
        valid = False
    if not valid:
        raise argparse.ArgumentTypeError(f"expected a date like 2024-11-17, not {text!r}")
    return text


def window_option(text: str) -> str:
    """An argparse type: a window START/END of dates (either side may be ..), kept as written."""
    from timeline._frame.select import focus_bounds

    try:
        focus_bounds(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error
    return text
