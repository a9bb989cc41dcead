"""The index on disk: a start with an unchanged corpus loads it instead of tokenizing again.

    <cache>/parts/<tokenization>/<sha1 of file bytes>.pkl   one tokenized article per file content
    <cache>/corpora/<corpus path>/                          the corpus's index generations:
        CURRENT, lock, g-<id>/{manifest.json, the index's files (`index_files`)}  (`generations`)

A file whose size and modification time match the manifest is not read; any other file is read
and hashed, and tokenized only when no part with its content is on disk, so an interrupted build
or a touched or copied corpus costs hashing, not tokenizing. A new index is published as a new
generation, so processes answering from the old one are never disturbed. What is loaded is
checked (shapes, ranges); damage, or a cache made by other code or settings, is rebuilt with a
warning. Where the cache cannot be written, the index is built in memory, with one warning.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import pickle
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import msgspec

from retrieval.config import Settings
from retrieval.index.atomic import remove_leftovers, write_atomic
from retrieval.index.bm25 import choose_engine
from retrieval.index.build import read_files
from retrieval.index.generations import Generations
from retrieval.index.index_files import load_index, save_index
from retrieval.index.manifest import Assembly, Entry, Manifest, Stamp
from retrieval.index.parts import ArticlePart, FileResult, named
from retrieval.index.sentence_index import Index, IndexBuilder
from retrieval.index.tokenizer import Tokenizer
from retrieval.ingest.corpus import corpus_entries

log = logging.getLogger(__name__)

_HERE = Path(__file__).resolve().parent
# The code that turns a file into a part, and the code that assembles and stores the index: the
# cache's format is their source, so a change to either can never serve what the old code made.
_PART_SOURCES = [
    *sorted((_HERE.parent / "ingest").glob("*.py")),
    _HERE.parent / "models.py",
    *(_HERE / f"{name}.py" for name in ("parts", "sentences", "tokenizer", "normalize")),
]
_INDEX_SOURCES = [
    _HERE / f"{name}.py"
    for name in (
        "store",
        "manifest",
        "sentence_index",
        "bm25",
        "term_counts",
        "texts",
        "article_table",
        "index_files",
        "postings",
        "bigrams",
    )
]


def _source_digest(files: list[Path]) -> str:
    sha = hashlib.sha1()
    for path in files:
        sha.update(path.read_bytes())
    return sha.hexdigest()[:16]


def cache_root(settings: Settings) -> Path:
    if settings.index.cache_dir is not None:
        return settings.index.cache_dir
    from platformdirs import user_cache_path

    return user_cache_path("qabot") / "index"


def _digest(*parts: object) -> str:
    return hashlib.sha1(json.dumps(parts, default=str).encode()).hexdigest()[:16]


def tokenization_key(settings: Settings) -> str:
    """Everything that changes how a file is parsed and tokenized."""
    import jieba

    t = settings.tokenizer
    files = [p.read_text(encoding="utf-8") if p else None for p in (t.userdict, t.stopwords, t.synonyms)]
    return _digest(
        _source_digest(_PART_SOURCES),
        jieba.__version__,
        files,
        t.traditional_to_simplified,
        msgspec.structs.asdict(settings.text),
    )


class CorpusFile(NamedTuple):
    name: str  # its key in the manifest
    path: str  # made a Path only when the file is read: ten thousand Paths cost a load 0.3 s
    stamp: Stamp


def _stamped(entries: list[tuple[str, str]]) -> list[CorpusFile]:
    """The files with their size and time, named by their path in the corpus folder (subfolders
    keep two `index.html` apart)."""
    files = []
    for name, path in entries:
        try:
            st = os.stat(path)
        except OSError:  # gone since the folder was listed
            continue
        files.append(CorpusFile(name, path, Stamp(st.st_size, st.st_mtime_ns)))
    return files


class Store:
    def __init__(self, settings: Settings, tokenizer: Tokenizer) -> None:
        self.settings = settings
        self.tokenizer = tokenizer
        self.root = cache_root(settings)
        self.key = tokenization_key(settings)
        self.format = _digest(self.key, _source_digest(_INDEX_SOURCES))
        self.parts = self.root / "parts" / self.key
        self.folder = self.root / "corpora" / _digest(str(settings.corpus.resolve()))
        self.generations = Generations(self.folder)
        self._writable = True

    # -- the one entry point ------------------------------------------------------------------------

    def load(self, rebuild: bool = False, progress: bool | None = None) -> Index:
        """The index of the corpus as it is now, from the cache where the corpus has not changed."""
        started = time.perf_counter()
        files = _stamped(corpus_entries(self.settings.corpus))
        index, known = (None, {}) if rebuild else self._cached(files)
        if index is not None:
            log.info("loaded the index of %s in %.2f s", self.settings.corpus, time.perf_counter() - started)
            return index
        index, entries, tokenized = self._build(files, known, rebuild, progress)
        self._publish(index, entries)
        log.info(
            "indexed %s: %d files tokenized, %d from the cache, in %.2f s",
            self.settings.corpus,
            tokenized,
            len(files) - tokenized,
            time.perf_counter() - started,
        )
        return index

    # -- reading what is there ----------------------------------------------------------------

    def _cached(self, files: list[CorpusFile]) -> tuple[Index | None, dict[str, Entry]]:
        """The current generation's index if it is of the corpus as it is now, and what that
        generation knows of each file."""
        with self.generations.shared():
            generation = self.generations.current()
            manifest = self._manifest(generation) if generation else None
            if generation is None or manifest is None:
                return None, {}
            index = self._read_index(generation, manifest) if self._up_to_date(manifest, files) else None
            return index, manifest.files

    def _assembly(self) -> Assembly:
        b = self.settings.bm25
        return Assembly(self.settings.index.engine, self.settings.index.bm25s_from_sentences, b.k1, b.b)

    def _manifest(self, generation: Path) -> Manifest | None:
        """The generation's manifest when it was made by this code and these settings."""
        try:
            manifest = Manifest.from_bytes((generation / "manifest.json").read_bytes())
        except (OSError, ValueError) as e:
            log.warning("index cache %s is unreadable (%s): rebuilding it", generation, e)
            return None
        if manifest.format != self.format:
            log.info("index cache %s was made by other code or settings: updating it", generation)
            return None
        return manifest

    def _up_to_date(self, manifest: Manifest, files: list[CorpusFile]) -> bool:
        stamps = {f.name: f.stamp for f in files}
        return (
            manifest.assembly == self._assembly()
            and {n: e.stamp for n, e in manifest.files.items()} == stamps
        )

    def _read_index(self, generation: Path, manifest: Manifest) -> Index | None:
        try:
            index = load_index(generation)
        except Exception as e:  # any damage to the files: they are only a cache
            log.warning("index cache %s is damaged (%s: %s): rebuilding it", generation, type(e).__name__, e)
            return None
        for name, entry in manifest.files.items():
            if entry.skipped:
                log.warning("skipped %s: %s", name, entry.skipped)
        return index

    def _has_part(self, digest: str) -> bool:
        return (self.parts / f"{digest}.pkl").exists()

    def _part(self, digest: str) -> ArticlePart | None:
        try:
            part = pickle.loads((self.parts / f"{digest}.pkl").read_bytes())
        except FileNotFoundError:
            return None
        except Exception as e:
            log.warning("cached article %s is damaged (%s): reading its file again", digest, e)
            return None
        if not isinstance(part, ArticlePart):
            log.warning("cached article %s is damaged: reading its file again", digest)
            return None
        return part

    # -- building -------------------------------------------------------------------------------

    def _build(
        self, files: list[CorpusFile], known: dict[str, Entry], rebuild: bool, progress: bool | None
    ) -> tuple[Index, dict[str, Entry], int]:
        """The index, each file's manifest entry, and how many files were tokenized.

        Parts are added as they come, in file order, and not kept: memory holds the index being
        built, not every file's tokens. A text found twice is indexed once.
        """
        remove_leftovers(self.parts)  # of a build killed while it wrote
        builder, entries, seen = IndexBuilder(), {}, dict[str, str]()
        tokenized = 0
        for file, result in self._results(files, known, rebuild, progress):
            if result is None:
                continue
            entries[file.name] = Entry(file.stamp, result.digest, result.skipped)
            tokenized += not result.reused and result.part is not None
            if result.part is None:
                continue
            if result.digest in seen:
                log.warning("skipped %s: same text as %s", file.name, seen[result.digest])
                continue
            seen[result.digest] = file.name
            builder.add(result.part)
        engine = choose_engine(
            self.settings.index.engine, len(builder.texts), self.settings.index.bm25s_from_sentences
        )
        return builder.finish(engine, self.settings.bm25.k1, self.settings.bm25.b), entries, tokenized

    def _results(
        self, files: list[CorpusFile], known: dict[str, Entry], rebuild: bool, progress: bool | None
    ) -> Iterator[tuple[CorpusFile, FileResult | None]]:
        """Each file's result, in order, its part named after the file it is in now."""
        unchanged = {
            f.name: e
            for f in files
            if (e := known.get(f.name)) and e.stamp == f.stamp and (e.skipped or self._has_part(e.digest))
        }
        reuse = None if rebuild else self._has_part
        text, workers = self.settings.text, self.settings.index.workers
        fresh = read_files(
            [Path(f.path) for f in files if f.name not in unchanged],
            self.settings.corpus,
            self.tokenizer,
            text,
            workers,
            progress,
            reuse,
        )
        for file in files:
            if (entry := unchanged.get(file.name)) is not None:
                if entry.skipped:
                    log.warning("skipped %s: %s", file.name, entry.skipped)
                result: FileResult | None = FileResult(
                    file.name, entry.digest, None, entry.skipped, reused=not entry.skipped
                )
            else:
                result = next(fresh, None)
            if result is None or result.skipped:
                yield file, result
            elif result.reused:
                yield file, self._reused(file, result)
            else:
                assert result.part is not None
                self._save_part(result.digest, result.part)
                yield file, result

    def _reused(self, file: CorpusFile, result: FileResult) -> FileResult | None:
        """The part on disk for the file's content, or the file read again if it cannot serve."""
        part = self._part(result.digest)
        part = named(part, Path(file.path), self.settings.corpus) if part else None
        if part is not None:
            return dataclasses.replace(result, part=part)
        again = next(
            read_files([Path(file.path)], self.settings.corpus, self.tokenizer, self.settings.text, 1, False),
            None,
        )
        if again is not None and again.part is not None:
            self._save_part(again.digest, again.part)
        return again

    # -- writing --------------------------------------------------------------------------------

    def _save_part(self, digest: str, part: ArticlePart) -> None:
        if not self._writable:
            return
        try:
            self.parts.mkdir(parents=True, exist_ok=True)
            write_atomic(self.parts / f"{digest}.pkl", pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError as e:
            self._unusable(e)

    def _publish(self, index: Index, entries: dict[str, Entry]) -> None:
        """Write the index as a new generation and make it the current one."""
        if not self._writable:
            return
        manifest = Manifest(self.format, self._assembly(), entries, str(self.settings.corpus))
        try:
            with self.generations.publishing() as folder:
                save_index(index, folder)
                (folder / "manifest.json").write_bytes(manifest.to_bytes())
        except OSError as e:
            self._unusable(e)

    def _unusable(self, error: OSError) -> None:
        """Say once that the cache cannot be written, and stop trying."""
        self._writable = False
        log.warning(
            "cannot write the index cache in %s (%s): answering from memory; "
            "the index will be built again at the next start",
            self.root,
            error.strerror or error,
        )
