import math

import pandas as pd
import pytest

from beltatlas.growth import cagr, province_growth


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
