"""A name the articles spell with another character of the same sound.

Transliterations vary (赛斯纳 and 塞斯纳 are one Cessna), so a question may spell a name the
articles never do. Such a name is read as the articles' spelling when one character, swapped
for one read the same way (tones aside), gives a name they do spell. Names of two characters are
left as they are, too many share a sound (李明, 黎明), unless the caller narrows the spellings
down (a place to the places of the dictionary: 满州 → 满洲).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from functools import cache

MIN_LENGTH = 3


@cache
def _by_sound() -> dict[str, tuple[str, ...]]:
    """Reading without its tone → the Chinese characters read so (pypinyin's dictionary)."""
    from pypinyin.pinyin_dict import pinyin_dict

    chars: defaultdict[str, list[str]] = defaultdict(list)
    for code, readings in pinyin_dict.items():
        if 0x4E00 <= code <= 0x9FFF:
            for reading in readings.split(","):
                chars[_toneless(reading)].append(chr(code))
    return {sound: tuple(dict.fromkeys(cs)) for sound, cs in chars.items()}


@cache
def _sounds(char: str) -> tuple[str, ...]:
    from pypinyin.pinyin_dict import pinyin_dict

    return tuple(dict.fromkeys(_toneless(r) for r in pinyin_dict.get(ord(char), "").split(",") if r))


def _toneless(reading: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", reading) if not unicodedata.combining(c))


def preload() -> None:
    """Read pypinyin's dictionary now, not at the first name respelled (half a second)."""
    _by_sound()


def variants(name: str, shortest: int = MIN_LENGTH) -> list[str]:
    """The spellings `name` may have in the articles: one character swapped for one read the same
    way (tones aside); none when `name` is shorter than `shortest`, too short to tell."""
    if len(name) < shortest:
        return []
    return [
        name[:i] + other + name[i + 1 :]
        for i, char in enumerate(name)
        for sound in _sounds(char)
        for other in _by_sound().get(sound, ())
        if other != char
    ]
