"""The report's qualitative claims about places, as data the pages can check against any dataset.

Each claim carries the sentence it comes from (section "中国数字化产业带分布情况").
"""

from __future__ import annotations

SECTION_DISTRIBUTION = "中国数字化产业带分布情况"

#: 粤、浙、沪、苏、闽、京、鲁、冀、皖、赣 — the ten core provinces, in the report's order.
CORE_PROVINCES: tuple[int, ...] = (
    440000,
    330000,
    310000,
    320000,
    350000,
    110000,
    370000,
    130000,
    340000,
    360000,
)
CORE_PROVINCES_QUOTE = (
    "根据“天猫淘宝平台”商家成交规模数据看，粤、浙、沪、苏、闽、京、鲁、冀、皖、赣是我国十大核心产地，"
    "成交规模大，产业带分布密集。"
)

#: 沪、闽、冀、赣 grew fastest among the ten.
FAST_GROWING_PROVINCES: tuple[int, ...] = (310000, 350000, 130000, 360000)
#: 北、杭、广、深 lead by scale (city adcodes as in geo/: 北京 110100, 杭州, 广州, 深圳).
LEADING_CITIES: tuple[int, ...] = (110100, 330100, 440100, 440300)
#: 上海、北京、佛山、泉州 rose (gained share of national belt scale).
RISING_CITIES: tuple[int, ...] = (310100, 110100, 440600, 350500)
CITIES_QUOTE = (
    "10大产地的核心产业中，沪、闽、冀、赣增速显著，发展潜力十足；北、杭、广、深成为规模领先的产业带城市，"
    "近年来上海、北京、佛山、泉州的发展表现亮眼。"
)

#: report_facts shown as the headline numbers on the overview, in order (missing ids are skipped).
HEADLINE_FACTS: tuple[str, ...] = (
    "manufacturing-value-added-2020",
    "trade-goods-total-2021h1",
    "luosifen-bagged-output-2020",
    "huiju-local-governments-past-year",
)
