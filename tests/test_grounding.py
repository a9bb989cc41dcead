"""Grounding: an answer's subjects come from the sentence, what precedes it, its heading, or its
article's lead, title, source and date; the fact asked must be said by the answer itself."""

from __future__ import annotations

from pathlib import Path

import pytest

import retrieval.answer.qa as qa_module
from retrieval.answer.coverage import IN_SENTENCE, Coverage
from retrieval.answer.grounding import Grounding, names, spellings
from retrieval.answer.qa import QA, read_question
from retrieval.answer.ranker import rank
from retrieval.config import load_settings

ARTICLES = {
    "gansu": (
        "甘肃禁毒工作成效显著\n\n"
        "2018年以来，全省共破获毒品犯罪案件3600余起，缴获海洛因冰毒500余公斤。\n\n"
        "全省还与湖南、云南等地建立了协作机制，共同打击跨省贩毒。\n\n"
        "全省群众禁毒知晓率提升至95.6%。"
    ),
    "hunan": (
        "湖南禁毒宣传进校园\n\n"
        "湖南各地学校开展禁毒宣传活动，覆盖学生120万人。\n\n"
        "省禁毒办常务副主任王立新说，宣传还将继续深入。"
    ),
    "prices": (
        "旅游日门票优惠一览\n\n"
        "上海野生动物园\n\n成人票原价：165元；\n\n学生与老人优惠票：80元。\n\n"
        "上海欢乐谷\n\n成人票原价：230元；\n\n晚上的夜场票：120元。"
    ),
    "pmi": (
        "6月汇丰服务业PMI为51.8\n\n"
        "中国6月汇丰服务业PMI为51.8，为5个月以来最低水平，前值53.5。\n\n"
        "中国6月汇丰综合PMI为50.6，前值51.2。"
    ),
    "graduates": (
        "首届养老专业本科生毕业\n\n"
        "甲大学首届32名本科毕业生中，大部分将进入养老行业。\n\n"
        "乙学院的养老专业今年迎来毕业季。"
    ),
    "park": (
        "旅游日门票半价\n\n"
        "上海迪士尼乐园\n\n成人票原价：599元\n\n备注：\n\n"
        "1、旅游日专享午后票为指定日票，下午三点起入园。"
    ),
    "plants": ("某集团概况\n\n集团共经营31个生产基地，合共288条生产线。\n\n集团今年收治病残工人48名。"),
    "trams": (
        "各地有轨电车运营情况\n\n"
        "沈阳浑南有轨电车日均客流约2万人次。\n\n"
        "珠海有轨电车每年亏损约9000万元。\n\n"
        "有轨电车的故障为什么这么多？\n\n"
        "有轨电车的故障多吗，当地情况如何？0 个回答\n\n"
        "张江有轨电车于2023年6月1日8:30正式停运。"
    ),
}


def corpus_qa(folder: Path, articles: dict[str, str]) -> QA:
    """The answer core over `articles` (name → text), written as .txt files into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return QA.from_settings(load_settings(corpus=folder))


# An article beside the one a test is about, so that the question's words weigh as in a corpus.
NEIGHBOUR = "天气\n\n今天北京晴，最高气温5℃。\n\n明天有小雨。"


def beside_a_neighbour(folder: Path, article: str) -> QA:
    """The answer core over `article` and `NEIGHBOUR`."""
    return corpus_qa(folder, {"article": article, "weather": NEIGHBOUR})


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> QA:
    return corpus_qa(tmp_path_factory.mktemp("grounding"), ARTICLES)


def test_the_article_title_grounds_a_sentence_that_does_not_name_its_place(small):
    answer = small.ask("甘肃缴获海洛因冰毒多少公斤").answers[0]
    assert "500余公斤" in answer.text and answer.citation.doc == "gansu"


def test_a_place_named_elsewhere_in_the_corpus_does_not_ground_a_twin_figure(small):
    result = small.ask("湖南缴获海洛因冰毒多少公斤")
    assert result.no_answer and result.answers == ()
    assert result.message.startswith("资料中没有关于「湖南」") and "缴获" in result.message
    assert result.closest  # the nearest sentences are still offered, apart


def test_a_year_the_answer_does_not_stand_under_is_no_answer(small):
    assert small.ask("2020年甘肃缴获海洛因冰毒多少公斤").no_answer
    assert not small.ask("2018年以来甘肃缴获海洛因冰毒多少公斤").no_answer


def test_what_is_around_a_paragraph_is_kept_for_the_next_question(small):
    questions = (
        "甘肃缴获海洛因冰毒多少公斤",
        "湖南缴获海洛因冰毒多少公斤",
        "2018年以来甘肃缴获海洛因冰毒多少公斤",
    )
    alone = []
    for question in questions:
        small.index.contexts.clear()
        alone.append(small.ask(question))
    assert small.index.contexts  # made for the last question, kept for the next
    assert [small.ask(question) for question in questions] == alone


def test_a_line_under_a_heading_belongs_to_it(small):
    zoo = small.ask("上海野生动物园成人票原价多少钱").answers[0]
    park = small.ask("上海欢乐谷成人票原价多少钱").answers[0]
    assert "165元" in zoo.text and "230元" in park.text


def test_the_fact_asked_must_be_in_the_answer(small):
    result = small.ask("沈阳有轨电车一年亏损多少")  # 沈阳's ridership, 珠海's losses: neither answers
    assert result.no_answer


@pytest.mark.parametrize(
    ("article", "question", "said"),
    [
        # a dimension is said by a figure in its unit
        (
            "灰凤冠雉\n\n灰凤冠雉长91厘米，是大型鸟类。\n\n灰凤冠雉分布于南美洲，寿命可达24岁。",
            "灰凤冠雉的体长是多少",
            "91厘米",
        ),
        # 多少人收看: 2,000万人 counts the viewers, whatever verb the article uses (目睹)
        (
            "登基大典\n\n1953年6月2日，BBC现场直播登基大典，估计全英国约有2,000万人直接目睹了现场实况。\n\n大典在西敏寺举行。",
            "全英国大概有多少人收看登基大典",
            "2,000万人",
        ),
        # a rank says 名列, a share says 得票率, money says 投资金额
        (
            "南加大\n\n在2016年的美国大学排名中，南加大排在第23位。\n\n南加大位于洛杉矶。",
            "南加大在2016年的大学排名中名列第几",
            "第23位",
        ),
        (
            "外蒙古独立公投\n\n1945年外蒙古举行独立公投，赞成独立者占98.4%。\n\n公投由外蒙古政府主持。",
            "外蒙古公投中赞成独立的得票率为多少",
            "98.4%",
        ),
        (
            "漠河机场\n\n漠河机场于2006年动工，总投资2.38亿元人民币。\n\n机场跑道长2200米。",
            "漠河机场的投资金额是多少",
            "2.38亿元",
        ),
        # how long or how old is said by a duration or an age, whatever the verb
        (
            "陈诚\n\n陈诚考入杭州体专学校，只读了一个月即毕业。\n\n陈诚后来进入保定军校。",
            "陈诚在杭州体专学校中仅花费多少时间即毕业",
            "一个月",
        ),
        (
            "美军\n\n美国公民在父母同意的情况下，17岁即可申请加入美军。\n\n美军分为陆海空三军。",
            "美国公民在父母同意下申请加入美军要年满几岁",
            "17岁",
        ),
        # a code asked is answered by the sentence giving it
        (
            "鹤哈高速\n\n鹤岗－哈尔滨高速公路全长约500公里。\n\n鹤哈高速在国家高速公路网的编号为G11。",
            "鹤哈高速在国家高速公路网的编号是多少",
            "G11",
        ),
    ],
)
def test_what_a_figure_is_of_is_said_by_the_figure_asked(tmp_path, article, question, said):
    assert said in beside_a_neighbour(tmp_path, article).ask(question).answers[0].text


@pytest.mark.parametrize(
    ("article", "question", "said"),
    [
        (
            "吴少阳\n\n吴少阳，沧州清池人。唐代申蔡节度使。\n\n元和九年吴少阳卒。",
            "吴少阳的籍贯是哪里",
            "沧州清池人",
        ),
        ("凌云\n\n凌云，原名李凌云，是一位作家。\n\n凌云住在台北。", "凌云原来的名字叫什么", "原名李凌云"),
        (
            "卢安达\n\n卢安达地处非洲中东部，西接刚果，北邻乌干达，南部与蒲隆地交界。\n\n卢安达的首都是基加利。",
            "卢安达的北边与哪一个国家相邻",
            "北邻乌干达",
        ),
        (
            "潜江\n\n潜江全境都是平原，属亚热带季风性湿润气候，雨量充沛。\n\n潜江以小龙虾闻名。",
            "依照全球气候分类，潜江可以被归类为哪一种气候",
            "属亚热带",
        ),
    ],
)
def test_a_relation_is_said_by_the_form_that_states_it(tmp_path, article, question, said):
    assert said in beside_a_neighbour(tmp_path, article).ask(question).answers[0].text


# The words of a relation, said as they are elsewhere: what a biography says by its form instead.
RELATIONS = "名录\n\n书中记有每人的母亲、老师、病逝的年份、谥号和故居的地址。\n\n名录共十卷。"


@pytest.mark.parametrize(
    ("article", "question", "said"),
    [
        ("李明远\n\n李明远以诗文闻名。\n\n李明远，江南人，父李成、母王氏。", "李明远的母亲是谁", "母王氏"),
        ("陈远\n\n陈远后来移居上海。\n\n陈远少年时拜画家周平为师。", "陈远的老师是谁", "周平为师"),
        (
            "张文启\n\n张文启善画山水，1790年迁居杭州。\n\n张文启晚年隐居乡里，1802年病卒于家中。",
            "张文启在哪一年病逝",
            "1802年",
        ),
        ("青石桥\n\n青石桥建于明代。\n\n青石桥位于江西省南丰县城东。", "青石桥的地址在哪里", "位于江西省"),
        (
            "赵德安\n\n赵德安著有文集十卷。\n\n赵德安官至礼部尚书，卒后谥文恪。",
            "赵德安的谥号是什么",
            "谥文恪",
        ),
    ],
)
def test_a_parent_teacher_death_place_or_title_is_said_in_a_biography_s_own_form(
    tmp_path, article, question, said
):
    qa = corpus_qa(tmp_path, {"article": article, "relations": RELATIONS, "weather": NEIGHBOUR})
    answer = qa.ask(question).answers[0]
    assert said in answer.text
    # Said in full, as if by the word itself: not half, as by a character of it.
    q = read_question(question, qa.index, qa.tokenizer)
    relation = next(w for w in q.words if w.text in RELATIONS)
    credits = dict(Coverage(q, qa.index, qa.tokenizer).credits(answer.sentence.id, nearby=True))
    assert credits[relation] == IN_SENTENCE


@pytest.mark.parametrize(
    ("article", "question", "said"),
    [
        (
            "会通河\n\n会通河于1289年开工，全长125公里。\n\n会通河是京杭大运河的一段。",
            "会通河在哪一年开始动工",
            "1289年开工",
        ),
        (
            "蒙古人民共和国\n\n蒙古人民共和国实行一党制。\n\n蒙古人民共和国的首都是乌兰巴托。",
            "蒙古人民共和国采行的是哪种政治体制",
            "实行一党制",
        ),
        # what a figure is asked of, too: 打捞 is said by 捕捞
        (
            "东海渔业\n\n2023年东海渔船共捕捞带鱼3万吨。\n\n东海渔场位于浙江外海。",
            "2023年东海渔船一共打捞了多少带鱼",
            "3万吨",
        ),
    ],
)
def test_an_act_is_said_by_a_verb_around_the_same_morpheme(tmp_path, article, question, said):
    result = beside_a_neighbour(tmp_path, article).ask(question)
    assert not result.no_answer and said in result.answers[0].text


def test_a_relative_time_is_matched_as_news_writes_it(tmp_path):
    """People ask 今早 where news writes 今晨 (config/synonyms.yaml)."""
    article = "北京天气\n\n本周北京大部分时间晴，北京最低气温在零下3℃左右。\n\n今晨气温继续下降，07时最低气温跌至零下5.2℃。"
    assert "零下5.2℃" in beside_a_neighbour(tmp_path, article).ask("北京今早最低气温是几度").answers[0].text


def test_everyday_words_do_not_make_a_question_unanswerable(small):
    answer = small.ask("甘肃一共缴获了多少公斤海洛因冰毒呢").answers[0]
    assert "500余公斤" in answer.text


def test_a_question_in_the_text_is_never_an_answer(small):
    result = small.ask("有轨电车的故障多吗", count=5)
    assert all("？" not in a.text for a in result.answers + result.closest)


def test_who_is_a_person_gets_the_sentence_naming_the_office(small):
    answer = small.ask("王立新是谁").answers[0]
    assert "常务副主任王立新" in answer.text


def test_who_holds_an_office_is_its_holder_not_a_deputy(tmp_path):
    qa = corpus_qa(
        tmp_path,
        {
            "henan": "河南黄河保护治理新闻发布会\n\n"
            "河南省委常委、常务副省长孙守刚介绍，河南深入贯彻落实总书记重要要求，河南黄河治理取得了重要进展。\n\n"
            "河南省委副书记、省长王凯说，要锚定现代化河南建设目标。"
        },
    )

    def people(answer):  # the names an answer gives as the one asked for
        return [answer.text[a:b] for a, b in answer.figures]

    governor, deputy = qa.ask("河南省长是谁", count=2).answers
    assert people(governor) == ["王凯"] and people(deputy) == []
    assert people(qa.ask("河南常务副省长是谁").answers[0]) == ["孙守刚"]


def test_what_time_wants_a_time_of_day(small):
    answer = small.ask("张江有轨电车几点停运的").answers[0]
    assert "8:30" in answer.text and answer.text[answer.figures[0][0] : answer.figures[0][1]] == "8:30"


def test_a_label_and_figure_line_is_a_fact_not_a_heading(tmp_path):
    qa = corpus_qa(
        tmp_path,
        {"p": "旅游日票价\n\n1、上海野生动物园\n\n成人票原价：165元\n\n2、上海欢乐谷\n\n成人票原价：230元"},
    )
    answer = qa.ask("上海欢乐谷成人票原价多少钱").answers[0]
    assert answer.text == "成人票原价：230元" and answer.sentence.section == "2、上海欢乐谷"


def test_a_twin_figure_beside_the_one_asked_is_no_answer(small):
    """What a figure is asked of (制造业 PMI, 亏损) must be said, not only the topic around it."""
    result = small.ask("6月汇丰制造业PMI是多少")
    assert result.no_answer and "制造业" in result.message
    assert small.ask("沈阳有轨电车一年亏损多少").message == "资料中没有关于沈阳「亏损」的内容。"


def test_the_figure_asked_of_picks_among_its_twins(small):
    answer = small.ask("6月汇丰综合PMI多少").answers[0]
    assert "50.6" in answer.text


def test_a_count_of_people_wants_a_count(small):
    """多少人 is not answered by a length or a sum of money, only by a count."""
    assert small.ask("沈阳浑南有轨电车每天多少人坐").answers[0].text.startswith("沈阳浑南")
    assert small.ask("珠海有轨电车每天有多少人坐").no_answer  # 珠海 has only its losses, in 元


def test_a_list_title_keeps_the_heading_above_as_its_subject(small):
    answer = small.ask("上海迪士尼乐园旅游日午后票几点入园").answers[0]
    assert "下午三点" in answer.text and answer.citation.doc == "park"


def test_the_first_edition_is_said_in_either_way(small):
    answer = small.ask("甲大学第一届本科毕业生有多少人").answers[0]
    assert "32名" in answer.text


@pytest.mark.parametrize(
    "text, subject, named",
    [
        ("根据2012年七月的人口普查", "7月", True),
        ("十七月", "7月", False),
        ("只有土耳其承认其主权", "土耳其政府", True),
        ("国会通过了提高关税的法案", "美国国会", False),
        ("土耳其政府表示", "土耳其政府", True),
        ("乌兰察布的常住人口", "乌兰察布市", True),
        ("理藩院管理青海、新疆", "青海地区", True),  # a region is said by its name
        ("舟山现有民用机场1个", "舟山群岛", True),
        ("地区", "青海地区", False),
        ("本届是第1届", "首届", True),
        ("可参加第15届奥运会", "第十五届", True),
        ("第二十一届全运会开幕", "第21届", True),
        ("第115届广交会", "第15届", False),
        ("截至02月底", "2月", True),
        ("截至12月底", "2月", False),
    ],
)
def test_names_in_their_other_forms(text, subject, named):
    assert names(text, subject) is named
    # What is looked for before a text is read: a text that names the subject holds one of them.
    assert any(s in text for s in spellings(subject)) or not named


def test_a_name_no_article_spells_is_no_answer_without_reading_an_article(small, monkeypatch):
    read = []
    monkeypatch.setattr(qa_module, "names", lambda text, name: read.append(text) or names(text, name))
    result = small.ask("北京有多少禁毒社工")
    assert result.no_answer and "北京" in result.message
    assert read == []
    assert "120万人" in small.ask("湖南省有多少学生接受禁毒宣传").answers[0].text  # said 湖南
    assert 0 < len(read) <= 2  # of the two articles that say 湖南, the first one read says it


def test_an_article_titled_by_the_subject_holds_a_sentence_opening_on_another_place(tmp_path):
    qa = corpus_qa(
        tmp_path,
        {
            "guam": "关岛\n\n关岛是马里亚纳群岛最大的岛屿。\n\n美军基地占全岛土地的四分之一。",
            "other": "塞班岛\n\n塞班岛也有美军驻扎。",
        },
    )
    answer = qa.ask("关岛有四分之一的土地是什么").answers[0]
    assert "美军基地" in answer.text


def test_a_verb_asked_may_be_said_in_another_form_but_not_by_another_verb(small):
    assert "288条" in small.ask("某集团共有多少条生产线").answers[0].text  # 共有 → 合共
    assert small.ask("某集团查处了多少工人").no_answer  # 收治 does not say 查处


def test_a_place_the_rest_of_the_paragraph_names_grounds_the_sentence(tmp_path):
    """A paragraph may name its subject after the answer (Wikipedia often does): the sentence
    stands under it; another paragraph's place still does not ground it."""
    qa = corpus_qa(
        tmp_path,
        {
            "tv": (
                "电视机的历史\n\n"
                "最早的机械电视系统于1884年申请了专利。这一系统诞生在德国，发明人当时只有23岁。\n\n"
                "后来英国的工程师改进了它。"
            )
        },
    )
    answer = qa.ask("德国的机械电视系统在哪一年申请了专利").answers[0]
    assert "1884年" in answer.text
    assert qa.ask("法国的机械电视系统在哪一年申请了专利").no_answer


def test_a_paragraph_pointing_back_stands_under_the_whole_paragraph_before(tmp_path):
    """`但是，这两大算法…` goes on about the paragraph before, however far back in it the names
    are; a paragraph that does not point back stands only under that paragraph's last sentence."""
    before = (
        "密码学研究历史悠久。\n\n"
        "多年来，MD5和SHA-1是公认最安全的两大密码算法。它们应用范围很广。\n\n图片来源：摄图网\n\n"
    )
    pointing = corpus_qa(
        tmp_path / "pointing",
        {"crypto": "密码学的故事\n\n" + before + "但是，这两大算法却在2004年和2005年被先后破解了。"},
    )
    assert "2004年" in pointing.ask("MD5是什么时候被破解的").answers[0].text
    apart = corpus_qa(
        tmp_path / "apart",
        {"crypto": "密码学的故事\n\n" + before + "一种古典算法在2004年被破解了。"},
    )
    assert apart.ask("MD5是什么时候被破解的").no_answer


CPI = (
    "4月份居民消费价格\n\n"
    "2024年4月份，全国居民消费价格同比上涨0.3%。其中，城市上涨0.3%，农村上涨0.4%。\n\n"
    "食品价格下降2.7%，非食品价格上涨0.9%。消费品价格持平，服务价格上涨0.8%。\n\n"
    "4月份，全国居民消费价格环比上涨0.1%。"
)


def test_the_sentence_saying_what_is_asked_outranks_one_echoing_the_rest(tmp_path):
    """服务价格 is what 4月份服务价格同比涨了多少 asks about: the sentence that says it ranks above
    the one that repeats 4月份 and 同比 about all consumer prices."""
    qa = corpus_qa(tmp_path, {"cpi": CPI})
    assert "服务价格上涨0.8%" in qa.ask("4月份服务价格同比涨了多少").answers[0].text


def test_a_count_of_people_half_says_the_kind_of_person_asked(qa):
    """新发现321人 leaves out the noun its list has named already: it says 吸毒人员 in part, enough
    to rank above a sentence on another count of them, not enough to answer what another verb
    asks (外流贩毒被查获237人 is not who was 查处)."""
    assert "321人" in qa.ask("临夏州新发现了多少吸毒人员").answers[0].text
    assert qa.ask("临夏州查处了多少吸毒人员").no_answer


def test_names_no_sentence_stands_under_together_do_not_refuse_the_one_missing_fewest(tmp_path):
    """jieba's dictionary tags 曾效力 as a person: `莱昂德罗·内托曾效力过哪些球队` names 莱昂, 德罗
    and 曾效力, which no sentence stands under together. The article on 内托 misses only the
    false name; a footballer's article that says 曾效力 misses the real ones."""
    qa = corpus_qa(
        tmp_path,
        {
            "neto": "莱昂德罗·内托\n\n莱昂德罗·内托是巴西足球运动员。\n\n他先后效力于葡萄牙、塞尔维亚和巴西的球队。",
            "other": "某球员\n\n某球员是一名后卫，曾效力过多支中超球队。",
        },
    )
    answer = qa.ask("莱昂德罗·内托曾效力过哪些球队").answers[0]
    assert "葡萄牙、塞尔维亚和巴西" in answer.text
    assert qa.ask("莱昂德罗·内托在广州曾效力过哪些球队").no_answer  # a name no article names


def test_a_word_common_in_chinese_at_large_is_not_demanded_of_the_answer(tmp_path):
    """主要 is said in many ways (首要, 最大的, or not at all): an answer need not say it, though it
    still ranks a sentence that does. 海拔 must be said: 震源深度 is another height."""
    qa = corpus_qa(
        tmp_path,
        {
            "yan": "阎锡山\n\n阎锡山是民国时期山西的军阀。\n\n在中原大战中，阎锡山与蒋介石为敌，最终战败。",
            "quake": "泸定地震\n\n2月28日，泸定县发生4.8级地震，震源深度8千米。",
        },
    )

    def focus(question: str, sentence: str) -> tuple[float, float]:
        q = read_question(question, qa.index, qa.tokenizer)
        coverage = Coverage(q, qa.index, qa.tokenizer)
        sid = next(i for i in range(qa.index.size) if qa.index.texts[i].startswith(sentence))
        return coverage.focus(sid), coverage.focus(sid, common=False)

    ranked, checked = focus("阎锡山的主要对手是谁", "在中原大战中")
    assert ranked < 0.3 and checked == 1.0
    ranked, checked = focus("泸定地震震中海拔有多高", "2月28日")
    assert checked == ranked < 1.0


def test_a_paragraph_naming_a_place_of_its_own_does_not_stand_under_the_one_before(tmp_path):
    """`据山东某学院介绍…35家企业参与招聘` follows a line on 上海某大学: it is about 山东, and says
    nothing of 上海's job fair. A paragraph naming no place of its own goes on about 上海."""
    text = (
        "养老专业首届毕业生\n\n"
        "刘同学选择了养老服务管理专业。\n\n"
        "上海某大学副院长告诉记者，首届毕业生大多进入养老行业。\n\n"
    )
    qa = corpus_qa(
        tmp_path / "other",
        {"grads": text + "据山东某学院教师介绍，学校举办了双选会，35家企业参与招聘。"},
    )
    assert qa.ask("上海那场养老专业招聘会有几家企业参加").no_answer
    qa = corpus_qa(tmp_path / "same", {"grads": text + "学校举办了双选会，35家企业参与招聘。"})
    assert "35家" in qa.ask("上海那场养老专业招聘会有几家企业参加").answers[0].text


def test_how_a_question_asks_is_never_what_the_no_answer_says_is_lacking(tmp_path):
    """The article says everything 上海那场…有多少人参加 names but a count: 那场 and 人 are how it
    asks, and the reply does not claim the articles lack them."""
    qa = corpus_qa(
        tmp_path,
        {
            "fair": "上海某大学养老专业招聘会\n\n3月19日，上海某大学举办了养老服务管理专业专场招聘会，参加的同学很多。"
        },
    )
    refused = qa.ask("上海那场养老专业招聘会有多少人参加")
    assert refused.no_answer and refused.message == "资料中没有找到这个问题的答案。"


def test_an_occupation_question_is_answered_by_the_sentence_naming_the_trade(tmp_path):
    qa = corpus_qa(
        tmp_path,
        {
            "zou": (
                "邹游\n\n邹游，中国足球运动员，司职中场。\n\n"
                "邹游在2004年正式进入大连实德一线队开始职业足球生涯。"
            )
        },
    )
    assert "运动员" in qa.ask("邹游的职业是什么").answers[0].text


def test_a_relative_asked_for_is_a_person_in_a_sentence_saying_a_family_tie(tmp_path):
    """谁的儿子 wants the person a biography names as the parent (皇太极第五子), not any person
    the article names beside the subject (姜瓖)."""
    qa = corpus_qa(
        tmp_path,
        {
            "shuosai": (
                "硕塞\n\n硕塞（；），清太宗皇太极第五子，生母为侧妃叶赫那拉氏。\n\n"
                "姜瓖反叛期间，硕塞移师代州，解围有功，晋升亲王。"
            ),
            "dorgon": "多尔衮\n\n多尔衮是努尔哈赤的儿子。\n\n他的儿子早夭。",
        },
    )
    assert "皇太极第五子" in qa.ask("硕塞是谁的儿子").answers[0].text


def test_a_list_of_the_sort_asked_ranks_above_another_list(tmp_path):
    """哪些桥 wants bridges: 润扬大桥、泰州大桥、苏通大桥 has the sort asked, as 多少名 a figure in
    名; the toll stations listed beside them are a list of another sort."""
    qa = corpus_qa(
        tmp_path,
        {
            "jinghu": (
                "京沪高速封闭施工\n\n"
                "京沪高速封闭以后，车辆可以走无锡互通、无锡北、无锡东收费站。\n\n"
                "由于京沪高速江阴大桥封闭，车辆可从润扬大桥、泰州大桥、苏通大桥绕行过江。"
            )
        },
    )
    q = read_question("京沪高速封了以后有哪些桥可以绕行过江", qa.index, qa.tokenizer)
    coverage = Coverage(q, qa.index, qa.tokenizer)
    grounding = Grounding(qa.index, qa.tokenizer, asks_place=True)
    candidates = rank(q, qa.index, qa.tokenizer, qa.settings.ranking, coverage, grounding)
    sorted_as_asked = {qa.index.texts[c.sentence_id][:4]: c.parts["unit"] for c in candidates}
    assert sorted_as_asked == {"由于京沪": 1.0, "京沪高速": 0.0}


def test_a_time_said_by_pointing_back_is_dated_by_the_sentence_before_which_leads_it(tmp_path):
    article = "张远\n\n1988年，画家王平在北京举办个展。同年，张远移居巴黎，开始学习版画。\n\n张远擅长油画。"
    answer = beside_a_neighbour(tmp_path, article).ask("张远在哪一年移居巴黎").answers[0]
    assert answer.text.startswith("同年，张远移居巴黎")
    assert answer.lead == "1988年，画家王平在北京举办个展。"
    assert [answer.text[a:b] for a, b in answer.figures] == ["同年"]


def test_a_time_pointing_back_to_no_date_answers_no_when(tmp_path):
    article = "张远\n\n画家王平在北京举办个展。同年，张远移居巴黎，开始学习版画。\n\n张远擅长油画。"
    assert beside_a_neighbour(tmp_path, article).ask("张远在哪一年移居巴黎").no_answer


@pytest.mark.parametrize(
    ("article", "question", "said"),
    [
        pytest.param(
            "王平\n\n王平年轻时信奉的主义影响了他的一生，他常和朋友谈起。"
            "王平年轻时信奉新柏拉图主义，常读古书。\n\n王平后来成为画家。",
            "王平年轻时信奉什么主义",
            "新柏拉图主义",
            id="a thing named as of the sort asked",
        ),
        pytest.param(
            "地震\n\n这次6.1级地震的矩震级，各机构测定的结果不同，中国地震台网测定为6.1级。"
            "美国地质调查局测定这次地震为Mw5.9。\n\n当地没有人员伤亡。",
            "这次6.1级地震的矩震级是几级",
            "Mw5.9",
            id="not the figure the question gives in the unit it asks",
        ),
        pytest.param(
            "中山\n\n2014年，全市经济平稳增长；人均生产总值88953元。\n\n中山市是广东的城市。",
            "中山市哪一年人均生产总值为88953元",
            "2014年",
            id="the year heading a short sentence dates its clause after a semicolon",
        ),
    ],
)
def test_the_answer_ranked_first_says_what_is_asked(tmp_path, article, question, said):
    assert said in beside_a_neighbour(tmp_path, article).ask(question).answers[0].text


def test_a_word_another_section_s_heading_says_is_not_said_of_this_section(tmp_path):
    article = (
        "博物馆日\n\n上海中国航海博物馆\n\n成人票原价：30元\n\n备注：5月18日免费开放，其余日期半价\n\n"
        "上海汽车博物馆\n\n成人票原价：60元\n\n备注：5月18日世界博物馆日，1-3层免费参观"
    )
    qa = beside_a_neighbour(tmp_path, article)
    q = read_question("航海博物馆5月18号要不要门票", qa.index, qa.tokenizer)
    coverage = Coverage(q, qa.index, qa.tokenizer)

    def credit(said: str) -> float:
        (sid,) = [i for i in range(qa.index.size) if said in qa.index.texts[i]]
        return dict((w.text, c) for w, c in coverage.credits(sid))["航海"]

    assert credit("免费开放") == IN_SENTENCE  # its heading says it
    assert credit("世界博物馆日") == 0.0  # only another museum's heading says it
    assert qa.ask("航海博物馆5月18号要不要门票").answers[0].text.startswith("备注：5月18日免费开放")


def test_the_figure_marked_is_the_one_in_the_clause_the_question_matched(tmp_path):
    article = (
        "高温津贴\n\n北京高温津贴发放时间为每年6月至8月，每人每月不低于180元；"
        "上海高温津贴发放时间为每年6月至9月，每月300元。\n\n高温津贴由用人单位发放。"
    )
    answer = beside_a_neighbour(tmp_path, article).ask("上海高温津贴每月多少元").answers[0]
    assert [answer.text[a:b] for a, b in answer.figures] == ["300元"]


@pytest.mark.parametrize(
    ("article", "question", "marked"),
    [
        # a figure is said after what it measures: not yesterday's, before 降到
        ("南京将由昨天的20℃降到今天的8℃，创下半年以来新低。", "南京今天会降到几度", "8℃"),
        # a date before what happened then: not the year after 香港
        ("徐展堂1950年随家人奔赴香港，1954年入读皇仁书院。", "徐展堂在哪一年随家人奔赴香港", "1950年"),
        # not across a comma, and 人 in a figure is its unit, not what it counts
        ("那次大地震最终造成了2415人死亡，11305人受伤。", "那次大地震死亡多少人", "2415人"),
        # of two figures as close, the whole one
        ("人的视网膜中约有视杆细胞1.25亿。", "视网膜中有多少视杆细胞", "1.25亿"),
    ],
)
def test_the_figure_marked_is_said_after_what_it_measures_and_a_date_before(
    tmp_path, article, question, marked
):
    answer = beside_a_neighbour(tmp_path, f"要闻\n\n{article}").ask(question).answers[0]
    assert [answer.text[a:b] for a, b in answer.figures] == [marked]


def test_a_where_question_is_answered_by_a_place_jiebas_dictionary_takes_for_a_person(tmp_path):
    article = (
        "南沙邮轮航线\n\n★11月25日的邮轮是前往宫古岛的5晚6天旅程。\n\n"
        "★旅客还可以选择11月30日出发，坐邮轮到岘港体验东南亚风情。"
    )
    answer = beside_a_neighbour(tmp_path, article).ask("11月25号那班邮轮去哪里").answers[0]
    assert "宫古岛" in answer.text


def test_the_figure_marked_is_not_a_number_in_a_name_the_question_says(tmp_path):
    article = "甲醇汽车\n\n研究表明，甲醇车产生的PM2．5排放比同款汽油车要低80％之多。"
    answer = beside_a_neighbour(tmp_path, article).ask("甲醇车的PM2.5排放比汽油车低多少").answers[0]
    assert [answer.text[a:b] for a, b in answer.figures] == ["80％"]


def test_a_date_found_sentences_back_leads_the_answer_with_a_mark_of_the_gap(tmp_path):
    article = (
        "周平\n\n1988年，画家周平在北京举办个展。展览持续了整整一个月之久。前来参观的观众络绎不绝。"
        "同年，周平移居巴黎，开始学习版画。\n\n周平擅长油画。"
    )
    answer = beside_a_neighbour(tmp_path, article).ask("周平在哪一年移居巴黎").answers[0]
    assert answer.text.startswith("同年，周平移居巴黎")
    assert answer.lead == "1988年，画家周平在北京举办个展。……"


def test_a_degree_asked_as_high_is_answered_by_a_share(tmp_path):
    article = "太空养鱼\n\n斑马鱼作为模式生物，与人类基因组相似度高达87%，可以作为研究模型。"
    answers = beside_a_neighbour(tmp_path, article).ask("斑马鱼和人类基因组相似度有多高").answers
    assert answers and "87%" in answers[0].text


def test_a_place_nothing_near_the_question_names_is_refused_when_the_best_sentence_opens_on_another(
    tmp_path,
):
    # 浙江 is named (by an article on something else) but no candidate stands under it; the best
    # sentence is about 上海 by its opening word, so 浙江's allowance is not 上海's.
    qa = corpus_qa(
        tmp_path,
        {
            "allowance": "多地高温津贴数年未涨\n\n上海高温津贴标准为每月200元。\n\n北京高温津贴发放时间为每年6月至8月。",
            "lake": "浙江西湖\n\n西湖景区全年免费开放。",
            "weather": NEIGHBOUR,
        },
    )
    result = qa.ask("浙江的高温津贴每个月发多少")
    assert result.no_answer and result.message.startswith("资料中没有关于「浙江」")
    assert "200元" in qa.ask("上海的高温津贴每个月发多少").answers[0].text


def test_a_count_in_the_general_measure_word_answers_when_it_names_what_is_counted(tmp_path):
    # 个 counts anything, so 42个活跃的断层 answers 多少条; but not what it does not name (400多个
    # of 岗位 counts no 课) and not in another measure (3个月).
    article = (
        "台湾的地质\n\n台湾位于板块交界处，拥有42个活跃的断层。\n\n岛上设有35个站点监测地震。"
        "\n\n今年的招聘会提供就业岗位400多个。\n\n台湾的地铁已连续3个月亏损。"
    )
    qa = beside_a_neighbour(tmp_path, article)
    assert "42个" in qa.ask("台湾一共有多少条活跃断层").answers[0].text
    assert qa.ask("台湾一共有多少座站点").answers[0].text.startswith("岛上设有35个站点")
    assert qa.ask("台湾的招聘会开了几门就业课").no_answer  # 400多个 are 岗位
    assert qa.ask("台湾的地铁一年亏损多少钱").no_answer  # 3个月 is no sum


def test_a_month_the_title_gives_otherwise_is_not_grounded_by_the_articles_date(tmp_path):
    # A report on 4月, published on 5月11日: its date does not make it about 5月.
    article = (
        "2024年4月全国CPI同比上涨0.3%\n2024-05-11 09:30 · 国家统计局\n\n"
        "2024年4月份，全国居民消费价格同比上涨0.3%。\n\n"
        "其他七大类价格同比均上涨。其中，衣着、医疗保健价格均上涨1.6%。"
    )
    qa = beside_a_neighbour(tmp_path, article)
    assert qa.index.articles.heading(0).date == "2024-05-11"
    result = qa.ask("2024年5月份衣着价格同比涨了多少")
    assert result.no_answer and "5月" in result.message
    assert "1.6%" in qa.ask("2024年4月份衣着价格同比涨了多少").answers[0].text


def test_a_sentence_opens_on_another_name_only_when_the_question_names_it_nowhere(tmp_path):
    qa = corpus_qa(tmp_path, {"port": "港口\n\n上海港去年集装箱吞吐量4900万标箱。", "weather": NEIGHBOUR})
    sid = next(i for i in range(qa.index.size) if "吞吐量" in qa.index.texts[i])
    grounding = Grounding(qa.index, qa.tokenizer)
    assert grounding.opens_on_another(sid, "浙江", ("浙江",))  # about 上海, not 浙江
    # 上海 is the question's own other subject (浙江沿海的上海港…): nothing said of another place
    assert not grounding.opens_on_another(sid, "浙江", ("浙江", "上海港"))
    # where a place is asked, a sentence opening on one may be the answer
    assert not Grounding(qa.index, qa.tokenizer, asks_place=True).opens_on_another(sid, "浙江", ("浙江",))


def test_a_heading_naming_the_month_grounds_it_whatever_the_title_says(tmp_path):
    article = (
        "2024年4月全国CPI同比上涨0.3%\n2024-05-11 09:30 · 国家统计局\n\n"
        "一、5月份初步预测\n\n衣着价格预计上涨1.9%，医疗保健价格预计上涨1.2%。"
    )
    answer = beside_a_neighbour(tmp_path, article).ask("2024年5月份衣着价格预计上涨多少").answers
    assert answer and "1.9%" in answer[0].text


def test_a_sum_or_a_stake_asked_is_not_answered_by_a_length_or_a_price(tmp_path):
    qa = corpus_qa(
        tmp_path,
        {
            "port": "南沙邮轮母港\n\n目前建设的一期工程岸线总长770米，建成邮轮泊位2个。",
            "geely": "吉利投资冰岛公司\n\n吉利与碳循环国际公司签署一项总额为4500万美元的投资协议。",
            "weather": NEIGHBOUR,
        },
    )
    assert qa.ask("南沙邮轮母港一期工程总投资多少").no_answer
    assert qa.ask("吉利在碳循环国际公司占多少股份").no_answer
    assert "770米" in qa.ask("南沙邮轮母港一期工程岸线有多长").answers[0].text


def test_a_half_of_a_year_asked_is_not_answered_by_another_period(tmp_path):
    qa = corpus_qa(
        tmp_path,
        {
            "notice": "某公司更正公告\n\n本公司2005年第一季度实现净利润为人民币93,708,580元。",
            "report": "乙公司2005年上半年业绩报告\n\n乙公司预计下半年净利润为2亿元。",
            "weather": NEIGHBOUR,
        },
    )
    result = qa.ask("某公司2005年上半年净利润是多少")
    assert result.no_answer and "上半年" in result.message
    assert qa.ask("乙公司2005年上半年净利润是多少").no_answer  # the sentence says 下半年 of its own
    assert "93,708,580元" in qa.ask("某公司2005年一季度净利润是多少").answers[0].text


def test_a_sum_a_company_reports_is_not_said_by_another_sum(tmp_path):
    article = "某公司年报\n\n本公司2005年实现营业收入93亿元，同比增长12%。"
    qa = beside_a_neighbour(tmp_path, article)
    assert "93亿元" in qa.ask("某公司2005年营业收入是多少").answers[0].text
    assert qa.ask("某公司2005年净利润是多少").no_answer  # revenue is no profit
