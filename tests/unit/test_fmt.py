import math

import pytest

from beltatlas import fmt


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        pytest.param(0, "zh", "0元", id="zero_zh"),
        pytest.param(0, "en", "0 yuan", id="zero_en"),
        pytest.param(9_999, "zh", "9,999元", id="below_wan"),
        pytest.param(10_000, "zh", "1.0万元", id="one_wan"),
        pytest.param(12_345, "zh", "1.2万元", id="wan_rounded"),
        pytest.param(99_999_999, "zh", "1.0亿元", id="rounds_up_to_yi"),
        pytest.param(1.23e9, "zh", "12.3亿元", id="yi"),
        pytest.param(2.5e12, "zh", "2.5万亿元", id="wan_yi"),
        pytest.param(-12_345, "zh", "-1.2万元", id="negative_zh"),
        pytest.param(9_999, "en", "9,999 yuan", id="below_million_en"),
        pytest.param(999_999, "en", "999,999 yuan", id="just_below_million_en"),
        pytest.param(1.5e6, "en", "1.5 million yuan", id="million"),
        pytest.param(999_999_999, "en", "1.0 billion yuan", id="rounds_up_to_billion"),
        pytest.param(1.23e9, "en", "1.2 billion yuan", id="billion"),
        pytest.param(-3e9, "en", "-3.0 billion yuan", id="negative_en"),
        pytest.param(float("nan"), "zh", "—", id="nan"),
        pytest.param(None, "en", "—", id="none"),
        pytest.param(12.5, "zh", "12.5元", id="fraction"),
    ],
)
def test_money(value, lang, expected):
    assert fmt.money(value, lang) == expected


@pytest.mark.parametrize(
    ("value", "unit", "lang", "expected"),
    [
        pytest.param(265944, "亿元", "zh", "26.6万亿元", id="manufacturing"),
        pytest.param(105.60, "亿元", "en", "10.6 billion yuan", id="luosifen_en"),
        pytest.param(18.07, "万亿元", "zh", "18.1万亿元", id="trade"),
        pytest.param(2843, "个", "zh", "2,843个", id="unknown_money_unit_is_plain"),
    ],
)
def test_money_in_printed_unit(value, unit, lang, expected):
    assert fmt.money_in(value, unit, lang) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(0.123, "12.3%", id="plain"),
        pytest.param(0, "0.0%", id="zero"),
        pytest.param(-0.065, "-6.5%", id="fall"),
        pytest.param(-0.00001, "0.0%", id="negative_zero_is_zero"),
        pytest.param(7.8, "780.0%", id="large"),
        pytest.param(math.nan, "—", id="nan"),
    ],
)
def test_percent(value, expected):
    assert fmt.percent(value) == expected


def test_signed_percent_marks_growth_only():
    assert fmt.percent(2.3, 0, signed=True) == "+230%"
    assert fmt.percent(-0.2, 0, signed=True) == "-20%"


@pytest.mark.parametrize(
    ("ratio", "lang", "expected"),
    [(34, "zh", "34倍"), (12, "en", "12×"), (1.5, "zh", "1.5倍"), (None, "zh", "—")],
)
def test_multiple(ratio, lang, expected):
    assert fmt.multiple(ratio, lang) == expected


def test_count_uses_wan_in_chinese_only():
    assert fmt.count(18_000, "zh", "家") == "1.8万家"
    assert fmt.count(18_000, "en") == "18,000"
    assert fmt.count(9_999, "zh", "家") == "9,999家"


def test_infinity_does_not_raise():
    assert fmt.money(float("inf"), "zh") == "∞元"
    assert fmt.percent(float("inf")) == "∞"


@pytest.mark.parametrize(
    ("value", "unit", "text", "lang", "expected"),
    [
        pytest.param(265944, "亿元", "265944亿元", "zh", "26.59万亿元", id="zh_money_rescaled"),
        pytest.param(18.07, "万亿元", "18.07万亿元", "zh", "18.07万亿元", id="zh_same_rule_as_neighbour"),
        pytest.param(100, "亿元", "超百亿元", "zh", "超100亿元", id="zh_money_keeps_qualifier"),
        pytest.param(1.8, "万家", "超过1.8万家", "zh", "超过1.8万家", id="zh_count_in_wan"),
        pytest.param(53385, "家", "53385家", "zh", "5.34万家", id="zh_large_count_in_wan"),
        pytest.param(265944, "亿元", "265944亿元", "en", "26.59 trillion yuan", id="en_rescaled"),
        pytest.param(30, "个", "近30个", "zh", "近30个", id="zh_count_as_printed"),
        pytest.param(30, "个", "近30个", "en", "nearly 30", id="en_count_with_qualifier"),
        pytest.param(1.8, "万家", "近1.8万家", "en", "nearly 18,000", id="en_count_in_wan"),
        pytest.param(100, "%", "超100%", "en", "over 100%", id="en_percent_over"),
        pytest.param(-6.5, "%", "下降6.5%", "en", "-6.5%", id="en_percent_fall"),
        pytest.param(15, "%", r"$\leq 15\%$", "en", "≤ 15%", id="en_percent_latex_leq"),
        pytest.param(9, "成", "9成", "en", "90%", id="en_tenths"),
        pytest.param(60, "倍", "近60倍", "en", "nearly 60×", id="en_multiple"),
        pytest.param(100, "亿", "百亿", "en", "10.0 billion", id="en_yi"),
        pytest.param(1, "位次", "全国第一", "en", "No. 1 in China", id="en_rank_in_china"),
        pytest.param(10, "位次", "前十", "en", "top 10", id="en_rank_top"),
        pytest.param(5, "位次", "TOP5", "en", "top 5", id="en_rank_top_latin"),
        pytest.param(11, "位次", "11个位次", "en", "11 places", id="en_rank_places"),
        pytest.param(None, None, "逐年下降", "en", "逐年下降", id="en_words_as_printed"),
        pytest.param(105.6, "亿元", "超105.6亿元", "en", "over 10.56 billion yuan", id="en_money_qualified"),
        pytest.param(None, None, "2020年3月", "en", "2020年3月", id="no_value"),
    ],
)
def test_fact_value(value, unit, text, lang, expected):
    assert fmt.fact_value(value, unit, text, lang) == expected
