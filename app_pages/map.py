"""产业带地图 Map: where belts are dense, and how a province compares (click it, or pick it)."""

import math
from urllib.parse import quote

import pandas as pd
import streamlit as st

import ui
from beltatlas import fmt, images, layout, maps
from beltatlas.charts.map import city_map_chart, national_map_chart, scale_sparkline
from beltatlas.i18n import city_name, province_name, t
from beltatlas.provenance import Provenance, escape_markdown

#: The map takes the window's height below its top edge (less a margin), and at least this share of the
#: window's height; never less than MIN_HEIGHT nor more than MAX_HEIGHT pixels.
HEIGHT_SHARE = 0.55
MARGIN = 80  # room for the boundary source line under the map
MIN_HEIGHT, MAX_HEIGHT = 360, 2000
MAP_KEY = "_map"
SIZE_KEY = "_map_size"
UNMEASURED = "_unmeasured"  # the key's suffix for a map drawn before its size is known

lang = ui.page_header("page.map", "map.intro")
# Before the map: its CSS hides the stage's title off the stage from the first paint (drawn at the
# page's end, the title showed until then, and the map's measured top moved up 46 px: one more run).
ui.stage_script("map_fullscreen", ["map_stage", "map_legend"], only_on_stage=["map_title"])
ds = ui.dataset()
tables = ds.tables


# 1/ Controls
# A click on the map picks the province (or a city / belt of the drill-down) before the select box is
# drawn. The deck keeps its key, so the browser keeps the map it has built; its selection stays too,
# so a selection is acted on once, when it changes, and the select box stays the source of truth.
# Before the browser has measured the column (a first visit), the map is a blank one (no layers: it
# loads deck.gl and starts the canvas) under a key of its own, so the measured run builds the real map
# once, at its size. A map drawn at the default size and then updated kept the default size's zoom
# now and then (deck.gl, still starting, reported the view it was built with after Streamlit had
# applied the measured one: too close, part of the province cut off); rebuilt with its layers, it
# compiled every layer's shaders twice (~2 s more to a drawn map in software WebGL).
measured = ui.known_size(SIZE_KEY) is not None


def deck_key_of(generation: object) -> str:
    return f"{MAP_KEY}{generation}{'' if measured else UNMEASURED}"


deck_key = deck_key_of(st.session_state.get("_map_gen", ""))
event = st.session_state.get(deck_key)
signature = maps.selection_signature(event)
if signature != st.session_state.get("_map_seen"):
    st.session_state["_map_seen"] = signature
    clicked = maps.clicked_province(event)
    if clicked is not None:
        st.session_state["province"] = clicked
        st.session_state["_map_city"] = None
    city = maps.clicked_city(event)
    if city is not None:
        st.session_state["_map_city"] = city
    st.session_state["_map_belt"] = maps.clicked_belt(event)


def zoom(step: int) -> None:
    st.session_state["_map_zoom"] = 0 if step == 0 else st.session_state.get("_map_zoom", 0) + step
    st.session_state["_map_nonce"] = st.session_state.get("_map_nonce", 0) + 1


map_col, side = st.columns([5, 2], gap="medium")
belts = tables["belts"]
belt_gmv = tables["belt_gmv"]
scale = ui.province_scale()
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
        ui.year_player(years, "year")
        year = ui.url_select_slider(t("map.year_label", lang), years, "year", default=years[-1])
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

with map_col:
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        st.button(
            "",
            icon=":material/zoom_in:",
            help=t("map.zoom_in", lang),
            on_click=zoom,
            args=(1,),
            key="zoom_in",
        )
        st.button(
            "",
            icon=":material/zoom_out:",
            help=t("map.zoom_out", lang),
            on_click=zoom,
            args=(-1,),
            key="zoom_out",
        )
        st.button(
            "",
            icon=":material/center_focus_strong:",
            help=t("map.zoom_reset", lang),
            on_click=zoom,
            args=(0,),
            key="zoom_reset",
        )
        map_layout = ui.url_radio(
            t("map.layout.label", lang),
            list(layout.LAYOUTS),
            "layout",
            format_func=lambda code: t(f"map.layout.{code}", lang),
            label_visibility="collapsed",
            width="content",
        )
        if "labels" not in st.session_state:
            st.session_state["labels"] = st.query_params.get("labels") == "1"
        show_labels = st.toggle(t("map.labels_toggle", lang), key="labels")
        ui.write_query_param("labels", "1" if show_labels else None)
        ui.stage_button("map_fullscreen", help=t("map.fullscreen_help", lang))
    stage = st.container(key="map_stage")
    title_slot = stage.container(key="map_title")
    with stage:
        # From this distance from the top on, the room below is no more than the window's share: the
        # map's height (below) is the same however far down it starts.
        size = ui.element_size(SIZE_KEY, top_cap=lambda h: h - MARGIN - round(HEIGHT_SHARE * h))

if size:
    width, window_height, top = size
    below = window_height - top - MARGIN
    map_height = max(MIN_HEIGHT, min(MAX_HEIGHT, max(below, round(HEIGHT_SHARE * window_height))))
else:  # the first run, before the browser has measured the column
    width, map_height = maps.VIEW_SIZE
zoom_steps = st.session_state.get("_map_zoom", 0)
nonce = st.session_state.get("_map_nonce", 0)

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
gmv_prov = ui.table_provenance("belt_gmv")
gmv_label = gmv_prov.label(lang)
belts_user = ds.info("belts").provenance == "user"
class_labels = {c: t(f"provenance.label.{c}", lang) for c in ("report", "official", "sample", "user")}
if belts_user:
    class_labels = dict.fromkeys(class_labels, class_labels["user"])

if province and st.session_state.get("_map_city_of") != province:
    st.session_state["_map_city"] = None
st.session_state["_map_city_of"] = province
selected_city = st.session_state.get("_map_city") if level == "cities" and province else None

if level == "cities" and province:
    mine = belts[belts["province_adcode"] == province]
    points = maps.belt_points(mine, scale_by_belt, lang, class_labels)
    tips = maps.city_tips(province, belts, scale_by_belt, lang, gmv_label)
    deck = (
        maps.city_deck(
            province, points, tips, width, map_height, selected_city, zoom_steps, nonce, publish=ui.publish_json
        )
        if measured
        else maps.blank_deck()
    )
    belt_classes = ["user"] if belts_user else sorted(set(mine.get("provenance", pd.Series(["sample"]))))
    legend_title = t("map.legend_points", lang, year=point_year)
    entries: list[maps.LegendEntry] = []
    notes = [
        (
            "fill",
            maps.BELT_COLOURS.get(c, maps.BELT_COLOURS["sample"]),
            t("map.legend_belt_class", lang, label=class_labels.get(c, c)),
        )
        for c in belt_classes
    ]

    def export_chart():
        return city_map_chart(province, points, lang, selected_city)

    export_title = t("map.export_title_cities", lang, province=province_name(province, lang))
    export_prov = gmv_prov
else:
    dark = ui.theme_in_view() == "dark"
    view = maps.ProvinceView(
        metric, values, classes, lang, prov.label(lang), province or None, map_layout, show_labels, dark
    )
    deck = (
        maps.province_deck(view, width, map_height, zoom_steps, nonce, publish=ui.publish_json)
        if measured
        else maps.blank_deck()
    )
    legend_title = metric_label(metric) + (f" · {year}" if year else "")
    entries = maps.legend(classes, fmt_value)

    def legend_notes(colours: maps.Ink) -> list[tuple[str, str, str]]:
        notes = [
            ("fill", maps.NO_DATA, t("map.no_data", lang)),
            ("line", maps.CORE_OUTLINE, t("map.legend_core", lang)),
            (
                "line",
                colours.selected,
                t("map.legend_selected_dark" if colours == maps.DARK_INK else "map.legend_selected", lang),
            ),
            ("line", colours.sea, t("map.legend_sea", lang)),
        ]
        if map_layout == "standard":
            inset = t("map.legend_inset", lang, scale=f"× {layout.INSET_SCALE}")
            notes.append(("fill", colours.frame_fill, inset))
        else:
            notes.append(("fill", "#ffffff", t("map.legend_full", lang)))
        return notes

    notes = legend_notes(maps.ink(dark))

    def export_chart():
        # Images for a briefing are light whatever the page's theme.
        return national_map_chart(view, entries, legend_title, legend_notes(maps.LIGHT_INK))

    export_title = legend_title
    export_prov = prov
class_line = t("map.legend_class", lang, label=export_prov.label(lang))

# 3/ Render
ranking, ranking_formats = maps.ranking_table(
    values, spec.kind, metric_label(metric) + (f" · {year}" if year else ""), lang
)

# A province picked in the select box while the map still holds another click: the map's kept
# selection would swallow the next click on that province (deck.gl takes it as "unselect"), so the
# map starts a fresh selection under a new key.
held = maps.clicked_province(event)
if held is not None and held != province:
    st.session_state["_map_gen"] = st.session_state.get("_map_gen", 0) + 1
    st.session_state["_map_seen"] = ""
    deck_key = deck_key_of(st.session_state["_map_gen"])

title_slot.markdown(f"### {escape_markdown(export_title)}")
with stage:
    st.pydeck_chart(
        deck,
        on_select="rerun",
        selection_mode="single-object",
        key=deck_key,
        height=map_height,
        alt=t("map.map_alt", lang),
    )
    st.caption(t("map.boundary_source", lang))
with map_col:
    st.caption(t("map.hint_city" if level == "cities" and province else "map.hint_click", lang))
    source_line = t(
        "map.export_source", lang, source=export_prov.source or "—", label=export_prov.label(lang)
    )
    if level != "cities" and map_layout == "standard":
        source_line += "\n" + t("map.export_inset", lang, scale=f"× {layout.INSET_SCALE}")

    def export_image(kind: str):
        # Built only when a download is asked for: the Altair chart costs ~2 s, the image ~3 s more.
        chart = images.with_context(
            export_chart(), title=export_title, subtitle=class_line, source_line=source_line
        )
        return images.chart_png(chart, scale=2.0) if kind == "png" else images.chart_svg(chart)

    name = f"beltatlas_map_{province or 'china'}_{metric}_{year or ''}".rstrip("_")
    png_col, svg_col, _rest = st.columns([1, 1, 3])
    png_col.download_button(
        t("map.export_png", lang),
        data=lambda: export_image("png"),
        file_name=f"{name}.png",
        mime="image/png",
        key="export_png",
        on_click="ignore",
        icon=":material/image:",
    )
    svg_col.download_button(
        t("map.export_svg", lang),
        data=lambda: export_image("svg"),
        file_name=f"{name}.svg",
        mime="image/svg+xml",
        key="export_svg",
        on_click="ignore",
        icon=":material/download:",
    )
    st.markdown(f"**{t('map.ranking', lang)}**")
    ui.data_table(ranking, prov, download="map_ranking", formats=ranking_formats, height=320)

with side, st.container(key="map_legend"):
    st.markdown(
        maps.legend_html(legend_title, entries, [*notes, ("text", "", class_line)]), unsafe_allow_html=True
    )
    if metric == "taobao_villages":
        st.caption(t("map.taobao_note", lang, years="、".join(str(y) for y in years)))
    if metric == "ecommerce_sales":
        st.caption(t("map.ecommerce_note", lang))
    ui.badge(export_prov)
with side:
    if not province:
        st.info(t("map.panel_none", lang))
    else:
        st.subheader(province_name(province, lang))
        selected_belt = st.session_state.get("_map_belt")
        if level == "cities" and selected_belt in set(belts["belt_id"]):
            row = belts[belts["belt_id"] == selected_belt].iloc[0]
            name = escape_markdown(row["name_zh" if lang == "zh" else "name_en"])
            st.markdown(f"{t('map.selected_belt', lang)}[{name}](belt?belt={quote(selected_belt)})")
        if selected_city:
            in_city = belts[(belts["province_adcode"] == province) & (belts["city_adcode"] == selected_city)]
            city_total = float(scale_by_belt.reindex(in_city["belt_id"]).sum())
            province_ids = belts.loc[belts["province_adcode"] == province, "belt_id"]
            province_total = float(scale_by_belt.reindex(province_ids).sum())
            st.markdown(
                f"**{t('map.city_panel', lang, city=escape_markdown(city_name(selected_city, lang)), n=len(in_city))}**"
            )
            k1, k2 = st.columns(2)
            k1.metric(t("map.city_scale", lang, year=point_year), fmt.money(city_total, lang))
            k2.metric(
                t("map.city_share", lang, year=point_year),
                fmt.percent(city_total / province_total if province_total else None),
            )
            if in_city.empty:
                st.caption(t("map.city_none", lang))
            else:
                city_scale = maps.table_column(
                    scale_by_belt.reindex(in_city["belt_id"]),
                    "money",
                    t("col.belt_scale_year", lang, year=point_year),
                    lang,
                )
                city_table = pd.DataFrame(
                    {
                        t("map.col_belt", lang): in_city["name_zh" if lang == "zh" else "name_en"].to_numpy(),
                        city_scale.header: city_scale.values.to_numpy("float64"),
                    }
                )
                ui.data_table(
                    city_table,
                    ui.table_provenance("belts"),
                    gmv_prov,
                    download="map_city_belts",
                    formats={city_scale.header: city_scale.format},
                )
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
        ui.badge(gmv_prov)

if province:
    mine = belts[belts["province_adcode"] == province]
    belts_col, official_col = st.columns([3, 2], gap="medium")
    with belts_col:
        st.markdown(f"**{province_name(province, lang)} · {t('map.panel_belts', lang)}**")
        belt_scale = maps.table_column(
            scale_by_belt.reindex(mine["belt_id"]),
            "money",
            t("col.belt_scale_year", lang, year=point_year),
            lang,
        )
        belt_table = (
            pd.DataFrame(
                {
                    t("map.col_belt", lang): mine["name_zh" if lang == "zh" else "name_en"].to_numpy(),
                    belt_scale.header: belt_scale.values.to_numpy("float64"),
                    "profile": [f"belt?belt={quote(str(b))}" for b in mine["belt_id"]],
                }
            )
            .sort_values(belt_scale.header, ascending=False, na_position="last")
            .reset_index(drop=True)
        )
        ui.data_table(
            belt_table,
            ui.table_provenance("belts"),
            gmv_prov,
            download="map_province_belts",
            formats={belt_scale.header: belt_scale.format},
            column_config={
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
            ui.data_table(
                maps.official_table(official, lang),
                ui.table_provenance("official_stats"),
                download="map_official",
                formats={t("col.year", lang): "%d", t("map.col_value", lang): "%,.1f"},
            )

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
