"""Province names in every common form normalise to the six-digit adcode."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from beltatlas.provinces import known_adcodes, normalise_province, province_table

GUANGDONG = [
    "广东",
    "广东省",
    "粤",
    "Guangdong",
    "guangdong",
    "GUANGDONG",
    "Guangdong Province",
    440000,
    "440000",
    440000.0,
    "440000.0",
    44,
    "44",
    np.int64(440000),
    np.float64(440000.0),
    " 广东 ",
    "\u3000广东省\u3000",
    "\t440000\n",
    "CN-GD",
]


@pytest.mark.parametrize("value", GUANGDONG, ids=repr)
def test_guangdong_in_every_form(value: object) -> None:
    assert normalise_province(value) == 440000


@pytest.mark.parametrize(
    ("value", "adcode"),
    [
        ("广西壮族自治区", 450000),
        ("广西", 450000),
        ("桂", 450000),
        ("内蒙古自治区", 150000),
        ("内蒙古", 150000),
        ("Inner Mongolia", 150000),
        ("Nei Mongol", 150000),
        ("新疆维吾尔自治区", 650000),
        ("新疆", 650000),
        ("Xinjiang Uygur Autonomous Region", 650000),
        ("宁夏回族自治区", 640000),
        ("西藏自治区", 540000),
        ("Tibet", 540000),
        ("Xizang", 540000),
        ("香港特别行政区", 810000),
        ("香港", 810000),
        ("Hong Kong", 810000),
        ("hongkong", 810000),
        ("HK", 810000),
        ("Hong Kong SAR", 810000),
        ("澳门特别行政区", 820000),
        ("澳门", 820000),
        ("Macao", 820000),
        ("Macau", 820000),
        ("台湾", 710000),
        ("台湾省", 710000),
        ("臺灣", 710000),
        ("Taiwan", 710000),
        ("北京", 110000),
        ("北京市", 110000),
        ("京", 110000),
        ("Beijing", 110000),
        ("上海市", 310000),
        ("沪", 310000),
        ("重庆", 500000),
        ("Shaanxi", 610000),
        ("陕西", 610000),
        ("Shanxi", 140000),
        ("山西", 140000),
        ("Heilongjiang", 230000),
        ("黑龙江省", 230000),
        ("川", 510000),
        ("蜀", 510000),
        ("滇", 530000),
        (11, 110000),
        (82, 820000),
    ],
)
def test_other_forms(value: object, adcode: int) -> None:
    assert normalise_province(value) == adcode


@pytest.mark.parametrize(
    "value", [100000, "100000", "全国", "中国", "China", "national", "NATIONAL", 100000.0]
)
def test_national(value: object) -> None:
    assert normalise_province(value) == 100000
    assert normalise_province(value, national=False) is None


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "   ",
        "广州",
        "火星",
        "Guangzhou",
        "440100",
        440100,
        4400,
        99,
        10,
        "10",
        440000.5,
        float("nan"),
        float("inf"),
        True,
        [],
        "广东广东",
        "abc",
        "-440000",
    ],
    ids=repr,
)
def test_unknown_is_none(value: object) -> None:
    assert normalise_province(value) is None


def test_every_row_of_the_table_normalises() -> None:
    table = province_table()
    assert len(table) == 34
    for row in table.itertuples(index=False):
        for value in (
            row.adcode,
            str(row.adcode),
            row.name_zh,
            row.name_en,
            row.short_zh,
            row.name_en.upper(),
        ):
            assert normalise_province(value) == row.adcode, value


def test_province_table_is_a_copy() -> None:
    table = province_table()
    table.loc[0, "name_zh"] = "changed"
    assert province_table().loc[0, "name_zh"] == "北京市"


def test_known_adcodes() -> None:
    assert 100000 in known_adcodes()
    assert 100000 not in known_adcodes(national=False)
    assert len(known_adcodes(national=False)) == 34


@given(st.one_of(st.text(max_size=20), st.integers(), st.floats(), st.none(), st.binary(max_size=10)))
def test_never_raises(value: object) -> None:
    result = normalise_province(value)
    assert result is None or result in known_adcodes()
