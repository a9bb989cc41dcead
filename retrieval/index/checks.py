"""Checks of arrays read from disk, which may be damaged: each raises ValueError saying what is wrong.

A check reads its arrays through once and gives their pages back (`mapped.release`), so that
checking an index does not bring all of it into memory.
"""

from __future__ import annotations

import numpy as np

from retrieval.index.file_array import Column, whole
from retrieval.index.mapped import release


def check_csr(indptr: np.ndarray, ids: Column, rows: int, columns: int) -> None:
    """That `indptr` cuts `ids` into `rows` runs, each id below `columns`."""
    check_cuts(indptr, rows, len(ids))
    check_range(ids, 0, columns, "ids")


def check_cuts(indptr: np.ndarray, rows: int, total: int) -> None:
    """That `indptr` cuts `total` items into `rows` runs."""
    if len(indptr) != rows + 1 or indptr[0] != 0 or indptr[-1] != total:
        raise ValueError(f"{len(indptr)} row pointers for {rows} rows and {total} items")
    if rows and np.any(np.diff(indptr) < 0):
        raise ValueError("row pointers go backwards")
    release(indptr)


def check_range(column: Column, lo: int, hi: int, what: str) -> None:
    """That every value is in [lo, hi)."""
    values = whole(column)
    if len(values) and (values.min() < lo or values.max() >= hi):
        raise ValueError(f"{what} out of range [{lo}, {hi})")
    release(values)
