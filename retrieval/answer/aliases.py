"""The name the articles give an abbreviation in brackets: `CPI（居民消费价格指数）`, `虚拟现实（VR）`.

An article that writes a name beside its abbreviation says the two mean the same, and a
question may use the abbreviation where the answer says the name: `4月CPI涨了多少` is answered
by `全国居民消费价格同比上涨0.3%`. An abbreviation of the question that the articles define so is
matched in both forms. (Only this way round: looking up every Chinese word of every question
for an abbreviation would read articles for nearly every question.)
"""

from __future__ import annotations

import dataclasses
import re

from retrieval.answer.question import Question
from retrieval.index.sentence_index import Index
from retrieval.index.tokenizer import FUNCTION_TAGS, Tokenizer

_LETTERS = r"[a-z][a-z0-9\-]{1,11}"
_ABBREVIATION = re.compile(f"^{_LETTERS}$")  # texts are matched normalised: lower case
_NAME = r"[\u4e00-\u9fff]{2,16}"
# Any abbreviation with a name in brackets after it or before it, compiled once (a pattern per
# abbreviation would compile the range of Chinese characters for every question that has one).
_AFTER = re.compile(rf"(?<![a-z0-9\-])({_LETTERS})\(({_NAME})\)")
_BEFORE = re.compile(rf"({_NAME})\(({_LETTERS})\)")
# Articles holding an abbreviation that are searched for its name.
_SEARCHED = 8


def _trailing_name(run: str, tokenizer: Tokenizer) -> str:
    """The name that ends a run of Chinese before an abbreviation in brackets: its words after
    the last function word or stopword (与增强现实 → 增强现实, 经认证的经营者 → 经营者)."""
    kept: list[str] = []
    for word in reversed(tokenizer.cut(run)):
        if tokenizer.tag(word) in FUNCTION_TAGS or not tokenizer.word_tokens(word):
            break
        kept.insert(0, word)
    return "".join(kept)


def defined_name(abbreviation: str, texts: list[str], tokenizer: Tokenizer) -> str | None:
    """The Chinese name normalised `texts` give `abbreviation` in brackets, after it
    (`cpi(居民消费价格指数)`) or before it (`与增强现实(ar)`); None when they give none."""
    for text in texts:
        if after := next((m[2] for m in _AFTER.finditer(text) if m[1] == abbreviation), None):
            return after
        before = next((m[1] for m in _BEFORE.finditer(text) if m[2] == abbreviation), None)
        if before and len(name := _trailing_name(before, tokenizer)) >= 2:
            return name
    return None


def with_defined_names(question: Question, index: Index, tokenizer: Tokenizer) -> Question:
    """The question with each abbreviation the articles define matched as its name too: its
    tokens become the name's words, then the abbreviation, so that a sentence counts the
    abbreviation or, failing it, as much of the name as it says (ranking and coverage read a
    word's last token as the whole and the others as its parts)."""
    words = []
    for word in question.words:
        term = index.term(word.tokens[-1]) if not word.everyday and _ABBREVIATION.match(word.text) else -1
        held = index.article_postings[term][:_SEARCHED].tolist() if term >= 0 else []
        name = defined_name(word.text, [index.article_text[a] for a in held], tokenizer) if held else None
        if name is None:
            words.append(word)
            continue
        name_tokens = tokenizer.word_tokens(name)
        parts = tuple(name_tokens[:-1] or name_tokens)
        words.append(dataclasses.replace(word, tokens=(*parts, word.tokens[-1])))
    return dataclasses.replace(question, words=tuple(words))
