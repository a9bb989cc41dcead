"""The seed regression set, one test a question: the expected figure at rank 1, or an honest refusal."""

from pathlib import Path

import pytest

from retrieval.answer.evaluation import hit, load_cases

CASES = load_cases(Path(__file__).parent / "qa" / "seeds.yaml")


def test_the_set_is_broad():
    assert len(CASES) >= 80
    assert sum(c.answer is None for c in CASES) >= 8
    assert len({c.doc for c in CASES if c.doc}) == 5


@pytest.mark.parametrize("case", CASES, ids=[c.question for c in CASES])
def test_case(qa, case):
    result = qa.ask(case.question)
    if case.answer is None:
        assert result.no_answer, f"answered {result.answers[0].text if result.answers else ''!r}"
    else:
        assert not result.no_answer, result.message
        assert hit(result.answers[0], case), (
            f"got {result.answers[0].text!r} from {result.answers[0].citation.doc}"
        )
