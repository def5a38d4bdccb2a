"""The map page through dashboard.py: metric switch, URL state, a click picks the province like the
select box, drill-down, and user data relabelled 用户."""

import json

import pytest

from beltatlas import maps
from beltatlas.i18n import t
from tests.app.test_pages import badges, open_page

PAGE = "app_pages/map.py"


def deck_spec(at) -> dict:
    charts = at.get("deck_gl_json_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.json)


def tips(spec: dict, layer: str) -> dict[int, str]:
    data = next(x for x in spec["layers"] if x["id"] == layer)["data"]
    return {f["properties"]["adcode"]: f["properties"]["tip"] for f in data["features"]}


def qp(at, key):
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) else value


@pytest.mark.parametrize("metric", maps.METRICS)
def test_every_metric_draws_the_map_legend_and_ranking(metric):
    at = open_page(PAGE, metric=metric, lang="en")
    assert not at.exception, [e.value for e in at.exception]
    spec = deck_spec(at)
    assert [x["id"] for x in spec["layers"]] == [maps.PROVINCE_LAYER, maps.SEA_LAYER]
    legend = [m.value for m in at.markdown if "width:14px" in m.value]
    assert len(legend) == 1
    ranking = at.dataframe[0].value
    assert len(ranking) == 34 and ranking.columns[0] == "Rank"
    expected = t(
        "provenance.label.official"
        if metric in ("ecommerce_sales", "taobao_villages")
        else "provenance.label.sample",
        "en",
    )
    assert any(f"[{expected}]" in b for b in badges(at))
    assert any(f"· {expected}" in tip for tip in tips(spec, maps.PROVINCE_LAYER).values())


def test_switching_metric_and_year_writes_the_url_and_recolours():
    at = open_page(PAGE)
    before = deck_spec(at)
    at.selectbox(key="metric").set_value("ecommerce_sales").run()
    assert not at.exception
    assert qp(at, "metric") == "ecommerce_sales"
    after = deck_spec(at)
    assert tips(after, "provinces")[440000] != tips(before, "provinces")[440000]
    at.select_slider(key="year").set_value(2016).run()
    assert qp(at, "year") == "2016"
    assert "2016" in at.dataframe[0].value.columns[2]


def test_a_province_in_the_link_opens_its_panel():
    at = open_page(PAGE, province="440000")
    assert not at.exception
    assert at.selectbox(key="province").value == 440000
    assert at.subheader[0].value == "广东省"
    belts = next(df.value for df in at.dataframe if "profile" in df.value.columns)
    assert belts["profile"].str.fullmatch(r"belt\?belt=[a-z0-9-]+").all()
    assert "belt?belt=shunde-appliances" in set(belts["profile"])
    # The selected province carries the black outline on the map.
    spec = deck_spec(at)
    features = next(x for x in spec["layers"] if x["id"] == "provinces")["data"]["features"]
    assert features[-1]["properties"]["adcode"] == 440000


def test_a_click_on_the_map_selects_the_province_like_the_select_box():
    at = open_page(PAGE)
    assert at.selectbox(key="province").value == 0
    # What Streamlit stores for a click on a GeoJsonLayer feature (selection_mode single-object).
    at.session_state["_map_0"] = {
        "selection": {
            "indices": {"provinces": [7]},
            "objects": {"provinces": [{"type": "Feature", "properties": {"adcode": 330000}}]},
        }
    }
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="province").value == 330000
    assert qp(at, "province") == "330000"
    assert at.subheader[0].value == "浙江省"
    # The map is drawn again under a fresh key, so its own selection is empty ...
    assert at.get("deck_gl_json_chart")[0].proto.id.endswith("_map_1")
    # ... and the select box stays in charge: choosing another province is not overridden.
    at.selectbox(key="province").set_value(350000).run()
    assert qp(at, "province") == "350000" and at.subheader[0].value == "福建省"


def test_drill_down_shows_cities_and_belt_points():
    at = open_page(PAGE, province="450000", view="cities", lang="en")
    assert not at.exception
    spec = deck_spec(at)
    assert [x["id"] for x in spec["layers"]] == [maps.CITY_LAYER, maps.BELT_LAYER]
    points = next(x for x in spec["layers"] if x["id"] == maps.BELT_LAYER)["data"]
    assert "liuzhou-luosifen" in {p["belt_id"] for p in points}
    # Choosing "all of China" again goes back to the national map and cleans the URL.
    at.selectbox(key="province").set_value(0).run()
    assert [x["id"] for x in deck_spec(at)["layers"]] == [maps.PROVINCE_LAYER, maps.SEA_LAYER]
    assert qp(at, "view") is None and qp(at, "province") is None


def test_report_facts_of_the_province_are_shown():
    at = open_page(PAGE, province="450000")
    facts = next(df.value for df in at.dataframe if t("col.quote", "zh") in df.value.columns)
    assert any("螺蛳粉" in label for label in facts[t("col.fact", "zh")])


def test_user_data_relabels_the_map_as_user():
    from beltatlas.dataset import Dataset, load_dataset
    from tests.app.test_pages import ROOT

    bundled, _ = load_dataset(ROOT / "data")
    user = Dataset(tables={**dict.fromkeys(bundled.tables), "belt_gmv": bundled.tables["belt_gmv"]})
    at = open_page(PAGE)
    at.session_state["_user_dataset"] = user
    at.run()
    assert not at.exception
    assert any("[用户]" in b for b in badges(at))
    assert all("· 示例" not in tip for tip in tips(deck_spec(at), "provinces").values())
    assert "· 用户" in tips(deck_spec(at), "provinces")[440000]


def test_one_year_of_user_data_offers_no_growth_metric():
    from beltatlas.dataset import Dataset, load_dataset
    from tests.app.test_pages import ROOT

    bundled, _ = load_dataset(ROOT / "data")
    gmv = bundled.tables["belt_gmv"]
    user = Dataset(tables={**dict.fromkeys(bundled.tables), "belt_gmv": gmv[gmv["year"] == 2020]})
    at = open_page(PAGE, metric="growth")
    at.session_state["_user_dataset"] = user
    at.run()
    assert not at.exception
    options = at.selectbox(key="metric").options  # the labels shown
    assert len(options) == len(maps.METRICS) - 1 and not any("增速" in o for o in options)
    assert at.selectbox(key="metric").value == "scale"
