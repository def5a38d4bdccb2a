"""Seeded generator of the SAMPLE tables: `belt_gmv`, `city_gmv` and `brand_sales`.

Everything here is synthetic. The report publishes its charts as images without numbers, so no
figure from this module is real; the generator only *shapes* made-up numbers so that they agree
with the report's qualitative statements (checked one by one in `tests/unit/test_sample_claims.py`):

* 粤 > 浙 > 沪 > 苏 > 闽 > 京 > 鲁 > 冀 > 皖 > 赣 are the ten core provinces by belt scale, every
  other province below 赣 ("粤、浙、沪、苏、闽、京、鲁、冀、皖、赣是我国十大核心产地");
* among those ten, 沪、闽、冀、赣 grow fastest 2018–2020 ("沪、闽、冀、赣增速显著");
* 北京、杭州、广州、深圳 are the largest belt cities ("北、杭、广、深成为规模领先的产业带城市");
* 上海、北京、佛山、泉州 gain share of the national total ("近年来上海、北京、佛山、泉州的发展表现亮眼");
* the Top-5 brand share (CR5) of each category the report lists falls in its band
  (≤15 % / 15–40 % / ≥40 %);
* HHI readings span the three usual classes: the enterprise-brand categories (the report's ≥40 %
  band "企业品牌打造优势突出" and the sample's other top-heavy ones, `TOP_HEAVY`) have one leader far
  ahead and read moderate (1,500–2,500) or high (> 2,500); the others read unconcentrated;
* the report's cases appear as growth: 柳州螺蛳粉 2019→2020 several-fold (report: online +780 %),
  广州口腔 more than doubles ("近一年快速增长超1倍"), 贵州白酒 / 福清鳗鱼 / 新塘牛仔 more than double
  ("超100%增长"), 顺德小家电, 常熟服饰, 福建糕点, 荔浦衣架, 安溪铁观音 grow. The report's campaign
  multiples (顺德 +114 %, 常熟 orders ×12, 福建糕点 ×34, 荔浦衣架 ×60) describe single marketing
  events, partly in 2021, and are *not* reproduced as annual growth.

Brands are named `<category>·品牌NN`; no real brand name ever appears.

**`brand_sales` and `belt_gmv` tell one story.** For every (province, category, year), the
category's brand sales in that province are at least the sum of `belt_gmv` over that province's
belts of the category (`belt_category_sales`), and therefore nationally too: belts are where a
category's online sales concentrate, `brand_sales` covers all of them — the belts' own sellers plus
an uplift for the province's other sellers, plus the category's sales outside belts spread over all
provinces (`_province_totals`).

**Why `city_gmv` is its own series and not a sum of `belt_gmv`.** The report's province chart puts
沪 above 京, yet its city statement puts 北京 ahead of 上海 — and both are municipalities, whose city
*is* the whole province. The two charts therefore cannot measure the same thing (the city chart is a
share of "企业归属地成交规模", the province chart a belt scale; coverage and attribution evidently
differ). To honour both statements the generator draws `city_gmv` as a separate series of city
shares; only its national total per year is tied to the total of `belt_gmv`. Never derive one from
the other.

All functions are pure (inputs in, DataFrame out; randomness only from `numpy.random.default_rng`
seeded by the caller). `write_sample` writes the three tables as zstd-compressed Parquet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from beltatlas.geo import load_city_centroids
from beltatlas.provinces import province_table
from beltatlas.report import CORE_PROVINCES, FAST_GROWING_PROVINCES, RISING_CITIES

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = REPO_ROOT / "data"

DEFAULT_SEED = 2021
YEARS: tuple[int, ...] = (2018, 2019, 2020)
#: Default size of `brand_sales` (the bundled file); `rows=` overrides it.
DEFAULT_BRAND_ROWS = 140_000
YI = 1e8  # 亿元 in yuan

#: Sample 2020 belt scale per province in 亿元 (before ±5 % noise). The ten core provinces are
#: spaced ≥ 20 % apart and every other province stays ≥ 15 % below 赣, so the order survives noise.
PROVINCE_SCALE_2020: dict[int, float] = {
    440000: 8000,
    330000: 6500,
    310000: 4200,
    320000: 3500,
    350000: 2900,
    110000: 2400,
    370000: 1900,
    130000: 1500,
    340000: 1200,
    360000: 950,
    510000: 700,
    410000: 650,
    420000: 600,
    430000: 540,
    500000: 450,
    120000: 420,
    450000: 400,
    210000: 340,
    610000: 300,
    530000: 240,
    520000: 230,
    140000: 150,
    230000: 150,
    220000: 130,
    150000: 120,
    650000: 100,
    460000: 90,
    620000: 70,
    640000: 50,
    630000: 35,
    540000: 25,
}
#: Fallback scale for a province missing above (亿元).
OTHER_PROVINCE_SCALE = 30.0
#: 2018–2020 CAGR ranges of province belt scale: fast four vs the other core six.
FAST_CAGR = (0.34, 0.44)
CORE_CAGR = (0.16, 0.26)

#: 2019→2020 growth factor ranges for belts whose case the report tells (shape only, not real).
BELT_GROWTH_2020: dict[str, tuple[float, float]] = {
    "liuzhou-luosifen": (6.5, 9.0),  # 线上广西螺蛳粉消费规模较去年提升了780%
    "guangzhou-oral-care": (2.1, 2.5),  # 近一年快速增长超1倍
    "guizhou-baijiu": (2.05, 2.4),  # 拉动商家销售实现超100%增长
    "fuqing-eel": (2.05, 2.4),
    "xintang-denim": (2.05, 2.4),
    "shunde-appliances": (1.8, 2.2),  # 拉动成交同比增长114%
    "fujian-pastry": (1.6, 2.2),  # 成交爆发34倍 (one campaign)
    "lipu-hangers": (1.5, 2.0),  # 近60倍爆发 (one campaign, 2021)
    "changshu-apparel": (1.4, 1.8),  # 支付订单同比增长12倍 (campaigns, 2021)
    "anxi-tieguanyin": (1.4, 1.8),  # 异军突起
}
DEFAULT_GROWTH = (1.05, 1.25)

#: Totals the report states for a belt's whole industry in 2020, which the belt's sample online
#: scale must stay under (online sales are part of them): "截至2020年12月17日，袋装柳州螺蛳粉产销达到
#: 105.60亿元" (section 广西螺蛳粉). The sample takes at most `ONLINE_SHARE_OF_STATED` of it; the rest
#: of the belt's random share goes to the province's other belts, so province totals stay as drawn.
STATED_TOTAL_2020: dict[str, float] = {"liuzhou-luosifen": 105.60 * YI}
ONLINE_SHARE_OF_STATED = 0.5

#: Sample 2020 share of national belt sales for the top-10 cities, and its 2018→2020 change in
#: percentage points. 北京 leads; 上海/北京/佛山/泉州 gain 0.8–1.6 pp, the others -0.8…+0.3 pp.
TOP_CITY_SHARE_2020: dict[int, float] = {
    110100: 0.110,
    330100: 0.100,
    440100: 0.090,
    440300: 0.080,
    310100: 0.060,
    440600: 0.046,
    350500: 0.042,
    320500: 0.038,
    330700: 0.034,
    441900: 0.030,
}
GAIN_PP = (0.8, 1.6)
OTHER_PP = (-0.8, 0.3)
#: No city outside the top ten gets more than this share in any year.
REST_CITY_CAP = 0.018
MIN_CITIES = 40

#: Report bands: target CR5 range drawn per category (kept ≥ 3.5 points inside each band).
BAND_CR5: dict[str, tuple[float, float]] = {
    "low": (0.07, 0.115),
    "mid": (0.20, 0.35),
    "high": (0.48, 0.72),
}
#: Top-heavy (enterprise-brand) categories — the report's ≥40 % band (手机, 汽车, 大家电: "企业品牌
#: 打造优势突出") and the sample's other top-heavy ones — as (CR5 range, HHI range): one leader far
#: ahead. HHI targets stay ≥ 350 from the 1,500 / 2,500 reading cut-offs so yearly noise keeps the
#: reading: 手机, 大家电, 乳制品 read high (> 2,500), 汽车, 口腔护理, 羽绒服 moderate. Every CR5 range
#: lies inside the report band of a listed category. Other categories (CR5 ≤ 40 %) cannot reach an
#: HHI of 1,500 without one brand holding nearly all of the Top-5; they read unconcentrated.
TOP_HEAVY: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {
    "手机": ((0.62, 0.72), (2900, 3300)),
    "大家电": ((0.60, 0.70), (2900, 3300)),
    "乳制品": ((0.60, 0.68), (2900, 3300)),
    "汽车": ((0.55, 0.70), (1850, 2150)),
    "口腔护理": ((0.50, 0.56), (1850, 2150)),
    "羽绒服": ((0.50, 0.56), (1850, 2150)),
}
#: A top-heavy category gets as many brands as a category of this CR5 (a long tail of small brands).
TOP_HEAVY_BRAND_CR5 = 0.12
#: Sample CR5 for the other categories the report does not band (±1.5 points of noise; all ≥ 2.5
#: points from the 15 % / 40 % cut-offs so the band the app computes is stable across seeds).
SAMPLE_CR5: dict[str, float] = {
    "男装": 0.19,
    "女装": 0.12,
    "休闲服装": 0.115,
    "牛仔服饰": 0.11,
    "内衣": 0.22,
    "皮具": 0.18,
    "纺织面料": 0.10,
    "陶瓷": 0.12,
    "家具": 0.19,
    "五金工具": 0.21,
    "婴童用品": 0.23,
    "玩具": 0.28,
    "茶叶": 0.11,
    "方便速食": 0.31,
    "糕点": 0.18,
    "粮油调味": 0.34,
    "水产": 0.10,
    "水果": 0.09,
    "肉类": 0.20,
    "滋补保健": 0.24,
    "健身器材": 0.27,
}
CR5_NOISE = 0.015
MIN_BRANDS = 6
#: Yearly noise (lognormal sigma) on each brand's national share.
SHARE_NOISE = 0.025

#: Province × category sales around belts (see `_province_totals`): belt sum × (1 + uplift) in the
#: belts' own province, plus the category's national sales outside belts, `REST_SHARE` × its national
#: belt sum (2020), growing `REST_GROWTH` a year; a category without belts sells about this much.
BELT_PROVINCE_UPLIFT = (0.15, 0.60)
REST_SHARE = (0.15, 0.60)
REST_GROWTH = (1.10, 1.30)
NO_BELT_SALES_2020 = 600.0  # 亿元
#: Rounds of iterative proportional fitting of brand × province sales to both margins.
FIT_ROUNDS = 6

MAINLAND_EXCLUDED: frozenset[int] = frozenset({710000, 810000, 820000})


# --------------------------------------------------------------------------- inputs


def load_belts(data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """`belts.csv` from `data_dir`."""
    return pd.read_csv(data_dir / "belts.csv")


def load_categories(data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """`categories.csv` from `data_dir` (empty report_band read as missing)."""
    return pd.read_csv(data_dir / "categories.csv")


# --------------------------------------------------------------------------- belt_gmv


def generate_belt_gmv(belts: pd.DataFrame, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Sample yearly GMV (yuan) and merchant counts per belt for `YEARS`.

    Province totals for 2020 follow `PROVINCE_SCALE_2020` (±5 %) and are split over the province's
    belts with random weights. Each belt's 2019 value is its 2020 value divided by a growth factor
    (the report's cases get the factors in `BELT_GROWTH_2020`); 2018 is 2019 divided by another
    factor, and for the ten core provinces 2018 is rescaled so the province's 2018–2020 CAGR hits
    its target exactly (fast four 34–44 %, other six 16–26 %).
    """
    rng = np.random.default_rng([seed, 1])
    ids = belts["belt_id"].astype(str).to_numpy()
    prov = belts["province_adcode"].astype(np.int64).to_numpy()
    n = len(ids)

    provinces = np.unique(prov)
    scale = np.array([PROVINCE_SCALE_2020.get(int(p), OTHER_PROVINCE_SCALE) for p in provinces])
    total20 = scale * YI * rng.uniform(0.95, 1.05, len(provinces))
    cagr = np.where(
        np.isin(provinces, FAST_GROWING_PROVINCES),
        rng.uniform(*FAST_CAGR, len(provinces)),
        rng.uniform(*CORE_CAGR, len(provinces)),
    )
    pidx = np.searchsorted(provinces, prov)

    weight = rng.lognormal(0.0, 0.45, n)
    weight_sum = np.bincount(pidx, weights=weight, minlength=len(provinces))
    g20 = total20[pidx] * weight / weight_sum[pidx]

    g20 = _under_stated_totals(g20, ids, pidx, weight)

    lo = np.array([BELT_GROWTH_2020.get(b, DEFAULT_GROWTH)[0] for b in ids])
    hi = np.array([BELT_GROWTH_2020.get(b, DEFAULT_GROWTH)[1] for b in ids])
    r20 = lo + (hi - lo) * rng.random(n)
    g19 = g20 / r20
    g18 = g19 / rng.uniform(*DEFAULT_GROWTH, n)

    core = np.isin(provinces, CORE_PROVINCES)
    target18 = total20 / (1.0 + cagr) ** 2
    sum18 = np.bincount(pidx, weights=g18, minlength=len(provinces))
    factor = np.where(core, target18 / sum18, 1.0)
    g18 = g18 * factor[pidx]

    gmv = np.round(np.column_stack([g18, g19, g20]), 2)  # (n, 3)
    per_merchant20 = rng.lognormal(np.log(3e6), 0.4, n)
    years = np.array(YEARS)
    per_merchant = per_merchant20[:, None] / 1.08 ** (YEARS[-1] - years)[None, :]
    merchants = np.maximum(1, np.rint(gmv / per_merchant)).astype(np.int64)

    return pd.DataFrame(
        {
            "belt_id": np.repeat(ids, len(YEARS)),
            "year": np.tile(years, n).astype(np.int16),
            "gmv_yuan": gmv.ravel(),
            "merchants": merchants.ravel(),
        }
    )


def _under_stated_totals(
    g20: np.ndarray, ids: np.ndarray, pidx: np.ndarray, weight: np.ndarray
) -> np.ndarray:
    """`g20` with each belt of `STATED_TOTAL_2020` capped at its share of the stated total, the excess
    split over the other belts of its province by their weights (a province of one belt keeps less)."""
    out = g20.copy()
    for belt, stated in STATED_TOTAL_2020.items():
        (where,) = np.nonzero(ids == belt)
        for i in where:
            cap = ONLINE_SHARE_OF_STATED * stated
            if out[i] <= cap:
                continue
            excess = out[i] - cap
            out[i] = cap
            others = (pidx == pidx[i]) & (np.arange(len(out)) != i)
            if others.any():
                out[others] += excess * weight[others] / weight[others].sum()
    return out


# --------------------------------------------------------------------------- city_gmv


def _capped_shares(weights: np.ndarray, total: float, cap: float) -> np.ndarray:
    """Split `total` proportionally to `weights`, no part above `cap` (water-filling)."""
    shares = np.zeros_like(weights)
    free = np.ones(len(weights), dtype=bool)
    remaining = total
    for _ in range(len(weights)):
        part = remaining * weights * free / weights[free].sum()
        over = free & (part > cap)
        if not over.any():
            shares[free] = part[free]
            break
        shares[over] = cap
        remaining -= cap * over.sum()
        free &= ~over
    return shares


def generate_city_gmv(
    belts: pd.DataFrame,
    cities: pd.DataFrame,
    seed: int = DEFAULT_SEED,
    national: Mapping[int, float] | None = None,
) -> pd.DataFrame:
    """Sample yearly belt GMV per city, a series of its own (see the module docstring).

    Covers every city that has a belt plus the top-10 cities of `TOP_CITY_SHARE_2020`, topped up
    with further cities (by adcode) to at least `MIN_CITIES`. `national` maps year → national total
    (yuan); by default the total of `generate_belt_gmv(belts, seed)`. Each city's GMV is its sample
    share times that total, so shares are exact: 北京、杭州、广州、深圳 lead every year, and
    上海、北京、佛山、泉州 are the four top-10 cities gaining most share 2018→2020.
    """
    rng = np.random.default_rng([seed, 2])
    if national is None:
        bg = generate_belt_gmv(belts, seed)
        national = bg.groupby("year")["gmv_yuan"].sum().to_dict()

    top = np.array(list(TOP_CITY_SHARE_2020), dtype=np.int64)
    wanted = list(dict.fromkeys([*top.tolist(), *belts["city_adcode"].astype(np.int64).tolist()]))
    extra = [int(c) for c in cities["adcode"] if int(c) not in set(wanted)]
    extra = [c for c in extra if int(c) // 10000 * 10000 not in MAINLAND_EXCLUDED]
    wanted += extra[: max(0, MIN_CITIES - len(wanted))]
    adcodes = np.array(wanted, dtype=np.int64)
    known = cities.set_index("adcode")["province_adcode"]
    missing = [int(c) for c in adcodes if int(c) not in known.index]
    if missing:
        raise ValueError(f"cities missing from geo/city_centroids.csv: {missing}")
    province = known.loc[adcodes].to_numpy(dtype=np.int64)

    n_top, n_rest = len(top), len(adcodes) - len(top)
    share20_top = np.array(list(TOP_CITY_SHARE_2020.values())) * rng.uniform(0.96, 1.04, n_top)
    gaining = np.isin(top, RISING_CITIES)
    delta_pp = np.where(gaining, rng.uniform(*GAIN_PP, n_top), rng.uniform(*OTHER_PP, n_top))
    share18_top = share20_top - delta_pp / 100.0
    share19_top = (share18_top + share20_top) / 2.0 * rng.uniform(0.99, 1.01, n_top)

    # Cities outside the top ten: bigger in provinces with a bigger belt scale, plus noise.
    rest_scale = np.array([PROVINCE_SCALE_2020.get(int(p), OTHER_PROVINCE_SCALE) for p in province[n_top:]])
    rest_weight = rest_scale**0.5 * rng.lognormal(0.0, 0.6, n_rest)
    shares = []
    for top_share in (share18_top, share19_top, share20_top):
        drift = rest_weight * rng.lognormal(0.0, 0.08, n_rest)
        rest = _capped_shares(drift, 1.0 - top_share.sum(), REST_CITY_CAP)
        shares.append(np.concatenate([top_share, rest]))
    share = np.column_stack(shares)  # (cities, years)
    totals = np.array([float(national[y]) for y in YEARS])
    gmv = np.round(share * totals[None, :], 2)

    return pd.DataFrame(
        {
            "city_adcode": np.repeat(adcodes, len(YEARS)),
            "province_adcode": np.repeat(province, len(YEARS)),
            "year": np.tile(np.array(YEARS), len(adcodes)).astype(np.int16),
            "gmv_yuan": gmv.ravel(),
        }
    )


# --------------------------------------------------------------------------- brand_sales


def belt_category_sales(belt_gmv: pd.DataFrame, belts: pd.DataFrame) -> pd.DataFrame:
    """Σ belt GMV per (province_adcode, category_l2, year): the floor `brand_sales` never goes below.

    Columns `province_adcode`, `category_l2`, `year`, `gmv_yuan`; raises if a `belt_gmv` row names a
    belt that `belts` lacks.
    """
    merged = belt_gmv.merge(
        belts[["belt_id", "province_adcode", "category_l2"]], on="belt_id", how="left", validate="many_to_one"
    )
    if merged["category_l2"].isna().any():
        unknown = sorted(merged.loc[merged["category_l2"].isna(), "belt_id"].astype(str).unique())
        raise ValueError(f"belt_gmv names belts missing from belts: {unknown[:5]}")
    grouped = merged.groupby(["province_adcode", "category_l2", "year"], as_index=False)["gmv_yuan"].sum()
    return grouped.astype({"province_adcode": np.int64, "year": np.int64})


def _cr5_targets(categories: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """Target CR5 per category: inside the report band (top-heavy ones: their own range inside it),
    or the sample value ± noise."""
    bands = categories["report_band"].where(categories["report_band"].notna(), None).tolist()
    names = categories["category_l2"].astype(str).tolist()
    u = rng.random(len(names))
    noise = rng.uniform(-CR5_NOISE, CR5_NOISE, len(names))
    out = np.empty(len(names))
    for i, (name, band) in enumerate(zip(names, bands, strict=True)):
        if name in TOP_HEAVY:
            lo, hi = TOP_HEAVY[name][0]
            out[i] = lo + (hi - lo) * u[i]
        elif band in BAND_CR5:
            lo, hi = BAND_CR5[band]
            out[i] = lo + (hi - lo) * u[i]
        elif name in SAMPLE_CR5:
            out[i] = SAMPLE_CR5[name] + noise[i]
        else:  # an unknown category: anywhere, but away from the cut-offs
            out[i] = float(rng.choice([0.09, 0.25, 0.55])) + noise[i]
    return out


def _hhi_targets(categories: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """Target HHI (0–10,000) per category: drawn from `TOP_HEAVY`'s range, NaN for the others."""
    names = categories["category_l2"].astype(str).tolist()
    u = rng.random(len(names))
    out = np.full(len(names), np.nan)
    for i, name in enumerate(names):
        if name in TOP_HEAVY:
            lo, hi = TOP_HEAVY[name][1]
            out[i] = lo + (hi - lo) * u[i]
    return out


def _brand_counts(cr5: np.ndarray, total: int, top_heavy: np.ndarray) -> np.ndarray:
    """Split `total` brands over categories: `MIN_BRANDS` each, the rest in proportion to 1 / CR5.

    A category with n equal brands has CR5 = 5 / n, so a low target needs many brands; with the
    default size every category gets about 8 / CR5 brands, leaving room for a power-law tail. A
    top-heavy category (`top_heavy`) is weighted as if its CR5 were `TOP_HEAVY_BRAND_CR5`: a leader
    far ahead needs a long tail of small brands. The counts sum to `total` exactly.
    """
    n_cat = len(cr5)
    spare = max(0, total - MIN_BRANDS * n_cat)
    weight = 1.0 / np.where(top_heavy, TOP_HEAVY_BRAND_CR5, cr5)
    raw = spare * weight / weight.sum()
    counts = np.floor(raw).astype(np.int64)
    short = spare - int(counts.sum())
    if short > 0:
        counts[np.argsort(-(raw - counts), kind="stable")[:short]] += 1
    return counts + MIN_BRANDS


def _power(ranks: np.ndarray, head: int, ratio: float) -> np.ndarray:
    """Weights ranks^-a (a in [0, 8]) with Σ first `head` / Σ rest = `ratio` (a = 0 if below reach)."""
    log_r = np.log(ranks)
    lo, hi = 0.0, 8.0
    for _ in range(50):
        a = (lo + hi) / 2.0
        w = np.exp(-a * log_r)
        if w[:head].sum() / w[head:].sum() < ratio:
            lo = a
        else:
            hi = a
    return np.exp(-((lo + hi) / 2.0) * log_r)


def _zipf_shares(n_brands: int, cr5: float) -> np.ndarray:
    """Shares ∝ rank^-a (largest first) with the top-5 summing to `cr5` (uniform if infeasible)."""
    if cr5 <= 5.0 / n_brands:
        return np.full(n_brands, 1.0 / n_brands)
    w = _power(np.arange(1, n_brands + 1, dtype=np.float64), 5, cr5 / (1.0 - cr5))
    return w / w.sum()


def _leader_shares(n_brands: int, cr5: float, leader: float) -> np.ndarray:
    """Rank 1 holds `leader`; ranks 2–5 hold cr5 − leader and ranks 6… hold 1 − cr5, both parts one
    power law (so shares never rise with rank)."""
    w = _power(np.arange(2, n_brands + 1, dtype=np.float64), 4, (cr5 - leader) / (1.0 - cr5))
    head, tail = w[:4], w[4:]
    return np.concatenate([[leader], head / head.sum() * (cr5 - leader), tail / tail.sum() * (1.0 - cr5)])


def _ranked_shares(n_brands: int, cr5: float, hhi: float = float("nan")) -> np.ndarray:
    """Brand shares, largest first, with Top-5 share `cr5` and, when given and reachable, HHI `hhi`.

    Without `hhi` (or when the power law already reaches it) the shares are `_zipf_shares`. Otherwise
    the leader is raised above the power law — the usual shape of an enterprise-brand market, one
    brand far ahead — and solved so that Σ share² · 10,000 = `hhi`; if even the flattest tail (all of
    ranks 2… equal) cannot reach it, the leader stops there.
    """
    zipf = _zipf_shares(n_brands, cr5)
    if np.isnan(hhi) or n_brands <= 5 or cr5 >= 1.0 or float((zipf**2).sum()) * 1e4 >= hhi:
        return zipf
    lo = float(zipf[0])
    hi = cr5 - 4.0 * (1.0 - cr5) / (n_brands - 5)  # ranks 2… all equal
    if hi <= lo:
        return zipf
    if float((_leader_shares(n_brands, cr5, hi) ** 2).sum()) * 1e4 <= hhi:
        return _leader_shares(n_brands, cr5, hi)
    for _ in range(50):
        mid = (lo + hi) / 2.0
        if float((_leader_shares(n_brands, cr5, mid) ** 2).sum()) * 1e4 < hhi:
            lo = mid
        else:
            hi = mid
    return _leader_shares(n_brands, cr5, (lo + hi) / 2.0)


def _province_totals(floor: np.ndarray, prov_scale: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Sample sales per category × province × year (yuan) from the belt floor `floor` (same shape).

    Where a province has belts of the category, its sales are the belts' sum × (1 + uplift), the
    uplift (`BELT_PROVINCE_UPLIFT`) standing for the category's sellers outside the belts. On top,
    every province gets a part of the category's national sales outside belts: `REST_SHARE` × the
    category's national belt sum (a category without belts: lognormal around `NO_BELT_SALES_2020`),
    spread over provinces by province scale and noise. Every value is ≥ its floor by construction.
    """
    n_cat, n_prov, n_years = floor.shape
    years_back = (YEARS[-1] - np.array(YEARS))[None, :]
    uplift = rng.uniform(*BELT_PROVINCE_UPLIFT, (n_cat, n_prov))[:, :, None]
    uplift = uplift * rng.lognormal(0.0, 0.05, (n_cat, n_prov, n_years))
    national_belts = floor.sum(axis=1)  # (cat, years)
    rest20 = np.where(
        national_belts[:, -1] > 0,
        national_belts[:, -1] * rng.uniform(*REST_SHARE, n_cat),
        rng.lognormal(np.log(NO_BELT_SALES_2020 * YI), 0.4, n_cat),
    )
    rest = rest20[:, None] / rng.uniform(*REST_GROWTH, n_cat)[:, None] ** years_back  # (cat, years)
    spread = prov_scale[None, :, None] * rng.lognormal(0.0, 0.5, (n_cat, n_prov))[:, :, None]
    spread = spread * rng.lognormal(0.0, 0.05, (n_cat, n_prov, n_years))
    spread /= spread.sum(axis=1, keepdims=True)
    return floor * (1.0 + uplift) + rest[:, None, :] * spread


def generate_brand_sales(
    categories: pd.DataFrame,
    provinces: pd.DataFrame,
    belt_gmv: pd.DataFrame,
    belts: pd.DataFrame,
    rows: int | None = None,
    seed: int = DEFAULT_SEED,
) -> pd.DataFrame:
    """Sample sales (yuan) per category × synthetic brand × mainland province × year.

    **Identity with `belt_gmv`**: for every (province, category, year) the category's brand sales in
    the province are at least the sum of `belt_gmv` over the province's belts of that category
    (`belt_category_sales`), and so nationally too — belts are where a category's online sales
    concentrate, `brand_sales` covers all of them (see `_province_totals`).

    The table is a full grid, so `rows` sets the number of brands (rows / provinces / years); the
    result is within ±1 % of `rows` for rows ≥ 25,000 (the floor is `MIN_BRANDS` brands per
    category, about 22,000 rows with the bundled categories). National brand shares within a category
    follow `_ranked_shares`: a power law whose Top-5 share is the category's target CR5 (`BAND_CR5`,
    `SAMPLE_CR5`), and for the top-heavy categories of `TOP_HEAVY` a leader raised so the HHI hits its
    target; small per-year noise moves both a little. Each brand-year is split over provinces by
    brand-province preference noise, fitted (a few rounds of iterative proportional fitting) so the
    province × category totals are exact and the brands' national totals nearly so. Brand names are
    `<category>·品牌NN` with shuffled numbers. `category_l2` and `brand` are pandas categoricals.
    """
    rng = np.random.default_rng([seed, 3])
    prov = provinces["adcode"].astype(np.int64)
    prov = prov[~prov.isin(MAINLAND_EXCLUDED)].to_numpy()
    n_prov, n_years = len(prov), len(YEARS)
    cats = categories["category_l2"].astype(str).tolist()
    n_cat = len(cats)

    floor_rows = belt_category_sales(belt_gmv, belts)
    ci = pd.Index(cats).get_indexer(floor_rows["category_l2"].astype(str))
    pi = pd.Index(prov).get_indexer(floor_rows["province_adcode"])
    yi = pd.Index(YEARS).get_indexer(floor_rows["year"])
    if (ci < 0).any() or (pi < 0).any() or (yi < 0).any():
        raise ValueError("belt_gmv has a category, province or year that brand_sales does not cover")
    floor = np.zeros((n_cat, n_prov, n_years))
    np.add.at(floor, (ci, pi, yi), floor_rows["gmv_yuan"].to_numpy(dtype=np.float64))

    target_rows = DEFAULT_BRAND_ROWS if rows is None else int(rows)
    total_brands = round(target_rows / (n_prov * n_years))
    cr5 = _cr5_targets(categories, rng)
    hhi = _hhi_targets(categories, rng)
    counts = _brand_counts(cr5, total_brands, ~np.isnan(hhi))
    k = int(counts.sum())
    brand_cat = np.repeat(np.arange(n_cat), counts)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)

    # Base share of each brand within its category (ranked), and shuffled brand numbers.
    base = np.empty(k)
    labels: list[str] = []
    for c, (name, count, start) in enumerate(zip(cats, counts, starts, strict=True)):
        base[start : start + count] = _ranked_shares(int(count), float(cr5[c]), float(hhi[c]))
        width = max(2, len(str(int(count))))
        numbers = rng.permutation(int(count)) + 1
        labels.extend(f"{name}·品牌{num:0{width}d}" for num in numbers.tolist())

    # Province × category totals (≥ the belts' floor) and brand totals per year (shares × national).
    prov_scale = np.array([PROVINCE_SCALE_2020.get(int(p), OTHER_PROVINCE_SCALE) for p in prov]) ** 0.8
    target = _province_totals(floor, prov_scale, rng)  # (cat, prov, years)
    share = base[:, None] * rng.lognormal(0.0, SHARE_NOISE, (k, n_years))
    cat_sum = np.add.reduceat(share, starts, axis=0)
    brand_total = share / cat_sum[brand_cat] * target.sum(axis=1)[brand_cat]  # (k, years)

    # Split each brand-year over provinces: brand-province preference and yearly noise, then fitted
    # to both margins; the last step fixes the province × category totals exactly.
    sales = rng.lognormal(0.0, 0.7, (k, n_prov))[:, :, None] * rng.lognormal(0.0, 0.1, (k, n_prov, n_years))
    for step in range(FIT_ROUNDS):
        if step:
            sales *= (brand_total / sales.sum(axis=1))[:, None, :]
        else:  # start from the province scale, so fewer rounds are needed
            sales *= prov_scale[None, :, None]
        factor = target / np.add.reduceat(sales, starts, axis=0)
        for c in range(n_cat):
            sales[starts[c] : starts[c] + counts[c]] *= factor[c]
    sales = np.round(sales, 2).ravel()  # order: brand, province, year

    n_rows = k * n_prov * n_years
    brand_idx = np.repeat(np.arange(k, dtype=np.int32), n_prov * n_years)
    return pd.DataFrame(
        {
            "category_l2": pd.Categorical.from_codes(brand_cat.astype(np.int32)[brand_idx], categories=cats),
            "brand": pd.Categorical.from_codes(brand_idx, categories=labels),
            "province_adcode": np.tile(np.repeat(prov.astype(np.int32), n_years), k),
            "year": np.tile(np.array(YEARS, dtype=np.int16), k * n_prov),
            "sales_yuan": sales,
        },
        index=pd.RangeIndex(n_rows),
    )


# --------------------------------------------------------------------------- writing


#: Rows per Parquet row group (pyarrow's default).
ROW_GROUP_ROWS = 1 << 20


def _write_parquet(df: pd.DataFrame, path: Path) -> None:
    """Write `df` as Parquet with categorical columns stored as plain strings.

    A pandas categorical would be written with its whole dictionary in every row group (at 100M rows:
    1.07 million brand names × 96 row groups); as strings, Parquet builds a dictionary per row group of
    only the values it holds — half the file and a third of the CPU to aggregate it. Written one row
    group at a time, so the strings of only one group are ever materialised.
    """
    table = pa.Table.from_pandas(df, preserve_index=False)
    plain = pa.schema(
        [pa.field(f.name, pa.string()) if pa.types.is_dictionary(f.type) else f for f in table.schema],
        metadata=table.schema.metadata,
    )
    with pq.ParquetWriter(path, plain, compression="zstd", compression_level=9) as writer:
        for start in range(0, max(table.num_rows, 1), ROW_GROUP_ROWS):
            part = table.slice(start, ROW_GROUP_ROWS)
            writer.write_table(part.cast(plain), row_group_size=ROW_GROUP_ROWS)


def write_sample(out_dir: Path, rows: int | None = None, seed: int = DEFAULT_SEED) -> dict[str, int]:
    """Generate the three sample tables from `data/` and `geo/` and write them as Parquet.

    Returns the number of rows written per table. `rows` sizes `brand_sales` only.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    belts = load_belts()
    belt_gmv = generate_belt_gmv(belts, seed)
    national = belt_gmv.groupby("year")["gmv_yuan"].sum().to_dict()
    city_gmv = generate_city_gmv(belts, load_city_centroids(), seed, national=national)
    brand_sales = generate_brand_sales(load_categories(), province_table(), belt_gmv, belts, rows, seed)
    tables: Sequence[tuple[str, pd.DataFrame]] = (
        ("belt_gmv", belt_gmv),
        ("city_gmv", city_gmv),
        ("brand_sales", brand_sales),
    )
    for name, df in tables:
        _write_parquet(df, out_dir / f"{name}.parquet")
    return {name: len(df) for name, df in tables}
