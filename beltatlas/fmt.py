"""Number formatting: 万 / 亿 in Chinese, thousand / million / billion in English.

Every number the app shows goes through here, so a figure reads the same on every page.
Missing values (None, NaN) show as an em dash; nothing here raises on odd input.
"""

from __future__ import annotations

import math
import re
from numbers import Real
from typing import Literal

Lang = Literal["zh", "en"]

MISSING = "—"

#: Chinese magnitudes, largest first.
_ZH_STEPS: tuple[tuple[float, str], ...] = ((1e12, "万亿"), (1e8, "亿"), (1e4, "万"))
#: English magnitudes, largest first (short scale).
_EN_STEPS: tuple[tuple[float, str], ...] = ((1e12, " trillion"), (1e9, " billion"), (1e6, " million"))


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, Real):
        return math.isnan(float(value))
    return False


def _trim(text: str) -> str:
    """Drop a trailing '.0'-style zero run after rounding ('1.20' -> '1.2', '3.0' -> '3')."""
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _trim_scaled(text: str) -> str:
    """'1.80万' -> '1.8万', '100.00亿元' -> '100亿元': trailing zeros of a scaled figure dropped."""
    number = re.match(r"-?[\d,]*\.?\d*", text)
    head = number.group() if number else ""
    return _trim(head) + text[len(head) :] if head else text


def compact_number(value: float | int | None, lang: Lang = "zh", digits: int = 1) -> str:
    """A number in the largest magnitude it reaches: 12,345 -> '1.2万' / '12,345'; 3.5e9 -> '35.0亿' / '3.5 billion'.

    Below 10,000 (zh) or 1,000,000 (en) the number is written out with thousands separators, so
    9,999 stays '9,999' and 10,000 becomes '1.0万'. Scaled numbers keep `digits` decimals so a column
    of figures lines up.
    """
    if _is_missing(value):
        return MISSING
    number = float(value)  # type: ignore[arg-type]
    if math.isinf(number):
        return "∞" if number > 0 else "-∞"
    sign = "-" if number < 0 else ""
    magnitude = abs(number)
    steps = _ZH_STEPS if lang == "zh" else _EN_STEPS
    for i, (size, suffix) in enumerate(steps):
        if magnitude >= size:
            # Promote when rounding reaches the next step: 99,999,999 reads '1.0亿', not '10000.0万'.
            if i > 0 and round(magnitude / size, digits) >= steps[i - 1][0] / size:
                size, suffix = steps[i - 1]
            return f"{sign}{magnitude / size:,.{digits}f}{suffix}"
    if magnitude == int(magnitude):
        return f"{sign}{int(magnitude):,}"
    return f"{sign}{_trim(f'{magnitude:,.{max(digits, 2)}f}')}"


def money(yuan: float | int | None, lang: Lang = "zh", digits: int = 1) -> str:
    """Yuan in 万元 / 亿元 (zh) or million / billion yuan (en): 1.23e9 -> '12.3亿元' / '1.2 billion yuan'."""
    if _is_missing(yuan):
        return MISSING
    text = compact_number(yuan, lang, digits)
    return f"{text}元" if lang == "zh" else f"{text} yuan"


def money_in(value: float | int | None, unit: str, lang: Lang = "zh", digits: int = 1) -> str:
    """A money figure given in a printed unit (元, 万元, 亿元, 万亿元), formatted like `money`."""
    factors = {"元": 1.0, "万元": 1e4, "亿元": 1e8, "万亿元": 1e12}
    if _is_missing(value):
        return MISSING
    if unit not in factors:
        return plain(value, lang, unit)
    return money(float(value) * factors[unit], lang, digits)  # type: ignore[arg-type]


def count(value: float | int | None, lang: Lang = "zh", unit: str = "") -> str:
    """A count: 18,000 -> '1.8万家' / '18,000'. `unit` is appended in Chinese only (家, 个, 件)."""
    if _is_missing(value):
        return MISSING
    text = compact_number(value, lang)
    return f"{text}{unit}" if lang == "zh" else text


def percent(fraction: float | None, digits: int = 1, *, signed: bool = False) -> str:
    """A fraction as a percentage: 0.123 -> '12.3%'; signed=True gives '+12.3%' for growth."""
    if _is_missing(fraction):
        return MISSING
    pct = float(fraction) * 100  # type: ignore[arg-type]
    if math.isinf(pct):
        return "∞"
    text = f"{pct:,.{digits}f}"
    if text.lstrip("-").strip("0.,") == "":
        text = f"{0:.{digits}f}"  # '-0.0' reads as a fall; it is no change.
        return f"{text}%"
    if signed and pct > 0:
        text = "+" + text
    return f"{text}%"


def multiple(ratio: float | None, lang: Lang = "zh", digits: int = 1) -> str:
    """A growth multiple: 34 -> '34倍' / '34×'; 1.5 -> '1.5倍' / '1.5×'."""
    if _is_missing(ratio):
        return MISSING
    text = _trim(f"{float(ratio):,.{digits}f}")  # type: ignore[arg-type]
    return f"{text}倍" if lang == "zh" else f"{text}×"


def plain(value: float | int | None, lang: Lang = "zh", unit: str = "") -> str:
    """A number as printed with its unit, without rescaling: (2843, '个') -> '2,843个' / '2,843 个'."""
    if _is_missing(value):
        return MISSING
    number = float(value)  # type: ignore[arg-type]
    text = f"{int(number):,}" if number == int(number) else _trim(f"{number:,.2f}")
    if not unit:
        return text
    return f"{text}{unit}" if lang == "zh" else f"{text} {unit}"


#: Printed money units a report figure may carry, in yuan.
MONEY_UNITS: frozenset[str] = frozenset({"元", "万元", "亿元", "万亿元"})


#: Counting units the report prints, as multiples of one (they carry no English word).
_COUNT_UNITS: dict[str, float] = {
    "个": 1,
    "家": 1,
    "款": 1,
    "场": 1,
    "届": 1,
    "万家": 1e4,
    "万件": 1e4,
    "万颗": 1e4,
}
#: Qualifiers printed before a figure, in English; longest first so 超过 wins over 超.
_QUALIFIERS: tuple[tuple[str, str], ...] = (
    ("超过", "over "),
    ("突破", "over "),
    ("超", "over "),
    ("逾", "over "),
    ("破", "over "),
    ("近", "nearly "),
    ("约", "about "),
    ("≤", "≤ "),
    ("≥", "≥ "),
    ("\\leq", "≤ "),
    ("\\geq", "≥ "),
)


def _qualifier(value_text: str, lang: Lang = "en") -> str:
    for mark, english in _QUALIFIERS:
        if mark in value_text:
            if lang == "en":
                return english
            return {"\\leq": "≤", "\\geq": "≥"}.get(mark, mark)
    return ""


def fact_value(value: float | None, unit: str | None, value_text: str, lang: Lang = "zh") -> str:
    """A report figure for display. In Chinese: money in 万/亿/万亿元 and counts of 10,000 or more in 万
    (with the printed qualifier), everything else as printed. In English: money rescaled to million /
    billion / trillion yuan; percentages, multiples (倍 → ×), 成 (tenths) and counts (个, 家, 万家, …)
    written out with the printed qualifier (近 → nearly, 超 → over, ≤, ≥), ranks (第一 → No. 1,
    前十 / TOP5 → top 10 / top 5); anything else — dates, ranges, words — as printed (the quoted sentence is always shown with it)."""
    if _is_missing(value):
        return value_text
    number = float(value)  # type: ignore[arg-type]
    if lang == "zh":
        # One rule for money and counts on every card: 万 / 亿 / 万亿 with separators (265944亿元 →
        # 26.59万亿元, 53385家 → 5.34万家); the printed form stays in the quoted sentence beside it.
        if unit in MONEY_UNITS:
            return _qualifier(value_text, "zh") + _trim_scaled(money_in(number, unit, lang, digits=2))
        if unit in _COUNT_UNITS and number * _COUNT_UNITS[unit] >= 1e4:
            scaled = compact_number(number * _COUNT_UNITS[unit], lang, 2)
            return _qualifier(value_text, "zh") + _trim_scaled(scaled) + unit[-1]
        return value_text
    prefix = _qualifier(value_text)
    if unit in MONEY_UNITS:
        return prefix + money_in(number, unit, lang, digits=2)
    if unit == "%":
        return f"{prefix}{_trim(f'{number:,.2f}')}%"
    if unit == "成":
        return f"{prefix}{_trim(f'{number * 10:,.2f}')}%"
    if unit == "倍":
        return f"{prefix}{_trim(f'{number:,.2f}')}×"
    if unit == "亿":
        return prefix + compact_number(number * 1e8, lang)
    if unit in _COUNT_UNITS:
        return prefix + compact_number(number * _COUNT_UNITS[unit], lang)
    if unit == "位次" and number == int(number):
        rank = (
            f"top {int(number)}"
            if ("前" in value_text or "TOP" in value_text.upper())
            else f"No. {int(number)}"
        )
        if "个位次" in value_text:
            rank = f"{int(number)} places"
        return rank + (" in China" if "全国" in value_text else "")
    return value_text


#: Money in downloadable tables is in 亿元 (100 million yuan) in both languages, so a file's numbers
#: compare across pages and languages; the header names the unit.
TABLE_MONEY_DIVISOR = 1e8


def money_header(label: str, lang: Lang = "zh") -> str:
    """A table header for money in 亿元: '销售额（亿元）' / 'Sales (100 million yuan)'."""
    return f"{label}（亿元）" if lang == "zh" else f"{label} (100 million yuan)"


def percent_header(label: str, lang: Lang = "zh") -> str:
    """A table header for a percentage held as a number of percent: 'CR5（%）' / 'CR5 (%)'."""
    return f"{label}（%）" if lang == "zh" else f"{label} (%)"


def in_yi(yuan: object) -> object:
    """Yuan as 亿元 (a number, or the input unchanged when it is missing)."""
    try:
        return float(yuan) / TABLE_MONEY_DIVISOR  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return yuan
