"""Follow-up questions, as in a chat: after `阳泉有多少禁毒社工`, `那辽宁呢?` asks the same about 辽宁.

A follow-up is a short question that names one new thing and ends in 呢 (or starts with 那).
It is rewritten into a full question by putting the new thing where the previous question had
the thing of the same sort: a place or name for a place or name, a noun for a noun.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from retrieval.index.tokenizer import NAME_TAGS, Tokenizer
from retrieval.models import Result

if TYPE_CHECKING:
    from retrieval.answer.qa import QA

_FOLLOWUP = re.compile(
    r"^(?:那么?|还有|然后)?\s*(?P<topic>[^?？!！。,，\s]{1,12}?)\s*(?:呢|怎么样|如何|的呢)\s*[?？!！。]*$"
)
_LEADING = re.compile(r"^(?:那么?|还有)\s*(?P<topic>[^?？!！。,，\s]{1,12}?)\s*[?？]*$")
# Words a follow-up may start with that carry no topic: "那呢" is no question.
_EMPTY = {"那", "那么", "这", "这个", "那个", "它", "他", "她"}


def topic_of(text: str) -> str | None:
    """The new thing a follow-up asks about, or None when `text` is a question of its own."""
    text = text.strip()
    match = _FOLLOWUP.match(text) or _LEADING.match(text)
    if not match or match.group("topic") in _EMPTY:
        return None
    return match.group("topic")


def resolve(text: str, previous: str | None, tokenizer: Tokenizer) -> str:
    """The full question `text` stands for, given the previous question in the same chat."""
    topic = topic_of(text)
    if not topic or not previous:
        return text
    words = tokenizer.words(previous)
    topic_tags = {tag for _, tag in tokenizer.words(topic)}
    proper = bool(topic_tags & NAME_TAGS)
    targets = [i for i, (_, tag) in enumerate(words) if tag in NAME_TAGS] if proper else []
    if not targets:
        targets = [i for i, (w, tag) in enumerate(words) if tag.startswith("n") and tag not in NAME_TAGS]
    if not targets:
        return f"{topic}{previous}" if proper else text
    # A place is usually named first (阳泉有多少…), a thing last (…有多少禁毒社工).
    at = targets[0] if proper else targets[-1]
    return "".join(topic if i == at else w for i, (w, _) in enumerate(words))


@dataclasses.dataclass
class Conversation:
    """One chat: a follow-up is read against the last question that got an answer."""

    previous: str | None = None

    def ask(self, qa: QA, text: str) -> Result:
        question = resolve(text, self.previous, qa.tokenizer)
        result = qa.ask(question)
        if result.answers:
            self.previous = result.question
        if question != text:
            result = dataclasses.replace(result, notes=(f"（理解为：{result.question}）", *result.notes))
        return result
