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
    assert "资料中没有关于「北京」禁毒社工的内容" in out
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


def test_interactive_session_on_a_terminal(tmp_path):
    """`make repl` as a person uses it: a terminal, a banner, line editing, Ctrl-D to leave."""
    import os
    import pty
    import select
    import subprocess
    import time

    from .conftest import QABOT, ROOT

    leader, follower = pty.openpty()
    # A bare pty answers no cursor-position requests: tell prompt_toolkit not to ask.
    env = {
        **os.environ,
        "TERM": "xterm",
        "HOME": str(tmp_path),
        "COLUMNS": "120",
        "LINES": "40",
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }
    process = subprocess.Popen(
        [str(QABOT), "repl"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        cwd=ROOT,
        env=env,
        close_fds=True,
    )
    os.close(follower)
    screen = b""

    def read_until(marker: bytes, after: bytes = b"", timeout: float = 60) -> None:
        """Read the terminal until `marker` shows (after the last `after`, when given)."""
        nonlocal screen
        deadline = time.monotonic() + timeout
        while screen.rfind(marker) < 0 or (after and screen.rfind(marker) < screen.rfind(after)):
            assert time.monotonic() < deadline, (
                f"waited for {marker!r}; the screen shows:\n{screen.decode(errors='replace')[-2000:]}"
            )
            if select.select([leader], [], [], 0.5)[0]:
                try:
                    screen += os.read(leader, 65536)
                except OSError:  # the program has ended
                    break

    try:
        read_until("输入 /help 查看帮助".encode())
        read_until("问>".encode())  # the space after it is drawn as a cursor move
        os.write(leader, "阳泉有多少禁毒社工\r".encode())
        read_until("阳泉日报".encode())
        read_until("问>".encode(), after="阳泉日报".encode())  # the answer is out, the next prompt waits
        os.write(leader, b"\x04")  # Ctrl-D
        read_until("再见".encode())
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)
    assert "201名".encode() in screen and b"Traceback" not in screen
