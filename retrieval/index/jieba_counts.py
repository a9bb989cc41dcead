"""jieba's dictionary counts, kept beside the index in a form quick to read.

jieba keeps them as a marshalled dict that takes about a second to load, most of a `qabot ask`;
the same counts as a column of integers and a text of words take a third of that.
"""

from __future__ import annotations

import hashlib
import logging
import struct
from array import array
from pathlib import Path

from retrieval.index.atomic import write_atomic

log = logging.getLogger(__name__)

_HEADER = struct.Struct("<qq")  # how many words, jieba's total count
# The process's counts as jieba ships them, loaded once: each tokenizer takes a copy.
_loaded: tuple[dict[str, int], int] | None = None


def dictionary(cache_dir: Path | None) -> tuple[dict[str, int], int]:
    """jieba's word counts (its words' prefixes at 0) and their total, loaded once a process: from
    `cache_dir` when it holds them, else from jieba, then kept there."""
    global _loaded
    if _loaded is None:
        cached = cache_dir / f"jieba-{dictionary_key('counts-v1')}.bin" if cache_dir else None
        _loaded = (_read(cached) if cached else None) or _from_jieba(cached)
    return _loaded


def dictionary_key(version: str) -> str:
    """A key for a file made from jieba's dictionary: its size and time, and the maker's version."""
    import jieba

    stat = Path(jieba.__file__).with_name("dict.txt").stat()
    return hashlib.sha1(f"{version}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:16]


def _read(path: Path) -> tuple[dict[str, int], int] | None:
    try:
        data = path.read_bytes()
        size, total = _HEADER.unpack_from(data)
        counts = array("q")
        counts.frombytes(data[_HEADER.size : _HEADER.size + 8 * size])
        words = data[_HEADER.size + 8 * size :].decode("utf-8").split("\n")
    except FileNotFoundError:
        return None
    except (OSError, struct.error, ValueError, UnicodeDecodeError) as e:
        log.info("the cached dictionary %s is unreadable (%s): reading jieba's", path, e)
        return None
    if len(words) != size or len(counts) != size:
        log.info("the cached dictionary %s is cut short: reading jieba's", path)
        return None
    return dict(zip(words, counts.tolist(), strict=True)), total


def _from_jieba(cached: Path | None) -> tuple[dict[str, int], int]:
    import jieba

    loaded = jieba.Tokenizer()
    loaded.initialize()
    freq, total = loaded.FREQ, loaded.total
    if cached:
        data = _HEADER.pack(len(freq), total) + array("q", freq.values()).tobytes()
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(cached, data + "\n".join(freq).encode("utf-8"))
        except OSError as e:
            log.info("could not cache jieba's dictionary in %s: %s", cached, e)
    return freq, total
