"""The guided tours: the report's story (`?tour=N`) and one province's own story
(`?tour=province&province=350000&step=N`).

Each step is a saved view of an existing page — its URL path and URL parameters, the pages' own —
plus one sentence of narration in the language in view. A sentence is either the report's
(`cls="report"`, with the section and quoted sentence it comes from) or computed from the data in
view (with that data's class: 示例 sample, 用户 user, 官方 official), so a user's own dataset gets a
tour of its own figures. Pure: no Streamlit. `step_chart` builds the step's picture for the handout.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from beltatlas import fmt, growth, metrics, report, stories
from beltatlas.charts import brands as brand_charts
from beltatlas.charts import stories as story_charts
from beltatlas.charts import trends as trend_charts
from beltatlas.charts.map import scale_sparkline
from beltatlas.dataset import Dataset
from beltatlas.i18n import Lang, category_name, city_name, province_name, t
from beltatlas.schema import ProvenanceClass

#: Where the visual of a page is, as a CSS selector (presentation mode shows only it and the tour bar).
FOCUS_MAP = "[data-testid='stHorizontalBlock']:has(.st-key-map_stage)"
FOCUS_FACTS = "[data-testid='stHorizontalBlock']:has([data-testid='stMetric'])"
FOCUS_TREND = ".st-key-chart-trend_chart"
FOCUS_CAGR = ".st-key-chart-trends-cagr"
FOCUS_CITIES = ".st-key-chart-trends-cities"
FOCUS_BANDS = ".st-key-chart-overview_chart"
FOCUS_CAMPAIGNS = ".st-key-chart-stories-campaigns"
FOCUS_BELT = "[data-testid='stHorizontalBlock']:has(.st-key-chart-belt-place)"

#: The story's case and the province the last step opens when the URL names none.
CASE_ID = "liuzhou-luosifen"
DEFAULT_PROVINCE = 440000
OVERVIEW_FACT = "manufacturing-value-added-2020"
OVERVIEW_MORE = ("manufacturing-value-added-growth-2020", "manufacturing-share-of-economy-2020")
CASE_FACTS = ("luosifen-bagged-output-2020", "luosifen-bagged-output-growth-2020")
BAND_FACTS = ("band-threshold-15", "band-threshold-40")
#: Cases per province tour at most (one step each).
MAX_CASES = 3


@dataclass(frozen=True)
class Step:
    """One step of a tour: a page view, its sentence, and where the sentence comes from."""

    key: str
    page: str  # the page's url_path
    params: tuple[tuple[str, str], ...]
    focus: str
    title: str
    narration: str
    cls: ProvenanceClass
    source: str = ""
    quotes: tuple[tuple[str, str], ...] = ()
    #: What step_chart needs to draw the picture (adcodes, belt id, year, …).
    detail: dict = field(default_factory=dict, compare=False, hash=False)

    def url(self, tour_params: dict[str, str]) -> str:
        """The step's address: its page and its parameters, then the tour's own (tour, lang, …)."""
        query = "&".join(f"{k}={v}" for k, v in (*self.params, *tour_params.items()))
        return f"/{self.page}?{query}" if query else f"/{self.page}"


# --- helpers ---------------------------------------------------------------------------------------


def _class(ds: Dataset, table: str) -> ProvenanceClass:
    return ds.info(table).provenance


def _source(ds: Dataset, table: str, lang: Lang) -> str:
    return ds.info(table).source_in(lang)


def _join(names: list[str], lang: Lang) -> str:
    return ("、" if lang == "zh" else ", ").join(names)


def _fact(ds: Dataset, fact_id: str) -> pd.Series | None:
    facts = ds.tables["report_facts"]
    if facts is None:
        return None
    rows = facts[facts["fact_id"] == fact_id]
    return rows.iloc[0] if len(rows) else None


def _scale(ds: Dataset) -> pd.DataFrame:
    gmv, belts = ds.tables["belt_gmv"], ds.tables["belts"]
    if gmv is None or belts is None or gmv.empty:
        return pd.DataFrame(columns=["province_adcode", "year", "gmv_yuan", "belts"])
    return metrics.province_scale(gmv, belts)


def _span(years: pd.Series) -> tuple[int, int] | None:
    """2018–2020, the report's span, when the data holds both; else its first and last year."""
    present = sorted(int(y) for y in years.unique())
    if len(present) < 2:
        return None
    if 2018 in present and 2020 in present:
        return 2018, 2020
    return present[0], present[-1]


def _report(key: str, lang: Lang) -> str:
    return t("provenance.report_source", lang) if key == "report" else ""


# --- the report's story ------------------------------------------------------------------------------


def story(ds: Dataset, lang: Lang, province: int | None = None) -> tuple[Step, ...]:
    """The report's story in nine steps, the last one about `province` (广东 by default)."""
    scale = _scale(ds)
    gmv_cls, gmv_src = _class(ds, "belt_gmv"), _source(ds, "belt_gmv", lang)
    steps: list[Step] = []

    fact = _fact(ds, OVERVIEW_FACT)
    if fact is not None:
        steps.append(
            Step(
                "overview",
                "overview",
                (),
                FOCUS_FACTS,
                t("tour.step.overview.title", lang),
                _fact_sentence(ds, fact, lang),
                "report",
                _report("report", lang),
                ((str(fact["section"]), str(fact["quote"])),),
                {"fact": OVERVIEW_FACT},
            )
        )

    latest = int(scale["year"].max()) if len(scale) else None
    if latest is not None:
        now = scale[scale["year"] == latest]
        total = float(now["gmv_yuan"].sum())
        core = now[now["province_adcode"].isin(report.CORE_PROVINCES)]
        top = now.iloc[0]
        narration = t(
            "tour.step.map.narration",
            lang,
            year=latest,
            share=fmt.percent(core["gmv_yuan"].sum() / total if total else None),
            top=province_name(int(top["province_adcode"]), lang),
            money=fmt.money(top["gmv_yuan"], lang),
            cls=t(f"provenance.label.{gmv_cls}", lang),
        )
        steps.append(
            Step(
                "map",
                "map",
                (),  # the map's default view: belt scale, latest year
                FOCUS_MAP,
                t("tour.step.map.title", lang),
                narration,
                gmv_cls,
                gmv_src,
                detail={"highlight": tuple(int(a) for a in core["province_adcode"])},
            )
        )

    steps.append(
        Step(
            "core",
            "trends",
            (),
            FOCUS_TREND,
            t("tour.step.core.title", lang),
            report.CORE_PROVINCES_QUOTE if lang == "zh" else t("tour.step.core.narration", lang),
            "report",
            _report("report", lang),
            ((report.SECTION_DISTRIBUTION, report.CORE_PROVINCES_QUOTE),),
            {"adcodes": report.CORE_PROVINCES, "span": _span(scale["year"])},
        )
    )

    span = _span(scale["year"])
    if span is not None:
        core_scale = scale[scale["province_adcode"].isin(report.CORE_PROVINCES)]
        ranking = growth.province_growth(core_scale, *span).dropna(subset=["cagr"]).head(4)
        fastest = [
            f"{province_name(int(r.province_adcode), lang, short=True)} {fmt.percent(r.cagr, signed=True)}"
            for r in ranking.itertuples()
        ]
        steps.append(
            Step(
                "fast",
                "trends",
                (),
                FOCUS_CAGR,
                t("tour.step.fast.title", lang),
                t(
                    "tour.step.fast.narration",
                    lang,
                    start=span[0],
                    end=span[1],
                    fastest=_join(fastest, lang),
                    cls=t(f"provenance.label.{gmv_cls}", lang),
                ),
                gmv_cls,
                gmv_src,
                ((report.SECTION_DISTRIBUTION, report.CITIES_QUOTE),),
                {"span": span},
            )
        )

    city_gmv = ds.tables["city_gmv"]
    if city_gmv is not None and len(city_gmv):
        shares = growth.city_shares(city_gmv)
        last = int(shares["year"].max())
        now = shares[shares["year"] == last].head(4)
        city_cls = _class(ds, "city_gmv")
        steps.append(
            Step(
                "cities",
                "trends",
                (),
                FOCUS_CITIES,
                t("tour.step.cities.title", lang),
                t(
                    "tour.step.cities.narration",
                    lang,
                    year=last,
                    cities=_join([city_name(int(a), lang).removesuffix("市") for a in now["city_adcode"]], lang),
                    share=fmt.percent(now["share"].sum()),
                    cls=t(f"provenance.label.{city_cls}", lang),
                ),
                city_cls,
                _source(ds, "city_gmv", lang),
                ((report.SECTION_DISTRIBUTION, report.CITIES_QUOTE),),
            )
        )

    low, high = (_fact(ds, f) for f in BAND_FACTS)
    if low is not None and high is not None:
        steps.append(
            Step(
                "bands",
                "brands",
                (),
                FOCUS_BANDS,
                t("tour.step.bands.title", lang),
                t(
                    "tour.step.bands.narration",
                    lang,
                    low=fmt.plain(float(low["value"])) + "%",
                    high=fmt.plain(float(high["value"])) + "%",
                ),
                "report",
                _report("report", lang),
                tuple((str(r["section"]), str(r["quote"])) for r in (low, high)),
            )
        )

    case_rows = [r for r in (_fact(ds, f) for f in CASE_FACTS) if r is not None]
    if len(case_rows) == len(CASE_FACTS):
        output, rise = case_rows
        steps.append(
            Step(
                "case",
                "belt",
                (("belt", CASE_ID),),
                FOCUS_BELT,
                t("tour.step.case.title", lang),
                str(output["quote"])
                if lang == "zh"
                else t(
                    "tour.step.case.narration",
                    lang,
                    value=stories.shown_value(output, lang),
                    growth=stories.shown_value(rise, lang),
                ),
                "report",
                _report("report", lang),
                ((str(output["section"]), str(output["quote"])),),
                {"belt": CASE_ID},
            )
        )

    facts = ds.tables["report_facts"]
    results = stories.campaign_results(facts, lang) if facts is not None else pd.DataFrame()
    if len(results):
        best = results.sort_values("multiplier", ascending=False).iloc[0]
        steps.append(
            Step(
                "campaigns",
                "stories",
                (("view", "campaigns"),),
                FOCUS_CAMPAIGNS,
                t("tour.step.campaigns.title", lang),
                t(
                    "tour.step.campaigns.narration",
                    lang,
                    n=len(results),
                    item=best["item"],
                    campaign=best["campaign"],
                    multiple=best["multiplier_text"],
                    printed=best["printed"],
                ),
                "report",
                _report("report", lang),
                ((str(best["section"]), str(best["quote"])),),
            )
        )

    mine = province or DEFAULT_PROVINCE
    steps.append(_rank_step(ds, scale, mine, lang, key="yours", title_key="tour.step.yours.title"))
    return tuple(steps)


def _fact_sentence(ds: Dataset, fact: pd.Series, lang: Lang) -> str:
    """The overview's sentence: the report's own in Chinese; in English the catalogue's, its figures
    filled from the same sentence's report_facts rows."""
    if lang == "zh" and str(fact["quote"]).strip():
        return str(fact["quote"])
    growth_row, share_row = (_fact(ds, f) for f in OVERVIEW_MORE)
    return t(
        "tour.step.overview.narration",
        lang,
        value=stories.shown_value(fact, lang),
        growth=stories.shown_value(growth_row, lang) if growth_row is not None else "—",
        share=stories.shown_value(share_row, lang) if share_row is not None else "—",
    )


def _rank_step(ds: Dataset, scale: pd.DataFrame, adcode: int, lang: Lang, *, key: str, title_key: str) -> Step:
    """A province's rank and share of belt scale in the last year, on the map with it selected."""
    gmv_cls, gmv_src = _class(ds, "belt_gmv"), _source(ds, "belt_gmv", lang)
    name = province_name(adcode, lang)
    title = t(title_key, lang, province=name)
    params = (("province", str(adcode)),)
    detail = {"highlight": (adcode,), "province": adcode}
    if scale.empty or adcode not in set(scale["province_adcode"]):
        return Step(
            key, "map", params, FOCUS_MAP, title, t("tour.no_data", lang, province=name), gmv_cls, gmv_src,
            detail=detail,
        )
    latest = int(scale["year"].max())
    now = scale[scale["year"] == latest].reset_index(drop=True)
    total = float(now["gmv_yuan"].sum())
    row = now[now["province_adcode"] == adcode]
    value = float(row["gmv_yuan"].iloc[0]) if len(row) else math.nan
    narration = t(
        "tour.rank_narration",
        lang,
        province=name,
        year=latest,
        money=fmt.money(value, lang),
        rank=int(row.index[0]) + 1 if len(row) else "—",
        n=len(now),
        share=fmt.percent(value / total if total else None),
        cls=t(f"provenance.label.{gmv_cls}", lang),
    )
    return Step(key, "map", params, FOCUS_MAP, title, narration, gmv_cls, gmv_src, detail=detail)


# --- one province's story ----------------------------------------------------------------------------


def province_story(ds: Dataset, adcode: int, lang: Lang) -> tuple[Step, ...]:
    """One province's story from the data in view: rank and share, growth, belts, official figures,
    what the report says, and its cases (each a step)."""
    scale = _scale(ds)
    name = province_name(adcode, lang)
    gmv_cls, gmv_src = _class(ds, "belt_gmv"), _source(ds, "belt_gmv", lang)
    steps = [_rank_step(ds, scale, adcode, lang, key="p-rank", title_key="tour.province.rank.title")]

    mine = scale[scale["province_adcode"] == adcode]
    span = _span(mine["year"]) if len(mine) else None
    if span is not None:
        row = growth.province_growth(mine, *span).iloc[0]
        steps.append(
            Step(
                "p-growth",
                "trends",
                (("provinces", str(adcode)),),
                FOCUS_TREND,
                t("tour.province.growth.title", lang, province=name),
                t(
                    "tour.province.growth.narration",
                    lang,
                    province=name,
                    start=span[0],
                    end=span[1],
                    first=fmt.money(row["start"], lang),
                    last=fmt.money(row["end"], lang),
                    cagr=fmt.percent(row["cagr"], signed=True),
                    cls=t(f"provenance.label.{gmv_cls}", lang),
                ),
                gmv_cls,
                gmv_src,
                detail={"adcodes": (adcode,), "span": span},
            )
        )

    belts = ds.tables["belts"]
    own = belts[belts["province_adcode"] == adcode] if belts is not None else pd.DataFrame()
    if len(own):
        gmv = ds.tables["belt_gmv"]
        by_belt = pd.Series(dtype=float)
        if gmv is not None and len(gmv):
            by_belt = gmv[gmv["year"] == gmv["year"].max()].groupby("belt_id")["gmv_yuan"].sum()
        ordered = own.assign(gmv=own["belt_id"].map(by_belt)).sort_values("gmv", ascending=False)
        names = ordered["name_zh" if lang == "zh" else "name_en"].head(3).tolist()
        # The count is the belts table's, the order its sales': name the stricter class, the sales'.
        belts_cls = gmv_cls
        steps.append(
            Step(
                "p-belts",
                "map",
                (("province", str(adcode)), ("view", "cities")),
                FOCUS_MAP,
                t("tour.province.belts.title", lang, province=name),
                t(
                    "tour.province.belts.narration",
                    lang,
                    province=name,
                    n=len(own),
                    names=_join(names, lang),
                    cls=t(f"provenance.label.{belts_cls}", lang),
                ),
                belts_cls,
                gmv_src,
                detail={"highlight": (adcode,), "province": adcode},
            )
        )

    official = ds.tables["official_stats"]
    if official is not None:
        rows = official[(official["province_adcode"] == adcode) & (official["indicator"] == "ecommerce_sales")]
        if len(rows):
            row = rows.sort_values("year").iloc[-1]
            off_cls = _class(ds, "official_stats")
            steps.append(
                Step(
                    "p-official",
                    "map",
                    (("province", str(adcode)), ("metric", "ecommerce_sales")),
                    FOCUS_MAP,
                    t("tour.province.official.title", lang, province=name),
                    t(
                        "tour.province.official.narration",
                        lang,
                        province=name,
                        year=int(row["year"]),
                        value=fmt.money_in(float(row["value"]), str(row["unit"]), lang),
                        cls=t(f"provenance.label.{off_cls}", lang),
                    ),
                    off_cls,
                    str(row["source"]) if "source" in rows and pd.notna(row["source"]) else "",
                    detail={"highlight": (adcode,), "province": adcode},
                )
            )

    facts = ds.tables["report_facts"]
    if facts is not None:
        own_ids = set(own["belt_id"]) if len(own) else set()
        said = facts[(facts["province_adcode"] == adcode) | facts["belt_id"].isin(own_ids)]
        if len(said):
            first = said.iloc[0]
            narration = (
                str(first["quote"])
                if lang == "zh"
                else t(
                    "tour.province.report.narration",
                    lang,
                    province=name,
                    n=len(said),
                    label=stories.label(first, lang),
                    value=stories.shown_value(first, lang),
                )
            )
            quote = ((str(first["section"]), str(first["quote"])),)
        else:
            narration, quote = t("tour.province.report.none", lang, province=name), ()
        steps.append(
            Step(
                "p-report",
                "map",
                (("province", str(adcode)),),
                FOCUS_MAP,
                t("tour.province.report.title", lang, province=name),
                narration,
                "report",
                _report("report", lang),
                quote,
                {"highlight": (adcode,), "province": adcode},
            )
        )

    if belts is not None:
        ids = set(own["belt_id"]) if len(own) else set()
        cases = [c for c in report.CASES if c.belt_id in ids]
        seen: set[str] = set()
        for case in cases:
            if case.belt_id in seen or len(seen) >= MAX_CASES:
                continue
            seen.add(case.belt_id)
            title = stories.case_title(case, belts, lang)
            steps.append(
                Step(
                    f"p-case-{case.belt_id}",
                    "belt",
                    (("belt", case.belt_id),),
                    FOCUS_BELT,
                    t("tour.province.case.title", lang, case=title),
                    case.quote if lang == "zh" else t("tour.province.case.narration", lang, case=title),
                    "report",
                    _report("report", lang),
                    ((case.section, case.quote),),
                    {"belt": case.belt_id},
                )
            )
    return tuple(steps)


# --- parsing the URL -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TourState:
    """Which tour and step the URL names: kind "story" (`?tour=N`) or "province"
    (`?tour=province&province=P&step=N`); `index` counts from 0."""

    kind: str
    index: int
    province: int | None = None


def parse_tour(params: dict[str, str]) -> TourState | None:
    """The tour the query parameters name, or None. Step numbers below 1 mean the first step."""
    raw = str(params.get("tour") or "").strip().lower()
    if not raw:
        return None
    province = _adcode(params.get("province"))
    if raw == "province":
        if province is None:
            return None
        return TourState("province", max(_int(params.get("step"), 1), 1) - 1, province)
    if not raw.isdigit():
        return None
    return TourState("story", max(int(raw), 1) - 1, province)


def _int(value: object, default: int) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default


def _adcode(value: object) -> int | None:
    text = str(value or "").split(",")[0].strip()
    return int(text) if text.isdigit() and len(text) == 6 else None


def steps_for(state: TourState, ds: Dataset, lang: Lang) -> tuple[Step, ...]:
    if state.kind == "province" and state.province is not None:
        return province_story(ds, state.province, lang)
    return story(ds, lang, state.province)


def tour_params(state: TourState, index: int) -> dict[str, str]:
    """The tour's own URL parameters for step `index` (from 0)."""
    if state.kind == "province":
        return {"tour": "province", "province": str(state.province), "step": str(index + 1)}
    out = {"tour": str(index + 1)}
    if state.province is not None:
        out["province"] = str(state.province)
    return out


# --- pictures for the handout ---------------------------------------------------------------------------


def step_chart(step: Step, ds: Dataset, lang: Lang) -> alt.TopLevelMixin | None:
    """The step's visual as an Altair chart (the map steps as the small standard map), or None."""
    scale = _scale(ds)
    if step.key in ("map", "yours", "p-rank", "p-belts", "p-official", "p-report"):
        province = step.detail.get("province")
        trend = scale[scale["province_adcode"] == province] if province else pd.DataFrame()
        if step.key in ("yours", "p-rank") and len(trend) > 1:
            divisor, unit = trend_charts.money_unit(lang)
            return scale_sparkline(trend, t("tour.axis_scale", lang, unit=unit), divisor).properties(
                width=520, height=260
            )
        return story_charts.china_thumbnail(step.detail.get("highlight", ()), lang, width=520, height=420)
    if step.key in ("core", "p-growth"):
        adcodes = list(step.detail.get("adcodes", ()))
        divisor, unit = trend_charts.money_unit(lang)
        plotted = growth.province_view(scale, adcodes, "absolute")
        if plotted.empty:
            return None
        plotted = plotted.assign(
            key=plotted["province_adcode"],
            label=[province_name(int(a), lang) for a in plotted["province_adcode"]],
            value=plotted["value"] / divisor,
        )
        return trend_charts.series_chart(
            plotted,
            y_title=t("tour.axis_scale", lang, unit=unit),
            y_format=",.0f",
            description=step.narration,
            lang=lang,
        ).properties(width=560)
    if step.key == "fast":
        span = step.detail["span"]
        core = scale[scale["province_adcode"].isin(report.CORE_PROVINCES)]
        bars = growth.province_growth(core, *span).dropna(subset=["cagr"])
        bars = bars.assign(
            key=bars["province_adcode"],
            label=[province_name(int(a), lang) for a in bars["province_adcode"]],
            claimed=bars["province_adcode"].isin(report.FAST_GROWING_PROVINCES),
        )
        return trend_charts.cagr_chart(
            bars, description=step.narration, legend_title=t("tour.fast_legend", lang), lang=lang
        ).properties(width=560)
    if step.key == "cities":
        city = growth.city_shares(ds.tables["city_gmv"])
        named = list(dict.fromkeys((*report.LEADING_CITIES, *report.RISING_CITIES)))
        city = city[city["city_adcode"].isin(named)]
        city = city.assign(
            key=city["city_adcode"],
            label=[city_name(int(a), lang) for a in city["city_adcode"]],
            value=city["share"],
        )
        return trend_charts.series_chart(
            city, y_title=t("tour.axis_city_share", lang), y_format=".1%", description=step.narration, lang=lang
        ).properties(width=560)
    if step.key == "bands":
        sales = ds.tables["brand_sales"]
        if sales is None or sales.empty:
            return None
        year = int(sales["year"].max())
        conc = metrics.concentration(sales, years=[year]).dropna(subset=["cr5"])
        conc["category"] = [category_name(c, lang) for c in conc["category_l2"]]
        conc["band"] = metrics.bands(conc["cr5"])
        conc["report_cut_band"] = conc["band"]
        conc["changed"] = False
        categories = ds.tables["categories"].set_index("category_l2")
        conc["report_band"] = conc["category_l2"].map(categories["report_band"]).astype("object")
        return brand_charts.overview_chart(conc, metrics.BAND_LOW, metrics.BAND_HIGH, lang).properties(width=620)
    if step.key == "campaigns":
        return story_charts.campaign_chart(stories.campaign_results(ds.tables["report_facts"], lang), lang).properties(
            width=560
        )
    belt_id = step.detail.get("belt")
    if belt_id:
        belts = ds.tables["belts"]
        row = belts[belts["belt_id"] == belt_id]
        if row.empty:
            return None
        belt = row.iloc[0]
        point = pd.DataFrame(
            {"lon": [belt["lon"]], "lat": [belt["lat"]], "label": [belt["name_zh" if lang == "zh" else "name_en"]]}
        )
        return story_charts.china_thumbnail([int(belt["province_adcode"])], lang, points=point, width=520, height=420)
    if step.key == "overview":
        return story_charts.china_thumbnail(report.CORE_PROVINCES, lang, width=520, height=420)
    return None
