"""Spelled-out numbers are read as cn2an 0.5's "smart" mode read them (checked against it on every
run of up to five characters), without loading it."""

from __future__ import annotations

import pytest

from retrieval.index.normalize import numeral_variants
from retrieval.index.numerals import value


@pytest.mark.parametrize(
    ("run", "number"),
    [
        ("二百零一", 201),
        ("十五", 15),
        ("两千", 2000),
        ("一百零五", 105),
        ("一千零十", 1010),  # 零十 is 零一十
        ("一百十", 110),  # 百十 is 百一十
        ("十万零一千", 101000),
        ("二十三万五千", 235000),
        ("一亿二千万", 120000000),
        ("一万亿", 10**12),
        ("十一万三", 113000),  # spoken: the last unit left out
        ("三百四", 340),
        ("一二", 12),  # digits one by one
        ("二〇二三", 2023),
        ("零五", 5),
    ],
)
def test_a_run_of_numerals_has_the_value_it_says(run, number):
    assert value(run) == number


@pytest.mark.parametrize("run", ["万万", "亿亿", "十十", "一十二十", "十一十", "一亿二", "千千"])
def test_a_run_that_is_no_number_has_none(run):
    assert value(run) is None


def test_the_numbers_a_question_spells_out_are_given_in_digits():
    assert numeral_variants("明崇祯十七年三月有多少万万人，一百零九个，二〇二三年") == ["17", "109", "2023"]
