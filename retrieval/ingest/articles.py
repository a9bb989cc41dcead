"""Text of a scraped page → Article: citation fields pulled out, furniture dropped, paragraphs kept.

Text dumps of web pages begin with the page's `<title>`; when a later line is the headline it
names (see `header`), the navigation above that line is dropped and the lines under it give the
citation. Other text is read the older way: the title is the heading above the first metadata
line, or the first line.
"""

from __future__ import annotations

import re

from retrieval.ingest.boilerplate import is_article_end, is_boilerplate, is_footer_marker
from retrieval.ingest.decoding import decode
from retrieval.ingest.header import (
    Header,
    find_headline,
    full_headline,
    header_fields,
    labelled_headline,
    merge,
    site_name,
)
from retrieval.ingest.lines import ends_sentence, is_heading
from retrieval.ingest.metadata import LineFields, read_line
from retrieval.models import Article

_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff]+")
_SUBTITLE = re.compile(r"^\s*(?:——|—|--)")
MAX_TITLE = 80
# The footer may only begin in the last part of a page: a marker earlier than this share of
# its lines is a stray line, dropped alone.
_FOOTER_ZONE = 0.5
# Running text an article has before a "related news" or "comments" line may end it.
_TEXT_BEFORE_END = 100


def clean_lines(text: str) -> list[str]:
    return [_SPACES.sub(" ", raw).strip() for raw in text.split("\n")]


def read(doc: str, data: bytes, heading_max: int, path: str) -> Article:
    return parse_article(doc, decode(data), heading_max, path)


def parse_article(doc: str, text: str, heading_max: int = 30, path: str = "") -> Article:
    lines = clean_lines(text)
    first = next((i for i, line in enumerate(lines) if line), None)
    if first is None:
        return _article(doc, doc, [], LineFields(), heading_max, path)
    headline = find_headline(lines, lines[first], first + 1)
    headline = labelled_headline(lines) if headline is None else headline
    if headline is not None:
        title = full_headline(lines[headline], lines)
        return assemble(
            doc,
            title,
            lines[headline + 1 :],
            heading_max,
            path,
            header_fields(lines, headline),
            site_name(lines[first], lines[headline]),
        )
    kept, metadata_at, fields = _filter(lines)
    title, body = _split_title(kept, metadata_at)
    return _article(doc, fields.title or title or doc, body, fields, heading_max, path)


def assemble(
    doc: str,
    title: str,
    body: list[str],
    heading_max: int,
    path: str,
    header: Header,
    site: str | None = None,
) -> Article:
    """An article whose headline is known: its header's fields first, then those in the body.

    Source: the 来源 the header names, else one the body names (`来源：无锡交警` closing a
    repost), else the outlet on the date line, else the site.
    """
    kept, _, found = _filter(body)
    fields = LineFields(**vars(header.fields))
    merge(fields, found)
    fields.source = fields.source or header.named_source or site
    return _article(doc, title, [line for line in kept if line != title], fields, heading_max, path)


def _article(
    doc: str, title: str, body: list[str], fields: LineFields, heading_max: int, path: str
) -> Article:
    return Article(
        doc=doc,
        title=title,
        paragraphs=tuple(_paragraphs(body, heading_max)),
        date=fields.date,
        source=fields.source,
        author=fields.author,
        editor=fields.editor,
        url=fields.url,
        path=path,
    )


def _filter(lines: list[str]) -> tuple[list[str], list[int], LineFields]:
    """Article lines ("" marks a paragraph break), where metadata lines stood, and their fields."""
    fields = LineFields()
    kept: list[str] = []
    metadata_at: list[int] = []
    footer_from = _footer_start(lines)
    text_seen = 0  # characters of finished sentences kept so far
    ended = False  # past the article's end: only citation lines are still read
    for i, line in enumerate(lines):
        found = read_line(line) if line else None
        if found is not None:
            merge(fields, found)
            metadata_at.append(len(kept))
            continue
        ended = ended or i >= footer_from or (text_seen >= _TEXT_BEFORE_END and is_article_end(line))
        if ended:
            continue
        if line and is_boilerplate(line):
            continue
        kept.append(line)
        text_seen += len(line) if ends_sentence(line) else 0
    return kept, metadata_at, fields


def _footer_start(lines: list[str]) -> int:
    """Index of the first line of the page footer, or len(lines) when there is none."""
    start = int(len(lines) * _FOOTER_ZONE)
    for i in range(start, len(lines)):
        if lines[i] and is_footer_marker(lines[i]):
            return i
    return len(lines)


def _split_title(kept: list[str], metadata_at: list[int]) -> tuple[str, list[str]]:
    """Find the title and return it with the body lines that follow it.

    The title is the heading just above the first metadata line (site navigation stands
    above it and is dropped); a page with no metadata near its top starts with its title,
    or, when its first line is already text, is titled by that line's first sentence.
    """
    nonblank = [i for i, line in enumerate(kept) if line]
    if not nonblank:
        return "", []
    first_meta = metadata_at[0] if metadata_at else None
    if first_meta is not None and any(i < first_meta for i in nonblank):
        above = [i for i in nonblank if i < first_meta]
        t = above[-1]
        title = kept[t]
        if _SUBTITLE.match(title) and len(above) > 1:
            t = above[-2]
            title = kept[t] + title.strip()
        if len(title) <= MAX_TITLE and not ends_sentence(title):
            return title, _without_title(kept[first_meta:], title, kept[t])
    first = kept[nonblank[0]]
    if len(first) <= MAX_TITLE and not ends_sentence(first):
        return first, _without_title(kept[nonblank[0] + 1 :], first, first)
    sentence = re.split(r"[。！？!?]", first, maxsplit=1)[0]
    return sentence[:MAX_TITLE], kept


def _without_title(body: list[str], title: str, title_line: str) -> list[str]:
    """Scraped pages repeat the title below the header; those repeats are not text."""
    return [line for line in body if line not in (title, title_line)]


def _paragraphs(lines: list[str], heading_max: int) -> list[str]:
    """Blank lines and finished sentences end paragraphs; a heading line is a paragraph of its own."""
    paragraphs: list[str] = []
    current: list[str] = []

    def close() -> None:
        if current:
            paragraphs.append("\n".join(current))
            current.clear()

    for line in lines:
        if not line:
            close()
        elif is_heading(line, heading_max):
            close()
            paragraphs.append(line)
        else:
            current.append(line)
            if ends_sentence(line):
                close()
    close()
    return paragraphs
