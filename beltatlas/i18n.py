"""The message catalogue: every user-facing string, in Chinese and English.

Strings live in `messages/*.toml` beside this module (`common.toml` plus one file per page), one
entry per key with a `zh` and an `en` text:

    [page]
    overview = { zh = "总览", en = "Overview" }

Nested tables flatten to dotted keys (`page.overview`). Texts may hold `{name}` placeholders,
filled by `t(key, lang, name=...)`. Chinese is the default language. A key defined in two files is
an error.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
DEFAULT_LANG: Lang = "zh"

CATALOGUE_DIR = Path(__file__).with_name("messages")


def _flatten(node: dict, prefix: str = "", source: str = "messages") -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for name, value in node.items():
        key = f"{prefix}{name}"
        if (
            isinstance(value, dict)
            and set(value) & set(LANGS)
            and all(isinstance(v, str) for v in value.values())
        ):
            out[key] = {lang: value[lang] for lang in value}
        elif isinstance(value, dict):
            out.update(_flatten(value, key + ".", source))
        else:
            raise ValueError(f"{source}: {key} must be a table with zh and en texts")
    return out


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """All entries as {key: {"zh": ..., "en": ...}}."""
    out: dict[str, dict[str, str]] = {}
    for path in sorted(CATALOGUE_DIR.glob("*.toml")):
        with path.open("rb") as handle:
            entries = _flatten(tomllib.load(handle), source=path.name)
        clash = sorted(set(entries) & set(out))
        if clash:
            raise ValueError(f"{path.name}: keys already defined in another catalogue file: {clash}")
        out.update(entries)
    return out


def parse_lang(value: object) -> Lang:
    """A language code from a query parameter or setting; anything unknown means Chinese."""
    text = str(value or "").strip().lower()
    return "en" if text.startswith("en") else "zh"


def t(key: str, lang: Lang = DEFAULT_LANG, /, **values: object) -> str:
    """The text of `key` in `lang`, with `{placeholders}` filled from `values`.

    An unknown key raises KeyError: a missing string is a bug that the catalogue test catches.
    """
    entry = catalogue()[key]
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**values) if values else text


def has(key: str) -> bool:
    return key in catalogue()


def province_name(adcode: int, lang: Lang = DEFAULT_LANG, *, short: bool = False) -> str:
    """The display name of a province by adcode; an unknown code shows as the code itself."""
    key = f"province_short.{adcode}" if short else f"province.{adcode}"
    return t(key, lang) if has(key) else str(adcode)


def city_name(adcode: int, lang: Lang = DEFAULT_LANG) -> str:
    """The display name of a prefecture-level city; a city the catalogue lacks shows its Chinese name
    from `geo/city_centroids.csv`, or the code when it is unknown there too."""
    key = f"city.{adcode}"
    return t(key, lang) if has(key) else _city_names_zh().get(int(adcode), str(adcode))


@lru_cache(maxsize=1)
def _city_names_zh() -> dict[int, str]:
    from beltatlas.geo import load_city_centroids  # deferred: geo reads files, i18n must stay light

    cities = load_city_centroids()
    return dict(zip(cities["adcode"].astype(int), cities["name_zh"], strict=True))


def category_name(category_l2: str, lang: Lang = DEFAULT_LANG) -> str:
    """The display name of a second-level category; a category the catalogue lacks shows as given."""
    key = f"category.{category_l2}"
    return t(key, lang) if has(key) else category_l2
