import math

import pandas as pd
import pytest

from beltatlas.growth import (
    cagr,
    city_shares,
    indexed,
    province_growth,
    province_view,
    share_within,
    yoy,
)


def test_cagr_of_a_doubling_over_two_years():
    assert cagr(100, 400, 2) == pytest.approx(1.0)
    assert cagr(100, 121, 2) == pytest.approx(0.10)
    assert cagr(100, 100, 3) == 0


@pytest.mark.parametrize(("start", "end", "years"), [(0, 10, 2), (-5, 10, 2), (10, -1, 2), (10, 20, 0)])
def test_cagr_is_nan_when_undefined(start, end, years):
    assert math.isnan(cagr(start, end, years))


def test_province_growth_ranks_by_cagr_and_keeps_missing_years():
    scale = pd.DataFrame(
        {
            "province_adcode": [1, 1, 2, 2, 3],
            "year": [2018, 2020, 2018, 2020, 2020],
            "gmv_yuan": [100.0, 121.0, 100.0, 400.0, 50.0],
        }
    )
    out = province_growth(scale, 2018, 2020)
    assert list(out["province_adcode"]) == [2, 1, 3]
    assert out["cagr"].iloc[0] == pytest.approx(1.0)
    assert out["cagr"].iloc[1] == pytest.approx(0.1)
    assert math.isnan(out["start"].iloc[2]) and math.isnan(out["cagr"].iloc[2])


FRAME = pd.DataFrame(
    {
        "province_adcode": [1, 1, 1, 2, 2, 2],
        "year": [2018, 2019, 2020, 2018, 2019, 2020],
        "gmv_yuan": [100.0, 150.0, 200.0, 300.0, 150.0, 0.0],
    }
)


def test_index_is_100_in_the_base_year():
    out = indexed(FRAME, 2018)
    assert list(out) == [100.0, 150.0, 200.0, 100.0, 50.0, 0.0]


def test_index_is_nan_without_a_positive_base():
    frame = FRAME.assign(gmv_yuan=[0.0, 1.0, 2.0, 300.0, 150.0, 0.0])
    out = indexed(frame, 2018)
    assert out.iloc[:3].isna().all() and out.iloc[3] == 100


def test_share_within_sums_to_one_per_year():
    out = FRAME.assign(share=share_within(FRAME))
    assert out.groupby("year")["share"].sum().tolist() == pytest.approx([1.0, 1.0, 1.0])
    assert out["share"].iloc[0] == pytest.approx(0.25)
    assert out["share"].iloc[5] == 0


def test_yoy_per_province_and_nan_across_gaps():
    out = yoy(FRAME)
    assert (
        math.isnan(out.iloc[0]) and out.iloc[1] == pytest.approx(0.5) and out.iloc[4] == pytest.approx(-0.5)
    )
    gap = FRAME.drop(index=1)
    assert math.isnan(yoy(gap).loc[2])


def test_city_shares_are_of_the_national_total():
    city = pd.DataFrame(
        {
            "city_adcode": [11, 12, 11, 12],
            "province_adcode": [1, 1, 1, 1],
            "year": [2018, 2018, 2019, 2019],
            "gmv_yuan": [30.0, 70.0, 50.0, 50.0],
        }
    )
    out = city_shares(city)
    assert out.loc[(out["city_adcode"] == 11) & (out["year"] == 2018), "share"].item() == pytest.approx(0.3)
    assert out.loc[(out["city_adcode"] == 11) & (out["year"] == 2019), "share"].item() == pytest.approx(0.5)


def test_province_view_absolute_index_and_share():
    absolute = province_view(FRAME, [1, 2], "absolute")
    assert list(absolute["value"]) == [100.0, 150.0, 200.0, 300.0, 150.0, 0.0]
    index = province_view(FRAME, [1, 2], "index")
    assert list(index["value"]) == [100.0, 150.0, 200.0, 100.0, 50.0, 0.0]
    share = province_view(FRAME, [1, 2], "share")
    assert list(share["value"]) == pytest.approx([0.25, 0.5, 1.0, 0.75, 0.5, 0.0])
    only_one = province_view(FRAME, [1], "share")
    assert list(only_one["value"]) == [1.0, 1.0, 1.0]


def test_province_view_rejects_an_unknown_view():
    with pytest.raises(ValueError, match="unknown view"):
        province_view(FRAME, [1], "growth")
