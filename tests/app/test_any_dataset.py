"""Every page works on every valid dataset: Hypothesis draws user datasets from the schema — one
year, one to three provinces, no city table, a category with one brand, zero sales, long and
HTML-laden names — and every page renders in both languages without an exception, labels the user's
numbers 用户 and never calls them 示例 / sample."""

from __future__ import annotations

import string
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from beltatlas.dataset import load_dataset, load_upload
from beltatlas.i18n import t
from tests.app.test_pages import ROOT
from tests.app.test_stories_pages import open_page

PROVINCES = (440000, 330000, 310000, 350000, 650000, 810000)
CATEGORIES = ("小家电", "汽车", "茶叶", "女装")
NASTY = (
    "<img src=x onerror=alert(1)>",
    '=HYPERLINK("http://evil","x")',
    "**粗体** `code` [link](x) $x$ :red[红]",
    "很长的名字" * 40,
    "-1",
)
PAGES = [
    ("app_pages/overview.py", {}),
    ("app_pages/map.py", {}),
    ("app_pages/map.py", {"view": "cities"}),
    ("app_pages/trends.py", {}),
    ("app_pages/trends.py", {"show": "share"}),
    ("app_pages/brands.py", {}),
    ("app_pages/stories.py", {"view": "cases"}),
    ("app_pages/belt.py", {}),
    ("app_pages/about.py", {}),
]

names = st.one_of(st.sampled_from(NASTY), st.text(string.ascii_letters + "产业带<>&=@", min_size=1, max_size=30))


@st.composite
def user_tables(draw) -> dict[str, pd.DataFrame]:
    """Valid tables of a user dataset (as files would hold them), drawn from the schema's rules."""
    provinces = draw(st.lists(st.sampled_from(PROVINCES), min_size=1, max_size=3, unique=True))
    first = draw(st.integers(2018, 2021))
    years = list(range(first, first + draw(st.integers(1, 3))))
    n_belts = draw(st.integers(1, 4))
    belts = []
    for i in range(n_belts):
        province = draw(st.sampled_from(provinces))
        belts.append(
            {
                "belt_id": f"u{i}",
                "name_zh": draw(names),
                "name_en": draw(names),
                "province_adcode": province,
                "city_adcode": province + 100,
                "category_l1": "其他",
                "category_l2": draw(st.sampled_from(CATEGORIES)),
                "lon": 110.0 + i,
                "lat": 30.0,
                "provenance": "user",
            }
        )
    zero = st.just(0.0)
    money = st.one_of(zero, st.floats(1.0, 1e11, allow_nan=False))
    gmv = [
        {"belt_id": b["belt_id"], "year": y, "gmv_yuan": draw(money), "merchants": draw(st.integers(0, 10**5))}
        for b in belts
        for y in years
    ]
    sales = []
    for category in draw(st.lists(st.sampled_from(CATEGORIES), min_size=1, max_size=2, unique=True)):
        brands = draw(st.lists(names, min_size=1, max_size=6, unique=True))
        for brand in brands:
            for province in provinces:
                for y in years:
                    sales.append(
                        {
                            "category_l2": category,
                            "brand": brand,
                            "province_adcode": province,
                            "year": y,
                            "sales_yuan": draw(money),
                        }
                    )
    tables = {
        "belts": pd.DataFrame(belts),
        "belt_gmv": pd.DataFrame(gmv),
        "brand_sales": pd.DataFrame(sales),
    }
    if draw(st.booleans()):
        tables["city_gmv"] = pd.DataFrame(
            [
                {"city_adcode": p + 100, "province_adcode": p, "year": y, "gmv_yuan": draw(money)}
                for p in provinces
                for y in years
            ]
        )
    return tables


ONE_YEAR_ONE_PROVINCE_ONE_BRAND = {
    "belts": pd.DataFrame(
        [
            {
                "belt_id": "solo",
                "name_zh": NASTY[0],
                "name_en": NASTY[1],
                "province_adcode": 350000,
                "city_adcode": 350500,
                "category_l1": "食品",
                "category_l2": "茶叶",
                "lon": 118.2,
                "lat": 25.1,
                "provenance": "user",
            }
        ]
    ),
    "belt_gmv": pd.DataFrame([{"belt_id": "solo", "year": 2020, "gmv_yuan": 0.0, "merchants": 0}]),
    "brand_sales": pd.DataFrame(
        [{"category_l2": "茶叶", "brand": NASTY[3], "province_adcode": 350000, "year": 2020, "sales_yuan": 0.0}]
    ),
}


def load(tables: dict[str, pd.DataFrame], folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for name, frame in tables.items():
        frame.to_csv(folder / f"{name}.csv", index=False)
    bundled, _problems = load_dataset(ROOT / "data")
    upload = load_upload(folder, bundled)
    assert upload.problems == [], [str(p) for p in upload.problems]  # the strategy draws valid data only
    return upload.dataset


def shown(at) -> str:
    parts = []
    for kind in ("markdown", "caption", "info", "warning", "success", "subheader", "title"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    return "\n".join(parts)


@pytest.mark.slow
@settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
@example(tables=ONE_YEAR_ONE_PROVINCE_ONE_BRAND)
@given(tables=user_tables())
def test_every_page_renders_on_any_valid_dataset(tables, tmp_path):
    user = load(tables, tmp_path / "upload")
    belt = str(user.tables["belts"]["belt_id"].iloc[0])
    province = str(int(user.tables["belts"]["province_adcode"].iloc[0]))
    for lang in ("zh", "en"):
        for page, params in PAGES:
            extra = {"belt": belt} if page.endswith("belt.py") else {}
            if page.endswith("map.py"):
                extra["province"] = province
            at = open_page(page, lang=lang, **params, **extra, session={"_user_dataset": user})
            assert not at.exception, (page, lang, [e.value for e in at.exception])
            text = shown(at)
            if page.endswith(("trends.py", "belt.py")):
                assert f"[{t('provenance.label.user', lang)}]" in text, (page, lang)
            if page.endswith("belt.py"):
                assert t("belt.sample_belt", lang) not in text
