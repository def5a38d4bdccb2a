"""关于数据 About the data: every table, column, unit, source and provenance class, from the schema."""

import pandas as pd
import streamlit as st

import ui
from beltatlas.i18n import t
from beltatlas.schema import PROVENANCE_CLASSES, TABLES

lang = ui.page_header("page.about", "about.intro")
ds = ui.dataset()

# 1/ Provenance classes
st.subheader(t("about.classes", lang))
for cls in PROVENANCE_CLASSES:
    st.markdown(f"- **{t(f'provenance.label.{cls}', lang)}** — {t(f'provenance.meaning.{cls}', lang)}")

# 2/ Tables, generated from the schema
st.subheader(t("about.tables", lang))
summary = []
for table in TABLES.values():
    info = ds.info(table.name)
    summary.append(
        {
            t("about.col.table", lang): table.name,
            t("about.col.title", lang): table.zh if lang == "zh" else table.en,
            t("about.col.rows", lang): ui.table_rows(table.name),
            t("about.col.provenance", lang): t(f"provenance.label.{info.provenance}", lang),
            t("about.col.source", lang): info.source_in(lang),
        }
    )
st.dataframe(pd.DataFrame(summary), hide_index=True, width="stretch")

for table in TABLES.values():
    with st.expander(f"{table.name} — {table.zh if lang == 'zh' else table.en}"):
        columns = pd.DataFrame(
            {
                t("about.col.column", lang): [c.name for c in table.columns],
                t("about.col.dtype", lang): [c.dtype for c in table.columns],
                t("about.col.unit", lang): [c.unit or "—" for c in table.columns],
                t("about.col.required", lang): [
                    t("about.yes", lang) if c.required else t("about.no", lang) for c in table.columns
                ],
                t("about.col.description", lang): [c.zh if lang == "zh" else c.en for c in table.columns],
            }
        )
        st.caption(t("about.key", lang, key=", ".join(table.key)))
        st.dataframe(columns, hide_index=True, width="stretch")
        ui.badge(ui.table_provenance(table.name))

# 3/ Where the large tables are queried
st.subheader(t("engine.title", lang))
ui.engine_panel(lang)

# 4/ The dataset in view, as one ZIP that loads back unchanged
st.subheader(t("about.download", lang))
st.caption(t("about.download_help", lang))
in_view = ui.dataset()
st.download_button(
    t("about.download_zip", lang),
    lambda: ui.dataset_zip_bytes(in_view),
    file_name="beltatlas-dataset.zip",
    mime="application/zip",
    key="download_dataset",
    on_click="ignore",
    icon=":material/folder_zip:",
)

# 5/ Load your own data
st.subheader(t("about.upload", lang))
st.markdown(t("about.upload_help", lang, mb=ui.MAX_FILE_MB))
ui.uploader_texts(lang)
files = st.file_uploader(
    t("about.upload_label", lang),
    type=["csv", "xlsx", "parquet", "zip", "json"],
    accept_multiple_files=True,
    key="upload",
    max_upload_size=200,
)
if files and st.button(t("about.upload_check", lang), type="primary"):
    st.session_state["_upload_result"] = ui.load_user_files(files)
result = st.session_state.get("_upload_result")
if result is not None:
    ui.upload_report(result)
if st.button(t("about.upload_clear", lang)):
    ui.clear_user_data()
    st.session_state.pop("_upload_result", None)
    st.rerun()
