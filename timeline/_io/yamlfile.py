"""Safe YAML loading that remembers the line of every mapping and key, and refuses alias bombs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from timeline._frame.errors import Problem, Unreadable, repeated_key_problems

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SafeConstructor = yaml.constructor.SafeConstructor
_STANDARD = "tag:yaml.org,2002:"
MAX_EXPANSION = 10
"""A document may expand through aliases to at most this many times its own size."""


class _LineLoader(_BaseLoader):
    """SafeLoader that records ``id(mapping) -> (line, {key: line})`` while constructing."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.lines: dict[int, tuple[int, dict[str, int]]] = {}
        # (mapping, key, line of its first use, line of the repeat): PyYAML keeps the last
        # silently, which would lose data without a word.
        self.repeated: list[tuple[dict[Any, Any], str, int, int]] = []


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> Iterator[dict[Any, Any]]:
    data: dict[Any, Any] = {}
    key_lines: dict[str, int] = {}
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode):
            name, line = str(key.value), key.start_mark.line + 1
            if name in key_lines and name != "<<":
                loader.repeated.append((data, name, key_lines[name], line))
            else:
                key_lines[name] = line
    loader.lines[id(data)] = (node.start_mark.line + 1, key_lines)
    yield data
    data.update(loader.construct_mapping(node))


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


def load_yaml(
    text: str, file: str, problems: list[Problem] | None = None
) -> tuple[Any, dict[int, tuple[int, dict[str, int]]]]:
    """Parse one YAML document safely; return it and the line table, or raise a Problem list.

    The line table maps ``id()`` of each mapping to its line and the lines of its keys, and of
    the events list to the lines of its items. Keys repeated within a mapping are appended to
    ``problems`` when it is given.
    """
    loader = _LineLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise Unreadable(
                [
                    Problem(
                        file,
                        1,
                        "the file is empty; expected a mapping with 'events' or a list of events",
                    )
                ]
            )
        _check_nodes(node, file)
        document = loader.construct_document(node)
        _locate_events(node, document, loader.lines)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        raise Unreadable([Problem(file, line, _yaml_message(error))]) from error
    except yaml.reader.ReaderError as error:  # a character YAML does not allow, unmarked
        line = text.count("\n", 0, error.position) + 1
        code = error.character if isinstance(error.character, int) else ord(error.character)
        message = f"the character U+{code:04X} is not allowed in YAML; delete it"
        raise Unreadable([Problem(file, line, message)]) from error
    except yaml.YAMLError as error:
        message = " ".join(f"not valid YAML: {error}".split())
        raise Unreadable([Problem(file, None, message)]) from error
    finally:
        loader.dispose()
    if problems is not None:
        problems += repeated_key_problems(file, loader.repeated)
    return document, loader.lines


def _locate_events(root: yaml.Node, document: Any, lines: dict[int, Any]) -> None:
    """Record the line of every item of the events list, mappings or not."""
    node: yaml.Node | None = root
    events = document
    if isinstance(root, yaml.MappingNode) and isinstance(document, dict):
        node = next(
            (v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == "events"),
            None,
        )
        events = document.get("events")
    if isinstance(node, yaml.SequenceNode) and isinstance(events, list):
        item_lines = {str(i): item.start_mark.line + 1 for i, item in enumerate(node.value)}
        lines[id(events)] = (node.start_mark.line + 1, item_lines)


def _yaml_message(error: yaml.MarkedYAMLError) -> str:
    problem = error.problem or "syntax error"
    if isinstance(error, yaml.constructor.ConstructorError) and "tag" in problem:
        return (
            f"YAML tags that build objects are refused ({problem.strip()}); "
            "files are loaded as plain data only"
        )
    if isinstance(error, yaml.composer.ComposerError) and "single document" in (
        error.context or ""
    ):
        return (
            "the file holds more than one YAML document (a second '---'); "
            "put all events in one document"
        )
    context = f" {error.context}" if error.context else ""
    start, at = error.context_mark, error.problem_mark
    if context and start and at and start.line != at.line:
        context += f" that starts at line {start.line + 1}"
    hint = "; indent with spaces, not tabs" if "tab character" in problem else ""
    return f"not valid YAML: {problem}{context}{hint}"


def _check_nodes(root: yaml.Node, file: str) -> None:
    """Refuse alias bombs (the 'billion laughs') and every tag that would build an object."""
    sizes: dict[int, int] = {}
    tagged: list[yaml.Node] = []
    expanded = _expanded_size(root, sizes, file, tagged)
    if tagged:
        raise Unreadable(
            [
                Problem(
                    file,
                    node.start_mark.line + 1,
                    f"YAML tags that build objects are refused (the tag "
                    f"{node.tag.replace(_STANDARD, '!!')!r}); files are loaded as plain data only",
                )
                for node in tagged
            ]
        )
    if expanded > MAX_EXPANSION * len(sizes) + 10_000:
        raise Unreadable(
            [
                Problem(
                    file,
                    root.start_mark.line + 1,
                    f"aliases expand this document to {expanded:,} nodes from "
                    f"{len(sizes):,}; refused as a likely YAML bomb",
                )
            ]
        )


def _expanded_size(
    root: yaml.Node, sizes: dict[int, int], file: str, tagged: list[yaml.Node]
) -> int:
    """Expanded node count of root, without recursion (deep documents must not crash us).

    Nodes whose tag safe loading cannot build as plain data are collected in ``tagged``.
    """
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
            raise Unreadable(
                [
                    Problem(
                        file,
                        node.start_mark.line + 1,
                        "an alias refers to the node that contains it; recursive YAML is refused",
                    )
                ]
            )
        if node.tag not in _SafeConstructor.yaml_constructors:
            tagged.append(node)
        open_nodes.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)
    return sizes[id(root)]
