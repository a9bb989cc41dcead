"""Corpus files → article parts, tokenized on every core, with a progress bar on long runs."""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from retrieval.config import TextSettings
from retrieval.index.parts import FileResult, read_file
from retrieval.index.tokenizer import Tokenizer

# Below this many files, starting worker processes costs more than it saves.
_PARALLEL_FROM = 64
# Progress is shown from this many files on (and always by `qabot index` on a terminal).
_PROGRESS_FROM = 200

_worker: tuple[Tokenizer, TextSettings, Path | None] | None = None  # set before forking; workers inherit it


def _read(path: Path) -> FileResult | None:
    assert _worker is not None
    return read_file(path, *_worker)


def read_files(
    paths: list[Path],
    tokenizer: Tokenizer,
    text: TextSettings,
    workers: int = 0,
    progress: bool | None = None,
    root: Path | None = None,
) -> Iterator[FileResult | None]:
    """Each file's result, in the order given; None for a file that could not be read at all.

    `root` is the corpus folder, which articles are named relative to.
    """
    global _worker
    workers = workers or os.cpu_count() or 1
    # Forking copies the loaded tokenizer for free, but is only safe with no other thread running.
    parallel = workers > 1 and len(paths) >= _PARALLEL_FROM and threading.active_count() == 1
    show = sys.stderr.isatty() and (progress or (progress is None and len(paths) >= _PROGRESS_FROM))
    bar = None
    if show and paths:
        from tqdm import tqdm

        bar = tqdm(total=len(paths), unit="article", desc="indexing", file=sys.stderr, dynamic_ncols=True)
    sentences = 0
    try:
        if parallel:
            _worker = (tokenizer, text, root)
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                yield from _counted(pool.imap(_read, paths, chunksize=16), bar, sentences)
        else:
            yield from _counted((read_file(p, tokenizer, text, root) for p in paths), bar, sentences)
    finally:
        _worker = None
        if bar is not None:
            bar.close()


def _counted(results, bar, sentences: int) -> Iterator[FileResult | None]:
    for result in results:
        if bar is not None:
            sentences += len(result.part.sentences) if result and result.part else 0
            bar.set_postfix(sentences=sentences, refresh=False)
            bar.update()
        yield result
