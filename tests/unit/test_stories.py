"""The stories module: fact selection, campaign multipliers, the market table, cases, profiles, the reading."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from beltatlas import report, stories
from beltatlas.charts import stories as charts
from beltatlas.geo import load_provinces_geojson, load_sea_lines_geojson
from beltatlas.i18n import has

ROOT = Path(__file__).resolve().parents[2]
REPORT_TEXT = (ROOT / "data" / "reference" / "2021-digital-industrial-belt-report.txt").read_text(
    encoding="utf-8"
)
FACTS = pd.read_csv(ROOT / "data" / "report_facts.csv", dtype={"province_adcode": "Int64"})
BELTS = pd.read_csv(ROOT / "data" / "belts.csv")


# --- campaign multipliers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        pytest.param(230, "%", 3.3, id="plus_230_percent"),
        pytest.param(114, "%", 2.14, id="plus_114_percent"),
        pytest.param(100, "%", 2.0, id="plus_100_percent"),
        pytest.param(60, "倍", 60.0, id="sixty_times"),
        pytest.param(-50, "%", 0.5, id="a_fall"),
    ],
)
def test_multiplier(value, unit, expected):
    assert stories.multiplier(value, unit) == pytest.approx(expected)


def test_multiplier_refuses_other_units():
    with pytest.raises(ValueError):
        stories.multiplier(5, "位次")


@pytest.mark.parametrize(
    ("printed", "mark"), [("近60倍", "≈"), ("超100%", ">"), ("突破8000万元", ">"), ("34倍", ""), ("230%", "")]
)
def test_qualifier(printed, mark):
    assert stories.qualifier(printed) == mark


def test_campaign_results_cover_every_campaign_the_issue_lists():
    results = stories.campaign_results(FACTS, "zh").set_index("fact_id")
    assert len(results) == len(stories.CAMPAIGN_RESULTS) == 8
    assert results.loc["campaign-guangxi-guijiu-growth", "multiplier"] == pytest.approx(3.3)
    assert results.loc["campaign-guangxi-guijiu-growth", "printed"] == "230%"
    assert results.loc["campaign-guangxi-lipu-hangers-growth", "multiplier"] == 60
    assert results.loc["campaign-guangxi-lipu-hangers-growth", "multiplier_text"] == "≈60倍"
    assert results.loc["campaign-fujian-pastry-growth", "multiplier"] == 34
    assert results.loc["campaign-shunde-growth", "multiplier"] == pytest.approx(2.14)
    assert results.loc["campaign-changshu-orders-growth-2021", "multiplier"] == 12
    assert results.loc["huiju-merchant-sales-growth-xintang-denim", "multiplier_text"] == ">2倍"
    # every bar carries its own sentence
    for fid, row in results.iterrows():
        assert row["quote"] == FACTS.set_index("fact_id").loc[fid, "quote"]
    en = stories.campaign_results(FACTS, "en").set_index("fact_id")
    assert en.loc["campaign-guangxi-guijiu-growth", "multiplier_text"] == "3.3×"


def test_campaign_results_skip_facts_a_dataset_lacks():
    fewer = FACTS[FACTS["fact_id"] != "campaign-shunde-growth"]
    assert "campaign-shunde-growth" not in set(stories.campaign_results(fewer, "zh")["fact_id"])


def test_every_campaign_bar_has_names_in_the_catalogue():
    for fid, campaign in stories.CAMPAIGN_RESULTS:
        assert has(f"stories.result.{fid}"), fid
        assert has(f"stories.campaign.{campaign}"), campaign


# --- the market-company table ------------------------------------------------------------------------


def test_market_company_table_keeps_the_printed_numbers():
    table = stories.market_company_table(FACTS, "zh").set_index("company")
    assert list(table.index) == ["浙江轻纺织城", "海宁皮革城", "浙江小商品城", "深圳华强", "深圳赛格"]
    assert table.loc["浙江轻纺织城", "revenue"] == 40601.16  # as printed, not divided by 10,000
    assert table.loc["浙江轻纺织城", "revenue-yoy"] == -17.35
    assert table.loc["深圳华强", "operating-profit-yoy"] == -16.93
    en = stories.market_company_table(FACTS, "en")
    assert en["company"].iloc[1] == "Haining China Leather City"


# --- fact selection -------------------------------------------------------------------------------------


def test_every_fact_the_pages_use_exists():
    ids = set(FACTS["fact_id"])
    used = [*stories.overview_fact_ids(), *(f for v in stories.stories_fact_ids().values() for f in v)]
    missing = [fid for fid in used if fid not in ids]
    assert not missing


def test_select_facts_keeps_order_and_skips_unknown_ids():
    rows = stories.select_facts(
        FACTS, ["trade-goods-total-2021h1", "no-such-fact", "manufacturing-value-added-2020"]
    )
    assert list(rows["fact_id"]) == ["trade-goods-total-2021h1", "manufacturing-value-added-2020"]


def test_citations_are_distinct_in_order():
    rows = stories.select_facts(
        FACTS,
        [
            "manufacturing-value-added-2020",
            "manufacturing-value-added-growth-2020",
            "trade-goods-total-2021h1",
        ],
    )
    cited = stories.citations(rows)
    assert len(cited) == 2
    assert cited[0][1].startswith("2020年,我国制造业增加值265944亿元")


def test_shown_value_rescales_money_in_both_languages_and_keeps_the_printed_form_in_the_quote():
    row = FACTS.set_index("fact_id").loc["manufacturing-value-added-2020"]
    assert stories.shown_value(row, "zh") == "26.59万亿元"  # printed 265944亿元: in the quote beside it
    assert "265944亿元" in row["quote"]
    assert stories.shown_value(row, "en") == "26.59 trillion yuan"
    count = FACTS.set_index("fact_id").loc["huiju-local-governments-past-year"]
    assert stories.shown_value(count, "zh") == "近30个"
    assert stories.shown_value(count, "en") == "nearly 30"


def test_citation_markdown_escapes_the_quote():
    text = stories.citation_markdown("节", "增长[18]*2*", "zh")
    assert r"\[18\]" in text and r"\*2\*" in text
    assert text.endswith("章节：节")


# --- cases and brand-building paths ----------------------------------------------------------------------


def test_every_case_quote_is_verbatim_under_its_section():
    for case in report.CASES:
        at = REPORT_TEXT.find(case.quote)
        assert at >= 0, case.case_id
        heading = REPORT_TEXT.rfind(case.section, 0, at)
        assert heading >= 0, f"section {case.section!r} is not above the quote of {case.case_id}"


def test_the_cases_the_issue_lists_are_all_there():
    belts = {c.belt_id for c in report.CASES}
    assert {
        "liuzhou-luosifen",
        "guangzhou-oral-care",
        "anxi-tieguanyin",
        "shandong-hyaluronic",
        "guanyun-lingerie",
        "shunde-appliances",
        "changshu-apparel",
        "fujian-pastry",
        "fuding-white-tea",
    } <= belts
    brands = {c.brand_zh: c.group for c in report.CASES if c.brand_zh}
    assert brands == {
        "博皓（prooral）": "factory",
        "三味酥屋": "offline",
        "馥益堂": "waist",
        "润百颜": "head",
    }
    assert set(BELTS["belt_id"]) >= belts


def test_each_path_has_one_case_and_a_name():
    for path in report.BRAND_PATHS:
        assert len(stories.cases_in(path)) == 1
        assert has(f"stories.groups.{path}")
    assert len(stories.cases_in("all")) == len(report.CASES)


def test_case_facts_belong_to_the_case_belt():
    by_id = FACTS.set_index("fact_id")
    for case in report.CASES:
        for fid in case.fact_ids:
            assert by_id.loc[fid, "belt_id"] == case.belt_id, fid


def test_case_titles_name_brand_and_belt():
    bohao = next(c for c in report.CASES if c.case_id == "bohao")
    assert stories.case_title(bohao, BELTS, "zh") == "博皓（prooral） · 广州口腔"
    assert stories.case_title(bohao, BELTS, "en") == "Bohao (prooral) · Guangzhou oral care"
    index = stories.cases_index(BELTS, "zh", "head")
    assert list(index["case"]) == ["润百颜 · 山东玻尿酸"]
    assert index["figures"].iloc[0] == 2


# --- belt profiles ---------------------------------------------------------------------------------------

SMALL_BELTS = pd.DataFrame(
    {
        "belt_id": ["a", "b", "c", "d", "e"],
        "name_zh": ["甲", "乙", "丙", "丁", "戊"],
        "name_en": ["A", "B", "C", "D", "E"],
        "province_adcode": [440000, 440000, 330000, 330000, 110000],
        "category_l1": ["家用电器", "家用电器", "家用电器", "家用电器", "食品酒水"],
        "category_l2": ["小家电", "小家电", "小家电", "大家电", "酒类"],
        "lon": [113.0, 113.1, 120.0, 120.1, 116.4],
        "lat": [23.0, 23.1, 30.0, 30.1, 39.9],
        "provenance": ["report", "sample", "sample", "sample", "sample"],
    }
)


def test_similar_belts_prefer_same_category_elsewhere():
    similar = stories.similar_belts(SMALL_BELTS, "a")
    assert list(similar["belt_id"]) == ["c", "b", "d"]
    assert list(similar["match"]) == ["category_l2", "category_l2", "category_l1"]
    assert stories.similar_belts(SMALL_BELTS, "e").empty
    assert stories.similar_belts(SMALL_BELTS, "nope").empty


def test_belt_profile_assembles_trend_facts_band_and_cr5():
    gmv = pd.DataFrame(
        {
            "belt_id": ["a", "a", "b"],
            "year": [2020, 2019, 2020],
            "gmv_yuan": [3e9, 2e9, 1e9],
            "merchants": [3, 2, 1],
        }
    )
    facts = FACTS.assign(belt_id=FACTS["belt_id"].where(FACTS["fact_id"] != "campaign-shunde-growth", "a"))
    categories = pd.DataFrame({"category_l2": ["小家电", "酒类"], "report_band": ["mid", None]})
    concentration = pd.DataFrame({"category_l2": ["小家电"], "cr5": [0.21]})
    profile = stories.belt_profile("a", SMALL_BELTS, gmv, facts, categories, concentration)
    assert list(profile.trend["year"]) == [2019, 2020]
    assert list(profile.facts["fact_id"]) == ["campaign-shunde-growth"]
    assert profile.report_band == "mid" and profile.cr5 == pytest.approx(0.21)
    assert profile.cases == ()
    other = stories.belt_profile("e", SMALL_BELTS, gmv, facts, categories, concentration)
    assert other.report_band is None and other.cr5 is None and other.trend.empty
    with pytest.raises(KeyError):
        stories.belt_profile("zz", SMALL_BELTS, gmv, facts, categories, concentration)
    summary = stories.belt_summary(profile, "sample", "zh")
    assert "示例" in summary and "30.0亿元" in summary


def test_profile_of_a_brand_case_belt_gathers_the_brand_facts():
    gmv = pd.DataFrame(columns=["belt_id", "year", "gmv_yuan", "merchants"])
    profile = stories.belt_profile(
        "shandong-hyaluronic",
        BELTS,
        gmv,
        FACTS,
        pd.DataFrame(columns=["category_l2", "report_band"]),
        pd.DataFrame(columns=["category_l2", "cr5"]),
    )
    assert {c.case_id for c in profile.cases} == {"shandong-hyaluronic", "runbaiyan"}
    assert set(profile.facts["fact_id"]) == {
        "case-runbaiyan-hit-products-sales",
        "case-runbaiyan-618-2021-rank",
    }


# --- the reading of the data in view ---------------------------------------------------------------------


def _scale(values: dict[int, tuple[float, float]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    belts = pd.DataFrame({"belt_id": [f"b{a}" for a in values], "province_adcode": list(values)})
    gmv = pd.DataFrame(
        [(f"b{a}", year, v) for a, (v18, v20) in values.items() for year, v in ((2018, v18), (2020, v20))],
        columns=["belt_id", "year", "gmv_yuan"],
    )
    return gmv, belts


def test_reading_is_written_from_the_data_and_names_its_class():
    gmv, belts = _scale({440000: (100e8, 300e8), 330000: (100e8, 100e8), 650000: (50e8, 0.0)})
    zh = stories.reading(gmv, belts, "sample", "zh")
    assert zh.startswith("示例数据显示：2020年共有3个产业带")
    assert "广东省规模最大，为300.0亿元，占75.0%" in zh
    assert "合计占100.0%，其中2个也在这份数据的前十名里" in zh
    assert "年均增长最快的是广东省（+73.2%）" in zh  # sqrt(3) - 1
    user = stories.reading(gmv, belts, "user", "en")
    assert user.startswith("User data: in 2020")
    swapped = stories.reading(*_scale({440000: (100e8, 100e8), 330000: (100e8, 400e8)}), "sample", "zh")
    assert "浙江省规模最大" in swapped


def test_reading_of_empty_data():
    gmv = pd.DataFrame(
        {"belt_id": pd.Series([], dtype=str), "year": pd.Series([], dtype=int), "gmv_yuan": []}
    )
    belts = pd.DataFrame({"belt_id": pd.Series([], dtype=str), "province_adcode": pd.Series([], dtype=int)})
    assert "没有产业带规模" in stories.reading(gmv, belts, "user", "zh")


# --- charts ---------------------------------------------------------------------------------------------


def test_thumbnail_is_small_and_keeps_the_standard_map():
    provinces, sea = charts.thumbnail_provinces()
    payload = len(json.dumps([provinces, sea]))
    assert payload < 120_000, payload
    assert {f["properties"]["adcode"] for f in provinces} == {
        f["properties"]["adcode"] for f in load_provinces_geojson()["features"]
    }
    assert {710000, 810000, 820000, 460000} <= {f["properties"]["adcode"] for f in provinces}
    assert len(sea) == len(load_sea_lines_geojson()["features"]) == 10
    # every South China Sea island of 海南 stays on the thumbnail
    original = next(f for f in load_provinces_geojson()["features"] if f["properties"]["adcode"] == 460000)
    thumb = next(f for f in provinces if f["properties"]["adcode"] == 460000)
    assert len(thumb["geometry"]["coordinates"]) == len(original["geometry"]["coordinates"])


def test_thumbnail_rings_are_wound_for_vega():
    provinces, _ = charts.thumbnail_provinces()
    for feature in provinces:
        for polygon in feature["geometry"]["coordinates"]:
            assert charts._signed_area(polygon[0]) <= 0, feature["properties"]["adcode"]


def test_douglas_peucker_drops_points_on_a_line():
    line = [[0.0, 0.0], [1.0, 0.001], [2.0, 0.0], [2.0, 2.0]]
    assert charts._douglas_peucker(line, 0.01) == [[0.0, 0.0], [2.0, 0.0], [2.0, 2.0]]


def test_china_thumbnail_highlights_the_chosen_provinces():
    spec = charts.china_thumbnail(report.CORE_PROVINCES, "en").to_dict()
    json.loads(json.dumps(spec))
    shapes = spec["layer"][0]
    assert shapes["mark"]["type"] == "geoshape"
    features = (
        spec["datasets"][shapes["data"]["name"]] if "name" in shapes["data"] else shapes["data"]["values"]
    )
    assert all(f["type"] == "Feature" and f["geometry"]["type"] == "MultiPolygon" for f in features)
    assert {f["properties"]["name"] for f in features} >= {"Taiwan", "Hong Kong", "Macao", "Hainan"}
    test = shapes["encoding"]["color"]["condition"]["test"]
    listed = {int(c) for c in re.search(r"\[([\d,]+)\]", test).group(1).split(",")}
    assert listed == set(report.CORE_PROVINCES)
    assert spec["layer"][1]["mark"]["filled"] is False  # the dashed line is drawn as a line
    point = pd.DataFrame({"lon": [113.0], "lat": [23.0], "label": ["x"]})
    assert len(charts.china_thumbnail([440000], "en", points=point).to_dict()["layer"]) == 3


def test_china_thumbnail_can_name_its_outlines_by_url():
    served = {}

    def publish(payload):
        served[len(served)] = payload
        return f"app/static/maps/{len(served)}.json"

    inline = charts.china_thumbnail(report.CORE_PROVINCES, "zh").to_dict()
    by_url = charts.china_thumbnail(report.CORE_PROVINCES, "zh", publish=publish).to_dict()
    assert [layer["data"]["url"] for layer in by_url["layer"]] == ["app/static/maps/1.json", "app/static/maps/2.json"]
    shapes = inline["layer"][0]["data"]
    features = inline["datasets"][shapes["name"]] if "name" in shapes else shapes["values"]
    assert served[0] == features  # the same outlines, served instead of inlined
    assert len(json.dumps(by_url)) < len(json.dumps(inline)) / 20
    # A publisher that could not write its file gives the payload back: the outlines go inline.
    fallback = charts.china_thumbnail(report.CORE_PROVINCES, "zh", publish=lambda payload: payload).to_dict()
    assert fallback == inline


def test_campaign_chart_is_a_log_scale_with_the_sentence_in_the_tooltip():
    spec = charts.campaign_chart(stories.campaign_results(FACTS, "zh"), "zh").to_dict()
    bars = spec["layer"][0]
    assert bars["mark"]["type"] == "bar"
    assert bars["encoding"]["x"]["scale"]["type"] == "log"
    assert {"quote", "section", "printed"} <= {t["field"] for t in bars["encoding"]["tooltip"]}
    rows = spec["datasets"][next(iter(spec["datasets"]))]
    assert len(rows) == 8 and all(r["quote"] for r in rows)


def test_profile_trend_chart_units_follow_language():
    trend = pd.DataFrame({"year": [2019, 2020], "gmv_yuan": [2e9, 3e9], "merchants": [1, 2]})
    zh = charts.profile_trend_chart(trend, "zh").to_dict()
    values = zh["datasets"][next(iter(zh["datasets"]))]
    assert [v["scale"] for v in values] == [20.0, 30.0]
    en = charts.profile_trend_chart(trend, "en").to_dict()
    assert [v["scale"] for v in en["datasets"][next(iter(en["datasets"]))]] == [2.0, 3.0]
