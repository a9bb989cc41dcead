"""Writing files that other processes may read at any moment."""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

_TMP = re.compile(r"\..+\.(\d+)\.tmp")


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never half of it.

    On failure (a full disk, a read-only folder) nothing is left behind.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise


def remove_leftovers(folder: Path) -> None:
    """Remove what `write_atomic` was writing in `folder` when its process was killed."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if (match := _TMP.fullmatch(entry.name)) and not _alive(int(match[1])):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's
        return True
    return True
