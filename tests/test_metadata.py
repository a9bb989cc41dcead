"""Every seed's citation fields come out of the scraped page."""

import pytest

from retrieval.ingest.articles import parse_article
from retrieval.ingest.decoding import decode

from .conftest import SEEDS

EXPECTED = {
    "000_48dfc098a269dc39": dict(
        title="甘肃省禁毒斗争形势稳中向好态势持续巩固",
        date="2022-06-27",
        source="甘肃法制报",
        author="张瑞军",
        editor="陈振凤",
        url=None,
    ),
    "001_33b5343bdf2ac2ab": dict(
        title="“五大战场”铲毒斩网 ——我省构建共建共治禁毒工作新格局",
        date="2022-06-21",
        source="辽宁长安网",
        author=None,
        editor=None,
        url="http://www.lnfz.cn/news/52672.html",
    ),
    "002_706ce439c1b20d60": dict(
        title="不断夺取禁毒人民战争新胜利——湖南开展禁毒工作综述",
        date="2022-08-04",
        source="湖南日报",
        author="王为薇",
        editor="张米",
        url=None,
    ),
    "003_56ad8994fafc2af6": dict(
        title="禁毒是一场没有硝烟的持久战,禁毒工作事关国家安危、民族兴衰、人民福祉",
        date=None,
        source="阳泉日报",
        author=None,
        editor=None,
        url=None,
    ),
    "004_16a89d0a77aacb3d": dict(
        title="2016年以来临夏州禁毒工作情况",
        date="2016-06-21",
        source="中国禁毒网",
        author=None,
        editor="孙凡",
        url=None,
    ),
}


@pytest.mark.parametrize("doc", sorted(EXPECTED))
def test_seed_citation_fields(doc):
    article = parse_article(doc, decode((SEEDS / f"{doc}.txt").read_bytes()))
    got = {k: getattr(article, k) for k in EXPECTED[doc]}
    assert got == EXPECTED[doc]


def test_title_found_below_site_navigation():
    text = "法治资讯网\n\n网站首页\n\n当前所在:首页 > 新闻 > 标题在这里\n\n标题在这里\n\n发布时间:2022-06-21 来源: 某某网\n\n正文第一句话说了一件事情。"
    article = parse_article("x", text)
    assert article.title == "标题在这里"
    assert article.paragraphs == ("正文第一句话说了一件事情。",)


def test_anonymous_author_is_no_author():
    article = parse_article(
        "x", "标题\n\n发布时间:2022-06-21 来源:甲网 作者:佚名\n\n正文说了一件很长的事情。"
    )
    assert article.author is None and article.source == "甲网"


def test_chinese_date_forms():
    article = parse_article(
        "x", "标题\n作者: 来源:乙报 发布日期:2021年8月4日 09时13分\n正文说了一件很长的事情。"
    )
    assert (article.date, article.source, article.author) == ("2021-08-04", "乙报", None)


def test_file_without_metadata_uses_first_line_as_title():
    article = parse_article("p1", "广州塔\n\n广州塔是一座观光塔,高600米。")
    assert article.title == "广州塔"
    assert article.paragraphs == ("广州塔是一座观光塔,高600米。",)


def test_a_sentence_with_a_table_word_and_colon_stays_text():
    article = parse_article("x", "标题\n发布时间:2022-06-21\n垃圾分类：居民应当按照要求分类投放生活垃圾。")
    assert article.paragraphs == ("垃圾分类：居民应当按照要求分类投放生活垃圾。",)


def test_spaced_out_table_labels_are_metadata_not_text():
    text = "某市统计局\n索 引 号： 113/2024-1\n发 布 机 构： 某市统计局 生成日期： 2024-03-15\n某市去年全年地区生产总值增长百分之五点二。"
    article = parse_article("x", text)
    assert (article.date, article.source) == ("2024-03-15", "某市统计局")
    assert article.paragraphs == ("某市去年全年地区生产总值增长百分之五点二。",)


def test_only_real_calendar_dates_are_read():
    from retrieval.ingest.metadata import iso_date

    assert iso_date("发布时间：2024年2月29日") == "2024-02-29"
    assert iso_date("2023年2月29日 2023-03-01") == "2023-03-01"
    assert iso_date("2023年2月30日") is None
