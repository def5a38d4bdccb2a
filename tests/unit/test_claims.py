from pathlib import Path

import pandas as pd
import pytest

from beltatlas import claims, metrics, report

ROOT = Path(__file__).resolve().parents[2]
SH, FJ, HE, JX, GD = 310000, 350000, 130000, 360000, 440000


def scale_frame(growth_by_province: dict[int, float], years=(2018, 2019, 2020)) -> pd.DataFrame:
    """Ten core provinces (plus the given ones), 2018 = 100 − order so ranks are fixed, growing at the
    given yearly rate (default 5 %)."""
    rows = []
    for order, adcode in enumerate(report.CORE_PROVINCES):
        rate = growth_by_province.get(adcode, 0.05)
        base = 1000.0 - 50 * order
        for i, year in enumerate(years):
            rows.append((adcode, year, base * (1 + rate) ** i))
    return pd.DataFrame(rows, columns=["province_adcode", "year", "gmv_yuan"])


def test_the_bundled_sample_supports_every_claim():
    belts = pd.read_csv(ROOT / "data" / "belts.csv")
    scale = metrics.province_scale(pd.read_parquet(ROOT / "data" / "belt_gmv.parquet"), belts)
    city = pd.read_parquet(ROOT / "data" / "city_gmv.parquet")
    checks = claims.check_all(scale, city)
    assert [c.claim_id for c in checks] == [
        "core_provinces",
        "fast_growers",
        "leading_cities",
        "rising_cities",
    ]
    assert all(c.supported for c in checks)


def test_fast_growers_supported_when_the_four_lead_cagr():
    check = claims.fast_growers(scale_frame({SH: 0.30, FJ: 0.25, HE: 0.20, JX: 0.15}))
    assert check.supported is True
    assert check.found == (SH, FJ, HE, JX)
    assert (check.start, check.end) == (2018, 2020)


def test_fast_growers_not_supported_when_shanghai_grew_slowly():
    check = claims.fast_growers(scale_frame({SH: -0.10, FJ: 0.25, HE: 0.20, JX: 0.15, GD: 0.40}))
    assert check.supported is False
    assert check.ok == (False, True, True, True)
    assert check.found[0] == GD and SH not in check.found


def test_core_provinces_not_supported_when_another_province_is_bigger():
    scale = scale_frame({})
    scale = pd.concat([scale, pd.DataFrame({"province_adcode": [510000], "year": [2020], "gmv_yuan": [1e9]})])
    check = claims.core_provinces(scale)
    assert check.supported is False
    assert check.found[0] == 510000
    assert check.ok.count(False) == 1  # 赣, the tenth, drops out


def test_claims_cannot_be_checked_with_one_year():
    check = claims.fast_growers(scale_frame({}, years=(2020,)))
    assert check.supported is None


def test_other_years_are_used_when_2018_to_2020_are_missing():
    check = claims.fast_growers(scale_frame({SH: 0.3, FJ: 0.3, HE: 0.3, JX: 0.3}, years=(2021, 2022, 2023)))
    assert (check.start, check.end) == (2021, 2023)
    assert check.supported is True


def city_frame(values: dict[int, tuple[float, float]]) -> pd.DataFrame:
    rows = [
        (c, c // 100 * 100, y, v)
        for c, pair in values.items()
        for y, v in zip((2018, 2020), pair, strict=True)
    ]
    return pd.DataFrame(rows, columns=["city_adcode", "province_adcode", "year", "gmv_yuan"])


def test_rising_cities_rank_share_gains_among_the_largest():
    values = {
        310100: (100, 300),
        110100: (100, 280),
        440600: (100, 260),
        350500: (100, 240),
        330100: (400, 400),
        440100: (400, 380),
    }
    check = claims.rising_cities(city_frame(values))
    assert check.supported is True
    gains = claims.share_gains(city_frame(values), 2018, 2020)
    first = gains.iloc[0]
    assert first["city_adcode"] == 310100
    assert first["share_start"] == pytest.approx(100 / 1200) and first["share_end"] == pytest.approx(
        300 / 1860
    )


def test_leading_cities_fail_when_a_fifth_city_is_in_the_top_four():
    values = {110100: (9, 9), 330100: (8, 8), 440100: (7, 7), 440300: (1, 1), 320500: (5, 5)}
    check = claims.leading_cities(city_frame(values))
    assert check.supported is False
    assert check.ok == (True, True, True, False)
