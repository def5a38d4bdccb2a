"""The one Streamlit module besides the pages: cached loaders, language, URL state and shared widgets.

Pages import this; the `beltatlas` package never imports Streamlit. Caching happens here and only
here, at the loader boundary.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tempfile
import time
import uuid
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode

import altair as alt
import pandas as pd
import streamlit as st

from beltatlas import engine as engines
from beltatlas import images, metrics, query, stories
from beltatlas import theme as themes
from beltatlas import tour as tours
from beltatlas.dataset import Dataset, Upload, load_dataset, load_upload, merge_user_tables
from beltatlas.export import (
    ExportMeta,
    SourceLine,
    csv_bytes,
    dataset_zip,
    neutralise,
    printf_to_excel,
    xlsx_bytes,
)
from beltatlas.i18n import LANGS, Lang, parse_lang, province_name, t
from beltatlas.provenance import (
    BADGE_COLOURS,
    Provenance,
    badge_markdown,
    combine,
    escape_markdown,
    quotes_markdown,
)
from beltatlas.validate import Problem

ROOT = Path(__file__).resolve().parent
DATA_DIR = ROOT / "data"

T = TypeVar("T")

_USER_KEY = "_user_dataset"
_USER_TOKEN = "_user_dataset_token"

#: Seconds a query result is kept (unset or 0: until the process ends or "refresh" is pressed).
CACHE_TTL_ENV = "BELTATLAS_CACHE_TTL"


# 1/ Data ----------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def load_bundled() -> tuple[Dataset, tuple[str, ...]]:
    """The bundled dataset in `data/` and its validation problems, read and validated once per process.

    Shared by every session without copying (cache_resource): callers treat its frames as read-only,
    and every function in `beltatlas` returns new frames rather than changing its inputs.
    """
    dataset, problems = load_dataset(DATA_DIR)
    return dataset, tuple(str(p) for p in problems)


def dataset() -> Dataset:
    """The dataset in view: the bundled one, with any tables the user loaded replacing its own."""
    base, _problems = load_bundled()
    user = st.session_state.get(_USER_KEY)
    return merge_user_tables(base, user) if user is not None else base


#: Largest file the app reads, per file (an upload's memory is bounded by this, not by Streamlit's
#: own 200 MB limit). Validation holds a CSV's text and its parsed columns: about 8× the file.
MAX_FILE_MB = 50
#: Largest total size of what one uploaded ZIP unpacks to.
MAX_ZIP_MB = 200


def _unpack(upload: Any, folder: Path, problems: list[Problem]) -> None:
    """Write one uploaded file (or the members of an uploaded ZIP) into `folder`, by file name only."""
    name = Path(upload.name).name
    size = getattr(upload, "size", None) or len(upload.getvalue())
    if size > MAX_FILE_MB * 1024 * 1024:
        mb = size / 1024 / 1024
        problems.append(
            Problem(
                name,
                None,
                None,
                f"文件有 {mb:,.1f} MB，超过每个文件 {MAX_FILE_MB} MB 的上限，未读取；请拆分后再载入，"
                "或用命令行 `python -m beltatlas validate` 校验",
                f"the file is {mb:,.1f} MB, over the {MAX_FILE_MB} MB limit per file; not read. Split it,"
                " or check it with `python -m beltatlas validate`",
            )
        )
        return
    if not name.lower().endswith(".zip"):
        (folder / name).write_bytes(upload.getvalue())
        return
    try:
        with zipfile.ZipFile(io.BytesIO(upload.getvalue())) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if sum(m.file_size for m in members) > MAX_ZIP_MB * 1024 * 1024:
                problems.append(
                    Problem(
                        name,
                        None,
                        None,
                        f"ZIP 解压后超过 {MAX_ZIP_MB} MB，未读取",
                        f"the ZIP unpacks to more than {MAX_ZIP_MB} MB; not read",
                    )
                )
                return
            for member in members:
                inner = Path(member.filename).name
                if inner and not inner.startswith((".", "__")):
                    (folder / inner).write_bytes(archive.read(member))
    except zipfile.BadZipFile:
        problems.append(Problem(name, None, None, "不是有效的 ZIP 文件", "not a valid ZIP file"))


def load_user_files(files: Sequence[Any]) -> Upload:
    """Validate uploaded files (named after their table, or a ZIP of them) against the dataset in
    view, and keep the usable tables for this session. Nothing is kept when no table is usable."""
    base, _problems = load_bundled()
    size_problems: list[Problem] = []
    with tempfile.TemporaryDirectory(prefix="beltatlas-upload-") as tmp:
        folder = Path(tmp)
        for upload in files:
            _unpack(upload, folder, size_problems)
        label = t("about.upload_label_folder", lang())
        upload = load_upload(folder, base, label=label) if any(folder.iterdir()) else None
    if upload is None:
        upload = Upload(Dataset(), [], [])
    upload.problems[:0] = size_problems
    if upload.loaded:
        st.session_state[_USER_KEY] = upload.dataset
        st.session_state[_USER_TOKEN] = uuid.uuid4().hex  # query results are cached per upload
    return upload


def upload_report(upload: Upload) -> None:
    """What became of an upload: a headline that tells the truth, a line per table (rows read,
    loaded, not used and why) and every problem as file:row:column."""
    current = lang()
    loaded = [x for x in upload.tables if x.loaded]
    rows = sum(x.loaded for x in loaded)
    not_used = sum(x.not_used for x in upload.tables)
    if not loaded:
        st.error(t("about.upload_none", current, n=len(upload.problems)))
    elif upload.problems:
        st.warning(t("about.upload_partial", current, tables=len(loaded), rows=rows, bad=not_used))
    else:
        st.success(t("about.upload_ok", current, tables=len(loaded), rows=rows))
    if upload.tables:
        lines = []
        for x in upload.tables:
            reasons = "；".join(f"{column}（{n}）" for column, n in x.reasons)
            if x.loaded == 0 and x.read:
                reasons = reasons or t("about.upload_reason_table", current)
            how = t("about.upload_ties", current, tables=", ".join(x.uses_bundled)) if x.uses_bundled else ""
            lines.append(
                {
                    t("about.col.table", current): x.table,
                    t("about.col.file", current): x.file,
                    t("about.col.read", current): x.read,
                    t("about.col.loaded", current): x.loaded,
                    t("about.col.not_used", current): x.not_used,
                    t("about.col.why", current): reasons or "—",
                    t("about.col.how", current): how or "—",
                }
            )
        st.dataframe(neutralise(pd.DataFrame(lines)), hide_index=True, width="stretch")
    if upload.problems:
        st.caption(t("about.upload_problems", current, n=len(upload.problems)))
        st.code("\n".join(str(p) for p in upload.problems[:200]), language=None)


def uploader_texts(current: Lang) -> None:
    """Streamlit's uploader writes "Upload" and "200MB per file" in English whatever the language; in
    Chinese, draw our own words over them (CSS only: the widget has no parameter for them)."""
    if current != "zh":
        limit = f"{MAX_FILE_MB} MB per file • CSV, XLSX, PARQUET, ZIP"
        button = ""
    else:
        limit = f"每个文件不超过 {MAX_FILE_MB} MB • CSV、XLSX、Parquet、ZIP"
        button = "选择文件"
    css = [
        '[data-testid="stFileUploaderDropzoneInstructions"] span { font-size: 0 !important; }',
        f'[data-testid="stFileUploaderDropzoneInstructions"] span::after {{ content: "{limit}";'
        " font-size: 0.875rem; }",
    ]
    if button:
        css += [
            '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p'
            " { font-size: 0 !important; }",
            '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after'
            f' {{ content: "{button}"; font-size: 0.875rem; }}',
        ]
    st.html("<style>" + "\n".join(css) + "</style>")


def dataset_zip_bytes(ds: Dataset) -> bytes:
    """`ds` (the dataset in view, taken during the run that draws the button) as a ZIP: one CSV per
    table + datapackage.json. A download's callable runs later in a server thread with no session,
    so it must not look the dataset up itself (it would miss the user's tables)."""
    tables = {name: frame for name, frame in ds.tables.items() if frame is not None}
    resources = []
    for name in tables:
        info = ds.info(name)
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "provenance": info.provenance,
                "source": info.source_in("zh"),
                "source_en": info.source_in("en"),
                "license": info.licence,
                "title": info.title or name,
            }
        )
    return dataset_zip(tables, resources)


def clear_user_data() -> None:
    st.session_state.pop(_USER_KEY, None)
    st.session_state.pop(_USER_TOKEN, None)


def _user_table(name: str) -> pd.DataFrame | None:
    user = st.session_state.get(_USER_KEY)
    return None if user is None else user.tables.get(name)


def table_provenance(name: str) -> Provenance:
    """The provenance badge of a whole table in the dataset in view.

    A large table that an engine serves from its own catalogue (not from the dataset's files) is the
    operator's data: class 用户 user, its source the table's location in the engine.
    """
    current = engine()
    if (
        name in engines.ENGINE_TABLES
        and not current.embedded
        and name not in current.from_dataset
        and _user_table(name) is None
    ):
        return Provenance("user", current.locations.get(name, current.label))
    info = dataset().info(name)
    return Provenance(info.provenance, info.source_in(lang()))


# 1b/ Engine and query loaders -------------------------------------------------------------------
# Every page reads brand_sales, belt_gmv and city_gmv only through these loaders: each runs one
# function of `beltatlas.query` where the table lives (`beltatlas.engine`) and caches its small result
# per query, parameters, engine and data (bundled / this session's upload), for BELTATLAS_CACHE_TTL
# seconds when set. A user's uploaded table is queried on the embedded DuckDB whatever the engine.


def cache_ttl() -> float | None:
    """BELTATLAS_CACHE_TTL in seconds, or None (keep until refreshed) when unset, 0 or not a number."""
    try:
        ttl = float(os.environ.get(CACHE_TTL_ENV, ""))
    except ValueError:
        return None
    return ttl if ttl > 0 else None


def engine_setting() -> str:
    """The value of BELTATLAS_ENGINE in force ('duckdb' when unset)."""
    return os.environ.get(engines.ENGINE_ENV, "").strip() or "duckdb"


@st.cache_resource(show_spinner=False)
def _engine_for(setting: str) -> engines.Engine:
    return engines.connect(setting, DATA_DIR)


def engine() -> engines.Engine:
    """The engine in force, connected once per process (and per setting) and its tables checked."""
    return _engine_for(engine_setting())


def _source(name: str) -> tuple[str, Any]:
    """(data key, source) of large table `name` in this session: the user's upload, else the engine's
    table, else (embedded default) the bundled frame."""
    frame = _user_table(name)
    user = st.session_state.get(_USER_KEY)
    # The upload's token, and the object itself (a dataset put into the session without a token).
    user_token = None if user is None else f"{st.session_state.get(_USER_TOKEN)}:{id(user)}"
    if frame is not None:
        return f"user:{user_token}", frame
    current = engine()
    # A user's belts change the belt joins; a reloaded bundled dataset is a new object.
    key = f"user:{user_token}" if user_token else f"bundled:{id(load_bundled()[0])}"
    if not current.embedded:
        if name not in current.tables:
            raise LookupError(f"{name}: {current.locations.get(name)} is not usable (see the About page)")
        return key, current.tables[name]
    return key, load_bundled()[0].tables[name]


@st.cache_data(ttl=cache_ttl(), show_spinner=False, max_entries=2000)
def _cached(query_name: str, params: str, engine_key: str, data_key: str, _run: Callable[[], Any]) -> Any:
    """One query result, kept per (query, parameters, engine, data); `_run` computes it (not hashed)."""
    return _run()


def _query(query_name: str, table: str, params: dict[str, Any], run: Callable[[Any], Any]) -> Any:
    data_key, source = _source(table)
    key = json.dumps(params, sort_keys=True, default=str, ensure_ascii=False)
    return _cached(query_name, key, engine_setting(), data_key, lambda: run(source))


def refresh_queries() -> None:
    """Forget every cached query result (the "refresh" control), so the next view asks the engine again."""
    _cached.clear()


def _listed(values: Iterable[Any] | None) -> list[Any] | None:
    return None if values is None else [v if isinstance(v, str) else int(v) for v in values]


def _scope(
    years: Iterable[int] | None, provinces: Iterable[int] | None, belts: pd.DataFrame | None
) -> dict[str, Any]:
    ids = None if belts is None else sorted(str(b) for b in belts["belt_id"])
    return {"years": _listed(years), "provinces": _listed(provinces), "belts": ids}


def concentration(
    *,
    by: Sequence[str] = (),
    years: Iterable[int] | None = None,
    provinces: Iterable[int] | None = None,
    categories: Iterable[str] | None = None,
    belts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """`metrics.concentration` of the brand_sales in view (same parameters), cached."""
    years, provinces, categories = _listed(years), _listed(provinces), _listed(categories)
    params = {"by": list(by), "categories": categories, **_scope(years, provinces, belts)}
    return _query(
        "concentration",
        "brand_sales",
        params,
        lambda src: metrics.concentration(
            src, by=by, years=years, provinces=provinces, categories=categories, belts=belts
        ),
    )


def brand_shares(
    category: str,
    *,
    years: Iterable[int] | None = None,
    provinces: Iterable[int] | None = None,
    belts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """`metrics.brand_shares` of one category of the brand_sales in view, cached."""
    years, provinces = _listed(years), _listed(provinces)
    params = {"category": category, **_scope(years, provinces, belts)}
    return _query(
        "brand_shares",
        "brand_sales",
        params,
        lambda src: metrics.brand_shares(src, category, years=years, provinces=provinces, belts=belts),
    )


def sales_keys() -> pd.DataFrame:
    """The (year, province_adcode) pairs of the brand_sales in view (what the filters offer), cached."""

    def run(src: Any) -> pd.DataFrame:
        with engines.as_sales(src) as sales:
            return query.sales_keys(sales)

    return _query("sales_keys", "brand_sales", {}, run)


def province_scale() -> pd.DataFrame:
    """`metrics.province_scale` of the belt_gmv and belts in view, cached."""
    belts = dataset().tables["belts"]
    return _query("province_scale", "belt_gmv", {}, lambda src: metrics.province_scale(src, belts))


def belt_scale(belt_ids: Iterable[str] | None = None, years: Iterable[int] | None = None) -> pd.DataFrame:
    """Belt sales per belt and year (`query.belt_scale`: the belt_gmv rows of those belts / years), cached."""
    ids = None if belt_ids is None else sorted(str(b) for b in belt_ids)
    years = _listed(years)

    def run(src: Any) -> pd.DataFrame:
        with engines.as_table(src, "belt_gmv") as table:
            return query.belt_scale(table, belt_ids=ids, years=years)

    return _query("belt_scale", "belt_gmv", {"belt_ids": ids, "years": years}, run)


def city_scale() -> pd.DataFrame:
    """Belt sales per city and year (`query.city_scale`: the shape of `city_gmv`), cached."""

    def run(src: Any) -> pd.DataFrame:
        with engines.as_table(src, "city_gmv") as table:
            return query.city_scale(table)

    return _query("city_scale", "city_gmv", {}, run)


def table_rows(name: str) -> int:
    """The number of rows of table `name` in view: counted by the engine for its large tables."""
    frame = _user_table(name)
    if name not in engines.ENGINE_TABLES or frame is not None or engine().embedded:
        frame = dataset().tables.get(name)
        return 0 if frame is None else len(frame)

    def run(src: Any) -> int:
        return query.row_count(src)

    return _query("row_count", name, {}, run)


def engine_panel(current: Lang) -> None:
    """The engine in force, its table locations and cache setting, and the refresh control."""
    now = engine()
    st.markdown(t("engine.in_force", current, engine=now.label))
    rows = [
        {t("about.col.table", current): name, t("engine.location", current): now.locations.get(name, "—")}
        for name in engines.ENGINE_TABLES
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    ttl = cache_ttl()
    st.caption(
        t("engine.cache_ttl", current, seconds=f"{ttl:g}") if ttl else t("engine.cache_forever", current)
    )
    if st.button(t("engine.refresh", current), key="_refresh_queries"):
        refresh_queries()
        st.toast(t("engine.refreshed", current))


# 2/ Language and URL state ----------------------------------------------------------------------


def lang() -> Lang:
    """The language in view: `?lang=en` or the sidebar switch; Chinese by default."""
    if "lang" not in st.session_state:
        st.session_state["lang"] = parse_lang(st.query_params.get("lang"))
    return st.session_state["lang"]


def language_switch() -> Lang:
    """The sidebar language switch, bound to `?lang=`; call once per run from dashboard.py."""
    current = lang()
    choice = st.sidebar.segmented_control(
        "语言 / Language",
        options=list(LANGS),
        default=current,
        format_func=lambda code: t(f"lang.{code}", code),
        key="_lang_switch",
    )
    st.session_state["lang"] = parse_lang(choice or current)
    write_query_param("lang", st.session_state["lang"], default="zh")
    return st.session_state["lang"]


def write_query_param(
    key: str, value: object, *, default: object = None, encode: Callable[[Any], str] = str
) -> None:
    """Keep `?key=` equal to `value`; a default value leaves the URL clean."""
    if value is None or value == default:
        if key in st.query_params:
            del st.query_params[key]
        return
    text = encode(value)
    if st.query_params.get(key) != text:
        st.query_params[key] = text


def seed_from_url(key: str, options: Sequence[T], default: T, encode: Callable[[T], str] = str) -> None:
    """Before a widget with `key` is drawn: take its value from `?key=` once, else keep its own."""
    if key in st.session_state and st.session_state[key] in options:
        return
    raw = st.query_params.get(key)
    by_code = {encode(option): option for option in options}
    st.session_state[key] = by_code.get(raw, default) if raw is not None else default


def _held(key: str, options: Sequence[T]) -> int:
    """The index of the value Session State holds for `key`, to draw its widget with as the default.

    A widget the browser draws afresh (a new page, or a run cut short before its element arrived)
    starts at the default the server sent, and sends that back as its value on the next run. Drawn
    without one, a seeded widget started at its first option: the map's year came back as 2018 on a
    tour step. The value held and the default are the same, so Streamlit's "default value and
    Session State" log warning says nothing here (`global.disableWidgetStateDuplicationWarning`)."""
    return list(options).index(st.session_state[key])


def url_select_slider(label: str, options: Sequence[T], key: str, *, default: T, **kwargs: Any) -> T:
    """A select slider bound to `?key=<option>` (the default leaves the URL clean)."""
    seed_from_url(key, options, default, str)
    value = st.select_slider(label, options, key=key, value=options[_held(key, options)], **kwargs)
    write_query_param(key, value, default=default)
    return value


def url_selectbox(
    label: str,
    options: Sequence[T],
    key: str,
    *,
    default: T | None = None,
    format_func: Callable[[T], str] = str,
    encode: Callable[[T], str] = str,
    container: Any = None,
    **kwargs: Any,
) -> T:
    """A select box whose choice lives in the URL as `?key=<code>`, so the view can be shared as a link.

    The URL holds the stable code (`encode(option)`, e.g. 440000), not the label, so a link works in
    either language.
    """
    default = options[0] if default is None else default
    seed_from_url(key, options, default, encode)
    target = container or st
    value = target.selectbox(
        label, options, key=key, index=_held(key, options), format_func=format_func, **kwargs
    )
    write_query_param(key, value, default=default, encode=encode)
    return value


def url_radio(
    label: str,
    options: Sequence[T],
    key: str,
    *,
    default: T | None = None,
    initial: T | None = None,
    format_func: Callable[[T], str] = str,
    **kwargs: Any,
) -> T:
    """A horizontal radio bound to `?key=<option>` like `url_selectbox` (the default leaves the URL clean;
    `initial`, if given, is the first choice when the URL names none)."""
    default = options[0] if default is None else default
    seed_from_url(key, options, default if initial is None else initial)
    value = st.radio(
        label, options, key=key, index=_held(key, options), horizontal=True, format_func=format_func, **kwargs
    )
    write_query_param(key, value, default=default)
    return value


def url_multiselect(
    label: str,
    options: Sequence[T],
    key: str,
    *,
    default: Sequence[T] = (),
    format_func: Callable[[T], str] = str,
    encode: Callable[[T], str] = str,
    container: Any = None,
    **kwargs: Any,
) -> list[T]:
    """A multiselect bound to `?key=a,b,c` (codes joined by commas)."""
    if key not in st.session_state:
        raw = st.query_params.get(key)
        by_code = {encode(option): option for option in options}
        chosen = [by_code[c] for c in (raw or "").split(",") if c in by_code] if raw else list(default)
        st.session_state[key] = chosen
    target = container or st
    # Streamlit's own placeholder is English ("Choose options") whatever the language.
    kwargs.setdefault("placeholder", t("common.choose", lang()))
    held = [v for v in st.session_state[key] if v in options]
    values = target.multiselect(label, options, key=key, default=held, format_func=format_func, **kwargs)
    joined = ",".join(encode(v) for v in values)
    write_query_param(key, joined, default=",".join(encode(v) for v in default))
    return values


# 3/ Shared widgets ------------------------------------------------------------------------------


def badge(*provs: Provenance) -> None:
    """The provenance line under a chart or table: class badge, meaning, source, quoted sentences."""
    current = lang()
    for prov in combine(*provs):
        st.markdown(badge_markdown(prov, current))
        if prov.quotes:
            with st.expander(t("provenance.quotes", current, n=len(prov.quotes))):
                st.markdown(quotes_markdown(prov, current))


def export_meta(title: str, *provs: Provenance) -> ExportMeta:
    """What a downloaded file says about itself: title, class and source of each provenance, the URL of
    the view (with its query) and today's date."""
    current = lang()
    lines = tuple(
        SourceLine(
            prov.cls,
            f"{prov.label(current)} ({prov.cls})",
            prov.source or t(f"provenance.meaning.{prov.cls}", current),
        )
        for prov in combine(*provs)
    )
    base = st.context.url or ""
    query = urlencode({k: st.query_params.get(k) for k in st.query_params})
    url = f"{base}?{query}" if query else base
    return ExportMeta(title=title, sources=lines, url=url, date=date.today().isoformat(), lang=current)


def _display_formats(frame: pd.DataFrame, formats: Mapping[str, str] | None) -> dict[str, str]:
    """The printf display format of each numeric column: `formats` where it names one, else floats
    with separators and one decimal, whole numbers with separators. The table and its XLSX share it."""
    out: dict[str, str] = {}
    given = dict(formats or {})
    for column in frame.columns:
        name, series = str(column), frame[column]
        if name in given:
            out[name] = given[name]
        elif pd.api.types.is_bool_dtype(series):
            continue
        elif pd.api.types.is_float_dtype(series):
            out[name] = "%,.1f"
        elif pd.api.types.is_integer_dtype(series):
            out[name] = "%,d"
    return out


def data_table(
    frame: pd.DataFrame,
    *provs: Provenance,
    download: str | None = None,
    formats: Mapping[str, str] | None = None,
    title: str | None = None,
    **kwargs: Any,
) -> None:
    """A data table with its provenance line under it and CSV / XLSX downloads of exactly its rows.

    `frame` holds numbers as numbers, in the unit its header names; the table shows them with
    separators (`formats` overrides a column's display). Text cells that a spreadsheet would run as
    formulas are neutralised in the table itself too, so the table toolbar's own "Download as CSV"
    (which writes what the table displays) is safe as well.
    """
    if download:
        name = download
    else:  # a stable name of its own, so two unnamed tables on one page do not share a button key
        digest = hashlib.sha1(repr((title, list(map(str, frame.columns)), len(frame))).encode()).hexdigest()
        name = f"table-{digest[:8]}"
    shown = neutralise(frame)
    shown_formats = _display_formats(frame, formats)
    config: dict[str, Any] = {
        name: st.column_config.NumberColumn(name, format=spec) for name, spec in shown_formats.items()
    }
    config.update(kwargs.pop("column_config", None) or {})
    st.dataframe(shown, hide_index=True, width="stretch", column_config=config, **kwargs)
    meta = export_meta(title or name, *provs)
    current = lang()
    csv_col, xlsx_col, _ = st.columns([1, 1, 4])
    csv_col.download_button(
        t("data.download_csv", current),
        lambda: csv_bytes(frame, meta),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"download_{name}",
        on_click="ignore",
        icon=":material/download:",
    )
    xlsx_col.download_button(
        t("data.download_xlsx", current),
        lambda: xlsx_bytes(
            frame, meta, number_formats={k: printf_to_excel(v) for k, v in shown_formats.items()}
        ),
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"download_{name}_xlsx",
        on_click="ignore",
        icon=":material/download:",
    )
    badge(*provs)


def fact_cards(rows: pd.DataFrame, current: Lang) -> None:
    """Report figures grouped by their sentence: one metric card per figure, then the class badge of
    `report_facts` in view (报告, or 用户 for a loaded table), the quoted sentence and its section."""
    prov = table_provenance("report_facts")
    tag = f":{BADGE_COLOURS[prov.cls]}-badge[{prov.label(current)}]"
    for group in stories.quote_groups(rows):
        columns = st.columns(max(2, min(len(group), 4)))
        for i, (_, row) in enumerate(group.iterrows()):
            columns[i % len(columns)].metric(
                stories.label(row, current), stories.shown_value(row, current), border=True
            )
        first = group.iloc[0]
        st.caption(f"{tag} " + stories.citation_markdown(first["section"], first["quote"], current))


#: No figure is ever cut: metric labels and values wrap instead of ending in "…", and values shrink
#: a little on narrow columns (tests/e2e/test_overflow_browser.py measures every card).
_CARD_CSS = """<style>
[data-testid="stMetricValue"], [data-testid="stMetricValue"] *,
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *,
[data-testid="stMetricDelta"], [data-testid="stMetricDelta"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  overflow-wrap: anywhere; height: auto !important;
}
[data-testid="stMetricValue"] { font-size: clamp(1.25rem, 0.9rem + 1vw, 2.25rem); line-height: 1.25; }
</style>"""


def page_header(title_key: str, intro_key: str | None = None) -> Lang:
    """Title (and an optional one-line introduction) of a page; returns the language in view."""
    current = lang()
    st.html(_CARD_CSS)
    st.title(t(title_key, current))
    if intro_key:
        st.caption(t(intro_key, current))
    problems = load_bundled()[1]
    if problems:
        # The bundled data is tested to be valid; if it is not, say so on every page rather than hide it.
        st.error(t("data.bundled_invalid", current, n=len(problems)))
        with st.expander(t("data.bundled_problems", current)):
            st.code("\n".join(problems[:200]), language=None)
    if st.session_state.get(_USER_KEY) is not None:
        st.info(t("data.user_loaded", current))
    engine_problems = engine().problems
    if engine_problems:
        # A table the engine lacks, or of the wrong shape, is not used: say why, like a bad file.
        st.error(t("engine.problems", current, engine=engine().label, n=len(engine_problems)))
        st.code("\n".join(str(p) for p in engine_problems), language=None)
        if title_key != "page.about":
            st.stop()
    elif not engine().embedded and st.sidebar.button(t("engine.refresh", current), key="_refresh_sidebar"):
        refresh_queries()
    return current


# 4/ Screen size and players ---------------------------------------------------------------------

_SIZE_JS = """
export default function (component) {
  const { setStateValue, parentElement, data } = component;
  // What the server already has: re-drawn on each page, the element does not send it again.
  let last = (data && data.known) || "";
  let timer = null;
  // The page this element belongs to is the one in the address bar. When the tour (or Back/Forward)
  // moves on, the address changes at once but this page stays on screen until the next one arrives;
  // a size sent then would run this page again, in place of the page asked for.
  const inView = () => {
    if (!data || !data.page) return true;
    const parts = window.location.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    const tail = parts.length ? parts[parts.length - 1] : "";
    return (data.pages.includes(tail) ? tail : data.pages[0]) === data.page;
  };
  const report = () => {
    if (!inView()) return;
    const rect = parentElement.getBoundingClientRect();
    const width = Math.round(rect.width);
    const height = Math.round(window.innerHeight);
    // A page that draws the same for any distance from the top beyond `top_cap` gets the cap, so a
    // layout shift above it (a font arriving, a caption) does not run the page again.
    // Or the bottom of the element `data.anchor` names (the room under it is what the page needs).
    const anchor = data && data.anchor ? document.querySelector(data.anchor) : null;
    const edge = anchor ? anchor.getBoundingClientRect().bottom : rect.top;
    const measured = Math.round(edge + window.scrollY);
    const top = data && data.top_cap != null ? Math.min(measured, data.top_cap) : measured;
    const text = width + "x" + height + "@" + top;
    if (width > 0 && text !== last) {
      last = text;
      setStateValue("size", { width: width, height: height, top: top });
      // For the next visit's first run (a reload, a new tab): the server reads it with the session.
      if (data && data.cookie) document.cookie = data.cookie + "=" + text + "; path=/; max-age=31536000; SameSite=Lax";
    }
  };
  // Reported at once, then again whenever the page has settled after a change: its fonts loaded,
  // and 200 ms without a change of this element's size or the page's (what is above it moves it
  // without resizing it). Each size sent runs the page again, so nothing above the element may
  // change height while the page arrives (the map's stage title is hidden by CSS from the start).
  const later = () => { clearTimeout(timer); timer = setTimeout(report, 200); };
  report();
  const observer = new ResizeObserver(later);
  observer.observe(parentElement);
  observer.observe(document.body);
  if (data && data.anchor && document.querySelector(data.anchor)) observer.observe(document.querySelector(data.anchor));
  document.fonts.ready.then(later);
  window.addEventListener("resize", later);
  return () => { observer.disconnect(); window.removeEventListener("resize", later); clearTimeout(timer); };
}
"""
_size_component = st.components.v2.component("beltatlas_element_size", js=_SIZE_JS, isolate_styles=False)
_PAGE_KEY = "_page_in_view"


def note_page(current: str, names: Sequence[str]) -> None:
    """The page this run draws (its URL name) among every page's, the first being the one served at
    the app's root: an element that measures itself then reports only while its page is in view."""
    st.session_state[_PAGE_KEY] = {"page": current, "pages": list(names)}


def element_size(
    key: str, top_cap: Callable[[int], int] | None = None, anchor: str | None = None
) -> tuple[int, int, int] | None:
    """(width of the column this is drawn in, height of the browser window, this element's distance
    from the top of the page) in CSS pixels, measured in the browser and sent again when any of them
    changes; None until the browser has reported. `top_cap(window height)`: the distance beyond which
    the page draws the same; a larger one is reported as the cap (and moving beyond it sends nothing).
    `anchor`: a CSS selector; the distance is then that element's bottom edge's (this element, of
    no height, is placed at its container's top, wherever it is drawn in it)."""
    # The last size this element reported, kept under a key of its own: a widget's state is dropped
    # when another page runs, so without it every return to the page would draw at the default size
    # and then again at the measured one.
    memo, cookie = _size_stores(key)
    known = known_size(key)
    data: dict[str, Any] = {**st.session_state.get(_PAGE_KEY, {}), "known": "", "cookie": cookie}
    if anchor:
        data["anchor"] = anchor
    if known:
        width, height, top = known
        if top_cap is not None:
            data["top_cap"] = max(0, int(top_cap(height)))
            top = min(top, data["top_cap"])
        data["known"] = f"{width}x{height}@{top}"
    result = _size_component(key=key, data=data, height=0, on_size_change=lambda: None)
    size = _size_of(result) or known
    if size:
        st.session_state[memo] = size
    return size


def known_size(key: str) -> tuple[int, int, int] | None:
    """The size `element_size(key)` will return in this run, read before it is drawn: what the element
    last reported (in this session, or in this browser's cookie), or None before any report."""
    memo, cookie = _size_stores(key)
    return _size_of(st.session_state.get(key)) or st.session_state.get(memo) or size_from_text(_cookie(cookie))


def _size_stores(key: str) -> tuple[str, str]:
    """Where the size element `key` keeps its last report: a Session State key and a cookie name."""
    return f"{key}__last", f"beltatlas_size{key}"


def _cookie(name: str) -> str | None:
    """A cookie the browser sent when this session opened (None where there is none, as in AppTest)."""
    try:
        value = st.context.cookies.get(name)
    except Exception:  # no session context
        return None
    return value if isinstance(value, str) else None


def size_from_text(text: str | None) -> tuple[int, int, int] | None:
    """(width, height, top) from the size element's text `"1027x1080@295"` (its cookie), or None.

    The cookie keeps the last size of this browser's window, so the first run of a new session (a
    reload, a new tab) draws at it: no second run when the window has not changed since."""
    match = re.fullmatch(r"(\d{2,5})x(\d{2,5})@(\d{1,5})", text or "")
    return (int(match[1]), int(match[2]), int(match[3])) if match else None


def _size_of(state: Any) -> tuple[int, int, int] | None:
    """(width, height, top) from the size element's state (its result, or its entry in the session)."""
    if state is None:
        return None
    size = state.get("size") if isinstance(state, Mapping) else getattr(state, "size", None)
    if not isinstance(size, dict):
        return None
    try:
        return int(size["width"]), int(size["height"]), int(size.get("top", 0))
    except (KeyError, TypeError, ValueError):
        return None


#: Big, slowly changing layer data (the provinces' shapes with their colours and tips) is served as a
#: file under Streamlit's static route instead of inside every deck spec: deck.gl keeps a layer whose
#: data URL is unchanged, so a click or a resize neither resends nor re-tessellates it. Files are
#: named by their content's hash, written once, and the oldest are removed beyond PUBLISHED_FILES.
STATIC_DIR = Path(__file__).resolve().parent / "static"
PUBLISHED_DIR = STATIC_DIR / "maps"
PUBLISHED_FILES = 400


#: URLs of tuple payloads already published, by the tuple's id (the tuple is kept, so its id is not
#: reused): the map's borders are one cached tuple, serialised once instead of on every run.
_PUBLISHED_TUPLES: dict[int, tuple[tuple[Any, ...], str]] = {}
PUBLISHED_TUPLES = 32


def publish_json(payload: Any) -> Any:
    """`payload` as a JSON file the page serves; returns its URL relative to the page
    (`app/static/maps/<sha256>.json`, so a server base path is kept). Where the app's folder cannot be
    written (a read-only deployment), the payload itself comes back: the map then carries its data
    inline, as before the files, and works, only heavier. A tuple is taken as immutable (the map's
    cached geometry): the same tuple is serialised once."""
    memo = isinstance(payload, tuple)
    held = _PUBLISHED_TUPLES.get(id(payload)) if memo else None
    if held is not None and held[0] is payload and (PUBLISHED_DIR / held[1].rsplit("/", 1)[-1]).exists():
        return held[1]
    url = _publish_text(json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False))
    if url is None:
        return payload
    if memo:
        _PUBLISHED_TUPLES[id(payload)] = (payload, url)
        while len(_PUBLISHED_TUPLES) > PUBLISHED_TUPLES:  # the oldest first (dicts keep their order)
            del _PUBLISHED_TUPLES[next(iter(_PUBLISHED_TUPLES))]
    return url


def _publish_text(text: str) -> str | None:
    """`text` written once under its hash; its URL, or None where the folder cannot be written."""
    name = hashlib.sha256(text.encode()).hexdigest()[:40] + ".json"
    path = PUBLISHED_DIR / name
    if not path.exists():
        try:
            PUBLISHED_DIR.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            partial.write_text(text, encoding="utf-8")
            partial.replace(path)  # atomic: a browser never reads half a file
        except OSError:
            return None
        files = sorted(PUBLISHED_DIR.glob("*.json"), key=lambda f: f.stat().st_mtime)
        for old in files[:-PUBLISHED_FILES]:
            old.unlink(missing_ok=True)
    return f"app/static/maps/{name}"


#: Stage mode: the page shows only the containers it keeps (and their title), full screen where the
#: browser allows it. Kept containers carry `data-belt-stage`, their ancestors `data-belt-path`; every
#: other branch on the way is hidden, so the columns keep their layout and the map its legend.
_STAGE_CSS = """<style>
html.belt-stage [data-testid=stSidebar], html.belt-stage header[data-testid=stHeader],
html.belt-stage [data-testid=stSidebarCollapsedControl] { display: none !important; }
html.belt-stage [data-belt-path] > :not([data-belt-path]):not([data-belt-stage]) { display: none !important; }
html.belt-stage [data-testid=stMainBlockContainer] { padding: 16px 24px !important; max-width: none !important; }
</style>"""


def _stage_script(button_key: str, keep: Sequence[str]) -> str:
    import json

    config = json.dumps({"button": f"st-key-{button_key}", "keep": [f"st-key-{k}" for k in keep]})
    return (
        "<script>(()=>{"
        f"window.__beltStage={config};"
        "if(window.__beltStageInit)return;window.__beltStageInit=true;"
        "const root=document.documentElement;"
        "const mark=()=>{const c=window.__beltStage;"
        "document.querySelectorAll('[data-belt-path],[data-belt-stage]').forEach(e=>{"
        "e.removeAttribute('data-belt-path');e.removeAttribute('data-belt-stage');});"
        "const main=document.querySelector('[data-testid=stMain]');if(!main)return;"
        "c.keep.forEach(k=>document.querySelectorAll('.'+k).forEach(el=>{el.setAttribute('data-belt-stage','');"
        "let p=el.parentElement;while(p&&p!==main.parentElement){p.setAttribute('data-belt-path','');p=p.parentElement;}}));};"
        "let timer=null;"
        "const set=(on)=>{root.classList.toggle('belt-stage',on);clearInterval(timer);"
        "if(on){mark();timer=setInterval(mark,400);}"
        "window.__beltStageOn=on;setTimeout(()=>window.dispatchEvent(new Event('resize')),50);};"
        "document.addEventListener('fullscreenchange',()=>{if(!document.fullscreenElement)set(false);});"
        "document.addEventListener('keydown',(e)=>{if(e.key==='Escape'&&window.__beltStageOn)set(false);},true);"
        "document.addEventListener('click',(e)=>{const c=window.__beltStage;"
        "if(!(e.target.closest&&e.target.closest('.'+c.button)))return;"
        "e.preventDefault();e.stopPropagation();"
        "if(window.__beltStageOn){set(false);if(document.fullscreenElement)document.exitFullscreen();return;}"
        "set(true);if(root.requestFullscreen)root.requestFullscreen().catch(()=>{});},true);"
        "})();</script>"
    )


def stage_button(key: str, *, help: str) -> None:
    """An icon button for `stage_script`: it works in the browser alone (no rerun)."""
    st.button("", key=key, help=help, icon=":material/fullscreen:")


def stage_script(button_key: str, keep: Sequence[str], only_on_stage: Sequence[str] = ()) -> None:
    """The stage button `button_key` shows only the containers keyed `keep` (the map with its title
    and legend), full screen; the same button or Esc goes back. Containers keyed `only_on_stage` (a
    title) show on the stage alone. Draw it once, before the containers it hides (it goes in the sidebar)."""
    hidden = "".join(
        f".st-key-{k} {{ display: none; }} html.belt-stage .st-key-{k} {{ display: block; }}\n"
        for k in only_on_stage
    )
    css = _STAGE_CSS + (f"<style>\n{hidden}</style>" if hidden else "")
    # In the sidebar: an element of no height still takes a gap in the main column's layout.
    st.sidebar.html(css + _stage_script(button_key, keep), unsafe_allow_javascript=True)


def year_player(years: Sequence[int], key: str, *, interval: float = 1.5, container: Any = None) -> None:
    """A play / pause button that steps the year widget with `key` through `years`, one step every
    `interval` seconds, and stops at the last year. Call it before the year widget is drawn: a step
    is applied to `st.session_state[key]` here, at the top of the next run. Pressing play on the last
    year starts again from the first."""
    playing_key, step_key = f"_play_{key}", f"_play_step_{key}"
    options = list(years)
    if step_key in st.session_state:
        st.session_state[key] = st.session_state.pop(step_key)
        if options and st.session_state[key] == options[-1]:
            st.session_state[playing_key] = False  # stop at the last year

    def toggle() -> None:
        playing = not st.session_state.get(playing_key, False)
        if playing and st.session_state.get(key) == options[-1]:
            st.session_state[key] = options[0]
        st.session_state[playing_key] = playing

    playing = bool(st.session_state.get(playing_key))
    target = container or st
    target.button(
        t("player.pause" if playing else "player.play", lang()),
        key=f"_play_button_{key}",
        on_click=toggle,
        icon=":material/pause:" if playing else ":material/play_arrow:",
    )
    if not playing:
        return
    st.session_state[f"_play_drawn_{key}"] = time.monotonic()

    @st.fragment(run_every=interval)
    def tick() -> None:
        # The fragment also runs as part of the full run that draws it: step only on its timer.
        if time.monotonic() - st.session_state.get(f"_play_drawn_{key}", 0.0) < interval / 2:
            return
        now = st.session_state.get(key)
        later = [y for y in options if now is None or y > now]
        if not later or not st.session_state.get(playing_key):
            st.session_state[playing_key] = False
            st.rerun()
        st.session_state[step_key] = later[0]
        st.rerun()

    tick()


# 4/ Presentation mode, theme, the tour bar and chart downloads -------------------------------------

_PRESENT_KEY = "_present"
#: URL parameters a tour carries from step to step (besides its own and the step's).
_KEPT_PARAMS = ("lang", "present", "theme", "autoplay")
#: Chart height in presentation mode (px at 1920×1080: the screen under the tour bar).
PRESENT_CHART_HEIGHT = 520
#: Row labels (px) of a chart taller than that, sized by its rows.
PRESENT_ROW_LABEL_PX = 14
#: A presented chart's height when the screen is measured: the room under the tour bar less its
#: legend, axis title and download row, within these bounds.
PRESENT_CHART_CHROME, PRESENT_MIN_CHART_HEIGHT = 190, 360
_PRESENT_ROOM_KEY = "_present_room"
#: Widgets no step sets that a step opens at their default (the map's year: the latest).
_TOUR_RESET_KEYS = ("year",)


def presenting() -> bool:
    """Presentation mode: `?present=1` or the sidebar switch (kept for the session once on)."""
    if st.query_params.get("present") == "1":
        st.session_state[_PRESENT_KEY] = True
    return bool(st.session_state.get(_PRESENT_KEY))


def theme_in_view() -> themes.ThemeName | None:
    """`?theme=dark|light`, else None (Streamlit's own choice: the settings menu or the system's)."""
    return themes.parse_theme(st.query_params.get("theme"))


def presenter_switch() -> bool:
    """The sidebar switches for presentation mode and the theme; call once per run from dashboard.py."""
    current = lang()
    on = st.sidebar.toggle(t("present.switch", current), value=presenting(), key="_present_switch")
    st.session_state[_PRESENT_KEY] = on
    write_query_param("present", "1" if on else None)
    options = ("auto", "light", "dark")
    chosen = st.sidebar.segmented_control(
        t("present.theme", current),
        options,
        default=theme_in_view() or "auto",
        format_func=lambda code: t(f"present.theme_{code}", current),
        key="_theme_switch",
    )
    write_query_param("theme", None if chosen in (None, "auto") else chosen)
    return on


def page_chrome(focus: str = "") -> None:
    """Per run: the visible keyboard focus, the theme the URL asks for and, in presentation mode, the
    hidden chrome, big type and (with `focus`) one visual on screen."""
    name = theme_in_view()
    css = themes.presenter_css(name or "light", focus) if presenting() else themes.focus_css(name)
    st.html(f"<style>{css}</style>")
    if presenting():
        if st.button(t("present.leave", lang()), key="present-leave", type="tertiary"):
            st.session_state[_PRESENT_KEY] = False
            write_query_param("present", None)
            st.rerun()
    if name:
        # Streamlit's front end picks its light or dark theme from `embed_options`; a theme asked for
        # in the URL is carried over to it once (the page reloads with the option).
        st.html(
            "<script>(()=>{const u=new URL(window.location.href);"
            f"const want='{name}_theme';const opts=u.searchParams.getAll('embed_options');"
            "if(opts.includes(want))return;u.searchParams.delete('embed_options');"
            "opts.filter(o=>!o.endsWith('_theme')).forEach(o=>u.searchParams.append('embed_options',o));"
            "u.searchParams.append('embed_options',want);window.location.replace(u.toString());})();</script>",
            unsafe_allow_javascript=True,
        )


def tour_state() -> tours.TourState | None:
    """The tour the URL names, or None; a `?tour=` that names none gets a message on how to write one."""
    state = tours.parse_tour({k: st.query_params.get(k) for k in ("tour", "province", "step")})
    raw = st.query_params.get("tour")
    if state is None and raw:
        current = lang()
        total = len(tours.story(dataset(), current))
        st.warning(
            t("tour.invalid", current, value=escape_markdown(str(raw)), total=total), icon=":material/help:"
        )
    return state


def _step_query(state: tours.TourState, steps: Sequence[tours.Step], index: int) -> dict[str, str]:
    """Step `index`'s URL parameters: its page's, the tour's and the kept ones (language, mode, …)."""
    params = {k: st.query_params[k] for k in _KEPT_PARAMS if k in st.query_params}
    params.update(dict(steps[index].params))
    params.update(tours.tour_params(state, index))
    return params


def _step_url(state: tours.TourState, steps: Sequence[tours.Step], index: int) -> str:
    from urllib.parse import urlencode

    page = steps[index].page
    path = "" if page == "overview" else page
    return f"./{path}?{urlencode(_step_query(state, steps, index))}"


def _go(state: tours.TourState, steps: Sequence[tours.Step], index: int, pages: dict[str, Any]) -> None:
    """Open step `index` from the server (a link to the wrong page, or a button without the script)."""
    for key, _value in steps[index].params:
        # The page seeds a widget from the URL only when it has no state of its own yet.
        st.session_state.pop(key, None)
    st.switch_page(pages[steps[index].page], query_params=_step_query(state, steps, index))


def leave_tour() -> None:
    for key in ("tour", "step", "autoplay"):
        if key in st.query_params:
            del st.query_params[key]


def tour_bar(state: tours.TourState, pages: dict[str, Any], current_page: str) -> tours.Step | None:
    """The tour's bar above the page: progress, title, narration and its source, the buttons, the
    keys (→ ← Space PageDown PageUp Home End Esc) and autoplay. Returns the step in view."""
    current = lang()
    steps = tours.steps_for(state, dataset(), current)
    if not steps:
        return None
    index = min(state.index, len(steps) - 1)
    if index != state.index:
        # Said on the step's own page: opening it may switch pages first.
        st.session_state["_tour_notice"] = t(
            "tour.out_of_range", current, n=state.index + 1, total=len(steps)
        )
    step = steps[index]
    at = (state.kind, state.province, index)
    arriving = st.session_state.get("_tour_at") != at
    # A typed or shortened link (`?tour=9`) may lack the step's own parameters: opened with them,
    # once on arrival (the page may rewrite its parameters later).
    if step.page != current_page or (arriving and any(st.query_params.get(k) != v for k, v in step.params)):
        _go(state, steps, index, pages)
    if arriving:
        # A new step (a key, a button, Back or Forward): its page's widgets start from its URL, also
        # those another step set (or the map would keep the last step's metric and year).
        for key in {k for s in steps for k, _value in s.params} | set(_TOUR_RESET_KEYS):
            st.session_state.pop(key, None)
        st.session_state["_tour_at"] = at
    total = len(steps)
    autoplay = _autoplay_seconds()
    with st.container(key="tour-bar", border=True):
        notice = st.session_state.pop("_tour_notice", None)
        if notice:
            st.warning(notice, icon=":material/info:")
        name = (
            t("tour.story_name", current)
            if state.kind == "story"
            else t("tour.province_name", current, province=province_name(state.province or 0, current))
        )
        st.html(
            f"<div class='tour-progress' role='status' aria-live='polite' "
            f"aria-label='{t('tour.progress_label', current, n=index + 1, total=total)}'>"
            f"<b>{t('tour.progress', current, n=index + 1, total=total)}</b> · {_html(name)}</div>"
        )
        st.markdown(f"## {escape_markdown(step.title)}")
        st.markdown(f"<p class='tour-narration'>{_html(step.narration)}</p>", unsafe_allow_html=True)
        prov = Provenance(step.cls, step.source)
        line = badge_markdown(prov, current)
        for section, quote in step.quotes[:1]:
            # The report's own sentence is the narration in Chinese: then only its section is added.
            # Shown as printed, not as the text extraction's LaTeX (`$\\leq 15\\%$`).
            said = "" if quote == step.narration else f"“{escape_markdown(metrics.plain_quote(quote))}” — "
            line += f"  \n{said}{t('provenance.section', current)}{escape_markdown(section)}"
        st.caption(line)
        row = st.container(horizontal=True, gap="small", vertical_alignment="center")
        wrap = autoplay > 0
        clicked = {
            "first": row.button(t("tour.first", current), key="tour-first", disabled=index == 0),
            "prev": row.button(
                f"◀ {t('tour.prev', current)}", key="tour-prev", disabled=index == 0 and not wrap
            ),
            "next": row.button(
                f"{t('tour.next', current)} ▶",
                key="tour-next",
                type="primary",
                disabled=index == total - 1 and not wrap,
            ),
            "last": row.button(t("tour.last", current), key="tour-last", disabled=index == total - 1),
        }
        exit_clicked = row.button(f"✕ {t('tour.exit', current)}", key="tour-exit", type="tertiary")
        row.download_button(
            t("tour.handout", current),
            data=lambda: _handout(state, current),
            file_name=f"{t('tour.handout_file', current)}.pdf",
            mime="application/pdf",
            key="tour-handout",
            on_click="ignore",
            type="tertiary",
        )
        hint = t("tour.keys", current)
        if autoplay:
            hint += " · " + t("tour.autoplay", current, seconds=autoplay)
        row.caption(hint)
        urls = [_step_url(state, steps, i) for i in range(total)]
        st.html(_tour_script(index, urls, autoplay), unsafe_allow_javascript=True)
        if presenting():
            # The room under the bar, for the charts to fit the screen (measured in the browser).
            size = element_size("_present_size", anchor=".st-key-tour-bar")
            if size:
                st.session_state[_PRESENT_ROOM_KEY] = max(0, size[1] - size[2])
    targets = {"first": 0, "prev": (index - 1) % total, "next": (index + 1) % total, "last": total - 1}
    for name, was_clicked in clicked.items():
        if was_clicked:
            _go(state, steps, targets[name], pages)
    if exit_clicked:
        leave_tour()
        st.rerun()
    return step


def _html(text: str) -> str:
    import html

    return html.escape(str(text))


def _autoplay_seconds() -> int:
    raw = st.query_params.get("autoplay")
    try:
        return max(0, min(int(str(raw)), 3600)) if raw else 0
    except ValueError:
        return 0


def _handout(state: tours.TourState, current: Lang) -> bytes:
    from beltatlas import handout

    ds = dataset()
    return handout.build(tours.steps_for(state, ds, current), ds, current)


def _tour_script(index: int, urls: Sequence[str], autoplay: int) -> str:
    """The tour's keys, buttons and autoplay in the browser.

    A step change is a history entry: the script pushes the step's URL (with the `embed_options` of
    the URL in view, which hold Streamlit's theme and which the server cannot see) and lets Streamlit's own
    Back/Forward handling (its `popstate` listener) run that page with those parameters — in this
    session, so a loaded dataset stays loaded, and with one history entry per step, so the browser's
    Back and Forward step through the tour. Esc presses the tour bar's own exit button.
    """
    import json

    config = json.dumps({"index": index, "urls": list(urls), "autoplay": autoplay, "wrap": autoplay > 0})
    return (
        "<script>(()=>{"
        f"window.__beltTour={config};"
        "const moves={'tour-next':c=>c.index+1,'tour-prev':c=>c.index-1,'tour-first':()=>0,"
        "'tour-last':c=>c.urls.length-1};"
        "if(!window.__beltTourInit){window.__beltTourInit=true;"
        "const go=(k)=>{const c=window.__beltTour;if(!c||!document.querySelector('.st-key-tour-bar'))return;"
        "const n=c.urls.length;let i=moves[k](c);if(c.wrap)i=(i+n)%n;if(i < 0||i>=n||i===c.index)return;"
        "c.index=i;const u=new URL(c.urls[i],window.location.href);"
        # Streamlit's own options (the theme in `embed_options`) are not the server's to see or send:
        # carried over here from the URL in view, or the next step would open in the default theme.
        "const here=new URLSearchParams(window.location.search);"
        "['embed','embed_options'].forEach(k=>here.getAll(k).forEach(v=>u.searchParams.append(k,v)));"
        "history.pushState({},'',u.toString());window.dispatchEvent(new PopStateEvent('popstate',{state:{}}));};"
        "window.__beltTourGo=go;"
        "document.addEventListener('click',(e)=>{const box=e.target.closest&&e.target.closest('[class*=\"st-key-tour-\"]');"
        "if(!box)return;const k=[...box.classList].map(c=>c.slice(7)).find(c=>c in moves);"
        "if(!k)return;e.preventDefault();e.stopPropagation();go(k);},true);"
        "document.addEventListener('keydown',(e)=>{"
        "if(!document.querySelector('.st-key-tour-bar'))return;"
        "if(e.altKey||e.ctrlKey||e.metaKey)return;"
        "const el=e.target;const tag=(el&&el.tagName||'').toLowerCase();"
        "if(['input','textarea','select'].includes(tag)||(el&&el.isContentEditable))return;"
        "const keys={ArrowRight:'tour-next',PageDown:'tour-next',' ':'tour-next',ArrowLeft:'tour-prev',"
        "PageUp:'tour-prev',Home:'tour-first',End:'tour-last'};"
        "if(e.key==='Escape'){e.preventDefault();const b=document.querySelector('.st-key-tour-exit button');if(b)b.click();return;}"
        "const k=keys[e.key];if(!k)return;e.preventDefault();e.stopPropagation();go(k);},true);}"
        "clearTimeout(window.__beltTourTimer);"
        "if(window.__beltTour.autoplay>0){window.__beltTourTimer=setTimeout(()=>window.__beltTourGo('tour-next'),"
        "window.__beltTour.autoplay*1000);}"
        f"window.__beltTourStep={index};"
        "})();</script>"
    )


def _presented(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """In presentation mode: bigger axis, legend and mark labels, read from across a room."""
    if not presenting():
        return chart
    parts = {
        "axis": {"labelFontSize": 18, "titleFontSize": 20},
        "legend": {"labelFontSize": 18, "titleFontSize": 20, "symbolSize": 160},
        "header": {"labelFontSize": 18, "titleFontSize": 20},
        "title": {"fontSize": 26},
    }
    height = getattr(chart, "height", alt.Undefined)
    if isinstance(height, int | float) and height > PRESENT_CHART_HEIGHT:
        # A chart as tall as its rows (a bar a category, ~20 px each): 18 px labels would overlap.
        # It keeps its height (the page scrolls): squeezed to the room under the tour bar, 39 rows
        # got ~7 px each at 1920×1080 (Vega fits legend and axes into the height too), unreadable.
        parts["axisY"] = {"labelFontSize": PRESENT_ROW_LABEL_PX}
    out = _configured(chart, parts)
    if isinstance(height, int | float) and height <= PRESENT_CHART_HEIGHT:
        out = out.properties(height=present_chart_height())
    return out


def _configured(chart: alt.TopLevelMixin, parts: dict[str, dict[str, Any]]) -> alt.TopLevelMixin:
    """A copy of `chart` with these parts of its config set (over what it sets itself)."""
    out = chart.copy(deep=True)
    config = out.config.to_dict() if out.config is not alt.Undefined else {}
    for part, values in parts.items():
        config[part] = {**config.get(part, {}), **values}
    out.config = alt.Config.from_dict(config)
    return out


def _themed(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """On the dark theme the URL asks for: text marks without a colour of their own in the theme's
    text colour (Vega draws them black, unreadable on the dark background)."""
    if theme_in_view() != "dark":
        return chart
    return _configured(chart, {"text": {"color": themes.PALETTES["dark"].text}})


def present_chart_height() -> int:
    """A presented chart's height: the screen's room under the tour bar, else PRESENT_CHART_HEIGHT."""
    room = st.session_state.get(_PRESENT_ROOM_KEY)
    if not room:
        return PRESENT_CHART_HEIGHT
    return max(PRESENT_MIN_CHART_HEIGHT, min(PRESENT_CHART_HEIGHT, int(room) - PRESENT_CHART_CHROME))


def chart(
    figure: alt.TopLevelMixin,
    key: str,
    *provs: Provenance,
    title: str,
    subtitle: str = "",
    container: Any = None,
    export: Callable[[], alt.TopLevelMixin] | None = None,
    **kwargs: Any,
) -> Any:
    """An Altair chart with its text description (the Vega view's aria-label) and two buttons that
    download it as PNG and SVG with its title, subtitle and a line naming source and class.
    `export` builds the chart the images are made of when it differs from `figure` (inline data
    where `figure` names served files).

    `key` names the chart (its selection state, if any, and the `chart-<key>` box presentation mode
    shows); other arguments go to `st.altair_chart`. Returns what `st.altair_chart` returns.
    """
    current = lang()
    box = (container or st).container(key=f"chart-{key}")
    description = getattr(figure, "description", alt.Undefined)
    if not isinstance(description, str) or not description:
        # Vega shows `description` as the view's aria-label; a chart without one is described by its title.
        figure = figure.properties(description=title)
    kwargs.setdefault("width", "stretch")
    result = box.altair_chart(_themed(_presented(figure)), key=key, **kwargs)
    source_line = "\n".join(
        t("chart.source_line", current, source=p.source or "—", cls=p.label(current)) for p in combine(*provs)
    )

    def framed() -> alt.TopLevelMixin:
        image = figure if export is None else export().properties(description=title)
        return images.with_context(image, title=title, subtitle=subtitle, source_line=source_line)

    row = box.container(horizontal=True, gap="small")
    row.download_button(
        t("chart.download_png", current),
        data=lambda: images.chart_png(framed()),
        file_name=f"{key}.png",
        mime="image/png",
        key=f"png-{key}",
        on_click="ignore",
        type="tertiary",
        icon=":material/image:",
    )
    row.download_button(
        t("chart.download_svg", current),
        data=lambda: images.chart_svg(framed()),
        file_name=f"{key}.svg",
        mime="image/svg+xml",
        key=f"svg-{key}",
        on_click="ignore",
        type="tertiary",
        icon=":material/draw:",
    )
    return result
