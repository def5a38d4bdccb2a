"""Belt Atlas 产业带图鉴 — entry point: page config, language switch and navigation only."""

import streamlit as st

import ui
from beltatlas.i18n import t

st.set_page_config(page_title="产业带图鉴 Belt Atlas", page_icon="🗺️", layout="wide")

lang = ui.language_switch()

PAGES = [
    st.Page("pages/overview.py", title=t("page.overview", lang), icon="🏠", url_path="overview", default=True),
    st.Page("pages/map.py", title=t("page.map", lang), icon="🗺️", url_path="map"),
    st.Page("pages/trends.py", title=t("page.trends", lang), icon="📈", url_path="trends"),
    st.Page("pages/brands.py", title=t("page.brands", lang), icon="🏷️", url_path="brands"),
    st.Page("pages/stories.py", title=t("page.stories", lang), icon="📖", url_path="stories"),
    st.Page("pages/about.py", title=t("page.about", lang), icon="ℹ️", url_path="about"),
]

st.sidebar.caption(t("app.sidebar_note", lang))
st.navigation(PAGES).run()
