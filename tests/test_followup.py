"""Follow-up questions, as in a chat."""

import pytest

from retrieval.answer.followup import resolve, topic_of


@pytest.mark.parametrize(
    "previous, text, expected",
    [
        ("阳泉有多少禁毒社工", "那辽宁呢?", "辽宁有多少禁毒社工"),
        ("阳泉有多少禁毒社工", "辽宁呢", "辽宁有多少禁毒社工"),
        ("阳泉有多少禁毒社工", "那吸毒人员呢？", "阳泉有多少吸毒人员"),
        ("甘肃省创建了多少所禁毒示范学校", "湖南呢", "湖南创建了多少所禁毒示范学校"),
    ],
)
def test_follow_up_is_rewritten(qa, previous, text, expected):
    assert resolve(text, previous, qa.tokenizer) == expected


@pytest.mark.parametrize("text", ["阳泉有多少禁毒社工", "那呢", "呢", "为什么会这样呢，请详细解释一下原因"])
def test_full_questions_are_left_alone(qa, text):
    assert resolve(text, "辽宁有多少专职禁毒社工", qa.tokenizer) == text


def test_no_previous_question():
    assert topic_of("那辽宁呢?") == "辽宁"


def test_follow_up_answers_about_the_new_place(qa):
    question = resolve("那辽宁呢?", "阳泉有多少禁毒社工", qa.tokenizer)
    assert "5000余名" in qa.ask(question).answers[0].text


def test_conversation_reads_follow_ups_against_the_last_answered_question(qa):
    from retrieval.answer.followup import Conversation

    chat = Conversation()
    assert "201名" in chat.ask(qa, "阳泉有多少禁毒社工").answers[0].text
    assert chat.ask(qa, "今天天气怎么样").no_answer  # refused: not the context of what follows
    result = chat.ask(qa, "那辽宁呢?")
    assert result.question == "辽宁有多少禁毒社工" and "（理解为：辽宁有多少禁毒社工）" in result.notes
    assert "5000余名" in result.answers[0].text
