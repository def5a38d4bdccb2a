"""产业带地图 Map: where belts are dense, and how a province compares (click it, or pick it)."""

import math
from urllib.parse import quote

import pandas as pd
import streamlit as st

import ui
from beltatlas import fmt, maps, metrics
from beltatlas.charts.map import scale_sparkline
from beltatlas.i18n import has, province_name, t
from beltatlas.provenance import Provenance, escape_markdown

MAP_HEIGHT = maps.VIEW_SIZE[1]

lang = ui.page_header("page.map", "map.intro")
ds = ui.dataset()
tables = ds.tables

# 1/ Controls
# A click on last run's map picks the province before the select box is drawn. The map is then drawn
# under a new key, so its own selection starts empty and the select box stays the one source of truth.
nonce = st.session_state.get("_map_nonce", 0)
last_event = st.session_state.get(f"_map_{nonce}")
clicked = maps.clicked_province(last_event)
clicked_belt = maps.clicked_belt(last_event)
if clicked is not None or clicked_belt is not None:
    if clicked is not None:
        st.session_state["province"] = clicked
    st.session_state["_map_belt"] = clicked_belt
    nonce += 1
    st.session_state["_map_nonce"] = nonce

map_col, side = st.columns([5, 3], gap="medium")
belts = tables["belts"]
belt_gmv = tables["belt_gmv"]
scale = metrics.province_scale(belt_gmv, belts)
growth_span = maps.growth_years(tables, scale)
span = growth_span or (0, 0)
# Growth needs two years of belt scale (a user's data may hold one).
metric_options = [m for m in maps.METRICS if m != "growth" or growth_span]


def metric_label(code: str) -> str:
    return t(f"map.metric.{code}", lang, start=span[0], end=span[1])


adcodes = maps.all_adcodes()
with side:
    metric = ui.url_selectbox(
        t("map.metric_label", lang), metric_options, key="metric", format_func=metric_label
    )
    left, right = st.columns(2)
    scheme = ui.url_selectbox(
        t("map.scheme_label", lang),
        list(maps.SCHEMES),
        key="classes",
        format_func=lambda code: t(f"map.scheme.{code}", lang),
        container=left,
    )
    province = ui.url_selectbox(
        t("map.province_label", lang),
        [0, *adcodes],
        key="province",
        default=0,
        format_func=lambda a: t("map.all_provinces", lang) if a == 0 else province_name(a, lang),
        container=right,
    )
    years = maps.metric_years(tables, metric, scale)
    year = years[-1] if years else None
    if len(years) > 1:
        ui.seed_from_url("year", years, years[-1], str)
        year = st.select_slider(t("map.year_label", lang), years, key="year")
        ui.write_query_param("year", year, default=years[-1])
    else:
        ui.write_query_param("year", None)
    level = "provinces"
    if province:
        level = ui.url_radio(
            t("map.view_label", lang),
            ["provinces", "cities"],
            "view",
            format_func=lambda code: t(f"map.view.{code}", lang),
        )
    else:
        ui.write_query_param("view", None)

# 2/ Data
spec = maps.SPECS[metric]
if metric == "belts":
    belts_info = ds.info("belts")
    prov = Provenance(maps.belts_class(tables["belts"], belts_info.provenance), belts_info.source_in(lang))
elif spec.tables == ("official_stats",):
    prov = ui.table_provenance("official_stats")
else:
    prov = ui.table_provenance("belt_gmv")
values = maps.province_values(tables, metric, year, scale)
classes = maps.classify(values, scheme)
fmt_value = maps.formatter(spec.kind, lang)
rank = maps.ranks(values)
ranked_n = int(values.notna().sum())

latest = int(scale["year"].max()) if len(scale) else None
point_year = year if metric == "scale" and year else latest
scale_by_belt = (
    belt_gmv[belt_gmv["year"] == point_year].groupby("belt_id")["gmv_yuan"].sum() if latest else pd.Series()
)
gmv_label = ui.table_provenance("belt_gmv").label(lang)

if level == "cities" and province:
    labels = {c: t(f"provenance.label.{c}", lang) for c in ("report", "official", "sample", "user")}
    if ds.info("belts").provenance == "user":
        labels = dict.fromkeys(labels, labels["user"])
    mine = belts[belts["province_adcode"] == province]
    points = maps.belt_points(mine, scale_by_belt, lang, labels)
    tips = maps.city_tips(province, belts, scale_by_belt, lang, gmv_label)
    deck = maps.city_deck(province, points, tips, height=MAP_HEIGHT)
else:
    view = maps.ProvinceView(metric, values, classes, lang, prov.label(lang), selected=province or None)
    deck = maps.province_deck(view, height=MAP_HEIGHT)

# 3/ Render
order = values.sort_values(ascending=False, na_position="last")
ranking = pd.DataFrame(
    {
        t("col.rank", lang): ["—" if math.isnan(v) else str(int(rank[a])) for a, v in order.items()],
        t("col.province", lang): [province_name(a, lang) for a in order.index],
        metric_label(metric) + (f" · {year}" if year else ""): [fmt_value(v) for v in order],
    }
)

with map_col:
    st.pydeck_chart(
        deck,
        on_select="rerun",
        selection_mode="single-object",
        key=f"_map_{nonce}",
        height=MAP_HEIGHT,
        alt=t("map.map_alt", lang),
    )
    st.caption(t("map.hint_click", lang))
    st.markdown(f"**{t('map.ranking', lang)}**")
    ui.data_table(ranking, prov, download="map_ranking", height=320)

with side:
    if level == "cities" and province:
        notes = [
            ("fill", maps.BELT_COLOURS["report"], t("map.legend_report_belt", lang)),
            ("fill", maps.BELT_COLOURS["sample"], t("map.legend_sample_belt", lang)),
        ]
        if ds.info("belts").provenance == "user":
            notes = [("fill", maps.BELT_COLOURS["user"], t("map.legend_user_belt", lang))]
        title = t("map.legend_points", lang, year=point_year)
        st.markdown(maps.legend_html(title, [], notes), unsafe_allow_html=True)
    else:
        notes = [
            ("fill", maps.NO_DATA, t("map.no_data", lang)),
            ("line", maps.CORE_OUTLINE, t("map.legend_core", lang)),
            ("line", maps.SELECTED_OUTLINE, t("map.legend_selected", lang)),
            ("line", maps.SEA_LINE, t("map.legend_sea", lang)),
        ]
        entries = maps.legend(classes, fmt_value)
        st.markdown(maps.legend_html(metric_label(metric), entries, notes), unsafe_allow_html=True)
    if metric == "taobao_villages":
        st.caption(t("map.taobao_note", lang, years="、".join(str(y) for y in years)))
    if metric == "ecommerce_sales":
        st.caption(t("map.ecommerce_note", lang))

    if not province:
        st.info(t("map.panel_none", lang))
    else:
        st.subheader(province_name(province, lang))
        selected_belt = st.session_state.get("_map_belt")
        if level == "cities" and selected_belt in set(belts["belt_id"]):
            row = belts[belts["belt_id"] == selected_belt].iloc[0]
            name = escape_markdown(row["name_zh" if lang == "zh" else "name_en"])
            st.markdown(f"{t('map.selected_belt', lang)}[{name}](belt?belt={quote(selected_belt)})")
        value = values.get(province, math.nan)
        c1, c2 = st.columns(2)
        c1.metric(
            t("map.panel_rank", lang),
            "—" if math.isnan(value) else f"{int(rank[province])} / {ranked_n}",
            help=metric_label(metric),
        )
        c1.caption(f"{metric_label(metric)}{f' · {year}' if year else ''}: {fmt_value(value)}")
        if latest is not None:
            now = scale[scale["year"] == latest]
            total = now["gmv_yuan"].sum()
            mine_now = now.loc[now["province_adcode"] == province, "gmv_yuan"].sum()
            c2.metric(
                t("map.panel_share", lang, year=latest), fmt.percent(mine_now / total if total else None)
            )
        trend = scale[scale["province_adcode"] == province]
        if len(trend) > 1:
            span_text = t(
                "map.panel_trend", lang, start=int(trend["year"].min()), end=int(trend["year"].max())
            )
            st.markdown(f"**{span_text}**")
            divisor = 1e8 if lang == "zh" else 1e9
            st.altair_chart(scale_sparkline(trend, t("map.axis_scale", lang), divisor), width="stretch")
        ui.badge(ui.table_provenance("belt_gmv"))

if province:
    mine = belts[belts["province_adcode"] == province]
    belts_col, official_col = st.columns([3, 2], gap="medium")
    with belts_col:
        st.markdown(f"**{province_name(province, lang)} · {t('map.panel_belts', lang)}**")
        belt_table = pd.DataFrame(
            {
                "name": mine["name_zh" if lang == "zh" else "name_en"],
                "scale": [fmt.money(scale_by_belt.get(b), lang) for b in mine["belt_id"]],
                "gmv": [scale_by_belt.get(b, math.nan) for b in mine["belt_id"]],
                "profile": [f"belt?belt={quote(str(b))}" for b in mine["belt_id"]],
            }
        ).sort_values("gmv", ascending=False)[["name", "scale", "profile"]]
        ui.data_table(
            belt_table,
            ui.table_provenance("belts"),
            ui.table_provenance("belt_gmv"),
            column_config={
                "name": t("map.col_belt", lang),
                "scale": t("col.belt_scale_year", lang, year=point_year),
                "profile": st.column_config.LinkColumn(
                    t("map.col_profile", lang), display_text=t("map.open_profile", lang)
                ),
            },
            height=min(38 + 35 * len(belt_table), 320),
        )
    with official_col:
        st.markdown(f"**{t('map.panel_official', lang)}**")
        official = maps.official_latest(tables["official_stats"], province)
        if official.empty:
            st.caption(t("map.no_data", lang))
        else:
            official_table = pd.DataFrame(
                {
                    t("map.col_indicator", lang): [
                        t(f"map.indicator.{c}", lang) if has(f"map.indicator.{c}") else c
                        for c in official["indicator"]
                    ],
                    t("col.year", lang): official["year"].astype(str),
                    t("map.col_value", lang): [
                        maps.official_value_text(v, u, lang)
                        for v, u in zip(official["value"], official["unit"], strict=True)
                    ],
                }
            )
            ui.data_table(official_table, ui.table_provenance("official_stats"))

    st.markdown(f"**{t('map.panel_facts', lang)}**")
    facts = maps.province_facts(tables["report_facts"], belts, province)
    if facts.empty:
        st.caption(t("map.panel_no_facts", lang))
    else:
        label = "label_zh" if lang == "zh" else "label_en"
        fact_table = facts[[label, "value_text", "quote"]].rename(
            columns={
                label: t("col.fact", lang),
                "value_text": t("col.value_as_printed", lang),
                "quote": t("col.quote", lang),
            }
        )
        ui.data_table(fact_table, Provenance("report", t("provenance.report_source", lang)))
