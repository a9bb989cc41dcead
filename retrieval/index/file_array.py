"""A flat array in a .npy file, its runs of values read with `pread` when asked for.

For the big columns a question reads only here and there (article texts, word lengths, postings,
BM25 scores): a read costs the process the bytes asked for. Memory-mapped, each scattered read
maps the page cache's folio around it whole (up to 2 MB on Linux 6.x), and a few hundred
questions left nearly every big file mapped in the process (800 MB of a 1M-sentence index). The
file stays open, so the array stays valid after the file is removed (a newer index generation),
and `pread` shares no file position between threads.
"""

from __future__ import annotations

import operator
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, SupportsIndex, overload

import numpy as np

from retrieval.index.mapped import load_array, map_array, npy_header

# A file this small is mapped: whole, it costs little, and a mapped read no system call.
MAPPED_UP_TO = 16 << 20


class FileArray:
    """The array of a .npy file: `a[i:j]` reads those values into a new, read-only ndarray, `a[i]`
    the one value."""

    def __init__(self, path: Path) -> None:
        self.name = path.name
        self._file = path.open("rb", buffering=0)
        self.dtype, self._length, self._offset = npy_header(self._file, path.name)
        self._fd, self._itemsize = self._file.fileno(), self.dtype.itemsize

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, key: slice) -> np.ndarray: ...
    @overload
    def __getitem__(self, key: SupportsIndex) -> Any: ...
    def __getitem__(self, key: slice | SupportsIndex) -> Any:
        if isinstance(key, slice):
            first, stop, step = key.indices(self._length)
            if step != 1:
                raise ValueError("a FileArray reads runs of values, not strides")
            return np.frombuffer(self.read(first, stop), self.dtype)  # a keyword costs 0.5 µs
        i = operator.index(key)
        i = i + self._length if i < 0 else i
        if not 0 <= i < self._length:
            raise IndexError(key)
        return np.frombuffer(self.read(i, i + 1), self.dtype)[0]

    def read(self, first: int, stop: int) -> bytes:
        """The bytes of values `first` to `stop` (not included; none when stop <= first), both
        within the array."""
        size = self._itemsize
        count = stop - first if stop > first else 0
        data = os.pread(self._fd, count * size, self._offset + first * size)
        if len(data) != count * size:
            raise ValueError(f"{self.name}: shorter than its header says")
        return data

    def mapped(self) -> np.ndarray:
        """The whole array, memory-mapped: for a check that reads it through once (and gives
        its pages back, `mapped.release`)."""
        return map_array(self._file, self.dtype, self._length, self._offset)

    def __repr__(self) -> str:
        return f"FileArray({self.name}, {self._length} × {self.dtype})"


# A column of numbers as a question reads it: in memory (an index just built, or memory-mapped)
# or read from disk a run at a time.
Column = np.ndarray | FileArray
# How a column is opened: `open_column`, or always mapped (`mapped.load_array`).
Opener = Callable[[Path], Column]


def open_column(path: Path) -> Column:
    """The array of a .npy file: mapped when the file is small (an index of a few thousand
    sentences), else a `FileArray`."""
    return load_array(path) if path.stat().st_size <= MAPPED_UP_TO else FileArray(path)


def whole(column: Column) -> np.ndarray:
    """The column as one ndarray, a FileArray mapped: for a check that reads it through once."""
    return column.mapped() if isinstance(column, FileArray) else column
