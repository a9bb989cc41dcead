"""jieba's dictionary counts kept beside the index: the same counts as jieba's, read back."""

from __future__ import annotations

from pathlib import Path

import jieba
import pytest

from retrieval.index import jieba_counts


@pytest.fixture(scope="module")
def jiebas() -> tuple[dict[str, int], int]:
    loaded = jieba.Tokenizer()
    loaded.initialize()
    return loaded.FREQ, loaded.total


def _load(cache: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, int], int]:
    """As a new process would: nothing loaded yet."""
    monkeypatch.setattr(jieba_counts, "_loaded", None)
    return jieba_counts.dictionary(cache)


def test_the_counts_are_kept_and_read_back_as_jieba_has_them(tmp_path, monkeypatch, jiebas) -> None:
    assert _load(tmp_path, monkeypatch) == jiebas
    monkeypatch.setattr(jieba.Tokenizer, "initialize", lambda self: pytest.fail("jieba's file read"))
    freq, total = _load(tmp_path, monkeypatch)
    assert (freq, total) == jiebas and list(freq) == list(jiebas[0])


@pytest.mark.parametrize("damage", [lambda data: data[: len(data) // 2], lambda data: b"\xff" * 40])
def test_a_damaged_file_is_made_again_from_jiebas(tmp_path, monkeypatch, jiebas, damage) -> None:
    _load(tmp_path, monkeypatch)
    (kept,) = tmp_path.glob("jieba-*.bin")
    kept.write_bytes(damage(kept.read_bytes()))
    assert _load(tmp_path, monkeypatch) == jiebas
    monkeypatch.setattr(jieba.Tokenizer, "initialize", lambda self: pytest.fail("jieba's file read"))
    assert _load(tmp_path, monkeypatch) == jiebas  # the file made again
