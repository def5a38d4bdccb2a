"""总览 Overview: the headline figures, the ten core provinces on a small map, a reading of the data in view."""

import streamlit as st

import ui
from beltatlas import fmt, report, stories
from beltatlas.charts import stories as charts
from beltatlas.i18n import province_name, t
from beltatlas.provenance import Provenance

lang = ui.page_header("page.overview", "overview.intro")
ds = ui.dataset()

# 1/ Data
facts = ds.tables["report_facts"]
headline = stories.select_facts(facts, stories.overview_fact_ids())
scale = ui.province_scale()
latest = int(scale["year"].max())
core = scale[(scale["year"] == latest)].head(10)
gmv_class = ds.info("belt_gmv").provenance
reading = stories.reading(ui.belt_scale(), ds.tables["belts"], gmv_class, lang)

# 2/ Render
st.subheader(t("overview.headline", lang))
columns = st.columns(2)
for i, row in headline.iterrows():
    columns[i % 2].metric(
        stories.label(row, lang), stories.shown_value(row, lang), help=row["quote"], border=True
    )
ui.badge(Provenance("report", t("provenance.report_source", lang), stories.citations(headline)))

place, reading_column = st.columns([2, 3])
with place:
    st.subheader(t("overview.core_map", lang))
    ui.chart(
        charts.china_thumbnail(report.CORE_PROVINCES, lang, publish=ui.publish_json),
        "overview-core-map",
        Provenance("report", t("provenance.report_source", lang)),
        title=t("overview.core_map", lang),
        export=lambda: charts.china_thumbnail(report.CORE_PROVINCES, lang),
        width="content",
    )
    st.caption(t("overview.core_map_caption", lang))
    ui.badge(
        Provenance(
            "report",
            t("provenance.report_source", lang),
            ((report.SECTION_DISTRIBUTION, report.CORE_PROVINCES_QUOTE),),
        )
    )
with reading_column:
    st.subheader(t("overview.reading_title", lang))
    st.markdown(reading)
    st.caption(t("overview.reading_note", lang))
    ui.badge(ui.table_provenance("belt_gmv"))
    st.subheader(t("overview.explore", lang))
    for page, title, note in (
        ("app_pages/map.py", "page.map", "overview.link_map"),
        ("app_pages/trends.py", "page.trends", "overview.link_trends"),
        ("app_pages/brands.py", "page.brands", "overview.link_brands"),
        ("app_pages/stories.py", "page.stories", "overview.link_stories"),
    ):
        st.page_link(page, label=f"{t(title, lang)} — {t(note, lang)}")

st.subheader(t("overview.top10", lang, year=latest))
table = core.assign(
    rank=range(1, len(core) + 1),
    province=[province_name(a, lang) for a in core["province_adcode"]],
    scale=core["gmv_yuan"] / fmt.TABLE_MONEY_DIVISOR,
    belts=core["belts"].astype("int64"),
)[["rank", "province", "scale", "belts"]].rename(
    columns={
        "rank": t("col.rank", lang),
        "province": t("col.province", lang),
        "scale": fmt.money_header(t("col.belt_scale", lang), lang),
        "belts": t("col.belts", lang),
    }
)
ui.data_table(
    table,
    ui.table_provenance("belt_gmv"),
    download="overview-top-provinces",
    formats={t("col.rank", lang): "%d"},
    title=t("overview.top10", lang, year=latest),
)
