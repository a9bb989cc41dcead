"""How much of a question a sentence accounts for: a ranking feature and the measure behind
an honest "not found".

Each content word of the question weighs its IDF. It is fully covered when the sentence (or
the one before it) holds it, mostly when the article's title or source does, half when it is
elsewhere in the article, and not at all otherwise. A compound the text does not hold whole
is covered as far as its sub-words are, each weighing its IDF (禁毒社工 without 社工 is barely
covered). A word jieba segments differently in the text (inside quotes, say) still counts
where its characters stand. Below a threshold there is no answer.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .index import Index
from .question import Question, Word

IN_SENTENCE, IN_TITLE, IN_ARTICLE = 1.0, 0.75, 0.5
# Administrative suffixes a name may be given with or without: 甘肃省 = 甘肃, 临夏州 = 临夏.
_SUFFIXES = "省市州县区镇乡村盟旗"


def mentions(text: str, name: str) -> bool:
    """Whether normalised `text` names `name`, with or without its administrative suffix."""
    if name in text:
        return True
    return len(name) > 2 and name[-1] in _SUFFIXES and name[:-1] in text


def word_credits(question: Question, index: Index, sentence_id: int, normalize: Callable[[str], str]
                 ) -> list[tuple[Word, float]]:
    art = int(index.sentence_article[sentence_id])
    local = index.token_set(sentence_id)
    local_text = normalize(index.texts[sentence_id])
    prev = int(index.previous[sentence_id])
    if prev >= 0:
        local |= index.token_set(prev)
        local_text += normalize(index.texts[prev])

    def credit(token: str) -> float:
        term = index.term(token)
        if term < 0:
            return 0.0
        if term in local:
            return IN_SENTENCE
        if _holds(index.title_postings[term], art):
            return IN_TITLE
        if _holds(index.article_postings[term], art):
            return IN_ARTICLE
        return 0.0

    idf = index.idf
    out = []
    for word in question.words:
        *parts, whole = word.tokens
        best = credit(whole)
        if parts:
            best = max(best, sum(idf(t) * credit(t) for t in parts) / sum(map(idf, parts)))
        if word.text in local_text:
            best = IN_SENTENCE
        elif best < IN_ARTICLE and word.text in index.article_text[art]:
            best = IN_ARTICLE
        out.append((word, best))
    return out


def _holds(ids, article: int) -> bool:
    """Whether the ascending `ids` include `article`."""
    at = int(np.searchsorted(ids, article))
    return at < len(ids) and int(ids[at]) == article


def weight(word: Word, index: Index) -> float:
    return max(index.idf(t) for t in word.tokens)


def _share(credits: list[tuple[Word, float]], index: Index) -> float:
    total = sum(weight(w, index) for w, _ in credits)
    return sum(weight(w, index) * c for w, c in credits) / total if total else 1.0


def coverage(question: Question, index: Index, sentence_id: int, normalize: Callable[[str], str]) -> float:
    return _share(word_credits(question, index, sentence_id, normalize), index)


def focus_coverage(question: Question, index: Index, sentence_id: int, normalize: Callable[[str], str]) -> float:
    """Coverage of what the question asks about, its names set aside: 禁毒社工 in 湖南有多少禁毒社工.

    A place may come from the article around the answer; the thing asked about may not be
    missing from the answer, however well the place matches.
    """
    names = set(question.entities)
    credits = [(w, c) for w, c in word_credits(question, index, sentence_id, normalize) if w.text not in names]
    return _share(credits, index)


def uncovered(question: Question, index: Index, sentence_id: int, normalize: Callable[[str], str]) -> list[str]:
    """The question's words the sentence and its article say nothing about, weightiest first."""
    words = [w for w, c in word_credits(question, index, sentence_id, normalize) if c == 0.0]
    return [w.text for w in sorted(words, key=lambda w: -weight(w, index))]
