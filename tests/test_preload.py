"""What is loaded when: the front ends that answer question after question load at start what a
question would load on first use (pypinyin's readings, half a second, for a name respelled;
jieba's part-of-speech tagger, a second, for a follow-up or a name no dictionary knows); `qabot ask` answers one question and
loads only what that question needs. Each in a fresh interpreter, whose modules are its own."""

import subprocess
import sys

LAZY = ("pypinyin.pinyin_dict", "jieba.posseg")


def printed(script: str) -> list[str]:
    """The lines a fresh interpreter prints running `script`."""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return run.stdout.splitlines()


def loaded_after(code: str) -> dict[str, bool]:
    """Which of the lazily imported modules a fresh interpreter holds after running `code`
    (none of them before)."""
    check = f"import sys; print(*(m in sys.modules for m in {LAZY!r}))"
    lines = printed(f"{check}\n{code}\n{check}")
    before, after = lines[0], lines[-1]
    assert before.split() == ["False"] * len(LAZY)
    return dict(zip(LAZY, (word == "True" for word in after.split()), strict=True))


def test_the_repl_loads_at_start_what_a_first_question_would(qa):
    code = (
        "import io\nfrom bot.repl import run\nfrom retrieval.answer.qa import QA\n"
        "from retrieval.config import load_settings\n"
        "sys.stdin = io.StringIO('')\nrun(QA.from_settings(load_settings()))"
    )
    assert loaded_after(code) == {"pypinyin.pinyin_dict": True, "jieba.posseg": True}


def test_what_is_preloaded_is_left_out_of_the_collector_s_full_passes(qa):
    """The index and the tables loaded are never garbage: a full collection walking them held
    up a question now and then (0.1–0.2 s at 10k sentences)."""
    code = (
        "import gc\nfrom retrieval.answer.qa import QA\nfrom retrieval.config import load_settings\n"
        "qa = QA.from_settings(load_settings())\nprint(gc.get_freeze_count())\n"
        "qa.preload()\nprint(gc.get_freeze_count(), len(gc.get_objects()))"
    )
    before, after = printed(code)
    frozen, walked = map(int, after.split())
    assert before == "0" and frozen > 10 * walked


def test_a_one_shot_question_loads_only_what_it_needs(qa):
    code = "from bot.cli import main\nmain(['ask', '阳泉有多少禁毒社工'])"
    assert loaded_after(code) == {"pypinyin.pinyin_dict": False, "jieba.posseg": False}
    code = "from bot.cli import main\nmain(['ask', '赵小红缴获了多少海洛因'])"  # a name no dictionary knows
    assert loaded_after(code)["jieba.posseg"]


def test_a_preloaded_tokenizer_tags_as_one_searching_its_list(qa):
    """`preload` makes the tags a table; a word's tag is the one the sorted list gives."""
    from retrieval.index.tokenizer import Tokenizer

    t = qa.settings.tokenizer
    searching, preloaded = (
        Tokenizer(t.userdict, t.stopwords, t.synonyms, t.traditional_to_simplified) for _ in range(2)
    )
    preloaded.preload()
    words = [w for text in qa.index.texts[:300] for w in searching.cut(text)] + ["", "阳泉市长", "禁毒社工"]
    tags = [searching.tag(w) for w in words]
    assert [preloaded.tag(w) for w in words] == tags
    assert {"ns", "nr", "v", None} <= set(tags)


def test_a_reload_leaves_the_new_index_out_of_the_collector_s_full_passes_too(qa):
    code = (
        "import gc\nfrom retrieval.answer.qa import QA\nfrom retrieval.config import load_settings\n"
        "qa = QA.from_settings(load_settings())\nqa.preload()\n"
        "old = gc.get_freeze_count()\nqa.reload()\ngc.unfreeze()\n"
        "print(old, len(gc.get_objects()))"
    )
    (line,) = printed(code + "\n")
    # after the reload everything was frozen again: unfreezing hands it all back at once
    old, walked = map(int, line.split())
    assert walked >= old > 0
