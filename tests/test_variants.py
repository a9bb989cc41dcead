"""A name the question spells with another character of the same sound as the articles do."""

from __future__ import annotations

from retrieval.answer.variants import respelled
from tests.test_grounding import beside_a_neighbour


def test_a_name_is_read_in_the_spelling_the_articles_use():
    assert respelled("赛斯纳", {"塞斯纳"}.__contains__) == "塞斯纳"
    assert respelled("满州里", {"满洲里"}.__contains__) == "满洲里"


def test_only_a_character_of_the_same_sound_is_swapped():
    assert respelled("毕加索", {"毕卡索"}.__contains__) is None  # 加 jia, 卡 ka
    assert respelled("赛斯纳", {"赛斯特"}.__contains__) is None


def test_two_characters_have_too_many_namesakes_by_sound():
    assert respelled("李明", {"黎明"}.__contains__) is None


def test_a_question_naming_a_transliteration_the_articles_spell_otherwise(tmp_path):
    qa = beside_a_neighbour(
        tmp_path,
        "塞斯纳170\n\n塞斯纳170型是一个单引擎四座位的小型飞机，由塞斯纳公司研制。\n\n它于1948年首飞。",
    )
    result = qa.ask("赛斯纳170是由哪个公司研制的")
    assert "塞斯纳公司" in result.answers[0].text
    assert "塞斯纳170" in result.notes[0]  # the reading is shown
    assert qa.ask("波音747是由哪个公司研制的").no_answer  # no name sounds like 波音
