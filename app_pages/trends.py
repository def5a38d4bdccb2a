"""十大产地趋势 Trends: belt scale of the ten core provinces by year."""

import altair as alt
import streamlit as st

import ui
from beltatlas import fmt, metrics, report
from beltatlas.i18n import province_name, t

lang = ui.page_header("page.trends", "trends.intro")
ds = ui.dataset()

# 1/ Data
scale = metrics.province_scale(ds.tables["belt_gmv"], ds.tables["belts"])
core = scale[scale["province_adcode"].isin(report.CORE_PROVINCES)].copy()
core["province"] = [province_name(a, lang) for a in core["province_adcode"]]
core["scale_100m"] = core["gmv_yuan"] / 1e8

# 2/ Render
chart = (
    alt.Chart(core)
    .mark_line(point=True)
    .encode(
        x=alt.X("year:O", title=t("col.year", lang)),
        y=alt.Y("scale_100m:Q", title=t("trends.axis_scale", lang)),
        color=alt.Color("province:N", title=t("col.province", lang)),
        tooltip=[
            alt.Tooltip("province:N", title=t("col.province", lang)),
            "year:O",
            alt.Tooltip("scale_100m:Q", title=t("trends.axis_scale", lang), format=",.1f"),
        ],
    )
    .properties(height=380)
)
st.altair_chart(chart, width="stretch")
wide = core.pivot_table(index="province", columns="year", values="gmv_yuan", aggfunc="sum")
wide = wide.reindex([province_name(a, lang) for a in report.CORE_PROVINCES]).dropna(how="all")
table = (
    wide.map(lambda v: fmt.money(v, lang)).reset_index().rename(columns={"province": t("col.province", lang)})
)
table.columns = [str(c) for c in table.columns]
ui.data_table(table, ui.table_provenance("belt_gmv"), download="trends")
