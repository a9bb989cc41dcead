"""An abbreviation the articles define in brackets (CPI（居民消费价格指数）) is matched as its name."""

from __future__ import annotations

import pytest

from retrieval.answer.aliases import defined_name
from retrieval.answer.qa import QA
from tests.test_grounding import corpus_qa

PRICES = (
    "4月份居民消费价格同比上涨0.3%\n\n"
    "4月份，全国居民消费价格同比上涨0.3%。其中，城市上涨0.3%，农村上涨0.3%。\n\n"
    "4月份，食品烟酒类价格同比下降1.4%，影响CPI（居民消费价格指数）下降约0.39个百分点。\n\n"
    "鲜果价格下降9.7%，影响CPI下降约0.22个百分点。"
)


@pytest.mark.parametrize(
    ("text", "abbreviation", "name"),
    [
        ("影响cpi(居民消费价格指数)下降", "cpi", "居民消费价格指数"),
        ("发展虚拟现实(vr)与增强现实(ar)产业", "ar", "增强现实"),  # the run's words after 与
        ("将经认证的经营者(aeo)纳入", "aeo", "经营者"),
        ("影响cpi下降约0.22个百分点", "cpi", None),  # said, never defined
        ("mcpi(某指数)上涨", "cpi", None),  # part of another abbreviation
    ],
)
def test_the_name_an_article_gives_an_abbreviation_in_brackets(qa, text, abbreviation, name):
    assert defined_name(abbreviation, [text], qa.tokenizer) == name


@pytest.fixture(scope="module")
def prices(tmp_path_factory) -> QA:
    return corpus_qa(tmp_path_factory.mktemp("aliases"), {"cpi": PRICES})


def test_a_question_by_abbreviation_is_answered_by_the_sentence_saying_the_name(prices):
    result = prices.ask("4月CPI同比涨了多少")
    assert not result.no_answer
    assert "全国居民消费价格同比上涨0.3%" in result.answers[0].sentence.text
