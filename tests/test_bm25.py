"""Each engine scores as its library does: the bm25s matrix, built here from token arrays, equal
to what bm25s builds from the same sentences, and rank-bm25's postings, laid out at load, equal to
what rank-bm25 scores term by term."""

from __future__ import annotations

import numpy as np

from retrieval.index.bm25 import BM25SScorer, RankBM25Scorer
from retrieval.index.term_counts import count_terms


def test_the_score_matrix_is_the_one_bm25s_builds(qa):
    import bm25s

    index, k1, b = qa.index, qa.settings.bm25.k1, qa.settings.bm25.b
    lengths = np.diff(index.token_ptr)
    owners = np.repeat(np.arange(index.size, dtype=np.int32), lengths)
    ours = BM25SScorer.build(count_terms(index.token_ids, owners, len(index.vocab), index.size), k1, b)
    reference = bm25s.BM25(method="lucene", idf_method="lucene", k1=k1, b=b)
    documents = [index.token_ids[a:z].tolist() for a, z in zip(index.token_ptr, index.token_ptr[1:])]  # noqa: B905
    reference.index(
        (documents, {i: i for i in range(len(index.vocab))}), create_empty_token=False, show_progress=False
    )
    for term in range(len(index.vocab)):
        start, end = reference.scores["indptr"][term], reference.scores["indptr"][term + 1]
        ids, scores = ours.postings(term)
        assert ids.tolist() == reference.scores["indices"][start:end].tolist()
        assert scores.tolist() == reference.scores["data"][start:end].tolist()  # the same float32s


def test_rank_bm25_postings_are_the_scores_rank_bm25_gives(qa):
    index, k1, b = qa.index, qa.settings.bm25.k1, qa.settings.bm25.b
    lengths = np.diff(index.token_ptr)
    owners = np.repeat(np.arange(index.size, dtype=np.int32), lengths)
    ours = RankBM25Scorer.build(count_terms(index.token_ids, owners, len(index.vocab), index.size), k1, b)
    model = ours._bm25
    for term in range(0, len(index.vocab), 7):
        expected = np.asarray(model.get_scores([term])) / (k1 + 1)  # rank-bm25 walks every sentence
        ids, scores = ours.postings(term)
        assert ids.tolist() == np.flatnonzero(expected).tolist()
        assert np.allclose(scores, expected[ids], rtol=1e-6)


def test_counts_weigh_and_group_by_term():
    counts = count_terms(
        np.array([2, 0, 2, 1, 2]), np.array([0, 0, 0, 1, 1]), 3, 3, weights=np.array([1, 1, 1, 2, 1])
    )
    assert counts.indptr.tolist() == [0, 1, 2, 4]
    assert counts.documents.tolist() == [0, 1, 0, 1]
    assert counts.counts.tolist() == [1, 2, 2, 1]
    assert counts.lengths.tolist() == [3, 3, 0]
    assert counts.by_document() == [[0, 2, 2], [1, 1, 2], []]
