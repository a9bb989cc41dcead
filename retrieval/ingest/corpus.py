"""A corpus folder: which files are articles, and one file's bytes → an Article.

Each format is one module with `read(doc, data, heading_max, path) -> Article`, imported only
when a file of that format is read (the HTML extractor is slow to import, and a folder of text
never needs it). Files that cannot be read or hold no article are skipped with one warning each.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

from retrieval.ingest.decoding import UndecodableError
from retrieval.models import Article

READERS = {
    ".txt": "retrieval.ingest.articles",
    ".md": "retrieval.ingest.markdown",
    ".markdown": "retrieval.ingest.markdown",
    ".html": "retrieval.ingest.html",
    ".htm": "retrieval.ingest.html",
}
SUFFIXES = set(READERS)


class CorpusError(Exception):
    """The corpus folder itself is unusable (missing, not a folder, unreadable)."""


def corpus_files(folder: Path) -> list[Path]:
    """Every article file under the folder, subfolders included (hidden ones aside), sorted."""
    return [Path(path) for _, path in corpus_entries(folder)]


def corpus_entries(folder: Path) -> list[tuple[str, str]]:
    """Every article file under the folder as (its path in the folder, `a/index.html`, and its
    path), sorted. Listed with `os.scandir`, which knows a file from a folder without asking the
    disk: pathlib's globbing and sorting took a second for ten thousand files. Symbolic links to
    folders are not followed, to files they are."""
    if not folder.exists():
        raise CorpusError(f"corpus folder not found: {folder}")
    if not folder.is_dir():
        raise CorpusError(f"corpus is not a folder: {folder}")
    try:
        next(folder.iterdir(), None)
    except OSError as e:
        raise CorpusError(f"cannot list the corpus folder {folder}: {e.strerror or e}") from None
    found: list[tuple[str, str]] = []
    _list(str(folder), "", found)
    return sorted(found, key=lambda entry: entry[0].split("/"))


def _list(folder: str, prefix: str, found: list[tuple[str, str]]) -> None:
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:  # a subfolder that cannot be read holds nothing to index
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            _list(entry.path, f"{prefix}{entry.name}/", found)
        elif os.path.splitext(entry.name)[1].lower() in SUFFIXES and entry.is_file():
            found.append((prefix + entry.name, entry.path))


def doc_name(path: Path, folder: Path) -> str:
    """An article's name: its path in the corpus without the extension (`a/index`, or `name`)."""
    return path.relative_to(folder).with_suffix("").as_posix()


class Skipped(Exception):
    """A file that holds no article; the message says why."""


def parse_file(path: Path, data: bytes, heading_max: int, doc: str | None = None) -> Article:
    """The article in a file's bytes; Skipped, saying why, when it has none."""
    reader = importlib.import_module(READERS.get(path.suffix.lower(), READERS[".txt"]))
    try:
        article: Article = reader.read(doc or path.stem, data, heading_max, str(path))
    except UndecodableError as e:
        raise Skipped(str(e)) from None
    if not article.paragraphs:
        raise Skipped("no article text left once page furniture is removed")
    return article
