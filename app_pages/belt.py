"""产业带档案 Belt profiles: one belt per view, deep-linkable as `?belt=<id>` (filled in by the stories issue)."""

import streamlit as st

import ui
from beltatlas.i18n import t

lang = ui.page_header("page.belt", "belt.intro")
ds = ui.dataset()

belts = ds.tables["belts"]
names = dict(zip(belts["belt_id"], belts["name_zh" if lang == "zh" else "name_en"], strict=True))
belt_id = ui.url_selectbox(t("belt.pick", lang), list(names), key="belt", format_func=names.get)
st.subheader(names[belt_id])
belt = belts[belts["belt_id"] == belt_id].T.reset_index()
belt.columns = ["field", "value"]
belt["value"] = belt["value"].astype(str)
ui.data_table(belt, ui.table_provenance("belts"))
