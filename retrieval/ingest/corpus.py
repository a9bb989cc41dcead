"""A corpus folder: which files are articles, and one file's bytes → an Article.

Files that cannot be read or hold no article are skipped with one warning each.
"""

from __future__ import annotations

from pathlib import Path

from retrieval.ingest.articles import parse_article
from retrieval.ingest.decoding import UndecodableError, decode
from retrieval.models import Article

SUFFIXES = {".txt", ".md"}


class CorpusError(Exception):
    """The corpus folder itself is unusable (missing, not a folder, unreadable)."""


def corpus_files(folder: Path) -> list[Path]:
    if not folder.exists():
        raise CorpusError(f"corpus folder not found: {folder}")
    if not folder.is_dir():
        raise CorpusError(f"corpus is not a folder: {folder}")
    try:
        entries = list(folder.iterdir())
    except OSError as e:
        raise CorpusError(f"cannot list the corpus folder {folder}: {e.strerror or e}") from None
    return sorted(p for p in entries if p.suffix.lower() in SUFFIXES and p.is_file())


class Skipped(Exception):
    """A file that holds no article; the message says why."""


def parse_file(path: Path, data: bytes, heading_max: int) -> Article:
    """The article in a file's bytes; Skipped, saying why, when it has none."""
    try:
        text = decode(data)
    except UndecodableError as e:
        raise Skipped(str(e)) from None
    article = parse_article(path.stem, text, heading_max=heading_max, path=str(path))
    if not article.paragraphs:
        raise Skipped("no article text left once page furniture is removed")
    return article
