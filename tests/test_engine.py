"""The answer core, as every front end sees it."""

import pytest

from .conftest import LIAONING, YANGQUAN


def test_headline_pair_uses_the_article_around_the_sentence(qa):
    yangquan = qa.ask("阳泉有多少禁毒社工").answers[0]
    liaoning = qa.ask("辽宁有多少专职禁毒社工").answers[0]
    assert "201名" in yangquan.text and yangquan.citation.doc == YANGQUAN
    assert "5000余名" in liaoning.text and liaoning.citation.doc == LIAONING


def test_answer_carries_citation_highlights_and_the_figure(qa):
    answer = qa.ask("阳泉有多少禁毒社工").answers[0]
    assert answer.citation.source == "阳泉日报"
    assert [answer.text[a:b] for a, b in answer.figures] == ["201名"]
    marked = {answer.text[a:b] for a, b in answer.highlights}
    assert {"禁毒", "社工"} <= marked
    assert answer.after and answer.before  # context either side


def test_next_candidates_are_ranked_and_distinct(qa):
    result = qa.ask("阳泉有多少禁毒社工", count=5)
    scores = [a.score for a in result.answers]
    assert scores == sorted(scores, reverse=True)
    assert len({a.text for a in result.answers}) == len(result.answers) == 5


@pytest.mark.parametrize(
    "question, missing",
    [
        ("北京有多少禁毒社工", "北京"),
        ("怎么做红烧肉", "红烧肉"),
        ("今天天气怎么样", "天气"),
    ],
)
def test_no_answer_names_what_is_missing(qa, question, missing):
    result = qa.ask(question)
    assert result.no_answer and result.answers == ()
    assert missing in result.message and result.message.startswith("资料中没有关于「")


def test_no_answer_offers_closest_sentences_marked_apart(qa):
    result = qa.ask("北京有多少禁毒社工")
    assert result.closest and result.answers == ()
    assert result.to_json()["closest"][0]["text"]


def test_traditional_question_gets_the_simplified_answer(qa):
    answer = qa.ask("陽泉有多少禁毒社工").answers[0]
    assert "201名" in answer.text


def test_traditional_article_answers_simplified_question(tmp_path):
    from retrieval.answer.qa import QA
    from retrieval.config import load_settings

    (tmp_path / "tw.txt").write_text(
        "臺北市禁毒工作\n\n臺北市今年共有禁毒社會工作者三百二十名,服務個案一千件。", encoding="utf-8"
    )
    (tmp_path / "other.txt").write_text("高雄市概況\n\n高雄市是港口城市,人口眾多。", encoding="utf-8")
    qa = QA.from_settings(load_settings(corpus=tmp_path))
    answer = qa.ask("台北市有多少社工").answers[0]
    assert "三百二十名" in answer.text  # the original text, not a converted copy
    assert answer.figures


def test_chinese_numerals_in_the_question_match_digits(qa):
    answer = qa.ask("哪个省设立了一百零九个毒品检查站").answers[0]
    assert "检查站109个" in answer.text


def test_subject_in_previous_sentence_is_shown_as_lead(tmp_path):
    from retrieval.answer.qa import QA
    from retrieval.config import load_settings

    (tmp_path / "a.txt").write_text(
        "工作情况\n\n今年以来,某县戒毒康复中心扩建了宿舍楼。共收治病残吸毒人员48名,完成任务的68.6%。",
        encoding="utf-8",
    )
    qa = QA.from_settings(load_settings(corpus=tmp_path))
    answer = qa.ask("戒毒康复中心收治了多少病残吸毒人员").answers[0]
    assert answer.text.startswith("共收治病残吸毒人员48名")
    assert answer.lead == "今年以来,某县戒毒康复中心扩建了宿舍楼。"


@pytest.mark.parametrize("question", ["", "   ", "？？？", "！", "的了吗", "\x1b[31m\x00\x07"])
def test_questions_with_nothing_to_look_for(qa, question):
    result = qa.ask(question)
    assert result.no_answer and result.message


@pytest.mark.parametrize(
    "question",
    [
        "😀😀😀",
        "<script>alert(1)</script>",
        "**阳泉**有多少_禁毒社工_",
        "12345",
        "What is this?",
        "\u202e阳泉有多少禁毒社工",
        "阳\u200b泉有多少禁毒社工",
        "阳泉有多少禁毒社工" * 500,
    ],
)
def test_odd_questions_get_a_reply(qa, question):
    result = qa.ask(question)
    assert result.no_answer or result.answers


def test_huge_question_is_cut_with_a_note(qa):
    result = qa.ask("阳泉有多少禁毒社工" + "啊" * 100_000)
    assert result.notes and len(result.question) == qa.settings.answers.max_question_chars
    assert "201名" in result.answers[0].text  # the filler is no part of the question


def test_a_word_said_twice_is_one_word(qa):
    result = qa.ask("xq & xq")
    assert result.no_answer and result.missing == ("xq",)


def test_json_shape(qa):
    data = qa.ask("阳泉有多少禁毒社工").to_json()
    assert set(data) >= {"question", "no_answer", "answers"}
    assert data["no_answer"] is False
    for answer in data["answers"]:
        assert set(answer) >= {"text", "doc", "title", "source", "date", "url", "score"}


def test_empty_corpus_says_so(tmp_path):
    from retrieval.answer.qa import QA
    from retrieval.config import load_settings

    qa = QA.from_settings(load_settings(corpus=tmp_path))
    result = qa.ask("阳泉有多少禁毒社工")
    assert result.no_answer and "空" in result.message


def test_more_answers_go_on_where_the_shown_ones_stop(qa):
    first = qa.ask("阳泉有多少禁毒社工")
    shown = len(first.answers)
    page = qa.more(first.question, shown)
    assert page and len(page) <= qa.settings.answers.count
    assert not {a.text for a in page} & {a.text for a in first.answers}
    assert qa.more(first.question, 10_000) == ()


def test_first_pass_is_retrieval_alone_and_holds_what_is_re_ranked(qa):
    question = "阳泉有多少禁毒社工"
    found = qa.first_pass(question)
    assert len(found.sentence_ids) == qa.settings.ranking.candidates  # the seeds hold more
    assert qa.ask(question).answers[0].sentence.id in found.sentence_ids
    # each part scaled by its best value for the question
    assert max(found.sentence) == 1.0 and all(0.0 <= s <= 1.0 for s in found.sentence)
    assert qa.first_pass("").sentence_ids == qa.first_pass("🙂🙂").sentence_ids == []


def test_the_sentence_before_scores_as_the_context_of_the_one_after_it(qa):
    found = qa.first_pass("阳泉有多少禁毒社工")
    at = {s: k for k, s in enumerate(found.sentence_ids)}
    previous = qa.index.previous
    # each part is scaled by its own best value: the one before's score, in another scale
    ratios = {
        round(found.previous[k] / found.sentence[at[s - 1]], 9)
        for k, s in enumerate(found.sentence_ids)
        # (a sentence answering a question its article asks scores as that question, not as itself)
        if previous[s] == s - 1
        and s - 1 in at
        and found.sentence[at[s - 1]] > 0
        and found.asked[at[s - 1]] < 0
    }
    assert len(ratios) == 1
    assert all(found.previous[k] == 0 for k, s in enumerate(found.sentence_ids) if previous[s] < 0)
    assert max(found.previous) == 1.0
