"""The one Streamlit module besides the pages: cached loaders, language, URL state and shared widgets.

Pages import this; the `beltatlas` package never imports Streamlit. Caching happens here and only
here, at the loader boundary.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from beltatlas import stories
from beltatlas.dataset import Dataset, load_dataset, merge_user_tables
from beltatlas.export import csv_bytes
from beltatlas.i18n import LANGS, Lang, parse_lang, t
from beltatlas.provenance import Provenance, badge_markdown, combine, quotes_markdown

ROOT = Path(__file__).resolve().parent
DATA_DIR = ROOT / "data"

T = TypeVar("T")

_USER_KEY = "_user_dataset"


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


def load_user_files(files: Sequence[Any]) -> list[str]:
    """Validate uploaded files (named after their table) and keep the valid tables for this session.

    Returns the problems as printable lines; nothing is kept when no table is valid.
    """
    with tempfile.TemporaryDirectory(prefix="beltatlas-upload-") as tmp:
        folder = Path(tmp)
        for upload in files:
            (folder / Path(upload.name).name).write_bytes(upload.getvalue())
        user, problems = load_dataset(folder)
    lines = [str(p) for p in problems]
    if any(frame is not None for frame in user.tables.values()):
        st.session_state[_USER_KEY] = user
    return lines


def clear_user_data() -> None:
    st.session_state.pop(_USER_KEY, None)


def table_provenance(name: str) -> Provenance:
    """The provenance badge of a whole table in the dataset in view."""
    info = dataset().info(name)
    return Provenance(info.provenance, info.source_in(lang()))


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
    value = target.selectbox(label, options, key=key, format_func=format_func, **kwargs)
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
    value = st.radio(label, options, key=key, horizontal=True, format_func=format_func, **kwargs)
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
    values = target.multiselect(label, options, key=key, format_func=format_func, **kwargs)
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


def data_table(frame: pd.DataFrame, *provs: Provenance, download: str | None = None, **kwargs: Any) -> None:
    """A data table with its provenance line under it; `download="name"` adds a CSV button (`name.csv`)."""
    st.dataframe(frame, hide_index=True, width="stretch", **kwargs)
    if download:
        st.download_button(
            t("data.download_csv", lang()),
            csv_bytes(frame),
            file_name=f"{download}.csv",
            mime="text/csv",
            key=f"download_{download}",
            on_click="ignore",
        )
    badge(*provs)


def fact_cards(rows: pd.DataFrame, current: Lang) -> None:
    """Report figures grouped by their sentence: one metric card per figure, then the quoted sentence
    and its section."""
    for group in stories.quote_groups(rows):
        columns = st.columns(max(2, min(len(group), 4)))
        for i, (_, row) in enumerate(group.iterrows()):
            columns[i % len(columns)].metric(
                stories.label(row, current), stories.shown_value(row, current), border=True
            )
        first = group.iloc[0]
        st.caption(stories.citation_markdown(first["section"], first["quote"], current))


def page_header(title_key: str, intro_key: str | None = None) -> Lang:
    """Title (and an optional one-line introduction) of a page; returns the language in view."""
    current = lang()
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
    return current


# 4/ Screen size and players ---------------------------------------------------------------------

_SIZE_JS = """
export default function (component) {
  const { setStateValue, parentElement } = component;
  let last = "";
  let timer = null;
  const report = () => {
    const rect = parentElement.getBoundingClientRect();
    const width = Math.round(rect.width);
    const height = Math.round(window.innerHeight);
    const top = Math.round(rect.top + window.scrollY);
    const text = width + "x" + height + "@" + top;
    if (width > 0 && text !== last) {
      last = text;
      setStateValue("size", { width: width, height: height, top: top });
    }
  };
  const later = () => { clearTimeout(timer); timer = setTimeout(report, 200); };
  report();
  const observer = new ResizeObserver(later);
  observer.observe(parentElement);
  window.addEventListener("resize", later);
  return () => { observer.disconnect(); window.removeEventListener("resize", later); clearTimeout(timer); };
}
"""
_size_component = st.components.v2.component("beltatlas_element_size", js=_SIZE_JS, isolate_styles=False)


def element_size(key: str) -> tuple[int, int, int] | None:
    """(width of the column this is drawn in, height of the browser window, this element's distance
    from the top of the page) in CSS pixels, measured in the browser and sent again when any of them
    changes; None until the browser has reported."""
    result = _size_component(key=key, height=0, on_size_change=lambda: None)
    size = getattr(result, "size", None) if result is not None else None
    if not isinstance(size, dict):
        return None
    try:
        return int(size["width"]), int(size["height"]), int(size.get("top", 0))
    except (KeyError, TypeError, ValueError):
        return None


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
