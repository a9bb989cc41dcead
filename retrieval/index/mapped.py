"""Arrays on disk, memory-mapped: loading reads nothing, and only the pages used come into memory.

Given back as plain ndarrays over the mapping (numpy's memmap subclass costs microseconds at
every index and slice, which a query does by the thousand). The mapping lives as long as the
array, and stays valid after its file is removed. An array read through once, to check it, gives
its pages back (`release`): they stay in the page cache, not in the process.
"""

from __future__ import annotations

import mmap
import os
from pathlib import Path
from typing import BinaryIO

import numpy as np


def npy_header(f: BinaryIO, name: str) -> tuple[np.dtype, int, int]:
    """The dtype, length and data offset of the open .npy file `f`; ValueError if it does not
    hold a whole flat array of numbers."""
    version = np.lib.format.read_magic(f)
    header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
    shape, fortran, dtype = header(f)
    if fortran or dtype.hasobject or len(shape) != 1:
        raise ValueError(f"{name}: not a flat array of numbers")
    offset, size = f.tell(), os.fstat(f.fileno()).st_size
    if offset + shape[0] * dtype.itemsize != size:
        raise ValueError(f"{name}: {size - offset} bytes for {shape[0]} values")
    return dtype, shape[0], offset


def map_array(f: BinaryIO, dtype: np.dtype, length: int, offset: int) -> np.ndarray:
    """The array at `offset` in the open file `f`, mapped."""
    mapping = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    return np.frombuffer(mapping, dtype=dtype, count=length, offset=offset)


def load_array(path: Path) -> np.ndarray:
    """The array of a .npy file, mapped; ValueError if the file does not hold a whole one."""
    with path.open("rb") as f:
        return map_array(f, *npy_header(f, path.name))


def release(array: np.ndarray) -> None:
    """Drop the array's pages from this process's memory, if it is mapped from a file."""
    base: object = array
    while isinstance(base, np.ndarray) and base.base is not None:
        base = base.base
    if isinstance(base, memoryview):
        base = base.obj
    if isinstance(base, mmap.mmap) and hasattr(mmap, "MADV_DONTNEED"):
        base.madvise(mmap.MADV_DONTNEED)
