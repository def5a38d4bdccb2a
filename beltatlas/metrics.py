"""Metrics: province scale and brand concentration (CR5, CR10, HHI); growth is in `growth`.

Pure functions over DataFrames of the schema's tables. Concentration runs in DuckDB so it stays
fast on tens of millions of `brand_sales` rows.
"""

from __future__ import annotations

import duckdb
import pandas as pd

#: Default Top-5 band cut-offs from the report (≤15 % regional brands; ≥40 % enterprise brands).
BAND_LOW = 0.15
BAND_HIGH = 0.40


def province_scale(belt_gmv: pd.DataFrame, belts: pd.DataFrame) -> pd.DataFrame:
    """Belt sales summed per province and year: columns province_adcode, year, gmv_yuan, belts."""
    joined = belt_gmv.merge(belts[["belt_id", "province_adcode"]], on="belt_id", how="inner", validate="m:1")
    out = (
        joined.groupby(["province_adcode", "year"], as_index=False)
        .agg(gmv_yuan=("gmv_yuan", "sum"), belts=("belt_id", "nunique"))
        .sort_values(["year", "gmv_yuan"], ascending=[True, False], ignore_index=True)
    )
    return out


def band_of(cr5: float, low: float = BAND_LOW, high: float = BAND_HIGH) -> str:
    """The report's band for a Top-5 share: 'low' (≤ low), 'high' (≥ high) or 'mid'."""
    if cr5 <= low:
        return "low"
    if cr5 >= high:
        return "high"
    return "mid"


_CONCENTRATION_SQL = """
WITH s AS (
    SELECT category_l2, brand, SUM(sales_yuan) AS v
    FROM sales
    GROUP BY category_l2, brand
),
r AS (
    SELECT category_l2, v,
           ROW_NUMBER() OVER (PARTITION BY category_l2 ORDER BY v DESC, brand) AS rn,
           SUM(v) OVER (PARTITION BY category_l2) AS total
    FROM s
)
SELECT category_l2,
       ANY_VALUE(total) AS sales_yuan,
       COUNT(*) FILTER (WHERE v > 0) AS brands,
       CASE WHEN ANY_VALUE(total) > 0 THEN SUM(v) FILTER (WHERE rn <= 5) / ANY_VALUE(total) END AS cr5,
       CASE WHEN ANY_VALUE(total) > 0 THEN SUM(v) FILTER (WHERE rn <= 10) / ANY_VALUE(total) END AS cr10,
       CASE WHEN ANY_VALUE(total) > 0 THEN 10000 * SUM((v / total) * (v / total)) END AS hhi
FROM r
GROUP BY category_l2
ORDER BY cr5 DESC NULLS LAST, category_l2
"""


def concentration(brand_sales: pd.DataFrame) -> pd.DataFrame:
    """Per category: total sales, number of selling brands, CR5, CR10 (fractions) and HHI (0–10,000).

    Filter `brand_sales` (year, province) before calling; a category whose sales are all zero gets
    NaN shares rather than a division by zero.
    """
    with duckdb.connect() as con:
        con.register("sales", brand_sales[["category_l2", "brand", "sales_yuan"]])
        out = con.execute(_CONCENTRATION_SQL).df()
    out["brands"] = out["brands"].astype("int64")
    return out
