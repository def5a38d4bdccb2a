"""Province names → six-digit adcodes.

`normalise_province` accepts every common way of naming a provincial unit — 广东 / 广东省 / 粤 /
Guangdong / GUANGDONG / 440000 / "440000" / 440000.0 / 44 / CN-GD — and returns the adcode, or None
when the value names no province. The national code 100000 (全国 / China / national) is recognised
too; callers that do not accept it (every province column except `official_stats`) pass
`national=False`.

The aliases come from `data/provinces.csv` (the 34 units) plus the small explicit table below.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache
from numbers import Integral, Real
from pathlib import Path

import pandas as pd

from beltatlas.schema import NATIONAL_ADCODE

ROOT = Path(__file__).resolve().parents[1]
PROVINCES_CSV = ROOT / "data" / "provinces.csv"

#: Suffixes of official Chinese names, longest first (广西壮族自治区 → 广西).
_ZH_SUFFIXES: tuple[str, ...] = (
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "特别行政区",
    "自治区",
    "省",
    "市",
)

#: English suffixes people append (Guangdong Province, Hong Kong SAR), compared without spaces.
_EN_SUFFIXES: tuple[str, ...] = (
    "uygurautonomousregion",
    "uyghurautonomousregion",
    "zhuangautonomousregion",
    "huiautonomousregion",
    "specialadministrativeregion",
    "autonomousregion",
    "municipality",
    "province",
    "sheng",
    "shi",
    "sar",
)

#: Extra names not derivable from provinces.csv: pinyin, traditional characters, alternative
#: one-character abbreviations, ISO 3166-2 codes, HK / MO / TW.
_EXTRA_ALIASES: dict[int, tuple[str, ...]] = {
    110000: ("Peking", "CN-BJ"),
    120000: ("CN-TJ",),
    130000: ("CN-HE",),
    140000: ("CN-SX",),
    150000: ("内蒙", "Nei Mongol", "Neimenggu", "Nei Menggu", "Inner Mongolia Autonomous Region", "CN-NM"),
    210000: ("CN-LN",),
    220000: ("CN-JL",),
    230000: ("CN-HL",),
    310000: ("申", "CN-SH"),
    320000: ("CN-JS",),
    330000: ("CN-ZJ",),
    340000: ("CN-AH",),
    350000: ("CN-FJ",),
    360000: ("CN-JX",),
    370000: ("CN-SD",),
    410000: ("CN-HA",),
    420000: ("CN-HB",),
    430000: ("CN-HN",),
    440000: ("Kwangtung", "Canton", "CN-GD"),
    450000: ("CN-GX",),
    460000: ("CN-HI",),
    500000: ("CN-CQ",),
    510000: ("蜀", "CN-SC"),
    520000: ("贵", "CN-GZ"),
    530000: ("滇", "CN-YN"),
    540000: ("Xizang", "西藏", "Tibet Autonomous Region", "CN-XZ"),
    610000: ("秦", "Shensi", "CN-SN"),
    620000: ("陇", "CN-GS"),
    630000: ("CN-QH",),
    640000: ("CN-NX",),
    650000: ("CN-XJ",),
    710000: ("台灣", "臺灣", "臺", "Taiwan Province", "TW", "CN-TW"),
    810000: ("香港", "HK", "HKSAR", "Hongkong", "Hong Kong SAR", "CN-HK"),
    820000: ("澳門", "澳门", "Macau", "MO", "Macao SAR", "Macau SAR", "CN-MO"),
    NATIONAL_ADCODE: (
        "全国",
        "全國",
        "中国",
        "中國",
        "全国合计",
        "China",
        "national",
        "nationwide",
        "CN",
        "PRC",
    ),
}

_SPACE = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
_PUNCT = re.compile(r"[\s\-_.'’·,]+")
_NUMBER = re.compile(r"[+]?\d+(\.0*)?")


def _key(text: str) -> str:
    """The lookup key of a name: NFKC, case-folded, without spaces, hyphens, dots or apostrophes."""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text).casefold())


@lru_cache(maxsize=1)
def _province_frame() -> pd.DataFrame:
    frame = pd.read_csv(PROVINCES_CSV, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    frame = frame.apply(lambda col: col.str.strip())
    frame["adcode"] = frame["adcode"].astype("int64")
    return frame


def province_table() -> pd.DataFrame:
    """The 34 provincial units from `data/provinces.csv`: adcode (int), name_zh, name_en, short_zh, region.

    A fresh copy each call, so the caller may modify it.
    """
    return _province_frame().copy()


@lru_cache(maxsize=1)
def _aliases() -> dict[str, int]:
    table = _province_frame()
    aliases: dict[str, int] = {}

    def add(name: str, code: int) -> None:
        key = _key(name)
        if key:
            aliases.setdefault(key, code)

    for row in table.itertuples(index=False):
        code = int(row.adcode)
        add(row.name_zh, code)
        add(row.name_en, code)
        add(row.short_zh, code)
        for suffix in _ZH_SUFFIXES:
            if row.name_zh.endswith(suffix) and len(row.name_zh) > len(suffix) + 1:
                add(row.name_zh[: -len(suffix)], code)
                break
    for code, names in _EXTRA_ALIASES.items():
        for name in names:
            add(name, code)
    return aliases


@lru_cache(maxsize=1)
def known_adcodes(national: bool = True) -> frozenset[int]:
    """The adcodes `normalise_province` can return."""
    codes = set(_province_frame()["adcode"].astype(int))
    if national:
        codes.add(NATIONAL_ADCODE)
    return frozenset(codes)


def _from_number(number: int) -> int | None:
    if number in known_adcodes():
        return number
    if 10 <= number <= 99 and number * 10000 in known_adcodes(national=False):
        return number * 10000
    return None


@lru_cache(maxsize=4096)
def _from_text(text: str) -> int | None:
    text = _SPACE.sub(" ", text).strip()
    if not text:
        return None
    if _NUMBER.fullmatch(text):
        return _from_number(int(float(text)))
    aliases = _aliases()
    key = _key(text)
    if key in aliases:
        return aliases[key]
    for suffix in _ZH_SUFFIXES:
        if key.endswith(suffix) and key[: -len(suffix)] in aliases:
            return aliases[key[: -len(suffix)]]
    for suffix in _EN_SUFFIXES:
        if key.endswith(suffix) and key[: -len(suffix)] in aliases:
            return aliases[key[: -len(suffix)]]
    return None


def normalise_province(value: object, *, national: bool = True) -> int | None:
    """The six-digit adcode `value` names, or None.

    Accepts Chinese names with or without suffix (广东 / 广东省 / 广西壮族自治区), one-character
    abbreviations (粤), English and pinyin names in any case (Guangdong, Inner Mongolia, Nei Mongol,
    Tibet, Xizang, Macao, Macau, Hong Kong, HK), ISO codes (CN-GD), adcodes as int, float or text
    (440000, 440000.0, "440000") and two-digit prefixes (44). Surrounding whitespace, including
    full-width spaces, is ignored. The national code 100000 (全国 / China / national) is returned
    only when `national` is true.
    """
    if value is None or isinstance(value, bool):
        return None
    code: int | None
    if isinstance(value, Integral):
        code = _from_number(int(value))
    elif isinstance(value, Real):
        number = float(value)
        if not math.isfinite(number) or not number.is_integer():
            return None
        code = _from_number(int(number))
    elif isinstance(value, str):
        code = _from_text(value)
    else:
        return None
    if code == NATIONAL_ADCODE and not national:
        return None
    return code
