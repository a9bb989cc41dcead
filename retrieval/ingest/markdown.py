"""Markdown → Article: YAML front matter gives the citation, markup is dropped from the text.

`title`, `date`, `source` (or `publisher`, `site`), `author` and `url` (or `link`) are read from
the front matter; without one, the text is read like any text file, `#` marks stripped.
"""

from __future__ import annotations

import datetime as dt

import frontmatter
import yaml

from retrieval.ingest.articles import assemble, clean_lines, parse_article
from retrieval.ingest.decoding import decode
from retrieval.ingest.header import Header
from retrieval.ingest.metadata import LineFields, iso_date
from retrieval.markup import markdown_plain
from retrieval.models import Article


def read(doc: str, data: bytes, heading_max: int, path: str) -> Article:
    text = decode(data)
    try:
        meta, body = frontmatter.parse(text)
    except yaml.YAMLError:
        meta, body = {}, text
    lines = [markdown_plain(line) for line in clean_lines(body)]
    title = _value(meta, "title")
    if not meta:
        return parse_article(doc, "\n".join(lines), heading_max, path)
    if not title:
        first = next((i for i, line in enumerate(lines) if line), len(lines))
        title, lines = (lines[first] if first < len(lines) else doc), lines[first + 1 :]
    date = meta.get("date")
    fields = LineFields(
        date=date.isoformat()[:10] if isinstance(date, dt.date) else iso_date(str(date or "")),
        source=_value(meta, "source", "publisher", "site"),
        author=_value(meta, "author"),
        url=_value(meta, "url", "link", "canonical"),
    )
    return assemble(doc, title, lines, heading_max, path, Header(fields))


def _value(meta: dict, *names: str) -> str | None:
    for name in names:
        value = meta.get(name)
        if value:
            return str(value).strip()
    return None
