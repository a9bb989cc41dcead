"""Coverage, counted for all candidates at once: the same as one sentence at a time."""

from __future__ import annotations

import random
import re

import pytest

from retrieval.answer.coverage import IN_SENTENCE, Coverage, longer_form, stating, whole_number
from retrieval.answer.qa import read_question
from tests.test_grounding import beside_a_neighbour

QUESTIONS = ("阳泉有多少禁毒社工", "湖南缴获了多少海洛因", "沈阳有轨电车一年亏损多少")


def coverage_of(qa, text: str) -> Coverage:
    q = read_question(text, qa.index, qa.tokenizer)
    return Coverage(q, qa.index, qa.tokenizer)


@pytest.mark.parametrize("text", QUESTIONS)
def test_counted_together_or_alone_the_credits_agree(qa, text):
    sids = list(range(0, qa.index.size, 5))
    together, alone = coverage_of(qa, text), coverage_of(qa, text)
    shares, owns = together.of(sids), together.own(sids)
    for sid, share, own in zip(sids, shares, owns, strict=True):
        assert alone.of([sid]) == [share] and alone.own([sid]) == [own]
        for nearby in (False, True):
            assert together.credits(sid, nearby) == alone.credits(sid, nearby)


@pytest.mark.parametrize("text", QUESTIONS)
def test_coverage_is_the_weighted_share_of_the_credits(qa, text):
    coverage = coverage_of(qa, text)
    words = coverage.question.words
    total = sum(coverage.weights[w.text] for w in words)
    sids = list(range(0, qa.index.size, 5))
    for sid, share, own in zip(sids, coverage.of(sids), coverage.own(sids), strict=True):
        credits = coverage.credits(sid)
        assert [w for w, _ in credits] == list(words)
        assert share == pytest.approx(sum(coverage.weights[w.text] * c for w, c in credits) / total)
        assert 0.0 <= own <= 1.0


def test_a_sentence_saying_every_word_covers_the_question(qa):
    coverage = coverage_of(qa, "阳泉有多少禁毒社工")
    said = [i for i in range(qa.index.size) if "禁毒社工" in qa.index.matched_text(i)]
    assert said
    for sid in said:
        credits = dict((w.text, c) for w, c in coverage.credits(sid, nearby=True))
        assert credits["禁毒社工"] == IN_SENTENCE


def test_a_relation_is_stated_by_its_forms_and_another_word_by_none():
    born, north = stating("籍贯"), stating("北边")
    assert born is not None and born.says("吴少阳，沧州清池人。")
    assert north is not None and north.says("北与乌恰县接壤") and not north.says("吴少阳，沧州清池人。")
    assert stating("禁毒") is None
    father, mother, teacher = stating("父亲"), stating("母亲"), stating("老师")
    assert father is not None and father.says("李明远，江南人，父李成。")
    assert not father.says("爱因斯坦被誉为现代物理学之父。")
    assert mother is not None and not mother.says("他回到北京，母校为他举行了欢迎会。")
    assert teacher is not None and not teacher.says("他的学生遍布各地。")  # the other way round


def test_a_word_of_three_characters_or_more_is_said_by_a_longer_form_holding_them_in_order():
    average, ship = stating("平均分"), stating("半潜船")
    assert average is not None and average.says("门罗每场平均得分达到41.5分")
    assert ship is not None and ship.says("装到半潜运输船上")
    assert not ship.says("他在半天里潜水后上船")  # too far apart
    assert not ship.says("半潜式平台")  # not all of it


def test_a_word_of_three_characters_is_said_by_a_named_one_of_its_kind():
    station = stating("地铁站")
    assert station is not None and station.says("距离地铁四号线南沙客运港站约500米")  # 地铁…站
    assert not station.says("地铁很方便，车站就在旁边")  # another clause
    assert not station.says("地铁公司在全市各地修建的总站")  # too far apart


def test_an_answer_saying_a_word_in_a_longer_form_is_not_refused(tmp_path):
    article = (
        "门罗的大学生涯\n\n大四的时候，门罗在联赛的每场平均得分达到了惊人的41.5分。\n\n他毕业后加入了子弹队。"
    )
    answer = beside_a_neighbour(tmp_path, article).ask("门罗在联赛的每场平均分是多少").answers
    assert answer and "41.5分" in answer[0].text


def test_a_sentence_saying_a_word_in_a_longer_form_holds_it_itself(tmp_path):
    qa = beside_a_neighbour(
        tmp_path,
        "海葵一号启运\n\n海葵一号自身没有动力，半潜运输船将它运到珠江口。\n\n海葵一号自身每天能处理约5600吨原油。",
    )
    q = read_question("海葵一号为什么用半潜船运到珠江口", qa.index, qa.tokenizer)
    carried, refined = (
        next(i for i in range(qa.index.size) if key in qa.index.texts[i]) for key in ("半潜", "原油")
    )
    said, unsaid = Coverage(q, qa.index, qa.tokenizer).own([carried, refined])
    assert said > 0.5 and unsaid == 0.0  # 半潜船, 运到 and 珠江口 against nothing


def test_the_verbs_that_half_say_a_word_are_the_dictionary_s_two_character_verbs(qa):
    verbs = qa.tokenizer.verbs_of_two
    assert {"开工", "实行", "捕捞"} <= verbs and not {"工程", "开工典礼", "北京"} & verbs


def test_a_sentence_s_verbs_are_read_only_for_a_word_it_does_not_say(qa):
    # 缴获 could be half-said by a verb sharing 缴 or 获; a sentence saying it (湖南 or not) is
    # never read for its verbs.
    coverage = coverage_of(qa, "湖南缴获了多少海洛因")
    assert coverage._pairs == {"缴获"}
    said = [i for i in range(qa.index.size) if "缴获" in qa.index.matched_text(i)]
    assert any("湖南" not in qa.index.matched_text(i) for i in said)
    qa.index.verb_chars.clear()
    coverage.of(said)
    assert not qa.index.verb_chars


def test_an_answer_naming_one_of_the_kind_asked_is_not_refused(tmp_path):
    article = "南沙邮轮母港\n\n新邮轮母港距离地铁四号线南沙客运港站约500米。\n\n母港今年开港。"
    answer = beside_a_neighbour(tmp_path, article).ask("南沙邮轮母港离地铁站有多远").answers
    assert answer and "500米" in answer[0].text


def test_a_number_is_said_only_as_a_number_of_its_own():
    april = whole_number("4")
    assert april is not None and april.search("4月份") and april.search("约4.5公里")
    for inside in ("下降约0.04个百分点", "14人", "2024年"):
        assert not april.search(inside)
    assert whole_number("鲜果") is None


def test_a_number_inside_another_figure_does_not_say_the_month_asked(tmp_path):
    # 4 of 4月 is not said by 0.04: the twin figure under the other heading does not win by it.
    article = (
        "2024年4月份居民消费价格同比上涨0.3%\n\n一、同比变动情况\n\n4月份，食品价格下降1.4%。蛋类价格下降10.6%，影响CPI下降约0.07个百分点。"
        "鲜果价格下降9.7%，影响CPI下降约0.22个百分点。\n\n二、环比变动情况\n\n4月份，食品价格下降0.7%。"
        "蛋类价格下降2.0%，影响CPI下降约0.01个百分点。鲜果价格下降2.0%，影响CPI下降约0.04个百分点。"
    )
    answer = beside_a_neighbour(tmp_path, article).ask("4月鲜果价格同比下降多少").answers
    assert answer and "9.7%" in answer[0].text


def test_a_month_said_with_份_weighs_as_the_month_not_as_a_word_of_its_own(tmp_path):
    # 4月份 is 4月, which the title names: what tells the twin figures apart is 服务 and 同比.
    article = (
        "2024年4月全国CPI同比上涨0.3%\n\n"
        "2024年4月份，全国居民消费价格同比上涨0.3%。其中，城市上涨0.3%，农村上涨0.4%；"
        "食品价格下降2.7%，非食品价格上涨0.9%；消费品价格持平，服务价格上涨0.8%。\n\n"
        "4月份，全国居民消费价格环比上涨0.1%。其中，城市上涨0.1%，农村持平；"
        "食品价格下降1.0%，非食品价格上涨0.3%；消费品价格下降0.1%，服务价格上涨0.3%。"
    )
    answer = beside_a_neighbour(tmp_path, article).ask("4月份服务价格同比涨了多少").answers
    assert answer and "服务价格上涨0.8%" in answer[0].text


def test_a_word_of_three_characters_is_said_where_the_one_pattern_it_stands_for_matches():
    # what longer_form compiled for each word before: a set of characters costs 0.3 ms to compile
    pattern = re.compile("地.{0,2}铁.{0,2}站|地铁[^，。；！？、,;]{3,8}站")
    station = longer_form("地铁站")
    assert station is not None
    words, stops = ("地铁", "站", "号", "线", "四号线", "地", "铁"), "，。；！？、,;\n"
    rng = random.Random(0)
    for _ in range(20_000):  # some 2,800 said, 400 of them by a named one alone
        text = "".join(rng.choice(words if rng.random() < 0.8 else stops) for _ in range(rng.randrange(12)))
        assert station.says(text) == (pattern.search(text) is not None), text


def test_the_forms_of_a_word_are_made_once():
    assert stating("出生地") is stating("出生地")
    assert longer_form("平均分") is longer_form("平均分")


def test_a_word_is_half_said_alike_whether_or_not_the_text_around_the_sentence_is_given(qa):
    """What `_half_said` reads around a sentence (its text, heading and lead's text) only saves
    reading the sentences for a word none of them has a character of."""
    index, half = qa.index, 0
    for question in QUESTIONS + ("会通河在哪一年开始动工", "东海渔船一共打捞了多少带鱼"):
        coverage = coverage_of(qa, question)
        words = [w for w in coverage.question.words if w.text in coverage._pairs]
        for sid in range(index.size):
            around = coverage._local_texts(
                [index.matched_text(sid)], [int(index.section[sid])], [index.lead(sid)], [True]
            )[0]
            for word in words:
                said = coverage._half_said(word, sid)
                assert coverage._half_said(word, sid, around) == said
                half += said
    assert half > 10
