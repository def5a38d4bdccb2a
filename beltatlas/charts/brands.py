"""Charts of the brands page: CR5 overview with band regions, Top-N brands, cumulative share, comparison.

Pure builders: frames in, `alt.Chart` out; labels come from the catalogue in the language asked for.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from beltatlas.i18n import Lang, t

#: Band colours (same order everywhere: low, mid, high); labels always name the band too.
BAND_COLOURS: dict[str, str] = {"low": "#3a8f6b", "mid": "#d39b2a", "high": "#b5473a"}
BANDS: tuple[str, ...] = ("low", "mid", "high")
#: Name of the click selection on the overview bars (read back by the page).
PICK = "pick"


def band_labels(low: float, high: float, lang: Lang) -> dict[str, str]:
    """Band names with the cut-offs in force, e.g. '≤15%：区域品牌'."""
    values = {"low": _pct(low), "high": _pct(high)}
    return {band: t(f"brands.band.{band}", lang, **values) for band in BANDS}


def _pct(fraction: float) -> str:
    text = f"{fraction * 100:.1f}".rstrip("0").rstrip(".")
    return text


def overview_chart(frame: pd.DataFrame, low: float, high: float, lang: Lang) -> alt.LayerChart:
    """Every category as a bar of its CR5, sorted, over shaded band regions and the two cut-off rules.

    `frame` needs category_l2, category (display name), cr5, band, changed (bool: the band differs
    from the report's cut-offs). Changed categories get a dark outline and a ◆ after the bar.
    Clicking a bar selects its category (selection `PICK`, field category_l2).
    """
    labels = band_labels(low, high, lang)
    data = frame.assign(
        band_label=frame["band"].map(labels),
        marker=frame["changed"].map({True: "◆", False: ""}),
    )
    top = float(data["cr5"].max()) if len(data) else 0.0
    x_max = min(1.0, max(top * 1.08, high + 0.1, low + 0.1))
    regions = pd.DataFrame(
        {
            "start": [0.0, low, high],
            "end": [low, max(low, high), x_max],
            "band_label": [labels[b] for b in BANDS],
        }
    )
    scale = alt.Scale(domain=[labels[b] for b in BANDS], range=[BAND_COLOURS[b] for b in BANDS])
    colour = alt.Color(
        "band_label:N",
        title=t("brands.chart.band", lang),
        scale=scale,
        legend=alt.Legend(orient="top", symbolOpacity=1),
    )
    x = alt.X(
        "cr5:Q",
        title=t("brands.chart.cr5", lang),
        axis=alt.Axis(format=".0%"),
        scale=alt.Scale(domain=[0, x_max]),
    )
    # An explicit order: layers sorted by a field each would be merged back to alphabetical.
    order = data.sort_values(["cr5", "category"], ascending=[False, True])["category"].tolist()
    y = alt.Y("category:N", title=None, sort=order, axis=alt.Axis(labelLimit=160, labelOverlap=False))
    pick = alt.selection_point(name=PICK, fields=["category_l2"], on="click", clear="dblclick")

    shade = (
        alt.Chart(regions)
        .mark_rect(opacity=0.12)
        .encode(
            x=alt.X("start:Q", scale=alt.Scale(domain=[0, x_max])),
            x2="end:Q",
            color=colour,
        )
    )
    rules = (
        alt.Chart(pd.DataFrame({"cut": [low, high]}))
        .mark_rule(strokeDash=[4, 3], color="#555")
        .encode(x=alt.X("cut:Q", scale=alt.Scale(domain=[0, x_max])))
    )
    bars = (
        alt.Chart(data)
        .mark_bar(height={"band": 0.75})
        .encode(
            x=x,
            y=y,
            color=colour,
            stroke=alt.condition("datum.changed", alt.value("#111"), alt.value(None)),
            strokeWidth=alt.condition("datum.changed", alt.value(2.5), alt.value(0)),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.45)),
            tooltip=[
                alt.Tooltip("category:N", title=t("col.category", lang)),
                alt.Tooltip("cr5:Q", title="CR5", format=".1%"),
                alt.Tooltip("cr10:Q", title="CR10", format=".1%"),
                alt.Tooltip("hhi:Q", title="HHI", format=",.0f"),
                alt.Tooltip("band_label:N", title=t("brands.chart.band", lang)),
            ],
        )
        .add_params(pick)
    )
    markers = (
        alt.Chart(data)
        .mark_text(align="left", dx=4, fontSize=12)
        .encode(x=x, y=y, text="marker:N")
    )
    height = max(160, 22 * len(data))
    return alt.layer(shade, rules, bars, markers).properties(height=height)


def top_brands_chart(shares: pd.DataFrame, n: int, lang: Lang) -> alt.Chart:
    """The `n` largest brands of a category by share of its sales (`shares` from `metrics.brand_shares`)."""
    top = shares.head(n)
    return (
        alt.Chart(top)
        .mark_bar(color="#4a6fa5")
        .encode(
            x=alt.X(
                "share:Q", title=t("brands.chart.share", lang), axis=alt.Axis(format=".1~%", tickCount=5)
            ),
            y=alt.Y("brand:N", title=None, sort=top["brand"].tolist(), axis=alt.Axis(labelOverlap=False)),
            tooltip=[
                alt.Tooltip("rank:Q", title=t("col.rank", lang)),
                alt.Tooltip("brand:N", title=t("brands.col.brand", lang)),
                alt.Tooltip("share:Q", title=t("brands.chart.share", lang), format=".1%"),
            ],
        )
        .properties(height=max(160, 32 * len(top)), title=t("brands.chart.top_n", lang, n=len(top)))
    )


def cumulative_chart(shares: pd.DataFrame, lang: Lang) -> alt.LayerChart:
    """Cumulative share of sales by brand rank (largest first), with the Top-5 point marked and the
    equal-shares line for comparison (every brand selling the same)."""
    n = len(shares)
    curve = pd.concat(
        [pd.DataFrame({"rank": [0], "cum_share": [0.0]}), shares[["rank", "cum_share"]]], ignore_index=True
    )
    curve["equal"] = curve["rank"] / max(n, 1)
    x = alt.X("rank:Q", title=t("brands.chart.rank", lang), scale=alt.Scale(domain=[0, max(n, 1)]))
    y_axis = alt.Axis(format=".0%")
    line = (
        alt.Chart(curve)
        .mark_line(color="#4a6fa5")
        .encode(x=x, y=alt.Y("cum_share:Q", title=t("brands.chart.cum_share", lang), axis=y_axis))
    )
    equal = alt.Chart(curve).mark_line(color="#999", strokeDash=[4, 3]).encode(x=x, y="equal:Q")
    k = min(5, n)
    top5 = shares[shares["rank"] == k].assign(label=lambda d: [f"CR{k} = {v:.1%}" for v in d["cum_share"]])
    point = alt.Chart(top5).mark_point(filled=True, size=90, color="#b5473a").encode(x=x, y="cum_share:Q")
    text = (
        alt.Chart(top5)
        .mark_text(align="left", dx=8, dy=8, color="#b5473a", fontWeight="bold")
        .encode(x=x, y="cum_share:Q", text="label:N")
    )
    return alt.layer(equal, line, point, text).properties(
        height=260, title=t("brands.chart.cumulative", lang)
    )


def compare_chart(curves: pd.DataFrame, lang: Lang, max_rank: int = 20) -> alt.LayerChart:
    """Cumulative share curves of several categories over the first `max_rank` brands, Top-5 and
    Top-10 points marked. `curves` needs category (display name), rank, cum_share."""
    data = curves[curves["rank"] <= max_rank]
    colour = alt.Color("category:N", title=t("col.category", lang), legend=alt.Legend(orient="top"))
    x = alt.X("rank:Q", title=t("brands.chart.rank", lang), scale=alt.Scale(domain=[1, max_rank]))
    y = alt.Y("cum_share:Q", title=t("brands.chart.cum_share", lang), axis=alt.Axis(format=".0%"))
    lines = alt.Chart(data).mark_line().encode(x=x, y=y, color=colour)
    marks = (
        alt.Chart(data[data["rank"].isin([5, 10])])
        .mark_point(filled=True, size=70)
        .encode(
            x=x,
            y=y,
            color=colour,
            tooltip=[
                alt.Tooltip("category:N", title=t("col.category", lang)),
                alt.Tooltip("rank:Q", title=t("brands.chart.rank", lang)),
                alt.Tooltip("cum_share:Q", title=t("brands.chart.cum_share", lang), format=".1%"),
            ],
        )
    )
    return alt.layer(lines, marks).properties(height=300)
