"""产业带地图 Map: where belts are dense (the choropleth arrives with the map issue)."""

import ui
from beltatlas import fmt, metrics
from beltatlas.i18n import province_name, t

lang = ui.page_header("page.map", "map.intro")
ds = ui.dataset()

# 1/ Data
belts = ds.tables["belts"]
scale = metrics.province_scale(ds.tables["belt_gmv"], belts)
latest = int(scale["year"].max())
by_province = scale[scale["year"] == latest].reset_index(drop=True)

# 2/ Render
table = by_province.assign(
    rank=range(1, len(by_province) + 1),
    province=[province_name(a, lang) for a in by_province["province_adcode"]],
    scale=[fmt.money(v, lang) for v in by_province["gmv_yuan"]],
)[["rank", "province", "scale", "belts"]].rename(
    columns={
        "rank": t("col.rank", lang),
        "province": t("col.province", lang),
        "scale": t("col.belt_scale_year", lang, year=latest),
        "belts": t("col.belts", lang),
    }
)
ui.data_table(table, ui.table_provenance("belt_gmv"), ui.table_provenance("belts"))
