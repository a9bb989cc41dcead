"""The seed regression set, one test an entry: the expected figure at rank 1, or an honest refusal.

A conversation entry asks its questions in order in one conversation and scores the last.
"""

from pathlib import Path

import pytest

from retrieval.answer.evaluation import ask_case, hit, load_cases, outcome
from retrieval.answer.qa import _marks, read_question

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


def test_only_words_holding_a_term_or_a_synonym_of_one_are_expanded_to_mark_it(qa):
    """`_marks` leaves out the words that hold no term: what it finds in every seed sentence is
    what expanding every word finds, synonyms too (收缴 is indexed as 缴获, 侦破 as 破获)."""
    questions = ("湖南缴获了多少海洛因", "警方破获多少起案件", "抓获多少名犯罪嫌疑人", "阳泉有多少社会工作者")
    term_sets = [set(read_question(q, qa.index, qa.tokenizer).terms) for q in questions]
    assert {"缴获", "破获", "嫌疑人", "社工"} <= set.union(*term_sets)
    marked = 0
    for sid in range(qa.index.size):
        words = qa.index.words(sid)
        for terms in term_sets:
            spans = [(s.start, s.end, s.token) for s in qa.tokenizer.spans(words) if s.token in terms]
            assert _marks(qa.tokenizer, words, terms) == spans
            marked += len(spans)
    assert marked > 100
