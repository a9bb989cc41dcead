"""Bytes → text for corpus files: UTF-8 (with or without BOM), else GB18030; junk is refused."""

from __future__ import annotations

import codecs


class UndecodableError(ValueError):
    """The bytes are empty, binary or in no encoding we read."""


# Share of characters that may be control characters before a file counts as binary.
_MAX_CONTROL_SHARE = 0.01


def decode(data: bytes) -> str:
    """Return the text of a corpus file or raise UndecodableError saying why not."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if not data.strip():
        raise UndecodableError("empty file")
    if b"\x00" in data:
        raise UndecodableError("binary file (NUL bytes)")
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            raise UndecodableError("binary file (control characters)")
        return text.replace("\r\n", "\n").replace("\r", "\n")
    raise UndecodableError("neither UTF-8 nor GB18030")


def _looks_binary(text: str) -> bool:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    return controls > _MAX_CONTROL_SHARE * len(text)
