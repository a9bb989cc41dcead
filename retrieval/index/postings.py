"""Postings: for each key (a term, a bigram), the ids of the documents that hold it, as CSC arrays."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from retrieval.index.checks import check_csr
from retrieval.index.file_array import Column, Opener, open_column
from retrieval.index.mapped import load_array


@dataclass(frozen=True)
class Postings:
    """Key id → the ids (ascending) of the documents that hold it: a CSC column per key."""

    indptr: np.ndarray
    ids: Column  # read a key's run at a time when on disk

    def __getitem__(self, key: int) -> np.ndarray:
        if key < 0 or key + 1 >= len(self.indptr):
            return self.ids[:0]
        return self.ids[self.indptr[key] : self.indptr[key + 1]]

    def held(self, keys: list[int], documents: np.ndarray) -> np.ndarray:
        """documents × keys: whether each key's postings hold each document. One search for all
        the keys: their runs end to end, each run's ids shifted past the one before's."""
        runs = [self[k].astype(np.int64) for k in keys]
        shift = 1 + max([int(documents.max(initial=0)), *(int(run[-1]) for run in runs if len(run))])
        wanted = documents.astype(np.int64)[:, None] + np.arange(len(keys), dtype=np.int64) * shift
        if not any(len(run) for run in runs):
            return np.zeros(wanted.shape, dtype=bool)
        ids = np.concatenate([run + j * shift for j, run in enumerate(runs)])
        return ids.take(ids.searchsorted(wanted), mode="clip") == wanted

    def check(self, keys: int, documents: int) -> None:
        check_csr(self.indptr, self.ids, keys, documents)

    def save(self, folder: Path, name: str) -> None:
        np.save(folder / f"{name}.indptr.npy", self.indptr)
        np.save(folder / f"{name}.ids.npy", self.ids[:])

    @classmethod
    def load(cls, folder: Path, name: str, opener: Opener = open_column) -> Postings:
        """The postings saved as `name`, their ids read with `opener` (the pointers are mapped)."""
        return cls(load_array(folder / f"{name}.indptr.npy"), opener(folder / f"{name}.ids.npy"))
