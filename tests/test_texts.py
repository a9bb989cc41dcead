"""A column of text gives back every string it was given, from memory or from disk."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from retrieval.index import file_array
from retrieval.index.texts import Texts


@given(st.lists(st.text(alphabet=st.characters(codec=None, blacklist_categories=())), max_size=30))
def test_strings_come_back_whole(strings):
    column = Texts.of(strings)
    assert list(column) == [column[i] for i in range(len(column))] == strings
    with tempfile.TemporaryDirectory() as folder:
        column.save(Path(folder), "t")
        loaded = Texts.load(Path(folder), "t")
        loaded.check()
        assert list(loaded) == strings
        assert loaded[1:] == strings[1:] and loaded[::2] == strings[::2]


def test_many_strings_across_blocks_with_characters_outside_the_plane():
    strings = [f"第{i}句" + ("𠀀" if i % 5000 == 0 else "") for i in range(10_000)]
    column = Texts.of(strings)
    assert list(column) == strings and column[-1] == strings[-1] and column[2:4] == strings[2:4]


def test_strings_read_from_a_big_file_come_back_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(file_array, "MAPPED_UP_TO", 0)  # every file read with pread
    strings = [f"第{i}句" + ("𠀀" if i % 700 == 0 else "") for i in range(2_000)]
    Texts.of(strings).save(tmp_path, "t")
    loaded = Texts.load(tmp_path, "t")
    loaded.check()
    assert list(loaded) == strings and loaded[-1] == strings[-1] and loaded[5:9] == strings[5:9]
