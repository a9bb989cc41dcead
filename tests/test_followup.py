"""Follow-up questions, as in a chat: only elliptical ones continue the last question, like for like."""

import pytest

from retrieval.answer.followup import Conversation, parse, resolve, topic


@pytest.mark.parametrize(
    "previous, text, expected",
    [
        # a place for a place (阳泉 is tagged as a person's name by jieba, 阳泉市 as a place)
        ("阳泉有多少禁毒社工", "那辽宁呢？", "辽宁有多少禁毒社工"),
        ("阳泉有多少禁毒社工", "辽宁呢", "辽宁有多少禁毒社工"),
        ("辽宁有多少专职禁毒社工", "阳泉？", "阳泉有多少专职禁毒社工"),
        ("甘肃省公安厅副厅长是谁", "湖南呢", "湖南公安厅副厅长是谁"),
        ("遼寧在主要通道設立了多少個毒品檢查站", "那湖南呢", "湖南在主要通道设立了多少个毒品检查站"),
        # a year for a year
        ("甘肃省2017年破获毒品案件多少起", "还有2021年的呢", "甘肃省2021年破获毒品案件多少起"),
        ("甘肃2017年查处吸毒人数是多少", "2021年的呢", "甘肃2021年查处吸毒人数是多少"),
        # an organisation for an organisation, with what follows it
        ("甘肃省公安厅副厅长是谁", "那教育厅呢", "甘肃省教育厅副厅长是谁"),
        ("湖南省禁毒办常务副主任是谁", "那禁毒委副主任呢", "湖南省禁毒委副主任是谁"),
        # each mention for one of its sort, or along with the head when it has no counterpart
        ("阳泉有多少禁毒社工", "那辽宁的禁毒社工呢", "辽宁有多少禁毒社工"),
        ("甘肃省2017年破获毒品案件多少起", "那辽宁2021年的呢", "辽宁2021年破获毒品案件多少起"),
        ("阳泉有多少禁毒社工", "那辽宁和湖南呢", "辽宁和湖南有多少禁毒社工"),
        # a thing for a thing: the thing counted, not the measure word after 多少
        ("阳泉有多少禁毒社工", "那吸毒人员呢？", "阳泉有多少吸毒人员"),
        ("临夏州缴获了多少海洛因", "那新型毒品呢", "临夏州缴获了多少新型毒品"),
        ("临夏州强制隔离戒毒了多少人", "那社区戒毒呢", "临夏州社区戒毒了多少人"),
    ],
)
def test_follow_up_swaps_like_for_like(qa, previous, text, expected):
    assert resolve(text, previous, qa.tokenizer) == expected


@pytest.mark.parametrize(
    "text",
    [
        "今天天气怎么样",  # a question word of its own: a new question
        "湖南怎么样",
        "辽宁禁毒工作如何",
        "如何学习Python编程",
        "甘肃抓获了多少毒品犯罪嫌疑人",
        "介绍一下辽宁",  # a predicate of its own
        "那去呢",
        "冰毒",  # a bare thing without 呢 or 那 is not continued
        "那呢",
        "呢",
        "为什么会这样呢，请详细解释一下原因",
    ],
)
def test_complete_questions_are_left_alone(qa, text):
    assert resolve(text, "阳泉有多少禁毒社工", qa.tokenizer) == text


def test_a_follow_up_naming_a_sort_the_question_lacks_is_left_alone(qa):
    # 阳泉有多少禁毒社工 names no year and no organisation: nothing to swap 2021年 or 禁毒委 for.
    assert resolve("还有2021年的呢", "阳泉有多少禁毒社工", qa.tokenizer) == "还有2021年的呢"
    assert resolve("那禁毒委呢", "阳泉有多少禁毒社工", qa.tokenizer) == "那禁毒委呢"


def test_a_follow_up_with_nothing_to_swap_is_not_answered(qa):
    chat = Conversation()
    chat.ask(qa, "辽宁有多少专职禁毒社工")
    result = chat.ask(qa, "还有2021年的呢")
    assert result.no_answer and not result.closest
    assert "「2021年」" in result.message and "没有提到年份" in result.message
    result = chat.ask(qa, "阳泉呢")  # the conversation goes on from the last answered question
    assert result.question == "阳泉有多少专职禁毒社工" and "201名" in result.answers[0].text


@pytest.mark.parametrize(
    "question, mentions",
    [
        # 阳泉 is tagged as a person by jieba; 阳泉市 is a dictionary place
        ("阳泉有多少禁毒社工", [("阳泉", "place"), ("禁毒社工", "thing")]),
        ("甘肃省2017年破获毒品案件多少起", [("甘肃省", "place"), ("2017年", "year"), ("毒品案件", "thing")]),
        ("甘肃省公安厅副厅长是谁", [("甘肃省", "place"), ("公安厅", "org"), ("副厅长", "thing")]),
        ("辽宁设立了多少个社区戒毒康复中心", [("辽宁", "place"), ("社区戒毒康复中心", "org")]),
        ("6月份湖南实施了三年行动吗", [("6月份", "month"), ("湖南", "place"), ("行动", "thing")]),
    ],
)
def test_a_question_in_mentions_of_each_sort(qa, question, mentions):
    parsed = parse(question, qa.tokenizer)
    assert "".join(m.text for m in parsed) == question  # nothing lost: a rewrite is made of these
    assert [(m.text, m.sort) for m in parsed if m.sort] == mentions


def test_what_a_follow_up_names(qa):
    assert [m.text for m in topic("那辽宁呢?", qa.tokenizer)] == ["辽宁"]
    assert [(m.text, m.sort) for m in topic("还有2021年的呢", qa.tokenizer)] == [("2021年", "year")]
    assert topic("今天天气怎么样", qa.tokenizer) is None


def test_conversation_reads_follow_ups_against_the_last_answered_question(qa):
    chat = Conversation()
    assert "201名" in chat.ask(qa, "阳泉有多少禁毒社工").answers[0].text
    weather = chat.ask(qa, "今天天气怎么样")
    assert weather.no_answer and weather.question == "今天天气怎么样"
    assert not any("理解为" in n for n in weather.notes)  # no rewrite, no note
    assert chat.ask(qa, "湖南呢").no_answer  # 湖南有多少禁毒社工: refused, so not the context
    result = chat.ask(qa, "那辽宁呢?")
    assert result.question == "辽宁有多少禁毒社工" and "（理解为：辽宁有多少禁毒社工）" in result.notes
    assert "5000余名" in result.answers[0].text
    assert "201名" in chat.ask(qa, "阳泉呢").answers[0].text  # a follow-up of the follow-up


def test_conversation_follows_up_a_given_earlier_question(qa):
    chat = Conversation()
    chat.ask(qa, "阳泉缴获了多少冰毒")
    result = chat.ask(qa, "那辽宁呢？", previous="阳泉有多少禁毒社工")
    assert result.question == "辽宁有多少禁毒社工" and "5000余名" in result.answers[0].text
    assert chat.previous == "辽宁有多少禁毒社工"


def test_each_question_is_segmented_at_most_once(qa, monkeypatch):
    calls: list[str] = []
    words = qa.tokenizer.words
    monkeypatch.setattr(qa.tokenizer, "words", lambda text: calls.append(text) or words(text))
    chat = Conversation()
    chat.ask(qa, "阳泉有多少禁毒社工")
    chat.ask(qa, "今天天气怎么样")
    assert calls == []  # questions with a question word of their own are never parsed for a follow-up
    chat.ask(qa, "那辽宁呢？")
    assert calls == ["辽宁呢?", "阳泉有多少禁毒社工"]  # normalised, the connective 那 cut off
    chat.ask(qa, "阳泉呢")
    assert calls[2:] == ["阳泉呢"]  # the rewrite's parts are kept: 辽宁有多少禁毒社工 is not parsed
