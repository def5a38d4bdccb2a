"""Every aggregation that scans `brand_sales`, `belt_gmv` or `city_gmv`, written once as Ibis expressions.

The same expressions run wherever the tables live — the embedded DuckDB over the dataset's frames
(the default), a local Spark session, or any engine Ibis connects to (`beltatlas.engine`) — and
only their aggregated results come back, through `fetch`, which counts the bytes it fetches.

Each public function takes the table as an Ibis table expression (`Sales` for `brand_sales`, which
may carry integer codes for its category and brand columns), builds the expression, runs it and
returns a small pandas frame. The `*_expr` functions return the expression alone (for tests and
`EXPLAIN`). Small reference tables (`belts`) travel to the engine as Ibis memtables; all filtering,
joining and grouping of the large tables happens in the engine.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd
import pyarrow as pa

#: Columns `concentration` can group by besides the category.
GROUPINGS: tuple[str, ...] = ("year", "province_adcode", "belt_id")

#: Output columns of `concentration` after the grouping keys.
CONCENTRATION_COLUMNS: tuple[str, ...] = ("category_l2", "sales_yuan", "brands", "cr5", "cr10", "hhi")


@dataclass(frozen=True)
class Sales:
    """A `brand_sales` table in some engine.

    When `categories` (or `brands`) is given, the table's `category_l2` (or `brand`) column holds
    integer codes into it rather than names: the embedded engine aggregates a pandas categorical or an
    Arrow dictionary on its codes, about three times faster than hashing the strings, and the few
    aggregated rows are decoded after fetching.
    """

    table: ir.Table
    categories: np.ndarray | None = None
    brands: np.ndarray | None = None

    def category_values(self, names: Iterable[str]) -> list:
        """What `category_l2` holds for each of `names` (its code when encoded; unknown names dropped)."""
        names = [str(n) for n in names]
        if self.categories is None:
            return names
        position = {name: i for i, name in enumerate(self.categories)}
        return [position[n] for n in names if n in position]

    def decode(self, frame: pd.DataFrame) -> pd.DataFrame:
        """`frame` with encoded category_l2 / brand columns turned back into names."""
        for column, labels in (("category_l2", self.categories), ("brand", self.brands)):
            if labels is not None and column in frame:
                frame[column] = labels[frame[column].to_numpy(dtype="int64")]
        return frame


# --------------------------------------------------------------------------- fetching


_LOGS: list[list[int]] = []
_LOGS_LOCK = threading.Lock()


@contextmanager
def fetch_log() -> Iterator[list[int]]:
    """Within the block, every `fetch` (in any thread: Streamlit runs scripts in their own) appends the
    Arrow size in bytes of what it fetched. For benchmarks and tests."""
    record: list[int] = []
    with _LOGS_LOCK:
        _LOGS.append(record)
    try:
        yield record
    finally:
        with _LOGS_LOCK:
            _LOGS.remove(record)


def fetch(expr: ir.Table) -> pd.DataFrame:
    """Run `expr` in its engine and bring the (aggregated) result into pandas as Arrow."""
    table: pa.Table = expr.to_pyarrow()
    with _LOGS_LOCK:
        for record in _LOGS:
            record.append(table.nbytes)
    return table.to_pandas()


def _int(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """Integer key columns as int64 whatever width the engine returned (Spark: int32 years)."""
    for column in columns:
        if column in frame:
            frame[column] = frame[column].astype("int64")
    return frame


def _float(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    for column in columns:
        if column in frame:
            frame[column] = frame[column].astype("float64")
    return frame


def _ints(values: Iterable[int]) -> list[int]:
    return [int(v) for v in values]


# --------------------------------------------------------------------------- brand_sales


def _belt_keys(belts: pd.DataFrame, sales: Sales) -> ir.Table:
    """The belts as (belt_id, province_adcode, category_l2) in the sales table's encoding, as a memtable."""
    keys = belts[["belt_id", "province_adcode", "category_l2"]]
    cats = [str(c) for c in keys["category_l2"]]
    if sales.categories is not None:
        position = {name: i for i, name in enumerate(sales.categories)}
        known = [c in position for c in cats]
        keys = keys[known]
        cats = [position[c] for c, k in zip(cats, known, strict=True) if k]
    frame = pd.DataFrame(
        {
            "belt_id": pd.Series([str(b) for b in keys["belt_id"]], dtype=object),
            "province_adcode": np.asarray(keys["province_adcode"], dtype="int64"),
            "category_l2": pd.Series(cats, dtype="int64" if sales.categories is not None else object),
        }
    )
    return ibis.memtable(frame)


def brand_totals_expr(
    sales: Sales,
    keys: Sequence[str] = (),
    *,
    years: Iterable[int] | None = None,
    provinces: Iterable[int] | None = None,
    categories: Iterable[str] | None = None,
    belts: pd.DataFrame | None = None,
) -> ir.Table:
    """One row per (keys, category_l2, brand) with v = the brand's summed sales (missing sales count 0).

    `years`, `provinces` and `categories` keep only those rows (None keeps all). `belts` (columns
    belt_id, province_adcode, category_l2) keeps only each belt's category in the belt's province —
    `brand_sales` has no belt column, so a belt stands for its category in its province — and makes
    `belt_id` available as a key.
    """
    t = sales.table
    predicates = []
    if years is not None:
        predicates.append(t.year.isin(_ints(years)))
    if provinces is not None:
        predicates.append(t.province_adcode.isin(_ints(provinces)))
    if categories is not None:
        predicates.append(t.category_l2.isin(sales.category_values(categories)))
    if predicates:
        t = t.filter(*predicates)
    if belts is not None:
        t = t.join(_belt_keys(belts, sales), ["province_adcode", "category_l2"])
    return t.group_by([*keys, "category_l2", "brand"]).agg(v=t.sales_yuan.sum().fill_null(0.0))


def concentration_expr(
    sales: Sales,
    *,
    by: Sequence[str] = (),
    years: Iterable[int] | None = None,
    provinces: Iterable[int] | None = None,
    categories: Iterable[str] | None = None,
    belts: pd.DataFrame | None = None,
) -> ir.Table:
    """Per (by, category): sales_yuan, brands (selling), cr5, cr10 (fractions), hhi (0–10,000).

    Two stages: a brand's rows are summed, then each group's brands are numbered largest first and
    the first five and ten summed. Ties at the fifth place count once (which tied brand is fifth
    does not change the sum). A group whose sales are all zero gets 0 brands and NULL shares.
    """
    keys = list(by)
    unknown = [k for k in keys if k not in GROUPINGS]
    if unknown:
        raise ValueError(f"cannot group by {unknown}; choose from {GROUPINGS}")
    if "belt_id" in keys and belts is None:
        raise ValueError("grouping by belt_id needs the belts table")
    totals = brand_totals_expr(
        sales, keys, years=years, provinces=provinces, categories=categories, belts=belts
    )
    group = [*keys, "category_l2"]
    ranked = totals.mutate(rank=ibis.row_number().over(group_by=group, order_by=ibis.desc("v")))
    agg = ranked.group_by(group).agg(
        total=ranked.v.sum(),
        brands=ranked.v.count(where=ranked.v > 0),
        top5=ranked.v.sum(where=ranked.rank < 5),  # row_number counts from 0
        top10=ranked.v.sum(where=ranked.rank < 10),
        squares=(ranked.v * ranked.v).sum(),
    )
    positive = agg.total > 0
    return agg.select(
        *group,
        sales_yuan=agg.total,
        brands=agg.brands,
        cr5=ibis.ifelse(positive, agg.top5 / agg.total, ibis.null("float64")),
        cr10=ibis.ifelse(positive, agg.top10 / agg.total, ibis.null("float64")),
        hhi=ibis.ifelse(positive, 10000 * agg.squares / (agg.total * agg.total), ibis.null("float64")),
    )


def concentration(sales: Sales, *, by: Sequence[str] = (), **filters) -> pd.DataFrame:
    """`concentration_expr` run and fetched; rows ordered by the `by` keys, then CR5 descending."""
    keys = list(by)
    out = sales.decode(fetch(concentration_expr(sales, by=keys, **filters)))
    out = _int(out, "brands", *(k for k in keys if k != "belt_id"))
    out = _float(out, "sales_yuan", "cr5", "cr10", "hhi")
    out["category_l2"] = out["category_l2"].astype(str)
    return out.sort_values(
        [*keys, "cr5", "category_l2"],
        ascending=[*([True] * len(keys)), False, True],
        na_position="last",
        ignore_index=True,
    )[[*keys, *CONCENTRATION_COLUMNS]]


def brand_shares(
    sales: Sales,
    category: str,
    *,
    years: Iterable[int] | None = None,
    provinces: Iterable[int] | None = None,
    belts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The brands of one category ranked by sales: rank (from 1), brand, sales_yuan, share, cum_share.

    The engine sums each brand's sales; only brands that sold (one row each) come back, and the
    ranking (sales descending, then brand) is done on that small frame, so ties order by name on
    every engine. `cum_share` at rank 5 is CR5.
    """
    totals = brand_totals_expr(sales, years=years, provinces=provinces, categories=[category], belts=belts)
    per_brand = totals.group_by("brand").agg(sales_yuan=totals.v.sum())
    out = sales.decode(fetch(per_brand.filter(per_brand.sales_yuan > 0)))
    out = _float(out, "sales_yuan")
    out["brand"] = out["brand"].astype(str)
    out = out.sort_values(["sales_yuan", "brand"], ascending=[False, True], ignore_index=True)
    out.insert(0, "rank", np.arange(1, len(out) + 1, dtype="int64"))
    total = out["sales_yuan"].sum()
    out["share"] = out["sales_yuan"] / total if total > 0 else np.nan
    out["cum_share"] = out["share"].cumsum()
    return out


def row_count(table: ir.Table) -> int:
    """The number of rows of a table (for the About page)."""
    return int(fetch(table.aggregate(n=table.count()))["n"].iloc[0])


def sales_keys(sales: Sales) -> pd.DataFrame:
    """The (year, province_adcode) pairs `brand_sales` holds: what the filters can offer."""
    t = sales.table
    pairs = t.select("year", "province_adcode").distinct()
    out = _int(fetch(pairs), "year", "province_adcode")
    return out.sort_values(["year", "province_adcode"], ignore_index=True)


# --------------------------------------------------------------------------- belt_gmv and city_gmv


def province_scale_expr(belt_gmv: ir.Table, belts: pd.DataFrame) -> ir.Table:
    """Belt sales summed per province and year, with the number of belts: joined to `belts` in the engine."""
    keys = ibis.memtable(
        pd.DataFrame(
            {
                "belt_id": pd.Series([str(b) for b in belts["belt_id"]], dtype=object),
                "province_adcode": np.asarray(belts["province_adcode"], dtype="int64"),
            }
        )
    )
    joined = belt_gmv.join(keys, "belt_id")
    return joined.group_by(["province_adcode", "year"]).agg(
        gmv_yuan=joined.gmv_yuan.sum(), belts=joined.belt_id.nunique()
    )


def province_scale(belt_gmv: ir.Table, belts: pd.DataFrame) -> pd.DataFrame:
    """Columns province_adcode, year, gmv_yuan, belts; by year, then largest first."""
    out = _float(
        _int(fetch(province_scale_expr(belt_gmv, belts)), "province_adcode", "year", "belts"), "gmv_yuan"
    )
    return out.sort_values(["year", "gmv_yuan"], ascending=[True, False], ignore_index=True)[
        ["province_adcode", "year", "gmv_yuan", "belts"]
    ]


def belt_scale(
    belt_gmv: ir.Table, *, belt_ids: Iterable[str] | None = None, years: Iterable[int] | None = None
) -> pd.DataFrame:
    """Per belt and year: gmv_yuan and merchants (summed); only `belt_ids` / `years` when given.

    This is `belt_gmv` itself when the table holds one row per belt and year, as the schema's key says:
    the per-belt pages (profile trend, belt points on the map) fetch only the belts they show.
    """
    t = belt_gmv
    predicates = []
    if belt_ids is not None:
        predicates.append(t.belt_id.isin([str(b) for b in belt_ids]))
    if years is not None:
        predicates.append(t.year.isin(_ints(years)))
    if predicates:
        t = t.filter(*predicates)
    sums = {"gmv_yuan": t.gmv_yuan.sum()}
    if "merchants" in t.columns:  # required in the schema, but a caller's small frame may leave it out
        sums["merchants"] = t.merchants.sum()
    out = _float(_int(fetch(t.group_by(["belt_id", "year"]).agg(**sums)), "year", "merchants"), "gmv_yuan")
    out["belt_id"] = out["belt_id"].astype(str)
    return out.sort_values(["belt_id", "year"], ignore_index=True)[["belt_id", "year", *sums]]


def city_scale(city_gmv: ir.Table, *, years: Iterable[int] | None = None) -> pd.DataFrame:
    """Per city and year: province_adcode and gmv_yuan (summed), by year, then largest first."""
    t = city_gmv if years is None else city_gmv.filter(city_gmv.year.isin(_ints(years)))
    expr = t.group_by(["city_adcode", "province_adcode", "year"]).agg(gmv_yuan=t.gmv_yuan.sum())
    out = _float(_int(fetch(expr), "city_adcode", "province_adcode", "year"), "gmv_yuan")
    return out.sort_values(
        ["year", "gmv_yuan", "city_adcode"], ascending=[True, False, True], ignore_index=True
    )[["city_adcode", "province_adcode", "year", "gmv_yuan"]]
