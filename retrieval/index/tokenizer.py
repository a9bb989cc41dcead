"""jieba tokenization as qabot matches text: normalised, search mode, stopwords out, synonyms merged.

Search mode emits a long word's dictionary sub-words too (禁毒专职社工 → 禁毒 专职 社工 …), so
`禁毒社工` in a question meets `禁毒专职社工` in the text. Synonym groups map every variant to
one canonical token (社会工作者 → 社工), on both sides.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import math
import re
import sys
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

# jieba 0.42 imports pkg_resources only to find its own files, which costs 50 ms at every start
# and warns on recent setuptools; without it jieba opens them by path, which is all we need.
sys.modules.setdefault("pkg_resources", None)  # type: ignore[arg-type]
import jieba  # noqa: E402

from retrieval.config import ConfigError  # noqa: E402
from retrieval.index.atomic import write_atomic  # noqa: E402
from retrieval.index.jieba_counts import dictionary, dictionary_key  # noqa: E402
from retrieval.index.memo import Memo  # noqa: E402
from retrieval.index.normalize import normalize  # noqa: E402

log = logging.getLogger(__name__)
jieba.setLogLevel(logging.WARNING)

# A token made only of these says nothing: punctuation, symbols, spaces.
_NOISE = re.compile(r"^[\W_]+$")
# jieba's tags for the names of places, people, organisations and other proper nouns.
PERSON_TAGS = frozenset({"nr", "nrfg", "nrt"})
PLACE_TAGS = frozenset({"ns"})
NAME_TAGS = PERSON_TAGS | PLACE_TAGS | {"nt", "nz"}
# Tags of words that carry how a question is asked rather than what it is about: verbs and
# adjectives (when common: 领, 能, 占), adverbs, pronouns, numerals and measure words, prepositions,
# conjunctions, particles, locatives and times (一共, 这次, 附近, 今年).
PREDICATE_TAGS = frozenset({"v", "vg", "vd", "a", "ad", "ag"})
FUNCTION_TAGS = frozenset({"d", "r", "m", "mq", "q", "p", "c", "u", "y", "e", "o", "f", "t", "tg", "z", "zg"})
_KEPT_TAGS = NAME_TAGS | PREDICATE_TAGS | FUNCTION_TAGS | {"j"}
_CJK_WORD = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
# A word jieba's HMM made is taken for a person's name when its first character opens people's
# names at least this share of the times it opens a tagged dictionary word (王 0.97, 伊 0.45; 之 0.04).
NAME_OPENING_SHARE = 0.1
# Words whose tokens a tokenizer remembers (a few megabytes; all forgotten at once when full).
_REMEMBERED = 50_000


@dataclass(frozen=True)
class Span:
    token: str  # canonical form, as indexed
    start: int
    end: int


class Tokenizer:
    def __init__(
        self,
        userdict: Path | None = None,
        stopwords: Path | None = None,
        synonyms: Path | None = None,
        traditional_to_simplified: bool = True,
        cache_dir: Path | None = None,
    ) -> None:
        self.t2s = traditional_to_simplified
        self._jieba = _fresh_jieba(cache_dir)
        self._userdict = userdict
        self._cache_dir = cache_dir
        try:
            if userdict:
                self._jieba.load_userdict(str(userdict))
            self.stopwords = frozenset(_read_lines(stopwords)) if stopwords else frozenset()
            self.canonical = _read_synonyms(synonyms) if synonyms else {}
        except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as e:
            raise ConfigError(f"cannot use the tokenizer's word lists: {e}") from None
        for variant in self.canonical:
            if len(variant) > 1 and not self._jieba.FREQ.get(variant):
                self._jieba.add_word(variant)
        self._expanded: Memo[str, tuple[str, ...]] = Memo(_REMEMBERED)
        self._tagged: Memo[str, str | None] = Memo(_REMEMBERED)
        # Every word of `_tags` → its tag, once `preload` made it (tens of milliseconds, 8 MB): a
        # look-up where `tag` otherwise searches the sorted list for each word it has not met.
        self._tag_table: dict[str, str] | None = None
        self._name_openings: dict[str, float] = {}  # per first character, once asked

    def normalize(self, text: str) -> str:
        return normalize(text, self.t2s)

    def segment(self, text: str) -> tuple[str, list[str]]:
        """The normalised text and its words, jieba's accurate mode (new words found by its HMM);
        spaces and punctuation included, so that the words' lengths add up to the text's."""
        norm = self.normalize(text)
        return norm, self._jieba.lcut(norm)

    def spans(self, words: list[str]) -> list[Span]:
        """Indexable tokens of a text given as its words (`segment`), with their offsets (the same
        in the original text)."""
        out, start = [], 0
        for word in words:
            out += [Span(t, a, b) for t, a, b in self._expand(word, start)]
            start += len(word)
        return out

    def tokens(self, text: str) -> list[str]:
        return self.tokens_of(self._jieba.lcut(self.normalize(text)))

    def tokens_of(self, words: list[str]) -> list[str]:
        """The indexable tokens of a text given as its words (`segment`)."""
        return [t for word in words for t in self._word_tokens(word)]

    def word_tokens(self, word: str) -> list[str]:
        """The tokens one (already normalised) word is indexed as."""
        return list(self._word_tokens(word))

    def _word_tokens(self, word: str) -> tuple[str, ...]:
        """A word's tokens, remembered: most words of a text were met before, and expanding one
        costs as much as jieba's cut of it."""
        tokens = self._expanded.get(word)
        if tokens is None:
            tokens = self._expanded.remember(word, tuple(t for t, _, _ in self._expand(word, 0)))
        return tokens

    def _expand(self, word: str, start: int) -> list[tuple[str, int, int]]:
        """Search mode, as jieba's: a word's dictionary 2- and 3-grams, then the word itself.

        A word in a synonym group is replaced whole, before its sub-words could add noise.
        """
        word = word.strip()
        if not word or self._stopword(word) or _NOISE.match(word):
            return []
        canonical = self.canonical.get(word)
        if canonical:
            return [(canonical, start, start + len(word))]
        out = []
        for n in (2, 3):
            if len(word) > n:
                for i in range(len(word) - n + 1):
                    gram = word[i : i + n]
                    if self._jieba.FREQ.get(gram) and gram not in self.stopwords:
                        out.append((self.canonical.get(gram, gram), start + i, start + i + n))
        out.append((word, start, start + len(word)))
        return out

    def _stopword(self, word: str) -> bool:
        """A stopword, or one said over and over (啊啊啊, 的的): jieba keeps such runs as one word."""
        return word in self.stopwords or (len(set(word)) == 1 and word[0] in self.stopwords)

    def cut(self, text: str) -> list[str]:
        """The normalised text in words, jieba's accurate mode (new words found by its HMM);
        spaces and punctuation included, so that lengths add up to offsets."""
        return self.segment(text)[1]

    @functools.cached_property
    def _tags(self) -> tuple[list[str], list[str]]:
        """The sorted dictionary words of `tag`, and their tags; read on first use."""
        return _tag_list(self._userdict, self._cache_dir)

    @functools.cached_property
    def verbs_of_two(self) -> frozenset[str]:
        """The dictionary's two-character verbs and adjectives (`PREDICATE_TAGS`), made on first
        use: a set to test a sentence's words against, where `tag` would search for each."""
        words, tags = self._tags
        return frozenset(w for w, t in zip(words, tags, strict=True) if len(w) == 2 and t in PREDICATE_TAGS)

    @functools.cached_property
    def _pos(self) -> Any:
        """jieba.posseg's tokenizer, made on first use: it loads its tag tables (seconds)."""
        import jieba.posseg

        return jieba.posseg.POSTokenizer(self._jieba)

    def preload(self) -> None:
        """Load now what a question would load on first use: the list of tags, as a table too,
        the dictionary's two-character verbs and the part-of-speech tagger of follow-ups and of
        names no dictionary knows (a second and 90 MB)."""
        words, tags = self._tags
        self._tag_table = dict(zip(words, tags, strict=True))
        self.verbs_of_two  # noqa: B018 (read to be made)
        self._pos  # noqa: B018

    def tag(self, word: str) -> str | None:
        """jieba's dictionary tag of `word` when it is a name, a predicate or a function word
        (ns, nr, nt, nz, v, a, d, r, m, t …), else None (common nouns, unknown words)."""
        if self._tag_table is not None:
            return self._tag_table.get(word)
        tag = self._tagged.get(word, "")  # remembered: candidates' words recur, names above all
        if tag == "":
            words, tags = self._tags
            i = bisect_left(words, word)
            tag = self._tagged.remember(word, tags[i] if i < len(words) and words[i] == word else None)
        return tag

    def name_tag(self, word: str) -> str | None:
        """jieba's dictionary tag of a proper noun (ns, nr, nt, nz …), or None for other words."""
        tag = self.tag(word)
        return tag if tag in NAME_TAGS else None

    def in_dictionary(self, word: str) -> bool:
        return bool(self._jieba.FREQ.get(word))

    def is_name(self, word: str) -> bool:
        """A place, person, organisation or other proper noun."""
        return self.name_tag(word) is not None

    def reads_as_person(self, word: str) -> bool:
        """Whether jieba's part-of-speech HMM reads `word`, alone, as one person's name (赵小红,
        孙丽娟): how a name no dictionary holds is told from a word cut wrong (冷到, 能休)."""
        pairs = list(self._pos.cut(word))
        return len(pairs) == 1 and pairs[0].flag.startswith("nr")

    def is_new_word(self, word: str) -> bool:
        """A word jieba's dictionary does not know that its HMM put together: often a person's name."""
        return not self._jieba.FREQ.get(word) and bool(_CJK_WORD.match(word))

    def opens_like_name(self, word: str) -> bool:
        """Whether `word` opens with a character that opens people's names in jieba's dictionary
        (王, 刘, 伊) at least NAME_OPENING_SHARE of the times it opens a tagged word: 之称, 各由
        are words its HMM made of function characters, not names."""
        first = word[:1]
        if first not in self._name_openings:  # the tagged words opening with it stand together
            words, tags = self._tags
            opening = (
                tags[bisect_left(words, first) : bisect_left(words, chr(ord(first) + 1))] if first else []
            )
            people = sum(tag in PERSON_TAGS for tag in opening)
            self._name_openings[first] = people / len(opening) if opening else 0.0
        return self._name_openings[first] >= NAME_OPENING_SHARE

    def general_idf(self, word: str) -> float:
        """How rare `word` is in Chinese at large, by jieba's dictionary counts: -ln(share).

        A word the dictionary does not know (its HMM joined it) is as rare as its characters on
        average; one of three or more characters is taken as rare (most are names)."""
        freq, total = self._jieba.FREQ, self._jieba.total
        count = freq.get(word)
        if count:
            return math.log(total / count)
        if len(word) >= 3 or not word:
            return math.inf
        return sum(math.log(total / max(freq.get(ch) or 1, 1)) for ch in word) / len(word)

    def words(self, text: str) -> list[tuple[str, str]]:
        """(word, part-of-speech) pairs of the normalised text, jieba's accurate mode."""
        return [(p.word, p.flag) for p in self._pos.cut(self.normalize(text))]


def _tag_list(userdict: Path | None, cache_dir: Path | None) -> tuple[list[str], list[str]]:
    """jieba's names, predicates and function words, sorted, and their tags; kept as a file because
    reading the tags from jieba's dictionary takes 0.5 s, and a start of `qabot ask` should cost
    little more than jieba's own."""
    key = hashlib.sha1(dictionary_key("tags-v5").encode())
    if userdict:
        key.update(userdict.read_bytes())
    cached = cache_dir / f"tags-{key.hexdigest()[:16]}.txt" if cache_dir else None
    try:
        if cached and cached.exists():
            words, tags = (part.split("\n") for part in cached.read_text(encoding="utf-8").split("\n\n"))
            if len(words) == len(tags):
                return words, tags
    except (OSError, ValueError, UnicodeDecodeError) as e:
        log.info("the cached list of tags %s is unreadable (%s): making it again", cached, e)
    tagged: dict[str, str] = {}
    for path in filter(None, (Path(jieba.__file__).with_name("dict.txt"), userdict)):
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) == 3:
                tagged[parts[0]] = parts[2]  # the user dictionary's tag over jieba's
    words = sorted(w for w, tag in tagged.items() if tag in _KEPT_TAGS)
    tags = [tagged[w] for w in words]
    if cached:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(cached, ("\n".join(words) + "\n\n" + "\n".join(tags)).encode("utf-8"))
        except OSError as e:
            log.info("could not cache the list of tags in %s: %s", cached, e)
    return words, tags


def _fresh_jieba(cache_dir: Path | None) -> jieba.Tokenizer:
    """A jieba tokenizer with the dictionary as jieba ships it: a user dictionary added to one
    does not reach another, and only the first costs loading (a reload, tests, benchmarks)."""
    freq, total = dictionary(cache_dir)
    fresh = jieba.Tokenizer()
    fresh.FREQ, fresh.total, fresh.initialized = dict(freq), total, True
    return fresh


def _read_lines(path: Path) -> list[str]:
    return [
        w
        for line in path.read_text(encoding="utf-8").splitlines()
        if (w := line.strip()) and not w.startswith("#")
    ]


def _read_synonyms(path: Path) -> dict[str, str]:
    """Map every variant to the first word of its group."""
    groups = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(groups, list) or not all(isinstance(g, list) and g for g in groups):
        raise ValueError(
            f"{path}: synonyms must be a list of groups, each a list of words ([社工, 社会工作者])"
        )
    mapping: dict[str, str] = {}
    for group in groups:
        words = [normalize(str(w)) for w in group]
        for word in words[1:]:
            mapping[word] = words[0]
    return mapping
