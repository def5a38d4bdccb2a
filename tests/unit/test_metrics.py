import math
from pathlib import Path

import pandas as pd
import pytest

from beltatlas import metrics

ROOT = Path(__file__).resolve().parents[2]


def sales(rows):
    return pd.DataFrame(rows, columns=["category_l2", "brand", "sales_yuan"])


def test_concentration_on_a_hand_checked_fixture():
    frame = sales(
        [("A", f"b{i}", v) for i, v in enumerate([40, 20, 10, 10, 10, 5, 5])]  # total 100
        + [("B", "only", 7.0)]  # one brand
        + [("C", "x", 3.0), ("C", "y", 1.0)]  # fewer than five brands
        + [("D", "z", 0.0), ("D", "w", 0.0)]  # no sales
    )
    out = metrics.concentration(frame).set_index("category_l2")
    assert out.loc["A", "cr5"] == pytest.approx(0.90)
    assert out.loc["A", "cr10"] == pytest.approx(1.0)
    assert out.loc["A", "hhi"] == pytest.approx(40**2 + 20**2 + 3 * 10**2 + 2 * 5**2)  # 2,350
    assert out.loc["A", "brands"] == 7
    assert out.loc["B", "cr5"] == pytest.approx(1.0) and out.loc["B", "hhi"] == pytest.approx(10_000)
    assert out.loc["C", "cr5"] == pytest.approx(1.0) and out.loc["C", "hhi"] == pytest.approx(6_250)
    assert out.loc["D", "brands"] == 0 and math.isnan(out.loc["D", "cr5"]) and math.isnan(out.loc["D", "hhi"])


def test_ties_at_the_fifth_place_count_once():
    frame = sales([("A", f"b{i}", 10.0) for i in range(10)])
    out = metrics.concentration(frame).set_index("category_l2")
    assert out.loc["A", "cr5"] == pytest.approx(0.5)


def test_sales_of_one_brand_in_several_rows_are_summed():
    frame = sales([("A", "b", 5.0), ("A", "b", 5.0), ("A", "c", 10.0)])
    out = metrics.concentration(frame).set_index("category_l2")
    assert out.loc["A", "brands"] == 2 and out.loc["A", "hhi"] == pytest.approx(5_000)


@pytest.mark.parametrize(
    ("cr5", "band"),
    [(0.0, "low"), (0.15, "low"), (0.1501, "mid"), (0.3999, "mid"), (0.40, "high"), (1.0, "high")],
)
def test_band_of_uses_the_report_cut_offs(cr5, band):
    assert metrics.band_of(cr5) == band


def test_province_scale_sums_belts_per_province_and_year():
    belts = pd.DataFrame({"belt_id": ["a", "b", "c"], "province_adcode": [440000, 440000, 330000]})
    gmv = pd.DataFrame(
        {"belt_id": ["a", "b", "c", "a"], "year": [2020, 2020, 2020, 2019], "gmv_yuan": [1.0, 2.0, 5.0, 4.0]}
    )
    out = metrics.province_scale(gmv, belts)
    assert out.to_dict("records") == [
        {"province_adcode": 440000, "year": 2019, "gmv_yuan": 4.0, "belts": 1},
        {"province_adcode": 330000, "year": 2020, "gmv_yuan": 5.0, "belts": 1},
        {"province_adcode": 440000, "year": 2020, "gmv_yuan": 3.0, "belts": 2},
    ]


def test_bundled_report_categories_fall_in_the_report_band_as_the_brands_page_computes_it():
    brand_sales = pd.read_parquet(ROOT / "data" / "brand_sales.parquet")
    categories = pd.read_csv(ROOT / "data" / "categories.csv").dropna(subset=["report_band"])
    for year in sorted(brand_sales["year"].unique()):
        conc = metrics.concentration(brand_sales[brand_sales["year"] == year]).set_index("category_l2")
        for row in categories.itertuples():
            assert metrics.band_of(conc.loc[row.category_l2, "cr5"]) == row.report_band, (
                year,
                row.category_l2,
            )
