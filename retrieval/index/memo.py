"""A bounded memo: values kept for their keys until a bound, then all forgotten at once.

For values cheap to make again and asked for again and again (a word's tokens, its tag, a
sentence's matched text): a lookup costs what a dict's does, with no bookkeeping per hit.
"""

from __future__ import annotations

from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Memo(dict[K, V]):
    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def remember(self, key: K, value: V) -> V:
        """Keep `value` for `key` (forgetting everything first when full); `value` back."""
        if len(self) >= self.size:
            self.clear()
        self[key] = value
        return value
