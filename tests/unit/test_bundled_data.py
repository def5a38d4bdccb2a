"""The bundled dataset in data/: valid, complete, and its official figures equal their sources."""

import json
from pathlib import Path

import pandas as pd
import pytest

from beltatlas.dataset import load_dataset
from beltatlas.schema import PROVENANCE_CLASSES, TABLES

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
SHARED = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="module")
def bundled():
    dataset, problems = load_dataset(DATA)
    return dataset, problems


def test_bundled_data_is_valid_and_has_every_table(bundled):
    dataset, problems = bundled
    assert [str(p) for p in problems] == []
    assert sorted(dataset.present()) == sorted(TABLES)


def test_manifest_names_every_table_with_source_and_class():
    manifest = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    by_name = {r["name"]: r for r in manifest["resources"]}
    assert set(by_name) == set(TABLES)
    for name, resource in by_name.items():
        assert resource["provenance"] in PROVENANCE_CLASSES, name
        assert resource["source"].strip(), name
        assert (DATA / resource["path"]).is_file(), name


def test_generated_tables_are_declared_sample(bundled):
    dataset, _ = bundled
    for name in ("belt_gmv", "city_gmv", "brand_sales"):
        assert dataset.info(name).provenance == "sample"


def test_every_report_belt_cites_a_report_section_and_sample_belts_say_so(bundled):
    dataset, _ = bundled
    belts = dataset.tables["belts"]
    report = belts[belts["provenance"] == "report"]
    sample = belts[belts["provenance"] == "sample"]
    text = (DATA / "reference" / "2021-digital-industrial-belt-report.txt").read_text(encoding="utf-8")
    assert len(report) >= 22
    assert all(section in text for section in report["report_section"])
    assert sample["name_zh"].str.startswith("示例").all()


def test_every_mainland_province_has_belts(bundled):
    dataset, _ = bundled
    provinces = dataset.tables["provinces"]
    mainland = set(provinces.loc[provinces["region"] != "港澳台", "adcode"])
    assert mainland <= set(dataset.tables["belts"]["province_adcode"])


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data is not beside this checkout")
def test_official_stats_equal_the_shared_sources(bundled):
    dataset, _ = bundled
    stats = dataset.tables["official_stats"]
    nbs = pd.read_csv(SHARED / "nbs_ecommerce_by_province.csv")
    sales = nbs[nbs["indicator"] == "电子商务销售额 (亿元)"].set_index(["adcode", "year"])["value"]
    ours = stats[stats["indicator"] == "ecommerce_sales"].set_index(["province_adcode", "year"])["value"]
    assert len(ours) == 310
    pd.testing.assert_series_equal(
        ours.sort_index(), sales.sort_index(), check_names=False, check_index_type=False
    )
    villages = pd.read_csv(SHARED / "taobao_villages_national.csv").set_index("year")["villages"]
    national = stats[(stats["indicator"] == "taobao_villages") & (stats["province_adcode"] == 100000)]
    assert dict(zip(national["year"], national["value"], strict=True)) == villages.astype(float).to_dict()


def test_taobao_province_counts_after_2016_are_marked_partial(bundled):
    dataset, _ = bundled
    stats = dataset.tables["official_stats"]
    villages = stats[(stats["indicator"] == "taobao_villages") & (stats["province_adcode"] != 100000)]
    assert set(villages.loc[villages["year"] <= 2016, "coverage"]) == {"complete"}
    assert set(villages.loc[villages["year"] > 2016, "coverage"]) == {"partial"}


def test_sources_are_given_in_both_languages(bundled):
    dataset, _ = bundled
    for name in TABLES:
        info = dataset.info(name)
        zh, en = info.source_in("zh"), info.source_in("en")
        assert zh and en and zh != en, name
        assert not any(
            "\u4e00" <= ch <= "\u9fff" for ch in en.replace("高德", "").replace("小家电·品牌07", "")
        ), name
