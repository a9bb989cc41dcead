"""What the index works out once for every question: each sentence's lead."""

from __future__ import annotations

import numpy as np


def test_a_sentence_leads_on_from_the_one_before_under_the_same_heading(qa):
    index = qa.index
    ids = np.arange(index.size)
    leads = index.leads(ids)
    for sid in ids.tolist():
        before = sid - 1
        if index.previous[sid] >= 0:  # in the same paragraph
            expected = int(index.previous[sid])
        elif (
            before >= 0
            and index.sentence_article[before] == index.sentence_article[sid]
            and index.section[before] == index.section[sid]
        ):  # the last of the paragraph before, under the same heading
            expected = before
        else:
            expected = -1
        assert leads[sid] == expected == index.lead(sid)
    assert (leads == -1).any() and (leads != ids - 1).any() and (leads >= 0).any()
