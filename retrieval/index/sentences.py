"""Articles → sentences, the units qabot answers with.

Splits at 。！？!?；; and line ends (not one broken off at a comma); closing quotes and brackets
stay with their sentence; the clauses of a short sentence split by ；are one sentence again
(2014年，…为2823亿元；人均…88953元: the year is of both), while a long run of three or more
stays a list of facts;
a terminator inside round brackets does not split (`观塘明渠（简称观塘渠；…）`); decimals and
dates never split because '.' is no terminator. Fragments too short to answer are merged
into a neighbour, and headings become the `section` of the paragraphs below them; a short
"label：value" line (成人票原价：165元) stays a sentence under its heading.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from retrieval.ingest.lines import CLOSERS, TERMINATORS, goes_on, is_heading
from retrieval.models import Article, Sentence

_OPEN = {"（": "）", "(": ")", "【": "】", "〔": "〕"}
# A bracket left open this long was never meant to be closed (a typo): stop protecting it.
_MAX_BRACKET = 200
_MEANINGFUL = re.compile(r"[\u4e00-\u9fff\w]")
# What a Chinese question asks with, before its question mark, Simplified or Traditional: 吗,
# 什么, 如何, 几, 谁, 多少…, a particle (吧, 啊), or A-not-A (是不是, 有没有).
_ASKING = re.compile(
    r"(?:[吗嗎呢吧嘛啊呀么麼几幾谁誰哪何怎]|多少|是否|能否|可否|难道|難道|(.)[不没沒]\1)[^。！!？?]*$"
)
_HAN = re.compile(r"[\u4e00-\u9fff]")
# A short "label：value" line with a figure (成人票原价：165元) is a fact of the heading above it,
# not a heading of its own.
_FACT_LINE = re.compile(r"^[^：:]{1,15}[：:]\s*\S*\d")


def is_question(text: str) -> bool:
    """A sentence that asks (…当地情况如何？ with a Q&A page's "0 个回答" after it at most): never
    an answer. It asks by its words as well as its mark, unless it has no Chinese to ask with
    (Why?): a title ending in one (《…有关吗?》) or a character lost to a ? (深水?) asks nothing."""
    at = max(text.rfind("?"), text.rfind("？"))
    if at < 0 or len(text) - at > 8 or text[at + 1 : at + 2] in ("》", "〉"):
        return False
    asking = text[:at]
    return bool(_ASKING.search(asking)) or not _HAN.search(asking)


def split_text(text: str) -> list[str]:
    """Split one paragraph into sentences, without merging short fragments."""
    sentences: list[str] = []
    buf: list[str] = []
    closers: list[str] = []  # expected closing brackets, innermost last
    opened_at = 0
    i, n = 0, len(text)

    def emit() -> None:
        piece = "".join(buf).strip()
        if piece:
            sentences.append(piece)
        buf.clear()
        closers.clear()

    while i < n:
        ch = text[i]
        if ch == "\n":
            if not goes_on("".join(buf)):  # a line broken off at a comma goes on in the next
                emit()
            i += 1
            continue
        buf.append(ch)
        if ch in _OPEN:
            if not closers:
                opened_at = len(buf)
            closers.append(_OPEN[ch])
        elif closers and ch == closers[-1]:
            closers.pop()
        elif ch in TERMINATORS:
            if closers and len(buf) - opened_at > _MAX_BRACKET:
                closers.clear()
            if not closers:
                # Keep following terminators and closing quotes with this sentence: “…摘帽”。 / ?!
                while i + 1 < n and (text[i + 1] in TERMINATORS or text[i + 1] in CLOSERS):
                    i += 1
                    buf.append(text[i])
                emit()
        i += 1
    emit()
    return sentences


_SOFT_BREAKS = "；;，,、：:"


def cap(pieces: list[str], limit: int) -> list[str]:
    """Cut runs longer than `limit` (text without sentence punctuation) at a semicolon or comma, or
    at the limit."""
    out = []
    for piece in pieces:
        while len(piece) > limit:
            cut = max(piece.rfind(ch, limit // 2, limit) for ch in _SOFT_BREAKS) + 1 or limit
            out.append(piece[:cut])
            piece = piece[cut:]
        if piece:
            out.append(piece)
    return out


def join_clauses(pieces: list[str], limit: int) -> list[str]:
    """The clauses `split_text` cut at ；or ; joined again into their sentence when it is no longer
    than `limit` characters, or twice that for two clauses (a statement and what goes with it):
    three and more are a list of facts."""
    out: list[str] = []
    start = 0
    for end, piece in enumerate(pieces, 1):
        if end < len(pieces) and piece.rstrip(CLOSERS).endswith(("；", ";")):
            continue  # the sentence goes on
        clauses = pieces[start:end]
        whole = sum(map(len, clauses)) <= (2 * limit if len(clauses) == 2 else limit)
        out += ["".join(clauses)] if whole else clauses
        start = end
    return out


def meaningful_length(text: str) -> int:
    return len(_MEANINGFUL.findall(text))


def merge_short(pieces: list[str], min_chars: int) -> list[str]:
    """Join fragments shorter than min_chars to the sentence before them (or after, if first)."""
    merged: list[str] = []
    for piece in pieces:
        if merged and meaningful_length(piece) < min_chars:
            merged[-1] += piece
        elif merged and meaningful_length(merged[-1]) < min_chars:
            merged[-1] += piece
        else:
            merged.append(piece)
    return merged


def article_sentences(
    article: Article,
    first_id: int,
    min_chars: int,
    heading_max: int,
    max_chars: int = 300,
    clause_chars: int = 80,
) -> Iterator[Sentence]:
    """The answer candidates of one article, numbered from first_id."""
    section = topic = ""
    next_id = first_id
    carry, carried = "", 0  # a paragraph too short to stand alone (and which), prefixed to the next one
    for p, paragraph in enumerate(article.paragraphs):
        if is_heading(paragraph, heading_max) and not _FACT_LINE.match(paragraph):
            # A list title (备注：) opens a list within the heading above, which stays its subject.
            label = paragraph.rstrip().endswith(("：", ":"))
            section = f"{topic} {paragraph}" if label and topic else paragraph
            topic = topic if label else paragraph
            continue
        pieces = cap(merge_short(join_clauses(split_text(paragraph), clause_chars), min_chars), max_chars)
        if carry and pieces:
            pieces[0] = carry + pieces[0]
            carry = ""
        if len(pieces) == 1 and meaningful_length(pieces[0]) < min_chars:
            carry, carried = pieces[0], p
            continue
        for position, text in enumerate(pieces):
            yield Sentence(next_id, article.doc, p, position, text, section)
            next_id += 1
    if carry and next_id == first_id:  # a note of one short line is still its article's text
        yield Sentence(next_id, article.doc, carried, 0, carry, section)
