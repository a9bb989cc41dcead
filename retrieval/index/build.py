"""Corpus files → article parts, tokenized on every core, with a progress bar on long runs."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from retrieval.config import TextSettings
from retrieval.index.parts import FileResult, read_file
from retrieval.index.tokenizer import Tokenizer

# Below this many files, starting worker processes costs more than it saves.
_PARALLEL_FROM = 64
# Progress is shown from this many files on (and always by `qabot index` on a terminal).
_PROGRESS_FROM = 200

Reuse = Callable[[str], bool] | None
# Set before forking; workers inherit it.
_worker: tuple[Path, Tokenizer, TextSettings, Reuse] | None = None


def _read(path: Path) -> FileResult | None:
    assert _worker is not None
    return read_file(path, *_worker)


def _start_worker(parent: int) -> None:
    """Ctrl-C is the parent's to handle (it stops the pool), and a worker dies with its parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform == "linux":
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def read_files(
    paths: list[Path],
    root: Path,
    tokenizer: Tokenizer,
    text: TextSettings,
    workers: int = 0,
    progress: bool | None = None,
    reuse: Reuse = None,
) -> Iterator[FileResult | None]:
    """Each file's result, in the order given; None for a file that could not be read at all.

    `root` is the corpus folder articles are named in; files whose content `reuse` accepts are
    hashed only (see `read_file`).
    """
    global _worker
    workers = workers or os.cpu_count() or 1
    # Forking copies the loaded tokenizer for free, but is only safe with no other thread running.
    parallel = workers > 1 and len(paths) >= _PARALLEL_FROM and threading.active_count() == 1
    show = sys.stderr is not None and sys.stderr.isatty()
    show = show and (progress or (progress is None and len(paths) >= _PROGRESS_FROM))
    bar = None
    if show and paths:
        from tqdm import tqdm

        bar = tqdm(total=len(paths), unit="article", desc="indexing", file=sys.stderr, dynamic_ncols=True)
    try:
        if parallel:
            _worker = (root, tokenizer, text, reuse)
            context = multiprocessing.get_context("fork")
            with context.Pool(workers, initializer=_start_worker, initargs=(os.getpid(),)) as pool:
                yield from _counted(pool.imap(_read, paths, chunksize=16), bar)
        else:
            yield from _counted((read_file(p, root, tokenizer, text, reuse) for p in paths), bar)
    finally:
        _worker = None
        if bar is not None:
            bar.close()


def _counted(results: Iterable[FileResult | None], bar: Any) -> Iterator[FileResult | None]:
    sentences = 0
    for result in results:
        if bar is not None:
            sentences += len(result.part.sentences) if result and result.part else 0
            bar.set_postfix(sentences=sentences, refresh=False)
            bar.update()
        yield result
