"""The installed `qabot` command, end to end, as scripts and people use it."""

import json
import os
import subprocess
import sys

from .conftest import LIAONING, QABOT, YANGQUAN, run_qabot


def test_ask_prints_answer_citation_and_candidates():
    run = run_qabot("ask", "阳泉有多少禁毒社工")
    assert run.returncode == 0, run.stderr
    first, citation = run.stdout.splitlines()[:2]
    assert "201名" in first
    assert "阳泉日报" in citation
    assert "其他候选" in run.stdout and "\n2. " in run.stdout and "\n3. " in run.stdout
    assert "\033[" not in run.stdout  # no colour codes when not writing to a terminal


def test_ask_json_contract():
    run = run_qabot("ask", "--json", "辽宁有多少专职禁毒社工")
    data = json.loads(run.stdout)
    assert data["question"] == "辽宁有多少专职禁毒社工" and data["no_answer"] is False
    best = data["answers"][0]
    assert "5000余名" in best["text"] and best["doc"] == LIAONING
    assert best["url"] == "http://www.lnfz.cn/news/52672.html" and best["source"] == "辽宁长安网"
    assert best["date"] == "2022-06-21" and best["title"] and isinstance(best["score"], float)


def test_ask_json_no_answer():
    data = json.loads(run_qabot("ask", "--json", "北京有多少禁毒社工").stdout)
    assert data["no_answer"] is True and data["answers"] == []
    assert "北京" in data["message"]


def test_question_from_standard_input():
    run = run_qabot("ask", "--json", "-", input="阳泉有多少禁毒社工\n")
    assert json.loads(run.stdout)["answers"][0]["doc"] == YANGQUAN


def test_global_options_before_or_after_the_subcommand(tmp_path):
    (tmp_path / "one.txt").write_text(
        "某县概况\n\n某县今年配备禁毒社工12名,服务群众三千人。", encoding="utf-8"
    )
    before = json.loads(run_qabot("--corpus", str(tmp_path), "ask", "--json", "禁毒社工有多少").stdout)
    after = json.loads(run_qabot("ask", "--json", "禁毒社工有多少", "--corpus", str(tmp_path)).stdout)
    assert before["answers"][0]["doc"] == after["answers"][0]["doc"] == "one"


def test_verbose_shows_scores():
    run = run_qabot("ask", "阳泉有多少禁毒社工", "--verbose")
    assert "score" in run.stdout


def test_eval_prints_the_figures(tmp_path):
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "- {question: 阳泉有多少禁毒社工, answer: 201名, doc: %s}\n"  # noqa: UP031
        "- {question: 阳泉有多少禁毒社工, answer: 包粽子}\n"  # the second answer: a top-3 hit only
        "- {question: 北京有多少禁毒社工, answer: null}\n" % YANGQUAN,
        encoding="utf-8",
    )
    run = run_qabot("eval", str(cases))
    assert run.returncode == 0, run.stderr
    assert "top-1: 0.500" in run.stdout and "top-3: 1.000" in run.stdout
    assert "no-answer accuracy: 1.000" in run.stdout
    assert "misses (1)" in run.stdout and "'包粽子'" in run.stdout

    data = json.loads(run_qabot("eval", str(cases), "--json").stdout)
    assert (data["top1"], data["top3"], data["no_answer_accuracy"]) == (0.5, 1.0, 1.0)
    assert data["mrr"] == 0.75
    ask = json.loads(run_qabot("ask", "--json", "阳泉有多少禁毒社工").stdout)
    case = data["cases"][0]
    assert (case["question"], case["no_answer"], case["answers"]) == (
        ask["question"],
        ask["no_answer"],
        ask["answers"],
    )


def test_eval_rejects_a_malformed_file(tmp_path):
    cases = tmp_path / "cases.yaml"
    cases.write_text("- {question: 阳泉有多少禁毒社工}\n", encoding="utf-8")
    run = run_qabot("eval", str(cases))
    assert run.returncode == 2 and "needs an 'answer'" in run.stderr


def test_corpus_with_bad_files_still_answers(tmp_path):
    (tmp_path / "good.txt").write_text(
        "某县概况\n\n某县今年配备禁毒社工12名,服务群众三千人。", encoding="utf-8"
    )
    (tmp_path / "gbk.txt").write_bytes("另一县概况\n\n另一县今年缴获冰毒三公斤,破获案件九起。".encode("gbk"))
    (tmp_path / "junk.txt").write_bytes(bytes(range(256)) * 10)
    run = run_qabot("--corpus", str(tmp_path), "ask", "--json", "另一县缴获了多少冰毒")
    assert json.loads(run.stdout)["answers"][0]["doc"] == "gbk"
    assert "junk.txt" in run.stderr and "Traceback" not in run.stderr


def test_usage_errors_exit_2():
    assert run_qabot().returncode == 2
    assert run_qabot("ask").returncode == 2
    assert run_qabot("ask", "x", "-n", "0").returncode == 2


# -- what scripts and terminals do to the streams ----------------------------------------------


def run_raw(*args: str, input: bytes = b"", close: tuple[int, ...] = (), env: dict | None = None, **streams):
    """`qabot` with bytes in and out (each stream a pipe unless given), some of them closed."""

    def closing() -> None:
        for fd in close:
            os.close(fd)

    for fd, name in ((1, "stdout"), (2, "stderr")):
        streams.setdefault(name, None if fd in close else subprocess.PIPE)
    return subprocess.run(
        [str(QABOT), *args],
        input=None if 0 in close else input,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
        preexec_fn=closing,
        timeout=120,
        **streams,
    )


def test_an_undecodable_question_is_refused_clearly():
    argv = run_raw("ask", os.fsdecode(b"\xff\xfe\xfd"))
    stdin = run_raw("ask", "-", input=b"\xff\xfe\xfd\n")
    lone = subprocess.run(
        [sys.executable, "-c", "from bot.cli import main; raise SystemExit(main(['ask', '\\ud800阳泉']))"],
        capture_output=True,
        timeout=120,
    )
    for run in (argv, stdin, lone):
        assert run.returncode == 2 and b"not readable text" in run.stderr
        assert b"Traceback" not in run.stderr


def test_a_gbk_question_is_understood():
    run = run_raw("ask", "--json", "-", input="阳泉有多少禁毒社工\n".encode("gbk"))
    assert json.loads(run.stdout)["answers"][0]["doc"] == YANGQUAN


def test_a_piped_repl_goes_on_after_an_undecodable_line():
    run = run_raw("repl", input=b"\xff\xfe\xfd\n" + "阳泉有多少禁毒社工\n".encode())
    assert run.returncode == 0 and b"Traceback" not in run.stderr
    assert "无法识别" in run.stdout.decode() and "201名" in run.stdout.decode()


def test_closed_or_full_standard_output_exits_1_without_a_traceback():
    for run in (
        run_raw("ask", "阳泉有多少禁毒社工", close=(1,)),
        run_raw("ask", "阳泉有多少禁毒社工", stdout=open("/dev/full", "w")),  # noqa: SIM115
    ):
        assert run.returncode == 1
        assert b"Traceback" not in run.stderr and b"Exception ignored" not in run.stderr


def test_closed_standard_input_reads_as_empty():
    ask, repl = run_raw("ask", "-", close=(0,)), run_raw("repl", close=(0,))
    assert ask.returncode == 0 and "请输入一个问题" in ask.stdout.decode()
    assert repl.returncode == 0 and not repl.stderr


def test_closed_standard_error_keeps_errors_off_standard_output(tmp_path):
    run = run_raw("--corpus", str(tmp_path / "nowhere"), "ask", "x", close=(2,))
    assert run.returncode == 2 and run.stdout == b""


def test_an_ascii_terminal_gets_replacement_characters_not_a_traceback():
    run = run_raw("ask", "阳泉有多少禁毒社工", env={"PYTHONIOENCODING": "ascii"})
    assert run.returncode == 0 and b"201?" in run.stdout
    assert b"Traceback" not in run.stderr
