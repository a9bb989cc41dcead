"""Markup is dropped and the words it marks kept: in Markdown files and in pasted questions."""

from __future__ import annotations

import pytest

from retrieval.markup import markdown_plain, plain


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[阳泉](http://example.cn/a?b=1)有多少禁毒社工", "阳泉有多少禁毒社工"),
        ("<b>阳泉</b>有多少<i>禁毒社工</i>", "阳泉有多少禁毒社工"),
        ("**阳泉**有多少`禁毒社工`", "阳泉有多少禁毒社工"),
        ("阳泉有多少禁毒社工 https://example.cn/news/1.html", "阳泉有多少禁毒社工"),
        ("https://example.cn/1.html阳泉有多少禁毒社工", "阳泉有多少禁毒社工"),  # the address ends at 阳
        ("阳泉&amp;辽宁有多少禁毒社工", "阳泉&辽宁有多少禁毒社工"),
        ("2<3吗", "2<3吗"),  # no tag
    ],
)
def test_a_pasted_question_keeps_only_its_words(text, words):
    assert plain(text).replace(" ", "") == words


def test_a_markdown_line_keeps_its_text():
    assert markdown_plain("## 1. **成人票**原价：[165元](http://x.cn) ![图](a.png)") == "1. 成人票原价：165元"
