"""BM25 scoring behind one small interface, so the engine can change without touching ranking.

The ranker needs each query term's BM25 contribution separately (to discount terms the
article title already carries), so the interface is per term.

The variant is Lucene's: IDF = ln(1 + (N - n + 0.5) / (n + 0.5)), positive for every term.
Okapi's IDF (rank-bm25's default) is zero or negative for a term in half the documents or
more, which in a small corpus of short sentences silences the very words that matter.
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


def lucene_idf(documents: int, containing: int) -> float:
    return math.log(1 + (documents - containing + 0.5) / (containing + 0.5))


class _LuceneBM25(BM25Okapi):
    def _calc_idf(self, nd: dict[str, int]) -> None:
        for word, containing in nd.items():
            self.idf[word] = lucene_idf(self.corpus_size, containing)


class RankBM25Scorer:
    """BM25 from rank-bm25 (the design card's engine), with Lucene's IDF."""

    def __init__(self, documents: Sequence[Sequence[str]], k1: float, b: float) -> None:
        self.size = len(documents)
        # rank-bm25 divides by its vocabulary size: a corpus without tokens gets no model.
        self._bm25 = _LuceneBM25([list(d) for d in documents], k1=k1, b=b) if any(documents) else None
        self._unseen_idf = lucene_idf(self.size, 0)

    def term_scores(self, term: str) -> np.ndarray:
        if not self.knows(term):
            return np.zeros(self.size)
        return np.asarray(self._bm25.get_scores([term]), dtype=float)

    def idf(self, term: str) -> float:
        return float(self._bm25.idf[term]) if self.knows(term) else self._unseen_idf

    def knows(self, term: str) -> bool:
        return self._bm25 is not None and term in self._bm25.idf
