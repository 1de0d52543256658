"""YAML read as written: plain data only, lines of every mapping and key, no alias bombs.

Every scalar is text, as written: YAML 1.1's implicit types (``0123`` as 83, ``NO`` as false,
``12:30`` as 750, ``2024-02-30`` as a date) are not applied, so dates reach our EDTF parser and
names keep their spelling. Only ``~``/``null``/an empty value is nothing, and a plain number
such as ``3`` or ``2.5`` may be read as a number where the format asks for one (``importance``).
Merge keys (``<<: *defaults``) merge, as in YAML 1.1. PyYAML's C parser is used where present.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

from timeline._frame.errors import Problem, Unreadable, repeated_key_problems
from timeline._frame.limits import limit, over_limit

_STANDARD = "tag:yaml.org,2002:"
_MERGE = f"{_STANDARD}merge"
_NUMBER = "tag:policy-timeline,2026:plain-number"
"""Our tag for a plain scalar written as a decimal number: text that may be read as one."""
_NUMBER_PATTERN = re.compile(
    r"[-+]?(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][-+]?[0-9]+)?\Z"
)
NUMBER_FIELDS = ("importance",)
"""Event keys whose plain numbers are read as numbers; everywhere else they stay text."""
_NUMBERS_OR_MERGE = (*NUMBER_FIELDS, "<<")


class _Resolver(yaml.resolver.BaseResolver):
    """No YAML 1.1 implicit types: text, except nothing, merge keys and plain numbers."""


_Resolver.add_implicit_resolver(
    f"{_STANDARD}null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
_Resolver.add_implicit_resolver(_MERGE, re.compile(r"^(?:<<)$"), ["<"])
_Resolver.add_implicit_resolver(_NUMBER, _NUMBER_PATTERN, list("-+.0123456789"))


class _Constructor(yaml.constructor.SafeConstructor):
    """SafeConstructor with our plain numbers, which it builds as text."""


_Constructor.add_constructor(_NUMBER, yaml.constructor.SafeConstructor.construct_yaml_str)  # type: ignore[type-var]
_KNOWN_TAGS = frozenset([*_Constructor.yaml_constructors, _MERGE])

if yaml.__with_libyaml__:
    from yaml.cyaml import CParser  # type: ignore[attr-defined]

    class _Loader(CParser, _Constructor, _Resolver):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _Constructor.__init__(self)
            _Resolver.__init__(self)

else:  # pragma: no cover - PyYAML built without libyaml

    class _Loader(  # type: ignore[no-redef]
        yaml.reader.Reader,
        yaml.scanner.Scanner,
        yaml.parser.Parser,
        yaml.composer.Composer,
        _Constructor,
        _Resolver,
    ):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            _Constructor.__init__(self)
            _Resolver.__init__(self)


class _LineLoader(_Loader):
    """Our loader, recording ``id(mapping) -> (line, {key: line})`` while constructing."""

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
    if any(name in key_lines for name in _NUMBERS_OR_MERGE):
        for key, value in node.value:  # merged pairs included: construct_mapping flattened them
            if (
                value.tag == _NUMBER
                and isinstance(key, yaml.ScalarNode)
                and key.value in NUMBER_FIELDS
            ):
                data[key.value] = _number(value.value)


def _number(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        return float(text)


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)  # type: ignore[type-var]


class AliasAllowance:
    """What aliases may still add to a file read in pieces (TIMELINE_MAX_ALIAS_BYTES at first)."""

    def __init__(self) -> None:
        self.left = limit("TIMELINE_MAX_ALIAS_BYTES")


def load_yaml(
    text: str,
    file: str,
    problems: list[Problem] | None = None,
    allowance: AliasAllowance | None = None,
) -> tuple[Any, dict[int, tuple[int, dict[str, int]]]]:
    """Parse one YAML document safely; return it and the line table, or raise a Problem list.

    The line table maps ``id()`` of each mapping to its line and the lines of its keys, and of
    the events list to the lines of its items. Keys repeated within a mapping are appended to
    ``problems`` when it is given. ``allowance``, shared by the pieces of one file read in
    pieces, is what their aliases may add in all; it shrinks by what this piece's add.
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
        if "*" in text or "!" in text:  # no alias without '*', no tag without '!'
            added = _check_nodes(node, file, len(text), allowance)
            if allowance is not None:
                allowance.left -= added
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


def _check_nodes(
    root: yaml.Node, file: str, size: int, allowance: AliasAllowance | None = None
) -> int:
    """Refuse tags that would build objects, alias bombs and values over the size limit.

    ``size`` is the document's length: aliases may add at most TIMELINE_MAX_ALIAS_BYTES
    characters to it (or what ``allowance`` has left), counted in characters of text (not
    nodes, so that many aliases of one long text are refused as surely as the 'billion
    laughs'). Returns the characters the aliases add.
    """
    sizes: dict[int, int] = {}
    tagged: list[yaml.Node] = []
    large: list[yaml.Node] = []
    expanded = _expanded_size(root, sizes, file, tagged, large)
    problems = [
        Problem(
            file,
            node.start_mark.line + 1,
            f"YAML tags that build objects are refused (the tag "
            f"{node.tag.replace(_STANDARD, '!!')!r}); files are loaded as plain data only",
        )
        for node in tagged
    ]
    problems += [
        Problem(
            file,
            node.start_mark.line + 1,
            "a value of " + over_limit("characters", len(node.value), "TIMELINE_MAX_VALUE_BYTES"),
        )
        for node in large[:10]
    ]
    added = expanded - size
    if added > (allowance.left if allowance is not None else limit("TIMELINE_MAX_ALIAS_BYTES")):
        problems.append(
            Problem(
                file,
                root.start_mark.line + 1,
                "aliases expand this document by "
                + over_limit("characters", added, "TIMELINE_MAX_ALIAS_BYTES")
                + " (refused as a likely YAML bomb)",
            )
        )
    if problems:
        raise Unreadable(problems)
    return added


def _expanded_size(
    root: yaml.Node,
    sizes: dict[int, int],
    file: str,
    tagged: list[yaml.Node],
    large: list[yaml.Node],
) -> int:
    """Expanded size of root in characters, without recursion (deep documents must not crash us).

    Each node counts one character besides its text. Nodes whose tag safe loading cannot build
    as plain data are collected in ``tagged``, texts over the value limit in ``large``.
    """
    longest = limit("TIMELINE_MAX_VALUE_BYTES")
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            if node.tag not in _KNOWN_TAGS:
                tagged.append(node)
            if len(node.value) > longest:
                large.append(node)
            sizes[id(node)] = 1 + len(node.value)
            continue
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
        if node.tag not in _KNOWN_TAGS:
            tagged.append(node)
        open_nodes.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)
    return sizes[id(root)]
