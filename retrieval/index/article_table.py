"""The articles of an index, kept as columns of text and made into `Article`s when asked for.

A million sentences come from a few hundred thousand articles: as objects they took seconds to
load and hundreds of megabytes; as columns they load at once, and only the articles an answer
cites are ever decoded.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import SupportsIndex, overload

import numpy as np

from retrieval.index.checks import check_cuts
from retrieval.index.mapped import load_array
from retrieval.index.texts import Texts, TextsBuilder
from retrieval.models import Article

_FIELDS = ("doc", "title", "date", "source", "author", "editor", "url", "path")
_MISSING = "\0"  # a field the article has not (None): no field of text is a lone NUL


class ArticleTable(Sequence[Article]):
    def __init__(self, fields: Texts, paragraphs: Texts, paragraph_ptr: np.ndarray) -> None:
        """`fields`: each article's citation fields, one string each in the order of `_FIELDS`;
        its paragraphs are paragraphs[paragraph_ptr[i]:paragraph_ptr[i + 1]]."""
        self._fields, self._paragraphs, self._ptr = fields, paragraphs, paragraph_ptr

    def __len__(self) -> int:
        return len(self._ptr) - 1

    @overload
    def __getitem__(self, i: SupportsIndex) -> Article: ...
    @overload
    def __getitem__(self, i: slice) -> list[Article]: ...
    def __getitem__(self, i: SupportsIndex | slice) -> Article | list[Article]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return self._article(operator.index(i), paragraphs=True)

    def heading(self, i: int) -> Article:
        """Article `i` with its citation fields only, no paragraphs decoded: what grounding reads
        of every candidate's article."""
        return self._article(i, paragraphs=False)

    def doc(self, i: int) -> str:
        """Article `i`'s doc, nothing else decoded."""
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._fields[i * len(_FIELDS)]

    def _article(self, i: int, paragraphs: bool) -> Article:
        i = i + len(self) if i < 0 else i
        if not 0 <= i < len(self):
            raise IndexError(i)
        doc, title, *optional, path = self._fields[i * len(_FIELDS) : (i + 1) * len(_FIELDS)]
        date, source, author, editor, url = (None if v == _MISSING else v for v in optional)
        text = tuple(self._paragraphs[j] for j in range(self._ptr[i], self._ptr[i + 1])) if paragraphs else ()
        return Article(doc, title, text, date, source, author, editor, url, path)

    def __iter__(self) -> Iterator[Article]:
        return (self[i] for i in range(len(self)))

    def save(self, folder: Path) -> None:
        self._fields.save(folder, "article_fields")
        self._paragraphs.save(folder, "paragraphs")
        np.save(folder / "paragraph_ptr.npy", self._ptr)

    @classmethod
    def load(cls, folder: Path) -> ArticleTable:
        return cls(
            Texts.load(folder, "article_fields"),
            Texts.load(folder, "paragraphs"),
            load_array(folder / "paragraph_ptr.npy"),
        )

    def check(self) -> None:
        self._fields.check()
        self._paragraphs.check()
        if len(self._fields) != len(self) * len(_FIELDS):
            raise ValueError(f"{len(self._fields)} citation fields for {len(self)} articles")
        check_cuts(self._ptr, len(self), len(self._paragraphs))


class ArticleTableBuilder:
    def __init__(self) -> None:
        self._fields = TextsBuilder()
        self._paragraphs = TextsBuilder()
        self._ptr = [0]

    def add(self, article: Article) -> None:
        for name in _FIELDS:
            value = getattr(article, name)
            self._fields.add(_MISSING if value is None else value)
        for paragraph in article.paragraphs:
            self._paragraphs.add(paragraph)
        self._ptr.append(len(self._paragraphs))

    def __len__(self) -> int:
        return len(self._ptr) - 1

    def finish(self) -> ArticleTable:
        return ArticleTable(
            self._fields.finish(), self._paragraphs.finish(), np.asarray(self._ptr, dtype=np.int64)
        )
