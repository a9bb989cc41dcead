"""The value of a run of Chinese numerals (二百零一 → 201), read as cn2an 0.5's "smart" mode reads
it, without its load (~0.3 s of imports and regular expressions the first time a question spells
a number out).

A run is made of the characters of `RUN` only. Read in this order:
- a number as it is written: 二百零一, 十五, 一千零十 (零十 is 零一十), 两千;
- digits one by one: 一二 → 12, 二〇二三 → 2023;
- spoken, the last unit left out: 一万二 → 12000, 三百四 → 340;
anything else (万万, 十十) has no value.
"""

from __future__ import annotations

import re
from collections.abc import Callable

RUN = "零〇一二两三四五六七八九十百千万亿"
_DIGITS = {c: n for n, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_SPOKEN_LAST = {"百": "十", "千": "百", "万": "千"}  # 一万二 is 一万二千
# The forms a written number may take besides the strict one, made strict first.
_MENDS = (
    (re.compile("万零(?=[零〇一二两三四五六七八九]千)"), "万"),  # 十万零一千
    (re.compile("([万亿])([零〇一二两三四五六七八九][十百])"), r"\1零\2"),  # 一万三百
    (re.compile("(千)([零〇一二两三四五六七八九]?十)"), r"\1零\2"),  # 一千十
    (re.compile("(百)(十)"), r"\1一\2"),  # 一百十
)
_SPOKEN = re.compile("(?:[零〇一二两三四五六七八九]{0,2}[十百千万亿])+[零〇一二两三四五六七八九]")

# The grammar of a number as it is written; a rule maps a string and a start to where it can end.
Rule = Callable[[str, int], set[int]]


def _chars(chars: str) -> Rule:
    return lambda s, i: {i + 1} if i < len(s) and s[i] in chars else set()


def _seq(*rules: Rule) -> Rule:
    def match(s: str, i: int) -> set[int]:
        ends = {i}
        for rule in rules:
            ends = {e for start in ends for e in rule(s, start)}
        return ends

    return match


def _alt(*rules: Rule) -> Rule:
    return lambda s, i: {e for rule in rules for e in rule(s, i)}


def _opt(rule: Rule) -> Rule:
    return lambda s, i: {i} | rule(s, i)


_ZERO, _DIGIT = _chars("零〇"), _chars("一二两三四五六七八九")
_TEN_ON = _seq(_chars("十"), _opt(_DIGIT))  # 十, 十五
_TENS = _seq(_opt(_DIGIT), _TEN_ON)  # 十, 十五, 二十, 二十五
_TO_99 = _alt(_TENS, _DIGIT)
_HUNDREDS = _seq(_DIGIT, _chars("百"), _opt(_alt(_seq(_ZERO, _DIGIT), _seq(_DIGIT, _TEN_ON))))  # 一百零五
_TO_999 = _alt(_HUNDREDS, _TO_99)
_THOUSANDS = _seq(_DIGIT, _chars("千"), _opt(_alt(_seq(_ZERO, _TO_99), _HUNDREDS)))
_TO_9999 = _alt(_THOUSANDS, _TO_999)
_MYRIADS = _seq(_TO_9999, _chars("万"), _opt(_alt(_seq(_ZERO, _TO_999), _THOUSANDS)))
_TO_1E8 = _alt(_MYRIADS, _TO_9999)
_NUMBER = _alt(_ZERO, _seq(_TO_1E8, _chars("亿"), _opt(_alt(_seq(_ZERO, _TO_1E8), _MYRIADS))), _TO_1E8)


def value(run: str) -> int | None:
    """The number `run` (characters of `RUN`) says, or None."""
    run = run.replace("零十", "零一十").replace("零百", "零一百")
    for pattern, repl in _MENDS:
        run = pattern.sub(repl, run)
    run = run.replace("零十", "零一十")
    if len(run) in _NUMBER(run, 0):
        return _written(run)
    if all(c in _DIGITS for c in run):
        return int("".join(str(_DIGITS[c]) for c in run))
    if len(run) >= 3 and _SPOKEN.fullmatch(run) and run[-2] in _SPOKEN_LAST:
        return _written(run + _SPOKEN_LAST[run[-2]])
    return None


def _written(run: str) -> int:
    """The value of a number written with units, read from its last character back."""
    total, unit, myriad = 0, 1, 1
    for position, c in enumerate(reversed(run)):
        if c in _DIGITS:
            total += _DIGITS[c] * unit
            continue
        unit = _UNITS[c]
        if unit % 10_000 == 0:  # 万, 亿, and 万亿
            myriad = unit if unit > myriad else unit * myriad
            unit = myriad
        if unit < myriad:
            unit *= myriad
        if position == len(run) - 1:  # 十五: a leading unit counts one
            total += unit
    return total
