"""The inputs of every ``timeline`` command: paths, ``--format`` and how to read tables."""

from __future__ import annotations

import argparse
import sys
import warnings

import pandas as pd

PATHS_HELP = (
    "event files or folders, or one file of another format (TimelineJS JSON or spreadsheet "
    "CSV, an ACLED export, a .parquet, .xlsx or .tsv table)"
)
_FORMAT_HELP = (
    "read the input as this format: ours (our YAML, JSON or CSV files and folders), "
    "timelinejs, timelinejs-csv, table (any table of events), acled, or yaml, json, csv "
    "(default: by extension, and for .json and .csv by content)"
)
FROM_HELP = "the same as --format (deprecated: use --format)"
READ_AS = ("ours", "timelinejs", "timelinejs-csv", "table", "acled", "yaml", "json", "csv")


def add_inputs(command: argparse.ArgumentParser) -> None:
    """PATH..., --format and the table options, for a command that reads what render reads."""
    command.add_argument("paths", nargs="+", metavar="PATH", help=PATHS_HELP)
    add_format(command)
    command.add_argument("--from", dest="source_format", metavar="FORMAT", help=FROM_HELP)


def add_format(command: argparse.ArgumentParser) -> None:
    """--format, and how to read an event table's dates and missing cells."""
    command.add_argument(
        "--format", dest="input_format", choices=READ_AS, metavar="FORMAT", help=_FORMAT_HELP
    )
    table = command.add_argument_group("event tables (CSV, TSV, Parquet, Excel)")
    table.add_argument(
        "--date-format",
        metavar="FORM",
        help="the form of dates that are not EDTF, e.g. '%%d/%%m/%%Y' (default: found from "
        "the values: 9-May-20, 09 May 2020, May 9, 2020, 2020/05/09, 20200509, 55 BC, ...)",
    )
    table.add_argument(
        "--dayfirst",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="read dates such as 1/2/2020 day first (--no-dayfirst: month first)",
    )
    table.add_argument(
        "--na-values",
        metavar="LIST",
        help="comma-separated cells that mean missing (default: NA,N/A,NaN,null,None,#N/A,-); "
        "'' for none",
    )


def read_args(args: argparse.Namespace) -> pd.DataFrame:
    """The events in the command's PATHs, read as --format says (or as their files say)."""
    from timeline._io.formats import read_inputs

    fmt = args.input_format
    given = getattr(args, "source_format", None)
    if given is not None:
        print("timeline: note: --from FORMAT is deprecated; use --format", file=sys.stderr)
        if fmt is not None and fmt != given:
            raise ValueError(f"--format {fmt} and --from {given} disagree; give --format only")
        fmt = given
    na = args.na_values
    options = {
        "date_format": args.date_format,
        "dayfirst": args.dayfirst,
        "na_values": None if na is None else [v for v in na.split(",") if v.strip()],
        "every_problem": getattr(args, "every_problem", False) or None,
    }
    paths = getattr(args, "paths", None) or [args.input]
    return read_inputs(paths, fmt, **options)


def run_noting(args: argparse.Namespace) -> int:
    """Run the command, printing what the readers noticed as notes on stderr."""
    from timeline._frame.errors import ReadNotice

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ReadNotice)
        try:
            return int(args.run(args))
        finally:
            notes = [w for w in caught if issubclass(w.category, ReadNotice)]
            others = [w for w in caught if not issubclass(w.category, ReadNotice)]
            for note in notes:
                print(f"timeline: note: {note.message}", file=sys.stderr)
            caught.clear()
            warnings.simplefilter("default")  # the others as they would have been shown
            for other in others:
                warnings.warn_explicit(other.message, other.category, other.filename, other.lineno)
