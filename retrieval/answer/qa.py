"""The answer core every front end calls: a question in, a Result out."""

from __future__ import annotations

import functools
import gc
import logging
import re
import unicodedata
from dataclasses import dataclass, replace

from retrieval.answer import variants
from retrieval.answer.aliases import with_defined_names
from retrieval.answer.coverage import Coverage
from retrieval.answer.grounding import Grounding, names, spellings
from retrieval.answer.question import Kind, Question, Word, analyze
from retrieval.answer.ranker import Candidate, FirstPass, first_pass, rank
from retrieval.answer.shapes import COUNTERS, PEOPLE, Extent, dates, has_count, has_unit, times_back
from retrieval.config import Settings
from retrieval.index.sentence_index import Index
from retrieval.index.sources import list_sources
from retrieval.index.tokenizer import PLACE_TAGS, Tokenizer
from retrieval.markup import plain
from retrieval.models import Answer, Citation, Result, Source

log = logging.getLogger(__name__)

# Kinds of question only a sentence of that shape answers: a figure, a date, a time of day.
_SHAPED = (Kind.QUANTITY, Kind.TIME, Kind.CLOCK)
# Measure words any count may answer (多少人 → 5000余名, 多少个 → 3项), but not a length or a sum.
_ANY_COUNT = frozenset("个人名位次种项")
_ASKS_PEOPLE = frozenset("人名位")  # 多少人, 多少名: a count of people
# Terminal escapes, control characters and lone surrogates (undecodable bytes: no text to match).
_CONTROL = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_question(text: str, limit: int) -> tuple[str, tuple[str, ...]]:
    """Strip terminal escapes, control characters, lone surrogates and markup (a question pasted
    from a page or a chat: `[阳泉](http://…)`, `<b>阳泉</b>`); cut an over-long question, with a note."""
    text = plain(unicodedata.normalize("NFC", _CONTROL.sub(" ", text or "")))
    text = " ".join(text.split())
    if len(text) > limit:
        return text[:limit], (f"问题过长，只取了前 {limit} 个字。",)
    return text, ()


def _as_typed(words: tuple[str, ...], question: str, norm: str) -> tuple[str, ...]:
    """Words of the question, read in its normalised form `norm` (Simplified, lower case), as the
    user typed them: Kirin, 臺北."""
    if len(norm) != len(question):
        return words
    return tuple(question[at : at + len(w)] if (at := norm.find(w)) >= 0 else w for w in words)


def not_found_message(missing: tuple[str, ...], about: tuple[str, ...] = (), of: tuple[str, ...] = ()) -> str:
    """What is missing in its place: `资料中没有关于「湖南」缴获海洛因的内容。` (the subject, then
    the words of what is asked about it), `资料中没有关于沈阳「亏损」的内容。` (the subjects what is
    said of them stands under, then what lacks)."""
    if missing:
        return f"资料中没有关于{'、'.join(of)}「{'、'.join(missing)}」{''.join(about)}的内容。"
    return "资料中没有找到这个问题的答案。"


@dataclass
class QA:
    settings: Settings
    tokenizer: Tokenizer
    index: Index

    @classmethod
    def from_settings(cls, settings: Settings, rebuild: bool = False, progress: bool | None = None) -> QA:
        from retrieval.index.store import Store, cache_root

        t = settings.tokenizer
        tokenizer = Tokenizer(
            t.userdict, t.stopwords, t.synonyms, t.traditional_to_simplified, cache_dir=cache_root(settings)
        )
        qa = cls(settings, tokenizer, Store(settings, tokenizer).load(rebuild, progress))
        if not qa.index.articles:
            log.warning("the corpus %s has no readable articles", settings.corpus)
        return qa

    def reload(self) -> tuple[int, int]:
        """Take in what changed in the corpus folder; returns (articles, sentences) now indexed.

        Questions asked meanwhile are answered from the old index until the new one is ready.
        """
        from retrieval.index.store import Store

        self.index = Store(self.settings, self.tokenizer).load()
        if gc.get_freeze_count():  # preloaded: the new index is left out of full passes too
            gc.collect()
            gc.freeze()
        return len(self.index.articles), self.index.size

    def preload(self) -> None:
        """Load now what answering loads on first use: the dictionary's tags, pypinyin's readings
        a name is respelled by and jieba's part-of-speech tagger (follow-ups, and names no
        dictionary knows). For the front ends that answer question after question, where the
        first to need one would wait (half a second to three seconds); `qabot ask` answers one and
        loads only what it needs.

        What is loaded by then is left out of the garbage collector's full passes (`gc.freeze`):
        walking its few hundred thousand objects held up a question every so often by 0.1–0.2 s.
        Reference counting still frees what is let go of (an index a reload replaced)."""
        self.tokenizer.preload()
        variants.preload()
        gc.collect()
        gc.freeze()

    def sources(self) -> list[Source]:
        """Every article, as `qabot sources` and `/sources` list them."""
        return list_sources(self.index)

    def more(self, question: str, shown: int) -> tuple[Answer, ...]:
        """The next page of answers to `question` after the first `shown` (the REPL's /more,
        Telegram's 更多答案); empty when there are no more."""
        return self.ask(question, shown + self.settings.answers.count).answers[shown:]

    def first_pass(self, question: str) -> FirstPass:
        """Retrieval alone: the question read as `ask` reads it and the sentences BM25 brings in,
        before anything is read closely (what `benchmarks/scale.py` sets beside a search engine's
        top k)."""
        text, _ = clean_question(question, self.settings.answers.max_question_chars)
        index = self.index
        return first_pass(self._understood(text, index)[1], index, self.settings.ranking)

    def _understood(self, text: str, index: Index) -> tuple[str | None, Question, tuple[str, ...]]:
        """The question as understood: read against the articles, a name no article spells
        respelled as one they do (赛斯纳 → 塞斯纳). The text respelled (None if nothing was), what
        it asks, and the names still spelled by no article."""
        q = read_question(text, index, self.tokenizer)
        unspelled = _unspelled(q, index)
        respelled = _respelled(q, unspelled, index, self.tokenizer) if unspelled else None
        if respelled:
            q = read_question(respelled, index, self.tokenizer)
            unspelled = _unspelled(q, index)
        return respelled, q, unspelled

    def ask(self, question: str, count: int | None = None) -> Result:
        count = count or self.settings.answers.count
        text, notes = clean_question(question, self.settings.answers.max_question_chars)
        if not text:
            return Result(text, (), True, message="请输入一个问题。", notes=notes)
        index = self.index  # one index for the whole question, even if a reload swaps it meanwhile
        if not index.size:
            return Result(text, (), True, message="资料库是空的：没有可以回答的文章。", notes=notes)
        respelled, q, unspelled = self._understood(text, index)
        if respelled:
            text, notes = respelled, (f"（理解为：{respelled}）", *notes)
        if not q.terms:
            return Result(text, (), True, message="问题里没有可以查找的词语。", notes=notes)

        coverage = Coverage(q, index, self.tokenizer)
        grounding = Grounding(index, self.tokenizer, q.kind in (Kind.PLACE, Kind.LIST))
        candidates = rank(q, index, self.tokenizer, self.settings.ranking, coverage, grounding)
        # A candidate whose subjects nothing around it names, or that does not say what is asked,
        # is never the answer.
        grounded = _grounded(q, candidates, grounding, unspelled)
        best = next((c for c in grounded if self._answers(q, c, coverage)), None)
        if best is None:
            lacking = self._missing(q, candidates, grounded, coverage, grounding)
            norm = self.tokenizer.normalize(text)
            missing, about, of = (_as_typed(words, text, norm) for words in lacking)
            missing = missing[:3]
            closest = tuple(self._answer(index, q, c) for c in candidates[: self.settings.answers.closest])
            return Result(
                text,
                (),
                True,
                missing=missing,
                closest=closest,
                message=not_found_message(missing, about, of),
                notes=notes,
            )
        return Result(
            text,
            # The best answer first, then the next grounded candidates as further answers.
            tuple(self._answer(index, q, c) for c in _distinct([best, *grounded], count, index)),
            False,
            notes=notes,
        )

    @staticmethod
    def _missing(
        q: Question,
        candidates: list[Candidate],
        grounded: list[Candidate],
        coverage: Coverage,
        grounding: Grounding,
    ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """What the articles lack, for the "no answer" message: the subjects the best candidate
        is not grounded in (with the words of what is asked about them), else what it does not
        say (with the subjects it does stand under)."""
        asked = [w.text for w in q.words if w.text not in coverage.everyday and w.text not in q.subjects]
        if candidates and candidates[0] not in grounded:
            missing = grounding.missing(candidates[0].sentence_id, q.subjects)
            # what is asked, in words of its own: not a piece of a name or a time (郭 of 郭|艾伦, 4 of 4月)
            about = tuple(
                w for w in asked if len(w) > 1 and not w.isdigit() and not any(w in s for s in q.subjects)
            )
            return missing, about, ()
        if grounded:
            best = grounded[0].sentence_id
            # How a question asks (那场, 一共) is never what the articles lack.
            lacking = coverage.unsaid_asked(best) or coverage.uncovered(best)
            unsaid = [w for w in lacking if w not in coverage.everyday] or coverage.unsaid(best)
            return tuple(unsaid), (), tuple(s for s in q.entities if s not in unsaid)
        return q.subjects or tuple(asked), (), ()

    def _answers(self, q: Question, candidate: Candidate, coverage: Coverage) -> bool:
        """Whether a candidate answers the question or is only a sentence on the same topic.

        The fact asked about must be said by the answer itself (or its lead, or the heading or
        title above it): 沈阳's ridership does not answer how much 沈阳 lost.
        """
        limits = self.settings.answers
        if candidate.coverage < limits.min_coverage:
            return False
        if q.kind in _SHAPED and not candidate.shape and (q.kind is not Kind.TIME or q.unit):
            # 多少 wants a figure, 哪一年 a year (同年 with the year said before will do), 哪天 a
            # day, 几点 a time of day
            if q.kind is not Kind.TIME or _dated_back(self.index, candidate.sentence_id, q.unit)[1] < 0:
                return False
        if q.kind is Kind.QUANTITY and q.unit:
            # 多少所 wants a figure in 所, 多深 one in metres, 多少人 a count of people: another
            # figure (13年, 12千米) answers something else.
            text = self.index.matched_text(candidate.sentence_id)
            if q.unit in _ANY_COUNT:
                if not has_count(text, PEOPLE if q.unit in _ASKS_PEOPLE else COUNTERS):
                    return False
            elif not has_unit(text, q.unit) and not _counted_by_ge(text, q.unit, q.asked):
                return False
        return coverage.says_asked(candidate.sentence_id) and (
            coverage.focus(candidate.sentence_id, common=False) >= limits.min_focus_coverage
        )

    def _answer(self, index: Index, q: Question, c: Candidate) -> Answer:
        sentence = index.sentence(c.sentence_id)
        terms = set(q.terms)
        words = index.words(c.sentence_id)
        spans = _marks(self.tokenizer, words, terms)
        highlights = _merge([(a, b) for a, b, _ in spans])
        before, after = index.neighbours(c.sentence_id, self.settings.answers.context_sentences)
        figures = (
            _nearest(c.shape, highlights, sentence.text, q.kind is Kind.QUANTITY)
            if q.kind in (*_SHAPED, None)
            else c.shape
        )
        lead = _lead(index, c.sentence_id, terms)
        if q.kind is Kind.TIME and not c.shape:
            # 同年…: the time is the one said before, which leads the answer.
            back, dated = _dated_back(index, c.sentence_id, q.unit)
            if dated >= 0:  # with …… when sentences stand between
                gap = "……" if dated != index.lead(c.sentence_id) else ""
                figures, lead = tuple(back[:1]), index.texts[dated] + gap
        return Answer(
            sentence=sentence,
            citation=Citation.of(index.heading_of(c.sentence_id)),
            score=c.score,
            matched=tuple(dict.fromkeys(t for _, _, t in spans)),
            highlights=highlights,
            figures=figures,
            lead=lead,
            before=tuple(before),
            after=tuple(after),
        )


def read_question(text: str, index: Index, tokenizer: Tokenizer) -> Question:
    """What `text` asks, read against the articles: jieba's cuts mended where they cut across
    the articles' words, and abbreviations the articles define in brackets matched as the name too."""
    q = with_defined_names(analyze(text, tokenizer, index.sentences_saying), index, tokenizer)
    return _with_unknown_names(q, index, tokenizer)


# A word of Latin letters (hello, Exynos): a name or a model, whatever jieba tags it.
_LATIN = re.compile(r"[a-z]{2,}", re.IGNORECASE)


def _with_unknown_names(q: Question, index: Index, tokenizer: Tokenizer) -> Question:
    """The question with each name no article says taken as a subject, so that an answer about
    something else never stands in for it: a word of Latin letters (alert, in a pasted
    `alert(1)`), and a word of three or four characters that jieba's dictionary does not know
    and that its tagger reads as a person's name (赵小红), unless it is a character glued onto a
    word the articles hold (`_cut_across`)."""
    unknown = [
        w
        for w in q.words
        if not (w.name or w.everyday)
        and (_unknown_latin(w, index) or _unknown_person(w.text, index, tokenizer))
    ]
    if not unknown:
        return q
    words = tuple(replace(w, name=True) if w in unknown else w for w in q.words)
    return replace(q, words=words, entities=(*q.entities, *(w.text for w in unknown)))


def _unknown_latin(word: Word, index: Index) -> bool:
    return bool(_LATIN.fullmatch(word.text)) and all(index.term(t) < 0 for t in word.tokens)


def _unknown_person(word: str, index: Index, tokenizer: Tokenizer) -> bool:
    return (
        3 <= len(word) <= 4  # a piece of two is most often a word cut wrong (荣景, 徐凤)
        and tokenizer.is_new_word(word)
        and not _cut_across(word, index)
        and not _named_anywhere(index, word)
        and tokenizer.reads_as_person(word)
    )


def _cut_across(word: str, index: Index) -> bool:
    """Whether jieba glued a character onto a word the articles hold (侯景|封 → 侯景封, 初|华堡),
    or hold in a spelling of the same sound: a typo (生|二海 of 生二孩)."""
    return any(
        index.sentences_saying(spelling)
        for part in (word[1:], word[:-1])
        for spelling in (part, *variants.variants(part, shortest=2))
    )


_COUNTING = frozenset(COUNTERS.split("|"))


def _counted_by_ge(text: str, unit: str, asked: tuple[str, ...]) -> bool:
    """Whether the text counts what a question asks in a measure word (多少条) with the general
    个 right before naming it: 42个活跃的断层 answers 多少条活跃断层; 400多个 (of 岗位) counts no
    课, and 3个月 is no sum of money."""
    if not set(unit.split("|")) <= _COUNTING:
        return False
    pattern = _general_count(tuple(w for w in asked if len(w) > 1))
    return pattern is not None and pattern.search(text) is not None


@functools.lru_cache(maxsize=256)
def _general_count(nouns: tuple[str, ...]) -> re.Pattern[str] | None:
    """A count in 个 of one of `nouns`, right after it or after a few characters and 的."""
    if not nouns:
        return None
    named = "|".join(map(re.escape, nouns))
    return re.compile(rf"\d[\d.]*[余多]?个(?!月|小时|百分点)(?:[^，。；,;]{{0,3}}的)?(?:{named})")


def _grounded(
    q: Question, candidates: list[Candidate], grounding: Grounding, unspelled: tuple[str, ...]
) -> list[Candidate]:
    """The candidates grounded in every subject the articles answer for.

    A name no article names at all (`unspelled`) means no answer. Years, months and models are demanded of
    every answer, and so is a name some candidate is grounded in (湖南, in the Hunan article). A
    subject the articles name but no candidate stands under is most likely a common word jieba
    tags as a name (东西, 祖先): it only lowers the ranking. Names no candidate stands under
    together refuse nothing either: the candidates missing the fewest of them stand. But when the
    best candidate opens on another name of the same kind (上海高温津贴… for 浙江的高温津贴), the
    name is a real one the articles do not answer for: it is demanded.
    """
    if unspelled:
        return []
    missing = {c.sentence_id: set(grounding.missing(c.sentence_id, q.subjects)) for c in candidates}
    names = {s for s in q.entities if any(s not in m for m in missing.values())}
    # Times and models are found by their form, not by jieba's tags: always demanded.
    demanded = {*q.times, *q.models}
    if candidates:
        best = candidates[0].sentence_id
        demanded |= {s for s in set(q.entities) - names if grounding.opens_on_another(best, s, q.subjects)}
    # Names no candidate stands under together: one is most likely a word jieba's dictionary
    # tags as a name (莱昂德罗·内托|曾效力): the candidates missing the fewest stand.
    fewest = min((len(m & names) for m in missing.values() if not m & demanded), default=0)
    return [
        c
        for c in candidates
        if not missing[c.sentence_id] & demanded and len(missing[c.sentence_id] & names) <= fewest
    ]


def _unspelled(q: Question, index: Index) -> tuple[str, ...]:
    """The names the question gives that no article spells."""
    return tuple(name for name in q.entities if not _named_anywhere(index, name))


def _respelled(q: Question, unspelled: tuple[str, ...], index: Index, tokenizer: Tokenizer) -> str | None:
    """The question with the names no article spells (`unspelled`) in the spelling the articles
    use, when one sounds the same (赛斯纳 → 塞斯纳); None when there is nothing to respell."""
    text = original = tokenizer.normalize(q.text)
    for name in unspelled:
        if name in text and (variant := _first_named(index, _respellings(name, tokenizer))):
            text = text.replace(name, variant)
    return text if text != original else None


def _respellings(name: str, tokenizer: Tokenizer) -> list[str]:
    """`variants.variants` of a name, and of a place of two characters the places of the same
    sound jieba's dictionary knows (满州 → 满洲; too many two-character words share a sound for
    any other)."""
    if len(name) == 2 and tokenizer.tag(name) in PLACE_TAGS:
        return [v for v in variants.variants(name, shortest=2) if tokenizer.tag(v) in PLACE_TAGS]
    return variants.variants(name)


def _first_named(index: Index, tried: list[str]) -> str | None:
    """The first of the names `tried` some article names (`_named_anywhere`). A name none of
    whose spellings any article may hold (one of its bigrams is nowhere in the corpus, as for most
    respellings tried) is settled by one look-up of all their bigrams at once, never searched for."""
    spelled = [spellings(name) for name in tried]
    possible = index.bigrams.possible([s for forms in spelled for s in forms]).tolist()
    at = 0
    for name, forms in zip(tried, spelled, strict=True):
        if any(possible[at : at + len(forms)]) and _named_anywhere(index, name):
            return name
        at += len(forms)
    return None


def _named_anywhere(index: Index, name: str) -> bool:
    """Whether any article names `name`. Only the articles holding every bigram of one of its
    spellings are read: none for a name the corpus never spells (all only for a spelling of one
    character, which no bigram narrows)."""
    found = [index.bigrams.holding(s) for s in spellings(name)]
    texts = index.article_text  # read through a block of articles at a time
    return any(
        names(text, name)
        for held in found
        for text in (texts if held is None else (texts[a] for a in held.tolist()))
    )


def _marks(tokenizer: Tokenizer, words: list[str], terms: set[str]) -> list[tuple[int, int, str]]:
    """Where the sentence (its words) says the question's terms: (start, end, term). A word that
    holds no term (nor a synonym standing for one) is not expanded into spans."""
    out, start = [], 0
    # What a word holds one of when one of its tokens is a term: the term, or a variant of the
    # synonym group it stands for (驾照 for 驾驶证).
    held = (*terms, *(variant for variant, canonical in tokenizer.canonical.items() if canonical in terms))
    for word in words:
        if any(h in word for h in held):
            out += [
                (start + s.start, start + s.end, s.token) for s in tokenizer.spans([word]) if s.token in terms
            ]
        start += len(word)
    return out


def _lead(index: Index, sentence_id: int, terms: set[str]) -> str | None:
    """The sentence before, when it holds question words this one lacks (its subject)."""
    prev = int(index.previous[sentence_id])
    if prev < 0:
        return None
    asked = {i for t in terms if (i := index.term(t)) >= 0}
    lacked = (index.token_set(prev) & asked) - index.token_set(sentence_id)
    # A word the article's title or source says is no subject the sentence before supplies.
    art = int(index.sentence_article[sentence_id])
    return index.texts[prev] if any(art not in index.title_postings[i] for i in lacked) else None


# How many sentences back a time pointing back (同年) may find the date it means.
_BACK_REACH = 3


def _dated_back(index: Index, sentence_id: int, unit: str | None) -> tuple[list[Extent], int]:
    """Where the sentence gives its time by pointing back (同年, 次日) as far as `unit` asks, and
    the sentence before it in its paragraph or section that gives the date (in `unit` when
    asked), within `_BACK_REACH` sentences; -1 when there is none."""
    back = times_back(index.matched_text(sentence_id), unit)
    at = sentence_id
    for _ in range(_BACK_REACH if back else 0):
        at = index.lead(at)
        if at < 0:
            break
        if dates(index.matched_text(at), unit):
            return back, at
    return back, -1


def _distinct(candidates: list[Candidate], count: int, index: Index) -> list[Candidate]:
    """The best `count` candidates, a text repeated in another article given once."""
    seen: set[str] = set()
    out = []
    for c in candidates:
        text = index.texts[c.sentence_id]
        if text not in seen:
            seen.add(text)
            out.append(c)
        if len(out) == count:
            break
    return out


def _merge(spans: list[Extent]) -> tuple[Extent, ...]:
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return tuple((a, b) for a, b in merged)


# How much further off a figure before a matched word is than one after it: Chinese says a figure
# after what it measures (由昨天的20℃降到今天的8℃, 舱房数789间), a date before what happened then.
_FIGURE_BEFORE = 3
# How much further off a figure is across a comma (造成了2415人死亡，11305人受伤: 死亡 is 2415人's).
_OTHER_CLAUSE = 5
_CLAUSE_BREAK = re.compile(r"[，,]")


def _nearest(
    shape: tuple[Extent, ...], highlights: tuple[Extent, ...], text: str, figure: bool = False
) -> tuple[Extent, ...]:
    """The one figure (`figure`) or date closest to the words the question matched, in the clause
    (of those a ；parts) that matched most of them: 上海…每月300元 of 北京…每月180元；上海…每月300元.
    A figure is closer after a matched word than before it, and further across a comma; of two as
    close, the longer (1.25亿, not 1.25)."""
    if not shape:
        return ()
    if figure:  # a matched word inside a figure is its unit (人 of 多少人), not what it measures
        highlights = tuple(h for h in highlights if not any(a <= h[0] and h[1] <= b for a, b in shape))
    if not highlights:
        return shape[:1]
    ends = [m.end() for m in re.finditer(r"[；;]", text)] + [len(text)]
    clauses = list(zip([0, *ends[:-1]], ends, strict=True))

    def matched(clause: Extent) -> int:
        return sum(max(0, min(b, clause[1]) - max(a, clause[0])) for a, b in highlights)

    start, end = max(clauses, key=matched)
    within = [span for span in shape if start <= span[0] and span[1] <= end] or list(shape)

    before = _FIGURE_BEFORE if figure else 0

    def apart(a: int, b: int) -> int:
        """How far apart offsets a ≤ b are: a comma between them puts them in other clauses."""
        return b - a + (_OTHER_CLAUSE if _CLAUSE_BREAK.search(text, a, b) else 0)

    def gap(span: Extent, word: Extent) -> int:
        if span[0] >= word[1]:  # the figure after the word
            return apart(word[1], span[0])
        if span[1] <= word[0]:  # before it
            return apart(span[1], word[0]) + before
        return 0

    def distance(span: Extent) -> tuple[int, int]:
        return min(gap(span, h) for h in highlights), span[0] - span[1]

    return (min(within, key=distance),)
