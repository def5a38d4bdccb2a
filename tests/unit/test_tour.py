"""The tours: the report's story and a province's own, as page views with narration and its source."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from beltatlas import report, tour
from beltatlas.dataset import Dataset, load_dataset
from beltatlas.i18n import t
from beltatlas.validate import TableInfo

ROOT = Path(__file__).resolve().parents[2]
PAGES = {"overview", "map", "trends", "brands", "stories", "belt", "about"}
#: The URL parameters each page reads (its own controls), so a step is a view the page can show.
PAGE_PARAMS = {
    "overview": set(),
    "map": {"metric", "classes", "province", "year", "view"},
    "trends": {"provinces", "show", "series", "range"},
    "brands": {"year", "province", "belts", "low", "high", "category", "compare"},
    "stories": {"view", "group", "topic"},
    "belt": {"belt"},
}
STORY = ["overview", "map", "core", "fast", "cities", "bands", "case", "campaigns", "yours"]


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    ds, problems = load_dataset(ROOT / "data")
    assert not problems
    return ds


def _report_text() -> str:
    return (ROOT.parent / "shared" / "reference" / "2021-digital-industrial-belt-report.txt").read_text()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_story_follows_the_report_in_nine_steps(bundled, lang):
    steps = tour.story(bundled, lang)
    assert [s.key for s in steps] == STORY
    for step in steps:
        assert step.page in PAGES
        assert {k for k, _ in step.params} <= PAGE_PARAMS[step.page], step.key
        assert step.narration.strip() and step.title.strip()
        assert "{" not in step.narration, step.narration  # every placeholder filled
    assert [s.page for s in steps][1:3] == ["map", "trends"]
    assert dict(steps[6].params) == {"belt": "liuzhou-luosifen"}


def test_report_sentences_carry_their_citation_and_data_sentences_their_class(bundled):
    facts = bundled.tables["report_facts"]
    known = set(facts["quote"]) | {report.CORE_PROVINCES_QUOTE, report.CITIES_QUOTE}
    for step in tour.story(bundled, "zh"):
        if step.cls == "report":
            assert step.quotes, step.key
        else:
            assert step.cls == "sample"
            assert "示例" in step.narration, step.key
        for _section, quote in step.quotes:
            assert quote in known
    by_key = {s.key: s for s in tour.story(bundled, "zh")}
    # In Chinese a report step says the report's own sentence.
    assert by_key["core"].narration == report.CORE_PROVINCES_QUOTE
    assert "105.60亿元" in by_key["case"].narration


def test_report_quotes_are_in_the_report_text(bundled):
    path = ROOT.parent / "shared" / "reference" / "2021-digital-industrial-belt-report.txt"
    if not path.exists():
        pytest.skip("the report text is not beside the repository")
    text = _report_text().replace(" ", "")
    for step in tour.story(bundled, "zh"):
        for _section, quote in step.quotes:
            assert quote.replace(" ", "")[:20] in text, quote


def test_computed_sentences_follow_the_data(bundled):
    by_key = {s.key: s for s in tour.story(bundled, "zh")}
    assert "广东省最大" in by_key["map"].narration
    # The four fastest of the ten in the bundled sample are the report's four.
    for short in ("沪", "闽", "冀", "赣"):
        assert short in by_key["fast"].narration.split("：")[1].split("（")[0]
    assert by_key["cities"].narration.startswith("2020年，产业带规模最大的四个城市是北京、杭州、广州、深圳")
    assert "15%" in by_key["bands"].narration and "40%" in by_key["bands"].narration
    assert "荔浦衣架" in by_key["campaigns"].narration


def _user_dataset(ds: Dataset, factor: float) -> Dataset:
    """The bundled dataset with its belt sales scaled and labelled as the user's."""
    tables = dict(ds.tables)
    gmv = tables["belt_gmv"].copy()
    gmv["gmv_yuan"] = gmv["gmv_yuan"] * factor
    tables["belt_gmv"] = gmv
    manifest = {**ds.manifest, "belt_gmv": TableInfo(provenance="user", title="mine")}
    return dataclasses.replace(ds, tables=tables, manifest=manifest)


def test_a_users_dataset_gets_its_own_figures_and_class(bundled):
    mine = _user_dataset(bundled, 2.0)
    theirs = {s.key: s for s in tour.story(bundled, "zh")}
    ours = {s.key: s for s in tour.story(mine, "zh")}
    assert ours["map"].cls == "user" and "用户数据" in ours["map"].narration
    assert ours["map"].narration != theirs["map"].narration  # twice the money
    assert ours["core"].narration == theirs["core"].narration  # the report's sentence stays
    province = {s.key: s for s in tour.province_story(mine, 350000, "en")}
    assert province["p-rank"].cls == "user" and "User data" in province["p-rank"].narration


def test_a_provinces_tour_tells_rank_growth_belts_official_figures_report_and_cases(bundled):
    steps = tour.province_story(bundled, 350000, "zh")
    keys = [s.key for s in steps]
    assert keys[:5] == ["p-rank", "p-growth", "p-belts", "p-official", "p-report"]
    assert any(k.startswith("p-case-") for k in keys)
    assert "福建省" in steps[0].narration and "排第5" in steps[0].narration
    assert steps[3].cls == "official" and "国家统计局" in steps[3].narration
    assert dict(steps[1].params) == {"provinces": "350000"}
    for step in steps:
        assert {k for k, _ in step.params} <= PAGE_PARAMS[step.page], step.key


def test_a_province_missing_from_the_data_says_so(bundled):
    steps = tour.province_story(bundled, 710000, "zh")  # 台湾: no belts in the sample
    assert steps[0].narration == t("tour.no_data", "zh", province="台湾省")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        pytest.param({"tour": "3"}, tour.TourState("story", 2), id="story_step"),
        pytest.param({"tour": "0"}, tour.TourState("story", 0), id="below_one"),
        pytest.param({"tour": "1", "province": "350000"}, tour.TourState("story", 0, 350000), id="own_province"),
        pytest.param(
            {"tour": "province", "province": "350000", "step": "2"},
            tour.TourState("province", 1, 350000),
            id="province_tour",
        ),
        pytest.param({"tour": "province"}, None, id="province_without_province"),
        pytest.param({"tour": "x"}, None, id="junk"),
        pytest.param({}, None, id="none"),
    ],
)
def test_parse_tour(params, expected):
    assert tour.parse_tour(params) == expected


def test_step_urls_hold_the_page_params_then_the_tours(bundled):
    step = tour.story(bundled, "zh")[6]
    state = tour.TourState("story", 6)
    assert step.url(tour.tour_params(state, 6)) == "/belt?belt=liuzhou-luosifen&tour=7"
    pstate = tour.TourState("province", 0, 350000)
    assert tour.tour_params(pstate, 1) == {"tour": "province", "province": "350000", "step": "2"}


def test_every_step_has_a_picture_for_the_handout(bundled):
    for step in (*tour.story(bundled, "en"), *tour.province_story(bundled, 350000, "en")):
        chart = tour.step_chart(step, bundled, "en")
        assert chart is not None, step.key
        chart.to_dict()  # a valid Vega-Lite spec
