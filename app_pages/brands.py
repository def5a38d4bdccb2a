"""品牌集中度 Brands: how concentrated each category is (Top-5 share, HHI) and the report's bands."""

import streamlit as st

import ui
from beltatlas import fmt, metrics
from beltatlas.i18n import category_name, t

lang = ui.page_header("page.brands", "brands.intro")
ds = ui.dataset()

# 1/ Controls
sales = ds.tables["brand_sales"]
years = sorted(int(y) for y in sales["year"].unique())
year = ui.url_selectbox(t("col.year", lang), years[::-1], key="year", default=years[-1])

# 2/ Data
conc = metrics.concentration(sales[sales["year"] == year])
categories = ds.tables["categories"].set_index("category_l2")
conc["band"] = [metrics.band_of(v) for v in conc["cr5"]]
conc["report_band"] = conc["category_l2"].map(categories["report_band"])

# 3/ Render
table = conc.assign(
    category=[category_name(c, lang) for c in conc["category_l2"]],
    sales=[fmt.money(v, lang) for v in conc["sales_yuan"]],
    cr5_text=[fmt.percent(v) for v in conc["cr5"]],
    cr10_text=[fmt.percent(v) for v in conc["cr10"]],
    hhi_text=[fmt.plain(round(v)) for v in conc["hhi"]],
    band_text=[t(f"band.{b}", lang) for b in conc["band"]],
    report_text=[t(f"band.{b}", lang) if isinstance(b, str) else "—" for b in conc["report_band"]],
)[["category", "sales", "brands", "cr5_text", "cr10_text", "hhi_text", "band_text", "report_text"]]
table.columns = [
    t("col.category", lang),
    t("col.sales", lang),
    t("col.brands", lang),
    "CR5",
    "CR10",
    "HHI",
    t("col.band", lang),
    t("col.report_band", lang),
]
st.caption(t("brands.band_note", lang))
ui.data_table(table, ui.table_provenance("brand_sales"), ui.table_provenance("categories"))
