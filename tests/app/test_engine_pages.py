"""The dashboard with BELTATLAS_ENGINE=spark: a local Spark session over the bundled data serves the
large tables, and the Brands page shows the same figures and offers the same CSV downloads as on the
embedded default. Also: the About page names the engine, and the refresh control clears the cache."""

import io
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from beltatlas import query
from tests.app import test_pages as pages

ROOT = Path(__file__).resolve().parents[2]


def open_page(page: str, timeout: float = 60, **params: str) -> AppTest:
    at = pages.open_page(page, timeout=timeout, **params)
    assert not at.exception, [e.value for e in at.exception]
    return at


def brands_view(monkeypatch, setting: str) -> tuple[list[pd.DataFrame], list[tuple[str, str]], list[bytes]]:
    """Tables, metric cards and CSV downloads of one Brands page view (a category and a comparison)."""
    import ui
    from beltatlas.export import csv_bytes

    downloads: list[bytes] = []
    data_table = ui.data_table

    def recording_data_table(frame: pd.DataFrame, *args, **kwargs) -> None:
        # The download buttons make their file on click; record the bytes each table's CSV would hold.
        downloads.append(csv_bytes(frame))
        data_table(frame, *args, **kwargs)

    ui._engine_for.clear()  # connect afresh: another test may have changed the shared Spark catalogue
    monkeypatch.setattr(ui, "data_table", recording_data_table)
    monkeypatch.setenv("BELTATLAS_ENGINE", setting)
    at = open_page(
        "app_pages/brands.py", timeout=900, year="2019", category="小家电", compare="手机,美妆,小家电"
    )
    monkeypatch.setattr(ui, "data_table", data_table)
    assert ui.engine().kind == setting
    tables = [d.value.reset_index(drop=True) for d in at.dataframe]
    metrics = [(m.label, m.value) for m in at.metric]
    return tables, metrics, downloads


@pytest.mark.spark
@pytest.mark.xdist_group("spark")
def test_the_brands_page_on_spark_equals_the_embedded_default(spark, monkeypatch):
    jobs_before = len(spark.sparkContext.statusTracker().getJobIdsForGroup(None))
    default = brands_view(monkeypatch, "duckdb")
    with query.fetch_log() as fetched:
        on_spark = brands_view(monkeypatch, "spark")
    assert len(spark.sparkContext.statusTracker().getJobIdsForGroup(None)) > jobs_before, "Spark ran nothing"
    assert fetched, "nothing was fetched from the engine"
    tables, metrics, downloads = on_spark
    assert len(tables) == len(default[0]) >= 5
    for got, expected in zip(tables, default[0], strict=True):
        pd.testing.assert_frame_equal(got, expected)
    assert metrics == default[1] and len(metrics) >= 4
    assert len(downloads) == len(default[2]) >= 2
    for spark_csv, default_csv in zip(downloads, default[2], strict=True):
        # Same rows and columns; sums may differ in the last bits (Spark adds in another order).
        pd.testing.assert_frame_equal(
            pd.read_csv(io.BytesIO(spark_csv), encoding="utf-8-sig"),
            pd.read_csv(io.BytesIO(default_csv), encoding="utf-8-sig"),
            check_exact=False,
            rtol=1e-9,
        )


@pytest.mark.spark
@pytest.mark.xdist_group("spark")
def test_the_about_page_names_the_spark_engine_and_where_each_table_is(spark, monkeypatch):
    import ui

    for name in ("brand_sales", "belt_gmv", "city_gmv"):  # views another test left in the shared session
        spark.catalog.dropTempView(name)
    ui._engine_for.clear()
    monkeypatch.setenv("BELTATLAS_ENGINE", "spark")
    at = open_page("app_pages/about.py", timeout=900, lang="en")
    text = " ".join(m.value for m in at.markdown)
    assert "run in **Spark (local[2])**" in text
    locations = next(d.value for d in at.dataframe if "Location" in d.value.columns)
    assert list(locations["Table"]) == ["brand_sales", "belt_gmv", "city_gmv"]
    assert all("Spark (local[2])" in v and ".parquet" in v for v in locations["Location"]), list(
        locations["Location"]
    )


def test_the_about_page_names_the_embedded_engine_and_the_refresh_control_clears_the_cache(monkeypatch):
    import ui

    monkeypatch.delenv("BELTATLAS_ENGINE", raising=False)
    at = open_page("app_pages/about.py")
    assert any("**DuckDB (embedded)**" in m.value for m in at.markdown)
    cleared = []
    monkeypatch.setattr(ui, "refresh_queries", lambda: cleared.append(True))
    at.button(key="_refresh_queries").click().run()
    assert not at.exception and cleared == [True]


def test_an_engine_without_a_usable_table_stops_the_pages_with_its_problems(tmp_path, monkeypatch):
    import ui

    monkeypatch.setenv("BELTATLAS_ENGINE", f"duckdb:///{tmp_path / 'empty.ddb'}")
    at = open_page("app_pages/brands.py", lang="en")
    assert at.error and "3 problems with the tables of the query engine" in at.error[0].value
    assert "brand_sales:-:-: 引擎中找不到该表 / table not found in the engine" in at.code[0].value
    assert not at.dataframe  # the page stopped: no figures from a table it could not check
    ui._engine_for.clear()
