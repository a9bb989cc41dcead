"""One corpus file, read, cleaned, split and tokenized: the unit of indexing and of the cache.

Tokenizing is the expensive step, so a file's part is kept on disk under the hash of its bytes;
an unchanged file is never tokenized twice, and files are tokenized in parallel.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from retrieval.config import TextSettings
from retrieval.index.sentences import article_sentences
from retrieval.index.tokenizer import Tokenizer
from retrieval.ingest.corpus import Skipped, doc_name, parse_file
from retrieval.ingest.lines import is_heading
from retrieval.models import Article

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ArticlePart:
    article: Article
    sentences: tuple[tuple[str, int, int, str], ...]  # text, paragraph, position, section
    tokens: tuple[tuple[str, ...], ...]  # per sentence
    words: tuple[tuple[int, ...], ...]  # per sentence: the lengths of its words (`Tokenizer.segment`)
    normalized: tuple[str, ...]  # per sentence: its normalised text; none when the article is `plain`
    head: tuple[str, ...]  # tokens of the title and source
    headings: tuple[str, ...]  # tokens of the section headings
    text: str  # normalised title, source and body: where names are looked for
    plain: bool  # normalising changes nothing in it (no Traditional or full-width characters)


@dataclass(frozen=True)
class FileResult:
    """What reading one file gave: its content hash, and its part or why it has none.

    `reused`: a part with this content is already on disk, so the file was not tokenized.
    """

    name: str
    digest: str
    part: ArticlePart | None
    skipped: str | None = None
    reused: bool = False


def named(part: ArticlePart, path: Path, root: Path) -> ArticlePart | None:
    """The part as the article of `path`: parts are kept by content, and the same text may have
    been read first under another name, in this folder or another. None when the part depends on
    that other name (an article without a title is titled by its name), so it must be read again.
    """
    article, doc = part.article, doc_name(path, root)
    if article.doc == doc and article.path == str(path):
        return part
    if article.title == article.doc != doc:
        return None
    return dataclasses.replace(part, article=dataclasses.replace(article, doc=doc, path=str(path)))


def make_part(article: Article, tokenizer: Tokenizer, text: TextSettings) -> ArticlePart:
    sentences = tuple(
        (s.text, s.paragraph, s.position, s.section)
        for s in article_sentences(
            article,
            0,
            text.min_sentence_chars,
            text.heading_max_chars,
            text.max_sentence_chars,
            text.clause_sentence_chars,
        )
    )
    headings = [
        t for p in article.paragraphs if is_heading(p, text.heading_max_chars) for t in tokenizer.tokens(p)
    ]
    raw = "\n".join((article.title, article.source or "", *article.paragraphs))
    normalized = tokenizer.normalize(raw)
    plain = normalized == raw
    segments = [tokenizer.segment(s[0]) for s in sentences]
    return ArticlePart(
        article=article,
        sentences=sentences,
        tokens=tuple(tuple(tokenizer.tokens_of(words)) for _, words in segments),
        words=tuple(_lengths(words) for _, words in segments),
        normalized=() if plain else tuple(norm for norm, _ in segments),
        head=tuple(tokenizer.tokens(article.title) + tokenizer.tokens(article.source or "")),
        headings=tuple(headings),
        text=normalized,
        plain=plain,
    )


# A word's length is kept in 16 bits: a longer run (junk, never a word) counts as several words.
_LONGEST = 0xFFFF


def _lengths(words: list[str]) -> tuple[int, ...]:
    out = []
    for word in words:
        n = len(word)
        while n > _LONGEST:
            out.append(_LONGEST)
            n -= _LONGEST
        out.append(n)
    return tuple(out)


def read_file(
    path: Path,
    root: Path,
    tokenizer: Tokenizer,
    text: TextSettings,
    reuse: Callable[[str], bool] | None = None,
) -> FileResult | None:
    """The file's result, or None (with a warning naming it) when it cannot be read at all.

    Its article is named by its path under the corpus folder `root` (see `doc_name`). A file
    whose content `reuse` accepts (its part is on disk) is hashed, not tokenized.
    """
    shown = path.relative_to(root).as_posix()
    try:
        size = path.stat().st_size
        if size > text.max_file_mb * 1e6:
            # Recorded like any skipped file (its size stands for its content, which is not read),
            # so that the next start knows it and loads the index instead of reading again.
            return _skipped(
                shown,
                f"size:{size}",
                f"{size / 1e6:.1f} MB is over the limit of {text.max_file_mb:g} MB (text.max_file_mb)",
            )
        data = path.read_bytes()
    except OSError as e:
        log.warning("skipped %s: cannot read it (%s)", shown, e.strerror or e)
        return None
    digest = hashlib.sha1(data).hexdigest()
    if reuse is not None and reuse(digest):
        return FileResult(shown, digest, None, reused=True)
    try:
        article = parse_file(path, data, text.heading_max_chars, doc_name(path, root))
    except Skipped as e:
        return _skipped(shown, digest, str(e))
    return FileResult(shown, digest, make_part(article, tokenizer, text))


def _skipped(shown: str, digest: str, reason: str) -> FileResult:
    log.warning("skipped %s: %s", shown, reason)
    return FileResult(shown, digest, None, reason)
