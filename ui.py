"""The one Streamlit module besides the pages: cached loaders, language, URL state and shared widgets.

Pages import this; the `beltatlas` package never imports Streamlit. Caching happens here and only
here, at the loader boundary.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import altair as alt
import pandas as pd
import streamlit as st

from beltatlas import images, stories
from beltatlas import theme as themes
from beltatlas import tour as tours
from beltatlas.dataset import Dataset, load_dataset, merge_user_tables
from beltatlas.export import csv_bytes
from beltatlas.i18n import LANGS, Lang, parse_lang, province_name, t
from beltatlas.provenance import Provenance, badge_markdown, combine, escape_markdown, quotes_markdown

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


# 4/ Presentation mode, theme, the tour bar and chart downloads -------------------------------------

_PRESENT_KEY = "_present"
#: URL parameters a tour carries from step to step (besides its own and the step's).
_KEPT_PARAMS = ("lang", "present", "theme", "autoplay")
#: Chart height in presentation mode (px at 1920×1080: the screen under the tour bar).
PRESENT_CHART_HEIGHT = 520


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
    return tours.parse_tour({k: st.query_params.get(k) for k in ("tour", "province", "step")})


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
    step = steps[index]
    if step.page != current_page:
        _go(state, steps, index, pages)
    at = (state.kind, state.province, index)
    if st.session_state.get("_tour_at") != at:
        # A new step (a key, a button, Back or Forward): its page's widgets start from its URL.
        for key, _value in step.params:
            st.session_state.pop(key, None)
        st.session_state["_tour_at"] = at
    total = len(steps)
    autoplay = _autoplay_seconds()
    with st.container(key="tour-bar", border=True):
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
            said = "" if quote == step.narration else f"“{escape_markdown(quote)}” — "
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

    A step change is a history entry: the script pushes the step's URL and lets Streamlit's own
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
        "c.index=i;history.pushState({},'',c.urls[i]);window.dispatchEvent(new PopStateEvent('popstate',{state:{}}));};"
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
    out = chart.copy(deep=True)
    config = out.config.to_dict() if out.config is not alt.Undefined else {}
    for part, sizes in {
        "axis": {"labelFontSize": 18, "titleFontSize": 20},
        "legend": {"labelFontSize": 18, "titleFontSize": 20, "symbolSize": 160},
        "header": {"labelFontSize": 18, "titleFontSize": 20},
        "title": {"fontSize": 26},
    }.items():
        config[part] = {**config.get(part, {}), **sizes}
    out.config = alt.Config.from_dict(config)
    height = getattr(out, "height", alt.Undefined)
    if isinstance(height, int | float) and height < PRESENT_CHART_HEIGHT:
        out = out.properties(height=PRESENT_CHART_HEIGHT)
    return out


def chart(
    figure: alt.TopLevelMixin,
    key: str,
    *provs: Provenance,
    title: str,
    subtitle: str = "",
    container: Any = None,
    **kwargs: Any,
) -> Any:
    """An Altair chart with its text description (the Vega view's aria-label) and two buttons that
    download it as PNG and SVG with its title, subtitle and a line naming source and class.

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
    result = box.altair_chart(_presented(figure), key=key, **kwargs)
    source_line = "\n".join(
        t("chart.source_line", current, source=p.source or "—", cls=p.label(current)) for p in combine(*provs)
    )

    def framed() -> alt.TopLevelMixin:
        return images.with_context(figure, title=title, subtitle=subtitle, source_line=source_line)

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
