"""Many strings in one buffer: a column of text that loads at once and costs memory where it is read.

The strings are kept as UTF-16 (two bytes a Chinese character, where UTF-8 takes three) one
after the other, with where each ends. On disk, the ends are memory-mapped and the strings too,
or read with `pread` (`file_array`), so loading reads nothing; a string is decoded when it is
asked for. Any Python string survives the round trip, lone surrogates (undecodable file names)
included.
"""

from __future__ import annotations

import codecs
import itertools
import operator
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import SupportsIndex, overload

import numpy as np

from retrieval.index.checks import check_cuts
from retrieval.index.file_array import Column, FileArray, Opener, open_column
from retrieval.index.mapped import load_array, release

_ERRORS = "surrogatepass"
_BLOCK = 512  # strings decoded together when iterating


def _decode(data: memoryview | bytes) -> str:
    return codecs.utf_16_le_decode(data, _ERRORS, True)[0]  # what str(data, "utf-16-le") calls


class Texts(Sequence[str]):
    def __init__(self, buffer: Column, ends: np.ndarray) -> None:
        """`buffer`: the UTF-16-LE bytes; string i is buffer[ends[i-1]:ends[i]] (from 0 for the first)."""
        self._buffer, self._ends = buffer, ends
        # Indexing a memoryview gives Python ints and slices without numpy's overhead.
        self._stops = ends.data
        self._read: Callable[[int, int], bytes | memoryview]
        if isinstance(buffer, FileArray):
            self._read = buffer.read
        else:
            view = buffer.data
            self._read = lambda first, stop: view[first:stop]

    @classmethod
    def of(cls, strings: Iterable[str]) -> Texts:
        column = TextsBuilder()
        for s in strings:
            column.add(s)
        return column.finish()

    def __len__(self) -> int:
        return len(self._ends) - 1

    @overload
    def __getitem__(self, i: SupportsIndex) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: SupportsIndex | slice) -> str | list[str]:
        if isinstance(i, slice):
            first, stop, step = i.indices(len(self))
            return self._run(first, stop) if step == 1 else [self[j] for j in range(first, stop, step)]
        i = operator.index(i)
        n = len(self._stops) - 1
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(i)
        return _decode(self._read(self._stops[i], self._stops[i + 1]))

    def __iter__(self) -> Iterator[str]:
        """Every string, decoded a block at a time (one call for thousands of short strings)."""
        for first in range(0, len(self), _BLOCK):
            yield from self._run(first, min(first + _BLOCK, len(self)))

    def _run(self, first: int, stop: int) -> list[str]:
        """Strings `first` to `stop` (not included), decoded in one call."""
        if stop <= first:
            return []
        ends = self._stops[first : stop + 1].tolist()
        start = ends[0]
        block = _decode(self._read(start, ends[-1]))
        if 2 * len(block) != ends[-1] - start:  # a character outside the BMP: units ≠ characters
            return [self[i] for i in range(first, stop)]
        return [block[(a - start) // 2 : (b - start) // 2] for a, b in itertools.pairwise(ends)]

    def units(self) -> tuple[np.ndarray, np.ndarray]:
        """The UTF-16 units of every string one after the other, and where each string ends in
        them (0 first): what numpy can work on without decoding a string. Read whole."""
        return self._buffer[:].view(np.uint16), self._ends // 2

    def __repr__(self) -> str:
        return f"Texts({len(self)} strings, {len(self._buffer)} bytes)"

    def save(self, folder: Path, name: str) -> None:
        np.save(folder / f"{name}.utf16.npy", self._buffer[:])
        np.save(folder / f"{name}.ends.npy", self._ends)

    @classmethod
    def load(cls, folder: Path, name: str, opener: Opener = open_column) -> Texts:
        """The column saved as `name`, its strings read with `opener` (the ends are mapped)."""
        return cls(opener(folder / f"{name}.utf16.npy"), load_array(folder / f"{name}.ends.npy"))

    def check(self) -> None:
        """That the ends cut the buffer whole into strings of whole UTF-16 units; ValueError if not."""
        if self._buffer.dtype != np.uint8 or self._ends.ndim != 1 or self._ends.dtype != np.int64:
            raise ValueError("not a column of text")
        check_cuts(self._ends, len(self), len(self._buffer))
        if np.any(self._ends & 1):
            raise ValueError("text cut inside a character")
        release(self._ends)


class TextsBuilder:
    """Strings added one at a time, into one growing buffer."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._ends = array("q", [0])

    def add(self, s: str) -> None:
        self._buffer += s.encode("utf-16-le", _ERRORS)
        self._ends.append(len(self._buffer))

    def __len__(self) -> int:
        return len(self._ends) - 1

    def finish(self) -> Texts:
        return Texts(np.frombuffer(self._buffer, dtype=np.uint8), np.frombuffer(self._ends, dtype=np.int64))
