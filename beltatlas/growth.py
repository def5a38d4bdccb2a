"""Growth of belt scale over years: compound annual growth rate and per-province growth tables.

Pure functions over the output of `metrics.province_scale` (province_adcode, year, gmv_yuan, ...).
"""

from __future__ import annotations

import math

import pandas as pd


def cagr(start: float, end: float, years: int) -> float:
    """Compound annual growth rate from `start` to `end` over `years` years (0.1 = +10 %/year).

    NaN when it is undefined: a start that is not positive, a negative end, or `years` < 1.
    """
    if years < 1 or not start > 0 or end < 0 or math.isnan(end):
        return math.nan
    return (end / start) ** (1 / years) - 1


def province_growth(
    scale: pd.DataFrame, start_year: int, end_year: int, value: str = "gmv_yuan"
) -> pd.DataFrame:
    """Per province: `start`, `end` (values in the two years) and `cagr`, sorted by CAGR descending.

    A province missing either year gets NaN in the missing value and in `cagr`.
    """
    wide = scale.pivot_table(index="province_adcode", columns="year", values=value, aggfunc="sum")
    start = wide[start_year] if start_year in wide else pd.Series(math.nan, index=wide.index)
    end = wide[end_year] if end_year in wide else pd.Series(math.nan, index=wide.index)
    out = pd.DataFrame({"start": start, "end": end})
    out["cagr"] = [cagr(s, e, end_year - start_year) for s, e in zip(out["start"], out["end"], strict=True)]
    out = out.reset_index().rename_axis(columns=None)
    return out.sort_values("cagr", ascending=False, ignore_index=True, na_position="last")


def indexed(
    frame: pd.DataFrame, base_year: int, *, key: str = "province_adcode", value: str = "gmv_yuan"
) -> pd.Series:
    """`value` as an index with `base_year` = 100, per `key`; NaN where the base year is missing or ≤ 0."""
    base = frame.loc[frame["year"] == base_year].set_index(key)[value]
    base = base.where(base > 0)
    return frame[value] / frame[key].map(base).astype(float) * 100


def share_within(frame: pd.DataFrame, *, value: str = "gmv_yuan") -> pd.Series:
    """Each row's share of its year's total within `frame` (0.25 = 25 %); NaN for a year summing to 0."""
    totals = frame.groupby("year")[value].transform("sum")
    return frame[value] / totals.where(totals > 0)


def yoy(frame: pd.DataFrame, *, key: str = "province_adcode", value: str = "gmv_yuan") -> pd.Series:
    """Year-on-year change per `key` (0.1 = +10 %), NaN for the first year or a gap in the years."""
    ordered = frame.sort_values([key, "year"])
    previous = ordered.groupby(key)[value].shift()
    gap = ordered["year"] - ordered.groupby(key)["year"].shift()
    change = (ordered[value] / previous.where(previous > 0) - 1).where(gap == 1)
    return change.reindex(frame.index)


def city_shares(city_gmv: pd.DataFrame) -> pd.DataFrame:
    """City belt scale with each city's share of the national total of its year.

    Columns: city_adcode, province_adcode, year, gmv_yuan, share. The national total is the sum over
    every city in `city_gmv`.
    """
    out = city_gmv[["city_adcode", "province_adcode", "year", "gmv_yuan"]].copy()
    out["share"] = share_within(out)
    return out.sort_values(["year", "gmv_yuan"], ascending=[True, False], ignore_index=True)


#: The three views of one series: absolute values, an index (first year = 100), share of the set shown.
VIEWS: tuple[str, ...] = ("absolute", "index", "share")


def province_view(
    scale: pd.DataFrame, adcodes: list[int], view: str, *, value: str = "gmv_yuan"
) -> pd.DataFrame:
    """The series of `adcodes` as plotted in `view`: columns province_adcode, year, value.

    absolute: `value` as given; index: 100 × value / value in the first year shown; share: the
    province's share of the total of `adcodes` in that year (a fraction).
    """
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; expected one of {VIEWS}")
    rows = scale.loc[scale["province_adcode"].isin(adcodes), ["province_adcode", "year", value]]
    rows = rows.sort_values(["province_adcode", "year"], ignore_index=True)
    if view == "absolute":
        out = rows[value]
    elif view == "index":
        out = indexed(rows, int(rows["year"].min()), value=value) if len(rows) else rows[value]
    else:
        out = share_within(rows, value=value)
    return pd.DataFrame({"province_adcode": rows["province_adcode"], "year": rows["year"], "value": out})
