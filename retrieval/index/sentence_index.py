"""Article parts → the searchable index: sentences, their tokens, and BM25 over sentences and articles.

Kept as arrays, not objects, so a million sentences load at once and fit in memory: token
ids per sentence (CSR), which articles hold each term (CSC), the texts in buffers. Each
article's sentences' tokens make up its own BM25 document too, with the title and source counted
twice, so a sentence can inherit relevance from its article.
"""

from __future__ import annotations

import functools
import itertools
import logging
from array import array
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from retrieval.index.article_table import ArticleTable, ArticleTableBuilder
from retrieval.index.bigrams import Bigrams
from retrieval.index.bm25 import ENGINES, Scorer, lucene_idf
from retrieval.index.checks import check_csr, check_cuts, check_range
from retrieval.index.file_array import Column
from retrieval.index.memo import Memo
from retrieval.index.postings import Postings
from retrieval.index.sentences import is_question
from retrieval.index.texts import Texts, TextsBuilder
from retrieval.models import Article, Sentence

if TYPE_CHECKING:  # parts reads files: a question needs none of that
    from retrieval.index.parts import ArticlePart

log = logging.getLogger(__name__)

_MATCHED = 4096  # matched texts remembered
_CONTEXTS = 4096  # paragraphs' contexts remembered
_VERBS = 20_000  # sentences' verbs remembered (a few megabytes)


@dataclass
class Index:
    engine: str
    articles: ArticleTable
    article_text: Texts  # normalised title, source and body, for finding names
    plain: np.ndarray  # per article: its text needs no normalising (no Traditional, full-width…)
    vocab: dict[str, int]
    texts: Texts  # sentence texts
    normalized: Texts  # sentence texts as matched (normalised); empty in a `plain` article
    word_ptr: np.ndarray  # sentence i's words are word_len[word_ptr[i]:word_ptr[i+1]] long
    word_len: Column  # the lengths of each sentence's words (jieba's accurate mode), uint16
    question: np.ndarray  # per sentence: it asks (ends in a question mark): never an answer
    sentence_article: np.ndarray  # article position of each sentence
    paragraph: np.ndarray
    position: np.ndarray
    section: np.ndarray  # index into `sections`
    sections: list[str]
    previous: np.ndarray  # id of the sentence before in the same paragraph (its own less one), or -1
    token_ptr: np.ndarray  # sentence i's token ids are token_ids[token_ptr[i]:token_ptr[i+1]]
    token_ids: np.ndarray
    sentence_df: np.ndarray  # sentences holding each term
    title_postings: Postings  # articles whose title or source holds each term
    article_postings: Postings  # articles that hold each term anywhere
    bigrams: Bigrams  # the articles whose `article_text` holds each character bigram
    sentence_scorer: Scorer
    article_scorer: Scorer
    # The matched texts last asked for: a question asks for its candidates' four or five times.
    _matched: Memo[int, str] = field(
        default_factory=lambda: Memo(_MATCHED), init=False, repr=False, compare=False
    )
    # What grounding reads around a paragraph (`grounding._Context`, by its first sentence and
    # section), kept from one question for the next: the same articles answer many questions.
    contexts: Memo[tuple[int, int], Any] = field(
        default_factory=lambda: Memo(_CONTEXTS), init=False, repr=False, compare=False
    )
    # Each sentence's two-character verbs, one after the other (what coverage reads a word said
    # half by), kept from one question for the next.
    verb_chars: Memo[int, str] = field(
        default_factory=lambda: Memo(_VERBS), init=False, repr=False, compare=False
    )

    @property
    def size(self) -> int:
        return len(self.texts)

    def check(self) -> None:
        """That the parts fit together (lengths, id ranges), so that no lookup can fail or mislead;
        ValueError saying what does not. For an index read from disk, which may be damaged."""
        n, articles, vocabulary = self.size, len(self.articles), len(self.vocab)
        per_sentence = (
            self.sentence_article,
            self.paragraph,
            self.position,
            self.section,
            self.previous,
            self.question,
            self.normalized,
        )
        if any(len(column) != n for column in per_sentence) or len(self.token_ptr) != n + 1:
            raise ValueError("sentence columns of different lengths")
        if len(self.article_text) != articles or len(self.plain) != articles:
            raise ValueError("article columns of different lengths")
        if len(self.sentence_df) != vocabulary:
            raise ValueError("vocabulary and term counts disagree")
        for column in (self.texts, self.normalized, self.article_text, self.articles):
            column.check()
        if self.word_len.dtype != np.uint16:
            raise ValueError("word lengths of another type")
        if self.previous.dtype != np.int32:  # what `check` compares below, and ranking relies on
            raise ValueError("previous sentences of another type")
        check_cuts(self.word_ptr, n, len(self.word_len))
        check_range(self.sentence_article, 0, articles, "sentence articles")
        check_range(self.section, 0, len(self.sections), "sections")
        check_range(self.previous, -1, n, "previous sentences")
        if np.any((self.previous >= 0) & (self.previous != np.arange(-1, n - 1, dtype=self.previous.dtype))):
            raise ValueError("a previous sentence that is not the one before")
        check_range(self.sentence_df, 0, n + 1, "term counts")
        check_csr(self.token_ptr, self.token_ids, n, vocabulary)
        self.title_postings.check(vocabulary, articles)
        self.article_postings.check(vocabulary, articles)
        self.bigrams.check(articles)
        self.sentence_scorer.check(vocabulary, n)
        self.article_scorer.check(vocabulary, articles)

    def sentence(self, i: int) -> Sentence:
        return Sentence(
            i,
            self.articles.doc(int(self.sentence_article[i])),
            int(self.paragraph[i]),
            int(self.position[i]),
            self.texts[i],
            self.sections[self.section[i]],
        )

    def matched_text(self, sentence_id: int) -> str:
        """The sentence's text as it is matched: normalised, the same length as the one shown."""
        text = self._matched.get(sentence_id)
        if text is None:
            plain = self.plain[self.sentence_article[sentence_id]]
            text = self._matched.remember(
                sentence_id, self.texts[sentence_id] if plain else self.normalized[sentence_id]
            )
        return text

    def matched_texts(self, first: int, stop: int) -> list[str]:
        """`matched_text` of the sentences `first` to `stop` (not included), all of one article,
        decoded together."""
        column = self.texts if self.plain[self.sentence_article[first]] else self.normalized
        return column[first:stop]

    def words(self, sentence_id: int) -> list[str]:
        """The sentence's matched text in jieba's words, as it was cut when indexed."""
        text = self.matched_text(sentence_id)
        lengths = self.word_len[self.word_ptr[sentence_id] : self.word_ptr[sentence_id + 1]].tolist()
        return [text[end - n : end] for end, n in zip(itertools.accumulate(lengths), lengths, strict=True)]

    def opening_word(self, sentence_id: int) -> str:
        """The first of the sentence's `words`, or "" when it has none."""
        start, stop = int(self.word_ptr[sentence_id]), int(self.word_ptr[sentence_id + 1])
        return self.matched_text(sentence_id)[: int(self.word_len[start])] if stop > start else ""

    def first_sentence(self, art: int) -> int:
        """The first sentence of article `art` (sentences are kept in the order of their articles).
        The key has the column's type: a Python int would have numpy convert the whole column."""
        column = self.sentence_article
        return int(column.searchsorted(column.dtype.type(art)))

    def article_of(self, sentence_id: int) -> Article:
        return self.articles[self.sentence_article[sentence_id]]

    def heading_of(self, sentence_id: int) -> Article:
        """The article of a sentence, its citation fields only (no paragraphs decoded)."""
        return self.articles.heading(int(self.sentence_article[sentence_id]))

    def term(self, token: str) -> int:
        """The id of a token, or -1 when no sentence or article holds it."""
        return self.vocab.get(token, -1)

    def sentences_saying(self, token: str) -> int:
        """How many sentences hold `token`."""
        term = self.term(token)
        return int(self.sentence_df[term]) if term >= 0 else 0

    @functools.cached_property
    def _paragraph_starts(self) -> np.ndarray:
        """The first sentence of every paragraph, ascending: made at the first question."""
        return np.flatnonzero(self.previous < 0)

    def paragraph_of(self, sentence_id: int) -> tuple[int, int]:
        """The sentence's paragraph: its first sentence, and the one after its last."""
        starts = self._paragraph_starts
        k = int(starts.searchsorted(sentence_id, side="right"))
        return int(starts[k - 1]), int(starts[k]) if k < len(starts) else self.size

    @functools.cached_property
    def _leads(self) -> np.ndarray:
        """Every sentence's `lead`, -1 for none: made at the first question, for all at once."""
        ids = np.arange(self.size)
        before = np.maximum(ids - 1, 0)
        same = (
            (ids > 0)
            & (self.sentence_article[before] == self.sentence_article)
            & (self.section[before] == self.section)  # a heading starts a new subject
        )
        return np.where(self.previous >= 0, self.previous, np.where(same, ids - 1, -1)).astype(np.int32)

    def lead(self, sentence_id: int) -> int:
        """The sentence before in the same paragraph, else the last of the paragraph before under
        the same heading (what this one goes on about: 该中心…), or -1."""
        return int(self._leads[sentence_id])

    def leads(self, sentence_ids: np.ndarray) -> np.ndarray:
        """`lead` of each of the sentences."""
        return self._leads[sentence_ids]

    def token_set(self, sentence_id: int) -> set[int]:
        return set(self.token_ids[self.token_ptr[sentence_id] : self.token_ptr[sentence_id + 1]].tolist())

    def idf(self, token: str) -> float:
        """How much a match on `token` tells, among sentences; an unseen token tells the most."""
        term = self.term(token)
        return float(lucene_idf(self.size, int(self.sentence_df[term]) if term >= 0 else 0))

    def neighbours(self, sentence_id: int, count: int) -> tuple[list[str], list[str]]:
        """The texts of up to `count` sentences either side in the same article."""
        first, stop = max(0, sentence_id - count), min(self.size, sentence_id + 1 + count)
        same = (self.sentence_article[first:stop] == self.sentence_article[sentence_id]).tolist()
        texts, at = self.texts[first:stop], sentence_id - first
        before = [texts[i] for i in range(at) if same[i]]
        after = [texts[i] for i in range(at + 1, len(texts)) if same[i]]
        return before, after


class IndexBuilder:
    """Takes article parts one at a time into growing arrays: token strings never pile up in
    memory, and no Python object is kept per sentence or per token."""

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.articles = ArticleTableBuilder()
        self.article_text = TextsBuilder()
        self.plain = array("b")
        self.texts = TextsBuilder()
        self.normalized = TextsBuilder()
        self.word_len = array("H")
        self.word_ptr = array("q", [0])
        self.question = array("b")
        self.columns = {name: array("i") for name in ("article", "paragraph", "position", "section")}
        self.sections: dict[str, int] = {"": 0}
        self.token_ids = array("i")
        self.token_ptr = array("q", [0])
        self.head = array("i")  # the title and source's terms, and their articles
        self.head_article = array("i")
        self.headings = array("i")  # the section headings' terms, and their articles
        self.headings_article = array("i")

    def add(self, part: ArticlePart) -> None:
        a = len(self.articles)
        self.articles.add(part.article)
        self.article_text.add(part.text)
        self.plain.append(part.plain)
        ids = self._ids([*itertools.chain.from_iterable(part.tokens), *part.head, *part.headings])
        body = ids[: len(ids) - len(part.head) - len(part.headings)]
        self.token_ids.extend(body)
        normalized = part.normalized or itertools.repeat("")
        for text, (paragraph, position, section), tokens, words, norm in zip(
            (s[0] for s in part.sentences),
            (s[1:] for s in part.sentences),
            part.tokens,
            part.words,
            normalized,
            strict=not part.plain,
        ):
            self.texts.add(text)
            self.normalized.add(norm)
            self.word_len.extend(words)
            self.word_ptr.append(len(self.word_len))
            self.question.append(is_question(text))
            self.token_ptr.append(self.token_ptr[-1] + len(tokens))
            self.columns["paragraph"].append(paragraph)
            self.columns["position"].append(position)
            self.columns["section"].append(self.sections.setdefault(section, len(self.sections)))
        self.columns["article"].extend([a] * len(part.sentences))
        head = ids[len(body) : len(body) + len(part.head)]
        self.head.extend(head)
        self.head_article.extend([a] * len(head))
        self.headings.extend(ids[len(body) + len(head) :])
        self.headings_article.extend([a] * len(part.headings))

    def _ids(self, tokens: list[str]) -> array:
        """The tokens' term ids, new terms numbered in order of first appearance."""
        vocab = self.vocab
        new = [t for t in dict.fromkeys(tokens) if t not in vocab]
        vocab.update(zip(new, range(len(vocab), len(vocab) + len(new)), strict=True))
        return array("i", map(vocab.__getitem__, tokens))

    def finish(self, engine: str, k1: float, b: float) -> Index:
        from retrieval.index.term_counts import count_terms  # scipy: only a build needs it

        n, vocabulary, articles = len(self.texts), len(self.vocab), len(self.articles)
        cols = {k: _int32(v) for k, v in self.columns.items()}
        same_paragraph = np.zeros(n, dtype=bool)
        if n > 1:
            same_paragraph[1:] = (cols["article"][1:] == cols["article"][:-1]) & (
                cols["paragraph"][1:] == cols["paragraph"][:-1]
            )
        previous = np.where(same_paragraph, np.arange(n) - 1, -1)
        token_ptr = np.frombuffer(self.token_ptr, dtype=np.int64)
        token_ids = _int32(self.token_ids)
        lengths = np.diff(token_ptr)
        sentences = count_terms(token_ids, np.repeat(np.arange(n, dtype=np.int32), lengths), vocabulary, n)
        # int32 throughout: at a million sentences every array of tokens is tens of millions long
        head, head_article = _int32(self.head), _int32(self.head_article)
        # An article's own document: its title and source twice, its headings, its sentences.
        article_counts = count_terms(
            np.concatenate([head, _int32(self.headings), token_ids]),
            np.concatenate(
                [
                    head_article,
                    _int32(self.headings_article),
                    np.repeat(cols["article"], lengths),
                ]
            ),
            vocabulary,
            articles,
            np.concatenate(
                [np.full(len(head), 2, np.int32), np.ones(len(self.headings) + len(token_ids), np.int32)]
            ),
        )
        titles = count_terms(head, head_article, vocabulary, articles)
        scorer = ENGINES[engine]
        article_text = self.article_text.finish()
        index = Index(
            engine=engine,
            articles=self.articles.finish(),
            article_text=article_text,
            plain=np.frombuffer(self.plain, dtype=np.int8).astype(bool),
            vocab=self.vocab,
            texts=self.texts.finish(),
            normalized=self.normalized.finish(),
            word_ptr=np.frombuffer(self.word_ptr, dtype=np.int64),
            word_len=np.frombuffer(self.word_len, dtype=np.uint16)
            if len(self.word_len)
            else np.zeros(0, dtype=np.uint16),
            question=np.frombuffer(self.question, dtype=np.int8).astype(bool),
            sentence_article=cols["article"],
            paragraph=cols["paragraph"],
            position=cols["position"],
            section=cols["section"],
            sections=list(self.sections),
            previous=previous.astype(np.int32),
            token_ptr=token_ptr,
            token_ids=token_ids,
            sentence_df=sentences.frequencies.astype(np.int32),
            title_postings=Postings(titles.indptr, titles.documents),
            article_postings=Postings(article_counts.indptr, article_counts.documents),
            bigrams=Bigrams.of(article_text),
            sentence_scorer=scorer.build(sentences, k1, b),
            article_scorer=scorer.build(article_counts, k1, b),
        )
        log.info("indexed %d articles, %d sentences, %d terms (%s)", articles, n, vocabulary, engine)
        return index


def _int32(values: array) -> np.ndarray:
    return np.frombuffer(values, dtype=np.int32) if len(values) else np.zeros(0, dtype=np.int32)
