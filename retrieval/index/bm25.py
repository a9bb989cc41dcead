"""BM25 engines behind one small interface: a term's postings, with their scores.

Both score Lucene's variant, score = IDF · tf / (tf + k1 · (1 − b + b · dl / avgdl)) with
IDF = ln(1 + (N − n + 0.5) / (n + 0.5)), positive for every term. (Okapi's IDF, rank-bm25's
default, is zero or negative for a term in half the documents or more, which in a small corpus
of short sentences silences the very words that matter.)

- rank-bm25, the design card's engine: plain Python, fine for small corpora; a query walks
  every document for every term.
- bm25s: every (document, term) score computed once at build time into a sparse matrix; a term's
  postings are a slice of it, and the matrix is memory-mapped when loaded. The matrix is bm25s's
  own (its layout, its arithmetic, the same float32 scores: a test holds them equal), computed
  here in numpy from the term counts, since bm25s builds it from Python lists of token ids, a
  document at a time.

The ranker asks for each term separately (to discount terms an article's title already
carries) and only touches the documents that hold a term.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from rank_bm25 import BM25Okapi

from retrieval.index.checks import check_csr, check_range
from retrieval.index.file_array import Column, open_column, whole
from retrieval.index.mapped import load_array, release
from retrieval.index.term_counts import TermCounts

_EMPTY = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))


def lucene_idf(documents: int, containing: int | np.ndarray):
    return np.log1p((documents - containing + 0.5) / (containing + 0.5))


class Scorer(Protocol):
    engine: str

    @classmethod
    def build(cls, counts: TermCounts, k1: float, b: float) -> Scorer:
        """BM25 over the documents whose terms are counted in `counts`."""
        ...

    def postings(self, term: int) -> tuple[np.ndarray, np.ndarray]:
        """Ids of the documents holding `term`, ascending, and its BM25 score in each."""
        ...

    def save(self, folder: Path) -> None: ...

    @classmethod
    def load(cls, folder: Path) -> Scorer: ...

    def check(self, vocabulary: int, documents: int) -> None:
        """That what was loaded fits an index of this size; ValueError if not."""
        ...


class _LuceneBM25(BM25Okapi):
    def _calc_idf(self, nd: dict[int, int]) -> None:
        for word, containing in nd.items():
            self.idf[word] = float(lucene_idf(self.corpus_size, containing))


class RankBM25Scorer:
    engine = "rank-bm25"

    def __init__(self, bm25: Any) -> None:
        self._bm25 = bm25
        self._postings = _inverted(bm25) if bm25 is not None else {}

    @classmethod
    def build(cls, counts: TermCounts, k1: float, b: float) -> RankBM25Scorer:
        docs = counts.by_document()
        # rank-bm25 divides by its vocabulary size: a corpus without tokens gets no model.
        return cls(_LuceneBM25(docs, k1=k1, b=b) if any(docs) else None)

    def postings(self, term: int) -> tuple[np.ndarray, np.ndarray]:
        return self._postings.get(term, _EMPTY)

    def save(self, folder: Path) -> None:
        (folder / "rank_bm25.pkl").write_bytes(pickle.dumps(self._bm25, protocol=pickle.HIGHEST_PROTOCOL))

    @classmethod
    def load(cls, folder: Path) -> RankBM25Scorer:
        return cls(pickle.loads((folder / "rank_bm25.pkl").read_bytes()))

    def check(self, vocabulary: int, documents: int) -> None:
        if self._bm25 is None:
            return
        if not isinstance(self._bm25, _LuceneBM25) or self._bm25.corpus_size != documents:
            raise ValueError("rank-bm25 model of another corpus")
        check_range(np.fromiter(self._bm25.idf, np.int64, len(self._bm25.idf)), 0, vocabulary, "terms")


def _inverted(bm25: Any) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Every term's postings under rank-bm25's model, its formula applied once at load.

    rank-bm25's own `get_scores` walks every document for every query term: 3 ms a term at 10k
    sentences. (It also multiplies by k1 + 1, a constant Lucene leaves out.)
    """
    sizes = np.fromiter(map(len, bm25.doc_freqs), np.int64, len(bm25.doc_freqs))
    docs = np.repeat(np.arange(len(sizes)), sizes)
    terms = np.fromiter((t for d in bm25.doc_freqs for t in d), np.int64, int(sizes.sum()))
    tf = np.fromiter((f for d in bm25.doc_freqs for f in d.values()), np.float64, len(terms))
    idf = np.array([bm25.idf.get(int(t), 0.0) for t in range(int(terms.max(initial=-1)) + 1)])
    norm = bm25.k1 * (1 - bm25.b + bm25.b * np.asarray(bm25.doc_len, np.float64) / bm25.avgdl)
    scores = (idf[terms] * (tf / (tf + norm[docs]))).astype(np.float32)
    order = np.lexsort((docs, terms))
    terms, docs, scores = terms[order], docs[order], scores[order]
    bounds = np.flatnonzero(np.diff(terms)) + 1
    return {
        int(group[0]): (d, sc)
        for group, d, sc in zip(
            np.split(terms, bounds), np.split(docs, bounds), np.split(scores, bounds), strict=True
        )
        if len(group) and idf[group[0]] > 0
    }


class BM25SScorer:
    engine = "bm25s"

    def __init__(self, data: Column, indices: Column, indptr: np.ndarray) -> None:
        """The scores and document ids (CSC, a term's run read at a time when on disk)."""
        self._data, self._indices, self._indptr = data, indices, indptr

    @classmethod
    def build(cls, counts: TermCounts, k1: float, b: float) -> BM25SScorer:
        return cls(lucene_scores(counts, k1, b), counts.documents, counts.indptr)

    def postings(self, term: int) -> tuple[np.ndarray, np.ndarray]:
        if term + 1 >= len(self._indptr):
            return _EMPTY
        start, end = self._indptr[term], self._indptr[term + 1]
        return self._indices[start:end], self._data[start:end]

    def save(self, folder: Path) -> None:
        for name, array in (("data", self._data), ("indices", self._indices), ("indptr", self._indptr)):
            np.save(folder / f"bm25s.{name}.npy", array[:])

    @classmethod
    def load(cls, folder: Path) -> BM25SScorer:
        data, indices = (open_column(folder / f"bm25s.{name}.npy") for name in ("data", "indices"))
        return cls(data, indices, load_array(folder / "bm25s.indptr.npy"))

    def check(self, vocabulary: int, documents: int) -> None:
        if len(self._indptr) > vocabulary + 1 or len(self._data) != len(self._indices):
            raise ValueError("bm25s matrix of another shape")
        check_csr(self._indptr, self._indices, len(self._indptr) - 1, documents)
        data = whole(self._data)
        if len(data) and not (np.isfinite(data).all() and data.min() >= 0):
            raise ValueError("bm25s scores that are not finite non-negative numbers")
        release(data)


_CHUNK = 1 << 21  # entries scored at a time: the float64 temporaries stay small


def lucene_scores(counts: TermCounts, k1: float, b: float) -> np.ndarray:
    """The BM25 score (float32) of each entry of `counts`, as bm25s computes it: IDF rounded to
    float32, the rest in float64, the product rounded to float32."""
    documents = len(counts.lengths)
    if not documents or not len(counts.counts):
        return np.zeros(len(counts.counts), dtype=np.float32)
    frequencies = counts.frequencies
    idf = np.log(1 + (documents - frequencies + 0.5) / (frequencies + 0.5)).astype(np.float32)
    norm = k1 * ((1 - b) + b * counts.lengths / counts.lengths.mean())
    terms = np.repeat(np.arange(counts.vocabulary, dtype=np.int32), frequencies)
    scores = np.empty(len(counts.counts), dtype=np.float32)
    for start in range(0, len(scores), _CHUNK):
        part = slice(start, start + _CHUNK)
        tf = counts.counts[part].astype(np.float64)
        scores[part] = idf[terms[part]].astype(np.float64) * (tf / (norm[counts.documents[part]] + tf))
    return scores


ENGINES: dict[str, type[Scorer]] = {"rank-bm25": RankBM25Scorer, "bm25s": BM25SScorer}


def choose_engine(configured: str, sentences: int, threshold: int) -> str:
    """`auto` picks rank-bm25 for small corpora and bm25s from `threshold` sentences on."""
    if configured != "auto":
        return configured
    return "bm25s" if sentences >= threshold else "rank-bm25"
