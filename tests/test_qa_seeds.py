"""The seed regression set, one test an entry: the expected figure at rank 1, or an honest refusal.

A conversation entry asks its questions in order in one conversation and scores the last.
"""

from pathlib import Path

import pytest

from retrieval.answer.evaluation import ask_case, hit, load_cases, outcome
from retrieval.answer.qa import read_question

CASES = load_cases(Path(__file__).parent / "qa" / "seeds.yaml")


def test_the_set_is_broad():
    assert len(CASES) >= 80
    assert sum(c.answer is None for c in CASES) >= 8
    assert len({c.doc for c in CASES if c.doc}) == 5
    conversations = [c for c in CASES if c.before]
    assert len(conversations) >= 20
    assert any(c.answer is None for c in conversations)


@pytest.mark.parametrize("case", CASES, ids=[" → ".join(c.conversation) for c in CASES])
def test_case(qa, case):
    result = ask_case(qa, case)
    assert outcome(case, result).understood, f"understood as {result.question!r}, not {case.asked!r}"
    if case.answer is None:
        assert result.no_answer, f"answered {result.answers[0].text if result.answers else ''!r}"
    else:
        assert not result.no_answer, result.message
        assert hit(result.answers[0], case), (
            f"got {result.answers[0].text!r} from {result.answers[0].citation.doc} for {result.question!r}"
        )


@pytest.mark.parametrize("question", ["阳泉有多少禁毒社工", "湖南缴获了多少海洛因"])
def test_an_answer_marks_every_place_it_says_a_term_of_the_question(qa, question):
    terms = set(read_question(question, qa.index, qa.tokenizer).terms)
    result = qa.ask(question)
    shown = result.answers + result.closest  # the closest sentences of a "not found" are marked too
    assert shown
    for answer in shown:
        words = qa.tokenizer.cut(answer.sentence.text)
        spans = [s for s in qa.tokenizer.spans(words) if s.token in terms]
        assert answer.matched == tuple(dict.fromkeys(s.token for s in spans))
        for s in spans:
            assert any(a <= s.start and s.end <= b for a, b in answer.highlights)
