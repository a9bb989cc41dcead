"""BM25 scoring behind one small interface, so the engine can change without touching ranking.

The ranker needs each query term's BM25 contribution separately (to discount terms the
article title already carries), so the interface is per term.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Protocol

import numpy as np
from rank_bm25 import BM25Okapi


class Scorer(Protocol):
    size: int

    def term_scores(self, term: str) -> np.ndarray:
        """BM25 contribution of `term` to every document, in document order."""

    def idf(self, term: str) -> float:
        """How much a match on `term` tells; an unseen term tells the most."""

    def knows(self, term: str) -> bool:
        """Whether any document holds `term`."""


class RankBM25Scorer:
    """BM25 Okapi from rank-bm25 (the design card's engine)."""

    def __init__(self, documents: Sequence[Sequence[str]], k1: float, b: float, epsilon: float) -> None:
        self.size = len(documents)
        # rank-bm25 divides by its vocabulary size: a corpus without tokens gets no model.
        self._bm25 = BM25Okapi([list(d) for d in documents], k1=k1, b=b, epsilon=epsilon) if any(documents) else None
        self._unseen_idf = math.log((self.size + 0.5) / 0.5)

    def term_scores(self, term: str) -> np.ndarray:
        if not self.knows(term):
            return np.zeros(self.size)
        return np.asarray(self._bm25.get_scores([term]), dtype=float)

    def idf(self, term: str) -> float:
        return float(self._bm25.idf[term]) if self.knows(term) else self._unseen_idf

    def knows(self, term: str) -> bool:
        return self._bm25 is not None and term in self._bm25.idf
