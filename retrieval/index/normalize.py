"""Text as it is matched: full-width forms folded, lower case, Traditional → Simplified.

Matching uses the normalised text; what is shown is always the original. Folding is one
character for one character so that offsets found in the normalised text hold in the original.
"""

from __future__ import annotations

import re
from functools import lru_cache

from retrieval.index import numerals

_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}  # full-width ASCII → ASCII
_FOLD.update({0x3000: 0x20, 0x00A0: 0x20})
# Zero-width and direction marks carry no meaning for matching; they become spaces (same length).
_INVISIBLE = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a\u202b\u202c\u202d\u202e"), 0x20
)
_FOLD.update(_INVISIBLE)


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # imported on first use: plain questions need no converter object

    return opencc.OpenCC("t2s")


def fold(text: str) -> str:
    return text.translate(_FOLD).lower()


def normalize(text: str, traditional_to_simplified: bool = True) -> str:
    folded = fold(text)
    if not traditional_to_simplified or folded.isascii():
        return folded
    converted = _t2s().convert(folded)
    # Phrase conversions may change length; keep offsets valid by converting per character then.
    if len(converted) != len(folded):
        t2s = _t2s()
        converted = "".join(c if len(c := t2s.convert(ch)) == 1 else ch for ch in folded)
    return converted


_CN_NUMERAL_RUN = re.compile(f"[{numerals.RUN}]{{2,}}")


def numeral_variants(text: str) -> list[str]:
    """Arabic forms of the Chinese numerals in `text` (二百零一 → 201), for matching figures."""
    return [str(value) for run in _CN_NUMERAL_RUN.findall(text) if (value := numerals.value(run)) is not None]
