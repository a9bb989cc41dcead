"""`qabot eval` conversations: questions asked in order in one conversation, the last one scored."""

import json

import pytest

from retrieval.answer.evaluation import EvalFileError, evaluate, load_cases

from .conftest import LIAONING, run_qabot

CONVERSATIONS = f"""
- {{question: 阳泉有多少禁毒社工, answer: 201名}}
- {{conversation: [阳泉有多少禁毒社工, 那辽宁呢？], answer: 5000余名, doc: {LIAONING}}}
- {{conversation: [阳泉有多少禁毒社工, 今天天气怎么样], answer: null}}
"""


def test_a_conversation_is_asked_in_order_and_its_last_question_scored(qa, tmp_path):
    path = tmp_path / "cases.yaml"
    path.write_text(CONVERSATIONS, encoding="utf-8")
    cases = load_cases(path)
    assert [c.conversation for c in cases] == [
        ("阳泉有多少禁毒社工",),
        ("阳泉有多少禁毒社工", "那辽宁呢？"),
        ("阳泉有多少禁毒社工", "今天天气怎么样"),
    ]
    report = evaluate(qa, cases)
    assert report.top1 == 1.0 and report.no_answer_accuracy == 1.0
    follow_up, weather = report.to_json()["cases"][1:]
    assert follow_up["conversation"] == ["阳泉有多少禁毒社工", "那辽宁呢？"]
    assert follow_up["question"] == "辽宁有多少禁毒社工" and follow_up["rank"] == 1
    assert weather["question"] == "今天天气怎么样" and weather["no_answer"]


def test_each_conversation_starts_afresh(qa, tmp_path):
    path = tmp_path / "cases.yaml"
    # Without the first entry's question before it, 那辽宁呢？ follows up nothing.
    path.write_text(
        "- {question: 阳泉有多少禁毒社工, answer: 201名}\n- {question: 那辽宁呢？, answer: 5000余名}\n"
    )
    second = evaluate(qa, load_cases(path)).outcomes[1]
    assert second.result.question == "那辽宁呢？" and not second.correct


def test_asked_checks_how_the_last_question_was_understood(qa, tmp_path):
    path = tmp_path / "cases.yaml"
    path.write_text(
        "- {conversation: [阳泉有多少禁毒社工, 那辽宁呢？], asked: 辽宁有多少禁毒社工, answer: 5000余名}\n"
        "- {conversation: [阳泉有多少禁毒社工, 那辽宁呢？], asked: 辽宁有多少专职禁毒社工, answer: 5000余名}\n"
        "- {conversation: [阳泉有多少禁毒社工, 今天天气怎么样], asked: 今天天气怎么样, answer: null}\n"
        "- {conversation: [阳泉有多少禁毒社工, 湖南呢], asked: 湖南呢, answer: null}\n",
        encoding="utf-8",
    )
    report = evaluate(qa, load_cases(path))
    # The answer of the second is right, but not the reading; the fourth was rewritten though it must not be.
    assert [o.correct for o in report.outcomes] == [True, False, True, False]
    assert (report.top1, report.no_answer_accuracy) == (0.5, 0.5)


@pytest.mark.parametrize(
    "entry, message",
    [
        ("{question: 甲, conversation: [甲, 乙], answer: x}", "either a 'question' text or a 'conversation'"),
        ("{answer: x}", "either a 'question' text or a 'conversation'"),
        ("{conversation: [], answer: x}", "'conversation' must be a list of questions"),
        ("{conversation: 阳泉有多少禁毒社工, answer: x}", "'conversation' must be a list of questions"),
        (
            "{conversation: [阳泉有多少禁毒社工, [辽宁]], answer: x}",
            "question 2 of the 'conversation' must be a text",
        ),
        ("{conversation: [阳泉有多少禁毒社工, 那辽宁呢]}", "needs an 'answer'"),
        ("{conversation: [甲], answer: x, turns: 2}", "unknown keys: turns"),
        ("{conversation: [甲, 乙], asked: [乙], answer: x}", "'asked' must be the text"),
    ],
)
def test_a_malformed_conversation_is_named(tmp_path, entry, message):
    path = tmp_path / "cases.yaml"
    path.write_text(f"- {{question: 甲, answer: null}}\n- {entry}\n", encoding="utf-8")
    with pytest.raises(EvalFileError, match="entry 2") as error:
        load_cases(path)
    assert message in str(error.value)


def test_the_command_scores_conversations(tmp_path):
    path = tmp_path / "cases.yaml"
    path.write_text(
        CONVERSATIONS + "- {conversation: [阳泉有多少禁毒社工, 湖南呢], answer: 201名}\n", encoding="utf-8"
    )
    run = run_qabot("eval", str(path))
    assert run.returncode == 0, run.stderr
    assert "misses (1)" in run.stdout and "阳泉有多少禁毒社工 → 湖南呢" in run.stdout
    data = json.loads(run_qabot("eval", "--json", str(path)).stdout)
    assert [c["conversation"] for c in data["cases"]][-1] == ["阳泉有多少禁毒社工", "湖南呢"]
    assert "（理解为：湖南有多少禁毒社工）" in data["cases"][-1]["notes"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("- {conversation: [], answer: null}\n", encoding="utf-8")
    run = run_qabot("eval", str(bad))
    assert run.returncode == 2 and "'conversation' must be a list of questions" in run.stderr
