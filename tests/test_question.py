"""What a question asks: its kind, the units that answer it, its subjects, and which of its words
only say how it is asked."""

from __future__ import annotations

import random
import re

import pytest

from retrieval.answer import shapes
from retrieval.answer.question import analyze
from retrieval.answer.shapes import (
    PEOPLE,
    clock_times,
    codes,
    dates,
    definitions,
    enumerations,
    figures,
    finder,
    has_count,
    has_unit,
    holders,
    names,
    namings,
    occupations,
    of_kind,
    of_sort,
    places,
    reasons,
    roles,
    times_back,
)
from retrieval.index.tokenizer import PERSON_TAGS


@pytest.fixture(scope="module")
def tokenizer(qa):
    return qa.tokenizer


def everyday(question) -> set[str]:
    return {w.text for w in question.words if w.everyday}


@pytest.mark.parametrize(
    "text, word",
    [
        ("兖煤澳洲这两年一共亏了多少", "一共"),
        ("呼和浩特生二孩能领多少育儿津贴", "领"),
        ("万达这次投资同程出了多少钱", "这次"),
        ("吉利是在哪个城市签的协议", "城市"),  # the noun after 哪 is the kind of answer
        ("同程旅游花了多少钱", "钱"),  # the measure after 多少
        ("铜仁市内哪一个族群的人口最多", "族群"),  # over the numeral after 哪
        ("范白虎据守的是哪座城市", "城市"),  # 哪 with its measure word, as 哪一个
    ],
)
def test_words_that_only_say_how_one_asks_are_everyday(tokenizer, text, word):
    assert word in everyday(analyze(text, tokenizer))


@pytest.mark.parametrize(
    "text, word",
    [
        ("沈阳有轨电车一年亏损多少", "亏损"),
        ("湖南缴获海洛因冰毒多少公斤", "缴获"),
        ("湖南有多少禁毒社工", "禁毒社工"),  # the thing counted is the fact asked
        ("广州常年什么时候入冬", "入冬"),  # after 什么时候, the verb is what is asked
        ("泸定地震震中海拔有多高", "海拔"),
    ],
)
def test_the_fact_asked_is_not_everyday(tokenizer, text, word):
    question = analyze(text, tokenizer)
    assert word in {w.text for w in question.words} and word not in everyday(question)


def test_the_kind_of_answer_is_no_subject(tokenizer):
    """城市 is tagged as a place by jieba's dictionary; after 哪座 it names the kind of answer,
    and an answer need not say it."""
    assert analyze("范白虎据守的是哪座城市", tokenizer).entities == ("白虎",)


@pytest.mark.parametrize(
    ("text", "sort"),
    [
        ("有哪些桥可以绕行", "桥"),
        ("哪两所学校最早开设这个专业", "学校"),  # past the count: 两所 is no sort
        ("哪一家报纸使用梵语", "报纸"),
        ("新巴82线来往于哪两个地方", "地方"),
        ("李思摩被册封为什么官职", "官职"),  # 为|什么: as what, not why
    ],
)
def test_the_noun_after_the_asking_words_names_the_sort_and_is_not_demanded(tokenizer, text, sort):
    question = analyze(text, tokenizer)
    assert question.sort == sort
    assert sort in everyday(question)


def test_subjects_are_places_times_and_models(tokenizer):
    question = analyze("2019年4月份湖南MD5算法的4.8级测试结果", tokenizer)
    assert {"湖南", "2019年", "4月", "md5", "4.8"} <= set(question.subjects)
    assert analyze("2005年上半年净利润是多少", tokenizer).times == ("2005年", "上半年")
    assert "城市" not in analyze("甘肃哪个城市最大", tokenizer).subjects
    # a decade is also said 50年代: not demanded as a year
    assert analyze("哪一种艺术形式在1950年代被官方鼓励", tokenizer).times == ()


def test_the_份_of_a_month_is_no_word_of_its_own(tokenizer):
    question = analyze("4月份服务价格涨了多少", tokenizer)
    assert "月份" not in [w.text for w in question.words] and question.times == ("4月",)
    assert "月份" in [w.text for w in analyze("哪个月份服务价格涨得最多", tokenizer).words]


@pytest.mark.parametrize(
    "text, kind, unit",
    [
        ("余震是几点发生的", "clock", None),
        ("中青旅的董事长叫啥名字", "person", None),  # the name of an office's holder
        ("珠海有轨电车啥时候停运的", "time", None),  # 啥 as people say 什么
        ("魏少军是干啥的", "occupation", None),
        ("为啥四川盆地西边都有震感", "reason", None),
        ("市长叫什么名字", "person", None),
        ("首席部长是什么级别的称呼", "definition", None),  # not a name asked
        ("震源有多深", "quantity", "米"),
        ("北京今早最低冷到几度", "quantity", "℃"),
        ("4月CPI同比涨了几个点", "quantity", "%"),
        ("大地震是哪一年", "time", "年"),
        ("研究是哪天发的", "time", "日"),
        ("有哪些桥可以绕行", "list", None),
        ("王立新是谁", "role", None),
        ("未来科学大奖颁给了谁", "person", None),
        ("阳泉创建了多少所禁毒示范学校", "quantity", "所"),
        ("高速公路有多少公里", "quantity", "公里"),
        ("乙市计划新建多少公共充电桩", "quantity", None),  # 公共 only starts like 公里
        ("全市有多少人口", "quantity", None),
        ("吉利在碳循环公司占几成股份", "quantity", "成"),
        ("山东女子学院的微专业开几门课", "quantity", "门"),
        ("摩加迪休是哪一国家的海港", "place", None),
        ("高温津贴为什么落实不到位", "reason", None),
        ("哪两所学校最早开设这个专业", "list", None),
        ("灰凤冠雉的体长是多少", "quantity", "厘米"),
        ("体长是体高的几倍", "quantity", "倍"),
        ("漠河机场的投资金额是多少", "quantity", "元"),
        ("邮轮母港一期工程总投资多少", "quantity", "元"),  # a sum: not 总长770米
        ("同程旅游2014年营收多少", "quantity", "元"),
        ("吉利在碳循环公司占多少股份", "quantity", "%"),  # a stake is a share
        ("吉利控股持有戴姆勒多少股份", "quantity", None),  # shares held: counted in 股
        ("红杉资本去年投资多少个项目", "quantity", "个"),  # a count, not a sum
        ("赞成独立的得票率为多少", "quantity", None),  # a rate may be said in 成 or 分 too
        ("超过多少百分比的学生来自海外", "quantity", "%"),
        ("布尔什维克于西元几年接管亚塞拜然", "time", "年"),  # 西元几年 is a year, not a duration
        ("几何光学又称为什么", "alias", None),  # 几何 is geometry, 几 asks nothing
        ("鹤哈高速公路在国家高速公路网的编号是多少", "code", None),
        ("许多高校于1969年迁出北京是因为哪一场革命", None, None),  # 许多高校 asks no height
        ("黏性与其哪一种淀粉的比例有关", None, "%"),  # the share is no question here
        ("进出口占GDP的比重是多少", "quantity", "%"),
        ("植物园占地几英亩", "quantity", "英亩"),
        ("屈臣氏酒窖在香港设有多少家分店", "quantity", "间"),  # 28间 counts shops as 家 does
        ("新浪漫号一共有多少间房", "quantity", "间"),  # jieba glues 间房, a word it does not know
        ("斑马鱼和人类基因组相似度有多高", "quantity", "%"),  # a degree asked as high: a share
        ("失业率有多高", "quantity", "%"),
        ("那座山有多高", "quantity", "米"),
        ("地震烈度有多大", "quantity", None),  # 烈度 is said in 度, no share
        ("申诉专员的任期是多长", "quantity", "年"),  # a term is long in time
        ("最长可以录制多久", "quantity", "秒"),
        ("他在足协杯总共攻入了几球", "quantity", "球"),
        ("波旁尼克手抄本现存多少页", "quantity", "页"),
        ("升庵桂湖的总面积是多少", "quantity", "m²"),
        ("北京20几所高校的学生在哪里游行", "place", None),  # 20几所: twenty-odd
        ("这几年他们把这手法称为什么", "alias", None),
        ("品牌价值约为多少", "quantity", "元"),
        ("柏培拉港花了欧盟多少经费", "quantity", "元"),
        ("几千年来电只是学者的玩物，直到哪位学者才有严谨的研究", "person", None),  # 几千: thousands
        ("哪位皇帝发动了几次战役，击退了保加利亚", "person", None),  # 几次: a few, 哪位 asks
        ("卫星在哪个区域内运作，每隔几天就要启动引擎", "place", None),  # 几天 asks no duration
        ("谁在几岁时登基", "person", None),
        ("哪几个国家参加了会议", "list", "个"),
        ("零售价上涨了多少", "quantity", None),  # a rise may be a share
        ("坐船要花多少时间", "quantity", "小时"),
        ("椰子猫又称什么", "alias", None),
        ("大雄宝殿在日本被称为什么", "alias", None),  # not a why-question
        ("北海道的原名是?", "alias", None),
        ("马来西亚有什么样的简称", "alias", None),
        ("福州人又可以被称作哪里人", "alias", None),  # a name asked for, of a place
        ("燕京是哪一个城市的旧名", "alias", None),
        ("熊猫小熊猫又被译成什么", "alias", None),  # 译成: a naming word
        ("嬴政的名字叫什么", "person", None),
        ("重庆简称渝是从哪个皇帝开始", None, None),  # the other name is given, not asked
        ("邹游的职业是什么", "occupation", None),
        ("郝德泉从事什么职业", "occupation", None),
        ("邓兆棠本身是做什么的", "occupation", None),
        ("青木广彰一直从事什么运动项目", None, None),  # a sport, not a trade
        # 为什么 is "as what" when only a noun follows, or nothing but the end
        ("李思摩被册封为什么官职", None, None),
        ("索靖去世后被追封为什么", None, None),
        ("盲点呈现为什么样的形状", None, None),
        ("这是为什么", "reason", None),
        ("约克镇在什么时后被美军占领", "time", None),  # 时后: 时候 as often mistyped
        ("徐晓飞为什么中途退役过", "reason", None),
        ("詹姆斯·布拉多克为什么退休", "reason", None),
    ],
)
def test_kinds_and_the_units_that_answer(tokenizer, text, kind, unit):
    question = analyze(text, tokenizer)
    assert question.kind == kind
    assert (unit in (question.unit or "").split("|")) if unit else question.unit is None


def spans(found, text):
    return [text[a:b] for a, b in found]


@pytest.mark.parametrize(
    ("question", "office"),
    [
        ("河南省长是谁", "省长"),
        ("湖南省禁毒办常务副主任是谁", "副主任"),
        ("王立新是谁", None),
        ("省长说了什么", None),
    ],
)
def test_a_who_question_names_the_office_whose_holder_it_asks(tokenizer, question, office):
    assert analyze(question, tokenizer).office == office


def test_the_holder_of_an_office_is_named_beside_it_and_a_deputy_holds_another():
    text = "河南省委常委、常务副省长孙守刚介绍。省委副书记、省长王凯说。王立新省长到场"
    people = [(text.index(n), text.index(n) + len(n)) for n in ("孙守刚", "王凯", "王立新")]
    held = [text[a:b] for a, b in holders(text, people, "省长")]
    assert held == ["王凯", "王立新"]
    assert [text[a:b] for a, b in holders(text, people, "副省长")] == ["孙守刚"]


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("体长可达33公分", "33公分"),
        ("厚度大约有1厘米", "1厘米"),
        ("雄性约有13英寸长", "13英寸"),
        ("长10呎", "10呎"),
    ],
)
def test_lengths_in_every_common_unit_are_figures(text, figure):
    assert spans(figures(text, "米|厘米|公分|英寸|呎"), text) == [figure]


def test_a_name_ending_in_a_places_generic_word_is_a_place_whatever_jieba_tags_it(tokenizer):
    text = "前往宫古岛及岘港，拜访王小山"  # jieba's dictionary has 宫古岛 as a person
    _, words = tokenizer.segment(text)
    assert spans(places(words, tokenizer), text) == ["宫古岛", "岘港"]


def test_a_number_in_a_name_is_no_figure():
    text = "PM2.5排放低80%，G20峰会召开，A320客机，第3名"
    assert spans(figures(text), text) == ["80%", "3名"]


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("孝文帝太和十九年，创《北魏律》", "十九年"),
        ("建兴元年（223年）", "元年"),
        ("民国34年日本投降后", "民国34年"),
        ("最早见于19世纪60年代", "19世纪60年代"),
        ("约2.51亿年前", "2.51亿年前"),
    ],
)
def test_a_reign_year_a_century_and_years_ago_are_dates(text, date):
    assert date in spans(dates(text), text)


def test_a_lunar_day_names_the_day():
    text = "燕军十月廿一入松亭关，七月初十攻入北平"
    assert spans(dates(text, "日|号"), text) == ["十月廿一", "七月初十"]


@pytest.mark.parametrize(
    ("text", "share"),
    [
        ("消灭了帝国三分之一的人口", "三分之一"),
        ("阿拉巴马州山地占3/5左右", "3/5"),
        ("人口减少了一半", "一半"),
        ("有10%的学生来自海外", "10%"),
    ],
)
def test_fractions_are_shares(text, share):
    assert spans(figures(text, "个百分点|%|％"), text) == [share]
    assert has_unit(text, "个百分点|%|％")


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("大莱龙铁路总投资11.42亿元", "亿元"),  # 亿 is read apart from 元
        ("桂湖总面积46,600m²", "平方米|m²"),
        ("手抄本现存36页", "页"),
        ("人民议会共计500席", "席"),
        ("通过4亿5000万加元的经费", "元|英镑"),  # any currency in 元
        ("仅花费一个月即毕业", "个月"),
        ("最长可录制30秒", "秒"),
        ("在申花效力了一个半赛季", "赛季"),
        ("枪管14 英吋到30 英吋不等", "米|英寸|英吋"),
        ("最高气温五摄氏度", "℃|度"),  # 摄氏 between the figure and 度
        ("平均气温约为68华氏度", "℃|度"),
        ("这次地震震级Mw7.37，是今年最大地震", "级"),  # magnitudes as seismologists write them
        ("体波震级mb 5.2", "级"),
    ],
)
def test_a_figure_in_the_unit_asked(text, unit):
    assert has_unit(text, unit)


def test_codes_of_letters_and_digits():
    text = "鹤哈高速的编号为G11，规划中称为L2线，不是2019年。"
    assert spans(codes(text), text) == ["G11", "L2"]


def test_a_date_with_slashes_is_no_share():
    assert not has_unit("2012/7/1发布", "个百分点|%|％")


@pytest.mark.parametrize(
    ("text", "figure"),
    [("从设计到流片只用了一年半时间", "一年"), ("全程约一个半小时", "约一个半小时"), ("花了两年半", "两年")],
)
def test_a_duration_with_a_half_is_a_figure(text, figure):
    assert spans(figures(text, "年|个月|小时"), text) == [figure]
    assert has_unit(text, "年|个月|小时")


def test_a_magnitude_is_written_with_m_and_not_every_m_before_a_digit_is_one():
    text = "震级Mw7.37，面积120m2"
    assert spans(figures(text, "级"), text) == ["Mw7.37"]
    for text in ("苹果M2芯片", "M4卡宾枪", "宝马M3跑车"):
        assert not has_unit(text, "级")


@pytest.mark.parametrize(
    ("text", "unit", "back"),
    [
        ("同年香港歌手某某也辞世", "年", ["同年"]),
        ("也正是在这一年，《泰晤士报》开始在第一版刊登新闻", "年", ["这一年"]),
        ("次日，大军渡河", "日|号", ["次日"]),
        ("次年，李华随父母迁居杭州", "日|号", []),  # 次年 gives no day
        ("这所学校吸引了不同年龄的学员", "年", []),
        ("于是年轻的赵刚去了北京", "年", []),
        ("这一年代的建筑多用石料", "年", []),
        ("这在当地相当日常", "日|号", []),
    ],
)
def test_a_time_points_back_when_it_opens_a_clause_and_dates_as_far_as_asked(text, unit, back):
    assert spans(times_back(text, unit), text) == back


def test_a_lone_one_is_still_no_figure():
    assert figures("一起把一年的工作做完", "年") == []


def test_a_span_of_years_is_not_a_date():
    assert dates("经过了三十年的努力，十年后建成") == []


def test_a_year_pointed_at_is_not_a_date():
    """这一年 and 同一年 say which year only with the sentence before: they do not answer 哪一年."""
    assert dates("也正是在这一年，《泰晤士报》开始在第一版刊登新闻；同一年报社迁址") == []


def test_an_alias_question_wants_the_other_name_said_and_not_its_own_naming_word(tokenizer):
    question = analyze("当惹雍错又叫什么", tokenizer)
    assert [w.text for w in question.words] == ["当惹雍错"]  # 又叫 is how it asks, never demanded
    text = "当惹雍错，又名唐古拉雍木错，是一个咸水湖"
    assert spans(namings(text), text) == ["又名"]


def test_shapes_find_what_each_kind_wants():
    assert spans(clock_times("主震后，8:11分又发生6级余震"), "主震后，8:11分又发生6级余震") == ["8:11分"]
    assert "下午三点" in spans(clock_times("午后票下午三点起入园"), "午后票下午三点起入园")
    assert spans(figures("震源深度8千米，震级4.8级", "米|千米"), "震源深度8千米，震级4.8级") == ["8千米"]
    text = "上一次大地震发生于1786年6月1日"
    assert spans(dates(text, "年"), text) == ["1786年6月1日"]
    assert dates("今年两校共迎来近100名毕业生", "日") == []
    text = "可绕行润扬大桥、泰州大桥、苏通大桥过江"
    assert any("润扬大桥、泰州大桥、苏通大桥" in s for s in spans(enumerations(text), text))
    assert spans(roles("省禁毒办常务副主任王立新说"), "省禁毒办常务副主任王立新说") == ["主任"]
    text = "煤价一泻千里，导致收入下滑"
    assert spans(reasons(text), text) == ["导致"]


def test_figures_with_no_measure_word():
    text = "中国6月汇丰综合PMI为50.6，前值51.2。"
    assert spans(figures(text), text) == ["50.6", "51.2"]
    text = "多伦多人口达2,790,060，为最大城市"
    assert spans(figures(text), text) == ["2,790,060"]
    text = "多伦多人口达2,790,060,为最大城市"  # as normalised: the comma ends the clause
    assert spans(figures(text), text) == ["2,790,060"]
    assert spans(figures("围城至少持续半年", "年"), "围城至少持续半年") == ["半年"]
    assert not has_unit("下半年增长", "年|个月")
    assert not has_unit("至少持续超过半年", "%")  # 过半 of 超过半年 is no share
    text = "常态兵力约二十万,极限动员时可能有四十万"
    assert spans(figures(text), text) == ["二十万", "四十万"]
    assert spans(figures("千万不要"), "千万不要") == []


def test_a_count_is_a_figure_that_counts():
    assert has_count("日均客流1000人次左右", PEOPLE) and has_count("人口达2,790,060")
    assert not has_count("营运13年后停运") and not has_count("震源深度12千米", PEOPLE)
    assert not has_count("每年亏损约9000万元", PEOPLE)
    assert not has_count("门票3,000元", PEOPLE) and not has_count("亏损5万余元", PEOPLE)
    text = "市值3.5亿美元，2019.10发布"
    assert spans(figures(text), text) == ["3.5亿美元"]


@pytest.mark.parametrize(
    "text, asked",
    [
        ("沈阳有轨电车一年亏损多少", ("亏损",)),  # not 沈阳, not 一年
        ("2015年6月汇丰制造业PMI是多少", ("pmi", "制造业")),
        ("上海生二孩能领多少育儿津贴", ("育儿", "津贴")),
        ("歌诗达新浪漫号能载多少客人", ()),  # a common noun has many wordings (游客, 载客量)
        ("集团合共有多少条生产线", ("生产线", "共有")),
        ("临夏州查处了多少吸毒人员", ("吸毒人员", "查处")),  # the verb is the fact asked
        ("大地震是哪一年", ()),  # only figures and ranks are asked of something
    ],
)
def test_what_a_figure_is_asked_of(tokenizer, text, asked):
    assert analyze(text, tokenizer).asked == asked


def test_a_preposition_glued_to_a_name_is_split_off(tokenizer):
    seen = {"北魏": 5, "事件": 9, "发生": 20}.get
    words = [w.text for w in analyze("哪一个事件于北魏发生", tokenizer, lambda w: seen(w, 0)).words]
    assert "北魏" in words and "于北魏" not in words


def test_a_conjunction_glued_to_a_verb_is_split_off(tokenizer):
    seen = {"沈龙元": 3, "比赛": 9, "出名": 4}.get
    words = [w.text for w in analyze("沈龙元因什么比赛而出名", tokenizer, lambda w: seen(w, 0)).words]
    assert "出名" in words and "而出名" not in words


def test_a_name_the_articles_never_say_is_split_where_they_say_its_part(tokenizer):
    """jieba's dictionary has rare entries that glue a character to a name (明崇祯); the
    articles say 崇祯, so that is the subject to ground."""
    seen = {"崇祯": 4, "北京": 9, "攻陷": 2}.get
    question = analyze("明崇祯十七年三月谁攻陷北京", tokenizer, lambda w: seen(w, 0))
    assert "崇祯" in question.entities and "明崇祯" not in question.entities


@pytest.mark.parametrize(
    ("question", "described"),
    [
        ("摩加迪休是哪一国家的主要海港", "海港"),
        ("三线建设的核心都市是哪一个", "都市"),
        ("哪一个国家是公车捷运系统的始祖", "始祖"),
    ],
)
def test_a_word_describing_what_is_asked_is_no_subject(tokenizer, question, described):
    """jieba's dictionary tags these as names; here they describe the answer, which need not
    repeat them (索马里…主要港口有摩加迪休)."""
    assert tokenizer.is_name(described)
    assert described not in analyze(question, tokenizer).entities


def test_a_common_name_the_articles_lack_stands(tokenizer):
    """黑龙江 is said far more than 龙江: the articles lack it, and so lack the answer."""
    seen = {"龙江": 3}.get
    question = analyze("黑龙江有多少人", tokenizer, lambda w: seen(w, 0))
    assert question.entities == ("黑龙江",)


def test_a_cut_across_two_words_is_mended_by_the_articles_words(tokenizer):
    counts = {"河南": 9, "省长": 3, "赵江文": 2, "说": 40}

    def known(word: str) -> int:
        return counts.get(word, 0)

    question = analyze("河南省长是谁", tokenizer, known)
    assert [w.text for w in question.words] == ["河南", "省长"]
    assert question.kind == "person"  # the person holding the office, not an office
    assert "赵江文" in [w.text for w in analyze("赵江文说了什么", tokenizer, known).words]


def test_a_two_character_word_gives_its_last_character_to_the_articles_word(tokenizer):
    """jieba cuts 到流|片花; the articles say 流片 (a chip's tape-out) and never 片花 (a trailer)."""
    counts = {"到": 50, "流片": 4, "设计": 27}
    words = [
        w.text for w in analyze("从设计到流片花了多久", tokenizer, lambda word: counts.get(word, 0)).words
    ]
    assert "流片" in words and "片花" not in words


def test_a_pair_jiebas_hmm_made_that_no_article_says_is_two_words(tokenizer):
    """哪天发的 is cut 天发, a word of no dictionary and no article; 发 alone meets 刊发."""
    counts = {"天": 30, "发": 12, "研究": 9}
    question = analyze("研究是哪天发的", tokenizer, lambda word: counts.get(word, 0))
    assert "天发" not in [w.text for w in question.words]
    assert "发" in [w.text for w in question.words]


def test_a_cut_between_two_dictionary_words_stands(tokenizer):
    counts = {"上海市": 500, "市民": 300, "上海": 400}
    words = [w.text for w in analyze("上海市民有多少", tokenizer, lambda word: counts.get(word, 0)).words]
    assert "市民" in words and "上海市" not in words


def test_a_new_word_is_a_person_when_it_opens_as_names_do(tokenizer):
    """jieba's HMM joins unknown names (刘佳芸) and function characters (之称, 各由) alike; only
    those opening with a character that opens people's names are people."""
    for text, people in [
        ("有着“中国诺贝尔奖”之称的未来科学大奖", []),
        ("各由4位企业家平摊捐赠", []),
        ("大二暑假，刘佳芸去了一家服务中心实习", ["刘佳芸"]),
    ]:
        norm, words = tokenizer.segment(text)
        assert [norm[a:b] for a, b in names(words, tokenizer, PERSON_TAGS, new_words=True)] == people


def test_an_occupation_question_wants_a_trade_and_does_not_demand_the_word_职业(tokenizer):
    question = analyze("邹游的职业是什么", tokenizer)
    assert [w.text for w in question.words] == ["邹游"]
    text = "邹游，中国足球运动员，司职中场。"
    assert spans(occupations(text), text) == ["运动员"]


@pytest.mark.parametrize(
    "text",
    ["苏州街站是北京地铁10号线的一个换乘站", "stam1na是芬兰莱米的一支本土金属乐队", "操场是指用以集会的场地"],
)
def test_a_sentence_saying_what_kind_of_thing_something_is_defines_it(text):
    assert definitions(text)


def test_a_measure_word_in_another_clause_defines_nothing():
    assert definitions("他是队长，带领一支球队夺冠") == []


def test_the_sort_of_answer_a_list_question_names(tokenizer):
    assert analyze("京沪高速封了以后有哪些桥可以绕行过江", tokenizer).sort == "桥"
    assert analyze("甘肃有哪些城市开展了禁毒宣传", tokenizer).sort == "城市"
    text = "可从润扬大桥、泰州大桥、苏通大桥绕行；可走无锡互通、无锡北、无锡东"
    lists = tuple(enumerations(text))
    assert of_sort(text, lists, "桥")
    assert not of_sort(text, lists[1:], "桥")  # toll stations are no bridges


@pytest.mark.parametrize(
    ("text", "sort", "named"),
    [
        ("他们都信奉新柏拉图主义，希望摆脱束缚", "主义", "新柏拉图主义"),
        ("瑞士近卫队制服充满文艺复兴时期风格", "时期", "文艺复兴时期"),
        ("两县之间隔着黄河", "河", "黄河"),
        ("福尔摩沙一词源自葡萄牙语", "语言", "葡萄牙语"),
        ("目前中国并不存在新闻法", "法律", "新闻法"),
        # 的, 这些, 该: a sort said of no thing named
        ("他信奉的主义影响了他一生", "主义", None),
        ("他用这种方法解决了问题，这个办法很好", "法律", None),  # 方法 is no law
        ("当时他每天工作十个小时", "时期", None),
        ("这些地区包括缅甸、泰国", "地区", None),
        ("该时期的建筑多用石料", "时期", None),
    ],
)
def test_a_thing_is_named_as_of_the_sort_asked_by_its_last_word(tokenizer, text, sort, named):
    found = [text[a:b] for a, b in of_kind(text, list(tokenizer.cut(text)), sort)]
    if named is None:
        assert found == []
    else:  # the name, or as much of it as its last words
        assert len(found) == 1 and named.endswith(found[0]) and len(found[0]) > len(sort)


@pytest.mark.parametrize(
    ("question", "text", "found"),
    [
        ("4月CPI同比涨了几个点", "食品价格同比下降1.4%，影响CPI下降约0.39个百分点", []),
        ("4月CPI同比涨了几个点", "全国居民消费价格同比上涨0.3%", ["0.3%"]),
        ("鸡蛋价格同比降了多少", "鸡蛋价格同比上涨5%", []),
        # the verb just before each figure says which way it went
        ("4月CPI同比涨了几个点", "价格环比下降0.1%，同比上涨0.3%", ["0.3%"]),
        ("2023年阳泉降水量增加了多少", "全市平均降水量比上年多出120毫米", ["120毫米"]),
        ("房价上涨了多少", "房价比去年高出5%，成交量减少", ["5%"]),
        # no way asked: any figure
        ("增值税是多少", "增值税下降到13%", ["13%"]),
    ],
)
def test_a_figure_asked_of_a_rise_is_not_one_that_fell(tokenizer, question, text, found):
    find = finder(analyze(question, tokenizer), tokenizer)
    assert find is not None
    assert spans(find(text, lambda: list(tokenizer.cut(text))), text) == found


def test_a_figure_the_question_gives_is_known_however_it_is_written(tokenizer):
    text = "中国地震台网测定为7.3级，美国测定为Mw7.0"
    for question in (
        "这次7.3级地震按矩震级是几级",
        "这次7.3級地震按矩震級是幾級",
        "这次７.３级地震按矩震级是几级",
    ):
        find = finder(analyze(question, tokenizer), tokenizer)
        assert find is not None
        assert spans(find(text, lambda: list(tokenizer.cut(text))), text) == ["Mw7.0"]


_FROM = "海葵一号12日从青岛的基地启运，将前往珠海"
_JOINT = "甲大学和乙学院今年两校共迎来近100名本科毕业生，其中甲大学32名"


@pytest.mark.parametrize(
    ("question", "text", "found"),
    [
        # where it comes from: the place 从 stands before; where to: any place
        ("海葵一号是从哪里启运的", _FROM, ["青岛"]),
        ("海葵一號是從哪裡啟運的", _FROM, ["青岛"]),
        ("海葵一号要运到哪里", _FROM, ["青岛", "珠海"]),
        # a joint figure of two answers a question asking of both, not of one
        ("甲大学今年有多少名本科毕业生", _JOINT, ["32名"]),
        ("两校今年一共有多少名本科毕业生", _JOINT, ["近100名", "32名"]),
        ("甲大学和乙学院今年有多少名本科毕业生", _JOINT, ["近100名", "32名"]),
        ("中法合作项目出资多少", "中法两国共同出资20亿元", ["20亿元"]),  # 共同 is no total
        ("这批货物从哪里运出", "这批货物自新疆运往上海", ["新疆"]),  # not where to
        ("海葵一号从哪里启程", "海葵一号由青岛启程", ["青岛"]),
        ("他来自哪个国家", "他出生于法国", ["法国"]),  # where one is from: any place
    ],
)
def test_where_from_asks_for_an_origin_and_a_joint_figure_only_for_both(tokenizer, question, text, found):
    find = finder(analyze(question, tokenizer), tokenizer)
    assert find is not None
    assert spans(find(text, lambda: list(tokenizer.cut(text))), text) == found


@pytest.mark.parametrize(
    ("guarded", "pattern"),
    [(shapes._FIGURE, shapes._FIGURE_PATTERN), (shapes._DATE, shapes._DATE_PATTERN)],
    ids=["figures", "dates"],
)
def test_a_pattern_looking_first_at_the_character_it_opens_on_finds_what_it_found_without(
    qa, guarded, pattern
):
    """The look before `_FIGURE` and `_DATE` admits every character a match of theirs opens on:
    in every seed sentence, and in texts made of the characters they are made of."""
    plain = re.compile(pattern)
    made = "0123456789０１２３.,，%年月日号前后世纪民国公元今去明上下本半底初余多近约超过逾万亿千百元米名人个一二两三四五六七八九十零〇了第这 甲乙"
    rng = random.Random(0)
    texts = [qa.index.matched_text(i) for i in range(qa.index.size)]
    texts += ["".join(rng.choice(made) for _ in range(rng.randrange(12))) for _ in range(20_000)]
    found = 0
    for text in texts:
        expected = [(m.span(), m.groupdict()) for m in plain.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in guarded.finditer(text)] == expected, text
        found += len(expected)
    assert found > 1_000
