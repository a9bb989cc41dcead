"""Where a sentence's subject comes from: the sentence, what precedes it, its heading, its article.

A sentence answers for the places, organisations, people, products and dates it names, and for
those named elsewhere in its paragraph (before it, or after it as encyclopaedias often do), in
the heading above it and in its article's lead sentence, title, source and date.
`全市配齐禁毒专职社工201名` is about 阳泉 because its title says so; a twin article's
`缴获海洛因冰毒500余公斤` is not about 湖南 because nothing around it says 湖南, however often the
rest of the corpus does.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from retrieval.answer.coverage import forms
from retrieval.index import numerals
from retrieval.index.sentence_index import Index
from retrieval.index.tokenizer import PERSON_TAGS, PLACE_TAGS, Tokenizer


@dataclass
class _Context:
    """What a paragraph's sentences stand under: the paragraph with its heading and article
    lead, title, source and date (`own`); and the end of the paragraph before."""

    sentences: range
    own: str
    before: str
    points_back: bool
    kinds: set[str | None] | None = None  # of the names the paragraph says, once asked


class Grounding:
    """The text each sentence's subjects may come from, and which subjects it names: a question's,
    cached; what is around a paragraph is kept for later questions too (`Index.contexts`)."""

    def __init__(self, index: Index, tokenizer: Tokenizer, asks_place: bool = False) -> None:
        self.index, self.tokenizer, self.normalize = index, tokenizer, tokenizer.normalize
        self.asks_place = asks_place  # 甘肃哪些城市…: a sentence opening on a place may be the answer
        # What is around a paragraph (its first sentence and section), and which subjects it names.
        self._context: dict[tuple[int, int], _Context] = {}
        self._named: dict[tuple[tuple[int, int], str], bool] = {}
        self._topics: dict[int, str | None] = {}  # ranking and answering ask of the same candidates
        self._headings: dict[tuple[int, int], str] = {}
        self._titles: dict[int, str] = {}
        self._undated: dict[tuple[tuple[int, int], str], bool] = {}  # `_dated_otherwise`, per paragraph
        self._missing: dict[tuple[int, tuple[str, ...]], tuple[str, ...]] = {}
        self._kinds: dict[str, str | None] = {}  # what kind of name each subject is

    def _names_around(self, key: tuple[int, int], subject: str) -> bool:
        """Whether the normalised text around the paragraph `key` (`_around`) names `subject`.

        A paragraph that names a place (person, organisation) of its own and does not point back
        is about that one: `据山东女子学院…介绍…` after a line on 上海工程技术大学 does not stand
        under 上海."""
        if (key, subject) not in self._named:
            context = self._context[key]
            self._named[(key, subject)] = names(context.own, subject) or (
                names(context.before, subject)
                and (
                    context.points_back
                    or self.asks_place
                    or self._kind(subject) not in self._kinds_in(context)
                )
            )
        return self._named[(key, subject)]

    def _around(self, sentence_id: int) -> tuple[int, int]:
        """The key of what is around the sentence, made on first use: its paragraph, the last
        sentence of the paragraph before (all of it when this one opens by pointing back to it),
        its heading, and its article's lead (first sentence), title, source and date. Every
        sentence of a paragraph has the same."""
        index = self.index
        first, stop = index.paragraph_of(sentence_id)
        key = (first, int(index.section[sentence_id]))
        if key not in self._context:
            context = index.contexts.get(key)  # made for an earlier question
            if context is None:
                context = index.contexts.remember(key, self._made(key, stop))
            self._context[key] = context
        return key

    def _made(self, key: tuple[int, int], stop: int) -> _Context:
        """What is around the paragraph `key`, which ends before sentence `stop`."""
        index, first = self.index, key[0]
        own = index.matched_texts(first, stop)
        before, points_back = "", bool(_POINTS_BACK.match(own[0]))  # 但是，这两大算法…
        if (last := index.lead(first)) >= 0:
            opening = last
            while points_back and (prev := int(index.previous[opening])) >= 0:
                opening = prev
            before = "\n".join(index.matched_texts(opening, last + 1))
        heading = self._heading(int(index.sentence_article[first]), key[1])
        return _Context(range(first, stop), "\n".join([*own, heading]), before, points_back)

    def _kinds_in(self, context: _Context) -> set[str | None]:
        """The kinds of names a paragraph's sentences say (place, person, organisation)."""
        if context.kinds is None:
            words = (w for s in context.sentences for w in self.index.words(s) if len(w) > 1)
            context.kinds = {_kind(self.tokenizer.name_tag(w)) for w in words} - {None}
        return context.kinds

    def _heading(self, art: int, section: int) -> str:
        """Normalised text of the section heading, and the article's lead (first sentence),
        title, source and date: candidates share them."""
        key = (art, section)
        if key not in self._headings:
            index = self.index
            article = index.articles.heading(art)
            heading = (
                index.sections[section],
                article.title,
                article.source or "",
                _date_words(article.date),
            )
            lead = index.matched_text(index.first_sentence(art))
            self._headings[key] = lead + "\n" + self.normalize("\n".join(heading))
        return self._headings[key]

    def missing(self, sentence_id: int, subjects: tuple[str, ...]) -> tuple[str, ...]:
        """The subjects nothing around the sentence names. A sentence that opens on a place
        (person, organisation) of its own is about that one, whatever the sentences around it
        are about: `珠海有轨电车每年亏损…` after a line on 沈阳 does not answer for 沈阳."""
        key = (sentence_id, subjects)
        if not subjects:
            return ()
        if key not in self._missing:
            self._missing[key] = tuple(self._unnamed(sentence_id, subjects))
        return self._missing[key]

    def _unnamed(self, sentence_id: int, subjects: tuple[str, ...]) -> Iterator[str]:
        text = self.index.matched_text(sentence_id)
        around = None  # read for the first subject the sentence itself does not settle
        for subject in subjects:
            if names(text, subject):
                continue
            time = _time_kind(subject)
            if (own := _OWN_TIME.get(time or "")) and own.search(text):
                yield subject  # the sentence has a year (month) of its own: 2018年中国进口…
                continue
            if time == "month" and self._dated_otherwise(sentence_id, subject):
                yield subject
                continue
            topic = None if self.asks_place else self._topic(sentence_id)
            if topic and topic == self._kind(subject) and not self._titled(sentence_id, subject):
                yield subject  # the sentence opens on a place of its own: 珠海有轨电车…
            else:
                around = around or self._around(sentence_id)
                if not self._names_around(around, subject):
                    yield subject

    def opens_on_another(self, sentence_id: int, subject: str, subjects: tuple[str, ...]) -> bool:
        """Whether the sentence opens on a name of the subject's kind that is neither the subject
        nor another of the question's `subjects`: `上海高温津贴…` is about 上海, whatever the
        question asks of 浙江. Not when a place is asked: a sentence opening on one may answer."""
        kind = self._kind(subject)
        if self.asks_place or kind is None or self._topic(sentence_id) != kind:
            return False
        opening = self.index.opening_word(sentence_id)
        return not names(self.index.matched_text(sentence_id), subject) and not any(
            names(opening, other) or names(other, opening) for other in subjects
        )

    def _dated_otherwise(self, sentence_id: int, month: str) -> bool:
        """Whether the article's title gives a month of its own and nothing nearer the sentence
        (its paragraph, heading or the paragraph before) names `month`: a report on 4月 published
        in 5月 is not about 5月, whatever its date says."""
        title = self._title(sentence_id)
        if not _OWN_TIME["month"].search(title) or names(title, month):
            return False
        key = self._around(sentence_id)
        if (key, month) not in self._undated:
            context = self._context[key]
            near = self.index.matched_texts(context.sentences.start, context.sentences.stop)
            heading = self.normalize(self.index.sections[key[1]])
            self._undated[(key, month)] = not names("\n".join([*near, heading, context.before]), month)
        return self._undated[(key, month)]

    def _kind(self, subject: str) -> str | None:
        if subject not in self._kinds:
            self._kinds[subject] = _kind(self.tokenizer.name_tag(subject))
        return self._kinds[subject]

    def _titled(self, sentence_id: int, subject: str) -> bool:
        """Whether the sentence's article is about `subject` by its title: then a sentence in it
        that opens on another place (美军基地…, in 关岛) still stands under it."""
        return names(self._title(sentence_id), subject)

    def _title(self, sentence_id: int) -> str:
        """The sentence's article's title, normalised; candidates share them."""
        art = int(self.index.sentence_article[sentence_id])
        if art not in self._titles:
            self._titles[art] = self.normalize(self.index.articles.heading(art).title)
        return self._titles[art]

    def _topic(self, sentence_id: int) -> str | None:
        """The kind of name a sentence opens with (its topic), if it opens with one."""
        if sentence_id not in self._topics:
            word = self.index.opening_word(sentence_id)
            self._topics[sentence_id] = _kind(self.tokenizer.name_tag(word)) if len(word) > 1 else None
        return self._topics[sentence_id]


# A paragraph that opens by pointing back (这两大算法, 该公司, 其中, 但是，他…) goes on about the one before.
_POINTS_BACK = re.compile(
    r"^(?:(?:但是?|然而|不过|因此|所以|而且?|同时|此外|另外|可以说)\s*[，,]?\s*)?(?:这|该|此|其|上述|以上|前述|它|他|她)"
)

_OWN_TIME = {
    "year": re.compile(r"(?:19|20)\d{2}\s*年"),
    "month": re.compile(r"(?<![\d.])\d{1,2}\s*月(?!份?以来)"),
    "half": re.compile("[上下]半年"),
}


def _time_kind(subject: str) -> str | None:
    if subject in ("上半年", "下半年"):
        return "half"
    if subject.endswith("年") and subject[:1].isdigit():
        return "year"
    return "month" if subject.endswith("月") and subject[:1].isdigit() else None


def _kind(tag: str | None) -> str | None:
    if tag in PLACE_TAGS:
        return "place"
    if tag in PERSON_TAGS:
        return "person"
    return "organisation" if tag == "nt" else None


# A government is named by its country or place: 土耳其政府, 美国国会.
_GOVERNMENT = re.compile(r"^(.{2,})(?:政府|国会|议会|当局)$")
# An edition, in digits or Chinese numerals (第15届 = 第十五届; the first is also 首届).
_EDITION = re.compile(r"第([\d一二两三四五六七八九十]+)届|首届")
_DIGITS = "零一二三四五六七八九"
# Months in Chinese numerals: 7月 = 七月.
_MONTHS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")


def names(text: str, subject: str) -> bool:
    """Whether `text` names `subject`; a figure only as a whole number (2月 is not in 12月), a
    month also in Chinese numerals (7月 = 七月)."""
    if subject[:1].isdigit():  # 2月 is said 2月 or 02月, never inside 12月
        if re.search(rf"(?<![\d.])0?{re.escape(subject)}", text):
            return True
        month = _chinese_month(subject)
        return month is not None and re.search(rf"(?<![一二三四五六七八九十]){month}", text) is not None
    # Any of its spellings: an edition's forms, the name with or without its suffix, a
    # government's country (土耳其政府 is named by 土耳其).
    return any(form in text for form in spellings(subject))


@functools.lru_cache(maxsize=1024)
def spellings(subject: str) -> tuple[str, ...]:
    """Strings a text that `names` `subject` holds one of at least, all it needs to hold but for
    a figure: what to look for before reading a text to ask `names`. Kept for the subjects of the
    last questions: grounding asks of tens of candidates with the same few."""
    if subject[:1].isdigit():
        month = _chinese_month(subject)
        return (subject,) if month is None else (subject, month)
    if editions := _editions(subject):
        return editions
    government = _GOVERNMENT.match(subject)
    return forms(subject) + (forms(government.group(1)) if government else ())


def _editions(subject: str) -> tuple[str, ...]:
    """The ways of saying an edition (第十五届: 第15届, 第十五届), or () for another subject."""
    match = _EDITION.fullmatch(subject)
    if not match:
        return ()
    said = match.group(1) or "1"
    number = int(said) if said.isdigit() else numerals.value(said)
    if number is None or not 0 < number < 100:
        return (subject,)
    tens, ones = divmod(number, 10)
    chinese = ("" if tens < 2 else _DIGITS[tens]) + ("十" if tens else "") + (_DIGITS[ones] if ones else "")
    return (f"第{number}届", f"第{chinese}届") + (("首届",) if number == 1 else ())


def _chinese_month(subject: str) -> str | None:
    """A month in Chinese numerals (七月 for 7月), or None if `subject` is not a month."""
    month = subject[:-1]
    if subject.endswith("月") and month.isdigit() and 1 <= int(month) <= 12:
        return f"{_MONTHS[int(month) - 1]}月"
    return None


def _date_words(date: str | None) -> str:
    """An ISO date as the article would say it: 2024-05-13 → 2024年5月13日."""
    if not date:
        return ""
    y, _, rest = date.partition("-")
    m, _, d = rest.partition("-")
    return f"{y}年" + (f"{int(m)}月" if m.isdigit() else "") + (f"{int(d)}日" if d.isdigit() else "")
