"""品牌集中度 Brands: how concentrated each category is (CR5, CR10, HHI), its band, and the report's lists.

URL state: ?year= &province=a,b &belts=a,b &low= &high= (percent) &category= &compare=a,b
"""

from typing import Any

import pandas as pd
import streamlit as st

import ui
from beltatlas import fmt, metrics
from beltatlas.charts import brands as charts
from beltatlas.i18n import category_name, province_name, t
from beltatlas.provenance import Provenance, escape_markdown

DEFAULT_LOW, DEFAULT_HIGH = round(metrics.BAND_LOW * 100), round(metrics.BAND_HIGH * 100)
TOP_N = 10


def url_percent_slider(label: str, key: str, default: int, lo: int, hi: int, container: Any) -> int:
    """A whole-percent slider bound to `?key=` (the ui.url_* helpers cover select boxes only)."""
    if key not in st.session_state:
        try:
            value = int(st.query_params.get(key, default))
        except ValueError:
            value = default
        st.session_state[key] = min(hi, max(lo, value))
    value = container.slider(label, lo, hi, key=key, step=1, format="%d%%")
    ui.write_query_param(key, value, default=default)
    return value


def clicked_category() -> str | None:
    """The category of the bar clicked in the overview chart (its selection state), if any."""
    event = st.session_state.get("overview_chart")
    try:
        points = event["selection"][charts.PICK]
    except (KeyError, TypeError):
        return None
    return points[0].get("category_l2") if points else None


lang = ui.page_header("page.brands", "brands.intro")
ds = ui.dataset()
sales_keys = ui.sales_keys()
belts_table = ds.tables["belts"]
categories = ds.tables["categories"].set_index("category_l2")
sample_prov = ui.table_provenance("brand_sales")
report_prov = ui.table_provenance("categories")

# 1/ Controls
filters = st.columns(3)
years = sorted(int(y) for y in sales_keys["year"].unique())
year = ui.url_selectbox(t("col.year", lang), years[::-1], key="year", default=years[-1], container=filters[0])
provinces = ui.url_multiselect(
    t("brands.filter.province", lang),
    sorted(int(p) for p in sales_keys["province_adcode"].unique()),
    key="province",
    format_func=lambda a: province_name(a, lang),
    container=filters[1],
    placeholder=t("brands.filter.all", lang),
)
belt_pool = belts_table[belts_table["province_adcode"].isin(provinces)] if provinces else belts_table
belt_names = dict(zip(belt_pool["belt_id"], belt_pool["name_zh" if lang == "zh" else "name_en"], strict=True))
if "belts" in st.session_state:  # a belt outside the provinces just chosen is dropped, not an error
    st.session_state["belts"] = [b for b in st.session_state["belts"] if b in belt_names]
belt_ids = ui.url_multiselect(
    t("brands.filter.belt", lang),
    list(belt_names),
    key="belts",
    format_func=belt_names.get,
    container=filters[2],
    placeholder=t("brands.filter.all", lang),
)
cutoffs = st.columns(2)
low_pct = url_percent_slider(t("brands.filter.low", lang), "low", DEFAULT_LOW, 1, 50, cutoffs[0])
high_pct = url_percent_slider(t("brands.filter.high", lang), "high", DEFAULT_HIGH, 10, 90, cutoffs[1])
low, high = low_pct / 100, high_pct / 100

# 2/ Data
scope: dict[str, Any] = {
    "years": [year],
    "provinces": provinces or None,
    "belts": belts_table[belts_table["belt_id"].isin(belt_ids)] if belt_ids else None,
}
conc = ui.concentration(**scope).dropna(subset=["cr5"])
if conc.empty:
    st.warning(t("brands.no_data", lang))
    st.stop()
conc["category"] = [category_name(c, lang) for c in conc["category_l2"]]
conc["band"] = metrics.bands(conc["cr5"], low, high)
conc["report_cut_band"] = metrics.bands(conc["cr5"])
conc["changed"] = conc["band"] != conc["report_cut_band"]
conc["report_band"] = conc["category_l2"].map(categories["report_band"]).astype("object")
conc["hhi_reading"] = [metrics.hhi_reading(v) for v in conc["hhi"]]
labels = charts.band_labels(low, high, lang)

options = conc["category_l2"].tolist()
picked = clicked_category()
if picked != st.session_state.get("_brands_last_click"):
    st.session_state["_brands_last_click"] = picked
    if picked in options:
        st.session_state["category"] = picked

# 3/ Render
if low >= high:
    st.warning(t("brands.cutoffs_crossed", lang))
if belt_ids:
    st.caption(t("brands.belt_note", lang))

st.subheader(t("brands.section.overview", lang))
st.caption(t("brands.click_hint", lang))
ui.chart(
    charts.overview_chart(conc, low, high, lang),
    "overview_chart",
    sample_prov,
    report_prov,
    title=t("brands.section.overview", lang),
    subtitle=str(year),
    on_select="rerun",
    selection_mode=charts.PICK,
)
moved = conc[conc["changed"]]
if (low_pct, high_pct) == (DEFAULT_LOW, DEFAULT_HIGH):
    st.caption(t("brands.changed_none", lang))
elif moved.empty:
    st.caption(t("brands.changed_none_moved", lang))
else:
    default_labels = charts.band_labels(metrics.BAND_LOW, metrics.BAND_HIGH, lang)
    items = "；".join(
        f"{r.category}（{default_labels[r.report_cut_band]} → {labels[r.band]}）" for r in moved.itertuples()
    )
    st.markdown(t("brands.changed_list", lang, items=escape_markdown(items)))
ui.badge(sample_prov)


SALES = fmt.money_header(t("col.sales", lang), lang)
CR5, CR10 = fmt.percent_header("CR5", lang), fmt.percent_header("CR10", lang)
MONEY_FORMATS = {SALES: "%,.2f"}


def metric_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The concentration metrics of `frame`'s categories as shown in a table (and its CSV)."""
    return pd.DataFrame(
        {
            t("col.category", lang): frame["category"].to_numpy(),
            SALES: frame["sales_yuan"].to_numpy() / fmt.TABLE_MONEY_DIVISOR,
            t("col.brands", lang): frame["brands"].astype("int64").to_numpy(),
            CR5: frame["cr5"].to_numpy() * 100,
            CR10: frame["cr10"].to_numpy() * 100,
            "HHI": frame["hhi"].round().astype("int64").to_numpy(),
            t("brands.col.hhi_reading", lang): [t(f"brands.hhi.{r}", lang) for r in frame["hhi_reading"]],
            t("col.band", lang): frame["band"].map(labels).to_numpy(),
        }
    )


st.subheader(t("brands.section.table", lang))
st.caption(t("brands.hhi.note", lang))
table = metric_table(conc).assign(
    **{
        t("brands.col.changed", lang): conc["changed"].map({True: "◆", False: ""}).to_numpy(),
        t("col.report_band", lang): [
            t(f"band.{b}", lang) if isinstance(b, str) else "—" for b in conc["report_band"]
        ],
    }
)
ui.data_table(
    table,
    sample_prov,
    report_prov,
    download="brand_concentration",
    formats=MONEY_FORMATS,
    title=t("brands.section.table", lang),
)

st.subheader(t("brands.section.report", lang))
listed = conc[conc["report_band"].notna()]
if listed.empty:
    st.info(t("brands.agree.none", lang))
else:
    agree = listed["report_band"] == listed["band"]
    st.markdown(
        t("brands.agree.summary", lang, n=len(listed), k=int(agree.sum()), low=low_pct, high=high_pct)
    )
    order = {b: i for i, b in enumerate(charts.BANDS)}
    report_table = pd.DataFrame(
        {
            t("col.report_band", lang): [t(f"band.{b}", lang) for b in listed["report_band"]],
            t("col.category", lang): listed["category"],
            CR5: listed["cr5"] * 100,
            t("col.band", lang): listed["band"].map(labels),
            t("brands.col.agree", lang): agree.map(
                {True: t("brands.agree.yes", lang), False: t("brands.agree.no", lang)}
            ),
        }
    ).iloc[listed["report_band"].map(order).argsort(kind="stable")]
    ui.data_table(
        report_table,
        report_prov,
        sample_prov,
        download="brand_report_bands",
        title=t("brands.section.report", lang),
    )

st.subheader(t("brands.section.detail", lang))
category = ui.url_selectbox(
    t("brands.filter.category", lang),
    options,
    key="category",
    format_func=lambda c: category_name(c, lang),
)
row = conc.set_index("category_l2").loc[category]
shares = ui.brand_shares(category, **scope)
cols = st.columns(4)
cols[0].metric("CR5", fmt.percent(row["cr5"]))
cols[1].metric("CR10", fmt.percent(row["cr10"]))
cols[2].metric(
    "HHI",
    fmt.plain(round(row["hhi"])),
    t(f"brands.hhi.{row['hhi_reading']}", lang),
    delta_color="off",
    delta_arrow="off",
)
cols[3].metric(t("brands.detail.brands_n", lang), fmt.plain(int(row["brands"])))
st.markdown(t("brands.detail.band", lang, band=labels[row["band"]]))
if isinstance(row["report_band"], str):
    verdict = t("brands.agree.yes" if row["report_band"] == row["band"] else "brands.agree.no", lang)
    st.markdown(
        t("brands.detail.report_band", lang, band=t(f"band.{row['report_band']}", lang), agree=verdict)
    )
else:
    st.markdown(t("brands.detail.not_listed", lang))
quotes = metrics.band_quotes(ds.tables["report_facts"]) if ds.tables["report_facts"] is not None else {}
if row["band"] in quotes:
    section, quote = quotes[row["band"]]
    st.markdown(
        f"{t('brands.detail.meaning', lang)}\n\n> {escape_markdown(quote)}\n>\n"
        f"> — {t('provenance.section', lang)}{escape_markdown(section)}"
    )
    ui.badge(Provenance("report", t("provenance.report_source", lang)))
charts_row = st.columns(2)
ui.chart(charts.top_brands_chart(shares, TOP_N, lang), "brands-top", sample_prov, title=category_name(category, lang), subtitle=str(year), container=charts_row[0])
ui.chart(charts.cumulative_chart(shares, lang), "brands-cumulative", sample_prov, title=category_name(category, lang), subtitle=str(year), container=charts_row[1])
ui.badge(sample_prov)

st.markdown(f"**{t('brands.section.provinces', lang)}**")
st.caption(t("brands.detail.provinces_note", lang))
by_province = ui.concentration(by=["province_adcode"], categories=[category], **scope)
by_province = by_province.sort_values("sales_yuan", ascending=False).head(10)
total = row["sales_yuan"]
ui.data_table(
    pd.DataFrame(
        {
            t("col.province", lang): [province_name(a, lang) for a in by_province["province_adcode"]],
            SALES: by_province["sales_yuan"].to_numpy() / fmt.TABLE_MONEY_DIVISOR,
            fmt.percent_header(t("brands.col.share", lang), lang): by_province["sales_yuan"].to_numpy()
            / total
            * 100,
            fmt.percent_header(t("brands.col.cr5_here", lang), lang): by_province["cr5"].to_numpy() * 100,
        }
    ),
    sample_prov,
    download="brand_category_provinces",
    formats=MONEY_FORMATS,
    title=t("brands.section.provinces", lang),
)

st.markdown(f"**{t('brands.section.belts', lang)}**")
belt_rows = metrics.category_belts(
    belts_table[belts_table["belt_id"].isin(belt_ids)] if belt_ids else belts_table,
    ui.belt_scale(years=[year]),
    category,
    year,
    provinces or None,
)
if belt_rows.empty:
    st.caption(t("brands.detail.belts_none", lang))
else:
    st.caption(t("brands.detail.belts_note", lang))
    ui.data_table(
        pd.DataFrame(
            {
                t("brands.col.belt", lang): belt_rows["name_zh" if lang == "zh" else "name_en"],
                t("col.province", lang): [province_name(a, lang) for a in belt_rows["province_adcode"]],
                fmt.money_header(t("brands.col.belt_gmv", lang), lang): belt_rows["gmv_yuan"].to_numpy()
                / fmt.TABLE_MONEY_DIVISOR,
                fmt.percent_header(t("brands.col.belt_share", lang), lang): belt_rows["share"].to_numpy()
                * 100,
            }
        ),
        ui.table_provenance("belts"),
        ui.table_provenance("belt_gmv"),
        download="brand_category_belts",
        title=t("brands.section.belts", lang),
    )

st.subheader(t("brands.section.compare", lang))
if "compare" in st.session_state:  # categories the filters leave out drop out of the comparison
    st.session_state["compare"] = [c for c in st.session_state["compare"] if c in options]
compare = ui.url_multiselect(
    t("brands.filter.compare", lang),
    options,
    key="compare",
    format_func=lambda c: category_name(c, lang),
    max_selections=4,
    placeholder=t("brands.filter.pick", lang),
)
if len(compare) < 2:
    st.info(t("brands.compare.hint", lang))
else:
    chosen = conc.set_index("category_l2").loc[compare].reset_index()
    curves = pd.concat(
        [ui.brand_shares(c, **scope).assign(category=category_name(c, lang)) for c in compare],
        ignore_index=True,
    )
    ui.chart(charts.compare_chart(curves, lang), "brands-compare", sample_prov, title=t("brands.section.compare", lang), subtitle=str(year))
    ui.data_table(
        metric_table(chosen),
        sample_prov,
        download="brand_comparison",
        formats=MONEY_FORMATS,
        title=t("brands.section.compare", lang),
    )
