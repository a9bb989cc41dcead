"""Arrays on disk, memory-mapped: loading reads nothing, and only the pages used come into memory.

Given back as plain ndarrays over the mapping (numpy's memmap subclass costs microseconds at
every index and slice, which a query does by the thousand). The mapping lives as long as the
array, and stays valid after its file is removed. An array read through once, to check it, gives
its pages back (`release`): they stay in the page cache, not in the process.
"""

from __future__ import annotations

import mmap
from pathlib import Path

import numpy as np


def load_array(path: Path) -> np.ndarray:
    """The array of a .npy file, mapped; ValueError if the file does not hold a whole one."""
    with path.open("rb") as f:
        version = np.lib.format.read_magic(f)
        header = (
            np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
        )
        shape, fortran, dtype = header(f)
        if fortran or dtype.hasobject or len(shape) != 1:
            raise ValueError(f"{path.name}: not a flat array of numbers")
        offset = f.tell()
        mapping = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    if offset + shape[0] * dtype.itemsize != len(mapping):
        raise ValueError(f"{path.name}: {len(mapping) - offset} bytes for {shape[0]} values")
    return np.frombuffer(mapping, dtype=dtype, count=shape[0], offset=offset)


def release(array: np.ndarray) -> None:
    """Drop the array's pages from this process's memory, if it is mapped from a file."""
    base: object = array
    while isinstance(base, np.ndarray) and base.base is not None:
        base = base.base
    if isinstance(base, memoryview):
        base = base.obj
    if isinstance(base, mmap.mmap) and hasattr(mmap, "MADV_DONTNEED"):
        base.madvise(mmap.MADV_DONTNEED)
