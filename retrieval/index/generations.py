"""Index generations: a new index is published beside the old one, and switched to at once.

    <folder>/CURRENT      the name of the current generation, replaced atomically
    <folder>/lock         shared while a process loads a generation or builds one
    <folder>/g-<id>/      one generation: written whole, never changed afterwards

A process keeps the generation it loaded until it loads again: its files are never rewritten,
and once loaded they are read only through their memory mappings, which stay valid after the
files are removed, so old generations may go as soon as no process is in the middle of loading
one. Whoever publishes removes them when it can take the lock alone; a generation left half
written by a killed process goes the same way.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

from retrieval.index.atomic import write_atomic

log = logging.getLogger(__name__)

_NAME = re.compile(r"g-\d+-\d+")
_POINTER, _LOCK = "CURRENT", "lock"


class Generations:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def current(self) -> Path | None:
        """The current generation's folder, if there is one."""
        try:
            name = (self.folder / _POINTER).read_text(encoding="ascii").strip()
        except (OSError, ValueError):
            return None
        return self.folder / name if _NAME.fullmatch(name) else None

    @contextlib.contextmanager
    def shared(self) -> Iterator[None]:
        """Held while loading or building: no generation is removed meanwhile."""
        with self._locked(fcntl.LOCK_SH) as _:
            yield

    @contextlib.contextmanager
    def publishing(self) -> Iterator[Path]:
        """A new generation's folder to write into; made current if the block ends normally,
        removed if not. Any other generation is then removed when no process is loading one."""
        folder = self.folder / f"g-{time.time_ns()}-{os.getpid()}"
        with self.shared():
            try:
                folder.mkdir(parents=True)
                yield folder
                write_atomic(self.folder / _POINTER, folder.name.encode("ascii"))
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
        self.clean()

    def clean(self) -> None:
        with self._locked(fcntl.LOCK_EX | fcntl.LOCK_NB) as alone:
            if not alone:
                return
            current = self.current()
            for entry in self.folder.iterdir():
                if entry.name in (_POINTER, _LOCK) or entry == current:
                    continue
                log.debug("removing the old index generation %s", entry)
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)

    @contextlib.contextmanager
    def _locked(self, mode: int) -> Iterator[bool]:
        """Whether the lock was taken; a cache nobody can write to needs none (False then)."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.folder / _LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            try:
                fd = os.open(self.folder / _LOCK, os.O_RDONLY)
            except OSError:
                yield False
                return
        try:
            try:
                fcntl.flock(fd, mode)
            except BlockingIOError:
                yield False
                return
            yield True
        finally:
            os.close(fd)
