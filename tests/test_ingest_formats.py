"""Saved web pages, Markdown and text in any encoding, in nested folders: the article and its citation."""

import json
import logging

import pytest

from bot.cli import main
from retrieval.answer.qa import QA
from retrieval.config import load_settings
from retrieval.ingest.corpus import parse_file

BODY = [
    "新华社某市5月9日电 某市今年计划新建公共充电桩3200个，覆盖全部城区街道和主要高速服务区。",
    "据市发展改革委介绍，新建充电桩中快充桩占比将超过六成，单桩平均功率达到120千瓦。",
    "市民可通过城市服务平台查询附近充电桩的空闲情况，并在线预约充电时段，预约成功后保留十五分钟。",
    "今年一季度，全市新能源汽车保有量同比增长百分之四十二，充电需求随之快速上升，部分老旧小区仍然存在充电难的问题。",
]
COMMENTS = [
    "网友评论",
    "小王：充电桩太少了，我家小区一个都没有，希望早点建好。",
    "老李：快充桩收费标准是多少，有没有人知道？",
]
RELATED = ["相关新闻", "外省充电桩建设提速 年内新增五千个", "充电桩运营商扎堆入场"]


def page(title: str, charset: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    comments = "".join(f"<li>{c}</li>" for c in COMMENTS[1:])
    related = "".join(f'<li><a href="/n/{i}.html">{t}</a></li>' for i, t in enumerate(RELATED[1:]))
    return f"""<!DOCTYPE html><html><head><meta charset="{charset}">
<title>{title}_某某新闻网</title>
<link rel="canonical" href="https://news.example.cn/2024/05/09/charging.html">
</head><body>
<div class="nav"><a href="/">首页</a> &gt; <a href="/local">本地</a> &gt; 正文</div>
<h1>{title}</h1>
<div class="info">2024-05-09 10:30:00　来源：某市日报　作者：张三</div>
<div class="share">分享到：微信 微博</div>
<article>{paragraphs}</article>
<div class="related"><h3>{RELATED[0]}</h3><ul>{related}</ul></div>
<div class="comments"><h3>{COMMENTS[0]}</h3><ul>{comments}</ul></div>
<div class="footer">Copyright &copy; 2024 某某新闻网 版权所有 京ICP备12345678号</div>
</body></html>"""


TITLE = "某市今年新建3200个公共充电桩"


@pytest.mark.parametrize("charset, encoding", [("utf-8", "utf-8"), ("gbk", "gbk"), ("gb2312", "gb18030")])
def test_html_page_gives_article_and_citation(tmp_path, charset, encoding):
    path = tmp_path / "page.html"
    path.write_bytes(page(TITLE, charset).encode(encoding))
    article = parse_file(path, path.read_bytes(), 30)
    assert (article.title, article.date, article.source) == (TITLE, "2024-05-09", "某市日报")
    assert article.url == "https://news.example.cn/2024/05/09/charging.html"
    text = "\n".join(article.paragraphs)
    assert all(sentence in text for sentence in BODY)
    for furniture in [*COMMENTS, *RELATED, "分享到", "首页", "ICP", "来源"]:
        assert furniture not in text


def test_comments_and_related_headlines_are_never_answers(tmp_path):
    (tmp_path / "page.htm").write_bytes(page(TITLE, "utf-8").encode())
    qa = QA.from_settings(load_settings(corpus=tmp_path))
    for question in ("快充桩收费标准是多少", "我家小区有没有充电桩", "外省年内新增多少充电桩"):
        result = qa.ask(question)
        shown = [a.text for a in (*result.answers, *result.closest)]
        assert not any(c in s for s in shown for c in (*COMMENTS[1:], *RELATED[1:])), question


def test_text_dump_of_a_page_is_titled_by_its_headline(tmp_path):
    lines = [
        f"{TITLE}_某某新闻网",
        "首页 > 本地 > 正文",
        TITLE,
        "2024-05-09 10:30 · 某市日报",
        *BODY,
        *RELATED,
    ]
    path = tmp_path / "dump.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    article = parse_file(path, path.read_bytes(), 30)
    assert (article.title, article.date, article.source) == (TITLE, "2024-05-09", "某市日报")
    assert not any(r in p for p in article.paragraphs for r in RELATED[1:])


def test_photo_credits_and_data_footnotes_are_not_text(tmp_path):
    lines = [
        TITLE,
        "发布时间：2024-05-09",
        "现场照片。某某大学供图",
        *BODY,
        "保险数据来自某省银保监局；",
        "图片来源：视觉中国",
    ]
    path = tmp_path / "credits.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    text = "\n".join(parse_file(path, path.read_bytes(), 30).paragraphs)
    assert "供图" not in text and "数据来自" not in text and "视觉中国" not in text


def test_markdown_front_matter_is_the_citation(tmp_path):
    path = tmp_path / "note.md"
    path.write_text(
        "---\ntitle: 充电桩建设计划\ndate: 2024-05-09\nsource: 某市日报\nurl: https://example.cn/a\n---\n"
        f"# 充电桩建设计划\n\n{BODY[0]}\n\n## 进展\n\n{BODY[1]}\n",
        encoding="utf-8",
    )
    article = parse_file(path, path.read_bytes(), 30)
    assert (article.title, article.date, article.source, article.url) == (
        "充电桩建设计划",
        "2024-05-09",
        "某市日报",
        "https://example.cn/a",
    )
    assert not any("#" in p or p.startswith("---") for p in article.paragraphs)


def test_markdown_without_front_matter_loses_its_hash(tmp_path):
    path = tmp_path / "plain.md"
    path.write_text(f"# 充电桩建设计划\n\n{BODY[0]}\n", encoding="utf-8")
    assert parse_file(path, path.read_bytes(), 30).title == "充电桩建设计划"


TRADITIONAL = (
    "臺北市公車票價調整\n\n臺北市政府今天宣布，明年起將調整公車票價，學生票維持不變，市民可以透過悠遊卡付款。"
)


@pytest.mark.parametrize("encoding", ["big5", "utf-16", "utf-16-be"])
def test_big5_and_utf16_are_read(tmp_path, encoding):
    path = tmp_path / "tw.txt"
    data = TRADITIONAL.encode(encoding)
    path.write_bytes(data if encoding != "utf-16-be" else b"\xfe\xff" + data)
    article = parse_file(path, path.read_bytes(), 30)
    assert article.title == "臺北市公車票價調整"
    assert "學生票維持不變" in article.paragraphs[0]


def test_nested_folders_keep_same_named_pages_apart(tmp_path, caplog):
    for folder, city in (("a", "甲市"), ("b", "乙市")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "index.html").write_bytes(
            page(f"{city}今年新建充电桩", "utf-8").replace("某市", city).encode()
        )
    (tmp_path / "top.txt").write_text(TRADITIONAL, encoding="utf-8")
    (tmp_path / "b" / "garbage.txt").write_bytes(bytes(range(128, 256)) * 20)
    with caplog.at_level(logging.WARNING):
        qa = QA.from_settings(load_settings(corpus=tmp_path))
    assert sorted(a.doc for a in qa.index.articles) == ["a/index", "b/index", "top"]
    assert "b/garbage.txt" in caplog.text
    assert qa.ask("乙市今年计划新建多少公共充电桩").answers[0].citation.doc == "b/index"


def test_sources_json_lists_every_article(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "page.html").write_bytes(page(TITLE, "utf-8").encode())
    (corpus / "tw.txt").write_text(TRADITIONAL, encoding="utf-8")
    assert main(["--corpus", str(corpus), "sources", "--json"]) == 0
    listed = {s["doc"]: s for s in json.loads(capsys.readouterr().out)}
    assert set(listed) == {"page", "tw"}
    assert listed["page"] == {
        "doc": "page",
        "title": TITLE,
        "date": "2024-05-09",
        "source": "某市日报",
        "url": "https://news.example.cn/2024/05/09/charging.html",
        "author": "张三",
        "sentences": listed["page"]["sentences"],
    }
    assert listed["page"]["sentences"] >= len(BODY)


GOV_TITLE = "2023年某市国民经济和社会发展统计公报"
GOV_TABLE = [
    ("索 引 号：", "11360900/2024-00123", "分 类：", "统计公报"),
    ("发布机构：", "某市统计局", "生成日期：", "2024-03-15"),
    ("标 题：", GOV_TITLE, "文 号：", ""),
]


def gov_page() -> str:
    rows = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in GOV_TABLE)
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    return f"""<html><head><meta charset="utf-8"><title>某市统计局</title></head><body>
<div>首页 &gt; 统计数据 &gt; 统计公报</div><table>{rows}</table>
<div class="title">{GOV_TITLE}</div><div class="content">{paragraphs}</div></body></html>"""


def test_government_table_of_particulars_feeds_the_citation(tmp_path):
    html = tmp_path / "gov.html"
    html.write_text(gov_page(), encoding="utf-8")
    dump = tmp_path / "gov.txt"  # the same page as a naive text dump: <title>, nav, table rows, headline
    rows = [" ".join(cell for cell in row if cell) for row in GOV_TABLE]
    dump.write_text(
        "\n".join(["某市统计局", "首页 > 统计数据 > 统计公报", *rows, GOV_TITLE, *BODY]), encoding="utf-8"
    )
    for path in (html, dump):
        article = parse_file(path, path.read_bytes(), 30)
        assert (article.title, article.date, article.source) == (GOV_TITLE, "2024-03-15", "某市统计局"), path
        assert not any("索引号" in p or "索 引 号" in p or "生成日期" in p for p in article.paragraphs)


def test_page_naming_no_source_is_credited_to_its_site(tmp_path):
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    path = tmp_path / "bare.html"
    path.write_text(
        f'<html><head><title>{TITLE}</title><meta property="og:site_name" content="某某公众号">'
        f'<meta property="article:published_time" content="2024-05-08T21:00:00+08:00"></head>'
        f"<body><h1>{TITLE}</h1><div>{paragraphs}</div></body></html>",
        encoding="utf-8",
    )
    article = parse_file(path, path.read_bytes(), 30)
    assert (article.title, article.date, article.source) == (TITLE, "2024-05-08", "某某公众号")
