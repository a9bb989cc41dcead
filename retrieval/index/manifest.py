"""What a generation of the index was made from: settings, code, and each file as it was read.

Kept as JSON with every non-ASCII character escaped, so file names that are not valid UTF-8
(held by Python as lone surrogates) survive the round trip.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, NamedTuple


class Stamp(NamedTuple):
    """What a file looks like without reading it: when it is unchanged, so is its content."""

    size: int
    mtime_ns: int


class Entry(NamedTuple):
    """One corpus file as it was indexed."""

    stamp: Stamp
    digest: str  # sha1 of its bytes (or "size:N" for a file too large to read)
    skipped: str | None  # why it holds no article, if it holds none


class Assembly(NamedTuple):
    """The settings that shape the index but not the tokens: a change reassembles, no tokenizing."""

    engine: str
    bm25s_from_sentences: int
    k1: float
    b: float


@dataclass(frozen=True)
class Manifest:
    format: str  # the code and tokenization settings that made the generation
    assembly: Assembly
    files: dict[str, Entry]
    corpus: str

    def to_bytes(self) -> bytes:
        files = {name: [*e.stamp, e.digest, e.skipped] for name, e in self.files.items()}
        data = {"format": self.format, "assembly": list(self.assembly), "files": files, "corpus": self.corpus}
        return json.dumps(data, ensure_ascii=True).encode("ascii")

    @classmethod
    def from_bytes(cls, data: bytes) -> Manifest:
        """The manifest in `data`; ValueError when it is not one, whatever its shape."""
        raw = json.loads(data)
        if not isinstance(raw, dict) or not isinstance(raw.get("files"), dict):
            raise ValueError("not a manifest")
        assembly = Assembly(*_fields(raw.get("assembly"), (str, int, float, float)))
        files = {}
        for name, value in raw["files"].items():
            size, mtime, digest, skipped = _fields(value, (int, int, str, (str, type(None))))
            files[name] = Entry(Stamp(size, mtime), digest, skipped)
        return cls(_fields([raw.get("format")], (str,))[0], assembly, files, str(raw.get("corpus")))


def _fields(value: Any, kinds: tuple) -> list:
    """`value` as a list of the given kinds (an int is a float too), or ValueError."""
    if not isinstance(value, list) or len(value) != len(kinds):
        raise ValueError(f"not a manifest: {value!r:.80}")
    out = []
    for item, kind in zip(value, kinds, strict=True):
        if kind is float and isinstance(item, int):
            item = float(item)
        if isinstance(item, bool) or not isinstance(item, kind):
            raise ValueError(f"not a manifest: {value!r:.80}")
        out.append(item)
    return out
