"""How much of a question a sentence accounts for: the measure behind an honest "not found".

Each content word of the question weighs its IDF. It is fully covered when the sentence (or
the one before it) holds it, mostly when the article's title or source does, half when it is
elsewhere in the article, and not at all otherwise. Below a threshold there is no answer.
"""
from __future__ import annotations

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


def word_credits(question: Question, index: Index, sentence_id: int) -> list[tuple[Word, float]]:
    art = int(index.sentence_article[sentence_id])
    local = set(index.sentence_tokens[sentence_id])
    prev = int(index.previous[sentence_id])
    if prev >= 0:
        local.update(index.sentence_tokens[prev])

    def credit(term: str) -> float:
        if term in local:
            return IN_SENTENCE
        titled = index.title_postings.get(term)
        if titled is not None and art in titled:
            return IN_TITLE
        anywhere = index.article_postings.get(term)
        if anywhere is not None and art in anywhere:
            return IN_ARTICLE
        return 0.0

    out = []
    for word in question.words:
        *parts, whole = word.tokens
        best = credit(whole)
        if parts:
            best = max(best, sum(map(credit, parts)) / len(parts))
        out.append((word, best))
    return out


def weight(word: Word, index: Index) -> float:
    return max(index.sentence_scorer.idf(t) for t in word.tokens)


def coverage(question: Question, index: Index, sentence_id: int) -> float:
    credits = word_credits(question, index, sentence_id)
    total = sum(weight(w, index) for w, _ in credits)
    return sum(weight(w, index) * c for w, c in credits) / total if total else 0.0


def uncovered(question: Question, index: Index, sentence_id: int) -> list[str]:
    """The question's words the sentence and its article say nothing about, weightiest first."""
    words = [w for w, c in word_credits(question, index, sentence_id) if c == 0.0]
    return [w.text for w in sorted(words, key=lambda w: -weight(w, index))]
