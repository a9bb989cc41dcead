"""How much of a question a sentence accounts for: a ranking feature and the measure behind
an honest "not found".

Each content word of the question weighs its IDF. It is fully covered when the sentence (or
the one before it) holds it, mostly when the article's title or source does, half when it is
elsewhere in the article, and not at all otherwise. A compound the text does not hold whole
is covered as far as its sub-words are, each weighing its IDF (禁毒社工 without 社工 is barely
covered). A word jieba segments differently in the text (inside quotes, say) still counts
where its characters stand. Below a threshold there is no answer.

Everyday words (how the question is asked: 一共, 这次, 能领) weigh a fifth of their IDF and are
never demanded. What the question asks about, its subjects and everyday words set aside, must
be said by the answer itself, its lead, its heading or its article's title (`focus`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from retrieval.answer.question import DIMENSION, HAN_WORD, Question, Word
from retrieval.answer.shapes import PEOPLE, has_unit
from retrieval.index.sentence_index import Index

IN_SENTENCE, IN_TITLE, IN_ARTICLE = 1.0, 0.75, 0.5
# An everyday word of the question (领, 一共, 这次: how it is asked) weighs this share of its IDF,
# and none in what the answer itself must say.
EVERYDAY_SHARE = 0.2
# Administrative suffixes a name may be given with or without: 甘肃省 = 甘肃, 临夏州 = 临夏.
_SUFFIXES = "省市州县区镇乡村盟旗"


# The endings of nouns that name a kind of person (吸毒人员, 患者).
_PERSON_NOUNS = ("人", "者", "员")


def _forms(name: str) -> tuple[str, ...]:
    return (name, name[:-1]) if len(name) > 2 and name[-1] in _SUFFIXES else (name,)


def mentions(text: str, name: str) -> bool:
    """Whether normalised `text` names `name`, with or without its administrative suffix."""
    return any(form in text for form in _forms(name))


def _holds(ids: np.ndarray, article: int) -> bool:
    """Whether the ascending `ids` include `article`."""
    at = int(np.searchsorted(ids, article))
    return at < len(ids) and int(ids[at]) == article


@dataclass(frozen=True)
class _Term:
    id: int  # -1 when the corpus does not hold it
    idf: float


class Coverage:
    """The coverage of one question, for any sentence of the index; the question's terms and
    weights are looked up once."""

    def __init__(
        self,
        question: Question,
        index: Index,
        normalize: Callable[[str], str],
        in_dictionary: Callable[[str], bool] = lambda word: True,
    ) -> None:
        self.question, self.index, self.normalize = question, index, normalize
        self.terms = {t: _Term(index.term(t), index.idf(t)) for w in question.words for t in w.tokens}
        # A word jieba made up (HMM) that no article holds cannot be checked: 冷到, 签了.
        self.everyday = {
            w.text
            for w in question.words
            if w.everyday
            or (
                not w.name
                and HAN_WORD.match(w.text)
                and self.terms[w.tokens[-1]].id < 0
                and not in_dictionary(w.text)
            )
        }
        self.idf = {w.text: max(self.terms[t].idf for t in w.tokens) for w in question.words}
        self.weights = {
            w: idf * (EVERYDAY_SHARE if w in self.everyday else 1.0) for w, idf in self.idf.items()
        }
        self._article_credit: dict[tuple[int, int], float] = {}  # candidates share articles
        # Ranking, the answer checks and the no-answer message ask of the same candidates.
        self._credits: dict[tuple[int, bool], list[tuple[Word, float]]] = {}
        self._article_texts: dict[int, str] = {}

    def _in_article(self, term: int, art: int) -> float:
        key = (term, art)
        if key not in self._article_credit:
            index = self.index
            self._article_credit[key] = (
                IN_TITLE
                if _holds(index.title_postings[term], art)
                else IN_ARTICLE
                if _holds(index.article_postings[term], art)
                else 0.0
            )
        return self._article_credit[key]

    def _article_text(self, art: int) -> str:
        if art not in self._article_texts:
            self._article_texts[art] = self.index.article_text[art]
        return self._article_texts[art]

    def credits(self, sentence_id: int, nearby: bool = False) -> list[tuple[Word, float]]:
        """Each question word's credit; with `nearby`, only the sentence, the one before it, its
        heading and its article's title and source count, not the rest of the article."""
        key = (sentence_id, nearby)
        if key not in self._credits:
            self._credits[key] = self._count(sentence_id, nearby)
        return self._credits[key]

    def _count(self, sentence_id: int, nearby: bool) -> list[tuple[Word, float]]:
        index = self.index
        art = int(index.sentence_article[sentence_id])
        local = index.token_set(sentence_id)
        local_text = (
            self.index.matched_text(sentence_id)
            + "\n"
            + self.normalize(index.sections[index.section[sentence_id]])
        )
        prev = index.lead(sentence_id)
        if prev >= 0:
            local |= index.token_set(prev)
            local_text += self.index.matched_text(prev)

        def credit(token: str) -> float:
            term = self.terms[token].id
            if term < 0:
                return 0.0
            if term in local:
                return IN_SENTENCE
            found = self._in_article(term, art)
            return found if found == IN_TITLE or not nearby else 0.0

        out = []
        for word in self.question.words:
            *parts, whole = word.tokens
            best = credit(whole)
            if parts:
                idf = [self.terms[t].idf for t in parts]
                best = max(best, sum(i * credit(t) for i, t in zip(idf, parts, strict=True)) / sum(idf))
            if word.text in local_text or (
                word.predicate and self.terms[whole].id < 0 and word.text[0] in local_text
            ):  # a verb the corpus never says in this form counts by its head: 亏了 → 净亏
                best = IN_SENTENCE
            elif best < IN_ARTICLE and not nearby and word.text in self._article_text(art):
                best = IN_ARTICLE
            out.append((word, best))
        return out

    def _share(self, credits: list[tuple[Word, float]]) -> float:
        total = sum(self.weights[w.text] for w, _ in credits)
        return sum(self.weights[w.text] * c for w, c in credits) / total if total else 1.0

    def of(self, sentence_id: int) -> float:
        return self._share(self.credits(sentence_id))

    def focus(self, sentence_id: int) -> float:
        """Coverage of what the question asks about, its subjects and everyday words set aside:
        禁毒社工 in 湖南有多少禁毒社工, said by the sentence, its lead, heading or title.

        A place may come from the article around the answer; the thing asked about may not be
        missing from the answer, however well the place matches.
        """
        credits = self._focus_credits(sentence_id)
        required = sum(self.weights[w.text] for w, _ in credits if w.text not in self.everyday)
        if not required:
            return 1.0
        # Everyday words may support an answer (新发现321人) but are never demanded of it.
        return min(1.0, sum(self.weights[w.text] * c for w, c in credits) / required)

    def says_asked(self, sentence_id: int) -> bool:
        """Whether the sentence, its lead, heading or title says what a figure is asked of, every
        word of it: 亏损 in 沈阳有轨电车一年亏损多少, 制造业 in 汇丰制造业PMI是多少. A twin figure
        beside it (ridership, the 服务业 PMI) answers another question."""
        return not self.unsaid_asked(sentence_id)

    def unsaid_asked(self, sentence_id: int) -> list[str]:
        """The words of what a figure is asked of that the sentence, its lead, heading and title
        do not say. A kind of person (吸毒人员) is said by a count of people: Chinese lists leave
        the noun out (新发现321人). A verb is said in many forms: by its head (共有 by 合共),
        but 收治 does not say 查处."""
        asked = set(self.question.asked) - self.everyday
        if not asked:
            return []
        text = self.index.matched_text(sentence_id)
        if (lead := self.index.lead(sentence_id)) >= 0:
            text += self.index.matched_text(lead)
        people = has_unit(text, PEOPLE)
        unit = self.question.unit
        measured = bool(unit) and has_unit(text, unit or "")  # 长达89厘米 says 体长
        return [
            w.text
            for w, c in self.credits(sentence_id, nearby=True)
            if w.text in asked
            and c < IN_TITLE
            and not (people and w.text.endswith(_PERSON_NOUNS))
            and not (w.predicate and w.text[0] in text)
            and not (measured and DIMENSION.fullmatch(w.text))
        ]

    def _focus_credits(self, sentence_id: int, everyday: bool = True) -> list[tuple[Word, float]]:
        """The credits of the words that say what is asked (not subjects), everyday ones only
        when `everyday`."""
        subjects = self.question.subjects
        return [
            (w, c)
            for w, c in self.credits(sentence_id, nearby=True)
            if (everyday or w.text not in self.everyday) and not any(w.text in s for s in subjects)
        ]

    def unsaid(self, sentence_id: int) -> list[str]:
        """What the question asks about that the sentence and its lead do not say, weightiest first."""
        words = [w for w, c in self._focus_credits(sentence_id, everyday=False) if c == 0.0]
        return [w.text for w in sorted(words, key=lambda w: -self.weights[w.text])]

    def own(self, sentence_id: int) -> float:
        """The share of the question words its article's title does not name that the sentence
        itself holds: what tells the answer apart from its neighbours in the same article."""
        index = self.index
        art = int(index.sentence_article[sentence_id])
        local = index.token_set(sentence_id)
        text = self.index.matched_text(sentence_id)
        total = held = 0.0
        for word in self.question.words:
            ids = [self.terms[t].id for t in word.tokens]
            if any(i >= 0 and _holds(index.title_postings[i], art) for i in ids):
                continue
            weight = self.idf[word.text]  # everyday words too: 新发现321人 says what 新发现了多少 asks
            total += weight
            if word.text in text or any(i >= 0 and i in local for i in ids):
                held += weight
        return held / total if total else 0.0

    def uncovered(self, sentence_id: int) -> list[str]:
        """The question's words the sentence and its article say nothing about, weightiest first
        (everyday words only when nothing else is missing)."""
        words = [w for w, c in self.credits(sentence_id) if c == 0.0]
        words = [w for w in words if w.text not in self.everyday] or words
        return [w.text for w in sorted(words, key=lambda w: -self.weights[w.text])]
