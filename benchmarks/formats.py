"""Our YAML and JSON formats against the plain parsers: ``python -m benchmarks.formats``.

Generates the events of ``benchmarks.generate`` as YAML and JSON (written by
``timeline.write_events``), then times, each in a fresh process, ``timeline.read_events`` and
the parser alone on the same file: ``yaml.load`` with PyYAML's C safe loader, ``json.load``.
Targets: at 100,000 events, reading takes at most 1.5 times the parser alone; at 1,000,000
events (``--large``), the peak memory of reading grows by at most 4 times the file's size.
Writes its own section of ``benchmarks/results.md`` (``make bench`` runs it after the others).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from timeline._io.atomic import atomic_path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.md"
SECTION = "## Our formats: YAML and JSON"
TIME_LIMIT = 1.5
MEMORY_LIMIT = 4.0
SMALL, LARGE = 100_000, 1_000_000
_NOT_RUN = {"seconds": float("nan"), "peak_above_start_mb": float("nan"), "skipped": True}


def main(argv: list[str] | None = None) -> int:
    """Run the format benchmarks, or one step of them (``step NAME PATH``) in this process."""
    args = _parser().parse_args(argv)
    if args.command == "step":
        print(json.dumps(STEPS[args.name](args.path)))
        return 0
    sizes = args.sizes or ([SMALL, LARGE] if args.large else [SMALL])
    rows = [
        _measure(Path(args.data), n, suffix, args.repeat)
        for n in sizes
        for suffix in (".yaml", ".json")
    ]
    text = _section(rows, LARGE in sizes)
    print(text)
    if args.write:
        write_section(Path(args.results), text)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.formats", description=__doc__)
    parser.set_defaults(command="run")
    parser.add_argument("--data", default=str(HERE / "data"), help="folder of generated files")
    parser.add_argument("--large", action="store_true", help="also 1,000,000 events (slow)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each step (best kept)")
    parser.add_argument(
        "--sizes", type=int, nargs="*", help="numbers of events to measure (default: 100,000)"
    )
    parser.add_argument("--results", default=str(RESULTS), help="the results file to update")
    parser.add_argument(
        "--no-write", dest="write", action="store_false", help="print only, keep results.md"
    )
    steps = parser.add_subparsers(dest="command")
    step = steps.add_parser("step", help="run one measured step in this process")
    step.add_argument("name", choices=["ours", "yaml", "json"])
    step.add_argument("path")
    return parser


def ensure_file(folder: Path, n: int, suffix: str) -> Path:
    """The events of the generated CSV with n events, written in our format ``suffix``."""
    from benchmarks.generate import csv_path, ensure

    target = csv_path(folder, n).with_suffix(suffix)
    if not target.exists():
        import timeline
        from timeline._io.write import events_text

        frame = timeline.read_events(ensure(folder, n))
        text = events_text(frame, suffix)
        with atomic_path(target) as partial:
            partial.write_text(text, encoding="utf-8")
    return target


def _measure(folder: Path, n: int, suffix: str, repeat: int) -> dict[str, Any]:
    path = ensure_file(folder, n, suffix)
    baseline = "yaml" if suffix == ".yaml" else "json"
    ours = [_step("ours", path) for _ in range(repeat if n <= SMALL else 1)]  # memory: once
    # The plain parsers hold the whole parsed document: at 1,000,000 events 8 to 16 GB, more
    # than the machines these run on can spare, and no target needs them there.
    theirs = [_step(baseline, path) for _ in range(repeat if n <= SMALL else 0)] or [_NOT_RUN]
    return {
        "n": n,
        "format": suffix[1:].upper(),
        "bytes": path.stat().st_size,
        "ours": min(ours, key=lambda r: r["seconds"]),
        "ours_peak": min(r["peak_above_start_mb"] for r in ours),
        "theirs": min(theirs, key=lambda r: r["seconds"]),
        "theirs_peak": min(r["peak_above_start_mb"] for r in theirs),
        "baseline": "yaml.load (CSafeLoader)" if baseline == "yaml" else "json.load",
    }


def _step(name: str, path: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.formats", "step", name, str(path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=HERE.parent,
    )
    if done.returncode != 0:
        return {
            "seconds": float("nan"),
            "peak_above_start_mb": float("nan"),
            "error": done.stderr[-300:],
        }
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _read_ours(path: str) -> dict[str, Any]:
    import timeline
    import timeline._io.jsonfile
    import timeline._io.read
    import timeline._io.yamlfile
    from benchmarks.steps import measure

    frame, stats = measure(lambda: timeline.read_events(path))
    return {**stats, "rows": len(frame)}


def _read_yaml(path: str) -> dict[str, Any]:
    import yaml

    from benchmarks.steps import measure

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def load() -> Any:
        with open(path, encoding="utf-8") as handle:
            return yaml.load(handle, Loader=loader)

    document, stats = measure(load)
    return {**stats, "rows": len(document["events"] if isinstance(document, dict) else document)}


def _read_json(path: str) -> dict[str, Any]:
    from benchmarks.steps import measure

    def load() -> Any:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)

    document, stats = measure(load)
    return {**stats, "rows": len(document["events"] if isinstance(document, dict) else document)}


STEPS = {"ours": _read_ours, "yaml": _read_yaml, "json": _read_json}


def _section(rows: list[dict[str, Any]], large: bool) -> str:
    lines = [
        SECTION,
        "",
        "Written by `python -m benchmarks.formats --large` (`make bench`; without `--large`, "
        "100,000 events only). Files written by `write_events` from the generated events; "
        "times are the best of the runs (one run at 1,000,000 events), each in a fresh "
        "process; memory is the growth of the peak resident set during the call (`VmHWM`).",
        "",
        "| events | format | file | `read_events` | baseline | time ratio (limit 1.5 at 100,000) "
        "| memory growth / file size (limit 4 at 1,000,000) |",
        "|---:|---|---:|---|---|---:|---:|",
    ]
    for row in rows:
        mb = row["bytes"] / 2**20
        ratio = row["ours"]["seconds"] / row["theirs"]["seconds"]
        memory = row["ours_peak"] / mb
        time_ok = "" if row["n"] != SMALL else (" pass" if ratio <= TIME_LIMIT else " FAIL")
        memory_ok = "" if row["n"] != LARGE else (" pass" if memory <= MEMORY_LIMIT else " FAIL")
        theirs = (
            f"{row['baseline']} not run (it holds the whole parsed document)"
            if row["theirs"].get("skipped")
            else f"{row['baseline']} {row['theirs']['seconds']:.2f} s, "
            f"+{row['theirs_peak']:,.0f} MB"
        )
        lines.append(
            f"| {row['n']:,} | {row['format']} | {mb:,.0f} MB "
            f"| {row['ours']['seconds']:.2f} s, +{row['ours_peak']:,.0f} MB "
            f"| {theirs} | {'-' if ratio != ratio else f'{ratio:.2f}'}{time_ok} "
            f"| {memory:.1f}{memory_ok} |"
        )
    if not large:
        lines += ["", "1,000,000 events not measured in this run (`--large`)."]
    return "\n".join(lines) + "\n"


def write_section(path: Path, section: str) -> None:
    """Replace our section of results.md (or add it at the end), leaving the rest as it is."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if SECTION in text:
        start = text.index(SECTION)
        after = text.find("\n## ", start + len(SECTION))
        text = text[:start] + section + (text[after + 1 :] if after >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    with atomic_path(path) as partial:
        partial.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
