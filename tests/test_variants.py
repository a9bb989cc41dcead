"""A name the question spells with another character of the same sound as the articles do."""

from __future__ import annotations

from retrieval.answer.variants import variants
from tests.test_grounding import beside_a_neighbour


def test_a_name_may_be_spelled_with_a_character_of_the_same_sound():
    assert "塞斯纳" in variants("赛斯纳")
    assert "满洲里" in variants("满州里")


def test_only_a_character_of_the_same_sound_is_swapped():
    assert "毕卡索" not in variants("毕加索")  # 加 jia, 卡 ka
    assert "赛斯特" not in variants("赛斯纳")
    assert all(sum(a != b for a, b in zip(v, "赛斯纳", strict=True)) == 1 for v in variants("赛斯纳"))


def test_two_characters_have_too_many_namesakes_by_sound():
    assert variants("李明") == []


def test_a_question_naming_a_transliteration_the_articles_spell_otherwise(tmp_path):
    qa = beside_a_neighbour(
        tmp_path,
        "塞斯纳170\n\n塞斯纳170型是一个单引擎四座位的小型飞机，由塞斯纳公司研制。\n\n它于1948年首飞。",
    )
    result = qa.ask("赛斯纳170是由哪个公司研制的")
    assert "塞斯纳公司" in result.answers[0].text
    assert "塞斯纳170" in result.notes[0]  # the reading is shown
    assert qa.ask("波音747是由哪个公司研制的").no_answer  # no name sounds like 波音
    # retrieval alone reads the question as the whole answer does: no article says 赛斯纳
    best = qa.ask("赛斯纳是什么").answers[0]
    assert best.sentence.id in qa.first_pass("赛斯纳是什么").sentence_ids


def test_a_place_of_two_characters_is_read_as_a_place_of_the_same_sound_the_articles_name(tmp_path):
    qa = beside_a_neighbour(
        tmp_path,
        "满洲\n\n由于满洲是清朝的发祥地，清兵入关之后对这一地区采取了封禁措施。\n\n"
        "王江泾镇人口8.57万。\n\n阵内的士兵有三千人。",
    )
    result = qa.ask("清兵入关之后为什么对满州地区采取封禁措施")
    assert not result.no_answer and "发祥地" in result.answers[0].text
    assert "满洲" in result.notes[0]
    # Only as a place the dictionary knows: 镇内 is not read as 阵内.
    assert all("理解为" not in note for note in qa.ask("王江泾镇内有多少人口").notes)
