"""The package's layout: stages as subpackages, data flowing one way, no cycles, small modules."""

from __future__ import annotations

import ast
from pathlib import Path

import timeline

PACKAGE = Path(timeline.__file__).parent
STAGES = ["_frame", "_io", "_counts", "_figure", "_page"]
"""In the order data flows; the front ends (modules at the top) may use them all."""


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(("timeline", *parts))] = path
    return found


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names) for every `from timeline... import` in the file, lazy ones included."""
    tree = ast.parse(path.read_text())
    return [
        (node.module, [alias.name for alias in node.names])
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("timeline")
    ]


def _stage(module: str) -> int:
    parts = module.split(".")
    return STAGES.index(parts[1]) if len(parts) > 1 and parts[1] in STAGES else len(STAGES)


def test_each_stage_is_a_documented_subpackage():
    for stage in STAGES:
        init = PACKAGE / stage / "__init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text()))
        assert (doc and "Takes" in doc) or "takes" in (doc or ""), f"{stage} says what it takes"
        assert not [
            n
            for n in ast.parse(init.read_text()).body
            if isinstance(n, ast.Import | ast.ImportFrom)
        ]


def test_no_stage_reaches_back():
    for module, path in _modules().items():
        for target, names in _imports(path):
            if target == "timeline" and names == ["__version__"]:
                continue  # the page names the version that wrote it
            assert _stage(target) <= _stage(module), f"{module} imports the later stage {target}"


def test_no_private_name_crosses_modules():
    for module, path in _modules().items():
        for target, names in _imports(path):
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            assert not private, f"{module} imports private {private} from {target}"


def test_no_import_cycle():
    modules = _modules()
    graph = {
        name: {t for t, _ in _imports(path) if t in modules and t != name}
        for name, path in modules.items()
        if name != "timeline"  # the package root re-exports everything, lazily
    }
    done: set[str] = set()

    def visit(node: str, trail: list[str]) -> None:
        assert node not in trail, "import cycle: " + " -> ".join(
            [*trail[trail.index(node) :], node]
        )
        if node in done or node not in graph:
            return
        for nxt in sorted(graph[node]):
            visit(nxt, [*trail, node])
        done.add(node)

    for name in sorted(graph):
        visit(name, [])


def test_no_module_over_400_lines():
    long = {m: n for m, p in _modules().items() if (n := len(p.read_text().splitlines())) > 400}
    assert not long
