"""Anything people type, and any file in the corpus folder: a clear reply or warning, never a crash.

Property-based (hypothesis) over the answer core, the terminal and Telegram renderings (checked
as strictly as Telegram checks them), the REPL's handling of a line and the `ask` command.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.cli import main
from bot.render import Styler, result_text
from bot.repl import Session
from bot.telegram_render import context_html, more_html, result_html
from retrieval.answer.qa import QA
from retrieval.config import load_settings

from .botapi import BadRequest, visible_text

ODD = [
    "",
    " ",
    "\t\n",
    "😀😀😀",
    "👨‍👩‍👧‍👦",
    "\x00\x01\x1b[2J\x1b]0;title\x07",
    "\u200b\u200c\u200d\ufeff",
    "\u202e阳泉有多少禁毒社工",
    "مرحبا بالعالم",
    "<script>alert('x')</script>",
    "<b>阳泉</b>&amp;&lt;",
    "**粗体** _斜体_ [链接](http://x)",
    "陽泉有多少禁毒社工",
    "How many social workers?",
    "1234567890",
    "？？？！！！。。。",
    "阳泉有多少禁毒社工" * 2000,
    "a" * 100_000,
    "\ud7ff\ue000\uffff",
    "那辽宁呢?",
]

# Text of every kind: CJK, Latin, emoji, controls, markup characters, surrogate-free Unicode.
questions = st.one_of(
    st.sampled_from(ODD),
    st.text(max_size=300),
    st.text(
        alphabet=st.sampled_from(list("阳泉辽宁有多少禁毒社工名？?<>&\"'/\\*_`[]()😀\u200b\u202e\x1b\n ")),
        max_size=60,
    ),
)


def telegram_accepts(html: str) -> None:
    """As Telegram would: valid HTML, at most 4096 characters, not empty."""
    try:
        visible_text(html, "HTML")
    except BadRequest as e:
        pytest.fail(f"Telegram would refuse this reply: {e}\n{html[:300]}")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(questions)
def test_any_question_gets_a_reply_everywhere(qa, text):
    result = qa.ask(text)
    assert result.no_answer or result.answers
    assert not result.no_answer or result.message
    assert len(result.question) <= qa.settings.answers.max_question_chars
    json.dumps(result.to_json(), ensure_ascii=False)
    assert result_text(result, Styler(color=True)).strip()
    telegram_accepts(result_html(result))
    if result.answers:
        telegram_accepts(context_html(result.answers[0]))
        telegram_accepts(more_html(list(result.answers), 1))
    assert "\x1b" not in result.question  # terminal escapes are not echoed back


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(questions, max_size=6))
def test_the_repl_keeps_going(qa, lines):
    session = Session(qa, Styler(color=False))
    for line in lines:
        reply = session.handle(line)
        assert reply is None or isinstance(reply, str)


@pytest.mark.parametrize("text", ODD)
def test_ask_command_in_process(text, capsys):
    assert main(["ask", "--json", text]) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data["no_answer"], bool)


def test_lone_surrogates_are_dropped_not_a_crash(qa):
    """Undecodable bytes reach the core as lone surrogates (from a chat or a pipe): jieba cannot
    encode them, so they never reach it."""
    result = qa.ask("阳泉\udc80有多少禁毒社工\ud800")
    assert "201名" in result.answers[0].text
    assert "\udc80" not in result.question
    telegram_accepts(result_html(result))


def test_markup_is_escaped_not_interpreted(qa):
    result = qa.ask("<script>alert(1)</script>阳泉有多少禁毒社工")
    html = result_html(result)
    assert "<script>" not in html
    telegram_accepts(html)


def test_a_script_pasted_into_a_question_is_not_read_as_words(qa):
    """A page never shows its scripts: `alert(1)` is not a question about the digit 1."""
    result = qa.ask("<script>alert(1)</script>为什么？？")
    assert result.no_answer and result.answers == ()
    assert result.question == "为什么？？"
    assert (
        qa.ask("<SCRIPT type='x'>x=1</SCRIPT >阳泉<style>p{}</style>有多少禁毒社工").question
        == "阳泉有多少禁毒社工"
    )


def test_a_question_pasted_with_its_markup_is_answered(qa):
    for pasted in ("[阳泉](http://example.cn/a?b=1)有多少禁毒社工", "<b>阳泉</b>有多少**禁毒社工**"):
        result = qa.ask(pasted)
        assert "201名" in result.answers[0].text, pasted
        assert result.question == "阳泉有多少禁毒社工"


# -- the corpus --------------------------------------------------------------------------------


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text(
        "某县概况\n\n某县今年配备禁毒社工12名,服务群众三千人。", encoding="utf-8"
    )
    return folder


def load(folder: Path, tmp_path: Path) -> QA:
    config = tmp_path / "c.yaml"
    config.write_text(f"index:\n  cache_dir: {tmp_path / 'cache'}\n", encoding="utf-8")
    return QA.from_settings(load_settings(config, folder))


def test_a_huge_file_is_skipped_by_name(corpus, tmp_path, caplog):
    with open(corpus / "huge.txt", "wb") as f:  # 50 MB, sparse: costs no disk
        f.truncate(50 * 1024 * 1024)
    for start in ("first", "restart"):
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="retrieval"):
            qa = load(corpus, tmp_path)
        assert [a.doc for a in qa.index.articles] == ["good"]
        messages = [r.getMessage() for r in caplog.records]
        assert any("huge.txt" in m and "max_file_mb" in m for m in messages), start
    assert any(m.startswith("loaded the index") for m in messages)  # the restart did not read again


def test_text_without_punctuation_is_cut_into_answerable_pieces(corpus, tmp_path):
    run_on = "全县开展禁毒宣传活动走进学校社区企业" * 200 + "共发放宣传资料8000份"
    (corpus / "flat.txt").write_text("宣传活动\n\n" + run_on, encoding="utf-8")
    qa = load(corpus, tmp_path)
    assert max(map(len, qa.index.texts)) <= qa.settings.text.max_sentence_chars
    assert "8000份" in qa.ask("发放了多少宣传资料").answers[0].text


def test_unreadable_file_is_named_and_the_rest_indexed(corpus, tmp_path, caplog, monkeypatch):
    (corpus / "locked.txt").write_text("别的县概况\n\n别的县配备禁毒社工9名。", encoding="utf-8")
    original = Path.read_bytes

    def read_bytes(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    with caplog.at_level(logging.WARNING):
        qa = load(corpus, tmp_path)
    assert [a.doc for a in qa.index.articles] == ["good"]
    assert any(
        "locked.txt" in r.getMessage() and "Permission denied" in r.getMessage() for r in caplog.records
    )


def test_special_files_are_not_read(corpus, tmp_path):
    os.mkfifo(corpus / "pipe.txt")  # reading it would block for ever
    (corpus / "folder.txt").mkdir()
    (corpus / "dangling.txt").symlink_to(tmp_path / "nowhere")
    assert [a.doc for a in load(corpus, tmp_path).index.articles] == ["good"]


def test_files_changing_during_reloads(corpus, tmp_path):
    """Files rewritten while the corpus is reloaded: every reload gives a whole, consistent index."""
    import threading

    qa = load(corpus, tmp_path)
    stop = threading.Event()

    def writer():
        n = 0
        while not stop.is_set():
            n += 1
            path = corpus / f"w{n % 5}.txt"
            tmp = path.with_suffix(".part")
            tmp.write_text(
                f"第{n}号县概况\n\n第{n}号县今年配备禁毒社工{n}名,服务群众三千人。", encoding="utf-8"
            )
            tmp.replace(path)  # as editors and sync tools write: whole files

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        for _ in range(15):
            articles, sentences = qa.reload()
            assert articles == sentences == len(qa.index.texts)
            for text in qa.index.texts:
                assert text.endswith("服务群众三千人。")
    finally:
        stop.set()
        thread.join()
