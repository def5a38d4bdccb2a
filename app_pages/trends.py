"""十大产地趋势 Trends: belt scale of the ten core provinces and the leading cities by year, three views,
CAGR ranking, the report's claims checked against the data, and the official NBS series beside it."""

import streamlit as st

import ui
from beltatlas import claims, fmt, growth, report
from beltatlas.charts import trends as charts
from beltatlas.i18n import city_name, province_name, t
from beltatlas.provenance import Provenance

lang = ui.page_header("page.trends", "trends.intro")
ds = ui.dataset()
DIVISOR, MONEY_UNIT = charts.money_unit(lang)

# 1/ Controls
scale = ui.province_scale()
official_all = ds.tables["official_stats"]
official_all = official_all[official_all["indicator"] == "ecommerce_sales"]
latest = scale[scale["year"] == scale["year"].max()].sort_values("gmv_yuan", ascending=False)
present = set(scale["province_adcode"]) | set(official_all["province_adcode"]) - {100000}
options = [a for a in report.CORE_PROVINCES if a in present]
options += [int(a) for a in latest["province_adcode"] if a not in options]
options += sorted(a for a in present if a not in options)

left, mid, right = st.columns([3, 1.2, 1.2])
chosen = ui.url_multiselect(
    t("trends.compare", lang),
    options,
    key="provinces",
    # The ten core provinces the belt data has; a dataset with none of them opens on its own largest.
    default=[a for a in report.CORE_PROVINCES if a in set(scale["province_adcode"])]
    or [int(a) for a in latest["province_adcode"].head(10)],
    format_func=lambda a: province_name(a, lang),
    container=left,
)
view = ui.url_selectbox(
    t("trends.show", lang),
    growth.VIEWS,
    key="show",
    format_func=lambda v: t(f"trends.view.{v}", lang),
    container=mid,
)
series = ui.url_selectbox(
    t("trends.series", lang),
    ("belt", "official"),
    key="series",
    format_func=lambda v: t(f"trends.series_name.{v}", lang),
    container=right,
)
if series == "official":
    all_years = sorted(official_all["year"].unique())
    ranges = ("2018-2020", f"{all_years[0]}-{all_years[-1]}") if all_years else ("2018-2020",)
    year_range = ui.url_selectbox(t("trends.range", lang), ranges, key="range", container=right)
    first, last = (int(y) for y in year_range.split("-"))

# 2/ Data
if series == "belt":
    values = scale
    prov = ui.table_provenance("belt_gmv")
else:
    rows = official_all[official_all["year"].between(first, last)]
    values = rows.assign(gmv_yuan=rows["value"] * 1e8)[["province_adcode", "year", "gmv_yuan"]]
    prov = ui.table_provenance("official_stats")
plotted = growth.province_view(values, chosen, view)
plotted["key"] = plotted["province_adcode"]
plotted["label"] = [province_name(a, lang) for a in plotted["province_adcode"]]
start, end = (int(plotted["year"].min()), int(plotted["year"].max())) if len(plotted) else (0, 0)
series_name = t(f"trends.series_name.{series}", lang)
if view == "absolute":
    plotted["value"] = plotted["value"] / DIVISOR
    y_title = t("trends.axis.absolute", lang, series=series_name, unit=MONEY_UNIT)
    # One unit for the whole table (the axis unit), so a column of 万亿 and 亿 figures compares at a glance.
    y_format, cell = ",.0f", lambda v: f"{v:,.1f}{MONEY_UNIT}" if lang == "zh" else f"{v:,.1f} {MONEY_UNIT}"
    table_unit, table_scale = MONEY_UNIT, 1.0
elif view == "index":
    y_title, y_format, cell = (
        t("trends.axis.index", lang, start=start),
        ",.1f",
        lambda v: fmt.plain(round(v, 1), lang),
    )
    table_unit, table_scale = t("trends.unit.index", lang, start=start), 1.0
else:
    y_title, y_format, cell = t("trends.axis.share", lang), ".0%", lambda v: fmt.percent(v)
    table_unit, table_scale = "%", 100.0
ranking = growth.province_growth(values[values["province_adcode"].isin(chosen)], start, end)
ranking["key"] = ranking["province_adcode"]
ranking["label"] = [province_name(a, lang) for a in ranking["province_adcode"]]
ranking["claimed"] = ranking["province_adcode"].isin(report.FAST_GROWING_PROVINCES)
city_gmv = ui.city_scale()
checks = claims.check_all(scale, city_gmv)
city = growth.city_shares(city_gmv)
named_cities = list(dict.fromkeys((*report.LEADING_CITIES, *report.RISING_CITIES)))
city = city[city["city_adcode"].isin(named_cities)].assign(
    key=lambda f: f["city_adcode"],
    label=lambda f: [city_name(a, lang) for a in f["city_adcode"]],
    value=lambda f: f["share"],
    marked=lambda f: f["city_adcode"].isin(report.RISING_CITIES),
)


def wide_table(frame, unit: str, scale: float = 1.0):
    """Places × years, the plotted values as numbers (× `scale`) in `unit`, in the legend's order.

    Year columns are headed `2018（亿元）` / `2018 (100 million yuan)`, so each file names its unit."""
    table = frame.pivot_table(index="label", columns="year", values="value", aggfunc="sum") * scale
    table = table.reindex(charts.legend_order(frame)).reset_index()
    table.columns = [t("trends.legend", lang)] + [
        t("trends.col.year_unit", lang, year=int(c), unit=unit) for c in table.columns[1:]
    ]
    return table


def claim_markdown(check: claims.ClaimCheck) -> str:
    """A claim, its verdict badge, a tick or cross per place named, and how the data was ranked."""

    def name(adcode: int) -> str:
        if check.claim_id in ("core_provinces", "fast_growers"):
            return province_name(adcode, lang, short=True)
        return city_name(adcode, lang).removesuffix("市")

    colour = {True: "green", False: "red", None: "gray"}[check.supported]
    verdict = {True: "supported", False: "not_supported", None: "unchecked"}[check.supported]
    if check.supported is None:
        verdict = f"unchecked_{check.reason or 'data'}"
    lines = [
        f"**{t(f'trends.claim.{check.claim_id}', lang)}**  \n"
        f":{colour}-badge[{t(f'trends.claim.{verdict}', lang, need=len(check.claimed), have=check.ranked)}]"
    ]
    if check.supported is not None or check.reason == "places":
        items = " ".join(
            f":green[✓ {name(a)}]" if ok else f":red[✗ {name(a)}]"
            for a, ok in zip(check.claimed, check.ok, strict=True)
        )
        found = ("、" if lang == "zh" else ", ").join(name(a) for a in check.found)
        test = t(f"trends.claim.test_{check.claim_id}", lang, start=check.start, end=check.end, found=found)
        lines.append(f"{items}  \n:gray[{test}]")
    return "\n\n".join(lines)


# 3/ Render
if not chosen or plotted.empty:
    st.warning(t("trends.compare_empty", lang) if not chosen else t("trends.no_data", lang))
    st.stop()

chart_col, claim_col = st.columns([2, 1], gap="large")
with chart_col:
    st.subheader(t("trends.heading_series", lang))
    if series == "official":
        st.info(t("trends.official_note", lang))
    # The year player: the lines grow year by year up to the year chosen (in the URL as ?year=).
    player_years = sorted(int(y) for y in plotted["year"].unique())
    shown = plotted
    if len(player_years) > 1:
        ui.year_player(player_years, "year")
        shown_year = ui.url_select_slider(t("player.year", lang), player_years, "year", default=player_years[-1])
        shown = plotted[plotted["year"] <= shown_year]
    description = charts.describe_series(
        shown, series=series_name, view=t(f"trends.view.{view}", lang), value_text=cell, lang=lang
    )
    # The tooltip rounds as the table under the chart does (one decimal), the axis as ticks need.
    chart = charts.series_chart(
        shown,
        y_title=y_title,
        y_format=y_format,
        tooltip_format={"absolute": ",.1f", "index": ",.1f", "share": ".1%"}[view],
        description=description,
        lang=lang,
    )
    event = ui.chart(chart, "trend_chart", prov, title=t("trends.heading_series", lang), subtitle=y_title, on_select="rerun")
    picked = [p.get("label") for p in (event.selection.get(charts.PICK) or []) if isinstance(p, dict)]
    if picked and picked[0] in set(ranking["label"]):
        row = ranking[ranking["label"] == picked[0]].iloc[0]
        st.success(
            t(
                "trends.picked",
                lang,
                place=row["label"],
                start=start,
                end=end,
                first=fmt.money(row["start"], lang),
                last=fmt.money(row["end"], lang),
                cagr=fmt.percent(row["cagr"], signed=True),
            )
        )
    else:
        st.caption(t("trends.click_hint", lang))
    ui.data_table(
        wide_table(plotted, table_unit, table_scale),
        prov,
        download=f"trends-{series}-{view}",
        title=t("trends.heading_series", lang),
    )

with claim_col:
    st.subheader(t("trends.heading_claims", lang))
    if ui.table_provenance("belt_gmv").cls == "sample":
        st.caption(t("trends.claims_note.sample", lang))
    for check in checks:
        st.markdown(claim_markdown(check))
    quotes = (
        (report.SECTION_DISTRIBUTION, report.CORE_PROVINCES_QUOTE),
        (report.SECTION_DISTRIBUTION, report.CITIES_QUOTE),
    )
    ui.badge(
        Provenance("report", t("provenance.report_source", lang), quotes), ui.table_provenance("belt_gmv")
    )

st.subheader(t("trends.heading_cagr", lang, start=start, end=end))
bars = ranking.dropna(subset=["cagr"])
if start == end or bars.empty:
    # Growth needs two years: say which years the data has instead of drawing an empty chart.
    st.info(t("trends.cagr_unavailable", lang, years=", ".join(str(y) for y in sorted(plotted["year"].unique()))))
else:
    cagr_chart = charts.cagr_chart(
        bars,
        description=charts.describe_cagr(bars, start=start, end=end, lang=lang),
        legend_title=t("trends.cagr_legend", lang),
        lang=lang,
    )
    ui.chart(cagr_chart, "trends-cagr", prov, title=t("trends.heading_cagr", lang, start=start, end=end))
    cagr_table = bars.assign(
        rank=range(1, len(bars) + 1),
        first=bars["start"] / DIVISOR,
        last=bars["end"] / DIVISOR,
        growth=bars["cagr"] * 100,
    )[["rank", "label", "first", "last", "growth"]].rename(
        columns={
            "rank": t("col.rank", lang),
            "label": t("trends.legend", lang),
            "first": t("trends.col.year_unit", lang, year=start, unit=MONEY_UNIT),
            "last": t("trends.col.year_unit", lang, year=end, unit=MONEY_UNIT),
            "growth": t("trends.col.cagr_pct", lang),
        }
    )
    ui.data_table(
        cagr_table,
        prov,
        download=f"trends-cagr-{series}",
        formats={t("trends.col.cagr_pct", lang): "%+.1f", t("col.rank", lang): "%d"},
        title=t("trends.heading_cagr", lang, start=start, end=end),
    )

st.subheader(t("trends.heading_cities", lang))
st.caption(t("trends.cities_note", lang))
city_description = charts.describe_series(
    city,
    series=t("trends.heading_cities", lang),
    view=t("trends.axis.city_share", lang),
    value_text=fmt.percent,
    lang=lang,
)
city_chart = charts.series_chart(
    city,
    y_title=t("trends.axis.city_share", lang),
    y_format=".1%",
    tooltip_format=".2%",
    description=city_description,
    lang=lang,
    marked=t("trends.rising_legend", lang),
    height=320,
)
ui.chart(city_chart, "trends-cities", ui.table_provenance("city_gmv"), title=t("trends.heading_cities", lang))
city_table = wide_table(city, "%", 100.0)
ui.data_table(
    city_table,
    ui.table_provenance("city_gmv"),
    download="trends-city-shares",
    formats=dict.fromkeys(city_table.columns[1:], "%.2f"),
    title=t("trends.heading_cities", lang),
)
