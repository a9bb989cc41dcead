"""Page furniture never reaches the index, so it can never be an answer."""

import re

import pytest

from retrieval.ingest.boilerplate import is_boilerplate

# Furniture as the seeds show it: labels with their colon, footer markers, contact details.
FURNITURE = re.compile(
    r"ICP|公网安备|备案号|Copyright|版权所有|免责声明|返回顶部|电话\s*[:：]|邮箱|QQ|办公区|责任编辑|编辑\s*[:：]"
    r"|主办|承办|网站首页|当前所在|新浪微博|原文链接|来源\s*[:：]|发布时间|发布日期|阅读量|欢迎加入|关于我们|@|\d{3,4}-\d{7,8}"
)


def test_no_sentence_of_the_seeds_is_furniture(qa):
    offenders = [text for text in qa.index.texts if FURNITURE.search(text)]
    assert offenders == []


def test_no_paragraph_keeps_a_footer_line(qa):
    for article in qa.index.articles:
        for paragraph in article.paragraphs:
            assert not FURNITURE.search(paragraph), (article.doc, paragraph)


def test_source_line_is_a_citation_not_an_answer(qa):
    result = qa.ask("阳泉有多少禁毒社工")
    assert all("来源" not in a.text for a in result.answers)
    assert result.answers[0].citation.source == "阳泉日报"


@pytest.mark.parametrize(
    "line",
    [
        "Copyright © 2019-2020 甘肃法制报 All Right Reserved   陇ICP备19004392号-1",
        "甘公网安备 62020102000082号",
        "湘ICP备15001833号 公安机关备案号:43010202000800",
        "联系电话:010-53382908、010-56212745,监督电话:18518469856",
        "邮箱:qgfzdyzx@163.com  客服QQ:3206414697 通联QQ:1224368922",
        "第一办公区:北京市东城区建国门内大街26号新闻大厦5层",
        "当前所在:首页 > 公安战线 > 标题",
        "返回顶部 新浪微博 腾讯微博",
        "[免责声明] 本文来源于网络转载,仅供学习交流使用,不构成商业目的。",
        "关于我们  |  广告业务  |  诚聘  |  合作伙伴  |  网上投稿  |  联系我们",
        "主办:中共嘉峪关市委政法委员会   承办:甘肃法治报",
        "责任编辑:陈振凤",
        "（原标题：5G手机芯片江湖：玩家减少、五强争霸 成本、续航两大难题待解）",
    ],
)
def test_furniture_lines(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "全市配齐禁毒专职社工201名,开展专业培训提升禁毒专职社工专业素质和职业能力。",
        "6月24日,在省公安厅召开的新闻发布会上,省禁毒委副主任、省公安厅副厅长曹明介绍道。",
        "我省公安开展的“流动课堂”“六进”等宣教活动,广泛传播理念。",
    ],
)
def test_article_lines_are_kept(line):
    assert not is_boilerplate(line)


def test_readers_comments_end_the_article():
    from retrieval.ingest.articles import parse_article

    text = (
        "某路段封闭施工\n\n"
        "受施工影响，某路段5月20日起封闭三个月，过往车辆请绕行某大道。\n"
        "交警部门提醒，施工期间请提前规划出行路线。\n"
        "施工内容包括路面翻修、雨污管道改造和沿线照明更换，夜间也将连续作业，附近居民请关好门窗。\n"
        "封闭期间公交线路临时调整，具体站点以公交集团发布的公告为准。\n"
        "路过的老张[网易上海网友]2019-05-18 09:21:25\n"
        "请过往车辆谨慎慢行，施工单位也要注意安全!\n"
    )
    article = parse_article("road", text)
    kept = "\n".join(article.paragraphs)
    assert "封闭三个月" in kept
    assert "网友" not in kept and "谨慎慢行" not in kept
