"""案例与背景 Stories: every figure the report states, with its sentence and section."""

import streamlit as st

import ui
from beltatlas.i18n import t
from beltatlas.provenance import Provenance

lang = ui.page_header("page.stories", "stories.intro")
ds = ui.dataset()

# 1/ Controls
facts = ds.tables["report_facts"]
topics = sorted(facts["topic"].unique())
topic = ui.url_selectbox(
    t("stories.topic", lang),
    ["all", *topics],
    key="topic",
    format_func=lambda code: t(f"topic.{code}", lang),
)

# 2/ Data
shown = facts if topic == "all" else facts[facts["topic"] == topic]

# 3/ Render
label = "label_zh" if lang == "zh" else "label_en"
table = (
    shown[[label, "value_text", "period", "section", "quote"]]
    .fillna("—")
    .rename(
        columns={
            label: t("col.fact", lang),
            "value_text": t("col.value_as_printed", lang),
            "period": t("col.period", lang),
            "section": t("col.section", lang),
            "quote": t("col.quote", lang),
        }
    )
)
st.caption(t("stories.count", lang, n=len(shown)))
ui.data_table(table, Provenance("report", t("provenance.report_source", lang)))
