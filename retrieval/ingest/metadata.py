"""Citation fields found on the lines of a scraped page: date, source, author, editor, URL.

`read_line` looks at one line; a line that carries citation fields is metadata, never an answer.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_LABELS = r"来源|发布时间|发布日期|更新时间|时间|日期|作者|编辑|责任编辑|记者|阅读量|浏览量|点击量|字号"
# A government page's table of the document's particulars; only a label that starts a cell counts
# (`垃圾分类：` in a sentence is not the label `分类：`).
_TABLE_LABELS = r"索引号|发布机构|发文机关|发布单位|生成日期|成文日期|发文日期|印发日期|主题分类|分类|文号|发文字号|主题词|标题"
_VALUE_STOP = rf"(?!{_LABELS}|{_TABLE_LABELS})"  # a label's value is never the next label ("作者: 来源:…")

_DATE = re.compile(r"((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})\s*日?")
# 来源 of the article, not of a picture or a figure (图片来源, 数据来源 are captions and footnotes).
_SOURCE = re.compile(
    rf"(?:(?<![图片据])(?:来源\s*[:：]|来源于)|(?:发布机构|发文机关|发布单位)\s*[:：])\s*{_VALUE_STOP}([^\s|:：]+)"
)
_TITLE = re.compile(rf"^标题\s*[:：]\s*{_VALUE_STOP}(.+?)(?=\s+\S{{1,5}}\s*[:：]|$)")
# A label spaced out to fill a table cell: `索 引 号：`, `标 题：`.
_SPACED_LABEL = re.compile(r"(?<!\S)(?:[\u4e00-\u9fff] ){1,5}[\u4e00-\u9fff](?=\s*[:：])")
_AUTHOR = re.compile(rf"作者\s*[:：]\s*{_VALUE_STOP}([^\s|:：]+)")
_EDITOR = re.compile(rf"(?:责任编辑|编辑|责编)\s*[:：]\s*{_VALUE_STOP}([^\s|:：]+)")
_URL = re.compile(r"(?:原文链接|原文地址|原文网址|链接)\s*[:：]\s*(https?://\S+)")
_LABELLED = re.compile(
    rf"(?:{_LABELS})\s*[:：]|(?:^|\s)(?:{_TABLE_LABELS})\s*[:：]|^(?:来源|发布时间|发布日期)|^本文来源于|^[（(]来源[:：]"
)
_DATETIME_LINE = re.compile(
    r"^(?:19|20)\d{2}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}\s*日?\s*\d{1,2}[:：时]\d{2}"
)
_BYLINE = re.compile(
    r"^[^,，。:：!！?？]{0,16}?(?:记者|通讯员|撰稿|供稿)(?!手记|观察|调查|了解|获悉|走访|探访)[ \t]*[\u4e00-\u9fff ·、]{2,24}$"
)
_REPORTER = re.compile(r"记者[ \t]*([\u4e00-\u9fff]{2,4})(?:$|[ \t、])")

# A metadata line is short; a long line that mentions 来源 is article text.
_MAX_METADATA_LINE = 120
_ANONYMOUS = {"佚名", "未知", "本站", "admin"}


@dataclass
class LineFields:
    date: str | None = None
    source: str | None = None
    author: str | None = None
    editor: str | None = None
    url: str | None = None
    title: str | None = None  # a 标题： label, as government pages have


def iso_date(text: str) -> str | None:
    """The first plausible calendar date in `text`, as YYYY-MM-DD."""
    for y, m, d in _DATE.findall(text):
        try:
            return dt.date(int(y), int(m), int(d)).isoformat()
        except ValueError:  # 2月30日, 13月: not a date
            continue
    return None


def read_line(line: str) -> LineFields | None:
    """Citation fields of a metadata line, or None when the line is article text."""
    url = _URL.search(line)
    if url:
        return LineFields(url=url.group(1).rstrip("。,，;；"))
    if len(line) > _MAX_METADATA_LINE:
        return None
    line = _SPACED_LABEL.sub(lambda m: m.group(0).replace(" ", ""), line)
    byline = _BYLINE.match(line)
    if byline:
        reporter = _REPORTER.search(line)
        return LineFields(author=reporter.group(1) if reporter else None)
    if not (_LABELLED.search(line) or _DATETIME_LINE.match(line)):
        return None
    author = _first(_AUTHOR, line)
    return LineFields(
        date=iso_date(line),
        source=clean_source(_first(_SOURCE, line) or ""),
        author=None if author in _ANONYMOUS else author,
        editor=_first(_EDITOR, line),
        title=_first(_TITLE, line),
    )


_TRAILING_DATE = re.compile(r"\s*(?:19|20)\d{2}\s*[-年/.].*$")
_PLACE = re.compile(r"[（(][\u4e00-\u9fff]{2,4}[）)]$")


def clean_source(value: str) -> str | None:
    """An outlet's name without the date glued to it or the city after it (`华夏时报(北京)`)."""
    value = _TRAILING_DATE.sub("", value)
    if value.endswith(("）", ")")) and not re.search(r"[（(]", value):  # `（来源：上海证券报）`
        value = value[:-1]
    value = _PLACE.sub("", value).strip(" ·|-—")
    return value or None


def _first(pattern: re.Pattern[str], line: str) -> str | None:
    match = pattern.search(line)
    return match.group(1) if match else None
