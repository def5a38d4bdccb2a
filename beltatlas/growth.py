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
