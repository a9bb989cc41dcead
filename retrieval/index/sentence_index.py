"""Article parts → the searchable index: sentences, their tokens, and BM25 over sentences and articles.

Kept as arrays, not objects, so a million sentences load in seconds and fit in memory: token
ids per sentence (CSR), which articles hold each term (CSC), one text per sentence. Each
article's sentences' tokens make up its own BM25 document too, with the title and source counted
twice, so a sentence can inherit relevance from its article.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from retrieval.index.bm25 import ENGINES, Scorer, lucene_idf
from retrieval.index.checks import check_csr, check_range
from retrieval.models import Article, Sentence

if TYPE_CHECKING:  # parts reads files: a question needs none of that
    from retrieval.index.parts import ArticlePart

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Postings:
    """Term id → the ids (ascending) of the documents that hold it: a CSC column per term."""

    indptr: np.ndarray
    ids: np.ndarray

    def __getitem__(self, term: int) -> np.ndarray:
        if term < 0 or term + 1 >= len(self.indptr):
            return self.ids[:0]
        return self.ids[self.indptr[term] : self.indptr[term + 1]]

    @classmethod
    def invert(cls, rows: list[np.ndarray], vocabulary: int) -> Postings:
        """From the distinct term ids of each row to the rows of each term."""
        lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
        terms = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int32)
        owners = np.repeat(np.arange(len(rows), dtype=np.int32), lengths)
        order = np.argsort(terms, kind="stable")
        counts = np.bincount(terms, minlength=vocabulary)
        indptr = np.zeros(vocabulary + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        return cls(indptr, owners[order])

    def check(self, vocabulary: int, documents: int) -> None:
        check_csr(self.indptr, self.ids, vocabulary, documents)


@dataclass
class Index:
    engine: str
    articles: list[Article]
    article_text: list[str]  # normalised title, source and body, for finding names
    plain: np.ndarray  # per article: its text needs no normalising (no Traditional, full-width…)
    vocab: dict[str, int]
    texts: list[str]  # sentence texts
    sentence_article: np.ndarray  # article position of each sentence
    paragraph: np.ndarray
    position: np.ndarray
    section: np.ndarray  # index into `sections`
    sections: list[str]
    previous: np.ndarray  # id of the sentence before in the same paragraph, or -1
    token_ptr: np.ndarray  # sentence i's token ids are token_ids[token_ptr[i]:token_ptr[i+1]]
    token_ids: np.ndarray
    sentence_df: np.ndarray  # sentences holding each term
    title_postings: Postings  # articles whose title or source holds each term
    article_postings: Postings  # articles that hold each term anywhere
    sentence_scorer: Scorer
    article_scorer: Scorer

    @property
    def size(self) -> int:
        return len(self.texts)

    def check(self) -> None:
        """That the parts fit together (lengths, id ranges), so that no lookup can fail or mislead;
        ValueError saying what does not. For an index read from disk, which may be damaged."""
        n, articles, vocabulary = self.size, len(self.articles), len(self.vocab)
        per_sentence = (self.sentence_article, self.paragraph, self.position, self.section, self.previous)
        if any(len(column) != n for column in per_sentence) or len(self.token_ptr) != n + 1:
            raise ValueError("sentence columns of different lengths")
        if len(self.article_text) != articles or len(self.plain) != articles:
            raise ValueError("article columns of different lengths")
        if len(self.sentence_df) != vocabulary or sorted(self.vocab.values()) != list(range(vocabulary)):
            raise ValueError("vocabulary and term counts disagree")
        check_range(self.sentence_article, 0, articles, "sentence articles")
        check_range(self.section, 0, len(self.sections), "sections")
        check_range(self.previous, -1, n, "previous sentences")
        check_range(self.sentence_df, 0, n + 1, "term counts")
        check_csr(self.token_ptr, self.token_ids, n, vocabulary)
        self.title_postings.check(vocabulary, articles)
        self.article_postings.check(vocabulary, articles)
        self.sentence_scorer.check(vocabulary, n)
        self.article_scorer.check(vocabulary, articles)

    def sentence(self, i: int) -> Sentence:
        article = self.articles[self.sentence_article[i]]
        return Sentence(
            i,
            article.doc,
            int(self.paragraph[i]),
            int(self.position[i]),
            self.texts[i],
            self.sections[self.section[i]],
        )

    def article_of(self, sentence_id: int) -> Article:
        return self.articles[self.sentence_article[sentence_id]]

    def term(self, token: str) -> int:
        """The id of a token, or -1 when no sentence or article holds it."""
        return self.vocab.get(token, -1)

    def sentences_saying(self, token: str) -> int:
        """How many sentences hold `token`."""
        term = self.term(token)
        return int(self.sentence_df[term]) if term >= 0 else 0

    def lead(self, sentence_id: int) -> int:
        """The sentence before in the same paragraph, else the last of the paragraph before under
        the same heading (what this one goes on about: 该中心…), or -1."""
        if self.previous[sentence_id] >= 0:
            return int(self.previous[sentence_id])
        before = sentence_id - 1
        same = (
            before >= 0
            and self.sentence_article[before] == self.sentence_article[sentence_id]
            and self.section[before] == self.section[sentence_id]  # a heading starts a new subject
        )
        return before if same else -1

    def token_set(self, sentence_id: int) -> set[int]:
        return set(self.token_ids[self.token_ptr[sentence_id] : self.token_ptr[sentence_id + 1]].tolist())

    def idf(self, token: str) -> float:
        """How much a match on `token` tells, among sentences; an unseen token tells the most."""
        term = self.term(token)
        return float(lucene_idf(self.size, int(self.sentence_df[term]) if term >= 0 else 0))

    def neighbours(self, sentence_id: int, count: int) -> tuple[list[Sentence], list[Sentence]]:
        """Up to `count` sentences either side in the same article."""
        art = self.sentence_article[sentence_id]
        before = [
            self.sentence(i)
            for i in range(max(0, sentence_id - count), sentence_id)
            if self.sentence_article[i] == art
        ]
        after = [
            self.sentence(i)
            for i in range(sentence_id + 1, min(self.size, sentence_id + 1 + count))
            if self.sentence_article[i] == art
        ]
        return before, after


class IndexBuilder:
    """Takes article parts one at a time, so token strings never pile up in memory."""

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.articles: list[Article] = []
        self.article_text: list[str] = []
        self.plain: list[bool] = []
        self.texts: list[str] = []
        self.columns: dict[str, list[int]] = {"article": [], "paragraph": [], "position": [], "section": []}
        self.sections: dict[str, int] = {"": 0}
        self.sentence_tokens: list[np.ndarray] = []
        self.article_docs: list[np.ndarray] = []
        self.title_terms: list[np.ndarray] = []

    def _ids(self, tokens: Iterable[str]) -> np.ndarray:
        vocab = self.vocab
        return np.fromiter((vocab.setdefault(t, len(vocab)) for t in tokens), dtype=np.int32)

    def add(self, part: ArticlePart) -> None:
        a = len(self.articles)
        self.articles.append(part.article)
        self.article_text.append(part.text)
        self.plain.append(part.plain)
        body = []
        for (text, paragraph, position, section), tokens in zip(part.sentences, part.tokens, strict=True):
            ids = self._ids(tokens)
            self.texts.append(text)
            self.sentence_tokens.append(ids)
            body.append(ids)
            for name, value in (
                ("article", a),
                ("paragraph", paragraph),
                ("position", position),
                ("section", self.sections.setdefault(section, len(self.sections))),
            ):
                self.columns[name].append(value)
        head = self._ids(part.head)
        self.title_terms.append(np.unique(head))
        self.article_docs.append(np.concatenate([head, head, self._ids(part.headings), *body]))

    def finish(self, engine: str, k1: float, b: float) -> Index:
        n, vocabulary = len(self.texts), len(self.vocab)
        cols = {k: np.asarray(v, dtype=np.int32) for k, v in self.columns.items()}
        same_paragraph = np.zeros(n, dtype=bool)
        if n > 1:
            same_paragraph[1:] = (cols["article"][1:] == cols["article"][:-1]) & (
                cols["paragraph"][1:] == cols["paragraph"][:-1]
            )
        previous = np.where(same_paragraph, np.arange(n) - 1, -1)
        lengths = np.fromiter((len(t) for t in self.sentence_tokens), dtype=np.int64, count=n)
        token_ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(lengths, out=token_ptr[1:])
        token_ids = np.concatenate(self.sentence_tokens) if n else np.zeros(0, dtype=np.int32)
        distinct = [np.unique(t) for t in self.sentence_tokens]
        sentence_df = (
            np.bincount(np.concatenate(distinct), minlength=vocabulary)
            if n
            else np.zeros(vocabulary, np.int64)
        )
        scorer = ENGINES[engine]
        index = Index(
            engine=engine,
            articles=self.articles,
            article_text=self.article_text,
            plain=np.asarray(self.plain, dtype=bool),
            vocab=self.vocab,
            texts=self.texts,
            sentence_article=cols["article"],
            paragraph=cols["paragraph"],
            position=cols["position"],
            section=cols["section"],
            sections=list(self.sections),
            previous=previous.astype(np.int32),
            token_ptr=token_ptr,
            token_ids=token_ids.astype(np.int32),
            sentence_df=sentence_df.astype(np.int32),
            title_postings=Postings.invert(self.title_terms, vocabulary),
            article_postings=Postings.invert([np.unique(d) for d in self.article_docs], vocabulary),
            sentence_scorer=scorer.build(self.sentence_tokens, vocabulary, k1, b),
            article_scorer=scorer.build(self.article_docs, vocabulary, k1, b),
        )
        log.info(
            "indexed %d articles, %d sentences, %d terms (%s)", len(self.articles), n, vocabulary, engine
        )
        return index
