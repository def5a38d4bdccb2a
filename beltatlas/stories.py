"""The report's stories as data for the Overview, Stories and belt-profile pages.

Pure functions: they select `report_facts` rows for a page, shape them (the market-company table,
campaign multipliers), write the one-paragraph reading of the data in view, and assemble a belt
profile. Every figure they return comes from a table of the dataset passed in; nothing is typed here
except which fact ids belong to which section of a page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from beltatlas import fmt, metrics, report
from beltatlas.growth import cagr
from beltatlas.i18n import Lang, category_name, province_name, t
from beltatlas.provenance import escape_markdown

# --- which facts each page shows ------------------------------------------------------------------

#: Context figures of the Stories page, by topic, in the order shown.
CONTEXT_FACTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "manufacturing",
        (
            "manufacturing-value-added-2020",
            "manufacturing-value-added-growth-2020",
            "manufacturing-share-of-economy-2020",
            "manufacturing-factories-new-products-618",
        ),
    ),
    ("trade", ("trade-goods-total-2021h1", "trade-goods-growth-2021h1")),
    (
        "guohuo",
        (
            "guohuo-scale-growth-past-year",
            "guohuo-gen00-growth",
            "guohuo-gen90-spend-per-capita",
            "guohuo-gen00-growth-footnote",
            "consumer-flagship-store-preference",
        ),
    ),
    ("market", ("market-count-2019", "market-count-growth-2019", "market-count-trend-2015-2019")),
    (
        "exhibition",
        (
            "exhibition-survey-respondents-2020",
            "exhibition-severe-impact-share-2020",
            "exhibition-very-severe-share-2020",
        ),
    ),
    ("policy", ("policy-sme-state-council-opinions-2009", "policy-sme-digital-action-plan-2020-03")),
)

#: The Huiju programme's overall results (campaign view, above the chart).
HUIJU_FACTS: tuple[str, ...] = (
    "huiju-local-governments-past-year",
    "huiju-new-merchants-past-year",
    "huiju-firms-digital-marketing-start",
    "huiju-firms-digital-marketing-end",
)

#: The Guangxi campaign's own figures besides its multipliers.
CAMPAIGN_OTHER_FACTS: tuple[str, ...] = (
    "campaign-guangxi-33-start",
    "campaign-guangxi-33-end",
    "campaign-guangxi-33-vouchers",
    "campaign-guangxi-33-products",
    "campaign-guangxi-search-rank",
    "campaign-guangxi-lipu-hangers-top5",
    "campaign-changshu-events-2021",
)

#: Campaign results drawn as multipliers: fact id -> campaign code (names in the stories catalogue).
CAMPAIGN_RESULTS: tuple[tuple[str, str], ...] = (
    ("campaign-guangxi-lipu-hangers-growth", "guangxi33"),
    ("campaign-fujian-pastry-growth", "quanminlegou"),
    ("campaign-changshu-orders-growth-2021", "changshu"),
    ("campaign-guangxi-guijiu-growth", "guangxi33"),
    ("campaign-shunde-growth", "shunde"),
    ("huiju-merchant-sales-growth-guizhou-baijiu", "huiju"),
    ("huiju-merchant-sales-growth-fuqing-eel", "huiju"),
    ("huiju-merchant-sales-growth-xintang-denim", "huiju"),
)

#: The 2020 H1 table of professional-market companies: metric code -> printed column header.
MARKET_COMPANY_METRICS: tuple[str, ...] = (
    "revenue",
    "revenue-yoy",
    "operating-profit",
    "operating-profit-yoy",
)
MARKET_COMPANY_ORDER: tuple[str, ...] = ("keqiao", "haining", "yiwu", "huaqiang", "seg")


def overview_fact_ids() -> tuple[str, ...]:
    """Facts shown on the overview: the headline figures."""
    return report.HEADLINE_FACTS


def stories_fact_ids() -> dict[str, tuple[str, ...]]:
    """Facts shown in each view of the Stories page (view code -> fact ids)."""
    cases = tuple(dict.fromkeys(fid for case in report.CASES for fid in case.fact_ids))
    return {
        "cases": cases,
        "context": tuple(fid for _, ids in CONTEXT_FACTS for fid in ids) + market_company_fact_ids(),
        "campaigns": HUIJU_FACTS + tuple(fid for fid, _ in CAMPAIGN_RESULTS) + CAMPAIGN_OTHER_FACTS,
    }


def market_company_fact_ids() -> tuple[str, ...]:
    return tuple(
        f"market-company-{company}-{metric}-2020h1"
        for company in MARKET_COMPANY_ORDER
        for metric in MARKET_COMPANY_METRICS
    )


def select_facts(facts: pd.DataFrame, fact_ids: tuple[str, ...] | list[str]) -> pd.DataFrame:
    """The rows of `facts` with these ids, in this order; ids the table lacks are skipped."""
    indexed = facts.set_index("fact_id", drop=False)
    present = [fid for fid in fact_ids if fid in indexed.index]
    return indexed.loc[present].reset_index(drop=True)


def citations(rows: pd.DataFrame) -> tuple[tuple[str, str], ...]:
    """Distinct (section, quote) pairs of some facts, in order: what a provenance badge quotes."""
    return tuple(dict.fromkeys(zip(rows["section"], rows["quote"], strict=True)))


def label(row: pd.Series | dict, lang: Lang) -> str:
    return str(row["label_zh"] if lang == "zh" else row["label_en"])


def shown_value(row: pd.Series | dict, lang: Lang) -> str:
    """A fact as the page shows it: printed form in Chinese; in English money rescaled and counts,
    percentages and multiples written out (`fmt.fact_value`)."""
    value = row["value"]
    unit = row["unit"] if isinstance(row["unit"], str) else None
    return fmt.fact_value(None if pd.isna(value) else float(value), unit, str(row["value_text"]), lang)


# --- the professional-market companies table --------------------------------------------------------


def market_company_table(facts: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """The report's 2020 H1 table of five market companies, one row each, numbers as printed.

    Columns: `company` and the four metric codes (floats, so the table sorts). The values are the
    printed ones, unit and all: the revenue and profit columns are headed 亿元 in the report although
    their magnitude reads like 万元 — the page says so and changes nothing.
    """
    rows = []
    by_id = facts.set_index("fact_id")
    for company in MARKET_COMPANY_ORDER:
        ids = {m: f"market-company-{company}-{m}-2020h1" for m in MARKET_COMPANY_METRICS}
        if not all(fid in by_id.index for fid in ids.values()):
            continue
        first = by_id.loc[ids["revenue"]]
        name = (
            str(first["quote"]).split("|")[1].strip()
            if lang == "zh"
            else str(first["label_en"]).split(", 2020 H1")[0]
        )
        row: dict[str, object] = {"company": name}
        for metric, fid in ids.items():
            row[metric] = float(by_id.loc[fid, "value"])
        rows.append(row)
    return pd.DataFrame(rows, columns=["company", *MARKET_COMPANY_METRICS])


# --- campaign multipliers --------------------------------------------------------------------------


def multiplier(value: float, unit: str) -> float:
    """A printed growth as a multiple of the earlier level: '+230 %' -> 3.3; '60倍' -> 60.

    A percentage is growth on top of the base (1 + v/100). A '倍' figure is read as the multiple
    itself, as the report's wording ('爆发34倍', '增长12倍') is usually meant; the page shows the
    printed form beside it so a reader can take 增长12倍 as ×13 instead.
    """
    if unit == "%":
        return 1 + value / 100
    if unit == "倍":
        return float(value)
    raise ValueError(f"not a growth unit: {unit!r}")


def qualifier(value_text: str) -> str:
    """'≈' for 近 (nearly), '>' for 超 (over), '' for an exact figure."""
    if value_text.startswith("近"):
        return "≈"
    if value_text.startswith(("超", "突破", "破")):
        return ">"
    return ""


def campaign_results(facts: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """One row per campaign result: its campaign, what grew, the multiplier and the printed form.

    Columns: fact_id, campaign, item, multiplier, multiplier_text, printed, section, quote, belt_id.
    """
    rows = []
    by_id = facts.set_index("fact_id")
    for fid, campaign in CAMPAIGN_RESULTS:
        if fid not in by_id.index:
            continue
        fact = by_id.loc[fid]
        ratio = multiplier(float(fact["value"]), str(fact["unit"]))
        rows.append(
            {
                "fact_id": fid,
                "campaign": t(f"stories.campaign.{campaign}", lang),
                "item": t(f"stories.result.{fid}", lang),
                "multiplier": ratio,
                "multiplier_text": qualifier(str(fact["value_text"])) + fmt.multiple(ratio, lang, digits=2),
                "printed": str(fact["value_text"]),
                "section": str(fact["section"]),
                "quote": str(fact["quote"]),
                "belt_id": "" if pd.isna(fact["belt_id"]) else str(fact["belt_id"]),
            }
        )
    columns = [
        "fact_id",
        "campaign",
        "item",
        "multiplier",
        "multiplier_text",
        "printed",
        "section",
        "quote",
        "belt_id",
    ]
    return pd.DataFrame(rows, columns=columns)


# --- the one-paragraph reading of the data in view --------------------------------------------------


def reading(belt_gmv: pd.DataFrame, belts: pd.DataFrame, provenance: str, lang: Lang) -> str:
    """A paragraph describing the belt-scale data in view, written from the data itself.

    It names the data's class (示例 sample / 用户 user / …), so a synthetic figure is never read as a
    real one, and compares the data with the report's ten core provinces.
    """
    scale = metrics.province_scale(belt_gmv, belts)
    if scale.empty:
        return t("overview.reading.empty", lang, cls=t(f"provenance.label.{provenance}", lang))
    first, latest = int(scale["year"].min()), int(scale["year"].max())
    now = scale[scale["year"] == latest].sort_values("gmv_yuan", ascending=False)
    total = float(now["gmv_yuan"].sum())
    top = now.iloc[0]
    top10 = list(now["province_adcode"].head(10))
    core_now = now[now["province_adcode"].isin(report.CORE_PROVINCES)]
    in_view_belts = belt_gmv.loc[belt_gmv["year"] == latest, "belt_id"].nunique()
    parts = [
        t(
            "overview.reading.scale",
            lang,
            cls=t(f"provenance.label.{provenance}", lang),
            year=latest,
            belts=in_view_belts,
            provinces=len(now),
            top=province_name(int(top["province_adcode"]), lang),
            top_scale=fmt.money(float(top["gmv_yuan"]), lang),
            top_share=fmt.percent(float(top["gmv_yuan"]) / total if total else math.nan),
        ),
        t(
            "overview.reading.core",
            lang,
            share=fmt.percent(float(core_now["gmv_yuan"].sum()) / total if total else math.nan),
            agree=sum(1 for a in report.CORE_PROVINCES if a in top10),
        ),
    ]
    if latest > first:
        start = scale[scale["year"] == first].set_index("province_adcode")["gmv_yuan"]
        end = now.set_index("province_adcode")["gmv_yuan"]
        growth = {
            a: cagr(float(start[a]), float(end[a]), latest - first)
            for a in report.CORE_PROVINCES
            if a in start.index and a in end.index
        }
        growth = {a: g for a, g in growth.items() if not math.isnan(g)}
        if growth:
            fastest = max(growth, key=lambda a: growth[a])
            parts.append(
                t(
                    "overview.reading.growth",
                    lang,
                    first=first,
                    latest=latest,
                    fastest=province_name(fastest, lang),
                    rate=fmt.percent(growth[fastest], signed=True),
                )
            )
    return "".join(parts) if lang == "zh" else " ".join(parts)


# --- belt profiles -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BeltProfile:
    """Everything a belt's profile shows, each part from one table of the dataset in view."""

    belt: dict[str, object]
    trend: pd.DataFrame  # year, gmv_yuan, merchants (belt_gmv rows of the belt)
    facts: pd.DataFrame  # report_facts rows about the belt
    cases: tuple[report.Case, ...]
    report_band: str | None  # low / mid / high as listed in the report, else None
    cr5: float | None  # CR5 of the belt's category computed from brand_sales, else None
    similar: pd.DataFrame  # similar_belts(...)


def similar_belts(belts: pd.DataFrame, belt_id: str, n: int = 6) -> pd.DataFrame:
    """Belts like this one: same second-level category elsewhere first, then the same first-level one.

    Within each tier, belts in other provinces come before belts in the same province. Columns:
    belt_id, name_zh, name_en, province_adcode, category_l2, match ('category_l2' / 'category_l1').
    """
    me = belts.loc[belts["belt_id"] == belt_id]
    if me.empty:
        return pd.DataFrame(
            columns=["belt_id", "name_zh", "name_en", "province_adcode", "category_l2", "match"]
        )
    me_row = me.iloc[0]
    others = belts[belts["belt_id"] != belt_id].copy()
    same_l2 = others["category_l2"] == me_row["category_l2"]
    same_l1 = others["category_l1"] == me_row["category_l1"]
    others = others[same_l2 | same_l1].copy()
    others["match"] = ["category_l2" if x else "category_l1" for x in same_l2[same_l2 | same_l1]]
    others["_tier"] = (others["match"] == "category_l1").astype(int)
    others["_home"] = (others["province_adcode"] == me_row["province_adcode"]).astype(int)
    others["_report"] = (others["provenance"] != "report").astype(int)
    others = others.sort_values(["_tier", "_home", "_report", "belt_id"]).head(n)
    return others[["belt_id", "name_zh", "name_en", "province_adcode", "category_l2", "match"]].reset_index(
        drop=True
    )


def belt_profile(
    belt_id: str,
    belts: pd.DataFrame,
    belt_gmv: pd.DataFrame,
    facts: pd.DataFrame,
    categories: pd.DataFrame,
    concentration: pd.DataFrame,
) -> BeltProfile:
    """Assemble one belt's profile; raises KeyError for an unknown belt id.

    `concentration` is `metrics.concentration(brand_sales)` (columns category_l2, cr5, …).
    """
    row = belts.loc[belts["belt_id"] == belt_id]
    if row.empty:
        raise KeyError(belt_id)
    belt = row.iloc[0].to_dict()
    trend = (
        belt_gmv.loc[belt_gmv["belt_id"] == belt_id, ["year", "gmv_yuan", "merchants"]]
        .sort_values("year")
        .reset_index(drop=True)
    )
    cases = tuple(c for c in report.CASES if c.belt_id == belt_id)
    case_ids = [fid for c in cases for fid in c.fact_ids]
    about = facts["belt_id"].astype("string").fillna("") == belt_id
    ids = list(dict.fromkeys([*facts.loc[about, "fact_id"], *case_ids]))
    chosen = select_facts(facts, ids)
    category = belt["category_l2"]
    band_row = categories.loc[categories["category_l2"] == category, "report_band"]
    band = (
        band_row.iloc[0] if len(band_row) and isinstance(band_row.iloc[0], str) and band_row.iloc[0] else None
    )
    cr_row = concentration.loc[concentration["category_l2"] == category, "cr5"]
    cr5 = float(cr_row.iloc[0]) if len(cr_row) and not pd.isna(cr_row.iloc[0]) else None
    return BeltProfile(
        belt=belt,
        trend=trend,
        facts=chosen,
        cases=cases,
        report_band=band,
        cr5=cr5,
        similar=similar_belts(belts, belt_id),
    )


def belt_summary(profile: BeltProfile, provenance: str, lang: Lang) -> str:
    """One line under a profile's title: where, which category, and the latest scale with its class."""
    belt = profile.belt
    where = province_name(int(belt["province_adcode"]), lang)
    text = t(
        "belt.summary",
        lang,
        province=where,
        category=category_name(str(belt["category_l2"]), lang),
    )
    if not profile.trend.empty:
        last = profile.trend.iloc[-1]
        text += " " + t(
            "belt.summary_scale",
            lang,
            cls=t(f"provenance.label.{provenance}", lang),
            year=int(last["year"]),
            scale=fmt.money(float(last["gmv_yuan"]), lang),
        )
    return text


# --- shaping facts and cases for display ---------------------------------------------------------------


def citation_markdown(section: str, quote: str, lang: Lang) -> str:
    """A quoted sentence and its section as one Markdown line, escaped so it shows literally."""
    return f"“{escape_markdown(quote)}” — {t('provenance.section', lang)}{escape_markdown(section)}"


def quote_groups(rows: pd.DataFrame) -> list[pd.DataFrame]:
    """Facts grouped by the sentence they come from, in first-seen order (one citation per group)."""
    return [group for _, group in rows.groupby("quote", sort=False)]


def cases_in(group: str) -> tuple[report.Case, ...]:
    """The cases of one group code (`report.CASE_GROUPS`), or every case for 'all'."""
    return tuple(c for c in report.CASES if group in ("all", c.group))


def case_title(case: report.Case, belts: pd.DataFrame, lang: Lang) -> str:
    """'博皓（prooral） · 广州口腔' for a brand case, the belt's name for a belt case."""
    names = belts.set_index("belt_id")["name_zh" if lang == "zh" else "name_en"]
    belt = str(names.get(case.belt_id, case.belt_id))
    brand = case.brand_zh if lang == "zh" else case.brand_en
    return f"{brand} · {belt}" if brand else belt


def cases_index(belts: pd.DataFrame, lang: Lang, group: str = "all") -> pd.DataFrame:
    """One row per case: case title, group label, province, number of figures, the report section."""
    rows = []
    by_belt = belts.set_index("belt_id")
    for case in cases_in(group):
        province = by_belt["province_adcode"].get(case.belt_id)
        rows.append(
            {
                "case": case_title(case, belts, lang),
                "group": t(f"stories.groups.{case.group}", lang),
                "province": province_name(int(province), lang) if province is not None else "—",
                "figures": len(case.fact_ids),
                "section": case.section,
            }
        )
    return pd.DataFrame(rows, columns=["case", "group", "province", "figures", "section"])
