"""Every page renders on the bundled data, in both languages, with a title, a table and a provenance badge."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from beltatlas.i18n import t

ROOT = Path(__file__).resolve().parents[2]
PAGES = {
    "app_pages/overview.py": "page.overview",
    "app_pages/map.py": "page.map",
    "app_pages/trends.py": "page.trends",
    "app_pages/brands.py": "page.brands",
    "app_pages/stories.py": "page.stories",
    "app_pages/belt.py": "page.belt",
    "app_pages/about.py": "page.about",
}


#: The map's size as a browser reports it (column width, window height, the map's top). A session
#: in a browser has it from its first report on; before it the map is a blank one (see the map page).
MEASURED_MAP = (1100, 900, 300)


def open_page(
    page: str, session: dict | None = None, measured: bool = True, timeout: float = 60, **params: str
) -> AppTest:
    """`page` through dashboard.py with `params` in the URL and `session` in Session State, as a browser
    session sees it once the page has measured itself (`measured=False`: its very first run)."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout)
    for key, value in params.items():
        at.query_params[key] = value
    if measured:
        at.session_state["_map_size__last"] = MEASURED_MAP
    for key, value in (session or {}).items():
        at.session_state[key] = value
    at.run()
    if page != "app_pages/overview.py":
        at.switch_page(page)
        at.run()
    return at


def badges(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if "-badge[" in m.value]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", list(PAGES))
def test_page_renders_with_title_table_and_badge(page, lang):
    at = open_page(page, lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == t(PAGES[page], lang)
    assert len(at.dataframe) >= 1
    assert badges(at), "no provenance badge on the page"
    # The language of the badges follows the page's language.
    sample_or_report = {t("provenance.label.sample", lang), t("provenance.label.report", lang)}
    assert any(any(f"[{label}]" in b for label in sample_or_report) for b in badges(at))


def test_sample_numbers_are_labelled_sample():
    at = open_page("app_pages/trends.py")
    assert any(b.startswith(":orange-badge[示例]") for b in badges(at))


def test_topic_in_url_filters_the_stories_table():
    at = open_page("app_pages/stories.py", topic="market_company")
    assert at.selectbox(key="topic").value == "market_company"
    shown = at.dataframe[0].value
    assert 0 < len(shown) < 40


def test_choosing_a_year_writes_it_to_the_url():
    at = open_page("app_pages/brands.py")
    years = at.selectbox(key="year").options
    at.selectbox(key="year").select_index(len(years) - 1).run()
    assert not at.exception
    assert at.query_params["year"] == [at.selectbox(key="year").value] or at.query_params["year"] == str(
        at.selectbox(key="year").value
    )


def test_about_page_lists_every_schema_table():
    from beltatlas.schema import TABLES

    at = open_page("app_pages/about.py", lang="en")
    listed = set(at.dataframe[0].value["Table"])
    assert listed == set(TABLES)


def test_invalid_bundled_data_is_reported_not_hidden(tmp_path, monkeypatch):
    import shutil
    import sys

    sys.path.insert(0, str(ROOT))
    import ui

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    lines = (data / "belts.csv").read_text(encoding="utf-8").splitlines()
    lines.append(lines[-1])  # a duplicate key on the last row
    (data / "belts.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(ui, "DATA_DIR", data)
    ui.load_bundled.clear()
    try:
        at = open_page("app_pages/trends.py")
        assert not at.exception
        assert [e.value for e in at.error] == [t("data.bundled_invalid", "zh", n=1)]
        assert at.code[0].value.startswith(f"belts.csv:{len(lines)}:belt_id:")
    finally:
        ui.load_bundled.clear()
