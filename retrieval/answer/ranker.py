"""Question + index → ranked candidate sentences, each score explainable by its parts.

    score = sentence + article_weight · article + context_weight · previous sentence
            + type_bonus (the sentence has the shape asked for) + unit_bonus (and the unit)
            − entity_weight · (share of the question's subjects nothing around it names)
            + coverage_weight · coverage (how much of the question it and its article account for)
            + own_weight · own (how much of what the title does not say the sentence itself says)
            + focus_weight · focus (how much of what is asked, subjects aside, it or its lead says)

The weights are fitted on public benchmark sets by `benchmarks/fit_weights.py`.

Each BM25 part is divided by its best value for the question, so the weights compare like
with like. In the sentence part, a question term that the article's title or source already
names counts only title_term_discount as much: the article carries it, and a sentence about
the topic need not repeat it (`全市配齐…201名` never says 阳泉, its article does).

A sentence right after a question the article asks itself (`高温津贴为何落实不到位？`) is that
question's answer: it scores the question's words as its own, and after a why it gives a cause
whether or not it says 因为.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from retrieval.answer.coverage import Coverage
from retrieval.answer.grounding import Grounding
from retrieval.answer.question import Kind, Question, asks_why
from retrieval.answer.shapes import Extent, finder, has_unit, of_sort
from retrieval.config import RankingSettings
from retrieval.index.sentence_index import Index
from retrieval.index.tokenizer import Tokenizer

# A term in more sentences than this share of the corpus (and than _SELECTIVE_DF) is common:
# it scores the sentences the rarer terms bring in, but brings in none itself.
_SELECTIVE_SHARE = 0.01
_SELECTIVE_DF = 2000
# Questions in a row that the sentence after them may answer.
_QUESTION_RUN = 3


@dataclass(frozen=True)
class Candidate:
    sentence_id: int
    score: float
    coverage: float  # share of the question the sentence and its article account for
    shape: tuple[Extent, ...]  # where the sentence has what the question asks for
    parts: dict[str, float]  # the score's features, unweighted, for --verbose, tests and fitting


def feature_weights(settings: RankingSettings) -> dict[str, float]:
    """The weight of each feature of a candidate in its score."""
    return {
        "sentence": 1.0,
        "article": settings.article_weight,
        "previous": settings.context_weight,
        "shape": settings.type_bonus,
        "unit": settings.unit_bonus,
        "ungrounded": -settings.entity_weight,
        "coverage": settings.coverage_weight,
        "own": settings.own_weight,
        "focus": settings.focus_weight,
    }


def _in_unit(question: Question, text: str, shape: tuple[Extent, ...]) -> bool:
    """Whether what the sentence has of the shape asked is in the unit asked (多少名 → 名) or,
    for a list, of the sort asked (哪些桥 → 润扬大桥、泰州大桥)."""
    if question.kind is Kind.LIST:
        return question.sort is not None and of_sort(text, shape, question.sort)
    return (
        question.kind in (Kind.QUANTITY, None) and question.unit is not None and has_unit(text, question.unit)
    )


def _scaled(x: np.ndarray) -> np.ndarray:
    top = float(x.max()) if x.size else 0.0
    return x / top if top > 0 else x


def _by_word(question: Question, term_scores: Callable[[str], np.ndarray], size: int) -> np.ndarray:
    """Sum over the question's words; a word counts once, as itself or as its sub-words.

    Search-mode tokens give a compound (禁毒社工) and its parts (禁毒, 社工): adding both would
    favour a sentence that repeats the question's exact compound over one that says the same
    thing in a longer form (禁毒专职社工).
    """
    cache: dict[str, np.ndarray] = {}

    def scores(term: str) -> np.ndarray:
        if term not in cache:
            cache[term] = term_scores(term)
        return cache[term]

    total = np.zeros(size)
    for word in question.words:
        *parts, whole = word.tokens
        total += np.maximum(scores(whole), sum(map(scores, parts))) if parts else scores(whole)
    return total


def _union(arrays: list[np.ndarray]) -> np.ndarray:
    """The values in any of the arrays, ascending, each once: a sort of what they hold (at 1M
    sentences, a mask of every sentence cost 0.8 ms, np.unique's hashing 2 ms)."""
    values = np.concatenate(arrays)
    values.sort()
    first = np.ones(len(values), dtype=bool)
    first[1:] = values[1:] != values[:-1]
    return values[first]


def _questions_before(
    pool: np.ndarray, asking: np.ndarray, index: Index, sentence: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For each sentence of the pool, the best-scoring of the questions the article asks right
    before it (a run of up to `_QUESTION_RUN`, each the `Index.lead` of the next: 票价为什么要上涨？
    涨价会影响通勤吗？), and its score; -1 and 0 where none of them is in the pool."""
    asked, best = np.full(len(pool), -1, dtype=np.int64), np.zeros(len(pool))
    if not asking.any():  # a question scores only from the pool (`asking`): most pools hold none
        return asked, best
    leads = index.leads(pool).astype(np.int64)
    for _ in range(_QUESTION_RUN):
        known = np.maximum(leads, 0)
        live = (leads >= 0) & index.question[known]
        if not live.any():
            break
        at = np.minimum(pool.searchsorted(known), len(pool) - 1)
        score = np.where(live & (pool[at] == known), sentence[at], 0.0)
        better = score > best
        asked, best = np.where(better, known, asked), np.where(better, score, best)
        leads = np.where(live, index.leads(known), -1)
    return asked, best


@dataclass(frozen=True)
class FirstPass:
    """What BM25 brings in for a question: the best sentences by their own text, their article
    and the sentence before (each part scaled by its best value for the question), with those
    parts; what re-ranking then reads closely. In no particular order."""

    sentence_ids: list[int]
    sentence: list[float]
    article: list[float]
    previous: list[float]
    asked: list[int]  # the question the article asks right before each sentence, -1 for none


def first_pass(question: Question, index: Index, settings: RankingSettings) -> FirstPass:
    """The `settings.candidates` sentences with the best BM25 scores: retrieval alone, the part
    of an answer a search engine's top-k compares with."""
    none = FirstPass([], [], [], [], [])
    terms = {t: index.term(t) for t in question.terms}
    postings = {t: index.sentence_scorer.postings(i) for t, i in terms.items() if i >= 0}
    if not postings or not index.size:
        return none
    # Work only on the sentences that hold a selective question term; a very common one (年, 工作)
    # adds its score to them but brings in no sentence of its own.
    common = max(_SELECTIVE_DF, int(_SELECTIVE_SHARE * index.size))
    opening = [t for t, (ids, _) in postings.items() if len(ids) <= common] or list(postings)
    pool = _union([postings[t][0] for t in opening])
    owner = index.sentence_article[pool]

    def sentence_term(term: str) -> np.ndarray:
        out = np.zeros(len(pool))
        if term not in postings:
            return out
        ids, scores = postings[term]
        if term in opening:
            out[pool.searchsorted(ids)] = scores
        else:  # look the pool up in the term's (long) postings
            at = np.minimum(ids.searchsorted(pool), len(ids) - 1)
            hit = ids[at] == pool
            out[hit] = scores[at[hit]]
        titled = index.title_postings[terms[term]]
        if titled.size:
            in_title = np.zeros(len(index.articles), dtype=bool)
            in_title[titled] = True
            out = np.where(in_title[owner], out * settings.title_term_discount, out)
        return out

    def article_term(term: str) -> np.ndarray:
        out = np.zeros(len(index.articles))
        if terms[term] >= 0:
            ids, scores = index.article_scorer.postings(terms[term])
            out[ids] = scores
        return out

    sentence = _by_word(question, sentence_term, len(pool))
    article = _by_word(question, article_term, len(index.articles))
    # The sentence before in its paragraph, when it is in the pool (else it matched nothing and
    # scores 0): it is the one just before (`previous` is s - 1 or none), so in the sorted pool it
    # stands right before it. (A search of the pool for each took 0.7 ms a question at 1M, alone.)
    follows = np.zeros(len(pool), dtype=bool)
    follows[1:] = (pool[1:] - 1 == pool[:-1]) & (index.previous[pool[1:]] >= 0)
    previous = np.zeros(len(pool))
    previous[1:] = np.where(follows[1:], sentence[:-1], 0.0)
    # A sentence that says something of the question (it is in the pool) right after a question
    # the article asks itself (高温津贴为何落实不到位？) answers it: it holds its words as its own.
    asking = index.question[pool]  # which sentences of the pool ask a question
    answering, asked_score = _questions_before(pool, asking, index, sentence)
    sentence = np.maximum(sentence, asked_score)

    s, a, p = _scaled(sentence), _scaled(article)[owner], _scaled(previous)
    base = s + settings.article_weight * a + settings.context_weight * p
    # A sentence must match something itself, and a question is never an answer.
    base = np.where((sentence > 0) & ~asking, base, -np.inf)
    n = min(settings.candidates, int(np.isfinite(base).sum()))
    if n == 0:
        return none
    top = np.argpartition(-base, n - 1)[:n]
    return FirstPass(
        pool[top].tolist(), s[top].tolist(), a[top].tolist(), p[top].tolist(), answering[top].tolist()
    )


def rank(
    question: Question,
    index: Index,
    tokenizer: Tokenizer,
    settings: RankingSettings,
    coverage: Coverage,
    grounding: Grounding,
) -> list[Candidate]:
    """The question's candidates, best first: the first pass's sentences scored again with what
    a close reading finds (the shape asked for, coverage, grounding, focus)."""
    found = first_pass(question, index, settings)
    if not found.sentence_ids:
        return []
    find = finder(question, tokenizer)
    weights = feature_weights(settings)
    sids, asked = found.sentence_ids, found.asked
    covered, own = coverage.of(sids), coverage.own(sids)
    questions = [q for q in asked if q >= 0]
    asked_own = dict(zip(questions, coverage.own(questions), strict=True))
    subjects = question.subjects
    candidates = []
    for sid, s_k, a_k, p_k, covers, owns, q in zip(
        sids, found.sentence, found.article, found.previous, covered, own, asked, strict=True
    ):
        text = index.matched_text(sid)  # 三個 is 三个: same length, same spans
        shape = tuple(find(text, functools.partial(index.words, sid))) if find else ()
        if q >= 0:
            owns = max(owns, asked_own[q])
        # The answer to a why the article asks gives the cause, whether or not it says 因为.
        caused = q >= 0 and question.kind is Kind.REASON and asks_why(index.matched_text(q))
        features = {
            "sentence": s_k,
            "article": a_k,
            "previous": p_k,
            "shape": 1.0 if shape or caused else 0.0,
            "unit": 1.0 if shape and _in_unit(question, text, shape) else 0.0,
            "ungrounded": len(grounding.missing(sid, subjects)) / len(subjects) if subjects else 0.0,
            "coverage": covers,
            "own": owns,
            "focus": coverage.focus(sid),
        }
        score = sum(weights[f] * v for f, v in features.items())
        candidates.append(Candidate(sid, score, features["coverage"], shape, features))
    candidates.sort(key=lambda c: (-c.score, c.sentence_id))
    return candidates
