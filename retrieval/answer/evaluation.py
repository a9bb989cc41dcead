"""Answer quality, measured: a YAML list of {question, answer, doc?} against what qabot returns.

A case with `answer: null` expects "no answer". Otherwise an answer counts as a hit when its
sentence contains the expected text and, if `doc` is given, comes from that article. An entry
`{conversation: [q1, q2, …], answer, doc?}` asks its questions in order in one conversation (so
that `那辽宁呢？` follows up `阳泉有多少禁毒社工`) and scores the answer to the last one; with
`asked`, the last question must also be understood as that (`辽宁有多少禁毒社工`, or itself when
it must not be rewritten), else the entry is a miss.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from retrieval.answer.followup import Conversation
from retrieval.models import Answer, Result

if TYPE_CHECKING:
    from retrieval.answer.qa import QA


class EvalFileError(Exception):
    pass


@dataclass(frozen=True)
class Case:
    question: str  # the question scored: the last of its conversation
    answer: str | None
    doc: str | None = None
    before: tuple[str, ...] = ()  # questions asked before it, in order, in the same conversation
    asked: str | None = None  # what the question must be understood as, if given

    @property
    def conversation(self) -> tuple[str, ...]:
        return (*self.before, self.question)


@dataclass(frozen=True)
class Outcome:
    case: Case
    result: Result
    rank: int | None  # 1-based rank of the first hit, None when no answer hits (or misunderstood)

    @property
    def understood(self) -> bool:
        return self.case.asked in (None, self.result.question)

    @property
    def correct(self) -> bool:
        if self.case.answer is None:
            return self.result.no_answer and self.understood
        return self.rank == 1


@dataclass(frozen=True)
class Report:
    outcomes: tuple[Outcome, ...]

    @property
    def answerable(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.case.answer is not None]

    @property
    def unanswerable(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.case.answer is None]

    def _share(self, outcomes: list[Outcome], test: Callable[[Outcome], float]) -> float | None:
        return sum(map(test, outcomes)) / len(outcomes) if outcomes else None

    @property
    def top1(self) -> float | None:
        return self._share(self.answerable, lambda o: o.rank == 1)

    @property
    def top3(self) -> float | None:
        return self._share(self.answerable, lambda o: o.rank is not None and o.rank <= 3)

    @property
    def mrr(self) -> float | None:
        return self._share(self.answerable, lambda o: 1 / o.rank if o.rank else 0.0)

    @property
    def no_answer_accuracy(self) -> float | None:
        return self._share(self.unanswerable, lambda o: o.correct)

    @property
    def false_refusals(self) -> int:
        return sum(o.result.no_answer for o in self.answerable)

    @property
    def misses(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.correct]

    def to_json(self) -> dict:
        return {
            "cases_total": len(self.outcomes),
            "answerable": len(self.answerable),
            "unanswerable": len(self.unanswerable),
            "top1": self.top1,
            "top3": self.top3,
            "mrr": self.mrr,
            "no_answer_accuracy": self.no_answer_accuracy,
            "false_refusals": self.false_refusals,
            "cases": [
                {
                    "conversation": list(o.case.conversation),
                    **o.result.to_json(),
                    "expected": o.case.answer,
                    "expected_doc": o.case.doc,
                    "expected_question": o.case.asked,
                    "rank": o.rank,
                    "correct": o.correct,
                }
                for o in self.outcomes
            ],
        }


def load_cases(path: Path) -> list[Case]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise EvalFileError(f"cannot read {path}: {e.strerror or e}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise EvalFileError(f"{path} is not valid YAML: {e}") from None
    if not isinstance(data, list):
        raise EvalFileError(
            f"{path}: expected a list of {{question, answer, doc}} or {{conversation, answer, doc}} entries"
        )
    return [_case(item, f"{path}: entry {i}") for i, item in enumerate(data, 1)]


def _case(item: object, where: str) -> Case:
    if not isinstance(item, dict):
        raise EvalFileError(f"{where} must be a mapping with a 'question' or a 'conversation'")
    unknown = set(item) - {"question", "conversation", "answer", "doc", "asked"}
    if unknown:
        raise EvalFileError(f"{where} has unknown keys: {', '.join(sorted(map(str, unknown)))}")
    if ("question" in item) == ("conversation" in item):
        raise EvalFileError(
            f"{where} needs either a 'question' text or a 'conversation' (a list of questions asked in order)"
        )
    if "question" in item:
        if not isinstance(item["question"], str) or not item["question"].strip():
            raise EvalFileError(f"{where} needs a 'question' text")
        asked = [item["question"]]
    else:
        asked = item["conversation"]
        if not isinstance(asked, list) or not asked:
            raise EvalFileError(f"{where}: 'conversation' must be a list of questions, the last one scored")
        for n, q in enumerate(asked, 1):
            if not isinstance(q, str) or not q.strip():
                raise EvalFileError(f"{where}: question {n} of the 'conversation' must be a text")
    if "answer" not in item:
        raise EvalFileError(f"{where} needs an 'answer' (text, or null for no answer)")
    answer, doc, understood = item["answer"], item.get("doc"), item.get("asked")
    if answer is not None and not isinstance(answer, (str, int, float)):
        raise EvalFileError(f"{where}: 'answer' must be text or null")
    if understood is not None and not isinstance(understood, str):
        raise EvalFileError(f"{where}: 'asked' must be the text the last question is understood as")
    return Case(
        asked[-1],
        None if answer is None else str(answer),
        None if doc is None else str(doc),
        tuple(asked[:-1]),
        understood,
    )


def hit(answer: Answer, case: Case) -> bool:
    return case.answer is not None and case.answer in answer.text and case.doc in (None, answer.citation.doc)


def ask_case(qa: QA, case: Case) -> Result:
    """The result of the case's question, its conversation's earlier questions asked first."""
    chat = Conversation()
    for question in case.before:
        chat.ask(qa, question)
    return chat.ask(qa, case.question)


def outcome(case: Case, result: Result) -> Outcome:
    """How `result` fares against `case`: a hit counts only for the question understood as asked."""
    understood = case.asked in (None, result.question)
    rank = next((i for i, a in enumerate(result.answers, 1) if hit(a, case)), None) if understood else None
    return Outcome(case, result, rank)


def evaluate(qa: QA, cases: Iterable[Case]) -> Report:
    return Report(tuple(outcome(case, ask_case(qa, case)) for case in cases))
