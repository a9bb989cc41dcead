"""Results → terminal text: the answer with matched words and the figure marked, its citation,
the next candidates. Colour only when writing to a terminal that wants it."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import TextIO

from retrieval.answer.evaluation import Report
from retrieval.models import Answer, Citation, Result, Source

_STYLES = {
    "match": "\033[1;33m",  # bold yellow
    "figure": "\033[1;32m",  # bold green
    "dim": "\033[2m",
    "title": "\033[1m",
    "warn": "\033[31m",
}
_RESET = "\033[0m"


class Styler:
    def __init__(self, color: bool) -> None:
        self.color = color

    @classmethod
    def for_stream(cls, stream: TextIO) -> Styler:
        wants = stream.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
        return cls(bool(wants))

    def __call__(self, style: str, text: str) -> str:
        return f"{_STYLES[style]}{text}{_RESET}" if self.color and text else text


def marked(answer: Answer, style: Styler) -> str:
    """The sentence with the question's words and the figure asked for styled."""
    text = answer.text
    kinds = [""] * len(text)  # "" is plain text
    for a, b in answer.highlights:
        kinds[a:b] = ["match"] * (b - a)
    for a, b in answer.figures:
        kinds[a:b] = ["figure"] * (b - a)
    out, start = [], 0
    for i in range(1, len(text) + 1):
        if i == len(text) or kinds[i] != kinds[start]:
            chunk = text[start:i]
            out.append(style(kinds[start], chunk) if kinds[start] else chunk)
            start = i
    return "".join(out)


def citation_line(c: Citation) -> str:
    parts = [f"《{c.title}》"] + [p for p in (c.source, c.date, c.url) if p]
    return " · ".join(parts)


def answer_block(answer: Answer, style: Styler, number: int | None = None) -> str:
    lead = f"{style('dim', answer.lead)}" if answer.lead else ""
    prefix = f"{number}. " if number is not None else ""
    return f"{prefix}{lead}{marked(answer, style)}\n   —— {style('dim', citation_line(answer.citation))}"


def result_text(result: Result, style: Styler, verbose: bool = False) -> str:
    lines = [style("dim", n) for n in result.notes]
    if result.no_answer:
        lines.append(style("warn", result.message or "没有找到答案。"))
        if result.closest:
            lines.append(style("dim", "最接近的句子（不是答案）:"))
            lines += [answer_block(a, style, i) for i, a in enumerate(result.closest, 1)]
        return "\n".join(lines)
    best, *others = result.answers
    lines.append(answer_block(best, style))
    if verbose:
        lines.append(style("dim", f"   score {best.score:.3f} · matched {' '.join(best.matched)}"))
    if others:
        lines.append(style("dim", "其他候选:"))
        lines += [answer_block(a, style, i) for i, a in enumerate(others, 2)]
    return "\n".join(lines)


def context_text(answer: Answer, style: Styler) -> str:
    lines = [style("dim", s) for s in answer.before]
    lines.append(f"> {marked(answer, style)}")
    lines += [style("dim", s) for s in answer.after]
    lines.append(f"   —— {style('dim', citation_line(answer.citation))}")
    return "\n".join(lines)


def sources_text(sources: Iterable[Source], style: Styler) -> str:
    lines = [
        f"{style('title', s.citation.doc)}  {citation_line(s.citation)} · {s.sentences} 句" for s in sources
    ]
    return "\n".join(lines) if lines else "资料库是空的。"


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def report_text(report: Report, style: Styler) -> str:
    lines = [
        f"questions: {len(report.outcomes)} ({len(report.answerable)} answerable, "
        f"{len(report.unanswerable)} with no answer)",
        f"top-1: {_pct(report.top1)}   top-3: {_pct(report.top3)}   MRR: {_pct(report.mrr)}",
        f"no-answer accuracy: {_pct(report.no_answer_accuracy)}   false refusals: {report.false_refusals}",
    ]
    misses = report.misses
    if misses:
        lines.append(style("warn", f"misses ({len(misses)}):"))
        for o in misses:
            got = o.result.answers[0].text if o.result.answers else (o.result.message or "no answer")
            asked = f" (理解为：{o.result.question})" if o.result.question != o.case.question else ""
            if not o.understood:
                asked += f", expected to be understood as {o.case.asked!r}"
            lines.append(
                f"  - {' → '.join(o.case.conversation)}{asked}\n      expected: {o.case.answer!r}"
                f"{' in ' + o.case.doc if o.case.doc else ''}\n      got: {got[:100]}"
            )
    return "\n".join(lines)


def write(text: str, stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout  # looked up now: the caller may have redirected it
    stream.write(text + "\n")
    stream.flush()
