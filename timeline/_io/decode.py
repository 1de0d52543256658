"""File bytes to text: UTF-8 (with or without a byte order mark), or a clear refusal."""

from __future__ import annotations

from timeline._frame.errors import Problem, Unreadable


def decode_text(data: bytes, file: str) -> str:
    """The text of a file, line ends made ``\\n``; Unreadable for UTF-16, other encodings, NUL."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Unreadable(
            [
                Problem(
                    file, 1, "the file is UTF-16 (a spreadsheet's 'Unicode text'); save it as UTF-8"
                )
            ]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise Unreadable(
            [
                Problem(
                    file,
                    line,
                    f"the file is not UTF-8 (byte 0x{data[error.start]:02x}); save it as UTF-8",
                )
            ]
        ) from None
    if not text.strip():
        raise Unreadable([Problem(file, 1, "the file is empty; expected events")])
    if "\x00" in text:
        raise Unreadable(
            [
                Problem(
                    file,
                    text[: text.index("\x00")].count("\n") + 1,
                    "the file holds NUL characters; it is not a text file",
                )
            ]
        )
    return text.replace("\r\n", "\n")
