"""The sample data agrees with every qualitative claim of the report — for several seeds and for the
bundled Parquet files in data/ — and stays honest (synthetic brand names, marked sample belts)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from beltatlas import sample
from beltatlas.geo import load_city_centroids
from beltatlas.provinces import province_table
from beltatlas.schema import TABLES

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
SEEDS = (2021, 7, 123456)
SOURCES = (*(f"seed-{s}" for s in SEEDS), "bundled")

CORE_ORDER = ("粤", "浙", "沪", "苏", "闽", "京", "鲁", "冀", "皖", "赣")
FAST = {"沪", "闽", "冀", "赣"}
LEADING_CITIES = {110100, 330100, 440100, 440300}  # 北京 杭州 广州 深圳
GAINERS = {310100, 110100, 440600, 350500}  # 上海 北京 佛山 泉州
REPORT_BANDS = {
    "low": ["美妆", "日用百货"],
    "mid": [
        "铂金pt",
        "酒类",
        "金饰品",
        "钻石首饰",
        "小家电",
        "影音产品",
        "办公用品耗材",
        "电子电工",
        "鞋帽配饰类",
        "坚果零食类",
    ],
    "high": ["手机", "汽车", "大家电"],
}
#: Band limits with a 2-point safety margin from the report's 15 % / 40 % cut-offs.
SAFE_BAND = {"low": (0.0, 0.13), "mid": (0.17, 0.38), "high": (0.42, 1.0)}
REAL_BRANDS = (
    "美的",
    "格兰仕",
    "波司登",
    "七匹狼",
    "博皓",
    "prooral",
    "三味酥屋",
    "馥益堂",
    "润百颜",
    "华熙生物",
    "古姿",
)
MAINLAND_EXCLUDED = {710000, 810000, 820000}


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def belts() -> pd.DataFrame:
    return sample.load_belts(DATA)


@pytest.fixture(scope="module")
def categories() -> pd.DataFrame:
    return sample.load_categories(DATA)


@pytest.fixture(scope="module")
def provinces() -> pd.DataFrame:
    return province_table()


@pytest.fixture(scope="module")
def short_name(provinces: pd.DataFrame) -> dict[int, str]:
    return dict(zip(provinces["adcode"], provinces["short_zh"], strict=True))


@pytest.fixture(scope="module")
def frames(belts: pd.DataFrame, categories: pd.DataFrame, provinces: pd.DataFrame) -> dict:
    cities = load_city_centroids()
    out: dict[str, dict[str, pd.DataFrame]] = {}
    for seed in SEEDS:
        bg = sample.generate_belt_gmv(belts, seed)
        out[f"seed-{seed}"] = {
            "belt_gmv": bg,
            "city_gmv": sample.generate_city_gmv(belts, cities, seed),
            "brand_sales": sample.generate_brand_sales(categories, provinces, None, seed),
        }
    out["bundled"] = {
        name: pd.read_parquet(DATA / f"{name}.parquet") for name in ("belt_gmv", "city_gmv", "brand_sales")
    }
    return out


@pytest.fixture(params=SOURCES)
def data(request: pytest.FixtureRequest, frames: dict) -> dict[str, pd.DataFrame]:
    return frames[request.param]


def province_scale(belt_gmv: pd.DataFrame, belts: pd.DataFrame) -> pd.DataFrame:
    """Province × year sum of belt GMV."""
    merged = belt_gmv.merge(belts[["belt_id", "province_adcode"]], on="belt_id", validate="many_to_one")
    return merged.pivot_table(index="province_adcode", columns="year", values="gmv_yuan", aggfunc="sum")


def city_wide(city_gmv: pd.DataFrame) -> pd.DataFrame:
    return city_gmv.pivot_table(index="city_adcode", columns="year", values="gmv_yuan", aggfunc="sum")


def cr5(brand_sales: pd.DataFrame, year: int) -> pd.Series:
    """Top-5 brand share per category, all provinces, one year."""
    one = brand_sales[brand_sales["year"] == year]
    per_brand = one.groupby(["category_l2", "brand"], observed=True)["sales_yuan"].sum()
    return per_brand.groupby(level=0, observed=True).apply(lambda s: s.nlargest(5).sum() / s.sum())


# --------------------------------------------------------------------------- province claims


def test_ten_core_provinces_in_report_order(data, belts, short_name) -> None:
    scale = province_scale(data["belt_gmv"], belts)[2020].sort_values(ascending=False)
    ranked = [short_name[int(p)] for p in scale.index]
    assert tuple(ranked[:10]) == CORE_ORDER
    gan = scale[360000]
    others = scale.drop([p for p in scale.index if short_name[int(p)] in CORE_ORDER])
    assert (others < gan).all()


def test_fast_growing_four_lead_cagr_among_core(data, belts, short_name) -> None:
    scale = province_scale(data["belt_gmv"], belts)
    core = scale[[short_name[int(p)] in CORE_ORDER for p in scale.index]]
    cagr = (core[2020] / core[2018]) ** 0.5 - 1
    top4 = {short_name[int(p)] for p in cagr.nlargest(4).index}
    assert top4 == FAST
    assert (cagr > 0).all()


# --------------------------------------------------------------------------- city claims


def test_leading_cities_every_year(data) -> None:
    wide = city_wide(data["city_gmv"])
    for year in sample.YEARS:
        assert set(wide[year].nlargest(4).index) == LEADING_CITIES, year


def test_share_gainers(data) -> None:
    wide = city_wide(data["city_gmv"])
    share = wide / wide.sum()
    top10 = wide[2020].nlargest(10).index
    gain = (share.loc[top10, 2020] - share.loc[top10, 2018]).sort_values(ascending=False)
    assert GAINERS <= set(top10)
    assert set(gain.index[:4]) == GAINERS
    assert (gain.loc[list(GAINERS)] > 0).all()


def test_beijing_leads_shanghai_in_cities_but_not_provinces(data, belts) -> None:
    """The report's tension, kept on purpose: city_gmv is its own series."""
    wide = city_wide(data["city_gmv"])
    scale = province_scale(data["belt_gmv"], belts)
    assert wide.loc[110100, 2020] > wide.loc[310100, 2020]
    assert scale.loc[310000, 2020] > scale.loc[110000, 2020]


def test_city_gmv_coverage(data, belts) -> None:
    cg = data["city_gmv"]
    assert list(cg.columns) == list(TABLES["city_gmv"].column_names)
    assert cg["city_adcode"].nunique() >= 40
    assert set(belts["city_adcode"]) <= set(cg["city_adcode"])
    assert not cg.duplicated(["city_adcode", "year"]).any()
    cities = load_city_centroids().set_index("adcode")["province_adcode"]
    assert (cg["province_adcode"].to_numpy() == cities.loc[cg["city_adcode"]].to_numpy()).all()
    assert (cg["gmv_yuan"] >= 0).all()


def test_city_national_total_matches_belts(data) -> None:
    cities = data["city_gmv"].groupby("year")["gmv_yuan"].sum()
    belt = data["belt_gmv"].groupby("year")["gmv_yuan"].sum()
    np.testing.assert_allclose(cities.to_numpy(), belt.to_numpy(), rtol=1e-6)


# --------------------------------------------------------------------------- brand concentration


@pytest.mark.parametrize("year", sample.YEARS)
def test_cr5_inside_report_bands(data, year) -> None:
    values = cr5(data["brand_sales"], year)
    for band, cats in REPORT_BANDS.items():
        lo, hi = SAFE_BAND[band]
        for cat in cats:
            assert lo <= values[cat] <= hi, (cat, band, round(values[cat], 4))


def test_other_categories_spread_over_bands(data, categories) -> None:
    values = cr5(data["brand_sales"], 2020)
    others = values[categories.loc[categories["report_band"].isna(), "category_l2"]]
    assert (others < 0.15).sum() >= 3
    assert ((others > 0.15) & (others < 0.40)).sum() >= 3
    assert (others > 0.40).sum() >= 2


# --------------------------------------------------------------------------- belt cases


def test_report_cases_show_as_growth(data) -> None:
    wide = data["belt_gmv"].pivot_table(index="belt_id", columns="year", values="gmv_yuan")
    growth = wide[2020] / wide[2019]
    assert growth["liuzhou-luosifen"] >= 4  # online +780 %
    assert growth["guangzhou-oral-care"] > 2  # 超1倍
    for belt in ("guizhou-baijiu", "fuqing-eel", "xintang-denim"):  # 超100%增长
        assert growth[belt] > 2, belt
    for belt in ("shunde-appliances", "changshu-apparel", "fujian-pastry", "lipu-hangers", "anxi-tieguanyin"):
        assert growth[belt] > 1.3, belt


def test_belt_gmv_shape(data, belts) -> None:
    bg = data["belt_gmv"]
    assert list(bg.columns) == list(TABLES["belt_gmv"].column_names)
    assert set(bg["belt_id"]) == set(belts["belt_id"])
    assert sorted(bg["year"].unique()) == list(sample.YEARS)
    assert not bg.duplicated(["belt_id", "year"]).any()
    assert (bg["gmv_yuan"] > 0).all()
    assert pd.api.types.is_integer_dtype(bg["merchants"]) and (bg["merchants"] >= 1).all()


# --------------------------------------------------------------------------- brands


BRAND_RE = re.compile(r"^(?P<cat>.+)·品牌\d{2,}$")


def test_brand_names_are_synthetic(data, categories) -> None:
    bs = data["brand_sales"]
    assert list(bs.columns) == list(TABLES["brand_sales"].column_names)
    pairs = bs[["category_l2", "brand"]].drop_duplicates()
    for cat, brand in zip(pairs["category_l2"].astype(str), pairs["brand"].astype(str), strict=True):
        m = BRAND_RE.match(brand)
        assert m is not None and m.group("cat") == cat, brand
    assert set(bs["category_l2"].astype(str)) == set(categories["category_l2"])
    assert not set(bs["province_adcode"]) & MAINLAND_EXCLUDED
    assert sorted(bs["year"].unique()) == list(sample.YEARS)
    assert not bs.duplicated(["category_l2", "brand", "province_adcode", "year"]).any()
    assert (bs["sales_yuan"] >= 0).all()


def test_no_real_brand_anywhere(data) -> None:
    texts = [
        (DATA / "belts.csv").read_text(encoding="utf-8"),
        (DATA / "categories.csv").read_text(encoding="utf-8"),
        "\n".join(data["brand_sales"]["brand"].astype(str).unique()),
        "\n".join(data["brand_sales"]["category_l2"].astype(str).unique()),
        "\n".join(data["belt_gmv"]["belt_id"].astype(str).unique()),
    ]
    blob = "\n".join(texts).lower()
    for name in REAL_BRANDS:
        assert name.lower() not in blob, name


# --------------------------------------------------------------------------- determinism & size


def test_same_seed_same_frames(belts, categories, provinces) -> None:
    cities = load_city_centroids()
    pd.testing.assert_frame_equal(sample.generate_belt_gmv(belts, 5), sample.generate_belt_gmv(belts, 5))
    pd.testing.assert_frame_equal(
        sample.generate_city_gmv(belts, cities, 5), sample.generate_city_gmv(belts, cities, 5)
    )
    pd.testing.assert_frame_equal(
        sample.generate_brand_sales(categories, provinces, 20_000, 5),
        sample.generate_brand_sales(categories, provinces, 20_000, 5),
    )


def test_different_seed_different_values(frames) -> None:
    a, b = frames["seed-2021"], frames["seed-7"]
    for name in ("belt_gmv", "city_gmv"):
        assert not np.allclose(a[name]["gmv_yuan"].to_numpy(), b[name]["gmv_yuan"].to_numpy())
    assert len(a["brand_sales"]) == len(b["brand_sales"])
    sales_a, sales_b = a["brand_sales"]["sales_yuan"].to_numpy(), b["brand_sales"]["sales_yuan"].to_numpy()
    assert not np.allclose(sales_a, sales_b)


def test_bundled_files_are_seed_2021(frames) -> None:
    """data/*.parquet is exactly what write_sample(Path('data')) produces with the default seed."""
    for name in ("belt_gmv", "city_gmv", "brand_sales"):
        gen, bundled = frames["seed-2021"][name], frames["bundled"][name]
        pd.testing.assert_frame_equal(
            gen.astype({c: str for c in ("category_l2", "brand") if c in gen}),
            bundled.astype({c: str for c in ("category_l2", "brand") if c in bundled}),
            check_dtype=False,
        )


def test_default_size_is_modest(frames) -> None:
    assert 50_000 <= len(frames["seed-2021"]["brand_sales"]) <= 150_000


@pytest.mark.parametrize("rows", [25_000, 333_333])
def test_rows_scales_brand_sales(categories, provinces, rows) -> None:
    n = len(sample.generate_brand_sales(categories, provinces, rows, 1))
    assert abs(n - rows) <= 0.01 * rows


def test_write_sample(tmp_path) -> None:
    counts = sample.write_sample(tmp_path, rows=30_000, seed=3)
    for name, n in counts.items():
        assert len(pd.read_parquet(tmp_path / f"{name}.parquet")) == n
    assert abs(counts["brand_sales"] - 30_000) <= 300


# --------------------------------------------------------------------------- registry files


def test_categories_file(categories) -> None:
    assert list(categories.columns) == list(TABLES["categories"].column_names)
    assert categories["category_l2"].is_unique
    assert 30 <= len(categories) <= 40
    listed = categories.dropna(subset=["report_band"])
    assert {b: sorted(g) for b, g in listed.groupby("report_band")["category_l2"]} == {
        b: sorted(c) for b, c in REPORT_BANDS.items()
    }
    assert (listed["provenance"] == "report").all()
    assert (categories.loc[categories["report_band"].isna(), "provenance"] == "sample").all()


def test_belts_file(belts, provinces) -> None:
    assert list(belts.columns) == list(TABLES["belts"].column_names)
    assert belts["belt_id"].is_unique
    counts = belts.groupby("province_adcode").size()
    mainland = provinces.loc[~provinces["adcode"].isin(MAINLAND_EXCLUDED), "adcode"]
    assert (counts.reindex(mainland).fillna(0) >= 2).all()
    assert not set(belts["province_adcode"]) & MAINLAND_EXCLUDED
    for p in (440000, 330000, 310000, 320000, 350000, 110000, 370000, 130000, 340000, 360000):
        assert counts[p] >= 4, p

    report = belts[belts["provenance"] == "report"]
    assert len(report) == 24
    text = ROOT / "data" / "reference" / "2021-digital-industrial-belt-report.txt"
    if not text.exists():
        text = Path("/work/shared/reference/2021-digital-industrial-belt-report.txt")
    if text.exists():
        body = text.read_text(encoding="utf-8")
        for section in report["report_section"]:
            assert section in body, section

    fake = belts[belts["provenance"] == "sample"]
    assert fake["report_section"].isna().all()
    assert fake["name_zh"].str.startswith("示例·").all()
    assert fake["name_en"].str.startswith("Sample · ").all()
    assert fake["belt_id"].str.startswith("sample-").all()


def test_belt_coordinates_come_from_geo(belts) -> None:
    cities = pd.read_csv(ROOT / "geo" / "city_centroids.csv").set_index("adcode")
    counties = pd.read_csv(ROOT / "geo" / "county_centroids.csv").set_index("adcode")
    for row in belts.itertuples():
        assert cities.loc[row.city_adcode, "province_adcode"] == row.province_adcode, row.belt_id
        if pd.notna(row.county_adcode):
            place = counties.loc[int(row.county_adcode)]
            assert place["city_adcode"] == row.city_adcode, row.belt_id
        else:
            place = cities.loc[row.city_adcode]
        assert (row.lon, row.lat) == pytest.approx((place["lon"], place["lat"]), abs=1e-6), row.belt_id
