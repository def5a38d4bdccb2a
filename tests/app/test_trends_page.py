"""The trends page through dashboard.py: compared set and view in the URL, official series, the
report's claims re-checked on a user's dataset."""

import pandas as pd
import pytest

from beltatlas import report
from beltatlas.dataset import load_dataset
from beltatlas.i18n import t
from tests.app.test_pages import ROOT, badges, open_page

PAGE = "app_pages/trends.py"


def qp(at, key):
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) else value


def claim_block(at, claim_id: str, lang: str = "zh") -> str:
    title = t(f"trends.claim.{claim_id}", lang)
    return next(m.value for m in at.markdown if title in m.value)


def test_default_view_shows_the_ten_and_every_claim_supported():
    at = open_page(PAGE)
    assert not at.exception, [e.value for e in at.exception]
    assert at.multiselect(key="provinces").value == list(report.CORE_PROVINCES)
    table = at.dataframe[0].value
    assert len(table) == 10 and list(table.columns[1:]) == ["2018（亿元）", "2019（亿元）", "2020（亿元）"]
    assert all(table[c].dtype == "float64" for c in table.columns[1:])  # numbers, not display text
    for claim in ("core_provinces", "fast_growers", "leading_cities", "rising_cities"):
        assert t("trends.claim.supported", "zh") in claim_block(at, claim)
    assert any(b.startswith(":orange-badge[示例]") for b in badges(at))
    assert any(b.startswith(":blue-badge[报告]") for b in badges(at))
    assert t("trends.claims_note.sample", "zh") in [c.value for c in at.caption]


def test_changing_the_compared_set_and_the_view_reruns_and_writes_the_url():
    at = open_page(PAGE, lang="en")
    at.multiselect(key="provinces").set_value([440000, 310000, 510000]).run()
    assert not at.exception
    assert qp(at, "provinces") == "440000,310000,510000"
    assert len(at.dataframe[0].value) == 3
    at.selectbox(key="show").set_value("share").run()
    assert not at.exception and qp(at, "show") == "share"
    shares = at.dataframe[0].value.set_index("Place")
    for year in ("2018", "2019", "2020"):
        assert shares[f"{year} (%)"].sum() == pytest.approx(100)
    at.selectbox(key="show").set_value("index").run()
    assert at.dataframe[0].value["2018 (2018 = 100)"].tolist() == pytest.approx([100.0] * 3)


def test_the_url_opens_the_same_view():
    at = open_page(PAGE, provinces="350000,130000", show="index")
    assert at.multiselect(key="provinces").value == [350000, 130000]
    assert at.selectbox(key="show").value == "index"


def test_official_series_is_labelled_enterprise_sales_with_its_full_range():
    at = open_page(PAGE, series="official", range="2015-2024")
    assert not at.exception
    assert t("trends.official_note", "zh") in [i.value for i in at.info]
    assert list(at.dataframe[0].value.columns[1:]) == [f"{y}（亿元）" for y in range(2015, 2025)]
    assert any(b.startswith(":green-badge[官方]") for b in badges(at))
    # 广东 2024 from official_stats (亿元), shown in 亿元 like every cell of the table
    official = pd.read_csv(ROOT / "data" / "official_stats.csv")
    gd = official.query("indicator == 'ecommerce_sales' and province_adcode == 440000 and year == 2024")
    shown = at.dataframe[0].value.set_index(t("trends.legend", "zh")).loc["广东省", "2024（亿元）"]
    assert shown == pytest.approx(gd["value"].item())  # one unit per table: the axis unit


def test_cagr_table_equals_the_data():
    at = open_page(PAGE)
    cagr = at.dataframe[1].value
    belts = pd.read_csv(ROOT / "data" / "belts.csv")
    gmv = pd.read_parquet(ROOT / "data" / "belt_gmv.parquet").merge(belts[["belt_id", "province_adcode"]])
    by = gmv.groupby(["province_adcode", "year"])["gmv_yuan"].sum()
    expected = (by[(310000, 2020)] / by[(310000, 2018)]) ** 0.5 - 1
    row = cagr.set_index(t("trends.legend", "zh")).loc["上海市"]
    assert row[t("trends.col.cagr_pct", "zh")] == pytest.approx(expected * 100)


def test_a_user_dataset_where_shanghai_shrank_shows_the_claim_not_supported(tmp_path):
    bundled, _ = load_dataset(ROOT / "data")
    gmv = bundled.tables["belt_gmv"].copy()
    shanghai = set(bundled.tables["belts"].query("province_adcode == 310000")["belt_id"])
    in_sh = gmv["belt_id"].isin(shanghai)
    gmv.loc[in_sh & (gmv["year"] == 2020), "gmv_yuan"] = (
        gmv.loc[in_sh & (gmv["year"] == 2018), "gmv_yuan"].to_numpy() * 0.9
    )
    gmv.to_csv(tmp_path / "belt_gmv.csv", index=False)
    user, problems = load_dataset(tmp_path)
    assert problems == []

    at = open_page(PAGE)
    at.session_state["_user_dataset"] = user
    at.run()
    assert not at.exception
    block = claim_block(at, "fast_growers")
    assert t("trends.claim.not_supported", "zh") in block
    assert ":red[✗ 沪]" in block
    assert t("trends.claim.supported", "zh") in claim_block(at, "leading_cities")  # city data unchanged
    assert any(b.startswith(":violet-badge[用户]") for b in badges(at))
    assert t("trends.claims_note.sample", "zh") not in [c.value for c in at.caption]


def test_no_province_chosen_says_so():
    at = open_page(PAGE)
    at.multiselect(key="provinces").set_value([]).run()
    assert not at.exception
    assert [w.value for w in at.warning] == [t("trends.compare_empty", "zh")]
