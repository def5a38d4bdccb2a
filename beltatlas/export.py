"""Files a user can download: tables as CSV and XLSX, and the whole dataset in view as a ZIP.

Every file holds numbers as numbers (in the unit its header names), says where they come from
(class, source, the view's URL, the date) and carries no live formula: a text cell from data that
starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, as OWASP's
CSV-injection guidance advises. Numeric cells are never touched, so -5 stays the number -5.

CSV form: UTF-8 with a byte-order mark (Excel then shows Chinese), CRLF line ends, one header row
and then the data; the provenance is in trailing columns repeated on every row (数据类别 class,
来源 source, 页面 view, 下载日期 downloaded), so the file opens as one clean table in Excel and in
`pandas.read_csv` with no comment lines to skip. XLSX: the table on the first sheet, a 来源 / Sources
sheet with the same provenance, one row per source.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from beltatlas.i18n import Lang

#: A text cell starting with one of these would run as a formula in a spreadsheet.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NEUTRALISED = re.compile(r"^'(?=[=+\-@\t\r])")


@dataclass(frozen=True)
class SourceLine:
    """One provenance entry of a file: its class label (e.g. 示例 sample) and its source."""

    cls: str
    label: str
    source: str


@dataclass(frozen=True)
class ExportMeta:
    """What a downloaded file says about itself."""

    title: str
    sources: tuple[SourceLine, ...] = ()
    url: str = ""
    date: str = ""
    lang: Lang = "zh"
    notes: tuple[str, ...] = field(default_factory=tuple)


_META_COLUMNS: dict[Lang, tuple[str, str, str, str]] = {
    "zh": ("数据类别", "来源", "页面", "下载日期"),
    "en": ("class", "source", "view", "downloaded"),
}


def neutralise_text(value: object) -> object:
    """`value` with a leading `'` if it is text that a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def restore_text(value: object) -> object:
    """Undo `neutralise_text` (reading back a file this module wrote)."""
    if isinstance(value, str):
        return _NEUTRALISED.sub("", value, count=1)
    return value


def _is_text(series: pd.Series) -> bool:
    return not (
        pd.api.types.is_numeric_dtype(series)
        or pd.api.types.is_bool_dtype(series)
        or pd.api.types.is_datetime64_any_dtype(series)
    )


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells cannot run as formulas; numbers, and column names that are
    text from data, likewise."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if _is_text(series):
            out[column] = series.map(neutralise_text, na_action="ignore")
    out.columns = [neutralise_text(str(c)) for c in out.columns]
    return out


def _source_text(meta: ExportMeta, sep: str) -> tuple[str, str]:
    classes = sep.join(dict.fromkeys(s.label for s in meta.sources))
    sources = sep.join(dict.fromkeys(s.source for s in meta.sources if s.source))
    return classes, sources


def with_provenance_columns(frame: pd.DataFrame, meta: ExportMeta) -> pd.DataFrame:
    """`frame` with the trailing provenance columns of the CSV form."""
    cls_col, src_col, url_col, date_col = _META_COLUMNS[meta.lang]
    classes, sources = _source_text(meta, "；" if meta.lang == "zh" else "; ")
    out = frame.copy()
    for name, value in ((cls_col, classes), (src_col, sources), (url_col, meta.url), (date_col, meta.date)):
        while name in out.columns:
            name = f"{name}_"
        out[name] = value
    return out


def csv_bytes(frame: pd.DataFrame, meta: ExportMeta | None = None) -> bytes:
    """`frame` as CSV (UTF-8 with BOM, CRLF), formulas neutralised, provenance columns if `meta`."""
    out = with_provenance_columns(frame, meta) if meta is not None else frame
    return neutralise(out).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def _excel_value(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float | np.floating):
        return None if np.isnan(value) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def xlsx_bytes(frame: pd.DataFrame, meta: ExportMeta, *, number_formats: Mapping[str, str] | None = None) -> bytes:
    """`frame` as an XLSX workbook: the table on sheet 1 (numbers as numbers, text stored as text and
    neutralised), and a 来源 / Sources sheet naming class, source, view and date."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    zh = meta.lang == "zh"
    safe = neutralise(frame)
    book = Workbook()
    sheet = book.active
    sheet.title = "数据" if zh else "Data"
    sheet.append([str(c) for c in safe.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    formats = dict(number_formats or {})
    columns = list(frame.columns)
    for row in safe.itertuples(index=False, name=None):
        sheet.append([_excel_value(v) for v in row])
    for j, column in enumerate(columns, start=1):
        number_format = formats.get(str(column))
        letter = sheet.cell(row=1, column=j).column_letter
        width = max([len(str(column))] + [len(str(v)) for v in safe.iloc[:200, j - 1].tolist()])
        sheet.column_dimensions[letter].width = min(60, max(8, width * (2 if zh else 1.2)))
        for cells in sheet.iter_rows(min_row=2, min_col=j, max_col=j):
            cell = cells[0]
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever it holds
            elif number_format and isinstance(cell.value, int | float):
                cell.number_format = number_format
    sheet.freeze_panes = "A2"

    sources = book.create_sheet("来源" if zh else "Sources")
    head = ("数据类别", "来源") if zh else ("class", "source")
    sources.append([meta.title])
    sources["A1"].font = Font(bold=True)
    sources.append([])
    sources.append(list(head))
    for line in meta.sources:
        sources.append([neutralise_text(line.label), neutralise_text(line.source)])
    sources.append([])
    sources.append(["页面" if zh else "view", meta.url])
    sources.append(["下载日期" if zh else "downloaded", meta.date])
    for note in meta.notes:
        sources.append([neutralise_text(note)])
    for cells in sources.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    sources.column_dimensions["A"].width = 18
    sources.column_dimensions["B"].width = 90
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def dataset_zip(tables: Mapping[str, pd.DataFrame], resources: Iterable[Mapping[str, str]]) -> bytes:
    """The dataset in view as a ZIP: one CSV per table (UTF-8 with BOM, formulas neutralised, floats
    written exactly) and a `datapackage.json` naming each table's file, class and source. Loading
    the ZIP back (About page) gives the same tables."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, frame in tables.items():
            archive.writestr(f"{name}.csv", csv_bytes(frame))
        manifest = {"name": "beltatlas-export", "resources": [dict(r) for r in resources]}
        archive.writestr("datapackage.json", json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    return buffer.getvalue()


_PRINTF = re.compile(
    r"^(?P<pre>[^%]*)%(?P<plus>\+?)(?P<comma>,?)(?:\.(?P<digits>\d+))?(?P<kind>[dfi])(?P<post>.*)$"
)


def printf_to_excel(spec: str) -> str:
    """The Excel number format of a printf display format: "%,.1f" → "#,##0.0", "%d" → "0"."""
    match = _PRINTF.match(spec)
    if match is None:
        return "General"
    digits = int(match["digits"] or 0) if match["kind"] == "f" else 0
    body = ("#,##0" if match["comma"] else "0") + ("." + "0" * digits if digits else "")

    def literal(text: str) -> str:
        return f'"{text}"' if text else ""

    pre, post = literal(match["pre"]), literal(match["post"])
    if match["plus"]:
        return f"{pre}+{body}{post};{pre}-{body}{post};{pre}{body}{post}"
    return pre + body + post
