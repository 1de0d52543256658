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
    if order := _utf16_order(data):
        raise Unreadable(
            [
                Problem(
                    file,
                    1,
                    f"the file looks like UTF-16 ({order}) without a byte order mark: every "
                    "other byte is zero; save it as UTF-8",
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
    if not text or text.isspace():  # no copy of a large text
        raise Unreadable([Problem(file, 1, "the file is empty; expected events")])
    if b"\x00" in data:  # searched in the bytes, many times faster than in the text
        raise Unreadable(
            [
                Problem(
                    file,
                    text[: text.index("\x00")].count("\n") + 1,
                    "the file holds NUL characters; it is not a text file",
                )
            ]
        )
    return text.replace("\r\n", "\n") if b"\r" in data else text


def _utf16_order(data: bytes) -> str | None:
    """ "little-endian" or "big-endian" when data looks like UTF-16 text without a BOM."""
    sample = data[:4096]
    half = len(sample) // 2
    if half < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 0.6 * half and even < 0.1 * half:
        return "little-endian"
    if even > 0.6 * half and odd < 0.1 * half:
        return "big-endian"
    return None
