"""Bigram postings: the articles that may hold a string are found without reading any, and
every article that holds it is among them."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from retrieval.index import bigrams as bigrams_module
from retrieval.index.bigrams import Bigrams
from retrieval.index.texts import Texts

ARTICLES = ["乌兰察布市集宁区人口", "", "呼和浩特", "集宁", "北京𠀀市", "b"]


def holding(texts: list[str], s: str) -> list[int] | None:
    found = Bigrams.of(Texts.of(texts)).holding(s)
    return None if found is None else found.tolist()


@pytest.mark.parametrize(
    "s, articles",
    [
        ("集宁", [0, 3]),  # inside a longer word, and alone
        ("乌兰察布", [0]),  # a name without its suffix
        ("察布市集", [0]),
        ("呼和浩特市", []),  # its suffix is in no article
        ("张三丰", []),  # no article has its bigrams
        ("宁集", []),  # both characters are there, never in that order
        ("特北", []),  # the end of one article and the start of the next are no bigram
        ("𠀀市", [4]),  # a character outside the plane is two units
    ],
)
def test_the_articles_that_may_hold_a_string(s, articles):
    assert holding(ARTICLES, s) == articles


@pytest.mark.parametrize("s", ["集", "b", "", "x"])
def test_one_character_is_narrowed_by_no_bigram(s):
    assert holding(ARTICLES, s) is None


@given(st.lists(st.text(alphabet="甲乙丙丁ab\n", max_size=5), max_size=6))
def test_a_string_is_possible_unless_a_bigram_of_it_is_in_no_article(strings):
    texts = ["甲乙丙", "乙丁a", "b"]
    expected = [all(any(s[i : i + 2] in t for t in texts) for i in range(len(s) - 1)) for s in strings]
    assert Bigrams.of(Texts.of(texts)).possible(strings).tolist() == expected


def test_strings_laid_end_to_end_make_no_bigram_of_their_own():
    bigrams = Bigrams.of(Texts.of(ARTICLES))
    strings = ["", "浩特", "北京", "", "𠀀市", "市𠀀", "集"]  # 特北 is in no article, 市𠀀 neither
    assert [s for s, ok in zip(strings, bigrams.possible(strings), strict=True) if not ok] == ["市𠀀"]
    assert Bigrams.of(Texts.of(["", "a"])).possible(["ab", "a"]).tolist() == [False, True]


def test_a_corpus_without_bigrams():
    assert holding(["", "a"], "ab") == [] and holding([], "ab") == []


@given(
    st.lists(st.text(alphabet="甲乙丙丁ab\n", max_size=12), max_size=8),
    st.text(alphabet="甲乙丙丁ab\n", min_size=2, max_size=4),
)
def test_every_article_holding_a_string_is_found_and_only_those_with_its_bigrams(texts, s):
    bigrams = Bigrams.of(Texts.of(texts))
    with tempfile.TemporaryDirectory() as folder:
        bigrams.save(Path(folder))
        loaded = Bigrams.load(Path(folder))
        loaded.check(len(texts))
        found = loaded.holding(s)
    assert found is not None and found.tolist() == sorted(set(found.tolist()))
    pairs = {s[i : i + 2] for i in range(len(s) - 1)}
    assert found.tolist() == [i for i, t in enumerate(texts) if all(p in t for p in pairs)]


def test_a_corpus_made_a_block_of_articles_at_a_time_gives_the_same_postings(monkeypatch):
    texts = Texts.of([f"第{i}篇文章说甲乙丙{i * 7}" for i in range(50)] + ARTICLES)
    whole = Bigrams.of(texts)
    monkeypatch.setattr(bigrams_module, "_BLOCK", 16)
    cut = Bigrams.of(texts)
    for a, b in ((whole.keys, cut.keys), (whole.articles.indptr, cut.articles.indptr)):
        assert np.array_equal(a, b)
    assert np.array_equal(whole.articles.ids, cut.articles.ids) and len(cut.keys) > 100


def test_bigrams_out_of_order_or_articles_out_of_range_are_damage():
    bigrams = Bigrams.of(Texts.of(ARTICLES))
    bigrams.check(len(ARTICLES))
    with pytest.raises(ValueError, match="out of range"):
        bigrams.check(2)
    with pytest.raises(ValueError, match="out of order"):
        Bigrams(bigrams.keys[::-1].copy(), bigrams.articles).check(len(ARTICLES))
    with pytest.raises(ValueError, match="another type"):
        Bigrams(bigrams.keys.astype(np.int64), bigrams.articles).check(len(ARTICLES))
