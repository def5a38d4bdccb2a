"""The query module on two engines: embedded DuckDB and Spark in local mode, over the same generated data.

Every aggregation of `beltatlas.query` runs on both engines over the same Parquet files and must
give equal results — with ties at the fifth place, a category with fewer than five brands, a
category with zero sales, missing (null) sales, a belt in a province without sales. DuckDB's
results are also checked against the pandas reference and hand-computed values, so "equal" means
"equal and right". Spark tests carry the `spark` marker (`pytest -m "not spark"` skips them) and
share one Spark session per test process (the `spark` fixture in tests/conftest.py).
"""

from __future__ import annotations

import math
from pathlib import Path

import ibis
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from beltatlas import engine, metrics, query
from beltatlas.query import Sales

PROVINCES = (440000, 330000, 310000)
YEARS = (2019, 2020)


def generated_tables() -> dict[str, pa.Table]:
    """Small tables with every awkward case, as Arrow (so a missing sale is a real null on both engines)."""
    rng = np.random.default_rng(13)
    rows: list[tuple[str, str, int, int, float | None]] = []
    for province in PROVINCES:
        for year in YEARS:
            rows += [("ties", f"t{i:02d}", province, year, 10.0) for i in range(8)]  # tie across 5th place
            rows += [
                ("few", f"f{i}", province, year, float(v)) for i, v in enumerate((5, 3, 1))
            ]  # < 5 brands
            rows += [("zero", f"z{i}", province, year, 0.0) for i in range(4)]  # no sales at all
            rows += [
                ("many", f"m{i:02d}", province, year, float(v))
                for i, v in enumerate(rng.lognormal(3, 1.2, 30))
            ]
            rows += [
                ("nulls", "n-a", province, year, 7.0),
                ("nulls", "n-b", province, year, None),  # a brand whose only sale is missing
                ("nulls", "n-c", province, year, 2.0),
                ("nulls", "n-c", province, year, None),  # a missing sale beside a real one
            ]
    rows += [("many", "m00", 440000, 2020, 50.0), ("only-gd", "g1", 440000, 2020, 4.0)]  # a brand in two rows
    category, brand, province, year, sales = zip(*rows, strict=True)
    brand_sales = pa.table(
        {
            "category_l2": pa.array(category, pa.string()),
            "brand": pa.array(brand, pa.string()),
            "province_adcode": pa.array(province, pa.int64()),
            "year": pa.array(year, pa.int64()),
            "sales_yuan": pa.array(sales, pa.float64()),
        }
    )
    belts = generated_belts()
    gmv_rows = [
        (b, y, float(rng.integers(1, 100)) * 1e6, int(rng.integers(1, 50)))
        for b in belts["belt_id"]
        for y in YEARS
    ]
    gmv_rows.append(("orphan", 2020, 1e9, 1))  # a belt the belts table does not know: left out of provinces
    belt_id, gmv_year, gmv, merchants = zip(*gmv_rows, strict=True)
    belt_gmv = pa.table(
        {
            "belt_id": pa.array(belt_id, pa.string()),
            "year": pa.array(gmv_year, pa.int64()),
            "gmv_yuan": pa.array(gmv, pa.float64()),
            "merchants": pa.array(merchants, pa.int64()),
        }
    )
    cities = [(440100, 440000), (440600, 440000), (330100, 330000), (310100, 310000)]
    city_rows = [(c, p, y, float(rng.integers(1, 100)) * 1e7) for c, p in cities for y in YEARS]
    city_rows.append((440300, 440000, 2020, 5e8))  # a city present in one year only
    city, city_province, city_year, city_gmv = zip(*city_rows, strict=True)
    city_gmv_table = pa.table(
        {
            "city_adcode": pa.array(city, pa.int64()),
            "province_adcode": pa.array(city_province, pa.int64()),
            "year": pa.array(city_year, pa.int64()),
            "gmv_yuan": pa.array(city_gmv, pa.float64()),
        }
    )
    return {"brand_sales": brand_sales, "belt_gmv": belt_gmv, "city_gmv": city_gmv_table}


def generated_belts() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "belt_id": ["gd-ties", "gd-many", "zj-many", "sh-few", "bj-many", "gd-zero"],
            "province_adcode": [440000, 440000, 330000, 310000, 110000, 440000],
            "category_l2": ["ties", "many", "many", "few", "many", "zero"],
        }
    )


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("engines")
    for name, table in generated_tables().items():
        pq.write_table(table, folder / f"{name}.parquet")
    return folder


def tables_on(backend, folder: Path) -> dict[str, ibis.Table]:
    """The generated tables registered in `backend` under test-only names (the app's names stay free)."""
    return {
        name: backend.read_parquet(str(folder / f"{name}.parquet"), table_name=f"test_{name}")
        for name in engine.ENGINE_TABLES
    }


@pytest.fixture(scope="module")
def duck(data_dir: Path) -> dict[str, ibis.Table]:
    return tables_on(ibis.duckdb.connect(), data_dir)


@pytest.fixture(scope="module")
def sparked(spark, data_dir: Path) -> dict[str, ibis.Table]:
    return tables_on(ibis.pyspark.connect(spark), data_dir)


# One case per query and parameters; each returns a pandas frame from the tables of one engine.
BELTS = generated_belts()
CASES = {
    "concentration": lambda t: query.concentration(Sales(t["brand_sales"])),
    "concentration_by_year_province": lambda t: query.concentration(
        Sales(t["brand_sales"]), by=["year", "province_adcode"]
    ),
    "concentration_filtered": lambda t: query.concentration(
        Sales(t["brand_sales"]), years=[2020], provinces=[440000, 310000], categories=["many", "few", "ties"]
    ),
    "concentration_by_belt": lambda t: query.concentration(
        Sales(t["brand_sales"]), by=["belt_id"], belts=BELTS, years=[2019]
    ),
    "concentration_in_belts": lambda t: query.concentration(Sales(t["brand_sales"]), belts=BELTS.iloc[:3]),
    "brand_shares_ties": lambda t: query.brand_shares(Sales(t["brand_sales"]), "ties"),
    "brand_shares_nulls": lambda t: query.brand_shares(Sales(t["brand_sales"]), "nulls", years=[2020]),
    "brand_shares_zero": lambda t: query.brand_shares(Sales(t["brand_sales"]), "zero"),
    "brand_shares_in_belt": lambda t: query.brand_shares(
        Sales(t["brand_sales"]), "many", belts=BELTS[BELTS["belt_id"] == "zj-many"]
    ),
    "sales_keys": lambda t: query.sales_keys(Sales(t["brand_sales"])),
    "province_scale": lambda t: query.province_scale(t["belt_gmv"], BELTS),
    "belt_scale": lambda t: query.belt_scale(t["belt_gmv"]),
    "belt_scale_some": lambda t: query.belt_scale(
        t["belt_gmv"], belt_ids=["gd-ties", "nowhere"], years=[2020]
    ),
    "city_scale": lambda t: query.city_scale(t["city_gmv"]),
    "row_count": lambda t: pd.DataFrame({"n": [query.row_count(t["brand_sales"])]}),
}


def test_duckdb_agrees_with_the_pandas_reference_and_hand_checked_values(duck):
    frame = generated_tables()["brand_sales"].to_pandas()
    expected = metrics.concentration_reference(frame, by=["year", "province_adcode"])
    got = CASES["concentration_by_year_province"](duck)
    pd.testing.assert_frame_equal(
        got.reset_index(drop=True), expected.reset_index(drop=True), check_dtype=False, rtol=1e-12
    )
    out = CASES["concentration"](duck).set_index("category_l2")
    assert out.loc["ties", "cr5"] == pytest.approx(5 / 8) and out.loc["ties", "cr10"] == pytest.approx(1.0)
    assert out.loc["few", "cr5"] == pytest.approx(1.0) and out.loc["few", "brands"] == 3
    assert (
        out.loc["zero", "brands"] == 0
        and math.isnan(out.loc["zero", "cr5"])
        and math.isnan(out.loc["zero", "hhi"])
    )
    # n-b sold nothing known: not a selling brand; n-c's missing sale adds nothing.
    assert out.loc["nulls", "brands"] == 2 and out.loc["nulls", "sales_yuan"] == pytest.approx(6 * 9.0)
    assert out.loc["nulls", "hhi"] == pytest.approx(10_000 * ((7 / 9) ** 2 + (2 / 9) ** 2))


def test_the_belt_filter_keeps_each_belts_category_in_its_province(duck):
    out = CASES["concentration_by_belt"](duck).set_index("belt_id")
    # bj-many: Beijing sells nothing in the data, so the belt has no row; gd-zero has no sales.
    assert set(out.index) == {"gd-ties", "gd-many", "zj-many", "sh-few", "gd-zero"}
    assert out.loc["gd-ties", "sales_yuan"] == pytest.approx(80.0)
    assert out.loc["sh-few", "category_l2"] == "few" and out.loc["sh-few", "cr5"] == pytest.approx(1.0)
    assert math.isnan(out.loc["gd-zero", "cr5"])


def test_province_and_city_scale_on_duckdb(duck):
    scale = CASES["province_scale"](duck)
    gmv = generated_tables()["belt_gmv"].to_pandas()
    gd = gmv[gmv["belt_id"].isin(["gd-ties", "gd-many", "gd-zero"]) & (gmv["year"] == 2020)]["gmv_yuan"].sum()
    row = scale[(scale["province_adcode"] == 440000) & (scale["year"] == 2020)].iloc[0]
    assert row["gmv_yuan"] == pytest.approx(gd) and row["belts"] == 3
    assert "orphan" in set(CASES["belt_scale"](duck)["belt_id"])  # belt_scale keeps every belt_gmv row
    assert len(CASES["belt_scale_some"](duck)) == 1
    city = CASES["city_scale"](duck)
    assert len(city) == 9 and list(city.columns) == ["city_adcode", "province_adcode", "year", "gmv_yuan"]


def test_brand_shares_order_ties_by_name_and_leave_out_brands_that_sold_nothing(duck):
    ties = CASES["brand_shares_ties"](duck)
    assert list(ties["brand"][:3]) == ["t00", "t01", "t02"] and list(ties["rank"][:3]) == [1, 2, 3]
    assert ties["cum_share"].iloc[4] == pytest.approx(5 / 8)
    nulls = CASES["brand_shares_nulls"](duck)
    assert list(nulls["brand"]) == ["n-a", "n-c"]
    assert CASES["brand_shares_zero"](duck).empty


@pytest.mark.spark
@pytest.mark.xdist_group("spark")
@pytest.mark.parametrize("case", list(CASES))
def test_spark_gives_the_same_results_as_duckdb(case, duck, sparked):
    expected = CASES[case](duck)
    got = CASES[case](sparked)
    pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=1e-9)


# --------------------------------------------------------------------------- engines and their schema check


def test_the_schema_check_names_the_table_column_and_expected_type():
    schema = ibis.schema(
        {"category_l2": "string", "brand": "int64", "year": "string", "sales_yuan": "decimal(18,2)"}
    )
    problems = engine.check_schema("brand_sales", schema, "warehouse: sales.brand_sales")
    by_column = {p.column: p for p in problems}
    assert set(by_column) == {"brand", "year", "province_adcode"}
    assert "类型应为字符串" in by_column["brand"].zh and "expected type string" in by_column["brand"].en
    assert "expected type integer" in by_column["year"].en
    assert "missing required column" in by_column["province_adcode"].en
    assert str(by_column["brand"]).startswith("warehouse: sales.brand_sales:-:brand: ")


def test_an_ibis_url_engine_finds_its_tables_by_name_and_reports_the_missing_one(tmp_path, data_dir):
    path = tmp_path / "belts.ddb"
    con = ibis.duckdb.connect(str(path))
    # Plain SQL: ibis 12's create_table from memory trips over DuckDB 2's parser (DROP VIEW IF EXISTS).
    con.raw_sql(
        f"CREATE TABLE brand_sales AS SELECT * FROM read_parquet('{data_dir / 'brand_sales.parquet'}')"
    )
    con.raw_sql(
        "CREATE TABLE belt_gmv AS SELECT belt_id, year, merchants"  # gmv_yuan left out
        f" FROM read_parquet('{data_dir / 'belt_gmv.parquet'}')"
    )
    con.disconnect()
    found = engine.connect(f"duckdb:///{path}", tmp_path)
    assert set(found.tables) == {"brand_sales"} and not found.embedded
    messages = [str(p) for p in found.problems]
    assert any("belt_gmv:-:gmv_yuan:" in m and "missing required column" in m for m in messages)
    assert any("city_gmv:-:-:" in m and "table not found" in m for m in messages)
    out = metrics.concentration(found.tables["brand_sales"])
    assert out.set_index("category_l2").loc["ties", "cr5"] == pytest.approx(5 / 8)


def test_the_default_engine_is_embedded_and_names_the_dataset_files(root):
    default = engine.connect(None, root / "data")
    assert default.embedded and default.kind == "duckdb" and not default.problems
    assert default.locations["brand_sales"].endswith("data/brand_sales.parquet")


def test_a_password_in_an_engine_url_is_not_shown():
    assert engine.mask_url("trino://ana:s3cret@host:8080/hive") == "trino://ana:***@host:8080/hive"


def test_fetch_log_counts_only_the_aggregated_bytes(duck):
    with query.fetch_log() as fetched:
        out = CASES["concentration"](duck)
    assert len(fetched) == 1 and 0 < fetched[0] < 2_000 and len(out) == 6


@pytest.mark.spark
@pytest.mark.xdist_group("spark")
def test_the_spark_engine_reads_the_dataset_files_when_its_catalogue_lacks_the_tables(spark, data_dir):
    for name in engine.ENGINE_TABLES:  # the app test may have registered the bundled files already
        spark.catalog.dropTempView(name)
    try:
        found = engine.connect("spark", data_dir)
        assert found.kind == "spark" and not found.problems and set(found.tables) == set(engine.ENGINE_TABLES)
        assert found.from_dataset == set(engine.ENGINE_TABLES)
        assert "brand_sales.parquet" in found.locations["brand_sales"]
        assert query.row_count(found.tables["brand_sales"]) == generated_tables()["brand_sales"].num_rows
    finally:  # the session is shared: leave no test tables behind (the app tests connect afresh)
        for name in engine.ENGINE_TABLES:
            spark.catalog.dropTempView(name)
