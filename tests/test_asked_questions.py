"""A question an article asks itself (高温津贴为何落实不到位？) is never an answer, but the sentence
after it answers it, whether or not it says 因为."""

from __future__ import annotations

import pytest

from retrieval.answer.question import asks_why
from retrieval.index.sentences import is_question
from tests.test_grounding import beside_a_neighbour

ARTICLE = (
    "高温津贴发放调查\n\n"
    "由于宣传普及不到位，高温津贴的落实情况并不理想。\n\n"
    "高温津贴为何落实不到位？专家表示，高温津贴的监督管理工作比较乏力，惩处方面也有欠缺。\n\n"
    "地铁票价上涨的消息引发热议。\n\n"
    "地铁票价为什么要上涨？涨价会影响通勤吗？运营成本连年增加，地铁票价已多年未调整。\n\n"
    "扭了脚为什么还要做核磁？\n\n"
    "互联网新闻信息服务许可证10120170001。"
)


@pytest.fixture(scope="module")
def asked(tmp_path_factory):
    return beside_a_neighbour(tmp_path_factory.mktemp("asked"), ARTICLE)


def test_the_sentence_after_an_articles_own_why_answers_it(asked):
    result = asked.ask("高温津贴为什么落实不到位")
    assert not result.no_answer
    assert "监督管理工作比较乏力" in result.answers[0].text


def test_the_articles_own_question_is_not_the_answer(asked):
    assert all("为何" not in a.text for a in asked.ask("高温津贴为什么落实不到位").answers)


def test_the_sentence_after_a_run_of_questions_answers_each(asked):
    answer = asked.ask("地铁票价为什么要上涨").answers[0]
    assert "运营成本连年增加" in answer.text


def test_a_sentence_that_says_nothing_of_the_question_answers_nothing(asked):
    result = asked.ask("扭了脚为什么还要做核磁")  # a site's footer after a linked headline
    assert all("许可证" not in a.text for a in result.answers)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("高温津贴为何落实不到位？", True),
        ("有轨电车的故障为什么这么多？", True),
        ("大雄宝殿被称为什么？", False),
    ],
)
def test_an_articles_question_asks_why_by_its_words(text, why):
    assert asks_why(text) is why


@pytest.mark.parametrize(
    ("text", "asking"),
    [
        ("高温津贴为何落实不到位？", True),
        ("有轨电车的故障多吗，当地情况如何？0 个回答", True),  # a Q&A page's count after it
        ("這是不是真的？", True),  # A-not-A, Traditional
        ("这样做不太好吧？", True),  # a particle
        ("Why?", True),  # nothing Chinese to ask with
        ("他发表了论文《物体惯性与其所含能量有关吗?》", False),  # a title ending in a question mark
        ("因为大量的广府人聚居，勿当拿道改名为广东道，及后扩展到深水?", False),  # 埗 lost to a ?
    ],
)
def test_a_sentence_is_a_question_by_its_words_not_only_its_mark(text, asking):
    assert is_question(text) is asking


def test_a_statement_ending_in_a_stray_question_mark_can_be_the_answer(tmp_path):
    streets = "香港的街道\n\n因为大量的广府人聚居，勿当拿道改名为广东道，及后扩展到深水?\n\n九龙城区则有很多福建移民。"
    qa = beside_a_neighbour(tmp_path, streets)
    answer = qa.ask("勿当拿道为什么改名为广东道").answers[0]
    assert "广府人聚居" in answer.text
