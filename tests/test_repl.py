"""The console, driven as a person would: a scripted session, and its commands one by one."""
from bot.render import Styler
from bot.repl import Session

from .conftest import run_qabot


def test_scripted_session():
    script = "阳泉有多少禁毒社工\n/context\n那辽宁呢?\n/more\n/sources\n/nope\n北京有多少禁毒社工\n/quit\n不会被问到\n"
    run = run_qabot("repl", input=script)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "201名" in out and "阳泉日报" in out
    assert "（理解为：辽宁有多少禁毒社工）" in out and "5000余名" in out
    assert "> 全市配齐禁毒专职社工201名" in out  # the context view marks the answer
    assert "4. " in out  # /more continues the numbering
    assert "2016年以来临夏州禁毒工作情况" in out  # /sources
    assert "未知命令 /nope" in out
    assert "资料中没有关于「北京」的内容" in out
    assert "不会被问到" not in out


def test_end_of_input_ends_the_session():
    run = run_qabot("repl", input="阳泉有多少禁毒社工\n")
    assert run.returncode == 0 and "201名" in run.stdout


def session(qa) -> Session:
    return Session(qa, Styler(color=False))


def test_commands_before_any_question(qa):
    s = session(qa)
    assert "先问一个问题" in s.handle("/more")
    assert "先问一个问题" in s.handle("/context")
    assert "/context" in s.handle("/help")
    assert s.handle("") == ""
    assert s.handle("/quit") is None and s.handle("/exit") is None


def test_context_of_the_nth_answer(qa):
    s = session(qa)
    s.handle("阳泉有多少禁毒社工")
    second = s.last.answers[1]
    assert f"> {second.text}" in s.handle("/context 2")
    assert "没有第 9 个答案" in s.handle("/context 9")
    assert "用法" in s.handle("/context x")


def test_more_runs_out(qa):
    s = session(qa)
    s.handle("阳泉有多少禁毒社工")
    replies = [s.handle("/more") for _ in range(80)]
    assert replies[-1] == "没有更多答案了。"


def test_colour_marks_the_figure_and_matches(qa):
    s = Session(qa, Styler(color=True))
    out = s.handle("阳泉有多少禁毒社工")
    assert "\033[1;32m201名\033[0m" in out
    assert "\033[1;33m禁毒\033[0m" in out
