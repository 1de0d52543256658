"""Safe YAML loading that remembers the line of every mapping and key, and refuses alias bombs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from ._errors import Problem

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_EXPANSION = 10
"""A document may expand through aliases to at most this many times its own size."""


class _LineLoader(_BaseLoader):
    """SafeLoader that records ``id(mapping) -> (line, {key: line})`` while constructing."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.lines: dict[int, tuple[int, dict[str, int]]] = {}


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> Iterator[dict[Any, Any]]:
    data: dict[Any, Any] = {}
    key_lines = {
        str(key.value): key.start_mark.line + 1
        for key, _ in node.value
        if isinstance(key, yaml.ScalarNode)
    }
    loader.lines[id(data)] = (node.start_mark.line + 1, key_lines)
    yield data
    data.update(loader.construct_mapping(node))


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


def load_yaml(text: str, file: str) -> tuple[Any, dict[int, tuple[int, dict[str, int]]]]:
    """Parse one YAML document safely; return it and the line table, or raise a Problem list."""
    loader = _LineLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise _Refused(
                [
                    Problem(
                        file,
                        1,
                        "the file is empty; expected a mapping with 'events' or a list of events",
                    )
                ]
            )
        _check_expansion(node, file)
        document = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        raise _Refused([Problem(file, line, _yaml_message(error))]) from error
    except yaml.YAMLError as error:
        raise _Refused([Problem(file, None, f"not valid YAML: {error}")]) from error
    finally:
        loader.dispose()
    return document, loader.lines


class _Refused(Exception):
    """Raised inside loading with the problems that stop the file from being read."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


def _yaml_message(error: yaml.MarkedYAMLError) -> str:
    problem = error.problem or "syntax error"
    if isinstance(error, yaml.constructor.ConstructorError) and "tag" in problem:
        return (
            f"YAML tags that build objects are refused ({problem.strip()}); "
            "files are loaded as plain data only"
        )
    context = f" {error.context}" if error.context else ""
    return f"not valid YAML: {problem}{context}"


def _check_expansion(root: yaml.Node, file: str) -> None:
    """Refuse documents whose aliases expand far beyond their size (the 'billion laughs')."""
    sizes: dict[int, int] = {}
    expanded = _expanded_size(root, sizes, file)
    if expanded > MAX_EXPANSION * len(sizes) + 10_000:
        raise _Refused(
            [
                Problem(
                    file,
                    root.start_mark.line + 1,
                    f"aliases expand this document to {expanded:,} nodes from "
                    f"{len(sizes):,}; refused as a likely YAML bomb",
                )
            ]
        )


def _expanded_size(root: yaml.Node, sizes: dict[int, int], file: str) -> int:
    """Expanded node count of root, without recursion (deep documents must not crash us)."""
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        if done:
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
            open_nodes.discard(id(node))
            continue
        if id(node) in sizes:
            continue
        if id(node) in open_nodes:
            raise _Refused(
                [
                    Problem(
                        file,
                        node.start_mark.line + 1,
                        "an alias refers to the node that contains it; recursive YAML is refused",
                    )
                ]
            )
        open_nodes.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)
    return sizes[id(root)]
