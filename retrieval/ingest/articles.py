"""Text of a scraped page → Article: citation fields pulled out, furniture dropped, paragraphs kept."""

from __future__ import annotations

import re

from retrieval.ingest.boilerplate import is_boilerplate, is_footer_marker
from retrieval.ingest.metadata import LineFields, read_line
from retrieval.models import Article

# Sentence-final punctuation: a line ending in one is text, not a heading or a title.
FINAL_PUNCT = "。！？!?；;…"
CLOSERS = "”’\"'」』）)】》〉"
_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u2009\ufeff]+")
_SUBTITLE = re.compile(r"^\s*(?:——|—|--)")
MAX_TITLE = 80
# The footer may only begin in the last part of a page: a marker earlier than this share of
# its lines is a stray line, dropped alone.
_FOOTER_ZONE = 0.5


def is_heading(line: str, heading_max: int) -> bool:
    """A short line with no sentence-final punctuation: a title, a section heading, a caption."""
    return 0 < len(line) <= heading_max and not ends_sentence(line)


def ends_sentence(line: str) -> bool:
    """True when the line ends in sentence-final punctuation, closing quotes and brackets aside."""
    stripped = line.rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in FINAL_PUNCT


def parse_article(doc: str, text: str, heading_max: int = 30, path: str = "") -> Article:
    lines = [_SPACES.sub(" ", raw).strip() for raw in text.split("\n")]
    fields = LineFields()
    kept: list[str] = []  # article lines; "" marks a paragraph break
    metadata_at: list[int] = []  # positions in `kept` where metadata lines stood
    footer_from = _footer_start(lines)
    for i, line in enumerate(lines):
        found = read_line(line) if line else None
        if found is not None:
            _merge(fields, found)
            metadata_at.append(len(kept))
            continue
        if i >= footer_from:
            continue
        if line and is_boilerplate(line):
            continue
        kept.append(line)

    title, body = _split_title(kept, metadata_at, heading_max)
    return Article(
        doc=doc,
        title=title or doc,
        paragraphs=tuple(_paragraphs(body, heading_max)),
        date=fields.date,
        source=fields.source,
        author=fields.author,
        editor=fields.editor,
        url=fields.url,
        path=path,
    )


def _footer_start(lines: list[str]) -> int:
    """Index of the first line of the page footer, or len(lines) when there is none."""
    start = int(len(lines) * _FOOTER_ZONE)
    for i in range(start, len(lines)):
        if lines[i] and is_footer_marker(lines[i]):
            return i
    return len(lines)


def _merge(into: LineFields, found: LineFields) -> None:
    """The first value of each field wins: the page header comes before quoted material."""
    for name in ("date", "source", "author", "editor", "url"):
        if getattr(into, name) is None and getattr(found, name):
            setattr(into, name, getattr(found, name))


def _split_title(kept: list[str], metadata_at: list[int], heading_max: int) -> tuple[str, list[str]]:
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
