"""The text of a saved web page as its reader sees it: lines the page keeps apart stay apart."""

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
