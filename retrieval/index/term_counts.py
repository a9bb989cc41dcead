"""How often each term occurs in each document, from token arrays: what BM25 is computed from.

Kept by term (a CSR matrix of terms × documents), which is also the layout of postings: a term's
row lists the documents holding it, ascending. Made by scipy's sparse matrices, never by Python
loops over tokens.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class TermCounts:
    indptr: np.ndarray  # term t's entries are [indptr[t], indptr[t + 1])
    documents: np.ndarray  # int32: the document of each entry, ascending within a term
    counts: np.ndarray  # int32: how often the term occurs in that document
    lengths: np.ndarray  # int64: tokens in each document

    @property
    def vocabulary(self) -> int:
        return len(self.indptr) - 1

    @property
    def frequencies(self) -> np.ndarray:
        """How many documents hold each term."""
        return np.diff(self.indptr)

    def by_document(self) -> list[list[int]]:
        """Each document's term ids, a term as often as it occurs (in no particular order)."""
        import scipy.sparse as sp

        matrix = sp.csr_array(
            (self.counts, self.documents, self.indptr), shape=(self.vocabulary, len(self.lengths))
        )
        per_document = matrix.T.tocsr()
        ends = per_document.indptr.tolist()
        return [
            np.repeat(per_document.indices[a:b], per_document.data[a:b]).tolist()
            for a, b in itertools.pairwise(ends)
        ]


def count_terms(
    terms: np.ndarray, owners: np.ndarray, vocabulary: int, documents: int, weights: np.ndarray | None = None
) -> TermCounts:
    """The counts of `terms` (ids below `vocabulary`), each token in document `owners[i]` and
    counted `weights[i]` times (once by default)."""
    import scipy.sparse as sp

    lengths = np.bincount(owners, minlength=documents)
    if weights is None:
        weights = np.ones(len(terms), dtype=np.int32)
    else:  # the few tokens counted more than once add to their documents' lengths
        more = weights != 1
        lengths += np.bincount(owners[more], weights[more] - 1, minlength=documents).astype(np.int64)
    matrix = sp.csr_array(
        (weights.astype(np.int32, copy=False), (terms, owners)), shape=(vocabulary, documents)
    )
    matrix.sum_duplicates()
    return TermCounts(
        matrix.indptr.astype(np.int64),
        matrix.indices.astype(np.int32, copy=False),
        matrix.data.astype(np.int32, copy=False),
        lengths.astype(np.int64, copy=False),
    )
