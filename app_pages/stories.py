"""案例与背景 Stories: the report's cases, context figures and campaign results, each with its sentence."""

import streamlit as st

import ui
from beltatlas import report, stories
from beltatlas.charts import stories as charts
from beltatlas.i18n import t
from beltatlas.provenance import Provenance, escape_markdown

lang = ui.page_header("page.stories", "stories.intro")
ds = ui.dataset()
facts = ds.tables["report_facts"]
belts = ds.tables["belts"]
REPORT = Provenance("report", t("provenance.report_source", lang))

# 1/ Controls
VIEWS = ("cases", "context", "campaigns", "facts")
# A link with ?topic= (the all-figures filter) opens the all-figures view.
first_view = "facts" if "topic" in st.query_params and "view" not in st.query_params else "cases"
view = ui.url_radio(
    t("stories.view", lang),
    VIEWS,
    "view",
    initial=first_view,
    format_func=lambda code: t(f"stories.views.{code}", lang),
)


# 2/ Data and 3/ Render, per view
if view == "cases":
    groups = ["all", *report.CASE_GROUPS]
    group = ui.url_selectbox(
        t("stories.group", lang), groups, key="group", format_func=lambda g: t(f"stories.groups.{g}", lang)
    )
    st.caption(t("stories.paths_intro", lang))
    index = stories.cases_index(belts, lang, group)
    st.caption(t("stories.cases_count", lang, n=len(index)))
    ui.data_table(
        index.rename(
            columns={
                "case": t("stories.index.case", lang),
                "group": t("stories.index.group", lang),
                "province": t("col.province", lang),
                "figures": t("stories.index.figures", lang),
                "section": t("col.section", lang),
            }
        ),
        REPORT,
        download="report-cases",
        title=t("stories.views.cases", lang),
    )
    names = belts.set_index("belt_id")["name_zh" if lang == "zh" else "name_en"]
    for case in stories.cases_in(group):
        with st.container(border=True):
            st.markdown(f"#### {escape_markdown(stories.case_title(case, belts, lang))}")
            st.caption(t(f"stories.groups.{case.group}", lang))
            st.markdown("> " + stories.citation_markdown(case.section, case.quote, lang))
            rows = stories.select_facts(facts, case.fact_ids)
            if rows.empty:
                st.caption(t("stories.no_figures", lang))
            else:
                ui.fact_cards(rows, lang)
            st.page_link(
                "app_pages/belt.py",
                label=t("stories.open_belt", lang, name=names.get(case.belt_id, case.belt_id)),
                query_params={"belt": case.belt_id},
            )

elif view == "context":
    st.caption(t("stories.context_intro", lang))
    for topic, ids in stories.CONTEXT_FACTS:
        st.subheader(t(f"topic.{topic}", lang))
        ui.fact_cards(stories.select_facts(facts, ids), lang)
        if topic == "market":
            st.info(t("stories.market_years_note", lang))
            st.markdown(f"**{t('stories.market_table', lang)}**")
            st.warning(t("stories.market_unit_note", lang))
            table = stories.market_company_table(facts, lang)
            columns = {c: t(f"stories.col.{c}", lang) for c in table.columns}
            ui.data_table(
                table.rename(columns=columns),
                Provenance(
                    "report",
                    t("provenance.report_source", lang),
                    stories.citations(stories.select_facts(facts, stories.market_company_fact_ids())),
                ),
                download="market_companies_2020h1",
            )

elif view == "campaigns":
    st.subheader(t("stories.chart_title", lang))
    results = stories.campaign_results(facts, lang)
    ui.chart(charts.campaign_chart(results, lang), "stories-campaigns", REPORT, title=t("stories.chart_title", lang))
    st.caption(t("stories.chart_note", lang))
    ui.data_table(
        results[["campaign", "item", "multiplier", "printed", "quote", "section"]].rename(
            columns={
                "campaign": t("stories.col.campaign", lang),
                "item": t("stories.col.result", lang),
                "multiplier": t("stories.col.multiplier_x", lang),
                "printed": t("col.value_as_printed", lang),
                "quote": t("col.quote", lang),
                "section": t("col.section", lang),
            }
        ),
        REPORT,
        download="campaign-multipliers",
        formats={t("stories.col.multiplier_x", lang): "%,.2f"},
        title=t("stories.chart_title", lang),
    )
    st.subheader(t("stories.huiju_title", lang))
    ui.fact_cards(stories.select_facts(facts, stories.HUIJU_FACTS), lang)
    st.subheader(t("stories.campaign_other", lang))
    ui.fact_cards(stories.select_facts(facts, stories.CAMPAIGN_OTHER_FACTS), lang)

else:
    topics = sorted(facts["topic"].unique())
    topic = ui.url_selectbox(
        t("stories.topic", lang),
        ["all", *topics],
        key="topic",
        format_func=lambda code: t(f"topic.{code}", lang),
    )
    shown = facts if topic == "all" else facts[facts["topic"] == topic]
    label = "label_zh" if lang == "zh" else "label_en"
    table = (
        shown[[label, "value_text", "period", "section", "quote"]]
        .fillna("—")
        .rename(
            columns={
                label: t("col.fact", lang),
                "value_text": t("col.value_as_printed", lang),
                "period": t("col.period", lang),
                "section": t("col.section", lang),
                "quote": t("col.quote", lang),
            }
        )
    )
    st.caption(t("stories.count", lang, n=len(shown)))
    ui.data_table(table, REPORT, download=f"report-figures-{topic}", title=t("stories.views.facts", lang))
