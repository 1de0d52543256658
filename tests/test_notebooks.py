"""Every notebook in notebooks/ is committed clean and runs top to bottom without an error."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT

NOTEBOOKS = ROOT / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
# A private name of the package, as in `timeline._figure.plot` or `from timeline._frame.build import`.
PLOTLY = "application/vnd.plotly.v1+json"
PRIVATE = re.compile(r"\btimeline\._|\bfrom\s+timeline\s+import\s+_")


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def test_the_three_tutorial_notebooks_are_there():
    assert [p.name for p in PATHS] == [
        "01-quickstart.ipynb",
        "02-explore.ipynb",
        "03-your-own-timeline.ipynb",
        "04-large-tables.ipynb",
    ]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_notebook_is_committed_without_outputs(path):
    nb = _read(path)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: a code cell has outputs"
            assert cell.execution_count is None, f"{path.name}: a code cell has an execution count"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_notebook_uses_only_the_public_api(path):
    for cell in _read(path).cells:
        if cell.cell_type == "code":
            assert not PRIVATE.search(cell.source), f"{path.name}: private import in\n{cell.source}"


def test_quickstart_draws_the_timeline_within_three_code_cells():
    cells = [c for c in _read(NOTEBOOKS / "01-quickstart.ipynb").cells if c.cell_type == "code"]
    assert any(".plot(" in cell.source for cell in cells[:3])


def _run(path: Path) -> list[nbformat.NotebookNode]:
    from nbclient import NotebookClient

    nb = _read(path)
    # The client executes this in-memory copy, so the file on disk keeps no outputs; a cell
    # that raises makes execute() raise CellExecutionError, which fails the test.
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    ).execute()
    return [cell for cell in nb.cells if cell.cell_type == "code"]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom_and_shows_figures(path):
    cells = _run(path)
    shown = [
        i
        for i, cell in enumerate(cells)
        if any(PLOTLY in output.get("data", {}) for output in cell.outputs)
    ]
    assert shown, f"{path.name} shows no plotly figure"
    if path.name == "01-quickstart.ipynb":
        assert shown[0] < 3, "the quickstart must show a timeline within its first three code cells"


def _strip_command() -> list[str]:
    """The clean filter that `make` gives git for notebooks, run with this interpreter."""
    import shlex
    import subprocess
    import sys

    dry_run = subprocess.run(
        ["make", "--no-print-directory", "-n", "notebook-filter"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (command,) = re.findall(r"git config filter\.nbstripout\.clean '([^']+)'", dry_run)
    words = shlex.split(command)
    assert words[:3] == [".venv/bin/python", "-m", "nbstripout"]
    return [sys.executable, *words[1:]]


def test_git_strips_outputs_and_kernel_details_from_every_notebook():
    import subprocess

    assert "*.ipynb filter=nbstripout diff=ipynb" in (ROOT / ".gitattributes").read_text()
    for path in PATHS:
        nb = _read(path)
        nb.metadata["language_info"].update(version="3.11.7", pygments_lexer="ipython3")
        for count, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
            cell.execution_count = count + 1
            cell.outputs = [nbformat.v4.new_output("stream", text="run\n")]
        cleaned = subprocess.run(
            _strip_command(), input=nbformat.writes(nb) + "\n", capture_output=True, text=True
        )
        assert cleaned.returncode == 0, cleaned.stderr
        assert cleaned.stdout == path.read_text(encoding="utf-8"), path.name
