"""A saved web page → Article: trafilatura takes out the article's text, the page gives its citation.

Main text: trafilatura (no comments), which drops navigation, related-news lists, comment
threads, share widgets and footers; its lines are cut where the page breaks them (see `breaks`:
it joins the text on either side of an image it drops), then pass the same furniture filter as
text dumps; when it finds too little running text, the page's lines under the headline are
read as a text dump instead. Citation: the headline is the page line that begins the `<title>` (see `header`),
the date, 来源 and byline are the lines under it; the canonical URL, and the date when no line
gives one, come from the page's metadata (`<link rel=canonical>`, Open Graph, schema.org
itemprops, JSON-LD), with htmldate as the last resort for the date; a page that names no source
and whose <title> carries no site name is credited to its `og:site_name`.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from retrieval.ingest.articles import assemble, clean_lines
from retrieval.ingest.boilerplate import is_boilerplate
from retrieval.ingest.breaks import page_breaks
from retrieval.ingest.decoding import declared_charset, decode
from retrieval.ingest.header import (
    Header,
    find_headline,
    full_headline,
    header_fields,
    labelled_headline,
    site_name,
    strip_site_name,
)
from retrieval.ingest.lines import CLOSERS, TERMINATORS, ends_sentence
from retrieval.ingest.metadata import LineFields, iso_date
from retrieval.models import Article

_SKIP = {"script", "style", "noscript", "template", "head", "select", "option", "textarea", "svg", "iframe"}
_BLOCK = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol",
    "p", "pre", "section", "table", "tr", "ul", "title",
}  # fmt: skip
_CELL = {"td", "th"}
_BULLET = re.compile(r"^[-*•]\s+")  # trafilatura marks list items with "- "
_WHITESPACE = re.compile(r"\s+")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# Fewer characters of finished sentences than this, and the extractor's text is not the article.
_MIN_TEXT = 150
# A line under the headline this long that ends a sentence is text, not a widget.
_MIN_LEAD = 20
# What a folded paragraph ends with on the page: `… [图片] …显示全部`, `展开全文`.
_EXPANDER = re.compile(r"(?:\s*\[图片\])*\s*…*\s*(?:显示全部|展开全文|阅读全文|查看全文)\s*$")
_FINISHED = re.compile(f"^.*[{re.escape(TERMINATORS)}][{re.escape(CLOSERS)}]*")
_DATE_META = ("article:published_time", "publishdate", "pubdate", "datePublished", "dateCreated", "date")
_URL_META = ("og:url", "url")


def read(doc: str, data: bytes, heading_max: int, path: str) -> Article:
    text = decode(data, declared_charset(data))
    try:
        tree = lxml.html.document_fromstring(_XML_DECLARATION.sub("", text))
    except (etree.ParserError, ValueError):
        return assemble(doc, doc, [], heading_max, path, Header(LineFields()))
    lines = visible_lines(tree)
    hint, at = _headline(lines, tree)
    if at is not None:
        title, header, site = (
            full_headline(lines[at], lines),
            header_fields(lines, at),
            site_name(hint, lines[at]),
        )
    else:
        title, header, site = (
            strip_site_name(hint or "") or _first_heading(tree) or doc,
            Header(LineFields()),
            None,
        )
    site = site or _meta(tree, "og:site_name", "source", "site_name")
    header.fields.url = header.fields.url or page_url(tree)
    header.fields.date = header.fields.date or page_date(tree)
    extracted = page_breaks(clean_lines(main_text(tree)), lines)
    body = [_BULLET.sub("", line) for line in extracted]
    if at is not None and _thin(
        extracted
    ):  # the extractor missed the article: read the page under its headline
        body = lines[at + 1 :]
    elif at is not None:
        body = _lead(lines, at, body) + body
    return assemble(doc, title, body, heading_max, path, header, site)


def _headline(lines: list[str], tree: etree._Element) -> tuple[str | None, int | None]:
    """The <title> (or og:title) and the index of the headline line: the line that begins it,
    else the line a `标题：` label names, else the first <h1>."""
    hints = [h for h in (tree.findtext(".//title"), _meta(tree, "og:title")) if h and h.strip()]
    hints = [" ".join(h.split()) for h in hints]
    for hint in hints:
        at = find_headline(lines, hint)
        if at is not None:
            return hint, at
    hint = hints[0] if hints else None
    labelled = labelled_headline(lines)
    if labelled is not None:
        return hint, labelled
    heading = _first_heading(tree, ("h1",))
    return hint, lines.index(heading) if heading in lines else None


def _lead(lines: list[str], at: int, body: list[str]) -> list[str]:
    """Running text between the headline and the extractor's first line, which it left out
    (a summary, a Q&A page's question): whole sentences only, so no widget slips in."""
    first = next((line for line in body if line and line != lines[at]), None)
    try:
        end = lines.index(first, at + 1) if first else at + 1
    except ValueError:
        return []
    lead = [_unfolded(line) for line in lines[at + 1 : end]]
    return [line for line in lead if len(line) >= _MIN_LEAD and ends_sentence(line)]


def _unfolded(line: str) -> str:
    """A folded paragraph's finished sentences: the fold may cut the last one short."""
    if not _EXPANDER.search(line):
        return line
    finished = _FINISHED.match(_EXPANDER.sub("", line))
    return finished.group() if finished else ""


def _thin(lines: list[str]) -> bool:
    """Too little running text (sentences, not list entries) to be the article."""
    text = [line for line in lines if not line.startswith("- ") and not is_boilerplate(line)]
    return sum(len(line) for line in text if ends_sentence(line)) < _MIN_TEXT


def _first_heading(tree: etree._Element, tags: tuple[str, ...] = ("h1", "h2")) -> str | None:
    for tag in tags:
        for element in tree.iter(tag):
            text = " ".join(element.text_content().split())
            if text:
                return text
    return None


def visible_lines(tree: etree._Element) -> list[str]:
    """The page's text as a reader sees it, a line per block element; scripts and styles out."""
    parts: list[str] = []
    walker = etree.iterwalk(tree, events=("start", "end"))
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else None
        if event == "start":
            if tag is None or tag in _SKIP:
                walker.skip_subtree()
                continue
            parts.append(_boundary(tag))
            parts.append(_WHITESPACE.sub(" ", element.text or ""))
        else:
            parts.append(_boundary(tag))
            parts.append(_WHITESPACE.sub(" ", element.tail or ""))
    return [line for line in clean_lines("".join(parts)) if line]


def _boundary(tag: str | None) -> str:
    """What an element's edge is in the text: a line break for a block, a space for a cell."""
    return "\n" if tag in _BLOCK else " " if tag in _CELL else ""


def main_text(tree: etree._Element) -> str:
    """The article's own text, by trafilatura (imported here: only pages need it)."""
    import trafilatura

    text = trafilatura.extract(
        tree,
        include_comments=False,
        include_tables=True,
        include_images=False,
        with_metadata=False,
        deduplicate=False,
        fast=True,  # no second opinion from justext/readability: the fallback below covers misses
    )
    return text or ""


def _meta(tree: etree._Element, *names: str) -> str | None:
    for name in names:
        for attribute in ("property", "name", "itemprop"):
            for value in tree.xpath(f"//meta[@{attribute}=$name]/@content", name=name):
                if value.strip():
                    return str(value).strip()
    return None


def _json_ld(tree: etree._Element) -> list[dict]:
    found = []
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        found += [d for d in (data if isinstance(data, list) else [data]) if isinstance(d, dict)]
    return found


def page_url(tree: etree._Element) -> str | None:
    """The article's canonical URL as the page declares it; a site's home page is not one."""
    candidates = [*tree.xpath("//link[@rel='canonical']/@href"), _meta(tree, *_URL_META)]
    for entry in _json_ld(tree):
        candidates += [entry.get("@id"), entry.get("url"), entry.get("mainEntityOfPage")]
    for url in candidates:
        if isinstance(url, str) and urlsplit(url.strip()).scheme in ("http", "https"):
            if urlsplit(url.strip()).path.strip("/"):
                return url.strip()
    return None


def page_date(tree: etree._Element) -> str | None:
    """The publication date from the page's metadata, else as htmldate finds it."""
    for entry in _json_ld(tree):
        for name in ("datePublished", "pubDate", "dateCreated"):
            if isinstance(entry.get(name), str) and iso_date(entry[name]):
                return iso_date(entry[name])
    found = iso_date(_meta(tree, *_DATE_META) or "")
    if found:
        return found
    from htmldate import find_date

    try:
        return find_date(tree, extensive_search=False, original_date=True)
    except Exception:  # htmldate gives up on odd pages in many ways; a date is optional
        return None
