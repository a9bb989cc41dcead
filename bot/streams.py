"""The standard streams as a command-line tool should treat them.

- Input that is not valid text in the stream's encoding arrives with its bytes kept (Python's
  surrogateescape); `decoded` recovers them and tries UTF-8, then GBK (GB18030), before saying the
  question cannot be read.
- Output never fails on a character the stream cannot encode (it is replaced), and output that
  cannot be written at all (stdout closed, a full disk) ends the command with one line on stderr
  and exit code 1, as other Unix tools do, instead of a traceback.
- A closed stdin reads as empty; a closed stderr discards.
"""

from __future__ import annotations

import io
import os
import re
import sys
from typing import Any

_SURROGATE = re.compile("[\ud800-\udfff]")


class UndecodableText(ValueError):
    """Text whose bytes are neither UTF-8 nor GBK, or that holds a lone surrogate."""


def decoded(text: str, encoding: str) -> str:
    """`text` as read from a stream or argv in `encoding`, with undecodable bytes decoded again."""
    if not _SURROGATE.search(text):
        return text
    try:
        raw = text.encode(encoding, "surrogateescape")
    except (UnicodeEncodeError, LookupError):
        raise UndecodableText(text) from None
    for codec in ("utf-8", "gb18030"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    raise UndecodableText(text)


class OutputError(Exception):
    """Standard output cannot be written."""


class _Guarded:
    """Standard output whose write failures are an `OutputError`, told apart from any other."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as e:
            raise OutputError(e.strerror or e) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as e:
            raise OutputError(e.strerror or e) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def prepare() -> bool:
    """Set up the streams as above; False when there is no standard output at all."""
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the whole run
    if sys.stdin is None:
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - for the whole run
    for stream, errors in ((sys.stdin, "surrogateescape"), (sys.stdout, "replace"), (sys.stderr, "replace")):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors=errors)
    if sys.stdout is None:
        return False
    if (
        not isinstance(sys.stdout, _Guarded) and not sys.stdout.isatty()
    ):  # a terminal is left alone: the console's line editor drives it
        sys.stdout = _Guarded(sys.stdout)  # type: ignore[assignment]
    return True


def finish() -> None:
    """Flush standard output now, so that a failure is seen here and not as a traceback when the
    interpreter exits; after a failure, the rest is discarded."""
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except (OSError, OutputError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
