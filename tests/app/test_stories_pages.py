"""Overview, Stories and belt profiles: every report fact they use is shown with its sentence; deep links work."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from beltatlas import stories
from beltatlas.dataset import Dataset
from beltatlas.i18n import t
from tests.app import test_pages as pages

ROOT = Path(__file__).resolve().parents[2]
FACTS = pd.read_csv(ROOT / "data" / "report_facts.csv").set_index("fact_id")
BELTS = pd.read_csv(ROOT / "data" / "belts.csv").set_index("belt_id")


def open_page(page: str, session: dict | None = None, **params: str) -> AppTest:
    at = pages.open_page(page, session=session, **params)
    assert not at.exception, [e.value for e in at.exception]
    return at


def unescape(text: str) -> str:
    """Markdown as the reader sees it: escaping backslashes dropped."""
    return re.sub(r"\\(.)", r"\1", text)


def shown_texts(at: AppTest) -> str:
    """Every text on the page a reader can see or open: markdown, captions, metric help, table cells."""
    parts = [unescape(m.value) for m in at.markdown]
    parts += [unescape(c.value) for c in at.caption]
    parts += [str(m.proto.help) for m in at.metric]
    for frame in at.dataframe:
        parts += [str(v) for v in frame.value.astype(str).to_numpy().ravel()]
    return "\n".join(parts)


def shown_values(at: AppTest) -> set[str]:
    values = {m.value for m in at.metric}
    for frame in at.dataframe:
        values |= {str(v) for v in frame.value.to_numpy().ravel()}
    return values


def assert_displayed_with_citation(at: AppTest, fact_ids, lang: str) -> None:
    texts, values = shown_texts(at), shown_values(at)
    for fid in fact_ids:
        row = FACTS.loc[fid]
        value = stories.shown_value(row, lang)
        numeric = str(float(row["value"])) if not pd.isna(row["value"]) else None
        assert value in values or row["value_text"] in values or numeric in values, (
            f"{fid}: {value!r} not shown"
        )
        assert row["quote"] in texts, f"{fid}: its sentence is not shown"
        assert row["section"] in texts, f"{fid}: its section is not shown"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_overview_shows_every_headline_fact_with_its_sentence(lang):
    at = open_page("app_pages/overview.py", lang=lang)
    assert_displayed_with_citation(at, stories.overview_fact_ids(), lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("view", ["cases", "context", "campaigns"])
def test_stories_views_show_every_fact_with_its_sentence(view, lang):
    at = open_page("app_pages/stories.py", view=view, lang=lang)
    assert_displayed_with_citation(at, stories.stories_fact_ids()[view], lang)


def test_the_four_paths_browse_the_cases():
    for path, brand in (
        ("factory", "博皓"),
        ("offline", "三味酥屋"),
        ("waist", "馥益堂"),
        ("head", "润百颜"),
    ):
        at = open_page("app_pages/stories.py", view="cases", group=path)
        titles = [m.value for m in at.markdown if m.value.startswith("#### ")]
        assert len(titles) == 1 and brand in titles[0], (path, titles)


def test_cases_without_figures_still_show_their_sentence():
    at = open_page("app_pages/stories.py", view="cases", group="regional")
    texts = shown_texts(at)
    assert "江苏灌云情趣内衣产业带" in texts
    assert t("stories.no_figures", "zh") in texts


def test_market_table_keeps_printed_units_and_says_they_look_like_wan():
    at = open_page("app_pages/stories.py", view="context")
    table = at.dataframe[0].value
    assert "营业收入 (亿元)" in table.columns
    assert table["营业收入 (亿元)"].iloc[0] == 40601.16
    assert t("stories.market_unit_note", "zh") in [w.value for w in at.warning]
    assert t("stories.market_years_note", "zh") in [i.value for i in at.info]


def test_campaign_chart_is_on_a_log_scale():
    at = open_page("app_pages/stories.py", view="campaigns")
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1
    spec = json.loads(charts[0].proto.spec)
    assert spec["layer"][0]["encoding"]["x"]["scale"]["type"] == "log"


@pytest.mark.parametrize(
    ("belt_id", "lang"),
    [("shunde-appliances", "zh"), ("guanyun-lingerie", "en"), ("fuding-white-tea", "zh")],
)
def test_deep_link_opens_the_profile(belt_id, lang):
    at = open_page("app_pages/belt.py", belt=belt_id, lang=lang)
    assert at.selectbox(key="belt").value == belt_id
    name = BELTS.loc[belt_id, "name_zh" if lang == "zh" else "name_en"]
    assert at.subheader[0].value == name
    about = FACTS[FACTS["belt_id"] == belt_id].index
    assert_displayed_with_citation(at, about, lang)


def test_profile_of_a_sample_belt_says_it_is_synthetic():
    sample = BELTS[BELTS["provenance"] == "sample"].index[0]
    at = open_page("app_pages/belt.py", belt=sample)
    assert t("belt.sample_belt", "zh") in [c.value for c in at.caption]


def test_reading_follows_a_loaded_dataset():
    bundled = open_page("app_pages/overview.py")
    reading = next(m.value for m in bundled.markdown if m.value.startswith("示例数据显示"))
    user = Dataset(
        tables={
            **dict.fromkeys(["belt_gmv", "belts"]),
            "belt_gmv": pd.DataFrame(
                {"belt_id": ["x", "x"], "year": [2019, 2020], "gmv_yuan": [1e8, 2e8], "merchants": [1, 1]}
            ),
            "belts": pd.DataFrame(
                {
                    "belt_id": ["x"],
                    "name_zh": ["新"],
                    "name_en": ["New"],
                    "province_adcode": [620000],
                    "city_adcode": [pd.NA],
                    "county_adcode": [pd.NA],
                    "category_l1": ["食品酒水"],
                    "category_l2": ["酒类"],
                    "lon": [103.8],
                    "lat": [36.1],
                    "provenance": ["sample"],
                    "report_section": [pd.NA],
                }
            ),
        }
    )
    loaded = open_page("app_pages/overview.py", session={"_user_dataset": user})
    texts = [m.value for m in loaded.markdown]
    mine = next(v for v in texts if v.startswith("用户数据显示"))
    assert mine != reading
    assert "甘肃省规模最大，为2.0亿元，占100.0%" in mine


def test_every_profile_shows_the_facts_about_its_belt():
    """Walk every belt the report states a figure about, in one session (the select box switches belts)."""
    at = open_page("app_pages/belt.py")
    belts = sorted(set(FACTS["belt_id"].dropna()))
    assert len(belts) >= 15
    for belt_id in belts:
        at.selectbox(key="belt").set_value(belt_id).run()
        assert not at.exception, belt_id
        assert at.subheader[0].value == BELTS.loc[belt_id, "name_zh"]
        assert_displayed_with_citation(at, FACTS[FACTS["belt_id"] == belt_id].index, "zh")


def test_the_belts_location_map_takes_its_columns_width():
    at = open_page("app_pages/belt.py", belt="liuzhou-luosifen")
    assert not at.exception
    place = next(
        json.loads(c.proto.spec) for c in at.get("vega_lite_chart") if "projection" in json.loads(c.proto.spec)
    )
    # Fitted to the column it is drawn in (it was a 280 × 230 map in a column twice as wide).
    assert place["width"] == "container" and place["height"] == 400
    assert place["layer"][-1]["mark"]["type"] == "circle"  # the belt's own dot
