"""Where in a sentence the kind of thing a question asks for stands: figures, dates, names.

Each finder returns character spans of the sentence, so the ranker can reward a sentence that
has the shape asked for and the front ends can mark the figure in the answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from retrieval.index.tokenizer import PERSON_TAGS, PLACE_TAGS, Tokenizer

Span = tuple[int, int]

# Arabic figures, or Chinese numerals other than a lone 一 (一起, 一批 are words, not counts).
_NUMBER = r"(?:\d[\d,，.]*\d|\d|[零〇一二两三四五六七八九十百千万亿]{2,}|[二两三四五六七八九十])"
_YEAR = re.compile(r"^(?:19|20)\d{2}\s*年$")
UNITS = (
    "人次|场次|户次|万元|亿元|千克|公斤|公里|平方米|立方米|万人|万余|"
    "名|个|位|人|起|件|家|所|次|场|项|条|种|株|辆|份|本|户|批|座|处|台|套|篇|类|部|支|"
    "吨|斤|克|元|米|年|天|倍|岁|%|％|‰"
)
_FIGURE = re.compile(
    rf"(?:近|约|超过|逾)?{_NUMBER}(?:\.\d+)?\s*(?:余|多)?\s*(?:[万亿千百])?\s*(?:余|多)?\s*(?P<unit>{UNITS})"
)
_PERCENT = re.compile(r"\d+(?:\.\d+)?\s*[%％‰]|百分之[零一二三四五六七八九十百点]+")
_DATE = re.compile(
    r"(?:19|20)\d{2}\s*(?:年|-|/|\.)(?:\s*\d{1,2}\s*(?:月|-|/|\.)(?:\s*\d{1,2}\s*日?)?)?"
    r"|\d{1,2}月(?:\d{1,2}日)?|[一二三四五六七八九十]{1,3}月(?:[一二三四五六七八九十]{1,3}日)?"
    r"|(?:今年|去年|前年|明年)(?:\d{1,2}月)?|(?:上|下|本)(?:半年|月|周)|(?:年底|年初|月底|月初)"
)
_ORDINAL = re.compile(
    r"第\s*[一二三四五六七八九十百\d]+|前\s*[一二三四五六七八九十\d]+|首位|榜首|最高|最低|前列"
)
_DEFINITION = re.compile(r"是指|指的是|即|称为|又称|简称|被称作|是一[种个项类位]")


def figures(text: str, unit: str | None = None) -> list[Span]:
    """Figures with a measure word or percent sign; only those in `unit` when one is named and present."""
    found = [
        (m.start(), m.end(), m.group("unit")) for m in _FIGURE.finditer(text) if not _YEAR.match(m.group())
    ]
    found += [(m.start(), m.end(), "%") for m in _PERCENT.finditer(text)]
    if unit:
        wanted = [f for f in found if f[2].startswith(unit) or f[2].endswith(unit)]
        if wanted:
            found = wanted
    return sorted({(a, b) for a, b, _ in found})


def has_unit(text: str, unit: str) -> bool:
    return any(
        m.group("unit").endswith(unit) or m.group("unit").startswith(unit) for m in _FIGURE.finditer(text)
    )


def dates(text: str) -> list[Span]:
    return [m.span() for m in _DATE.finditer(text)]


def ordinals(text: str) -> list[Span]:
    return [m.span() for m in _ORDINAL.finditer(text)]


def definitions(text: str) -> list[Span]:
    return [m.span() for m in _DEFINITION.finditer(text)]


def names(text: str, tokenizer: Tokenizer, tags: frozenset[str], new_words: bool = False) -> list[Span]:
    """Spans of words jieba's dictionary tags with one of `tags` (nr: people, ns: places), and,
    with `new_words`, of words its HMM found that the dictionary does not know (most are names)."""
    spans, pos = [], 0
    for word in tokenizer.cut(text):
        if len(word) > 1 and (
            tokenizer.name_tag(word) in tags or (new_words and tokenizer.is_new_word(word))
        ):
            spans.append((pos, pos + len(word)))
        pos += len(word)
    return spans


def finder(kind: str | None, unit: str | None, tokenizer: Tokenizer) -> Callable[[str], list[Span]] | None:
    """The function that finds, in a sentence, what a question of `kind` asks for."""
    if kind == "quantity":
        return lambda text: figures(text, unit)
    if kind == "time":
        return dates
    if kind == "ordinal":
        return ordinals
    if kind == "person":
        return lambda text: names(text, tokenizer, PERSON_TAGS, new_words=True)
    if kind == "place":
        return lambda text: names(text, tokenizer, PLACE_TAGS)
    if kind == "definition":
        return definitions
    return None
