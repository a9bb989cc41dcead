"""An `Index` as files in a folder, read back without reading: loading maps and opens files.

The columns a question reads a hundred times (sentence texts, token ids) are memory-mapped; the
big ones it reads only here and there (article texts, word lengths, postings, BM25 scores) are
read with `pread` when their file is big (`file_array.open_column`): mapped, each of those few
reads would map the page cache's folio around it whole (up to 2 MB), and a few hundred questions
held them nearly whole. At 1M sentences, 300 questions left 780 MB of a mapped index in the
process, 290 MB of this one; reading every column with `pread` would leave 55 MB, for a system
call at each of some 300 reads a question (0.5-1 ms).

    index.json                     the engine and the sizes, said again to catch a mismatch
    <array>.npy                    each numeric column (sentence_article, token_ids, word_len, …)
    <postings>.indptr.npy, .ids.npy  which articles hold each term (in the title, anywhere) or bigram
    bigrams.npy                    the character bigrams of the articles' text (`bigrams`)
    <column>.utf16.npy, .ends.npy  each column of text (texts, normalized, article_text, vocab, …)
    sentences/, articles/          the BM25 scorers (`bm25`)

Only the vocabulary becomes Python objects when loaded (a dict, for looking terms up).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from retrieval.index.article_table import ArticleTable
from retrieval.index.bigrams import Bigrams
from retrieval.index.bm25 import ENGINES
from retrieval.index.file_array import Opener, open_column
from retrieval.index.mapped import load_array
from retrieval.index.postings import Postings
from retrieval.index.sentence_index import Index
from retrieval.index.texts import Texts

_ARRAYS = (
    "plain",
    "sentence_article",
    "paragraph",
    "position",
    "section",
    "previous",
    "question",
    "word_ptr",
    "token_ptr",
    "token_ids",
    "sentence_df",
)
_POSTINGS: dict[str, Opener] = {"title_postings": load_array, "article_postings": open_column}


def save_index(index: Index, folder: Path) -> None:
    for name in (*_ARRAYS, "word_len"):
        np.save(folder / f"{name}.npy", getattr(index, name)[:])
    for name in _POSTINGS:
        getattr(index, name).save(folder, name)
    index.bigrams.save(folder)
    index.texts.save(folder, "texts")
    index.normalized.save(folder, "normalized")
    index.article_text.save(folder, "article_text")
    Texts.of(index.vocab).save(folder, "vocab")
    Texts.of(index.sections).save(folder, "sections")
    index.articles.save(folder)
    for name, scorer in (("sentences", index.sentence_scorer), ("articles", index.article_scorer)):
        (folder / name).mkdir()
        scorer.save(folder / name)
    sizes = {"engine": index.engine, "sentences": index.size, "terms": len(index.vocab)}
    (folder / "index.json").write_text(json.dumps(sizes), encoding="ascii")


def load_index(folder: Path) -> Index:
    """The index in `folder`, checked; any error (ValueError, OSError, KeyError…) if it is damaged."""
    sizes = json.loads((folder / "index.json").read_text(encoding="ascii"))
    terms = Texts.load(folder, "vocab")
    terms.check()
    vocab = dict(zip(terms, range(len(terms)), strict=True))
    if len(vocab) != len(terms) or len(vocab) != sizes["terms"]:
        raise ValueError("a vocabulary that names a term twice")
    scorer = ENGINES[sizes["engine"]]
    postings = {name: Postings.load(folder, name, opener) for name, opener in _POSTINGS.items()}
    index = Index(
        engine=sizes["engine"],
        articles=ArticleTable.load(folder),
        article_text=Texts.load(folder, "article_text"),
        vocab=vocab,
        texts=Texts.load(folder, "texts", load_array),
        normalized=Texts.load(folder, "normalized", load_array),
        sections=list(Texts.load(folder, "sections")),
        **{name: load_array(folder / f"{name}.npy") for name in _ARRAYS},
        word_len=open_column(folder / "word_len.npy"),
        title_postings=postings["title_postings"],
        article_postings=postings["article_postings"],
        bigrams=Bigrams.load(folder),
        sentence_scorer=scorer.load(folder / "sentences"),
        article_scorer=scorer.load(folder / "articles"),
    )
    if index.size != sizes["sentences"]:
        raise ValueError(f"{index.size} sentences where {sizes['sentences']} were written")
    index.check()
    return index
