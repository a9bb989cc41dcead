"""The headline a page's <title> names, and the citation lines under it."""

import pytest

from retrieval.ingest.header import find_headline, full_headline, header_fields, site_name

HEADLINE = "某市今年新建3200个公共充电桩"


@pytest.mark.parametrize(
    "hint, site",
    [
        (f"{HEADLINE}_某某新闻", "某某新闻"),
        (f"{HEADLINE} - 知乎", "知乎"),
        (f"(99+ 封私信 / 87 条消息) {HEADLINE} - 知乎", "知乎"),
        (f"{HEADLINE}|充电桩|新能源_新浪新闻", "新浪新闻"),
        (f"{HEADLINE}-EDN 电子技术设计", "EDN电子技术设计"),
    ],
)
def test_headline_is_the_line_that_begins_the_title(hint, site):
    lines = ["首页 > 本地 > 正文", "某市", HEADLINE, "2024-05-09 10:30 来源：某市日报", "正文。"]
    at = find_headline(lines, hint)
    assert at == 2
    assert site_name(hint, lines[at]) == site


def test_a_nav_word_that_begins_the_title_is_not_the_headline():
    assert find_headline(["某市新闻", "本地"], f"{HEADLINE}_某市新闻") is None


def test_the_copy_with_citation_lines_under_it_wins():
    lines = [HEADLINE, *(f"栏目{i}" for i in range(8)), HEADLINE, "2024-05-09 来源：某市日报"]
    assert find_headline(lines, f"{HEADLINE}_某某新闻") == 9


def test_headline_cut_short_is_completed_from_the_original_title():
    lines = [
        "定了！某港即将开通！地铁直达+无敌免...",
        "本文原标题：《定了！某港即将开通！地铁直达+无敌免税城......》",
    ]
    at = find_headline(lines, "定了！某港即将开通！地铁直达+无敌免..._政务_澎湃新闻")
    assert full_headline(lines[at], lines) == "定了！某港即将开通！地铁直达+无敌免税城......"


@pytest.mark.parametrize(
    "line, date, named",
    [
        ("中国网 2019-11-25 10:37:31", "2019-11-25", "中国网"),
        ("2024-05-09 22:30·新华社", "2024-05-09", "新华社"),
        ("2024年05月10日 00:26 每日经济新闻", "2024-05-10", "每日经济新闻"),
        ("发布时间 2024-05-10 10:00", "2024-05-10", None),
        ("星期五 2024-05-10", "2024-05-10", None),
    ],
)
def test_date_line_naming_its_outlet(line, date, named):
    header = header_fields([HEADLINE, line], 0)
    assert (header.fields.date, header.named_source) == (date, named)


def test_labelled_source_under_the_headline():
    header = header_fields([HEADLINE, "2015-07-04 06:47:46 来源: 华夏时报(北京)"], 0)
    assert (header.fields.date, header.fields.source) == ("2015-07-04", "华夏时报")
