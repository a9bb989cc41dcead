"""A question → what to look for: its terms, the names it mentions, and the kind of answer it wants.

Kinds: ordinal (第几/排名 → 第一, 前十), quantity (多少/几/比例 → a figure with a measure word), time (何时/哪年 → a date),
person (谁/哪位 → a name), place (哪里/哪个县 → a place name), definition (是什么/什么是).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.index.normalize import numeral_variants
from retrieval.index.tokenizer import Tokenizer

# Checked in this order: "哪一年" is a time question although "哪" could ask for anything.
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "time",
        re.compile(
            r"何时|什么时候|什么时间|哪一?年|哪一?天|哪个月|几月|几号|几时|何年|何日|日期是|时间是|多少年前"
        ),
    ),
    ("ordinal", re.compile(r"第几|排名|排第|名次|第多少")),
    (
        "quantity",
        re.compile(r"多少|几[^乎]|几$|多大|多高|多长|多远|多重|多久|多深|多宽|比例|百分之|占比|比重|几成"),
    ),
    ("person", re.compile(r"谁|哪位|哪些人|什么人|何人|姓名|名字叫")),
    (
        "place",
        re.compile(
            r"哪里|哪儿|何地|何处|在哪|什么地方|哪个(?:省|市|州|县|区|镇|乡|村|国家|地方|城市|地区)|哪些(?:省|市|州|县|区|地方|城市|地区)"
        ),
    ),
    ("definition", re.compile(r"是什么|什么是|指什么|是指|含义|定义|意思")),
)

# A word that only asks (几名, 多少个, 哪年, 哪一个, 什么样): never the content of the question.
_ASKING = re.compile(
    r"^(?:第?(?:几|多少)[\u4e00-\u9fff]?|哪[\u4e00-\u9fff]{0,2}|什么[\u4e00-\u9fff]?|何[时地人处种])$"
)
_UNIT_AFTER = re.compile(r"(?:多少|几)(?P<unit>[个名位人起件家所次场项条种株辆份本户亿万千百元吨斤克公])")


@dataclass(frozen=True)
class Word:
    """A content word of the question and the index tokens it stands for."""

    text: str
    name: bool  # a place, person or organisation
    tokens: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    text: str
    words: tuple[Word, ...]
    kind: str | None
    unit: str | None  # the measure word of a quantity question (多少名 → 名)
    entities: tuple[str, ...]  # places, people, organisations named in the question

    @property
    def terms(self) -> tuple[str, ...]:
        """All index tokens of the question, once each, in order."""
        return tuple(dict.fromkeys(t for w in self.words for t in w.tokens))


def analyze(text: str, tokenizer: Tokenizer) -> Question:
    norm = tokenizer.normalize(text)
    kind = next((name for name, pattern in _KINDS if pattern.search(norm)), None)
    unit_match = _UNIT_AFTER.search(norm)
    words: list[Word] = []
    for word in dict.fromkeys(tokenizer.cut(text)):  # a word said twice counts once
        if _ASKING.match(word):
            continue
        tokens = tuple(tokenizer.word_tokens(word))
        if tokens:
            words.append(Word(word, tokenizer.is_name(word), tokens))
    for number in numeral_variants(norm):
        words.append(Word(number, False, (number,)))
    entities = tuple(dict.fromkeys(w.text for w in words if w.name and len(w.text) > 1))
    return Question(text, tuple(words), kind, unit_match.group("unit") if unit_match else None, entities)
