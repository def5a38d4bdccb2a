"""Chart builders of the map page: the selected province's belt-scale sparkline."""

from __future__ import annotations

import altair as alt
import pandas as pd


def scale_sparkline(scale: pd.DataFrame, axis_title: str, divisor: float = 1e8) -> alt.Chart:
    """A small line of one province's belt scale by year (`scale`: year, gmv_yuan) in yuan / `divisor`
    (1e8: 亿元 for Chinese; 1e9: billion yuan for English)."""
    data = scale[["year", "gmv_yuan"]].assign(scale_100m=scale["gmv_yuan"] / divisor)
    return (
        alt.Chart(data)
        .mark_line(point=True, color="#2c7fb8")
        .encode(
            x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("scale_100m:Q", title=axis_title, scale=alt.Scale(zero=False)),
            tooltip=[alt.Tooltip("year:O"), alt.Tooltip("scale_100m:Q", title=axis_title, format=",.1f")],
        )
        .properties(height=170)
    )
