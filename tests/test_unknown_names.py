"""A name no article says is no answer, not an answer about someone or something else: a
person's name jieba's dictionary does not know (赵小红), a word of Latin letters (Kirin)."""

from __future__ import annotations

import pytest

from tests.test_grounding import beside_a_neighbour

ARTICLE = (
    "养老专业首届毕业生\n\n"
    "刘佳芸毕业后进入上海市养老服务协会工作。\n\n"
    "华堡在1990年代初改用纸盒包装。\n\n"
    "二孩家庭可一次性领取育儿津贴5000元。\n\n"
    "三星Exynos芯片于2019年量产。"
)


@pytest.fixture(scope="module")
def people(tmp_path_factory):
    return beside_a_neighbour(tmp_path_factory.mktemp("people"), ARTICLE)


@pytest.mark.parametrize(
    ("asked", "named"), [("孙丽娟毕业后去哪里工作", "孙丽娟"), ("孫麗娟畢業後去哪裡工作", "孫麗娟")]
)
def test_a_person_no_article_mentions_is_no_answer_and_is_named_as_typed(people, asked, named):
    result = people.ask(asked)
    assert result.no_answer and result.answers == ()
    assert f"「{named}」" in result.message


def test_a_person_the_articles_mention_is_answered(people):
    assert "上海市养老服务协会" in people.ask("刘佳芸毕业后去哪里工作").answers[0].text


def test_a_character_glued_onto_a_word_the_articles_hold_is_not_a_person(people):
    result = people.ask("1990年代初华堡如何包装")  # jieba: 初华堡, which reads like a name
    assert not result.no_answer and "纸盒包装" in result.answers[0].text


def test_a_typo_glued_onto_a_word_the_articles_hold_is_not_a_person(people):
    result = people.ask("生二海能领多少育儿津贴")  # 二孩 mistyped 二海 (same sound): jieba reads 生二海
    assert not result.no_answer and "5000元" in result.answers[0].text


@pytest.mark.parametrize(
    ("word", "person"), [("赵小红", True), ("孙丽娟", True), ("冷到", False), ("能休", False)]
)
def test_jiebas_tagger_tells_a_name_from_a_word_cut_wrong(people, word, person):
    assert people.tokenizer.reads_as_person(word) is person


def test_a_latin_word_no_article_says_is_no_answer_and_is_named(people):
    result = people.ask("Kirin芯片哪一年量产")
    assert result.no_answer and result.answers == ()
    assert "Kirin" in result.message


def test_a_latin_word_the_articles_say_is_answered_in_any_case(people):
    for asked in ("Exynos芯片哪一年量产", "exynos芯片哪一年量产"):
        assert "2019年" in people.ask(asked).answers[0].text, asked


def test_the_no_answer_message_says_what_is_asked_in_whole_words_as_typed(tmp_path):
    qa = beside_a_neighbour(tmp_path, "中国外贸\n\n中国4月进出口增长8%，4月PMI为50.4。")
    message = qa.ask("美国4月PMI是多少").message
    assert message == "资料中没有关于「美国」PMI的内容。"  # not 「美国」4pmi
