"""A web page's headline and the citation lines under it, found in the page's visible lines.

A saved page names its headline twice: in `<title>` (often with the site's name after a
separator: `标题_网易新闻`, `标题 - 知乎`) and as a line of the page. The line that begins the
`<title>` up to a separator is the headline; navigation above it is not the article, and the few
lines below it (date, 来源, byline) are the citation. Used for HTML pages and for their text dumps,
whose first line is the page's `<title>`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.ingest.metadata import LineFields, clean_source, iso_date, read_line

_DASHES = re.compile(r"[—–－-]+")
_SPACE = re.compile(r"\s+")
# What separates a headline from the site's name in a <title>.
_SEPARATOR_START = "_-|｜:：·"
_SEGMENTS = re.compile(r"\s*(?:_|\||｜|-|::)\s*")
# A count of unread messages some sites put before the <title>: `(99+ 封私信 / 87 条消息) `.
_COUNTER = re.compile(r"^\s*[(（][^)）]*\d[^)）]*[)）]\s*")
_ELLIPSIS = re.compile(r"(?:\.{3,}|…+)$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SPACE_BY_CJK = re.compile(r"(?<=[\u4e00-\u9fff])\s+|\s+(?=[\u4e00-\u9fff])")
# How many lines under the headline may hold its citation, and how long such a line may be.
HEADER_LINES = 6
_MAX_HEADER_LINE = 80
# A date line that names its outlet without a label: `中国网 2019-11-25 10:37:31`, `2024-05-09 22:30·新华社`.
_NAME = r"[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9 ]{1,15}"
_DATE_TIME = (
    r"(?:19|20)\d{2}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}\s*日?(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"
)
_NOT_A_NAME = re.compile(r"时间|日期|发布|更新|星期|今天|周[一二三四五六日]")
_NAMED_DATE = re.compile(rf"^(?:({_NAME})\s+)?{_DATE_TIME}\s*[·|]?\s*({_NAME})?$")


def key(text: str) -> str:
    """A line as compared with the <title>: no spaces, every run of dashes one hyphen."""
    return _DASHES.sub("-", _SPACE.sub("", text))


def find_headline(lines: list[str], hint: str | None, start: int = 0) -> int | None:
    """Index of the line that is the page's headline by its <title> (`hint`), or None.

    Among the lines that begin the <title> up to a separator (or that the page cut short with
    an ellipsis), the one with citation lines under it wins, then the longest.
    """
    if not hint:
        return None
    unprefixed = _COUNTER.sub("", hint)
    if unprefixed != hint:
        return find_headline(lines, unprefixed, start)
    wanted = key(hint)
    best: tuple[bool, int, int] | None = None
    for i in range(start, len(lines)):
        k = key(lines[i])
        if len(k) < 4 or not wanted.startswith(_ELLIPSIS.sub("", k)):
            continue
        rest = wanted[len(k) :]
        if rest and rest[0] not in _SEPARATOR_START and not _ELLIPSIS.search(k):
            continue
        rank = (_has_header(lines, i), len(k), -i)
        if best is None or rank > best:
            best = rank
    return -best[2] if best else None


def _has_header(lines: list[str], at: int) -> bool:
    return any(read_line(line) is not None or _NAMED_DATE.match(line) for line in _header_lines(lines, at))


def _header_lines(lines: list[str], at: int) -> list[str]:
    below = [line for line in lines[at + 1 : at + 1 + HEADER_LINES * 2] if line][:HEADER_LINES]
    return [line for line in below if len(line) <= _MAX_HEADER_LINE]


@dataclass
class Header:
    """The citation lines under a headline: labelled fields, and an outlet named without a label."""

    fields: LineFields
    named_source: str | None = None


def header_fields(lines: list[str], at: int) -> Header:
    fields = LineFields()
    named = None
    for line in _header_lines(lines, at):
        found = read_line(line)
        match = _NAMED_DATE.match(line)
        if match:
            found = found or LineFields(date=iso_date(line))
            name = match.group(1) or match.group(2) or ""
            named = named or (None if _NOT_A_NAME.search(name) else clean_source(name))
        if found is not None:
            merge(fields, found)
    for line in lines[max(0, at - HEADER_LINES * 2) : at]:  # a table of particulars above it
        found = read_line(line)
        if found is not None:
            merge(fields, found)
    return Header(fields, named)


def labelled_headline(lines: list[str], start: int = 0) -> int | None:
    """The line a `标题：` label names, when the page has no <title> line to go by."""
    for line in lines[start:]:
        found = read_line(line) if line else None
        if found is not None and found.title:
            wanted = key(found.title)
            return next((i for i, other in enumerate(lines) if key(other) == wanted), None)
    return None


def merge(into: LineFields, found: LineFields) -> None:
    """The first value of each field wins: the page header comes before quoted material."""
    for name in ("date", "source", "author", "editor", "url", "title"):
        if getattr(into, name) is None and getattr(found, name):
            setattr(into, name, getattr(found, name))


def full_headline(headline: str, lines: list[str]) -> str:
    """A headline the page cut short (`…地铁直达+无敌免...`), completed from `原标题：《…》`."""
    cut = _ELLIPSIS.search(headline)
    if not cut:
        return headline
    prefix = headline[: cut.start()]
    pattern = re.compile(rf"《({re.escape(prefix)}[^》]*)》")
    for line in lines:
        match = pattern.search(line)
        if match:
            return match.group(1)
    return headline


def site_name(hint: str | None, headline: str) -> str | None:
    """The site's name from the <title> after the headline: its last segment in Chinese."""
    if not hint:
        return None
    page, line = key(_COUNTER.sub("", hint)), key(headline)
    if not page.startswith(_ELLIPSIS.sub("", line)):
        return None
    rest = page[len(line) :]
    segments = [s for s in _SEGMENTS.split(rest) if s]
    named = [s for s in segments if _CJK.search(s)] or segments
    return _SPACE_BY_CJK.sub("", named[-1]) if named else None


def strip_site_name(title: str) -> str:
    """A <title> with no headline line to match: its first segment, the site's name cut off."""
    parts = re.split(r"\s*(?:_|\||｜|\s-\s|--)\s*", title.strip())
    return parts[0] if parts and parts[0] else title.strip()
