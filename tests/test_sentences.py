"""Paragraphs split into sentences people would quote."""

from retrieval.index.sentences import article_sentences, merge_short, split_text
from retrieval.ingest.articles import parse_article
from retrieval.models import Article
from tests.test_grounding import beside_a_neighbour


def test_splits_at_sentence_punctuation_and_line_ends():
    assert split_text("第一句话。第二句话!第三句话?第四;第五\n第六") == [
        "第一句话。",
        "第二句话!",
        "第三句话?",
        "第四;",
        "第五",
        "第六",
    ]


def test_closing_quotes_stay_with_their_sentence():
    text = "东乡、广河两县顺利“摘帽”。同时开展工作。“毒品一日不除,禁毒斗争就一日不能松懈!”曹明表示。"
    assert split_text(text) == [
        "东乡、广河两县顺利“摘帽”。",
        "同时开展工作。",
        "“毒品一日不除,禁毒斗争就一日不能松懈!”",
        "曹明表示。",
    ]


def test_decimals_and_dates_never_split():
    text = "整合各类数据资源564类93.4亿条。缴获冰毒9590.81克。发布于2022.06.27。"
    assert split_text(text) == [
        "整合各类数据资源564类93.4亿条。",
        "缴获冰毒9590.81克。",
        "发布于2022.06.27。",
    ]


def test_no_split_inside_round_brackets():
    assert split_text("观塘明渠（简称观塘渠；英文名）是一条明渠。下一句。") == [
        "观塘明渠（简称观塘渠；英文名）是一条明渠。",
        "下一句。",
    ]


def test_unclosed_bracket_does_not_swallow_the_paragraph():
    text = "开头（没有闭合" + "很长的内容。" * 60
    assert len(split_text(text)) > 1


def test_short_fragments_join_a_neighbour():
    assert merge_short(["纲举则目张。", "省委高度重视禁毒工作。"], 8) == [
        "纲举则目张。省委高度重视禁毒工作。"
    ]
    assert merge_short(["全省禁毒工作取得新成效。", "是的。"], 8) == ["全省禁毒工作取得新成效。是的。"]


def test_headings_are_sections_not_answers():
    article = Article(
        doc="d", title="t", paragraphs=("一、工作成效", "全省破获毒品案件113起,抓获嫌疑人147名。")
    )
    (sentence,) = article_sentences(article, 0, 8, 30)
    assert sentence.section == "一、工作成效"
    assert (sentence.paragraph, sentence.position) == (1, 0)


def test_an_article_of_one_short_line_is_still_answered_from():
    article = Article(doc="d", title="北京天气", paragraphs=("今天北京晴。",))
    (sentence,) = article_sentences(article, 0, 8, 30)
    assert (sentence.text, sentence.paragraph) == ("今天北京晴。", 0)
    # beside a sentence of its own, a short line still joins the paragraph after it
    article = Article(doc="d", title="t", paragraphs=("今天北京晴。", "明天北京有小雨，气温下降。"))
    assert [s.text for s in article_sentences(article, 0, 8, 30)] == [
        "今天北京晴。明天北京有小雨，气温下降。"
    ]


def test_a_line_broken_off_at_a_comma_goes_on_in_the_next():
    """Pages written for phones break a sentence into short lines at its commas: one sentence,
    not a run of headings."""
    assert split_text(
        "第二阶段的沥青路面专项维修工程，\n将从无锡收费站往北直至广陵枢纽，\n全线封闭。\n下一句"
    ) == [
        "第二阶段的沥青路面专项维修工程，将从无锡收费站往北直至广陵枢纽，全线封闭。",
        "下一句",
    ]
    article = parse_article(
        "d",
        "京沪高速封闭\n\n因为\n第二阶段的沥青路面专项维修工程，\n将从无锡收费站往北直至广陵枢纽，\n全线封闭。",
    )
    (sentence,) = article_sentences(article, 0, 8, 30)
    assert sentence.text == "第二阶段的沥青路面专项维修工程，将从无锡收费站往北直至广陵枢纽，全线封闭。"


def test_a_list_title_keeps_the_heading_above():
    article = Article(
        doc="d", title="t", paragraphs=("上海迪士尼乐园", "备注：", "1、午后票下午三点起入园。")
    )
    (sentence,) = article_sentences(article, 0, 8, 30)
    assert sentence.section == "上海迪士尼乐园 备注："


def test_sentences_know_their_place(qa):
    """Paragraph and position point back to the text, so neighbours can be shown as context."""
    for i in range(qa.index.size):
        s = qa.index.sentence(i)
        assert s.doc == qa.index.article_of(s.id).doc
        paragraph = qa.index.article_of(s.id).paragraphs[s.paragraph].replace("\n", "")
        assert s.text[-8:] in paragraph
        if s.position > 0:
            assert s.text in paragraph
            assert qa.index.sentence(s.id - 1).paragraph == s.paragraph


def test_an_articles_heading_has_its_citation_without_decoding_its_text(qa):
    """Grounding reads every candidate's title, source and date: the heading gives those alone."""
    for i in range(0, qa.index.size, 50):
        whole, heading = qa.index.article_of(i), qa.index.heading_of(i)
        assert heading.paragraphs == () and whole.paragraphs
        assert (heading.doc, heading.title, heading.source, heading.date, heading.url) == (
            whole.doc,
            whole.title,
            whole.source,
            whole.date,
            whole.url,
        )


def test_neighbours_are_the_texts_either_side_in_the_same_article(qa):
    index = qa.index
    for i in range(0, index.size, 7):
        before, after = index.neighbours(i, 2)
        art = index.sentence_article[i]
        assert before == [index.texts[j] for j in range(max(0, i - 2), i) if index.sentence_article[j] == art]
        assert after == [
            index.texts[j] for j in range(i + 1, min(index.size, i + 3)) if index.sentence_article[j] == art
        ]


def test_a_sentences_paragraph_runs_from_its_first_sentence_to_its_last(qa):
    index = qa.index
    for i in range(index.size):
        first, stop = index.paragraph_of(i)
        assert first <= i < stop
        assert index.previous[first] < 0 and all(index.previous[j] == j - 1 for j in range(first + 1, stop))
        assert stop == index.size or index.previous[stop] < 0


def test_an_articles_first_sentence_is_the_first_that_belongs_to_it(qa):
    index = qa.index
    for art in range(len(index.articles)):
        first = index.first_sentence(art)
        if first < index.size and index.sentence_article[first] == art:
            assert first == 0 or index.sentence_article[first - 1] < art
        else:  # an article with no sentences: where its first would stand
            assert all(index.sentence_article[i] != art for i in range(index.size))


def test_the_clauses_of_a_short_sentence_stay_one_sentence_and_a_long_run_of_them_a_list():
    short = "2014年，中山市生产总值为2823亿元；人均生产总值88953元。中山市位于广东省中南部。"
    facts = (
        "北京高温津贴发放时间为每年6月至8月，室外作业人员每人每月不低于180元；"
        "上海高温津贴发放时间为每年6月至9月，标准为每月200元；"
        "广东高温津贴发放时间为6月份至10月份，标准为每人每月150元。"
    )
    article = Article(doc="d", title="t", paragraphs=(short, facts))
    assert [s.text for s in article_sentences(article, 0, 8, 30)] == [
        "2014年，中山市生产总值为2823亿元；人均生产总值88953元。",
        "中山市位于广东省中南部。",
        "北京高温津贴发放时间为每年6月至8月，室外作业人员每人每月不低于180元；",
        "上海高温津贴发放时间为每年6月至9月，标准为每月200元；",
        "广东高温津贴发放时间为6月份至10月份，标准为每人每月150元。",
    ]


def test_a_sentence_of_two_clauses_stays_whole_up_to_twice_the_length():
    pair = (
        "1958年，广西省改为广西僮族自治区，首府设在南宁市，下辖十二个专区和一百多个县市；"
        "1965年，僮族改称壮族，自治区也随之更名为广西壮族自治区，沿用至今，未再更改。"
    )
    assert 80 < len(pair) <= 160
    article = Article(doc="d", title="t", paragraphs=(pair,))
    assert [s.text for s in article_sentences(article, 0, 8, 30)] == [pair]


def test_a_fact_told_in_short_comma_broken_lines_is_answered(tmp_path):
    page = (
        "京沪高速无锡段封闭\n\n"
        "下周一，\n京沪高速施工就将进入第二阶段，\n也是对市民出行影响最大的一段。\n"
        "因为\n第二阶段的沥青路面专项维修工程，\n将从无锡收费站往北直至广陵枢纽，\n全线封闭。"
    )
    qa = beside_a_neighbour(tmp_path, page)
    result = qa.ask("第二阶段修的是什么工程")
    assert "沥青路面专项维修工程" in result.answers[0].text
