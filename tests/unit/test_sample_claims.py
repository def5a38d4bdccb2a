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
            "brand_sales": sample.generate_brand_sales(categories, provinces, bg, belts, None, seed),
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


def belt_sums(belt_gmv: pd.DataFrame, belts: pd.DataFrame) -> pd.Series:
    """Σ belt GMV per (province, category, year), computed here independently of the generator."""
    merged = belt_gmv.merge(
        belts[["belt_id", "province_adcode", "category_l2"]], on="belt_id", validate="many_to_one"
    )
    return merged.groupby(["province_adcode", "category_l2", "year"])["gmv_yuan"].sum()


def hhi(brand_sales: pd.DataFrame, year: int) -> pd.Series:
    """HHI (0–10,000: shares in percent, squared, summed) per category, all provinces, one year."""
    one = brand_sales[brand_sales["year"] == year]
    per_brand = one.groupby(["category_l2", "brand"], observed=True)["sales_yuan"].sum()
    share = per_brand / per_brand.groupby(level=0, observed=True).transform("sum") * 100
    return (share**2).groupby(level=0, observed=True).sum()


def reading(value: float) -> str:
    """The usual HHI reading: < 1,500 unconcentrated, 1,500–2,500 moderate, > 2,500 high."""
    return "unconcentrated" if value < 1500 else "high" if value > 2500 else "moderate"


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


#: Enterprise-brand (top-heavy) categories and the HHI reading the README states for each: the
#: report's ≥40 % band (手机, 汽车, 大家电) and the sample's other categories with CR5 above 40 %.
ENTERPRISE_READINGS = {
    "手机": "high",
    "大家电": "high",
    "乳制品": "high",
    "汽车": "moderate",
    "口腔护理": "moderate",
    "羽绒服": "moderate",
}


@pytest.mark.parametrize("year", sample.YEARS)
def test_hhi_readings_span_the_three_classes(data, year) -> None:
    readings = hhi(data["brand_sales"], year).map(reading)
    counts = readings.value_counts()
    for cls in ("unconcentrated", "moderate", "high"):
        assert counts.get(cls, 0) >= 2, (cls, counts.to_dict())


@pytest.mark.parametrize("year", sample.YEARS)
def test_enterprise_brand_categories_read_moderate_or_high(data, year) -> None:
    values = hhi(data["brand_sales"], year)
    shares = cr5(data["brand_sales"], year)
    # Every category the report puts in the ≥40 % band, and every category whose CR5 is above 40 %.
    top_heavy = set(REPORT_BANDS["high"]) | set(shares.index[shares > 0.40])
    assert top_heavy == set(ENTERPRISE_READINGS)
    for cat in top_heavy:
        assert reading(values[cat]) == ENTERPRISE_READINGS[cat], (cat, round(values[cat]))
        # Clear of both cut-offs, so the reading is no accident of rounding.
        assert min(abs(values[cat] - 1500), abs(values[cat] - 2500)) >= 150, (cat, round(values[cat]))
    others = values.drop(list(top_heavy))
    assert (others < 1500).all(), others[others >= 1500].round().to_dict()


def test_brand_sales_cover_every_provinces_belts(data, belts) -> None:
    """The identity: for every (province, category, year), the category's brand sales in the province
    are at least the belt_gmv of that province's belts of the category — and so nationally too."""
    floor = belt_sums(data["belt_gmv"], belts)
    by = ["province_adcode", "category_l2", "year"]
    sales = data["brand_sales"].groupby(by, observed=True)["sales_yuan"].sum().reindex(floor.index)
    assert sales.notna().all()
    ratio = sales / floor
    assert (ratio >= 1.0).all(), ratio[ratio < 1.0].head().to_dict()
    assert (ratio > 1.1).all()  # belts are not the whole category: other sellers in the province too

    national_floor = floor.groupby(level=["category_l2", "year"]).sum()
    national = data["brand_sales"].groupby(["category_l2", "year"], observed=True)["sales_yuan"].sum()
    assert (national.reindex(national_floor.index) >= national_floor).all()
    # The users' example: the whole 小家电 category sells more than its belt 顺德小家电 alone.
    shunde = data["belt_gmv"].query("belt_id == 'shunde-appliances'").set_index("year")["gmv_yuan"]
    for year, value in shunde.items():
        assert national[("小家电", year)] > value
    # Categories without a belt still sell (the sample is a full grid of brands × provinces).
    assert (national > 0).all()


def test_belt_category_sales_rejects_unknown_belts(belts) -> None:
    bg = pd.DataFrame({"belt_id": ["no-such-belt"], "year": [2020], "gmv_yuan": [1.0], "merchants": [1]})
    with pytest.raises(ValueError, match="no-such-belt"):
        sample.belt_category_sales(bg, belts)


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


def test_a_belt_stays_under_the_industry_total_the_report_states(data, belts) -> None:
    # 截至2020年12月17日，袋装柳州螺蛳粉产销达到105.60亿元: the belt's sample online scale is part of it.
    gmv = data["belt_gmv"].set_index(["belt_id", "year"])["gmv_yuan"]
    assert gmv[("liuzhou-luosifen", 2020)] <= 0.5 * 105.60e8
    # The rest of its share went to 广西's other belts: the province total is what the sample drew.
    drawn = sample.generate_belt_gmv(belts)
    mine = belts.loc[belts["province_adcode"] == 450000, "belt_id"]
    in_gx = drawn[drawn["belt_id"].isin(mine) & (drawn["year"] == 2020)]["gmv_yuan"].sum()
    assert in_gx / 1e8 == pytest.approx(sample.PROVINCE_SCALE_2020[450000], rel=0.06)


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
    bg = sample.generate_belt_gmv(belts, 5)
    pd.testing.assert_frame_equal(
        sample.generate_brand_sales(categories, provinces, bg, belts, 20_000, 5),
        sample.generate_brand_sales(categories, provinces, bg, belts, 20_000, 5),
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
def test_rows_scales_brand_sales(belts, categories, provinces, rows) -> None:
    bg = sample.generate_belt_gmv(belts, 1)
    bs = sample.generate_brand_sales(categories, provinces, bg, belts, rows, 1)
    assert abs(len(bs) - rows) <= 0.01 * rows
    # The identity with belt_gmv holds at every size, not only the bundled one.
    floor = belt_sums(bg, belts)
    sales = bs.groupby(["province_adcode", "category_l2", "year"], observed=True)["sales_yuan"].sum()
    assert (sales.reindex(floor.index).to_numpy() >= floor.to_numpy()).all()


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
