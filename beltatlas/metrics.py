"""Metrics: province scale and brand concentration (CR5, CR10, HHI); growth is in `growth`.

Pure functions over DataFrames of the schema's tables. Concentration runs in DuckDB (over a pandas
frame, an Arrow table or a Parquet file) so it stays fast on tens of millions of `brand_sales` rows;
`concentration_reference` is the same computation in plain pandas, kept as the yardstick for the
property test and the benchmark.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

#: Default Top-5 band cut-offs from the report (≤15 % regional brands; ≥40 % enterprise brands).
BAND_LOW = 0.15
BAND_HIGH = 0.40

#: HHI (0–10,000) readings: below 1,500 unconcentrated, 1,500–2,500 moderate, above 2,500 high.
HHI_MODERATE = 1500.0
HHI_HIGH = 2500.0

#: Columns `concentration` can group by besides the category.
GROUPINGS: tuple[str, ...] = ("year", "province_adcode", "belt_id")

#: Output columns of `concentration` after the grouping keys.
CONCENTRATION_COLUMNS: tuple[str, ...] = ("category_l2", "sales_yuan", "brands", "cr5", "cr10", "hhi")

#: A `brand_sales` source: a pandas frame, an Arrow table, or the path of a Parquet file.
SalesSource = pd.DataFrame | pa.Table | str | Path


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


# --------------------------------------------------------------------------- concentration (DuckDB)


def _connect(settings: Mapping[str, str | int] | None) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for name, value in (settings or {}).items():
        if not re.fullmatch(r"[a-z_]+", name):
            raise ValueError(f"not a DuckDB setting name: {name!r}")
        con.execute(f"SET {name} = ?", [value])  # the name is checked above; the value is a parameter
    return con


def _dictionary(column: pa.ChunkedArray) -> tuple[pa.ChunkedArray, pa.Array] | None:
    """Integer codes and dictionary of a dictionary-encoded string column (chunks already unified)."""
    if not pa.types.is_dictionary(column.type) or column.num_chunks == 0:
        return None
    value_type = column.type.value_type
    if not (pa.types.is_string(value_type) or pa.types.is_large_string(value_type)):
        return None
    codes = pa.chunked_array([chunk.indices for chunk in column.chunks], type=column.type.index_type)
    return codes, column.chunks[0].dictionary


def _register_source(con: duckdb.DuckDBPyConnection, source: SalesSource) -> bool:
    """Expose `source` as view `sales_src`; True when its category_l2 and brand are integer codes.

    Dictionary-encoded columns (pandas categoricals, Arrow dictionaries) are aggregated on their
    integer codes — about three times faster than hashing the strings — and the names are joined
    back after the first aggregation from the tables `cat_names` and `brand_names` (code, name).
    """
    if isinstance(source, str | Path):
        con.read_parquet(str(source)).create_view("sales_src")
        return False
    if isinstance(source, pd.DataFrame):
        cat, brand = source["category_l2"], source["brand"]
        if not (isinstance(cat.dtype, pd.CategoricalDtype) and isinstance(brand.dtype, pd.CategoricalDtype)):
            # Handed over as Arrow (zero-copy for pandas' Arrow-backed strings): DuckDB scans Arrow
            # strings in parallel, pandas string columns one Python object at a time.
            wanted = [
                c for c in ("category_l2", "brand", "province_adcode", "year", "sales_yuan") if c in source
            ]
            con.register("sales_src", pa.Table.from_pandas(source[wanted], preserve_index=False))
            return False
        # The codes straight from the Categoricals (`Series.cat.codes` builds a new Series: about
        # 0.1 s per 10M rows), handed over as Arrow arrays (zero-copy) that DuckDB scans in parallel.
        columns = {"category_l2": cat.array.codes, "brand": brand.array.codes}
        columns.update(
            {
                c: pa.Array.from_pandas(source[c])
                for c in ("province_adcode", "year", "sales_yuan")
                if c in source
            }
        )
        con.register("sales_src", pa.table(columns))
        for name, series in (("cat_names", cat), ("brand_names", brand)):
            labels = series.cat.categories
            con.register(name, pd.DataFrame({"code": np.arange(len(labels)), "name": labels.astype(str)}))
        return True
    table = source
    if any(
        pa.types.is_dictionary(col.type)
        and any(not c.dictionary.equals(col.chunks[0].dictionary) for c in col.chunks)
        for col in (table["category_l2"], table["brand"])
    ):
        table = (
            table.unify_dictionaries()
        )  # chunks written from one frame share one dictionary: skip the work
    cat_codes, brand_codes = _dictionary(table["category_l2"]), _dictionary(table["brand"])
    if cat_codes is None or brand_codes is None:
        con.register("sales_src", table)
        return False
    for column, (codes, _dict) in (("category_l2", cat_codes), ("brand", brand_codes)):
        table = table.set_column(table.schema.get_field_index(column), column, codes)
    con.register("sales_src", table)
    for name, (_codes, dictionary) in (("cat_names", cat_codes), ("brand_names", brand_codes)):
        con.register(name, pa.table({"code": pa.array(np.arange(len(dictionary))), "name": dictionary}))
    return True


def _register_belts(con: duckdb.DuckDBPyConnection, belts: pd.DataFrame) -> None:
    keys = belts[["belt_id", "province_adcode", "category_l2"]].astype(
        {"belt_id": "object", "province_adcode": "int64", "category_l2": "object"}
    )
    con.register("belt_keys", keys)


def _brand_totals_sql(
    encoded: bool,
    keys: Sequence[str],
    *,
    years: Iterable[int] | None,
    provinces: Iterable[int] | None,
    categories: Iterable[str] | None,
    with_belts: bool,
    brand_names: bool = True,
) -> tuple[str, dict[str, list]]:
    """CTEs ending in `s`: one row per (keys, category_l2, brand) with v = summed sales, and the parameters.

    Only fixed column names go into the text; every user value is a bound parameter. Without
    `brand_names` the brand column keeps whatever identifies a brand (a code or the name): enough
    for shares, and it spares joining a million names back on large tables.
    """
    clauses: list[str] = []
    params: dict[str, list] = {}
    if years is not None:
        params["years"] = [int(v) for v in years]
        clauses.append("list_contains($years, s.year)")
    if provinces is not None:
        params["provinces"] = [int(v) for v in provinces]
        clauses.append("list_contains($provinces, s.province_adcode)")
    if categories is not None:
        params["categories"] = [str(v) for v in categories]
        clauses.append(
            "s.category_l2 IN (SELECT code FROM cat_names WHERE list_contains($categories, name))"
            if encoded
            else "list_contains($categories, s.category_l2::VARCHAR)"
        )
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    join = ""
    if with_belts and encoded:
        join = (
            " JOIN (SELECT k.*, n.code FROM belt_keys k JOIN cat_names n ON k.category_l2 = n.name) b"
            " ON s.province_adcode = b.province_adcode AND s.category_l2 = b.code"
        )
    elif with_belts:
        join = " JOIN belt_keys b ON s.province_adcode = b.province_adcode AND s.category_l2::VARCHAR = b.category_l2"
    select_keys = "".join(f"{'b' if k == 'belt_id' else 's'}.{k}, " for k in keys)
    group = "".join(f"{k}, " for k in keys)
    raw = (
        f"raw AS (\n    SELECT {select_keys}s.category_l2 AS c, s.brand AS b, SUM(s.sales_yuan) AS v\n"
        f"    FROM sales_src s{join}{where}\n    GROUP BY ALL\n)"
    )
    if encoded and not brand_names:
        named = (
            f"s AS (\n    SELECT {group}cn.name::VARCHAR AS category_l2, raw.b AS brand, v\n"
            "    FROM raw JOIN cat_names cn ON raw.c = cn.code\n)"
        )
    elif not brand_names:
        named = f"s AS (SELECT {group}c::VARCHAR AS category_l2, b AS brand, v FROM raw)"
    elif encoded:
        named = (
            f"s AS (\n    SELECT {group}cn.name::VARCHAR AS category_l2, bn.name::VARCHAR AS brand, v\n"
            "    FROM raw JOIN cat_names cn ON raw.c = cn.code JOIN brand_names bn ON raw.b = bn.code\n)"
        )
    else:
        named = f"s AS (SELECT {group}c::VARCHAR AS category_l2, b::VARCHAR AS brand, v FROM raw)"
    return f"WITH {raw},\n{named}", params


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

    `brand_sales` is a frame, an Arrow table or a Parquet path. `by` may hold "year",
    "province_adcode" and "belt_id". `years`, `provinces` and `categories` keep only those rows
    (None keeps all). `belts` (columns belt_id, province_adcode, category_l2) keeps only each
    belt's category in the belt's province — `brand_sales` has no belt column, so a belt stands for
    its category in its province — and is required for `by=["belt_id"]`. `settings` are DuckDB
    settings for this call (e.g. threads, memory_limit).

    A brand's rows are summed first; ties at the fifth place count once (which of the tied brands
    is fifth does not change the share), and no sort is needed: the ten largest totals per group
    come from DuckDB's `max(v, 10)`. HHI is 10,000 · Σv² / (Σv)², accurate for money amounts (it
    would underflow only below about 1e-150 yuan). A group whose sales are all zero gets 0 brands and NaN
    shares rather than a division by zero. Rows are ordered by the `by` keys, then CR5 descending.
    """
    keys = list(by)
    unknown = [k for k in keys if k not in GROUPINGS]
    if unknown:
        raise ValueError(f"cannot group by {unknown}; choose from {GROUPINGS}")
    if "belt_id" in keys and belts is None:
        raise ValueError("grouping by belt_id needs the belts table")
    group = "".join(f"{k}, " for k in keys)
    with _connect(settings) as con:
        encoded = _register_source(con, brand_sales)
        if belts is not None:
            _register_belts(con, belts)
        ctes, params = _brand_totals_sql(
            encoded,
            keys,
            years=years,
            provinces=provinces,
            categories=categories,
            with_belts=belts is not None,
            brand_names=False,
        )
        sql = f"""{ctes},
t AS (
    SELECT {group}category_l2,
           SUM(v) AS total,
           COUNT(*) FILTER (WHERE v > 0) AS brands,
           max(v, 10) AS top10,  -- the ten largest brand totals, largest first (ties: any order, same sums)
           SUM(v * v) AS squares
    FROM s
    GROUP BY {group}category_l2
)
SELECT {group}category_l2,
       total AS sales_yuan,
       brands,
       CASE WHEN total > 0 THEN list_sum(top10[1:5]) / total END AS cr5,
       CASE WHEN total > 0 THEN list_sum(top10) / total END AS cr10,
       CASE WHEN total > 0 THEN 10000 * squares / (total * total) END AS hhi
FROM t
ORDER BY {group}cr5 DESC NULLS LAST, category_l2
"""
        out = con.execute(sql, params).df()
    out["brands"] = out["brands"].astype("int64")
    for k in keys:
        if k != "belt_id":
            out[k] = out[k].astype("int64")
    return out.reset_index(drop=True)


def brand_shares(
    brand_sales: SalesSource,
    category: str,
    *,
    years: Iterable[int] | None = None,
    provinces: Iterable[int] | None = None,
    belts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The brands of one category ranked by sales: rank, brand, sales_yuan, share, cum_share.

    Same filters as `concentration`; `cum_share` at rank 5 is CR5. Zero-sales brands are left out.
    """
    with _connect(None) as con:
        encoded = _register_source(con, brand_sales)
        if belts is not None:
            _register_belts(con, belts)
        ctes, params = _brand_totals_sql(
            encoded, [], years=years, provinces=provinces, categories=[category], with_belts=belts is not None
        )
        sql = f"""{ctes},
t AS (SELECT brand, SUM(v) AS sales_yuan FROM s GROUP BY brand HAVING SUM(v) > 0)
SELECT ROW_NUMBER() OVER (ORDER BY sales_yuan DESC, brand) AS rank, brand, sales_yuan,
       sales_yuan / SUM(sales_yuan) OVER () AS share
FROM t
ORDER BY rank
"""
        out = con.execute(sql, params).df()
    out["rank"] = out["rank"].astype("int64")
    out["cum_share"] = out["share"].cumsum()
    return out


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
    belt_gmv: pd.DataFrame,
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
    gmv = belt_gmv.loc[belt_gmv["year"] == year, ["belt_id", "gmv_yuan"]]
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
