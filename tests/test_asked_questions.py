"""A question an article asks itself (高温津贴为何落实不到位？) is never an answer, but the sentence
after it answers it, whether or not it says 因为."""

from __future__ import annotations

import pytest

from retrieval.answer.question import asks_why
from retrieval.index.sentences import is_question
from tests.test_grounding import NEIGHBOUR, corpus_qa

ARTICLE = (
    "高温津贴发放调查\n\n"
    "由于宣传普及不到位，很多劳动者并不知道高温津贴可以领取。\n\n"
    "高温津贴为何落实不到位？专家表示，目前监督管理工作比较乏力，惩处方面也有欠缺。\n\n"
    "今年各地高温津贴标准普遍在每月200元以上。"
)


@pytest.fixture(scope="module")
def asked(tmp_path_factory):
    return corpus_qa(tmp_path_factory.mktemp("asked"), {"allowance": ARTICLE, "weather": NEIGHBOUR})


def test_the_sentence_after_an_articles_own_why_answers_it(asked):
    result = asked.ask("高温津贴为什么落实不到位")
    assert not result.no_answer
    assert "监督管理工作比较乏力" in result.answers[0].text


def test_the_articles_own_question_is_not_the_answer(asked):
    assert all("为何" not in a.text for a in asked.ask("高温津贴为什么落实不到位").answers)


def test_a_sentence_after_the_question_answers_only_what_it_asks(asked):
    answer = asked.ask("高温津贴标准每月多少元").answers[0]
    assert "200元" in answer.text


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
        ("Why?", True),  # nothing Chinese to ask with
        ("他发表了论文《物体惯性与其所含能量有关吗?》", False),  # a title ending in a question mark
        ("因为大量的广府人聚居，勿当拿道改名为广东道，及后扩展到深水?", False),  # 埗 lost to a ?
    ],
)
def test_a_sentence_is_a_question_by_its_words_not_only_its_mark(text, asking):
    assert is_question(text) is asking


def test_a_statement_ending_in_a_stray_question_mark_can_be_the_answer(tmp_path):
    streets = "香港的街道\n\n因为大量的广府人聚居，勿当拿道改名为广东道，及后扩展到深水?\n\n九龙城区则有很多福建移民。"
    qa = corpus_qa(tmp_path, {"streets": streets, "weather": NEIGHBOUR})
    answer = qa.ask("勿当拿道为什么改名为广东道").answers[0]
    assert "广府人聚居" in answer.text
