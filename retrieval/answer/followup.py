"""Follow-up questions, as in a chat: after `阳泉有多少禁毒社工`, `那辽宁呢？` asks the same about 辽宁.

A follow-up is elliptical: a short noun phrase with neither a predicate nor a question word of its
own (`湖南呢`, `那辽宁呢？`, `还有2021年的呢`), naming something of a sort the previous question
names too. It stands for the previous question with that mention swapped for the new one, like for
like: a place for a place, a year for a year, an organisation for an organisation, a thing for a
thing. Anything else (`今天天气怎么样`, `辽宁禁毒工作如何`) is a question of its own, asked as it is.

Each question is segmented (with parts of speech) at most once: the previous question's mentions
are kept with the conversation, and a rewrite's are made from the pieces it was built from.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from retrieval.index.tokenizer import PERSON_TAGS, Tokenizer
from retrieval.models import Result

if TYPE_CHECKING:
    from retrieval.answer.qa import QA

# Chinese interrogatives are a closed class: a text holding one asks its own question.
_INTERROGATIVE = re.compile(
    r"谁|哪|什么|啥|怎|如何|为何|何[时地处人种年日]|多少|几|吗|是否|能否|可否|有没有|是不是|多[大高长远重久深宽]"
)
# Words that open a follow-up without adding to it ("那辽宁呢", "还有2021年的呢").
_CONNECTIVE = re.compile(r"^(?:那么|那|还有|另外|然后)\s*")
_LONGEST = 16  # characters: a longer text says enough to be a question of its own
_TOPIC_LONGEST = 12  # characters of the new thing a follow-up names
_NUMBER = re.compile(r"^\d+$")  # in figures: 三年, 两年 are durations, not years
_TIME_UNIT = re.compile(r"^(?:年|年度|月|月份|日|号)$")
_TIME_WORD = re.compile(r"^\d+(?:年|年度|月|月份|日|号)$")
_TIME_SORTS = (
    ("year", re.compile(r"年度?$")),
    ("month", re.compile(r"月份?$")),
    ("day", re.compile(r"[日号天]$")),
)
_ORG_SUFFIX = re.compile(r"(?:厅|局|委|办|院|署|队|中心|委员会|日报|报社)$")
_ADMIN_SUFFIXES = "省市县州区"
_NAME_LIKE = PERSON_TAGS | {"ns", "nt", "nz"}
# Parts of speech of a noun phrase's words: nouns, nominal verbs and adjectives, distinguishing
# words (副 主任), abbreviations, and words the user dictionary lists without a tag ("x").
_NOMINAL = re.compile(r"^(?:n\w*|vn|an|b|j|eng|x)$")
_GLUE = {"uj", "c"}  # 的, 和: inside a noun phrase, never its head
_TAIL = {"y", "x", "uj"}  # what may end a follow-up after its topic: 呢, ？, 的


@dataclass(frozen=True)
class Mention:
    """A piece of a question: its text and, for a noun, its sort (place, year, thing …); else None."""

    text: str
    sort: str | None
    tag: str = ""  # jieba's part of speech of its last word


Parsed = tuple[Mention, ...]


def parse(text: str, tokenizer: Tokenizer) -> Parsed:
    """The question in mentions: names, times and noun phrases with their sorts, other words as is."""
    words = tokenizer.words(text)
    out: list[Mention] = []
    i = 0
    while i < len(words):
        word, tag = words[i]
        if _NUMBER.match(word) and i + 1 < len(words) and _TIME_UNIT.match(words[i + 1][0]):
            word, tag = word + words[i + 1][0], "t"  # 2021 年 → one year
            i += 1
        i += 1
        sort = _sort(word, tag, tokenizer)
        if sort in ("thing", "org") and out and out[-1].sort == "thing":
            word = out.pop().text + word  # one noun phrase: 毒品 案件, 社区戒毒 康复 中心, 省 禁毒委
        if sort == "thing" and _ORG_SUFFIX.search(word):
            sort = "org"  # 公安厅, 禁毒支队: an organisation closes its phrase (公安厅 | 副厅长)
        out.append(Mention(word, sort, tag))
    return tuple(out)


def _sort(word: str, tag: str, tokenizer: Tokenizer) -> str | None:
    if tag == "t" or _TIME_WORD.match(word):
        return next((sort for sort, end in _TIME_SORTS if end.search(word)), "time")
    if tag in _NAME_LIKE:
        dictionary_tag = tokenizer.name_tag(word)
        # jieba tags some cities as people (阳泉 nr): a name that takes an administrative
        # suffix as a dictionary place (阳泉市) is a place.
        if "ns" in (tag, dictionary_tag) or any(
            tokenizer.name_tag(word + s) == "ns" for s in _ADMIN_SUFFIXES
        ):
            return "place"
        if "nt" in (tag, dictionary_tag):
            return "org"
        if tag in PERSON_TAGS or dictionary_tag in PERSON_TAGS:
            return "person"
    if not _NOMINAL.match(tag) or not re.search(r"[\u4e00-\u9fffA-Za-z]", word):
        return None
    return "thing"


def topic(text: str, tokenizer: Tokenizer) -> Parsed | None:
    """What an elliptical question names (`那辽宁呢？` → 辽宁), or None when it asks on its own."""
    text = tokenizer.normalize(text).strip()  # 誰, 幾 are question words too
    if len(text) > _LONGEST or _INTERROGATIVE.search(text):
        return None
    ended = bool(re.search(r"呢\W*$", text))
    opened = _CONNECTIVE.match(text)
    if opened and not _names_at(text, tokenizer):  # 那曲 is a place, not 那 + 曲
        text = text[opened.end() :]
    mentions = list(parse(text, tokenizer))
    while mentions and mentions[-1].sort is None and mentions[-1].tag in _TAIL:
        mentions.pop()  # 呢, ？, the 的 of "2021年的"
    if not mentions or mentions[-1].sort is None or len("".join(m.text for m in mentions)) > _TOPIC_LONGEST:
        return None
    # A noun phrase: no word but nouns, glue between them, and verbs as modifiers (吸毒 人员).
    for m, after in pairwise(mentions):
        if m.sort is None and not ((m.tag in _GLUE or m.tag.startswith("v")) and after.sort is not None):
            return None
    marked = ended or bool(opened)
    # Unmarked (`湖南？`), only a bare name or time continues the conversation.
    if not marked and any(m.sort in (None, "thing") for m in mentions):
        return None
    return tuple(mentions)


def _names_at(text: str, tokenizer: Tokenizer) -> bool:
    return any(tokenizer.is_name(text[:n]) for n in range(2, min(len(text), 4) + 1))


def rewrite(new: Parsed, previous: Parsed) -> Parsed | None:
    """`previous` with its mentions swapped for `new`'s, sort for sort; None when `new`'s head
    (its last mention: 辽宁, 2021年, 副主任) has nothing of its sort to stand for.

    A place, person, organisation or time is usually the subject, named first (阳泉有多少…); a
    thing the object, named last (…有多少禁毒社工). A modifier of the head swaps for a mention of
    its own sort (辽宁的禁毒社工 → 辽宁 for 阳泉, 禁毒社工 for 禁毒社工); one with no counterpart
    goes along with the head (辽宁和湖南 for 阳泉).
    """
    out: list[Parsed] = [(m,) for m in previous]
    free = set(range(len(previous)))

    def take(sort: str | None) -> int | None:
        # A one-character noun after 多少 counts (多少人), it is not what is counted.
        at = [
            i
            for i in sorted(free)
            if previous[i].sort == sort and (sort != "thing" or len(previous[i].text) > 1)
        ]
        if not at:
            return None
        free.discard(i := at[-1] if sort == "thing" else at[0])
        return i

    head = take(new[-1].sort)
    if head is None:
        return None
    start, swapped = len(new) - 1, False
    for j in range(len(new) - 2, -1, -1):  # the head's modifiers, nearest first
        if new[j].sort is not None and (i := take(new[j].sort)) is not None:
            out[i], swapped = (new[j],), True
        elif not swapped:
            start = j  # no counterpart: it goes along with the head
    while new[start].sort is None:
        start += 1  # the 的 of 辽宁的禁毒社工, once 辽宁 is swapped on its own
    out[head] = new[start:]
    return tuple(m for piece in out for m in piece)


def text_of(mentions: Parsed) -> str:
    return "".join(m.text for m in mentions)


def resolve(text: str, previous: str | None, tokenizer: Tokenizer) -> str:
    """The full question `text` stands for, after the question `previous`."""
    new = topic(text, tokenizer) if previous else None
    swapped = rewrite(new, parse(previous, tokenizer)) if new and previous else None
    return text_of(swapped) if swapped else text


@dataclass
class Conversation:
    """One chat: a follow-up is read against the last question that got an answer."""

    previous: str | None = None
    _parsed: tuple[str, Parsed] | None = dataclasses.field(default=None, repr=False)

    def ask(self, qa: QA, text: str, previous: str | None = None) -> Result:
        """Answer `text`; if it is elliptical, as a follow-up of `previous` (a question asked
        before, say the one behind the answer a user replied to) or else of the last question
        answered in this conversation. The rewrite, when used, is noted in the result.

        A follow-up naming a sort of thing the question it follows does not (a year after a
        question without one) is not answered: asked alone it would match almost anything.
        """
        base = previous or self.previous
        new = topic(text, qa.tokenizer) if base else None
        if not (new and base):
            return self._asked(qa.ask(text), None)
        swapped = rewrite(new, self._parse(base, qa.tokenizer))
        if swapped is None:
            return Result(text, (), True, message=_nothing_to_swap(base, new[-1]))
        result = self._asked(qa.ask(text_of(swapped)), swapped)
        return dataclasses.replace(result, notes=(f"（理解为：{result.question}）", *result.notes))

    def _asked(self, result: Result, mentions: Parsed | None) -> Result:
        """Remember an answered question as the one the next follow-up continues."""
        if result.answers:
            self.previous = result.question
            if mentions:
                self._parsed = (result.question, mentions)
        return result

    def _parse(self, question: str, tokenizer: Tokenizer) -> Parsed:
        if self._parsed is None or self._parsed[0] != question:
            self._parsed = (question, parse(question, tokenizer))
        return self._parsed[1]


_SORT_NAMES = {
    "place": "地方",
    "person": "人",
    "org": "机构",
    "year": "年份",
    "month": "月份",
    "day": "日期",
    "time": "时间",
    "thing": "事物",
}


def _nothing_to_swap(previous: str, new: Mention) -> str:
    return (
        f"「{new.text}」像是接着上一个问题（{previous}）问的，但那个问题没有提到{_SORT_NAMES[new.sort or 'thing']}，"
        "无法替换。请把问题问完整。"
    )
