"""The index on disk: restarts skip tokenizing, changes are taken in file by file, damage is repaired."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest

import retrieval.index.store as store
from retrieval.answer.evaluation import load_cases
from retrieval.answer.qa import QA
from retrieval.config import load_settings

from .conftest import ROOT, SEEDS

SHARED = ROOT.parent / "shared" / "benchmarks" / "cmrc2018_dev.json"


def article(name: str, place: str, count: int) -> str:
    return f"{place}禁毒工作情况\n\n来源:{place}日报\n\n今年以来,{place}共配备禁毒社工{count}名,开展宣传活动{count * 2}场。"


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, place, count in (("a", "甲市", 11), ("b", "乙县", 22), ("c", "丙州", 33)):
        (folder / f"{name}.txt").write_text(article(name, place, count), encoding="utf-8")
    return folder


@pytest.fixture
def settings_for(tmp_path):
    config = tmp_path / "config.yaml"

    def make(corpus: Path, **index):
        lines = [f"index:\n  cache_dir: {tmp_path / 'cache'}"] + [f"  {k}: {v}" for k, v in index.items()]
        config.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return load_settings(config, corpus)

    return make


@pytest.fixture
def reads(monkeypatch) -> list[list[str]]:
    """The names of the files each index load tokenized."""
    calls: list[list[str]] = []
    original = store.read_files

    def spy(paths, *args, **kwargs):
        calls.append(sorted(p.name for p in paths))
        return original(paths, *args, **kwargs)

    monkeypatch.setattr(store, "read_files", spy)
    return calls


def test_restart_with_unchanged_corpus_tokenizes_nothing(corpus, settings_for, reads):
    settings = settings_for(corpus)
    first = QA.from_settings(settings)
    second = QA.from_settings(settings)
    assert reads[0] == ["a.txt", "b.txt", "c.txt"]
    assert all(call == [] for call in reads[1:])
    assert first.ask("乙县有多少禁毒社工").to_json() == second.ask("乙县有多少禁毒社工").to_json()
    assert (settings.index.cache_dir / "corpora").is_dir()
    assert not any(p.name.endswith(".pkl") for p in corpus.iterdir())  # nothing written into the corpus


def test_changed_added_and_removed_files_are_taken_in_alone(corpus, settings_for, reads):
    settings = settings_for(corpus)
    QA.from_settings(settings)
    (corpus / "b.txt").write_text(article("b", "乙县", 44), encoding="utf-8")
    (corpus / "d.txt").write_text(article("d", "丁镇", 55), encoding="utf-8")
    (corpus / "c.txt").unlink()
    qa = QA.from_settings(settings)
    assert reads[-1] == ["b.txt", "d.txt"]
    assert "44名" in qa.ask("乙县有多少禁毒社工").answers[0].text
    assert "55名" in qa.ask("丁镇有多少禁毒社工").answers[0].text
    assert qa.ask("丙州有多少禁毒社工").no_answer
    assert sorted(c.doc for c in qa.sources()) == ["a", "b", "d"]


def test_a_file_touched_but_unchanged_is_not_tokenized_again(corpus, settings_for, reads):
    settings = settings_for(corpus)
    QA.from_settings(settings)
    (corpus / "a.txt").write_text(article("a", "甲市", 11), encoding="utf-8")  # same bytes, new mtime
    QA.from_settings(settings)
    assert reads[-1] == ["a.txt"]  # read and hashed…
    assert len(list((settings.index.cache_dir / "parts").rglob("*.pkl"))) == 3  # …but its part was reused


def test_settings_that_change_tokens_rebuild_everything(corpus, settings_for, reads):
    QA.from_settings(settings_for(corpus))
    QA.from_settings(settings_for(corpus, engine="bm25s"))  # engine only: no tokenizing
    assert reads[-1] == []
    config = settings_for(corpus).index.cache_dir.parent / "config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "text:\n  min_sentence_chars: 4\n", encoding="utf-8"
    )
    QA.from_settings(load_settings(config, corpus))
    assert reads[-1] == ["a.txt", "b.txt", "c.txt"]


@pytest.mark.parametrize("damage", ["index.pkl", "manifest.json", "sentences/rank_bm25.pkl"])
def test_damaged_cache_is_rebuilt_with_a_warning(corpus, settings_for, caplog, damage):
    settings = settings_for(corpus)
    QA.from_settings(settings)
    (folder,) = (settings.index.cache_dir / "corpora").iterdir()
    (folder / damage).write_bytes(b"\x80garbage")
    with caplog.at_level(logging.WARNING):
        qa = QA.from_settings(settings)
    assert "22名" in qa.ask("乙县有多少禁毒社工").answers[0].text
    assert any("rebuilding" in r.getMessage() for r in caplog.records)


def test_skipped_files_are_named_on_every_start(corpus, settings_for, caplog):
    (corpus / "junk.txt").write_bytes(bytes(range(256)) * 4)
    settings = settings_for(corpus)
    for _ in range(2):
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            QA.from_settings(settings)
        assert [r.getMessage() for r in caplog.records if "junk.txt" in r.getMessage()]


def test_parallel_build_gives_the_same_index(tmp_path, settings_for):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(80):  # enough files for the worker processes to start
        (folder / f"f{i:03d}.txt").write_text(article(str(i), f"第{i}号县", i + 1), encoding="utf-8")
    parallel = QA.from_settings(settings_for(folder, workers=2), rebuild=True).index
    serial = QA.from_settings(settings_for(folder, workers=1), rebuild=True).index
    assert parallel.texts == serial.texts and parallel.vocab == serial.vocab
    assert len(parallel.articles) == 80


def answers(qa: QA, questions: list[str]) -> tuple[list, list]:
    """The rankings (exactly) and their scores (to compare within float32 rounding)."""
    rankings, scores = [], []
    for q in questions:
        result = qa.ask(q, count=5)
        rankings.append((result.no_answer, [(a.citation.doc, a.text) for a in result.answers]))
        scores += [a.score for a in result.answers]
    return rankings, scores


def assert_same(small: QA, fast: QA, questions: list[str]) -> None:
    (ranked_small, scores_small), (ranked_fast, scores_fast) = (
        answers(small, questions),
        answers(fast, questions),
    )
    assert ranked_small == ranked_fast
    assert scores_small == pytest.approx(scores_fast, rel=1e-5)


def test_both_engines_answer_the_seed_set_identically(settings_for):
    questions = [c.question for c in load_cases(ROOT / "tests" / "qa" / "seeds.yaml")]
    small = QA.from_settings(settings_for(SEEDS, engine="rank-bm25"))
    fast = QA.from_settings(settings_for(SEEDS, engine="bm25s"))
    assert (small.index.engine, fast.index.engine) == ("rank-bm25", "bm25s")
    assert_same(small, fast, questions)


@pytest.mark.skipif(not SHARED.exists(), reason="the public benchmark sets are not beside the repo")
def test_both_engines_rank_a_benchmark_corpus_identically(tmp_path, settings_for):
    folder = tmp_path / "cmrc"
    folder.mkdir()
    questions = []
    for i, paragraph in enumerate(
        p for a in json.loads(SHARED.read_text(encoding="utf-8"))["data"] for p in a["paragraphs"]
    ):
        if i == 120:
            break
        (folder / f"p{i:03d}.txt").write_text(f"段落{i}\n\n{paragraph['context']}", encoding="utf-8")
        questions += [qa["question"] for qa in paragraph["qas"]]
    small = QA.from_settings(settings_for(folder, engine="rank-bm25"))
    fast = QA.from_settings(settings_for(folder, engine="bm25s"))
    assert_same(small, fast, questions[:150])


def test_reload_from_the_repl_takes_in_a_new_file(corpus, settings_for):
    from bot.render import Styler
    from bot.repl import Session

    session = Session(QA.from_settings(settings_for(corpus)), Styler(color=False))
    assert "资料中没有" in session.handle("戊乡有多少禁毒社工")
    shutil.copy(corpus / "a.txt", corpus / "tmp.txt")
    (corpus / "e.txt").write_text(article("e", "戊乡", 66), encoding="utf-8")
    assert session.handle("/reload") == "已重新加载：4 篇文章，4 个句子。"  # tmp.txt is a copy of a.txt
    assert "66名" in session.handle("戊乡有多少禁毒社工")
