"""Page furniture among the answers: flags every top-3 answer of `qabot eval --json` output that
looks like navigation, a comment, a related headline, a credit, a footnote or a citation line.

Two independent judges: a list of furniture shapes written for this check, and qabot's own
line classifiers (which should already have kept such lines out of the index).

    qabot --corpus ../shared/realpages/html eval ../shared/realpages/questions.yaml --json > out.json
    .venv/bin/python benchmarks/furniture.py out.json
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from retrieval.ingest.boilerplate import is_article_end, is_boilerplate
from retrieval.ingest.metadata import read_line

SHAPES = re.compile(
    r"供图|数据来自|图片来源|来源[:：]|评论|跟贴|网友|回复|点赞|相关新闻|相关阅读|延伸阅读|猜你喜欢|分享|举报"
    r"|ICP|版权|责任编辑|关注问题|写回答|赞同|登录|客户端|下载|\d{4}[/-]\d{1,2}[/-]\d{1,2}$"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", type=Path, nargs="+", help="output of `qabot eval --json`")
    args = parser.parse_args()
    for file in args.files:
        cases = json.loads(file.read_text(encoding="utf-8"))["cases"]
        flagged = sorted(
            {
                (a["doc"], a["text"])
                for case in cases
                for a in case["answers"][:3]
                if SHAPES.search(a["text"])
                or is_boilerplate(a["text"])
                or is_article_end(a["text"])
                or read_line(a["text"])
            }
        )
        answers = sum(len(case["answers"][:3]) for case in cases)
        print(f"{file}: {len(flagged)} of {answers} top-3 answers look like furniture")
        for doc, text in flagged:
            print(f"  {doc}: {text[:100]}")


if __name__ == "__main__":
    main()
