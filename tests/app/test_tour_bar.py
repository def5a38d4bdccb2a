"""The tour bar on the server (no browser script): `?tour=N` opens step N on its page with its progress
and narration, the buttons step on and back, a province's tour tells that province's story, and a link
naming no step or no tour says so instead of failing."""

import html
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from beltatlas import tour
from beltatlas.dataset import load_dataset
from beltatlas.i18n import t

ROOT = Path(__file__).resolve().parents[2]
NARRATION = re.compile(r"<p class='tour-narration'>(.*)</p>", re.S)


@pytest.fixture(scope="module")
def ds():
    return load_dataset(ROOT / "data")[0]


def open_app(**params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def progress(at: AppTest) -> str:
    """The bar's progress line as text ("3 / 9 · 报告导览")."""
    found = [h.value for h in at.html if "tour-progress" in h.value]
    assert len(found) == 1, "no tour progress on the page"
    return html.unescape(re.sub(r"<[^>]+>", "", found[0])).strip()


def narration(at: AppTest) -> str:
    found = [m.group(1) for m in (NARRATION.search(x.value) for x in at.markdown) if m]
    assert len(found) == 1, "no tour narration on the page"
    return html.unescape(found[0])


def query(at: AppTest, key: str) -> str:
    value = at.query_params[key]
    return value[-1] if isinstance(value, list) else value


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_story_opens_at_step_one_and_the_buttons_step_on_and_back(ds, lang):
    steps = tour.story(ds, lang)
    total = len(steps)
    at = open_app(tour="1", lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    assert progress(at).startswith(f"1 / {total} · {t('tour.story_name', lang)}")
    assert narration(at) == steps[0].narration
    assert at.markdown[0].value == f"## {steps[0].title}"
    assert at.button(key="tour-prev").disabled and not at.button(key="tour-next").disabled

    at.button(key="tour-next").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert progress(at).startswith(f"2 / {total}")
    assert narration(at) == steps[1].narration
    assert query(at, "tour") == "2"
    if lang == "en":  # Chinese, the default, leaves the URL without `lang`
        assert query(at, "lang") == "en"

    at.button(key="tour-prev").click().run()
    assert progress(at).startswith(f"1 / {total}")
    assert narration(at) == steps[0].narration
    assert query(at, "tour") == "1"


def test_a_province_tour_tells_that_provinces_story(ds):
    steps = tour.province_story(ds, 350000, "zh")
    at = open_app(tour="province", province="350000")
    assert not at.exception, [e.value for e in at.exception]
    assert progress(at).startswith(f"1 / {len(steps)} · 福建省导览")
    assert "福建" in narration(at)
    assert narration(at) == steps[0].narration
    assert not at.warning, [w.value for w in at.warning]


def test_a_step_past_the_end_and_a_tour_that_is_none_say_so(ds):
    total = len(tour.story(ds, "zh"))
    at = open_app(tour="99")
    assert not at.exception, [e.value for e in at.exception]
    assert [w.value for w in at.warning] == [t("tour.out_of_range", "zh", n=99, total=total)]
    assert progress(at).startswith(f"{total} / {total}")

    at = open_app(tour="abc", lang="en")
    assert not at.exception, [e.value for e in at.exception]
    assert [w.value for w in at.warning] == [t("tour.invalid", "en", value="abc", total=total)]
    assert not [h for h in at.html if "tour-progress" in h.value]


def test_a_link_without_the_steps_own_parameters_opens_the_step_with_them(ds):
    last = tour.story(ds, "zh")[-1]
    assert last.page == "map" and dict(last.params) == {"province": "440000"}
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.switch_page("app_pages/map.py")
    at.query_params["tour"] = str(len(tour.story(ds, "zh")))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert query(at, "province") == "440000"
    assert at.selectbox(key="province").value == 440000
    assert narration(at) == last.narration


def test_the_report_sentence_under_a_step_reads_as_printed(ds):
    bands = next(i for i, s in enumerate(tour.story(ds, "zh")) if s.key == "bands")
    at = open_app(tour=str(bands + 1))
    bar = [c.value for c in at.caption if "“" in c.value]
    assert bar and "≤15%" in bar[0]
    assert "$" not in bar[0] and "leq" not in bar[0]


def test_presented_charts_grow_to_the_screen_and_tall_ones_keep_row_labels_apart(monkeypatch):
    import altair as alt
    import pandas as pd

    import ui

    monkeypatch.setattr(ui, "presenting", lambda: True)
    rows = alt.Chart(pd.DataFrame({"c": list("abc")})).mark_bar().encode(y="c:N")
    tall = ui._presented(rows.properties(height=22 * 40)).to_dict()
    short = ui._presented(rows.properties(height=200)).to_dict()
    assert tall["config"]["axisY"]["labelFontSize"] < 18 <= tall["config"]["axis"]["labelFontSize"]
    assert short["height"] == ui.PRESENT_CHART_HEIGHT and "axisY" not in short["config"]
    # On a measured screen the chart takes the room under the tour bar (a 900-line screen: less),
    # and never less than PRESENT_MIN_CHART_HEIGHT (a 720-line screen: a legend of ten stays whole).
    monkeypatch.setattr(ui.st, "session_state", {ui._PRESENT_ROOM_KEY: 900 - 290})
    fitted = ui._presented(rows.properties(height=200)).to_dict()
    assert fitted["height"] == 900 - 290 - ui.PRESENT_CHART_CHROME < ui.PRESENT_CHART_HEIGHT
    monkeypatch.setattr(ui.st, "session_state", {ui._PRESENT_ROOM_KEY: 720 - 290})
    assert ui._presented(rows.properties(height=200)).to_dict()["height"] == ui.PRESENT_MIN_CHART_HEIGHT


def test_on_the_dark_theme_text_marks_take_the_themes_text_colour(monkeypatch):
    import altair as alt
    import pandas as pd

    import ui
    from beltatlas import theme

    labels = alt.Chart(pd.DataFrame({"c": list("ab")})).mark_text().encode(y="c:N", text="c:N")
    monkeypatch.setattr(ui, "theme_in_view", lambda: "dark")
    assert ui._themed(labels).to_dict()["config"]["text"]["color"] == theme.PALETTES["dark"].text
    monkeypatch.setattr(ui, "theme_in_view", lambda: "light")
    assert "text" not in ui._themed(labels).to_dict().get("config", {})
