"""The index on disk: a start with an unchanged corpus loads it instead of tokenizing again.

    <cache>/parts/<settings>/<sha1 of file bytes>.pkl   one tokenized article per file content
    <cache>/corpora/<corpus path>/manifest.json         files (size, mtime, sha1) and the settings used
    <cache>/corpora/<corpus path>/index.pkl, bm25 …     the assembled index and its BM25 engines

A file whose size and modification time are unchanged is not read; a changed file is read and
hashed, and tokenized only when no part with that content exists. Any file of the cache that is
missing, unreadable or from another version is rebuilt, with a warning.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import pickle
import time
from pathlib import Path

from retrieval.config import Settings
from retrieval.index.atomic import write_atomic
from retrieval.index.bm25 import ENGINES, choose_engine
from retrieval.index.build import read_files
from retrieval.index.parts import ArticlePart, FileResult
from retrieval.index.sentence_index import Index, IndexBuilder
from retrieval.index.tokenizer import Tokenizer
from retrieval.ingest.corpus import corpus_files

log = logging.getLogger(__name__)

FORMAT = 4  # bump when what is stored changes shape, or how text is parsed or tokenized


def cache_root(settings: Settings) -> Path:
    if settings.index.cache_dir is not None:
        return settings.index.cache_dir
    from platformdirs import user_cache_path

    return user_cache_path("qabot") / "index"


def _digest(*parts: object) -> str:
    return hashlib.sha1(json.dumps(parts, default=str, ensure_ascii=False).encode()).hexdigest()[:16]


def tokenization_key(settings: Settings) -> str:
    """Everything that changes how a file is parsed and tokenized."""
    import jieba

    t = settings.tokenizer
    files = [p.read_text(encoding="utf-8") if p else None for p in (t.userdict, t.stopwords, t.synonyms)]
    return _digest(
        FORMAT, jieba.__version__, files, t.traditional_to_simplified, dataclasses.asdict(settings.text)
    )


class Store:
    def __init__(self, settings: Settings, tokenizer: Tokenizer) -> None:
        self.settings = settings
        self.tokenizer = tokenizer
        root = cache_root(settings)
        self.key = tokenization_key(settings)
        self.parts = root / "parts" / self.key
        self.folder = root / "corpora" / _digest(str(settings.corpus.resolve()))
        self.manifest_file = self.folder / "manifest.json"

    # -- reading what is there ----------------------------------------------------------------

    def _manifest(self) -> dict | None:
        try:
            manifest = json.loads(self.manifest_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as e:
            log.warning("index cache %s is unreadable (%s): rebuilding it", self.folder, e)
            return None
        if manifest.get("format") != FORMAT or manifest.get("key") != self.key:
            log.info("index cache %s was made with other settings: updating it", self.folder)
            return None
        return manifest

    def _assembly(self) -> dict:
        b = self.settings.bm25
        return {
            "engine": self.settings.index.engine,
            "from": self.settings.index.bm25s_from_sentences,
            "k1": b.k1,
            "b": b.b,
        }

    def _load_index(self, manifest: dict) -> Index | None:
        try:
            index: Index = pickle.loads((self.folder / "index.pkl").read_bytes())
            scorers = {
                name: ENGINES[index.engine].load(self.folder / name) for name in ("sentences", "articles")
            }
        except Exception as e:  # any damage to the files: they are only a cache
            log.warning("index cache %s is damaged (%s: %s): rebuilding it", self.folder, type(e).__name__, e)
            return None
        index.sentence_scorer, index.article_scorer = scorers["sentences"], scorers["articles"]
        for name, entry in manifest["files"].items():
            if len(entry) > 3:  # [size, mtime, digest, why it was skipped]
                log.warning("skipped %s: %s", name, entry[3])
        return index

    def _part(self, digest: str) -> ArticlePart | None:
        try:
            return pickle.loads((self.parts / f"{digest}.pkl").read_bytes())
        except FileNotFoundError:
            return None
        except Exception as e:
            log.warning("cached article %s is damaged (%s): reading its file again", digest, e)
            return None

    # -- the one entry point ------------------------------------------------------------------------

    def load(self, rebuild: bool = False, progress: bool | None = None) -> Index:
        """The index of the corpus as it is now, from the cache where the corpus has not changed."""
        started = time.perf_counter()
        paths = corpus_files(self.settings.corpus)
        stats = {}
        for p in paths:
            try:
                st = p.stat()
            except OSError:
                continue
            stats[p.name] = [st.st_size, st.st_mtime_ns]
        manifest = None if rebuild else self._manifest()
        known = manifest["files"] if manifest else {}
        if (
            manifest
            and manifest.get("assembly") == self._assembly()
            and {n: v[:2] for n, v in known.items()} == stats
        ):
            index = self._load_index(manifest)
            if index is not None:
                log.info(
                    "loaded the index of %s from %s in %.2f s",
                    self.settings.corpus,
                    self.folder,
                    time.perf_counter() - started,
                )
                return index

        # Which files must be read: new, changed, or whose cached part is gone.
        cached: dict[str, tuple[str, str | None]] = {}
        to_read = []
        for p in paths:
            entry = known.get(p.name)
            if (
                entry
                and entry[:2] == stats.get(p.name)
                and not rebuild
                and (len(entry) > 3 or (self.parts / f"{entry[2]}.pkl").exists())
            ):
                cached[p.name] = (entry[2], entry[3] if len(entry) > 3 else None)
            else:
                to_read.append(p)
        self.parts.mkdir(parents=True, exist_ok=True)
        fresh = read_files(to_read, self.tokenizer, self.settings.text, self.settings.index.workers, progress)
        # Parts are added to the index as they come, in file order, and not kept: memory holds
        # the index being built, not every file's tokens.
        builder, results, seen = IndexBuilder(), {}, {}
        for p in paths:
            if p.name in cached:
                digest, skipped = cached[p.name]
                part = None if skipped else self._part(digest)
                if part is None and not skipped:  # damaged since: read the file again
                    result = next(read_files([p], self.tokenizer, self.settings.text, 1, False), None)
                else:
                    if skipped:
                        log.warning("skipped %s: %s", p.name, skipped)
                    result = FileResult(p.name, digest, part, skipped)
            else:
                result = next(fresh, None)
                if result is not None and result.part is not None:
                    write_atomic(
                        self.parts / f"{result.digest}.pkl",
                        pickle.dumps(result.part, protocol=pickle.HIGHEST_PROTOCOL),
                    )
            if result is None:
                continue
            results[p.name] = FileResult(result.name, result.digest, None, result.skipped)
            if result.part is None:
                continue
            if result.digest in seen:
                log.warning("skipped %s: same text as %s", p.name, seen[result.digest])
                continue
            seen[result.digest] = p.name
            builder.add(result.part)
        engine = choose_engine(
            self.settings.index.engine, len(builder.texts), self.settings.index.bm25s_from_sentences
        )
        index = builder.finish(engine, self.settings.bm25.k1, self.settings.bm25.b)
        self._save(index, paths, stats, results)
        log.info(
            "indexed %s: %d files read, %d from the cache, in %.2f s",
            self.settings.corpus,
            len(to_read),
            len(cached),
            time.perf_counter() - started,
        )
        return index

    def _save(self, index: Index, paths: list[Path], stats: dict, results: dict[str, FileResult]) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.manifest_file.unlink(missing_ok=True)  # no manifest while the files change
            for name, scorer in (("sentences", index.sentence_scorer), ("articles", index.article_scorer)):
                (self.folder / name).mkdir(exist_ok=True)
                scorer.save(self.folder / name)
            bare = dataclasses.replace(index, sentence_scorer=None, article_scorer=None)
            write_atomic(self.folder / "index.pkl", pickle.dumps(bare, protocol=pickle.HIGHEST_PROTOCOL))
            files = {
                p.name: [*stats[p.name], r.digest] + ([r.skipped] if r.skipped else [])
                for p in paths
                if (r := results.get(p.name)) and p.name in stats
            }
            manifest = {
                "format": FORMAT,
                "key": self.key,
                "assembly": self._assembly(),
                "files": files,
                "corpus": str(self.settings.corpus),
            }
            write_atomic(self.manifest_file, json.dumps(manifest, ensure_ascii=False).encode())
        except OSError as e:
            log.warning(
                "could not save the index to %s (%s): it will be built again next time", self.folder, e
            )
