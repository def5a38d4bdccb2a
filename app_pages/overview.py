"""总览 Overview: the headline figures and the ten core provinces at a glance."""

import streamlit as st

import ui
from beltatlas import fmt, metrics, report
from beltatlas.i18n import province_name, t
from beltatlas.provenance import Provenance

lang = ui.page_header("page.overview", "overview.intro")
ds = ui.dataset()

# 1/ Data
facts = ds.tables["report_facts"]
headline = (
    facts[facts["fact_id"].isin(report.HEADLINE_FACTS)]
    .set_index("fact_id")
    .reindex(report.HEADLINE_FACTS)
    .dropna(subset=["topic"])
)
scale = metrics.province_scale(ds.tables["belt_gmv"], ds.tables["belts"])
latest = int(scale["year"].max())
core = scale[(scale["year"] == latest)].head(10)

# 2/ Render
st.subheader(t("overview.headline", lang))
columns = st.columns(2)
for i, (_fact_id, row) in enumerate(headline.iterrows()):
    label = row["label_zh"] if lang == "zh" else row["label_en"]
    shown = fmt.fact_value(row["value"], row["unit"], row["value_text"], lang)
    columns[i % 2].metric(label, shown, help=row["quote"], border=True)
ui.badge(
    Provenance(
        "report",
        t("provenance.report_source", lang),
        tuple(zip(headline["section"], headline["quote"], strict=True)),
    )
)

st.subheader(t("overview.top10", lang, year=latest))
table = core.assign(
    province=[province_name(a, lang) for a in core["province_adcode"]],
    scale=[fmt.money(v, lang) for v in core["gmv_yuan"]],
)[["province", "scale", "belts"]].rename(
    columns={
        "province": t("col.province", lang),
        "scale": t("col.belt_scale", lang),
        "belts": t("col.belts", lang),
    }
)
ui.data_table(table, ui.table_provenance("belt_gmv"))
