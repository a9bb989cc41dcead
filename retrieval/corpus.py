"""A corpus folder → Articles. Files that cannot be read are skipped with one warning each."""
from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from .articles import parse_article
from .decoding import UndecodableError, decode
from .models import Article

log = logging.getLogger(__name__)

SUFFIXES = {".txt", ".md"}


class CorpusError(Exception):
    """The corpus folder itself is unusable (missing, not a folder)."""


def corpus_files(folder: Path) -> list[Path]:
    if not folder.exists():
        raise CorpusError(f"corpus folder not found: {folder}")
    if not folder.is_dir():
        raise CorpusError(f"corpus is not a folder: {folder}")
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file())


def load_article(path: Path, heading_max: int) -> Article | None:
    """The article in `path`, or None (with a warning naming the file) when it has none."""
    try:
        text = decode(path.read_bytes())
    except UndecodableError as e:
        log.warning("skipped %s: %s", path.name, e)
        return None
    except OSError as e:
        log.warning("skipped %s: cannot read it (%s)", path.name, e.strerror or e)
        return None
    article = parse_article(path.stem, text, heading_max=heading_max, path=str(path))
    if not article.paragraphs:
        log.warning("skipped %s: no article text left once page furniture is removed", path.name)
        return None
    return article


def load_corpus(folder: Path, heading_max: int) -> list[Article]:
    articles: list[Article] = []
    seen: dict[str, str] = {}
    for path in corpus_files(folder):
        article = load_article(path, heading_max)
        if article is None:
            continue
        digest = hashlib.sha1("\n".join(article.paragraphs).encode("utf-8")).hexdigest()
        if digest in seen:
            log.warning("skipped %s: same text as %s", path.name, seen[digest])
            continue
        seen[digest] = path.name
        articles.append(article)
    return articles
