"""Postings asked of many keys and documents at once: the same as each key's run read alone."""

from __future__ import annotations

import numpy as np

from retrieval.index.postings import Postings


def test_held_is_each_keys_membership():
    rng = np.random.default_rng(1)
    runs = [np.flatnonzero(rng.random(50) < share) for share in (0.0, 0.1, 0.5, 1.0, 0.02)]
    postings = Postings(np.cumsum([0, *map(len, runs)]), np.concatenate(runs).astype(np.int32))
    keys, documents = [4, 0, 2, 3, 1, 2, 9], np.array([0, 49, 7, 7, 23, 1], dtype=np.int32)
    expected = [[int(d) in postings[k].tolist() for k in keys] for d in documents]
    assert postings.held(keys, documents).tolist() == expected
    assert postings.held([], documents).shape == (len(documents), 0)
    assert postings.held([0], documents).tolist() == [[False]] * len(documents)
