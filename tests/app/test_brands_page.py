"""The brands page driven through AppTest: cut-off sliders, URL state, category detail, comparison."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def open_brands(**params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("app_pages/brands.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def param(at: AppTest, key: str) -> str | None:
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) else value


def texts(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


def test_default_view_agrees_with_every_report_listed_category():
    at = open_brands()
    assert at.slider(key="low").value == 15 and at.slider(key="high").value == 40
    assert "报告所列 15 个类目中，15 个的计算区间（当前分界 15% / 40%）与报告一致。" in texts(at)
    assert not any("换档的类目" in m for m in texts(at))
    assert "low" not in at.query_params and "high" not in at.query_params


def test_moving_the_sliders_writes_the_url_and_highlights_categories_that_change_band():
    at = open_brands(lang="en")
    at.slider(key="low").set_value(25).run()
    at.slider(key="high").set_value(50).run()
    assert not at.exception
    assert param(at, "low") == "25" and param(at, "high") == "50"
    changed = [m for m in texts(at) if m.startswith("Categories that change band")]
    assert changed, "no highlighted categories after moving the cut-offs"
    # 小家电 (Small appliances) has a CR5 between 15 % and 25 % in the sample: it moves to regional.
    assert "Small appliances" in changed[0]
    summary = next(m for m in texts(at) if "categories the report lists" in m)
    assert "(25% / 50%)" in summary and not summary.startswith("15 of the 15")
    table = at.dataframe[0].value
    moved = table[table["Changes band"] == "◆"]
    assert "Small appliances" in set(moved["Category"])
    # Back to the report's cut-offs: nothing is highlighted and the URL is clean again.
    at.slider(key="low").set_value(15).run()
    at.slider(key="high").set_value(40).run()
    assert (at.dataframe[0].value["Changes band"] == "").all()
    assert "low" not in at.query_params and "high" not in at.query_params


def test_cut_offs_are_seeded_from_the_url():
    at = open_brands(low="20", high="35")
    assert at.slider(key="low").value == 20 and at.slider(key="high").value == 35
    assert any("当前分界 20% / 35%" in m for m in texts(at))


def test_crossed_cut_offs_warn_instead_of_failing():
    at = open_brands(low="45", high="30")
    assert not at.exception
    assert at.warning and "中间区间为空" in at.warning[0].value


def test_category_from_the_url_opens_its_detail_with_band_meaning_and_report_quote():
    at = open_brands(category="美妆")
    assert at.selectbox(key="category").value == "美妆"
    shown = texts(at)
    assert "计算区间：≤15%：区域品牌" in shown
    assert any(m.startswith("报告将该类目列入：≤15%：区域品牌（✓ 一致）") for m in shown)
    assert any("区域品牌打造潜力巨大" in m and "产业带品牌可分为区域品牌和企业品牌" in m for m in shown)
    hhi = next(m for m in at.metric if m.label == "HHI")
    assert hhi.delta in {"不集中（< 1500）", "中度集中（1500–2500）", "高度集中（> 2500）"}


def test_picking_a_category_writes_it_to_the_url():
    at = open_brands()
    at.selectbox(key="category").set_value("手机").run()
    assert param(at, "category") == "手机"
    assert "计算区间：≥40%：企业品牌" in texts(at)


def test_comparing_categories_shows_one_table_row_each_and_a_chart():
    at = open_brands(lang="en")
    tables_before = len(at.dataframe)
    assert any("Pick 2–4 categories" in i.value for i in at.info)
    at.multiselect(key="compare").select("手机").select("美妆").select("酒类").run()
    assert not at.exception
    assert param(at, "compare") == "手机,美妆,酒类"
    assert len(at.dataframe) == tables_before + 1
    table = at.dataframe[-1].value
    assert list(table["Category"]) == ["Mobile phones", "Cosmetics", "Alcoholic drinks"]
    assert {"CR5 (%)", "CR10 (%)", "HHI", "HHI reading", "Computed band"} <= set(table.columns)
    assert table["CR5 (%)"].dtype == "float64"  # numbers in the unit the header names
    assert at.multiselect(key="compare").proto.max_selections == 4


def test_comparison_is_seeded_from_the_url():
    at = open_brands(compare="汽车,大家电")
    assert at.multiselect(key="compare").value == ["汽车", "大家电"]
    assert set(at.dataframe[-1].value["二级类目"]) == {"汽车", "大家电"}


@pytest.mark.parametrize(
    "params", [{"province": "440000"}, {"belts": "shunde-appliances"}], ids=["province", "belt"]
)
def test_filters_narrow_the_data(params):
    at = open_brands(**params, lang="en")
    table = at.dataframe[0].value
    assert len(table) >= 1
    if "belts" in params:
        # A belt keeps only its own category in its own province.
        assert list(table["Category"]) == ["Small appliances"]
        assert any("no belt column" in c.value for c in at.caption)
    else:
        assert len(table) == 39  # every category sells in Guangdong
        detail = next(d.value for d in at.dataframe if "CR5 within (%)" in d.value.columns)
        assert list(detail["Province"]) == ["Guangdong"]


def test_clicking_a_bar_opens_that_category():
    at = open_brands()
    at.session_state["overview_chart"] = {"selection": {"pick": [{"category_l2": "酒类"}]}}
    at.run()
    assert at.selectbox(key="category").value == "酒类"


def test_the_metric_table_has_a_csv_download_and_both_provenance_badges():
    at = open_brands()
    downloads = [b for b in at.get("download_button")]
    assert downloads, "no CSV download"
    badges = [m for m in texts(at) if "-badge[" in m]
    assert any(b.startswith(":orange-badge[示例]") for b in badges)
    assert any(b.startswith(":blue-badge[报告]") for b in badges)


def test_narrowing_the_filters_drops_compared_categories_instead_of_failing():
    at = open_brands(compare="手机,小家电")
    at.multiselect(key="belts").select("shunde-appliances").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.multiselect(key="compare").value == ["小家电"]
    assert at.selectbox(key="category").value == "小家电"
