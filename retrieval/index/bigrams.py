"""Which articles may hold a string, found without reading any: character bigram → articles.

Every two adjacent UTF-16 units of an article's text are a bigram; the articles holding each are
kept as postings, the bigrams in order, all of it arrays made with numpy at index time and
memory-mapped like the other columns. A text holds a string of two units or more only if it
holds each of the string's bigrams, so intersecting their postings leaves the few articles worth
reading, and none when one of them is nowhere in the corpus. Asking whether a name outside the
vocabulary is in the corpus then reads a handful of articles, not all of them.
"""

from __future__ import annotations

import itertools
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from retrieval.index.mapped import load_array, release
from retrieval.index.postings import Postings
from retrieval.index.texts import Texts

_HIGH = np.uint64(32)
_BLOCK = 1 << 20  # UTF-16 units made into bigrams at once (some 30 MB of work arrays)


@dataclass(frozen=True)
class Bigrams:
    keys: np.ndarray  # uint32, ascending: each bigram of the corpus, its first unit in the high half
    articles: Postings  # the articles (ascending) whose text holds each

    @classmethod
    def of(cls, texts: Texts) -> Bigrams:
        """The bigrams of every text of the column (an article's text each), and where each is."""
        units, ends = texts.units()
        count = len(ends) - 1
        # A block of articles at a time, so that what the build holds at once stays small.
        firsts = np.searchsorted(ends[:-1], np.arange(0, int(ends[-1]), _BLOCK))
        cuts = np.unique(np.concatenate([firsts, [0, count]])).tolist()
        blocks = [_block(units, ends, a, b) for a, b in itertools.pairwise(cuts)]
        pairs = np.concatenate(blocks) if blocks else np.zeros(0, dtype=np.uint64)
        del blocks
        pairs.sort()  # each (bigram, article) once already: no block shares an article
        # The two halves read in place, not shifted into another array of pairs: this is the
        # build's peak of memory.
        halves = pairs.view(np.uint32).reshape(-1, 2)
        high = 1 if sys.byteorder == "little" else 0
        bigram = halves[:, high].copy()
        ids = halves[:, 1 - high].astype(np.int32)  # the low half: the article
        del pairs, halves
        new = np.ones(len(bigram), dtype=bool)
        new[1:] = bigram[1:] != bigram[:-1]
        starts = np.flatnonzero(new)
        return cls(bigram[starts], Postings(np.append(starts, len(bigram)).astype(np.int64), ids))

    def holding(self, s: str) -> np.ndarray | None:
        """The articles (ascending) whose text may hold `s`: those holding each of its bigrams.
        None for a single unit (or nothing), which no bigram narrows: any article may."""
        units = np.frombuffer(s.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
        if len(units) < 2:
            return None
        wanted = _pairs(units)
        at = self.keys.searchsorted(wanted)
        if not len(self.keys) or (self.keys.take(at, mode="clip") != wanted).any():
            return self.articles.ids[:0]  # a bigram no article holds
        lists = sorted((self.articles[i] for i in at.tolist()), key=len)  # the rarest first
        held = lists[0]
        for other in lists[1:]:
            if not len(held) or not len(other):
                return held[:0]
            held = held[other.take(other.searchsorted(held), mode="clip") == held]
        return held

    def possible(self, strings: list[str]) -> np.ndarray:
        """Whether some article may hold each of `strings`: each of its bigrams is some article's
        (as `holding` finds before it intersects postings; a string of one unit or none always
        may). One look-up for all the strings, laid end to end."""
        encoded = [s.encode("utf-16-le", "surrogatepass") for s in strings]
        units = np.frombuffer(b"".join(encoded), dtype=np.uint16)
        ends = np.cumsum([len(e) // 2 for e in encoded], dtype=np.int64)
        pairs = _pairs(units)
        inside = np.ones(len(pairs), dtype=bool)  # then: and no article's
        across = ends[:-1] - 1  # the pair of a string's last unit and the next string's first
        inside[across[(across >= 0) & (across < len(pairs))]] = False
        if len(self.keys):
            inside &= self.keys.take(self.keys.searchsorted(pairs), mode="clip") != pairs
        owner = ends.searchsorted(np.flatnonzero(inside), side="right")  # of each unknown bigram
        return np.bincount(owner, minlength=len(strings)) == 0

    def check(self, articles: int) -> None:
        """That the bigrams are in order, each with its run of articles; ValueError if not."""
        if self.keys.dtype != np.uint32:
            raise ValueError("bigrams of another type")
        if len(self.keys) > 1 and np.any(self.keys[1:] <= self.keys[:-1]):
            raise ValueError("bigrams out of order")
        release(self.keys)
        self.articles.check(len(self.keys), articles)

    def save(self, folder: Path) -> None:
        np.save(folder / "bigrams.npy", self.keys)
        self.articles.save(folder, "bigram_postings")

    @classmethod
    def load(cls, folder: Path) -> Bigrams:
        return cls(load_array(folder / "bigrams.npy"), Postings.load(folder, "bigram_postings"))


def _block(units: np.ndarray, ends: np.ndarray, first: int, stop: int) -> np.ndarray:
    """Articles `first` to `stop` (not included) as (bigram, article) in one number each, the
    bigram in the high half: each once, ascending. (np.unique would take ten times as long.)"""
    article = np.repeat(np.arange(first, stop, dtype=np.uint64), np.diff(ends[first : stop + 1]))
    inside = article[:-1] == article[1:]  # a bigram across two articles is in neither
    text = units[int(ends[first]) : int(ends[stop])]
    pairs = (_pairs(text).astype(np.uint64) << _HIGH | article[:-1])[inside]
    pairs.sort()
    new = np.ones(len(pairs), dtype=bool)
    new[1:] = pairs[1:] != pairs[:-1]
    return pairs[new]


def _pairs(units: np.ndarray) -> np.ndarray:
    """Each two adjacent UTF-16 units as one uint32, the first in the high half."""
    return units[:-1].astype(np.uint32) << np.uint32(16) | units[1:]
