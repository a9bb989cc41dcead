"""Bytes → text for corpus files, whatever their encoding; junk is refused, never guessed at.

Order: a byte-order mark (UTF-8, UTF-16, UTF-32) decides; otherwise valid UTF-8 is UTF-8 (a page
that declares gb2312 but was saved again as UTF-8 is common); otherwise the charset the file
declares (an HTML page's <meta charset>), when it decodes cleanly; otherwise charset-normalizer
detects it among the encodings Chinese text comes in, judging the result by how coherent it reads,
so Big5 is not read as GB18030 mojibake.
"""

from __future__ import annotations

import codecs
import re


class UndecodableError(ValueError):
    """The bytes are empty, binary or in no encoding we read."""


# Share of characters that may be control characters before a file counts as binary.
_MAX_CONTROL_SHARE = 0.01
# Most "mess" charset-normalizer may find in the detected text (0: clean, 1: noise).
_MAX_CHAOS = 0.2
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Encodings Chinese text is found in; detection chooses among these only.
_CANDIDATES = ["gb18030", "big5", "big5hkscs", "utf_16", "utf_32", "utf_8"]
# Declared names that mean a subset of an encoding we decode with.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")  # control characters that text never holds
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first bytes, if any."""
    match = _DECLARED.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def decode(data: bytes, declared: str | None = None) -> str:
    """Return the text of a corpus file or raise UndecodableError saying why not."""
    text = _decode(data, declared)
    if not text.strip():
        raise UndecodableError("empty file")
    if _looks_binary(text):
        raise UndecodableError("binary file (control characters)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes, declared: str | None) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise UndecodableError(f"not valid {encoding} despite its byte-order mark") from None
    if not data.strip():
        raise UndecodableError("empty file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(_SUPERSETS.get(declared, declared))
        except (UnicodeDecodeError, LookupError):
            pass
    from charset_normalizer import from_bytes  # only files in no declared or UTF encoding need it

    best = from_bytes(data, cp_isolation=_CANDIDATES).best()
    if best is None or best.chaos > _MAX_CHAOS:
        kind = "binary file (NUL bytes)" if b"\x00" in data else "garbled text"
        raise UndecodableError(f"{kind}: no encoding reads it as text")
    return str(best)


def _looks_binary(text: str) -> bool:
    return len(_CONTROL.findall(text)) > _MAX_CONTROL_SHARE * len(text)
