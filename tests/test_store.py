"""The index on disk: restarts skip tokenizing, changes are taken in file by file, damage is
repaired, and a process answering from an index is never disturbed by another updating it."""

from __future__ import annotations

import errno
import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import retrieval.index.parts as parts
import retrieval.index.store as store
from retrieval.answer.evaluation import load_cases
from retrieval.answer.qa import QA
from retrieval.config import Settings, load_settings
from retrieval.index.store import Store

from .conftest import ROOT, SEEDS

SHARED = ROOT.parent / "shared" / "benchmarks" / "cmrc2018_dev.json"
QUESTION = "乙县有多少禁毒社工"


def article(place: str, count: int) -> str:
    return f"{place}禁毒工作情况\n\n来源:{place}日报\n\n今年以来,{place}共配备禁毒社工{count}名,开展宣传活动{count * 2}场。"


def write_corpus(folder: Path, places: dict[str, tuple[str, int]]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, (place, count) in places.items():
        (folder / f"{name}.txt").write_text(article(place, count), encoding="utf-8")
    return folder


@pytest.fixture
def corpus(tmp_path) -> Path:
    return write_corpus(tmp_path / "corpus", {"a": ("甲市", 11), "b": ("乙县", 22), "c": ("丙州", 33)})


@pytest.fixture
def settings_for(tmp_path):
    def make(corpus: Path, **index) -> Settings:
        config = tmp_path / "config.yaml"
        lines = [f"index:\n  cache_dir: {tmp_path / 'cache'}"] + [f"  {k}: {v}" for k, v in index.items()]
        config.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return load_settings(config, corpus)

    return make


@pytest.fixture
def open_qa(qa):
    """The answer core over an index loaded as every command loads it, sharing the session's
    tokenizer (making one costs a second; the index, not the tokenizer, is under test)."""

    def make(settings: Settings, rebuild: bool = False) -> QA:
        return QA(settings, qa.tokenizer, Store(settings, qa.tokenizer).load(rebuild))

    return make


@pytest.fixture
def reads(monkeypatch) -> list[list[str]]:
    """The names of the files each index load read."""
    calls: list[list[str]] = []
    original = store.read_files

    def spy(paths, *args, **kwargs):
        calls.append(sorted(p.name for p in paths))
        return original(paths, *args, **kwargs)

    monkeypatch.setattr(store, "read_files", spy)
    return calls


@pytest.fixture
def tokenized(monkeypatch) -> list[str]:
    """The titles of the articles tokenized (in this process: the corpora here are too small for
    worker processes)."""
    titles: list[str] = []
    original = parts.make_part

    def spy(article, *args, **kwargs):
        titles.append(article.title)
        return original(article, *args, **kwargs)

    monkeypatch.setattr(parts, "make_part", spy)
    return titles


def generation(settings: Settings) -> Path:
    (folder,) = (settings.index.cache_dir / "corpora").iterdir()
    return folder / (folder / "CURRENT").read_text().strip()


def best(qa: QA, question: str = QUESTION) -> str:
    return qa.ask(question).answers[0].text


# -- taking in changes --------------------------------------------------------------------------


def test_restart_with_unchanged_corpus_reads_nothing(corpus, settings_for, open_qa, reads):
    settings = settings_for(corpus)
    first, second = open_qa(settings), open_qa(settings)
    assert reads == [["a.txt", "b.txt", "c.txt"]]  # the second start read no file at all
    assert first.ask(QUESTION).to_json() == second.ask(QUESTION).to_json()
    assert not any(p.name.endswith(".pkl") for p in corpus.iterdir())  # nothing written into the corpus


def test_changed_added_and_removed_files_are_taken_in_alone(corpus, settings_for, open_qa, tokenized):
    settings = settings_for(corpus)
    open_qa(settings)
    (corpus / "b.txt").write_text(article("乙县", 44), encoding="utf-8")
    (corpus / "d.txt").write_text(article("丁镇", 55), encoding="utf-8")
    (corpus / "c.txt").unlink()
    tokenized.clear()
    qa = open_qa(settings)
    assert sorted(tokenized) == ["丁镇禁毒工作情况", "乙县禁毒工作情况"]
    assert "44名" in best(qa) and "55名" in best(qa, "丁镇有多少禁毒社工")
    assert qa.ask("丙州有多少禁毒社工").no_answer
    assert sorted(s.citation.doc for s in qa.sources()) == ["a", "b", "d"]


def test_touched_copied_or_interrupted_indexing_tokenizes_nothing_again(
    corpus, settings_for, open_qa, tokenized, monkeypatch
):
    """Parts are found by the content hash, whatever became of the manifest."""
    original = store.IndexBuilder.add

    def interrupted(self, part):
        if len(self.articles) == 2:
            raise KeyboardInterrupt
        original(self, part)

    monkeypatch.setattr(store.IndexBuilder, "add", interrupted)
    with pytest.raises(KeyboardInterrupt):
        open_qa(settings_for(corpus))
    monkeypatch.setattr(store.IndexBuilder, "add", original)
    assert len(tokenized) == 3
    open_qa(settings_for(corpus))  # after the interruption
    for path in corpus.iterdir():  # touched: same bytes, new modification time
        path.write_bytes(path.read_bytes())
    open_qa(settings_for(corpus))
    copy = shutil.copytree(corpus, corpus.with_name("copy"))
    assert "22名" in best(open_qa(settings_for(copy)))
    assert len(tokenized) == 3


def test_settings_that_change_tokens_rebuild_everything(corpus, settings_for, open_qa, reads, tokenized):
    open_qa(settings_for(corpus))
    open_qa(settings_for(corpus, engine="bm25s"))  # engine only: no file read
    assert reads[-1] == []
    config = settings_for(corpus).index.cache_dir.parent / "config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "text:\n  min_sentence_chars: 4\n", encoding="utf-8"
    )
    tokenized.clear()
    open_qa(load_settings(config, corpus))
    assert len(tokenized) == 3


def test_a_change_to_the_code_that_makes_parts_rebuilds_them(
    corpus, settings_for, open_qa, tokenized, monkeypatch, tmp_path
):
    source = tmp_path / "tokenizer.py"
    source.write_text("# version 1\n")
    monkeypatch.setattr(store, "_PART_SOURCES", [*store._PART_SOURCES, source])
    open_qa(settings_for(corpus))
    source.write_text("# version 2\n")
    tokenized.clear()
    assert "22名" in best(open_qa(settings_for(corpus)))
    assert len(tokenized) == 3


def test_citations_name_the_file_the_answer_is_in(tmp_path, settings_for, open_qa):
    """Parts are kept by content: the same text read first under other names in another folder."""
    first = write_corpus(tmp_path / "A", {"old_name": ("乙县", 22), "x": ("甲市", 11)})
    second = tmp_path / "B"
    second.mkdir()
    shutil.copy(first / "old_name.txt", second / "new_name.txt")
    shutil.copy(first / "old_name.txt", second / "new_name副本.txt")
    open_qa(settings_for(first))
    open_qa(settings_for(second))
    (first / "y.txt").write_text(article("丙州", 33), encoding="utf-8")
    qa = open_qa(settings_for(first))
    assert qa.ask(QUESTION).answers[0].citation.doc == "old_name"
    assert sorted(s.citation.doc for s in qa.sources()) == ["old_name", "x", "y"]
    assert {a.path for a in qa.index.articles} == {str(first / f"{n}.txt") for n in ("old_name", "x", "y")}


def test_an_untitled_article_keeps_its_own_name_as_title(tmp_path, settings_for, open_qa):
    text = "！今年以来,乙县共配备禁毒社工22名,开展宣传活动44场,服务群众三千人次,覆盖全县所有乡镇和社区。"
    first, second = tmp_path / "A", tmp_path / "B"
    for folder, name in ((first, "一号"), (second, "二号")):
        folder.mkdir()
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    open_qa(settings_for(first))
    (source,) = open_qa(settings_for(second)).sources()
    assert (source.citation.doc, source.citation.title) == ("二号", "二号")


# -- damage and unusable caches ---------------------------------------------------------------


def damage_npy(path: Path) -> None:
    """Garbage in the data of a .npy file, its header intact: it still loads."""
    array = np.load(path)
    data = path.read_bytes()
    garbage = np.full(array.shape, 2**30, dtype=array.dtype).tobytes()
    path.write_bytes(data[: len(data) - len(garbage)] + garbage)


DAMAGE = {
    "index.json": lambda g: (g / "index.json").write_bytes(b"\x80garbage"),
    "a missing column": lambda g: (g / "paragraph.npy").unlink(),
    "token_ids.npy": lambda g: damage_npy(g / "token_ids.npy"),
    "texts.ends.npy": lambda g: damage_npy(g / "texts.ends.npy"),
    "article_fields.ends.npy": lambda g: damage_npy(g / "article_fields.ends.npy"),
    "bigrams.npy": lambda g: damage_npy(g / "bigrams.npy"),
    "bigram_postings.ids.npy": lambda g: damage_npy(g / "bigram_postings.ids.npy"),
    "bigram_postings.indptr.npy": lambda g: damage_npy(g / "bigram_postings.indptr.npy"),
    "a vocabulary that names a term twice": lambda g: np.save(g / "vocab.utf16.npy", _twice(g)),
    "a previous sentence that is not the one before": lambda g: np.save(
        g / "previous.npy", _its_own_before(g)
    ),
    "manifest.json": lambda g: (g / "manifest.json").write_bytes(b"\x80garbage"),
    "manifest of another shape": lambda g: (g / "manifest.json").write_text('{"files": [1, 2]}'),
    "manifest entries of another shape": lambda g: (g / "manifest.json").write_text(
        json.dumps({**json.loads((g / "manifest.json").read_text()), "files": {"a.txt": ["x", 1]}})
    ),
    "rank_bm25.pkl": lambda g: (g / "sentences" / "rank_bm25.pkl").write_bytes(b"\x80garbage"),
    "bm25s.indices.npy": lambda g: damage_npy(g / "articles" / "bm25s.indices.npy"),
    "bm25s.indptr.npy": lambda g: damage_npy(g / "sentences" / "bm25s.indptr.npy"),
}


def _its_own_before(generation: Path) -> np.ndarray:
    """The last sentence made the one before itself: in range, but not the one before it, which
    ranking relies on."""
    previous = np.load(generation / "previous.npy")
    previous[-1] = len(previous) - 1
    return previous


def _twice(generation: Path) -> np.ndarray:
    """The vocabulary's bytes with its first term spelt as its second (same length)."""
    data = np.load(generation / "vocab.utf16.npy")
    ends = np.load(generation / "vocab.ends.npy")
    first, second = bytes(data[: ends[1]]), bytes(data[ends[1] : ends[2]])
    assert len(first) == len(second), "the test corpus's first two terms are of one length"
    return np.frombuffer(second + second + bytes(data[ends[2] :]), dtype=np.uint8)


@pytest.mark.parametrize("damage", DAMAGE)
def test_damaged_cache_is_rebuilt_with_a_warning(corpus, settings_for, open_qa, caplog, damage):
    engine = "bm25s" if "bm25s" in damage else "rank-bm25"
    settings = settings_for(corpus, engine=engine)
    open_qa(settings)
    DAMAGE[damage](generation(settings))
    with caplog.at_level(logging.WARNING):
        assert "22名" in best(open_qa(settings))
    assert any("rebuilding" in r.getMessage() for r in caplog.records)
    caplog.clear()
    assert "22名" in best(open_qa(settings))  # repaired: the next start says nothing
    assert not caplog.records


def test_a_cache_location_that_is_a_file_answers_from_memory(corpus, tmp_path, open_qa, caplog):
    blocker = tmp_path / "cache"
    blocker.write_text("not a folder")
    config = tmp_path / "c.yaml"
    config.write_text(f"index:\n  cache_dir: {blocker / 'index'}\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert "22名" in best(open_qa(load_settings(config, corpus)))
    (warning,) = [r.getMessage() for r in caplog.records]
    assert "answering from memory" in warning


def test_a_full_disk_leaves_nothing_behind(corpus, settings_for, open_qa, caplog, monkeypatch):
    settings = settings_for(corpus)
    open_qa(settings)
    (corpus / "d.txt").write_text(article("丁镇", 55), encoding="utf-8")
    original = Path.write_bytes

    def full(self, data):
        original(self, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    with caplog.at_level(logging.WARNING):
        qa = open_qa(settings)
    assert "55名" in best(qa, "丁镇有多少禁毒社工")
    assert len([r for r in caplog.records if "No space left" in r.getMessage()]) == 1
    cache = settings.index.cache_dir
    assert not [p for p in cache.rglob("*") if p.name.endswith(".tmp")]
    monkeypatch.undo()
    assert "55名" in best(open_qa(settings), "丁镇有多少禁毒社工")


def test_what_a_killed_build_was_writing_is_removed(corpus, settings_for, open_qa):
    settings = settings_for(corpus)
    open_qa(settings)
    (part,) = [p for p in (settings.index.cache_dir / "parts").rglob("*.pkl")][:1]
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True)
    leftover = part.with_name(f".{part.name}.{int(dead.stdout)}.tmp")
    leftover.write_bytes(part.read_bytes()[:10])
    (corpus / "d.txt").write_text(article("丁镇", 55), encoding="utf-8")
    open_qa(settings)
    assert not leftover.exists()


def test_file_names_that_are_not_utf8(corpus, settings_for, open_qa, reads):
    name = os.fsdecode(b"\xff\xfe\xb2\xe2.txt")  # undecodable bytes, held as lone surrogates
    (corpus / name).write_text(article("丁镇", 55), encoding="utf-8")
    settings = settings_for(corpus)
    open_qa(settings)
    qa = open_qa(settings)
    assert reads[-1:] == [["a.txt", "b.txt", "c.txt", name]]  # the restart loaded the index
    assert "55名" in best(qa, "丁镇有多少禁毒社工")


def test_skipped_files_are_named_on_every_start(corpus, settings_for, open_qa, caplog):
    (corpus / "junk.txt").write_bytes(bytes(range(256)) * 4)
    settings = settings_for(corpus)
    for _ in range(2):
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            open_qa(settings)
        assert [r.getMessage() for r in caplog.records if "junk.txt" in r.getMessage()]


# -- processes side by side -------------------------------------------------------------------

CHILD = """
import sys
from pathlib import Path
from retrieval.answer.qa import QA
from retrieval.config import load_settings
qa = QA.from_settings(load_settings(Path(sys.argv[1]), Path(sys.argv[2])))
for line in sys.stdin:
    result = qa.ask(line.strip())
    print(result.answers[0].text if result.answers else result.message, flush=True)
"""


def test_an_update_by_another_process_does_not_disturb_a_running_one(tmp_path, settings_for, open_qa):
    """Another process answers from the bm25s index (memory-mapped) while this one updates it."""
    places = "阳泉 临汾 大同 朔州 忻州 晋中 吕梁 长治 晋城 运城 太原 临夏".split()
    folder = write_corpus(tmp_path / "corpus", {f"f{i}": (p, i + 1) for i, p in enumerate(places)})
    settings = settings_for(folder, engine="bm25s")
    open_qa(settings)
    questions = "".join(f"{p}有多少禁毒社工\n" for p in places)
    expected = [f"{i + 1}名" for i in range(len(places))]
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(tmp_path / "config.yaml"), str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdin and child.stdout
    child.stdin.write(questions)
    child.stdin.flush()
    before = [child.stdout.readline() for _ in places]
    assert all(count in line for count, line in zip(expected, before, strict=True))
    for round in range(3):  # each update publishes a generation and removes older ones
        for i, place in enumerate(places[round:]):
            (folder / f"f{i}.txt").write_text(article(place, 100 + i) * (round + 2), encoding="utf-8")
        open_qa(settings)
    after, _ = child.communicate(questions, timeout=60)
    assert child.returncode == 0
    assert after.splitlines() == [line.rstrip("\n") for line in before]


def test_parallel_build_gives_the_same_index(tmp_path, settings_for, open_qa):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(70):  # enough files for the worker processes to start
        (folder / f"f{i:03d}.txt").write_text(article(f"第{i}号县", i + 1), encoding="utf-8")
    parallel = open_qa(settings_for(folder, workers=2), rebuild=True).index
    serial = open_qa(settings_for(folder, workers=1), rebuild=True).index
    assert list(parallel.texts) == list(serial.texts) and parallel.vocab == serial.vocab
    assert len(parallel.articles) == 70


# -- the two engines --------------------------------------------------------------------------


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


def test_both_engines_answer_the_seed_set_identically(qa, settings_for, open_qa):
    questions = [c.question for c in load_cases(ROOT / "tests" / "qa" / "seeds.yaml")]
    fast = open_qa(settings_for(SEEDS, engine="bm25s"))
    assert (qa.index.engine, fast.index.engine) == ("rank-bm25", "bm25s")
    assert_same(qa, fast, questions)


@pytest.mark.skipif(not SHARED.exists(), reason="the public benchmark sets are not beside the repo")
def test_both_engines_rank_a_benchmark_corpus_identically(tmp_path, settings_for, open_qa):
    folder = tmp_path / "cmrc"
    folder.mkdir()
    questions = []
    for i, paragraph in enumerate(
        p for a in json.loads(SHARED.read_text(encoding="utf-8"))["data"] for p in a["paragraphs"]
    ):
        if i == 60:
            break
        (folder / f"p{i:03d}.txt").write_text(f"段落{i}\n\n{paragraph['context']}", encoding="utf-8")
        questions += [qa["question"] for qa in paragraph["qas"]]
    small = open_qa(settings_for(folder, engine="rank-bm25"))
    fast = open_qa(settings_for(folder, engine="bm25s"))
    assert_same(small, fast, questions[:100])


def test_reload_from_the_repl_takes_in_a_new_file(corpus, settings_for, open_qa):
    from bot.render import Styler
    from bot.repl import Session

    session = Session(open_qa(settings_for(corpus)), Styler(color=False))
    assert "资料中没有" in session.handle("戊乡有多少禁毒社工")
    shutil.copy(corpus / "a.txt", corpus / "tmp.txt")
    (corpus / "e.txt").write_text(article("戊乡", 66), encoding="utf-8")
    assert session.handle("/reload") == "已重新加载：4 篇文章，4 个句子。"  # tmp.txt is a copy of a.txt
    assert "66名" in session.handle("戊乡有多少禁毒社工")


def test_reload_after_the_corpus_folder_moved_keeps_the_old_index(corpus, settings_for, open_qa):
    from bot.render import Styler
    from bot.repl import Session

    session = Session(open_qa(settings_for(corpus)), Styler(color=False))
    corpus.rename(corpus.with_name("moved"))
    reply = session.handle("/reload")
    assert "corpus folder not found" in reply and "原来的索引" in reply
    assert "22名" in session.handle(QUESTION)


# -- what a question reads of each sentence, made when it is indexed --------------------------------


def test_sentences_are_kept_as_matched_and_in_their_words(tmp_path, settings_for, open_qa, qa):
    """A question reads each sentence's normalised text and jieba's words from the index (no
    tokenizing at query time): they are what tokenizing the shown text gives, after a restart too."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "tw.txt").write_text(
        "臺灣鐵路管理局\n\n臺鐵今年購買了３０輛新型列車，總價１２億元。\n", encoding="utf-8"
    )
    (folder / "cn.txt").write_text("沈阳有轨电车\n\n沈阳有轨电车一年亏损两亿元吗？\n", encoding="utf-8")
    settings = settings_for(folder)
    open_qa(settings)
    index = open_qa(settings).index  # loaded from disk
    for sid in range(index.size):
        shown, matched = index.texts[sid], index.matched_text(sid)
        assert matched == qa.tokenizer.normalize(shown) and len(matched) == len(shown)
        assert index.words(sid) == qa.tokenizer.cut(shown)
        assert index.opening_word(sid) == qa.tokenizer.cut(shown)[0]
        assert index.question[sid] == shown.endswith("？")
    assert any(index.matched_text(i).startswith("台铁今年购买了30辆") for i in range(index.size))
