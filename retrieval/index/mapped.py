"""Arrays on disk, memory-mapped: loading reads nothing, and only the pages used come into memory.

Given back as plain ndarrays over the mapping: numpy's memmap subclass costs microseconds at every
index and slice, which a query does by the thousand. The mapping lives as long as the array, and
stays valid after its file is removed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np


def load_array(path: Path) -> np.ndarray:
    return np.asarray(np.load(path, mmap_mode="r"))
