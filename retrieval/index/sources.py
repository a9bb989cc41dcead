"""The articles of an index as every front end lists them (`qabot sources`, `/sources`)."""

from __future__ import annotations

import numpy as np

from retrieval.index.sentence_index import Index
from retrieval.models import Citation, Source


def list_sources(index: Index) -> list[Source]:
    counts = np.bincount(index.sentence_article, minlength=len(index.articles)) if index.size else None
    return [
        Source(Citation.of(article), int(counts[i]) if counts is not None else 0)
        for i, article in enumerate(index.articles)
    ]
