"""产业带档案 Belt profiles: one belt per view, deep-linkable as `?belt=<id>`."""

import pandas as pd
import streamlit as st

import ui
from beltatlas import fmt, metrics, stories
from beltatlas.charts import stories as charts
from beltatlas.i18n import category_name, province_name, t
from beltatlas.provenance import Provenance, escape_markdown

#: The location map's height (px); it takes its column's width.
PLACE_HEIGHT = 400

lang = ui.page_header("page.belt", "belt.intro")
ds = ui.dataset()
belts = ds.tables["belts"]

# 1/ Controls
# Report belts first (the ones the report names), then the sample belts.
ordered = belts.sort_values("provenance", key=lambda s: s.ne("report"), kind="stable")
names = dict(zip(ordered["belt_id"], ordered["name_zh" if lang == "zh" else "name_en"], strict=True))
belt_id = ui.url_selectbox(t("belt.pick", lang), list(names), key="belt", format_func=names.get)

# 2/ Data
profile = stories.belt_profile(
    belt_id,
    belts,
    ui.belt_scale(belt_ids=[belt_id]),
    ds.tables["report_facts"],
    ds.tables["categories"],
    ui.concentration(),
)
belt = profile.belt
gmv_class = ds.info("belt_gmv").provenance
sales_class = ds.info("brand_sales").provenance
is_report = belt.get("provenance") == "report"

# 3/ Render
st.subheader(names[belt_id])
st.markdown(stories.belt_summary(profile, gmv_class, lang))
if ds.info("belts").provenance == "user":
    st.caption(t("belt.user_belt", lang))
elif is_report:
    st.caption(t("belt.report_belt", lang, section=belt.get("report_section") or "—"))
else:
    st.caption(t("belt.sample_belt", lang))

place, trend = st.columns([2, 3])
with place:
    st.markdown(f"**{t('belt.place', lang)}**")
    point = pd.DataFrame({"lon": [belt["lon"]], "lat": [belt["lat"]], "label": [names[belt_id]]})
    highlight = [int(belt["province_adcode"])]
    ui.chart(
        # As wide as its column (a 280 px map sat small in it), the image export at a fixed size.
        charts.china_thumbnail(
            highlight, lang, points=point, width="container", height=PLACE_HEIGHT, publish=ui.publish_json
        ),
        "belt-place",
        ui.table_provenance("belts"),
        title=names[belt_id],
        export=lambda: charts.china_thumbnail(highlight, lang, points=point, width=520, height=PLACE_HEIGHT),
    )
    ui.badge(ui.table_provenance("belts"))
with trend:
    st.markdown(f"**{t('belt.trend', lang)}**")
    if profile.trend.empty:
        st.caption(t("belt.no_trend", lang))
    else:
        ui.chart(charts.profile_trend_chart(profile.trend, lang), "belt-trend", ui.table_provenance("belt_gmv"), title=names[belt_id], subtitle=t("belt.trend", lang))
    ui.badge(ui.table_provenance("belt_gmv"))

st.markdown(f"**{t('belt.band', lang)}**")
category = category_name(str(belt["category_l2"]), lang)
if profile.report_band:
    st.markdown(t("belt.band_report", lang, band=t(f"band.{profile.report_band}", lang)))
    ui.badge(ui.table_provenance("categories"))
else:
    st.caption(t("belt.band_none", lang, category=category))
if profile.cr5 is not None:
    st.markdown(
        t(
            "belt.cr5",
            lang,
            cls=t(f"provenance.label.{sales_class}", lang),
            cr5=fmt.percent(profile.cr5),
            band=t(f"band.{metrics.band_of(profile.cr5)}", lang),
        )
    )
    ui.badge(ui.table_provenance("brand_sales"))
else:
    st.caption(t("belt.cr5_none", lang))

st.markdown(f"#### {t('belt.facts', lang)}")
if profile.facts.empty and not profile.cases:
    st.caption(t("belt.no_facts", lang))


# Each case with its own figures; then the belt's figures no case claims.
in_cases: set[str] = set()
for case in profile.cases:
    with st.container(border=True):
        title = escape_markdown(stories.case_title(case, belts, lang))
        st.markdown(f"**{title}** · {t(f'stories.groups.{case.group}', lang)}")
        st.markdown("> " + stories.citation_markdown(case.section, case.quote, lang))
        own = profile.facts[
            profile.facts["fact_id"].isin(case.fact_ids) & ~profile.facts["fact_id"].isin(in_cases)
        ]
        ui.fact_cards(own, lang)
        in_cases |= set(own["fact_id"])
ui.fact_cards(profile.facts[~profile.facts["fact_id"].isin(in_cases)], lang)
if not profile.facts.empty:
    ui.badge(Provenance("report", t("provenance.report_source", lang), stories.citations(profile.facts)))

st.markdown(f"#### {t('belt.similar', lang)}")
if profile.similar.empty:
    st.caption(t("belt.similar_none", lang))
for _, other in profile.similar.iterrows():
    st.page_link(
        "app_pages/belt.py",
        label=t(
            "belt.open",
            lang,
            name=other["name_zh" if lang == "zh" else "name_en"],
            province=province_name(int(other["province_adcode"]), lang),
            match=t(f"belt.match.{other['match']}", lang),
        ),
        query_params={"belt": other["belt_id"]},
    )
table = profile.trend.assign(
    scale=profile.trend["gmv_yuan"] / fmt.TABLE_MONEY_DIVISOR,
    merchants=profile.trend["merchants"].astype("int64"),
)[["year", "scale", "merchants"]]
ui.data_table(
    table.rename(
        columns={
            "year": t("col.year", lang),
            "scale": fmt.money_header(t("col.belt_scale", lang), lang),
            "merchants": t("belt.merchants", lang),
        }
    ),
    ui.table_provenance("belt_gmv"),
    download=f"belt-{belt_id}-trend",
    formats={t("col.year", lang): "%d", fmt.money_header(t("col.belt_scale", lang), lang): "%,.2f"},
    title=names[belt_id],
)
