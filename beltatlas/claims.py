"""The report's claims about places, checked against the data in view.

Each check ranks what the data says and compares it with what the report says, so a user's own data
re-checks the claims instead of repeating them. Pure functions over `metrics.province_scale` output
(province_adcode, year, gmv_yuan) and the `city_gmv` table.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from beltatlas import growth, report

#: The period the report's trend claims are about.
REPORT_START, REPORT_END = 2018, 2020


@dataclass(frozen=True)
class ClaimCheck:
    """One claim and what the data says about it.

    `claimed` are the places the report names; `found` the places the data ranks in their position,
    best first; `ok` tells for each claimed place whether the data agrees. `supported` is None when
    the data cannot check the claim (missing years or too few places).
    """

    claim_id: str
    claimed: tuple[int, ...]
    found: tuple[int, ...]
    ok: tuple[bool, ...]
    supported: bool | None
    start: int
    end: int
    quote: str
    section: str = report.SECTION_DISTRIBUTION
    #: Why the claim cannot be checked: "data" (no rows), "years" (a growth claim with one year),
    #: "places" (fewer places in the data than the claim ranks); "" when it was checked.
    reason: str = ""
    #: How many places the data ranks (for the "places" reason).
    ranked: int = 0


def claim_years(years: pd.Series) -> tuple[int, int] | None:
    """The years to check over: the report's 2018–2020 when both are present, else the data's first and
    last year; None with fewer than two years."""
    present = sorted({int(y) for y in years.dropna()})
    if REPORT_START in present and REPORT_END in present:
        return REPORT_START, REPORT_END
    return (present[0], present[-1]) if len(present) >= 2 else None


def _check(
    claim_id: str, claimed: tuple[int, ...], ranked: list[int], quote: str, start: int, end: int
) -> ClaimCheck:
    found = tuple(ranked[: len(claimed)])
    enough = len(ranked) >= len(claimed)
    ok = tuple(c in found for c in claimed)
    return ClaimCheck(
        claim_id,
        claimed,
        found,
        ok,
        all(ok) if enough else None,
        start,
        end,
        quote,
        reason="" if enough else "places",
        ranked=len(ranked),
    )


def _unchecked(claim_id: str, claimed: tuple[int, ...], quote: str, reason: str) -> ClaimCheck:
    return ClaimCheck(claim_id, claimed, (), tuple(False for _ in claimed), None, 0, 0, quote, reason=reason)


def _no_rows(frame: pd.DataFrame | None) -> bool:
    return frame is None or frame.empty or frame["year"].dropna().empty


def _largest_in_last_year(
    frame: pd.DataFrame | None, key: str, claim_id: str, claimed: tuple[int, ...], quote: str
) -> ClaimCheck:
    """The claimed places are the largest by `gmv_yuan` in the last year checked (one year will do)."""
    if _no_rows(frame):
        return _unchecked(claim_id, claimed, quote, "data")
    assert frame is not None
    years = claim_years(frame["year"])
    if years is None:
        last = int(frame["year"].max())
        years = (last, last)
    latest = frame[frame["year"] == years[1]].sort_values("gmv_yuan", ascending=False)
    return _check(claim_id, claimed, [int(a) for a in latest[key]], quote, *years)


def core_provinces(scale: pd.DataFrame) -> ClaimCheck:
    """粤浙沪苏闽京鲁冀皖赣 are the ten largest provinces by belt scale in the last year checked."""
    return _largest_in_last_year(
        scale, "province_adcode", "core_provinces", report.CORE_PROVINCES, report.CORE_PROVINCES_QUOTE
    )


def fast_growers(scale: pd.DataFrame) -> ClaimCheck:
    """沪闽冀赣 have the four highest CAGRs among the ten core provinces."""
    if _no_rows(scale):
        return _unchecked("fast_growers", report.FAST_GROWING_PROVINCES, report.CITIES_QUOTE, "data")
    years = claim_years(scale["year"])
    if years is None:
        return _unchecked("fast_growers", report.FAST_GROWING_PROVINCES, report.CITIES_QUOTE, "years")
    core = scale[scale["province_adcode"].isin(report.CORE_PROVINCES)]
    ranked_frame = growth.province_growth(core, *years).dropna(subset=["cagr"])
    ranked = [int(a) for a in ranked_frame["province_adcode"]]
    return _check("fast_growers", report.FAST_GROWING_PROVINCES, ranked, report.CITIES_QUOTE, *years)


def leading_cities(city_gmv: pd.DataFrame | None) -> ClaimCheck:
    """北京 杭州 广州 深圳 are the four largest belt cities in the last year checked."""
    return _largest_in_last_year(
        city_gmv, "city_adcode", "leading_cities", report.LEADING_CITIES, report.CITIES_QUOTE
    )


#: The rising-city claim is checked among the largest cities: a tiny city's share cannot "rise" visibly.
RISING_AMONG_TOP = 10


def share_gains(city_gmv: pd.DataFrame, start: int, end: int, top: int = RISING_AMONG_TOP) -> pd.DataFrame:
    """For the `top` largest cities in `end`: share of national belt scale in `start` and `end` and the
    gain in percentage points, largest gain first. Columns city_adcode, share_start, share_end, gain."""
    shares = growth.city_shares(city_gmv)
    wide = shares.pivot_table(index="city_adcode", columns="year", values="share")
    size = city_gmv[city_gmv["year"] == end].set_index("city_adcode")["gmv_yuan"]
    biggest = size.sort_values(ascending=False).index[:top]
    out = pd.DataFrame(
        {
            "share_start": wide.reindex(biggest)[start] if start in wide else float("nan"),
            "share_end": wide.reindex(biggest)[end] if end in wide else float("nan"),
        }
    )
    out["gain"] = out["share_end"] - out["share_start"]
    out = out.rename_axis("city_adcode").reset_index().rename_axis(columns=None)
    return out.sort_values("gain", ascending=False, ignore_index=True, na_position="last")


def rising_cities(city_gmv: pd.DataFrame | None) -> ClaimCheck:
    """上海 北京 佛山 泉州 gained the most share of national belt scale among the largest cities."""
    if _no_rows(city_gmv):
        return _unchecked("rising_cities", report.RISING_CITIES, report.CITIES_QUOTE, "data")
    years = claim_years(city_gmv["year"])
    if years is None:
        return _unchecked("rising_cities", report.RISING_CITIES, report.CITIES_QUOTE, "years")
    gains = share_gains(city_gmv, *years).dropna(subset=["gain"])
    ranked = [int(a) for a in gains["city_adcode"]]
    return _check("rising_cities", report.RISING_CITIES, ranked, report.CITIES_QUOTE, *years)


def check_all(scale: pd.DataFrame, city_gmv: pd.DataFrame | None) -> tuple[ClaimCheck, ...]:
    """Every place claim of the report's distribution section, in the report's order."""
    return (core_provinces(scale), fast_growers(scale), leading_cities(city_gmv), rising_cities(city_gmv))
