"""Articles → the searchable index: sentences, their tokens, and BM25 over sentences and articles.

Every article is tokenized once; its sentences' tokens make up its own BM25 document too, with
the title and source counted twice, so a sentence can inherit relevance from its article.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from .articles import is_heading
from .bm25 import RankBM25Scorer, Scorer
from .config import Settings
from .models import Article, Sentence
from .sentences import corpus_sentences
from .tokenizer import Tokenizer


@dataclass
class Index:
    articles: list[Article]
    sentences: list[Sentence]
    sentence_tokens: list[list[str]]
    sentence_article: np.ndarray  # article position of each sentence
    previous: np.ndarray  # id of the sentence before in the same paragraph, or -1
    title_postings: dict[str, np.ndarray]  # term → articles whose title or source holds it
    article_postings: dict[str, np.ndarray]  # term → articles that hold it anywhere
    article_text: list[str]  # normalised title, source and body, for finding names
    sentence_scorer: Scorer
    article_scorer: Scorer

    def article_of(self, sentence_id: int) -> Article:
        return self.articles[self.sentence_article[sentence_id]]

    def neighbours(self, sentence_id: int, count: int) -> tuple[list[Sentence], list[Sentence]]:
        """Up to `count` sentences either side in the same article."""
        s = self.sentences[sentence_id]
        before = [x for x in self.sentences[max(0, sentence_id - count):sentence_id] if x.doc == s.doc]
        after = [x for x in self.sentences[sentence_id + 1:sentence_id + 1 + count] if x.doc == s.doc]
        return before, after


def build_index(articles: list[Article], tokenizer: Tokenizer, settings: Settings) -> Index:
    text = settings.text
    sentences = corpus_sentences(articles, text.min_sentence_chars, text.heading_max_chars)
    sentence_tokens = [tokenizer.tokens(s.text) for s in sentences]
    position = {a.doc: i for i, a in enumerate(articles)}
    sentence_article = np.fromiter((position[s.doc] for s in sentences), dtype=np.int64, count=len(sentences))

    previous = np.full(len(sentences), -1, dtype=np.int64)
    for s in sentences[1:]:
        before = sentences[s.id - 1]
        if before.doc == s.doc and before.paragraph == s.paragraph:
            previous[s.id] = before.id

    per_article: list[list[str]] = [[] for _ in articles]
    for s, tokens in zip(sentences, sentence_tokens):
        per_article[sentence_article[s.id]].extend(tokens)
    title_postings: dict[str, list[int]] = defaultdict(list)
    article_postings: dict[str, list[int]] = defaultdict(list)
    article_docs = []
    for i, (article, body) in enumerate(zip(articles, per_article)):
        head = tokenizer.tokens(article.title) + tokenizer.tokens(article.source or "")
        headings = [t for p in article.paragraphs if is_heading(p, text.heading_max_chars)
                    for t in tokenizer.tokens(p)]
        for term in set(head):
            title_postings[term].append(i)
        document = head * 2 + headings + body
        for term in set(document):
            article_postings[term].append(i)
        article_docs.append(document)

    bm25 = settings.bm25
    return Index(
        articles=articles,
        sentences=sentences,
        sentence_tokens=sentence_tokens,
        sentence_article=sentence_article,
        previous=previous,
        title_postings={t: np.array(v) for t, v in title_postings.items()},
        article_postings={t: np.array(v) for t, v in article_postings.items()},
        article_text=[tokenizer.normalize("\n".join((a.title, a.source or "", *a.paragraphs))) for a in articles],
        sentence_scorer=RankBM25Scorer(sentence_tokens, bm25.k1, bm25.b),
        article_scorer=RankBM25Scorer(article_docs, bm25.k1, bm25.b),
    )
