"""Build `data/official_stats.csv` from the project's shared public statistics.

Run once when `../shared/data/` changes:  .venv/bin/python data/build_official.py
The app never reads `../shared`; it reads the CSV this script writes.

Indicators (code → published name, unit):
- NBS 分省年度数据, 企业信息化及电子商务情况 and 互联网主要指标发展情况 (31 provinces, 2015–2024);
- AliResearch 淘宝村 / 淘宝镇 counts by province (complete for 2014–2016, only the provinces the
  press reported afterwards: marked `partial`) and national totals (adcode 100000).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from beltatlas.provinces import normalise_province

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
OUT = ROOT / "data" / "official_stats.csv"

NBS_INDICATORS: dict[str, str] = {
    "电子商务销售额 (亿元)": "ecommerce_sales",
    "电子商务采购额 (亿元)": "ecommerce_purchases",
    "有电子商务交易活动的企业数 (个)": "ecommerce_firms",
    "有电子商务交易活动的企业数比重 (%)": "ecommerce_firm_share",
    "每百人使用计算机数 (台)": "computers_per_100",
    "每百家企业拥有网站数 (个)": "websites_per_100_firms",
    "互联网宽带接入用户 (万户)": "broadband_users",
    "移动互联网用户 (万户)": "mobile_internet_users",
    "移动互联网接入流量 (万GB)": "mobile_traffic",
}
#: Years whose 淘宝村 province counts cover every province (counted from the official name lists).
TAOBAO_COMPLETE_YEARS = range(2014, 2017)
NATIONAL = 100000


def build_nbs(shared: Path) -> pd.DataFrame:
    nbs = pd.read_csv(shared / "nbs_ecommerce_by_province.csv", dtype={"adcode": int})
    unknown = set(nbs["indicator"]) - set(NBS_INDICATORS)
    if unknown:
        raise SystemExit(f"unknown NBS indicators, add them to NBS_INDICATORS: {sorted(unknown)}")
    return pd.DataFrame(
        {
            "province_adcode": nbs["adcode"],
            "year": nbs["year"],
            "indicator": nbs["indicator"].map(NBS_INDICATORS),
            "value": nbs["value"],
            "unit": nbs["unit"],
            "source": nbs["source"] + " · " + nbs["dataset"],
            "coverage": "complete",
        }
    )


def build_taobao(shared: Path) -> pd.DataFrame:
    tv = pd.read_csv(shared / "taobao_villages_by_province.csv")
    tv["province_adcode"] = tv["province"].map(normalise_province)
    missing = tv.loc[tv["province_adcode"].isna(), "province"]
    if len(missing):
        raise SystemExit(f"province names not understood: {sorted(set(missing))}")
    tv["coverage"] = ["complete" if y in TAOBAO_COMPLETE_YEARS else "partial" for y in tv["year"]]
    nat = pd.read_csv(shared / "taobao_villages_national.csv")
    nat["province_adcode"] = NATIONAL
    nat["coverage"] = "complete"
    frames = []
    for frame in (tv, nat):
        for column, code in (("villages", "taobao_villages"), ("towns", "taobao_towns")):
            part = frame.dropna(subset=[column])
            frames.append(
                pd.DataFrame(
                    {
                        "province_adcode": part["province_adcode"],
                        "year": part["year"],
                        "indicator": code,
                        "value": part[column],
                        "unit": "个",
                        "source": "阿里研究院 淘宝村/淘宝镇名单 · " + part["source"],
                        "coverage": part["coverage"],
                    }
                )
            )
    counted = nat.dropna(subset=["provinces_with_villages"])
    frames.append(
        pd.DataFrame(
            {
                "province_adcode": NATIONAL,
                "year": counted["year"],
                "indicator": "taobao_village_provinces",
                "value": counted["provinces_with_villages"],
                "unit": "个",
                "source": "阿里研究院 淘宝村/淘宝镇名单 · " + counted["source"],
                "coverage": "complete",
            }
        )
    )
    return pd.concat(frames, ignore_index=True)


def main() -> int:
    if not SHARED.is_dir():
        print(f"not found: {SHARED}", file=sys.stderr)
        return 1
    table = pd.concat([build_nbs(SHARED), build_taobao(SHARED)], ignore_index=True)
    table["value"] = table["value"].astype(float)
    table["province_adcode"] = table["province_adcode"].astype(int)
    table["year"] = table["year"].astype(int)
    table = table.sort_values(["indicator", "province_adcode", "year"], kind="stable")
    table.to_csv(OUT, index=False, float_format="%.10g")
    print(f"wrote {len(table):,} rows to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
