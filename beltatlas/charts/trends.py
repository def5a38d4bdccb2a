"""Charts of the trends page: series by year (provinces, cities, official figures) and ranked CAGR bars.

Pure builders: a tidy frame in, an `alt.Chart` out. Each chart carries a `description` (the text
screen readers announce) and plots the frame's `value` column exactly as given, so the table under a
chart can show the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import pandas as pd

from beltatlas.fmt import percent
from beltatlas.i18n import Lang, t

#: Name of the click selection on the series charts (read back by the page from `on_select`).
PICK = "pick"
#: Colour-blind-safe categorical palette (Tableau 10).
PALETTE = "tableau10"
#: Bars for the places the report names vs the rest (blue / grey: distinct without red-green).
CLAIMED_COLOURS = ("#1f77b4", "#b0b0b0")


def money_unit(lang: Lang) -> tuple[float, str]:
    """Divisor and unit label for money on an axis: 亿元 in Chinese, billion yuan in English."""
    return (1e8, t("trends.unit.yi", lang)) if lang == "zh" else (1e9, t("trends.unit.billion", lang))


def legend_order(frame: pd.DataFrame) -> list[str]:
    """Labels by their value in the last year, largest first (the legend's and the table's order)."""
    return list(dict.fromkeys(frame.sort_values(["year", "value"], ascending=[False, False])["label"]))


def series_chart(
    frame: pd.DataFrame,
    *,
    y_title: str,
    y_format: str,
    tooltip_format: str | None = None,
    description: str,
    lang: Lang,
    key: str = "key",
    picked: str | None = None,
    marked: str | None = None,
    height: int = 360,
) -> alt.Chart:
    """Lines of `value` by `year`, one per `key` (labelled by `label`), with a click selection `PICK`.

    `frame` columns: key, label, year, value (plotted as is) and, when `marked` names a legend title,
    a boolean `marked` column drawn with a dashed line. Clicking a line or its legend entry highlights
    it (the selection holds the `label`); `picked` pre-selects a label.
    """
    pick = alt.selection_point(
        name=PICK,
        fields=["label"],  # the legend's field: legend binding needs the same one
        bind="legend",
        value=[{"label": picked}] if picked is not None else alt.Undefined,
    )
    order = legend_order(frame)
    base = alt.Chart(frame).encode(
        x=alt.X("year:O", title=t("col.year", lang), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=y_title, axis=alt.Axis(format=y_format)),
        color=alt.Color(
            "label:N",
            title=t("trends.legend", lang),
            sort=order,
            scale=alt.Scale(scheme=PALETTE),
            legend=alt.Legend(orient="right", symbolOpacity=1),
        ),
        detail=f"{key}:N",
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.2)),
        tooltip=[
            alt.Tooltip("label:N", title=t("trends.legend", lang)),
            alt.Tooltip("year:O", title=t("col.year", lang)),
            alt.Tooltip("value:Q", title=y_title, format=tooltip_format or y_format),
        ],
    )
    line = base.mark_line(strokeWidth=2.5)
    if marked:
        line = line.encode(
            strokeDash=alt.StrokeDash(
                "marked:N",
                title=marked,
                scale=alt.Scale(domain=[True, False], range=[[1, 0], [5, 4]]),
                legend=alt.Legend(
                    orient="right",
                    labelExpr=f"datum.value ? '{t('trends.yes', lang)}' : '{t('trends.no', lang)}'",
                ),
            )
        )
    points = base.mark_point(filled=True, size=60)
    return alt.layer(line, points).add_params(pick).properties(height=height, description=description)


def cagr_chart(frame: pd.DataFrame, *, description: str, legend_title: str, lang: Lang) -> alt.Chart:
    """Horizontal bars of `cagr` per place, largest first, coloured by `claimed` (named by the report).

    `frame` columns: key, label, cagr (a fraction), claimed (bool).
    """
    yes, no = t("trends.yes", lang), t("trends.no", lang)
    data = frame.sort_values("cagr", ascending=False).assign(
        claimed_label=frame["claimed"].map({True: yes, False: no})
    )
    order = list(data["label"])  # an explicit order: "-x" sorts each layer on its own
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("cagr:Q", title=t("trends.cagr_axis", lang), axis=alt.Axis(format=".0%")),
            y=alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelOverlap=False)),
            color=alt.Color(
                "claimed_label:N",
                title=legend_title,
                scale=alt.Scale(domain=[yes, no], range=list(CLAIMED_COLOURS)),
                legend=alt.Legend(orient="top", titleLimit=0, labelLimit=0),
            ),
            tooltip=[
                alt.Tooltip("label:N", title=t("trends.legend", lang)),
                alt.Tooltip("cagr:Q", title=t("trends.cagr_axis", lang), format=".1%"),
            ],
        )
    )
    text = bars.mark_text(align="left", dx=3).encode(text=alt.Text("cagr:Q", format=".1%"))
    # No colour of its own (not the bars'): the theme's text colour (ui.chart), readable on dark too.
    text.encoding.color = alt.Undefined
    return alt.layer(bars, text).properties(height=alt.Step(26), description=description)


def describe_series(
    frame: pd.DataFrame, *, series: str, view: str, value_text: Callable[[float], str], lang: Lang
) -> str:
    """The text alternative of a series chart: what is plotted and its extremes in the last year."""
    if frame.empty:
        return series
    last_year = int(frame["year"].max())
    last = frame[frame["year"] == last_year].dropna(subset=["value"]).sort_values("value", ascending=False)
    if last.empty:
        return series
    top, bottom = last.iloc[0], last.iloc[-1]
    return t(
        "trends.alt.series",
        lang,
        series=series,
        view=view,
        n=frame["key"].nunique(),
        start=int(frame["year"].min()),
        end=last_year,
        top=top["label"],
        top_value=value_text(top["value"]),
        bottom=bottom["label"],
        bottom_value=value_text(bottom["value"]),
    )


def describe_cagr(frame: pd.DataFrame, *, start: int, end: int, lang: Lang) -> str:
    """The text alternative of the CAGR bars: how many places, the highest and the lowest."""
    ranked = frame.dropna(subset=["cagr"]).sort_values("cagr", ascending=False)
    if ranked.empty:
        return t("trends.cagr_axis", lang)
    top, bottom = ranked.iloc[0], ranked.iloc[-1]
    return t(
        "trends.alt.cagr",
        lang,
        n=len(ranked),
        start=start,
        end=end,
        top=top["label"],
        top_value=percent(top["cagr"], signed=True),
        bottom=bottom["label"],
        bottom_value=percent(bottom["cagr"], signed=True),
    )
