"""The text of a saved web page as its reader sees it: lines the page keeps apart stay apart, and a
folded paragraph gives its finished sentences."""

import pytest

from retrieval.ingest.breaks import page_breaks
from retrieval.ingest.corpus import parse_file

LINES = [
    "某市今年计划新建公共充电桩3200个，覆盖全部城区街道和主要高速服务区。",
    "据市发展改革委介绍，新建充电桩中快充桩占比将超过六成。",
    "市民可通过城市服务平台查询附近充电桩的空闲情况，并在线预约充电时段。",
    "今年一季度，全市新能源汽车保有量同比增长百分之四十二。",
    "部分老旧小区仍然存在充电难的问题，街道正在协调增设公共车位。",
    "新建充电桩将优先布局在医院、学校和大型商场周边的公共停车场。",
    "市场监管部门将定期抽查充电收费情况，严禁在服务费之外另收停车费。",
    "首批六百个充电桩预计在六月底前投入使用，其余在年内分批建成。",
]
HEADING = "充电桩怎么找"
IMAGE = '<div style="text-align:center;"><img src="/photo.jpg" width="630"></div>'


def test_a_heading_after_an_image_is_not_glued_to_the_sentence_above(tmp_path):
    # The extractor drops the image's <div> and would join the text on either side of it.
    text = f"{LINES[0]}{IMAGE}{HEADING}" + "".join(f"<br>{line}" for line in LINES[1:])
    path = tmp_path / "page.html"
    path.write_text(
        f'<html><head><meta charset="utf-8"><title>某市新建充电桩</title></head><body>'
        f'<h1>某市新建充电桩</h1><div class="main"><div class="text">{text}</div></div></body></html>',
        encoding="utf-8",
    )
    paragraphs = parse_file(path, path.read_bytes(), 30).paragraphs
    assert LINES[0] in paragraphs and HEADING in paragraphs
    assert all(line in paragraphs for line in LINES)


@pytest.mark.parametrize(
    "extracted, expected",
    [
        (["第一行。第二行"], ["第一行。", "第二行"]),  # joined end to end
        (["第一行。 第二行"], ["第一行。", "第二行"]),  # joined by a space
        (["第一行。第二行", ""], ["第一行。", "第二行", ""]),  # paragraph breaks kept
        (["第一行。第三行"], ["第一行。第三行"]),  # 第三行 is no line of the page: kept whole
        (["第一行。第二"], ["第一行。第二"]),  # the page's line only in part: kept whole
    ],
)
def test_extracted_lines_are_cut_where_the_page_breaks_them(extracted, expected):
    assert page_breaks(extracted, ["标题", "第一行。", "第二行"]) == expected


QUESTION = "某市今天为什么发布暴雨预警？"
DETAIL = "某市气象台今天上午发布暴雨蓝色预警，预计未来六小时累计降雨量将达五十毫米以上。"
ANSWERS = [
    "这次降雨是冷暖空气在本地交汇造成的，暖湿气流从南方输送了大量水汽。",
    "气象台的监测显示，城区东部已有三个站点的小时雨量超过二十毫米，低洼路段出现积水。",
    "市防汛办提醒市民减少外出，地下车库和下穿隧道要提前做好防水准备。",
    "预计降雨将持续到明天中午，之后转为多云，气温略有回升。",
    "全市已有两百多名排水工人在易涝点值守，抽水泵车分布在主要路口。",
    "公交集团表示，如遇道路积水较深，部分线路将临时绕行或缩短运营区间。",
]


def test_a_folded_question_gives_its_finished_sentences(tmp_path):
    # A Q&A page folds the question's text mid-sentence: `…此次降雨主要集中在…显示全部`.
    answers = "".join(f"<p>{a}</p>" for a in ANSWERS)
    path = tmp_path / "qa.html"
    path.write_text(
        f'<html><head><meta charset="utf-8"><title>{QUESTION} - 知乎</title></head><body>'
        f"<div><h1>{QUESTION}</h1>"
        f"<div><span>{DETAIL}此次降雨主要集中在…<button>显示全部</button></span></div>"
        f"<div>关注者</div><div>123</div></div>"
        f'<div class="AnswerItem"><div class="RichContent">{answers}</div><div>赞同 12</div></div>'
        f"</body></html>",
        encoding="utf-8",
    )
    paragraphs = parse_file(path, path.read_bytes(), 30).paragraphs
    assert paragraphs[: len(ANSWERS) + 1] == (DETAIL, *ANSWERS)
