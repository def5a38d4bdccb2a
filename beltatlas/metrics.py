"""Metrics: province scale and brand concentration (CR5, CR10, HHI); growth is in `growth`.

The scans are the Ibis expressions of `beltatlas.query`; these functions keep the signatures the
pages and modules call and take a table as a pandas frame, an Arrow table or a Parquet file (run on
an embedded DuckDB, fast on tens of millions of `brand_sales` rows) or as a table in an engine
(`beltatlas.engine`). `concentration_reference` is the same computation in plain pandas, kept as the
yardstick for the property test and the benchmark.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import ibis.expr.types as ir
import numpy as np
import pandas as pd
import pyarrow as pa

from beltatlas import engine, query
from beltatlas.query import CONCENTRATION_COLUMNS, GROUPINGS  # noqa: F401  (re-exported for callers)

#: Default Top-5 band cut-offs from the report (≤15 % regional brands; ≥40 % enterprise brands).
BAND_LOW = 0.15
BAND_HIGH = 0.40

#: HHI (0–10,000) readings: below 1,500 unconcentrated, 1,500–2,500 moderate, above 2,500 high.
HHI_MODERATE = 1500.0
HHI_HIGH = 2500.0

#: A `brand_sales` source: a pandas frame, an Arrow table, the path of a Parquet file, or an engine table.
SalesSource = pd.DataFrame | pa.Table | str | Path | ir.Table


def province_scale(belt_gmv: pd.DataFrame | ir.Table, belts: pd.DataFrame) -> pd.DataFrame:
    """Belt sales summed per province and year: columns province_adcode, year, gmv_yuan, belts.

    `belt_gmv` is a frame (run on an embedded DuckDB) or a table in an engine; see `query.province_scale`.
    """
    with engine.as_table(belt_gmv, "belt_gmv") as table:
        return query.province_scale(table, belts)


def band_of(cr5: float, low: float = BAND_LOW, high: float = BAND_HIGH) -> str:
    """The report's band for a Top-5 share: 'low' (≤ low), 'high' (≥ high) or 'mid'."""
    if cr5 <= low:
        return "low"
    if cr5 >= high:
        return "high"
    return "mid"


def bands(cr5: pd.Series, low: float = BAND_LOW, high: float = BAND_HIGH) -> pd.Series:
    """`band_of` for a whole column at once; a missing CR5 (no sales) has no band (None)."""
    values = cr5.to_numpy(dtype="float64", na_value=np.nan)
    out = np.select([values <= low, values >= high, ~np.isnan(values)], ["low", "high", "mid"], default="")
    return pd.Series(out, index=cr5.index, dtype="object").replace("", None)


def hhi_reading(hhi: float | None) -> str | None:
    """The usual reading of an HHI on the 0–10,000 scale: 'unconcentrated' (< 1,500),
    'moderate' (1,500–2,500) or 'high' (> 2,500); None when there is no HHI."""
    if hhi is None or np.isnan(hhi):
        return None
    if hhi < HHI_MODERATE:
        return "unconcentrated"
    if hhi > HHI_HIGH:
        return "high"
    return "moderate"


# --------------------------------------------------------------------------- concentration (query module)


def concentration(
    brand_sales: SalesSource,
    *,
    by: Sequence[str] = (),
    years: Iterable[int] | None = None,
    provinces: Iterable[int] | None = None,
    categories: Iterable[str] | None = None,
    belts: pd.DataFrame | None = None,
    settings: Mapping[str, str | int] | None = None,
) -> pd.DataFrame:
    """Per category (and per `by` group): total sales, selling brands, CR5, CR10 (fractions), HHI (0–10,000).

    `brand_sales` is a frame, an Arrow table or a Parquet path (run on an embedded DuckDB), or a
    table in an engine (an Ibis table: run there; see `beltatlas.engine`). `by` may hold "year",
    "province_adcode" and "belt_id". `years`, `provinces` and `categories` keep only those rows
    (None keeps all). `belts` (columns belt_id, province_adcode, category_l2) keeps only each
    belt's category in the belt's province — `brand_sales` has no belt column, so a belt stands for
    its category in its province — and is required for `by=["belt_id"]`. `settings` are DuckDB
    settings for an embedded call (e.g. threads, memory_limit).

    The expression is `query.concentration_expr`: a brand's rows are summed first; ties at the fifth
    place count once (which of the tied brands is fifth does not change the share). HHI is
    10,000 · Σv² / (Σv)². A group whose sales are all zero gets 0 brands and NaN shares rather than
    a division by zero. Rows are ordered by the `by` keys, then CR5 descending.
    """
    with engine.as_sales(brand_sales, settings) as sales:
        return query.concentration(
            sales, by=by, years=years, provinces=provinces, categories=categories, belts=belts
        )


def brand_shares(
    brand_sales: SalesSource,
    category: str,
    *,
    years: Iterable[int] | None = None,
    provinces: Iterable[int] | None = None,
    belts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The brands of one category ranked by sales: rank, brand, sales_yuan, share, cum_share.

    Same sources and filters as `concentration`; `cum_share` at rank 5 is CR5. Zero-sales brands are left out.
    """
    with engine.as_sales(brand_sales) as sales:
        return query.brand_shares(sales, category, years=years, provinces=provinces, belts=belts)


# --------------------------------------------------------------------------- reference (pandas)


def concentration_reference(brand_sales: pd.DataFrame, by: Sequence[str] = ()) -> pd.DataFrame:
    """`concentration` in plain pandas (no DuckDB): the yardstick for tests and the benchmark.

    Groups by `by` (year / province_adcode only) and category; same columns and meaning.
    """
    keys = [*by, "category_l2"]
    per_brand = (
        brand_sales.groupby([*keys, "brand"], observed=True, sort=False)["sales_yuan"].sum().reset_index()
    )
    per_brand = per_brand.sort_values(
        [*keys, "sales_yuan", "brand"], ascending=[*([True] * len(keys)), False, True]
    )
    grouped = per_brand.groupby(keys, observed=True, sort=False)["sales_yuan"]
    per_brand["total"] = grouped.transform("sum")
    per_brand["rank"] = grouped.cumcount() + 1
    total = per_brand["total"].where(per_brand["total"] > 0)
    share = per_brand["sales_yuan"] / total
    per_brand["top5"] = per_brand["sales_yuan"].where(per_brand["rank"] <= 5, 0.0)
    per_brand["top10"] = per_brand["sales_yuan"].where(per_brand["rank"] <= 10, 0.0)
    per_brand["sq"] = share * share
    per_brand["selling"] = per_brand["sales_yuan"] > 0
    out = per_brand.groupby(keys, observed=True, sort=False).agg(
        sales_yuan=("sales_yuan", "sum"),
        brands=("selling", "sum"),
        top5=("top5", "sum"),
        top10=("top10", "sum"),
        sq=("sq", "sum"),
    )
    valid = out["sales_yuan"] > 0
    out["cr5"] = (out["top5"] / out["sales_yuan"]).where(valid)
    out["cr10"] = (out["top10"] / out["sales_yuan"]).where(valid)
    out["hhi"] = (10000 * out["sq"]).where(valid)
    out["brands"] = out["brands"].astype("int64")
    out = out.reset_index()[[*keys, *CONCENTRATION_COLUMNS[1:]]]
    out["category_l2"] = out["category_l2"].astype(str)
    return out.sort_values(
        [*by, "cr5", "category_l2"],
        ascending=[*([True] * len(by)), False, True],
        na_position="last",
        ignore_index=True,
    )


# --------------------------------------------------------------------------- belts and the report


def category_belts(
    belts: pd.DataFrame,
    belt_gmv: pd.DataFrame | ir.Table,
    category: str,
    year: int,
    provinces: Iterable[int] | None = None,
) -> pd.DataFrame:
    """The belts whose category is `category`, by belt sales in `year`, largest first, with their share.

    Columns: belt_id, name_zh, name_en, province_adcode, gmv_yuan, share (of these belts' total).
    """
    chosen = belts[belts["category_l2"] == category]
    if provinces is not None:
        chosen = chosen[chosen["province_adcode"].isin(list(provinces))]
    with engine.as_table(belt_gmv, "belt_gmv") as table:
        gmv = query.belt_scale(table, belt_ids=chosen["belt_id"], years=[year])[["belt_id", "gmv_yuan"]]
    out = chosen[["belt_id", "name_zh", "name_en", "province_adcode"]].merge(gmv, on="belt_id", how="left")
    out["gmv_yuan"] = out["gmv_yuan"].fillna(0.0)
    total = out["gmv_yuan"].sum()
    out["share"] = out["gmv_yuan"] / total if total > 0 else np.nan
    return out.sort_values(["gmv_yuan", "belt_id"], ascending=[False, True], ignore_index=True)


_LATEX = re.compile(r"\$\s*\\(leq|geq)\s*([\d.]+)\\%\s*\$|\$\s*([\d.]+)\\%\s*-\s*([\d.]+)\\%\s*\$")


def plain_quote(quote: str) -> str:
    """A report sentence with the text extraction's LaTeX turned back into print: `$\\leq 15\\%$` -> `≤15%`."""

    def repl(m: re.Match[str]) -> str:
        if m.group(1):
            return ("≤" if m.group(1) == "leq" else "≥") + m.group(2) + "%"
        return f"{m.group(3)}%-{m.group(4)}%"

    return _LATEX.sub(repl, quote)


#: The `report_facts` rows whose sentence says what each band means.
BAND_FACTS: dict[str, str] = {"low": "band-threshold-15", "mid": "band-jiulei", "high": "band-threshold-40"}


def band_quotes(report_facts: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """Per band, (section, sentence) of the report saying what it means for regional vs enterprise brands."""
    facts = report_facts.set_index("fact_id")
    out = {}
    for band, fact_id in BAND_FACTS.items():
        if fact_id in facts.index:
            row = facts.loc[fact_id]
            out[band] = (str(row["section"]), plain_quote(str(row["quote"])))
    return out
