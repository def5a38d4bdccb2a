"""Belt Atlas 产业带图鉴 — entry point: page config, language and presentation switches, the tour bar
and navigation only."""

from pathlib import Path

import streamlit as st

import ui
from beltatlas.i18n import t

ROOT = Path(__file__).resolve().parent
# A local favicon: icon names would make the browser fetch the icon from the internet.
st.set_page_config(
    page_title="产业带图鉴 Belt Atlas", page_icon=str(ROOT / "assets" / "favicon.png"), layout="wide"
)

lang = ui.language_switch()
ui.presenter_switch()

#: Pages by the name a tour step gives (the overview, the default page, is served at "/").
PAGES = [
    st.Page("app_pages/overview.py", title=t("page.overview", lang), url_path="overview", default=True),
    st.Page("app_pages/map.py", title=t("page.map", lang), url_path="map"),
    st.Page("app_pages/trends.py", title=t("page.trends", lang), url_path="trends"),
    st.Page("app_pages/brands.py", title=t("page.brands", lang), url_path="brands"),
    st.Page("app_pages/stories.py", title=t("page.stories", lang), url_path="stories"),
    st.Page("app_pages/belt.py", title=t("page.belt", lang), url_path="belt"),
    st.Page("app_pages/about.py", title=t("page.about", lang), url_path="about"),
]

st.sidebar.caption(t("app.sidebar_note", lang))
page = st.navigation(PAGES)
tour = ui.tour_state()
by_name = {p.url_path or "overview": p for p in PAGES}
ui.note_page(page.url_path or "overview", list(by_name))
step = ui.tour_bar(tour, by_name, page.url_path or "overview") if tour else None
ui.page_chrome(step.focus if step else "")
page.run()
