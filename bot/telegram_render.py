"""Results → Telegram HTML: everything escaped, the figure or name in bold, within 4096 characters."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from retrieval.models import Answer, Citation, Result, Source

# Telegram's limit on a message, counted in UTF-16 code units after entities are parsed; we
# hold the HTML source itself to it, which is stricter.
LIMIT = 4096
# No sentence is shown longer than this in a chat (a file without punctuation is one long
# "sentence"); the citation still follows.
MAX_SENTENCE = 1200


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def shorten(text: str, limit: int) -> str:
    """`text`, or its first characters and "…", in at most `limit` characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _clip(text: str, spans: Iterable[tuple[int, int]], limit: int) -> tuple[str, list[tuple[int, int]]]:
    """`text` shortened, with the spans that are still whole in it."""
    short = shorten(text, limit)
    kept = len(text) if short == text else len(short) - 1  # characters of the text before the "…"
    return short, [(a, b) for a, b in spans if b <= kept]


def sentence_html(answer: Answer, limit: int = MAX_SENTENCE) -> str:
    text, figures = _clip(answer.text, answer.figures, limit)
    out, pos = [], 0
    for a, b in sorted(figures):
        out += [escape(text[pos:a]), f"<b>{escape(text[a:b])}</b>"]
        pos = b
    out.append(escape(text[pos:]))
    lead = f"<i>{escape(shorten(answer.lead, limit // 2))}</i>" if answer.lead else ""
    return lead + "".join(out)


def citation_html(c: Citation) -> str:
    parts = [f"《{escape(c.title)}》"] + [escape(p) for p in (c.source, c.date) if p]
    line = " · ".join(parts)
    if c.url and c.url.startswith(("http://", "https://")):
        line += f' · <a href="{escape(c.url, quote=True)}">原文</a>'
    return f"📰 {line}"


def answer_html(answer: Answer, limit: int = MAX_SENTENCE) -> str:
    return f"{sentence_html(answer, limit)}\n{citation_html(answer.citation)}"


def fit(render, *args) -> str:
    """The longest rendering of `render(*args, limit)` that Telegram accepts."""
    limit = MAX_SENTENCE
    while True:
        html = render(*args, limit)
        if utf16_length(html) <= LIMIT or limit <= 50:
            return html
        limit //= 2


def _result_html(result: Result, limit: int) -> str:
    notes = "".join(f"<i>{escape(n)}</i>\n" for n in result.notes)
    if result.no_answer:
        lines = [escape(result.message or "没有找到答案。")]
        if result.closest:
            lines.append("\n<i>最接近的句子（不是答案）：</i>")
            lines += [f"• {answer_html(a, limit // 2)}" for a in result.closest]
        return notes + "\n".join(lines)
    return notes + answer_html(result.answers[0], limit)


def result_html(result: Result) -> str:
    return fit(_result_html, result)


def _more_html(answers: list[Answer], first: int, limit: int) -> str:
    return "\n\n".join(f"{i}. {answer_html(a, limit // 2)}" for i, a in enumerate(answers, first))


def more_html(answers: list[Answer], first: int) -> str:
    return fit(_more_html, answers, first) if answers else "没有更多答案了。"


def _context_html(answer: Answer, limit: int) -> str:
    before = [escape(shorten(s, limit // 4)) for s in answer.before]
    after = [escape(shorten(s, limit // 4)) for s in answer.after]
    middle = f"<b>» </b>{sentence_html(answer, limit)}"
    return "\n".join([*before, middle, *after, citation_html(answer.citation)])


def context_html(answer: Answer) -> str:
    return fit(_context_html, answer)


def sources_html(sources: list[Source]) -> str:
    lines: list[str] = []
    for s in sources:
        line = f"• {citation_html(s.citation).removeprefix('📰 ')} · {s.sentences} 句"
        if utf16_length("\n".join([*lines, line])) > LIMIT - 20:
            lines.append(f"… 共 {len(sources)} 篇")
            break
        lines.append(line)
    return "\n".join(lines) if lines else "资料库是空的。"
