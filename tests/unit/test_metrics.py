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


# --------------------------------------------------------------------------- more hand-checked fixtures


def test_a_tie_across_the_fifth_place_gives_the_same_cr5_whichever_brand_is_fifth():
    # Ranks 3–7 all sell 10: whichever two are left out, the Top 5 hold 30 + 20 + 10 + 10 + 10 = 80 of 100.
    frame = sales([("A", name, v) for name, v in zip("gfedcba", [30, 20, 10, 10, 10, 10, 10], strict=True)])
    out = metrics.concentration(frame).set_index("category_l2")
    assert out.loc["A", "cr5"] == pytest.approx(0.80)
    assert out.loc["A", "hhi"] == pytest.approx(900 + 400 + 5 * 100)


def test_a_zero_sales_brand_is_not_counted_and_changes_no_share():
    frame = sales([("A", "a", 6.0), ("A", "b", 4.0), ("A", "dead", 0.0)])
    out = metrics.concentration(frame).set_index("category_l2")
    assert out.loc["A", "brands"] == 2
    assert out.loc["A", "cr5"] == pytest.approx(1.0)
    assert out.loc["A", "hhi"] == pytest.approx(60**2 + 40**2)


def grid() -> pd.DataFrame:
    """Two years, two provinces, one category; hand-checked per group below."""
    return pd.DataFrame(
        {
            "category_l2": ["A"] * 6,
            "brand": ["x", "y", "x", "y", "x", "z"],
            "province_adcode": [440000, 440000, 330000, 330000, 440000, 440000],
            "year": [2019, 2019, 2019, 2019, 2020, 2020],
            "sales_yuan": [3.0, 1.0, 1.0, 1.0, 5.0, 5.0],
        }
    )


def test_grouping_by_year_and_province():
    out = metrics.concentration(grid(), by=["year", "province_adcode"])
    assert list(out.columns[:3]) == ["year", "province_adcode", "category_l2"]
    got = {(r.year, r.province_adcode): (r.sales_yuan, r.brands, round(r.hhi)) for r in out.itertuples()}
    assert got == {
        (2019, 330000): (2.0, 2, 5000),
        (2019, 440000): (4.0, 2, 75**2 + 25**2),
        (2020, 440000): (10.0, 2, 5000),
    }


def test_filters_keep_only_the_chosen_years_provinces_and_categories():
    frame = pd.concat([grid(), grid().assign(category_l2="B", sales_yuan=1.0)], ignore_index=True)
    out = metrics.concentration(frame, years=[2019], provinces=[440000], categories=["A"])
    assert out[["category_l2", "sales_yuan", "brands"]].to_dict("records") == [
        {"category_l2": "A", "sales_yuan": 4.0, "brands": 2}
    ]
    assert metrics.concentration(frame, years=[2030]).empty


def test_a_belt_stands_for_its_category_in_its_province():
    belts = pd.DataFrame(
        {
            "belt_id": ["gd-a", "zj-a", "gd-b"],
            "province_adcode": [440000, 330000, 440000],
            "category_l2": ["A"] * 2 + ["B"],
        }
    )
    out = metrics.concentration(grid(), by=["belt_id"], belts=belts).set_index("belt_id")
    assert set(out.index) == {"gd-a", "zj-a"}  # gd-b's category has no sales
    assert out.loc["gd-a", "sales_yuan"] == 14.0 and out.loc["zj-a", "sales_yuan"] == 2.0
    only_zj = metrics.concentration(grid(), belts=belts[belts["belt_id"] == "zj-a"])
    assert only_zj["sales_yuan"].tolist() == [2.0]
    with pytest.raises(ValueError, match="belts"):
        metrics.concentration(grid(), by=["belt_id"])
    with pytest.raises(ValueError, match="group by"):
        metrics.concentration(grid(), by=["brand"])


def test_arrow_parquet_categorical_and_string_sources_agree(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    frame = grid()
    cat = frame.astype({"category_l2": "category", "brand": "category"})
    path = tmp_path / "brand_sales.parquet"
    pq.write_table(pa.Table.from_pandas(cat, preserve_index=False), path)
    expected = metrics.concentration(frame, by=["year"], categories=["A"])
    for source in (cat, pa.Table.from_pandas(cat), pq.read_table(path), path, str(path)):
        got = metrics.concentration(source, by=["year"], categories=["A"])
        pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_categorical_source_with_nullable_integer_and_arrow_columns_agrees_with_strings():
    frame = grid()
    cat = frame.astype(
        {
            "category_l2": "category",
            "brand": "category",
            "province_adcode": "Int64",
            "year": "int16[pyarrow]",
            "sales_yuan": "Float64",
        }
    )
    expected = metrics.concentration(frame, by=["year", "province_adcode"])
    got = metrics.concentration(
        cat, by=["year", "province_adcode"], years=[2019, 2020], provinces=[440000, 330000]
    )
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    # (2019, 330000): 1+1 → 5,000; (2019, 440000): 3+1 → 6,250; (2020, 440000): 5+5 → 5,000
    assert got["hhi"].tolist() == pytest.approx([5000.0, 6250.0, 5000.0])


def test_brand_shares_rank_the_brands_and_accumulate_to_one():
    out = metrics.brand_shares(grid(), "A", years=[2019])
    assert out["brand"].tolist() == ["x", "y"]
    assert out["rank"].tolist() == [1, 2]
    assert out["share"].tolist() == pytest.approx([4 / 6, 2 / 6])  # x: 3 + 1, y: 1 + 1
    assert out["cum_share"].iloc[-1] == pytest.approx(1.0)
    assert metrics.brand_shares(grid(), "no such category").empty


@pytest.mark.parametrize(
    ("hhi", "reading"),
    [
        (0.0, "unconcentrated"),
        (1499.9, "unconcentrated"),
        (1500.0, "moderate"),
        (2500.0, "moderate"),
        (2500.1, "high"),
        (10_000.0, "high"),
        (float("nan"), None),
        (None, None),
    ],
)
def test_hhi_reading(hhi, reading):
    assert metrics.hhi_reading(hhi) == reading


def test_bands_of_a_column_match_band_of_and_move_with_the_cut_offs():
    cr5 = pd.Series([0.0, 0.15, 0.2, 0.4, 0.9, float("nan")])
    assert metrics.bands(cr5).tolist() == ["low", "low", "mid", "high", "high", None]
    assert metrics.bands(cr5, 0.25, 0.5).tolist() == ["low", "low", "low", "mid", "high", None]
    assert metrics.bands(cr5[:5]).tolist() == [metrics.band_of(v) for v in cr5[:5]]


def test_category_belts_rank_the_belts_of_a_category_by_sales():
    belts = pd.DataFrame(
        {
            "belt_id": ["a", "b", "c"],
            "name_zh": ["甲", "乙", "丙"],
            "name_en": ["A", "B", "C"],
            "province_adcode": [440000, 330000, 440000],
            "category_l2": ["X", "X", "Y"],
        }
    )
    gmv = pd.DataFrame(
        {"belt_id": ["a", "b", "c", "a"], "year": [2020] * 3 + [2019], "gmv_yuan": [1.0, 3.0, 9.0, 5.0]}
    )
    out = metrics.category_belts(belts, gmv, "X", 2020)
    assert out["belt_id"].tolist() == ["b", "a"] and out["share"].tolist() == [0.75, 0.25]
    assert metrics.category_belts(belts, gmv, "X", 2020, provinces=[440000])["belt_id"].tolist() == ["a"]


def test_band_quotes_are_the_report_sentences_in_print():
    facts = pd.read_csv(ROOT / "data" / "report_facts.csv")
    quotes = metrics.band_quotes(facts)
    assert set(quotes) == {"low", "mid", "high"}
    assert "≤15%" in quotes["low"][1] and "区域品牌" in quotes["low"][1]
    assert "≥40%" in quotes["high"][1] and "企业品牌" in quotes["high"][1]
    assert "15%-40%" in quotes["mid"][1] and "兼具" in quotes["mid"][1]
    assert all(section == "产业带品牌可分为区域品牌和企业品牌" for section, _ in quotes.values())
    assert all("$" not in quote for _, quote in quotes.values())


# --------------------------------------------------------------------------- DuckDB vs the pandas reference

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_rows = st.lists(
    st.tuples(
        st.sampled_from(["甲", "乙", "C"]),
        st.sampled_from([f"b{i}" for i in range(12)]),
        st.sampled_from([110000, 440000]),
        st.sampled_from([2019, 2020]),
        # Money in yuan, to the cent: many ties and zeros, and amounts up to a trillion yuan.
        st.one_of(
            st.just(0.0), st.integers(0, 50).map(float), st.integers(0, 10**14).map(lambda cents: cents / 100)
        ),
    ),
    min_size=1,
    max_size=80,
)


@settings(max_examples=60, deadline=None)
@given(
    rows=_rows, by=st.sampled_from([(), ("year",), ("year", "province_adcode")]), categorical=st.booleans()
)
def test_duckdb_agrees_with_the_pandas_reference(rows, by, categorical):
    frame = pd.DataFrame(rows, columns=["category_l2", "brand", "province_adcode", "year", "sales_yuan"])
    if categorical:
        frame = frame.astype({"category_l2": "category", "brand": "category"})
    got = metrics.concentration(frame, by=list(by))
    want = metrics.concentration_reference(frame, by=list(by))
    keys = [*by, "category_l2"]
    got, want = (f.sort_values(keys, ignore_index=True) for f in (got, want))
    pd.testing.assert_frame_equal(got, want, check_dtype=False, rtol=1e-9, atol=1e-9)
