import re
from pathlib import Path

import pandas as pd
import pytest

from beltatlas import i18n

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    ROOT / "dashboard.py",
    ROOT / "ui.py",
    *sorted((ROOT / "app_pages").glob("*.py")),
    *sorted((ROOT / "beltatlas").glob("*.py")),
]


def test_every_key_has_both_languages():
    missing = [key for key, entry in i18n.catalogue().items() if not entry.get("zh") or not entry.get("en")]
    assert missing == []


def test_placeholders_agree_between_languages():
    for key, entry in i18n.catalogue().items():
        assert set(re.findall(r"{(\w+)}", entry["zh"])) == set(re.findall(r"{(\w+)}", entry["en"])), key


def test_every_literal_key_used_in_code_exists():
    used = set()
    for path in SOURCES:
        used |= set(re.findall(r"\bt\(\"([a-z0-9_.]+)\"", path.read_text(encoding="utf-8")))
    assert used, "the scan found no keys: the pattern is wrong"
    assert sorted(k for k in used if not i18n.has(k)) == []


def test_every_province_has_names_matching_the_provinces_table():
    provinces = pd.read_csv(ROOT / "data" / "provinces.csv")
    for row in provinces.itertuples():
        assert i18n.province_name(row.adcode, "zh") == row.name_zh
        assert i18n.province_name(row.adcode, "en") == row.name_en
        assert i18n.province_name(row.adcode, "zh", short=True) == row.short_zh


def test_every_category_has_names_matching_the_categories_table():
    categories = pd.read_csv(ROOT / "data" / "categories.csv")
    for row in categories.itertuples():
        assert i18n.category_name(row.category_l2, "zh") == row.category_l2
        assert i18n.category_name(row.category_l2, "en") == row.name_en


@pytest.mark.parametrize(
    ("raw", "lang"), [("en", "en"), ("EN", "en"), ("en-GB", "en"), ("zh", "zh"), (None, "zh"), ("fr", "zh")]
)
def test_parse_lang(raw, lang):
    assert i18n.parse_lang(raw) == lang


def test_unknown_key_raises():
    with pytest.raises(KeyError):
        i18n.t("no.such.key")


def test_placeholders_are_filled():
    assert i18n.t("stories.count", "en", n=3) == "3 facts"
    assert i18n.t("stories.count", "zh", n=3) == "共 3 条"


def test_a_key_defined_in_two_catalogue_files_is_an_error(tmp_path, monkeypatch):
    (tmp_path / "a.toml").write_text('[x]\ny = { zh = "一", en = "one" }\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('[x]\ny = { zh = "二", en = "two" }\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "CATALOGUE_DIR", tmp_path)
    i18n.catalogue.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"b\.toml.*x\.y"):
            i18n.catalogue()
    finally:
        i18n.catalogue.cache_clear()


def test_city_names_in_both_languages_and_fallback_to_the_chinese_name():
    assert i18n.city_name(440600, "zh") == "佛山市"
    assert i18n.city_name(440600, "en") == "Foshan"
    assert i18n.city_name(130200, "en") == "唐山市"  # not in the catalogue: the Chinese name from geo/
    assert i18n.city_name(999999, "en") == "999999"


def test_every_city_in_the_catalogue_matches_geo():
    cities = pd.read_csv(ROOT / "geo" / "city_centroids.csv").set_index("adcode")["name_zh"]
    for key, entry in i18n.catalogue().items():
        if key.startswith("city."):
            assert cities[int(key.removeprefix("city."))] == entry["zh"], key
