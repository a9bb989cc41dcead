"""How much of a question a sentence accounts for: a ranking feature and the measure behind
an honest "not found".

Each content word of the question weighs its IDF. It is fully covered when the sentence (or
the one before it) holds it, mostly when the article's title or source does, half when it is
elsewhere in the article (unless another section's heading says it: 航海 of a museum listed
under another heading), and not at all otherwise. A compound the text does not hold whole
is covered as far as its sub-words are, each weighing its IDF (禁毒社工 without 社工 is barely
covered). A word jieba segments differently in the text (inside quotes, say) still counts
where its characters stand, a relation where the form that states it is (籍贯: 沧州清池人), and
a word of three characters or more where a longer form holds them in order (平均分: 平均得分).
A two-character word is half covered by a verb sharing one of its characters (动工 by 开工).
A number is said only as a number of its own: 4 (of 4月) is not said by 0.04 or 2024.
Below a threshold there is no answer.

Everyday words (how the question is asked: 一共, 这次, 能领) weigh a fifth of their IDF and are
never demanded. What the question asks about, its subjects and everyday words set aside, must
be said by the answer itself, its lead, its heading or its article's title (`focus`).
"""

from __future__ import annotations

import functools
import operator
import re
from dataclasses import dataclass

import numpy as np

from retrieval.answer.question import DIMENSION, DURATIONS, HAN_WORD, RATE, SHARES, Kind, Question, Word
from retrieval.answer.shapes import PEOPLE, has_unit, ordinals
from retrieval.index.sentence_index import Index
from retrieval.index.tokenizer import Tokenizer

IN_SENTENCE, IN_TITLE, IN_ARTICLE = 1.0, 0.75, 0.5
# An everyday word of the question (领, 一共, 这次: how it is asked) weighs this share of its IDF,
# and none in what the answer itself must say.
EVERYDAY_SHARE = 0.2
# A word this long or longer is said by a longer form holding its characters in order (平均分 by
# 平均得分); a shorter one would be said by too much (北大 by 北京大学, but also by 北方大地).
_LONGER_FORM = 3
# The most characters a name of one of its kind puts between a word's first two and its last (地铁…站).
_NAMED_BETWEEN = 8
# Administrative suffixes a name may be given with or without: 甘肃省 = 甘肃, 临夏州 = 临夏.
_SUFFIXES = "省市州县区镇乡村盟旗"
_REGIONS = ("地区", "一带", "群岛", "境内")
_NUMBER = re.compile(r"\d+")


# The endings of nouns that name a kind of person (吸毒人员, 患者).
_PERSON_NOUNS = ("人", "者", "员")


# Nouns of a relation that a sentence says by its form rather than by name: 籍贯 by 沧州清池人,
# 原名 and 表字 by 原名…, 字…
_SAID_BY = (
    (re.compile(r"籍贯|祖籍|出生地|故乡|家乡"), re.compile(r"[\u4e00-\u9fff]{2,8}人(?=[,，。;；)）]|$)")),
    (
        re.compile(r"名字|姓名|原名|本名|表字|字号"),
        re.compile(r"[原本]名|名[叫为]|[（(,，]字[\u4e00-\u9fff]{1,3}[,，。;；)）]"),
    ),
    # Who someone's parent, teacher was, when they died, where a place is: a biography or an
    # encyclopedia says it in one character or a set form (母周端妃, 拜李文杰为师, 忧病致死, 位于…).
    # (not 现代物理学之父, 母校)
    (re.compile(r"生?母亲?|生母|母后"), re.compile(r"(?:[生其、，,（(]母|母[亲为是])(?![校语国体舰港])")),
    (re.compile(r"生?父亲?|生父"), re.compile(r"(?:[生其、，,（(]父|父[亲为是])(?![老辈])")),
    (re.compile(r"老师|恩师|导师|师父|师傅"), re.compile(r"师从|师事|师承|为师|门下|受业")),
    (
        re.compile(r"去世|逝世|病逝|过世|辞世|离世|死亡|死于|卒于|身故|病故"),
        re.compile(r"[卒逝殁]|死|去世|过世|辞世|离世|身故"),
    ),
    (re.compile(r"地址|所在地|位置|地点"), re.compile(r"位于|坐落|座落|地处|位在|设于")),
    (re.compile(r"谥号"), re.compile(r"谥")),
    # 可以被归类为哪一种气候: 属亚热带季风气候
    (re.compile(r"归类|归为|归属|分类为"), re.compile(r"属|归为|归类|列为")),
    # 北边与哪个城市相邻: 北与乌恰县接壤, 北邻…
    (
        re.compile(r"相邻|毗邻|接壤|交界|相接|邻接|相连|比邻"),
        re.compile(r"[东南西北][邻接连靠界]|毗邻|接壤|交界|相[邻接连]"),
    ),
    *((re.compile(f"{side}(?:边|面|侧|方|部)"), re.compile(side)) for side in "东南西北"),
)


# The characters a name of one of its kind puts between a word's first two and its last
# (地铁…站): up to _NAMED_BETWEEN in one clause, and after them the last.
_IN_CLAUSE = re.compile(f"[^，。；！？、,;]{{0,{_NAMED_BETWEEN + 1}}}")
# Forms made for the words of the last questions: compiling a pattern costs tenths of a millisecond.
_FORMS_KEPT = 1024


@dataclass(frozen=True)
class Forms:
    """The forms that say a word other than as itself (`stating`, `longer_form`)."""

    patterns: tuple[re.Pattern[str], ...]
    kind: str = ""  # a word of three characters also said by one of its kind (`_names_one_of_kind`)

    def says(self, text: str) -> bool:
        """Whether `text` says the word in one of the forms."""
        return any(p.search(text) is not None for p in self.patterns) or (
            bool(self.kind) and _names_one_of_kind(text, self.kind)
        )


@functools.lru_cache(maxsize=_FORMS_KEPT)
def stating(word: str) -> Forms | None:
    """The forms that say `word` other than as itself: the relation it names, as a biography or
    a gazetteer states it (籍贯: 沧州清池人), and its `longer_form`. None for the rest."""
    relations = tuple(form for noun, form in _SAID_BY if noun.fullmatch(word))
    longer = longer_form(word) or Forms(())
    forms = Forms(relations + longer.patterns, longer.kind)
    return forms if forms.patterns else None


@functools.lru_cache(maxsize=_FORMS_KEPT)
def longer_form(word: str) -> Forms | None:
    """For a word of three characters or more, a longer form holding its characters in order, up
    to two between each (平均分: 平均得分, 半潜船: 半潜运输船), and for one of three, one of its kind
    named in the same clause (地铁站: 地铁四号线南沙客运港站); None for a shorter one."""
    if not (len(word) >= _LONGER_FORM and HAN_WORD.match(word)):
        return None
    return Forms((re.compile(".{0,2}".join(word)),), word if len(word) == _LONGER_FORM else "")


def _names_one_of_kind(text: str, word: str) -> bool:
    """Whether `text` has a word of three characters' first two, then 3 to _NAMED_BETWEEN
    characters of the same clause, then its last (地铁站: 地铁四号线南沙客运港站). Sought without a
    pattern of the word's own: one holding the set of a clause's characters costs a third of a
    millisecond to compile."""
    head, last = word[:2], word[2]
    at = text.find(head)
    while at >= 0:
        run = _IN_CLAUSE.match(text, at + 2)  # the clause's next characters; matches always
        if run is not None and last in run.group()[3:]:
            return True
        at = text.find(head, at + 1)
    return False


@functools.lru_cache(maxsize=_FORMS_KEPT)
def whole_number(word: str) -> re.Pattern[str] | None:
    """For a number, where a text says it as a number of its own: 4 (of 4月) is not said by 0.04,
    14 or 2024, though it is by 4.5 (9又四分之一 is said 9.25). None for a word that is not a
    number, which a text says wherever it holds it."""
    return re.compile(rf"(?<![\d.]){re.escape(word)}(?!\d)") if _NUMBER.fullmatch(word) else None


def forms(name: str) -> tuple[str, ...]:
    """The name, and without its administrative suffix or the word for a region around it when it
    has one (青海地区 is said by 青海, 舟山群岛 by 舟山)."""
    region = next((r for r in _REGIONS if name.endswith(r) and len(name) > len(r) + 1), None)
    if region:
        return (name, name[: -len(region)])
    return (name, name[:-1]) if len(name) > 2 and name[-1] in _SUFFIXES else (name,)


def _holding(index: Index, sentence_ids: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """sentences × columns: whether each sentence (-1: none) holds each term of the ascending
    term ids `columns`."""
    ids = np.where(sentence_ids >= 0, sentence_ids, 0)
    starts = index.token_ptr[ids]
    lengths = np.where(sentence_ids >= 0, index.token_ptr[ids + 1] - starts, 0)
    # The token ids of every sentence, one after the other, and the row each belongs to.
    rows = np.repeat(np.arange(len(ids)), lengths)
    tokens = index.token_ids[np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(rows.size)]
    at = np.minimum(columns.searchsorted(tokens), max(len(columns) - 1, 0))
    out = np.zeros((len(ids), len(columns)), dtype=bool)
    if len(columns):
        hit = columns[at] == tokens
        out[rows[hit], at[hit]] = True
    return out


def _sums(values: np.ndarray) -> np.ndarray:
    """Each row's sum, added up in order as Python adds (a share does not change by a rounding)."""
    return np.cumsum(values, axis=1)[:, -1] if values.shape[1] else np.zeros(len(values))


@dataclass(frozen=True)
class _Term:
    id: int  # -1 when the corpus does not hold it
    idf: float


class Coverage:
    """The coverage of one question, for any sentence of the index; the question's terms and
    weights are looked up once."""

    def __init__(self, question: Question, index: Index, tokenizer: Tokenizer) -> None:
        self.question, self.index, self.tokenizer = question, index, tokenizer
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
                and not tokenizer.in_dictionary(w.text)
            )
        }
        self.idf = {w.text: max(self.terms[t].idf for t in w.tokens) for w in question.words}
        self.weights = {
            w: idf * (EVERYDAY_SHARE if w in self.everyday else 1.0) for w, idf in self.idf.items()
        }
        self._total = sum(self.weights[w.text] for w in question.words)  # what a share is of
        # The question's terms the corpus holds: the columns of what `_count` looks up.
        self._columns = np.array(sorted({t.id for t in self.terms.values() if t.id >= 0}), dtype=np.int64)
        self._column = {term: j for j, term in enumerate(self._columns.tolist())}
        # columns × words: whether the term is one of the word's tokens (what `any` over them reads).
        self._tokens_of = np.zeros((len(self._columns), len(question.words)), dtype=bool)
        for k, w in enumerate(question.words):
            self._tokens_of[[self._column[i] for t in w.tokens if (i := self.terms[t].id) >= 0], k] = True
        # Each word's IDF and weight, in the order of the question's words.
        self._word_idf = [self.idf[w.text] for w in question.words]
        self._word_weights = [self.weights[w.text] for w in question.words]
        self._stating = [stating(w.text) for w in question.words]  # asked of every candidate
        self._numbers = [whole_number(w.text) for w in question.words]
        # A verb the corpus never says in the question's form counts by its head (亏了 → 净亏).
        self._heads = [
            w.text[0] if w.predicate and self.terms[w.tokens[-1]].id < 0 else None for w in question.words
        ]
        self._longer = [longer_form(w.text) for w in question.words]  # said by the sentence itself
        # Ranking, the answer checks and the no-answer message ask of the same candidates: each
        # word's credit, in the order of the question's words.
        self._credits: dict[tuple[int, bool], list[float]] = {}
        self._own: dict[int, float] = {}
        self._article_texts: dict[int, str] = {}
        self._headings: dict[int, str] = {}
        self._others: dict[tuple[int, int], str] = {}
        # The question's words `_half_said` applies to.
        self._pairs = {
            w.text for w in question.words if not w.name and len(w.text) == 2 and HAN_WORD.match(w.text)
        }
        # What `focus` reads of every candidate, the same for all of them: which words say what is
        # asked (not subjects), everyday ones too or not, and the weight `focus` demands of them.
        words = question.words
        self._focus_words = {
            everyday: [
                k
                for k, w in enumerate(words)
                if (everyday or w.text not in self.everyday)
                and not any(w.text in s for s in question.subjects)
            ]
            for everyday in (True, False)
        }
        # Of those, the kinds of person (吸毒人员), which a count of people says; and the weights
        # of them all, everyday words too.
        self._person_nouns = {
            everyday: [k for k in focused if words[k].text.endswith(_PERSON_NOUNS)]
            for everyday, focused in self._focus_words.items()
        }
        self._focus_weights = [self.weights[words[k].text] for k in self._focus_words[True]]
        self._required = {
            common: sum(
                self.weights[words[k].text]
                for k in self._focus_words[True]
                if words[k].text not in self.everyday and (common or not words[k].common)
            )
            for common in (True, False)
        }

    def _in_articles(self, k: int, articles: list[int]) -> list[bool]:
        """Whether each article's text says the question's k-th word; each article read once
        (candidates share them)."""
        texts = self._article_texts
        found = {}
        for art in set(articles):
            if art not in texts:
                texts[art] = self.index.article_text[art]
            found[art] = self._says_itself(k, texts[art])
        return [found[art] for art in articles]

    def _says_itself(self, k: int, text: str) -> bool:
        """Whether `text` holds the question's k-th word as itself (a number as a number of its own)."""
        number = self._numbers[k]
        return number.search(text) is not None if number is not None else self.question.words[k].text in text

    def credits(self, sentence_id: int, nearby: bool = False) -> list[tuple[Word, float]]:
        """Each question word's credit; with `nearby`, only the sentence, the one before it, its
        heading and its article's title and source count, not the rest of the article."""
        return list(zip(self.question.words, self._row(sentence_id, nearby), strict=True))

    def _row(self, sentence_id: int, nearby: bool = False) -> list[float]:
        """`credits`, the credits alone."""
        if (sentence_id, nearby) not in self._credits:
            self._count([sentence_id])
        return self._credits[(sentence_id, nearby)]

    def _count(self, sentence_ids: list[int]) -> None:
        """The credits of the sentences, both ways, and their `own` shares, into the caches: the
        question's terms are looked up for all the sentences at once, and each word is then
        sought in all the texts its terms leave it unsettled in, a word at a time."""
        if not sentence_ids:
            return
        index = self.index
        sids = np.asarray(sentence_ids, dtype=np.int64)
        arts = index.sentence_article[sids]
        lead_ids = index.leads(sids).astype(np.int64)
        held, titled, near, far = self._term_credits(sids, arts, lead_ids)
        far_words, near_words = self._word_credits(far), self._word_credits(near)
        # A word held in the sentence (or its lead) already: what the text says cannot change it.
        unsettled = (far_words != IN_SENTENCE) | (near_words != IN_SENTENCE)
        far_rows, near_rows = far_words.tolist(), near_words.tolist()
        texts = [index.matched_text(s) for s in sentence_ids]
        sections = index.section[sids].tolist()
        needed = unsettled.any(axis=1).tolist()
        local = self._local_texts(texts, sections, lead_ids.tolist(), needed)
        articles = arts.tolist()
        others = [
            self._other_headings(a, s) if n else ""
            for a, s, n in zip(articles, sections, needed, strict=True)
        ]
        for k, word in enumerate(self.question.words):
            rows = np.flatnonzero(unsettled[:, k]).tolist()
            pair = word.text in self._pairs
            elsewhere = []  # rows where the article may say the word, nothing nearer does
            for row, said in zip(rows, self._said(k, [local[r] for r in rows]), strict=True):
                far_row, near_row = far_rows[row], near_rows[row]
                if said:
                    far_row[k] = near_row[k] = IN_SENTENCE
                elif pair and self._half_said(word, sentence_ids[row], local[row]):
                    far_row[k], near_row[k] = max(far_row[k], IN_ARTICLE), max(near_row[k], IN_ARTICLE)
                elif far_row[k] <= IN_ARTICLE and self._says_itself(k, others[row]):
                    far_row[k] = 0.0
                elif far_row[k] < IN_ARTICLE:
                    elsewhere.append(row)
            for row, found in zip(
                elsewhere, self._in_articles(k, [articles[r] for r in elsewhere]), strict=True
            ):
                if found:
                    far_rows[row][k] = IN_ARTICLE
        own = self._own_shares(held @ self._tokens_of, titled @ self._tokens_of, texts)
        for sid, far_row, near_row, share in zip(sentence_ids, far_rows, near_rows, own, strict=True):
            self._credits[(sid, False)] = far_row
            self._credits[(sid, True)] = near_row
            self._own[sid] = share

    def _local_texts(
        self, texts: list[str], sections: list[int], leads: list[int], needed: list[bool]
    ) -> list[str]:
        """What each sentence says with what stands around it: its text, its heading and its
        lead's text; only where `needed` (else empty)."""
        out = []
        for text, section, lead, wanted in zip(texts, sections, leads, needed, strict=True):
            if wanted:
                text += "\n" + self._heading(section)
                if lead >= 0:
                    text += self.index.matched_text(lead)
            out.append(text if wanted else "")
        return out

    def _said(self, k: int, texts: list[str]) -> list[bool]:
        """Whether each text says the question's k-th word: as itself, or a verb the corpus never
        says in this form by its head (亏了 → 净亏), a relation by its form (籍贯 → 沧州清池人), a
        word by a longer form (平均得分)."""
        said = [self._says_itself(k, text) for text in texts]
        if (head := self._heads[k]) is not None:
            said = [s or head in text for s, text in zip(said, texts, strict=True)]
        if (form := self._stating[k]) is not None:
            said = [s or form.says(text) for s, text in zip(said, texts, strict=True)]
        return said

    def _own_shares(self, held: np.ndarray, titled: np.ndarray, texts: list[str]) -> list[float]:
        """Each sentence's `own` share, from whether it holds each word's terms and its article's
        title or source does (sentences × words)."""
        said = held.copy()
        for k, longer in enumerate(self._longer):
            rows = np.flatnonzero(~(held[:, k] | titled[:, k])).tolist()
            said[rows, k] = [
                self._says_itself(k, texts[r]) or (longer is not None and longer.says(texts[r])) for r in rows
            ]
        idf = np.asarray(self._word_idf)
        # everyday words too: 新发现321人 says what 新发现了多少 asks
        total = _sums(np.where(titled, 0.0, idf)).tolist()
        share = _sums(np.where(said & ~titled, idf, 0.0)).tolist()
        return [s / t if t else 0.0 for s, t in zip(share, total, strict=True)]

    def _half_said(self, word: Word, sentence_id: int, around: str = "") -> bool:
        """Whether a two-character word the sentence does not hold is half-said by a two-character
        verb (or adjective) of the sentence or its lead sharing a character with it: Chinese says
        one act with many verbs around the same morpheme (动工 by 开工, 采行 by 实行, 涨幅 by 上涨).
        The verbs are read only for a word this applies to, of a sentence holding one of its
        characters. `around`, when given, holds the sentence's and its lead's texts (`_local_texts`):
        where it has neither character, neither has either of them (three candidates in four)."""
        if word.text not in self._pairs:
            return False
        first, second = word.text[0], word.text[1]
        if around and first not in around and second not in around:
            return False
        for s in (sentence_id, self.index.lead(sentence_id)):
            if s >= 0 and (first in (text := self.index.matched_text(s)) or second in text):
                verbs = self._verb_chars(s)
                if first in verbs or second in verbs:
                    return True
        return False

    def _verb_chars(self, sentence_id: int) -> str:
        """The sentence's two-character verbs (and adjectives), one after the other: kept in the
        index from one question for the next, as candidates recur (`Index.verb_chars`)."""
        found = self.index.verb_chars.get(sentence_id)
        if found is None:
            verbs = self.tokenizer.verbs_of_two
            found = self.index.verb_chars.remember(
                sentence_id, "".join(w for w in self.index.words(sentence_id) if w in verbs)
            )
        return found

    def _term_credits(
        self, sids: np.ndarray, arts: np.ndarray, leads: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """sentences × the question's terms: whether the sentence itself holds each, whether its
        article's title or source does, and each term's credit nearby and with the whole article."""
        index = self.index
        both = _holding(index, np.concatenate([sids, leads]), self._columns)  # the sentences, their leads
        held = both[: len(sids)]
        local = held | both[len(sids) :]
        terms = self._columns.tolist()
        titled = index.title_postings.held(terms, arts)
        anywhere = index.article_postings.held(terms, arts)
        near = np.where(local, IN_SENTENCE, np.where(titled, IN_TITLE, 0.0))
        far = np.where(local | titled, near, np.where(anywhere, IN_ARTICLE, 0.0))
        return held, titled, near, far

    def _other_headings(self, art: int, section: int) -> str:
        """The headings of the article's other sections, normalised (a word under another
        heading is said of another subject: 航海 of 上海中国航海博物馆, not of 上海汽车博物馆)."""
        key = (art, section)
        found = self._others.get(key)
        if found is None:
            index = self.index
            first, stop = index.first_sentence(art), index.first_sentence(art + 1)
            own = self._heading(section)
            headings = (self._heading(s) for s in dict.fromkeys(index.section[first:stop].tolist()))
            # not its own, nor the heading above its own list title (上海汽车博物馆 of 上海汽车博物馆 备注：)
            found = self._others[key] = "\n".join(h for h in headings if h and not own.startswith(h))
        return found

    def _heading(self, section: int) -> str:
        """A section heading, normalised; candidates share them."""
        if section not in self._headings:
            self._headings[section] = self.tokenizer.normalize(self.index.sections[section])
        return self._headings[section]

    def _word_credits(self, credits: np.ndarray) -> np.ndarray:
        """sentences × words: each word's credit from its terms' (sentences × terms), as a whole,
        or as far as its sub-words are, each weighing its IDF."""

        def credit(token: str) -> np.ndarray:
            term = self.terms[token].id
            return credits[:, self._column[term]] if term >= 0 else np.zeros(len(credits))

        columns = []
        for word in self.question.words:
            *parts, whole = word.tokens
            best = credit(whole)
            if parts:
                idf = [self.terms[t].idf for t in parts]
                best = np.maximum(
                    best, sum(i * credit(t) for i, t in zip(idf, parts, strict=True)) / sum(idf)
                )
            columns.append(best)
        return np.stack(columns, axis=1)

    def _share(self, row: list[float]) -> float:
        """The weighted share of the question credited; `row` has every word's credit, in order."""
        total = self._total
        return sum(map(operator.mul, self._word_weights, row)) / total if total else 1.0

    def of(self, sentence_ids: list[int]) -> list[float]:
        """The coverage of each sentence, counted for all of them at once."""
        self._count([s for s in dict.fromkeys(sentence_ids) if s not in self._own])
        return [self._share(self._row(s)) for s in sentence_ids]

    def focus(self, sentence_id: int, common: bool = True) -> float:
        """Coverage of what the question asks about, its subjects and everyday words set aside:
        禁毒社工 in 湖南有多少禁毒社工, said by the sentence, its lead, heading or title. Without
        `common`, words common in Chinese at large (原因, 主要) are not demanded either: said in
        many ways, an answer need not say them, though saying them counts.

        A place may come from the article around the answer; the thing asked about may not be
        missing from the answer, however well the place matches.
        """
        required = self._required[common]
        if not required:
            return 1.0
        credits = self._focus_credits(sentence_id)
        # Everyday words may support an answer (新发现321人) but are never demanded of it.
        return min(1.0, sum(map(operator.mul, self._focus_weights, (c for _, c in credits))) / required)

    def says_asked(self, sentence_id: int) -> bool:
        """Whether the sentence, its lead, heading or title says what a figure is asked of, every
        word of it: 亏损 in 沈阳有轨电车一年亏损多少, 制造业 in 汇丰制造业PMI是多少. A twin figure
        beside it (ridership, the 服务业 PMI) answers another question."""
        return not self.unsaid_asked(sentence_id)

    def unsaid_asked(self, sentence_id: int) -> list[str]:
        """The words of what a figure is asked of that the sentence, its lead, heading and title
        do not say. A kind of person (吸毒人员) is said by a count of people: Chinese lists leave
        the noun out (新发现321人). A verb is said in many forms: by its head (共有 by 合共), by a
        verb around the same morpheme (打捞 by 捕捞), but 收治 does not say 查处; and by a figure in
        the unit asked (多少人收看: 2,000万人目睹).
        What a rank is asked of is said by a rank (名列第几: 排在第23位), a rate by a share (得票率:
        占98.4%), and how long or how old by a duration or an age (花费多少时间: 航程大约两小时,
        享年几岁: 40岁)."""
        asked = set(self.question.asked) - self.everyday
        if not asked:
            return []
        text = self.index.matched_text(sentence_id)
        if (lead := self.index.lead(sentence_id)) >= 0:
            text += self.index.matched_text(lead)
        people = has_unit(text, PEOPLE)
        unit = self.question.unit
        measured = unit is not None and has_unit(text, unit)  # 长达89厘米 says 体长
        lasting = unit in (DURATIONS, "岁")  # how long or how old, whatever it took: 航程大约两小时
        ranked = self.question.kind is Kind.ORDINAL and bool(ordinals(text))  # 排在第23位 says 名列
        shared = has_unit(text, SHARES)  # 占98.4% says 得票率
        return [
            w.text
            for w, c in self.credits(sentence_id, nearby=True)
            if w.text in asked
            and c < IN_TITLE
            and not (people and w.text.endswith(_PERSON_NOUNS))
            and not (w.predicate and (w.text[0] in text or self._half_said(w, sentence_id)))
            and not (ranked or (measured and (w.predicate or lasting or DIMENSION.fullmatch(w.text))))
            and not (shared and RATE.fullmatch(w.text))
        ]

    def _focus_credits(self, sentence_id: int, everyday: bool = True) -> list[tuple[Word, float]]:
        """The credits of the words that say what is asked (not subjects), everyday ones only
        when `everyday`. A kind of person is said by a count of people, as in `unsaid_asked`."""
        words, row = self.question.words, self._row(sentence_id, nearby=True)
        credits = [(words[k], row[k]) for k in self._focus_words[everyday]]
        if any(row[k] < IN_ARTICLE for k in self._person_nouns[everyday]) and has_unit(
            self.index.matched_text(sentence_id), PEOPLE
        ):
            credits = [(w, IN_ARTICLE if w.text.endswith(_PERSON_NOUNS) else c) for w, c in credits]
        return credits

    def unsaid(self, sentence_id: int) -> list[str]:
        """What the question asks about that the sentence and its lead do not say, weightiest first."""
        words = [w for w, c in self._focus_credits(sentence_id, everyday=False) if c == 0.0]
        return [w.text for w in sorted(words, key=lambda w: -self.weights[w.text])]

    def own(self, sentence_ids: list[int]) -> list[float]:
        """The share of the question words its article's title does not name that each sentence
        itself holds, as they are or in a longer form: what tells the answer apart from its
        neighbours in the same article."""
        self._count([s for s in dict.fromkeys(sentence_ids) if s not in self._own])
        return [self._own[s] for s in sentence_ids]

    def uncovered(self, sentence_id: int) -> list[str]:
        """The question's words the sentence and its article say nothing about, weightiest first
        (everyday words only when nothing else is missing)."""
        words = [w for w, c in self.credits(sentence_id) if c == 0.0]
        words = [w for w in words if w.text not in self.everyday] or words
        return [w.text for w in sorted(words, key=lambda w: -self.weights[w.text])]
