"""Plain text to HTML and back, for the formats whose text fields hold HTML (TimelineJS, vis)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

META_CLASS = "pt-meta"
"""Class of the element that carries what a format cannot hold (see docs/interchange.md)."""
META_ATTRIBUTE = "data-pt"

_BLOCKS = frozenset((
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
))  # fmt: skip
_SKIPPED = frozenset({"script", "style", "template"})
_VOID = frozenset((
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
))  # fmt: skip
_WHITE = " \t\n\r\f"  # HTML's white space: a no-break space is text, kept as it is
_SPACE = re.compile(f"[{_WHITE}]+")
_PARAGRAPH_BREAK = re.compile(f"\n[ \t]*\n[{_WHITE}]*")


@dataclass
class Parsed:
    """The visible text of an HTML fragment, and the data of its policy-timeline block."""

    text: str
    meta: str | None = None
    meta_count: int = 0


@dataclass
class _State:
    paragraphs: list[str] = field(default_factory=list)
    line: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


class _TextParser(HTMLParser):
    """Collects text the way a browser lays it out: blocks become paragraphs, <br> a new line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.state = _State()
        self.meta: str | None = None
        self.meta_count = 0
        self._hidden: list[str] = []  # open elements whose content is not text (block, script)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._hidden:
            if tag not in _VOID:
                self._hidden.append(tag)
            return
        values = dict(attrs)
        if META_CLASS in (values.get("class") or "").split():
            self.meta_count += 1
            if self.meta is None:
                self.meta = values.get(META_ATTRIBUTE) or ""
            self._break(paragraph=True)
            if tag not in _VOID:
                self._hidden.append(tag)
            return
        if tag in _SKIPPED:
            self._hidden.append(tag)
        elif tag == "br":
            self._break(paragraph=False)
        elif tag in _BLOCKS:
            self._break(paragraph=True)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self._hidden and self._hidden[-1] == tag:
            self._hidden.pop()

    def handle_endtag(self, tag: str) -> None:
        if self._hidden:
            if tag in self._hidden:
                while self._hidden.pop() != tag:
                    pass
            return
        if tag in _BLOCKS:
            self._break(paragraph=True)

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.state.line.append(data)

    def _break(self, *, paragraph: bool) -> None:
        state = self.state
        state.lines.append(_SPACE.sub(" ", "".join(state.line)).strip(_WHITE))
        state.line = []
        if paragraph:
            text = "\n".join(line for line in state.lines if line)
            if text:
                state.paragraphs.append(text)
            state.lines = []

    def result(self) -> Parsed:
        self.close()
        self._break(paragraph=True)
        return Parsed("\n\n".join(self.state.paragraphs), self.meta, self.meta_count)


def parse_html(fragment: str) -> Parsed:
    """The text of an HTML fragment as plain text (paragraphs split by a blank line).

    Whitespace is collapsed as a browser would; the content of the policy-timeline block is
    left out of the text and its ``data-pt`` attribute returned as ``meta``.
    """
    parser = _TextParser()
    parser.feed(fragment)
    return parser.result()


def html_to_text(fragment: str, *, inline: bool = False) -> str:
    """Plain text of an HTML fragment; ``inline`` joins everything into one line."""
    text = parse_html(fragment).text
    return _SPACE.sub(" ", text).strip(_WHITE) if inline else text


def text_to_html(text: str) -> str:
    """Plain text as HTML paragraphs: a blank line starts a paragraph, a newline is <br>."""
    paragraphs = [p.strip(_WHITE) for p in _PARAGRAPH_BREAK.split(text.strip(_WHITE))]
    return "".join(
        "<p>"
        + "<br>".join(html.escape(line.strip(_WHITE), quote=False) for line in p.split("\n"))
        + "</p>"
        for p in paragraphs
        if p
    )


def escape(text: str, *, quote: bool = True) -> str:
    """Text escaped for an HTML attribute, or with ``quote=False`` for a text node."""
    return html.escape(text, quote=quote)
