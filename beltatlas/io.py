"""Reading table files (CSV, XLSX, Parquet) into raw text tables, for validation to type.

`read_table_file` never raises on a bad file: an undecodable, corrupt, binary or empty file comes
back as a `RawTable` without data and with a `Problem` saying what is wrong.

Every cell is read as text (missing cells as NA), so validation can quote the exact cell that does
not parse. Each row keeps its spreadsheet row number as the frame's index: the header is row 1 and
the first data row is row 2, as a spreadsheet program shows them. Fully blank rows are dropped but
keep their place in the numbering.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from beltatlas.validate import Problem

#: Encodings tried for CSV text, in order. GB18030 is a superset of GBK and GB2312.
CSV_ENCODINGS: tuple[str, ...] = ("utf-8", "gb18030")

_ZIP_MAGIC = b"PK\x03\x04"
_PARQUET_MAGIC = b"PAR1"
_BOM = "\ufeff"
_CSV_BAD_LINE = re.compile(r"Skipping line (\d+): expected (\d+) fields, saw (\d+)")
_PANDAS_INDEX = re.compile(r"__index_level_\d+__")
_LEADING_BLANK = re.compile(r"(?:[ \t\r]*\n)+")
#: A leading ' that neutralises a formula-like text cell (see `beltatlas.export`).
_NEUTRALISED = re.compile(r"^'(?=[=+\-@\t\r])")

#: Rows with too many fields listed one by one before the rest are counted.
MAX_BAD_LINES = 20


@dataclass
class RawTable:
    """One file read as text.

    `data` holds one string column per header cell (header stripped of whitespace and BOM), NA for
    empty cells, indexed by spreadsheet row number (`row`). It is None when the file could not be
    read at all; `problems` then says why. `header` is the header as written (stripped), including
    empty or duplicate names, so validation can report them; `data` keeps the first of duplicates.
    """

    file: str
    path: Path
    format: str
    header: list[str] = field(default_factory=list)
    data: pd.DataFrame | None = None
    encoding: str | None = None
    problems: list[Problem] = field(default_factory=list)
    #: Problems summarised in an "… and N more" line rather than listed.
    hidden: int = 0
    #: 1-based positions of columns without a header but with data under them.
    unnamed_with_data: list[int] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        return 0 if self.data is None else len(self.data)


def _problem(file: str, row: int | None, column: str | None, zh: str, en: str) -> Problem:
    from beltatlas.validate import Problem  # deferred: validate imports this module

    return Problem(file, row, column, zh, en)


def _empty(raw: RawTable) -> Problem:
    return _problem(raw.file, None, None, "文件为空（没有表头）", "empty file (no header row)")


def _clean_header(cells: list[object]) -> list[str]:
    header = ["" if c is None or (isinstance(c, float) and np.isnan(c)) else str(c) for c in cells]
    if header and header[0].startswith(_BOM):
        header[0] = header[0][1:]
    return [h.strip().lstrip(_BOM).strip() for h in header]


def _frame_from_grid(raw: RawTable, header: list[object], body: pd.DataFrame, rows: object) -> RawTable:
    """Name the columns of `body` (text cells, NA for empty), number its rows, drop blank rows.

    `rows` holds the spreadsheet row number of each row of `body`.
    """
    raw.header = _clean_header(header)
    if not any(raw.header) and body.empty:
        raw.problems.append(_empty(raw))
        return raw
    body = body.copy()
    body.index = pd.Index(rows, name="row") if not isinstance(rows, pd.Index) else rows.rename("row")
    body.columns = range(body.shape[1])
    # Whitespace-only cells count as empty.
    for col in body.columns:
        s = body[col]
        if s.dtype != "str":
            s = s.astype("str")
        if s.str.startswith("'").any():
            # A text cell Belt Atlas (or a careful spreadsheet user) wrote as '=…, '+…, '-…, '@… to
            # keep it from running as a formula: read the text itself, so an export loads back unchanged.
            s = s.str.replace(_NEUTRALISED, "", n=1, regex=True)
        stripped = s.str.strip()
        body[col] = s.where(stripped.fillna("") != "")
    body = body.loc[body.notna().any(axis=1)]
    keep: dict[int, str] = {}
    seen: set[str] = set()
    for i, name in enumerate(raw.header):
        if not name and i < body.shape[1] and body[i].notna().any():
            raw.unnamed_with_data.append(i + 1)
        if name and name not in seen:
            seen.add(name)
            keep[i] = name
    data = body[[i for i in keep if i < body.shape[1]]].rename(columns=keep)
    for name in keep.values():
        if name not in data.columns:
            data[name] = pd.Series(pd.NA, index=data.index, dtype="str")
    raw.data = data
    return raw


def _decode(raw: RawTable, blob: bytes) -> str | None:
    error: UnicodeDecodeError | None = None
    if blob[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            text = blob.decode("utf-16")
        except UnicodeDecodeError:
            pass
        else:
            raw.encoding = "utf-16"
            return text
    elif blob.startswith(b"\xef\xbb\xbf"):
        try:
            text = blob[3:].decode("utf-8")
        except UnicodeDecodeError as exc:
            error = exc
        else:
            raw.encoding = "utf-8-sig"
            return text
    else:
        for encoding in CSV_ENCODINGS:
            try:
                text = blob.decode(encoding)
            except UnicodeDecodeError as exc:
                error = exc  # the last one (GB18030) points at the first byte no encoding explains
                continue
            raw.encoding = encoding
            return text
    offset = error.start + (3 if blob.startswith(b"\xef\xbb\xbf") else 0) if error is not None else 0
    line = blob[:offset].count(b"\n") + 1 if error is not None else None
    raw.problems.append(
        _problem(
            raw.file,
            line,
            None,
            "无法解码文本（已尝试 UTF-8、UTF-8 BOM、GB18030/GBK）",
            "cannot decode the text (tried UTF-8, UTF-8 with BOM and GB18030/GBK)",
        )
    )
    return None


def _read_csv(raw: RawTable) -> RawTable:
    blob = raw.path.read_bytes()
    if not blob.strip():
        raw.problems.append(_empty(raw))
        return raw
    if blob.startswith(_ZIP_MAGIC) or blob.startswith(_PARQUET_MAGIC):
        kind, article = ("XLSX", "an") if blob.startswith(_ZIP_MAGIC) else ("Parquet", "a")
        raw.problems.append(
            _problem(
                raw.file,
                None,
                None,
                f"不是 CSV 文本文件（看起来是 {kind} 文件，请改用相应的扩展名）",
                f"not a CSV text file (it looks like {article} {kind} file; use the matching file extension)",
            )
        )
        return raw
    utf16 = blob[:2] in (b"\xff\xfe", b"\xfe\xff")  # Excel's "Unicode text" export
    if b"\x00" in blob and not utf16:
        raw.problems.append(
            _problem(
                raw.file,
                None,
                None,
                "不是 CSV 文本文件（含有 NUL 字节）",
                "not a CSV text file (contains NUL bytes)",
            )
        )
        return raw
    text = _decode(raw, blob)
    if text is None:
        return raw
    # Leading blank lines would confuse the parser; drop them but keep their place in the numbering.
    lead = _LEADING_BLANK.match(text)
    skipped_lines = lead.group().count("\n") if lead else 0
    text = text[lead.end() :] if lead else text
    first_line = text.split("\n", 1)[0]
    sep = ","
    if "," not in first_line:
        sep = next((c for c in ("\t", ";") if c in first_line), ",")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            grid = pd.read_csv(
                io.StringIO(text),
                header=None,
                sep=sep,
                dtype=str,
                keep_default_na=False,
                na_values=[""],
                skip_blank_lines=False,
                on_bad_lines="warn",
                engine="c",
            )
        except pd.errors.EmptyDataError:
            raw.problems.append(_empty(raw))
            return raw
        except pd.errors.ParserError as exc:
            detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raw.problems.append(
                _problem(raw.file, None, None, f"无法解析 CSV：{detail}", f"cannot parse the CSV: {detail}")
            )
            return raw
    bad_lines: list[tuple[int, int, int]] = []
    for warning in caught:
        for line, expected, saw in _CSV_BAD_LINE.findall(str(warning.message)):
            bad_lines.append((int(line), int(expected), int(saw)))
    for line, expected, saw in bad_lines[:MAX_BAD_LINES]:
        raw.problems.append(
            _problem(
                raw.file,
                line + skipped_lines,
                None,
                f"该行有 {saw} 个字段，但表头只有 {expected} 个（多余的逗号？未加引号的文本？），整行未读取",
                f"row has {saw} fields but the header has {expected}"
                " (stray comma? unquoted text?); row not read",
            )
        )
    if len(bad_lines) > MAX_BAD_LINES:
        rest = len(bad_lines) - MAX_BAD_LINES
        raw.hidden += rest
        raw.problems.append(
            _problem(raw.file, None, None, f"……另有 {rest:,} 行同类问题", f"... and {rest:,} more like this")
        )
    # Record numbers of the rows read: 1-based, without the rows skipped for too many fields.
    total = len(grid) + len(bad_lines)
    numbers = np.setdiff1d(np.arange(1, total + 1), [b[0] for b in bad_lines]) + skipped_lines
    blank = grid.isna().all(axis=1).to_numpy()
    if blank.all():
        raw.problems.append(_empty(raw))
        return raw
    first = int(np.argmax(~blank))
    header = grid.iloc[first].tolist()
    return _frame_from_grid(raw, header, grid.iloc[first + 1 :], pd.Index(numbers[first + 1 :]))


def _cell_text(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _read_xlsx(raw: RawTable) -> RawTable:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(raw.path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        blob = raw.path.read_bytes()[:4]
        hint_zh, hint_en = "", ""
        if not blob:
            raw.problems.append(_empty(raw))
            return raw
        if not isinstance(exc, zipfile.BadZipFile) and blob.startswith(_ZIP_MAGIC):
            hint_zh, hint_en = "（ZIP 内容不是工作簿）", " (the ZIP holds no workbook)"
        raw.problems.append(
            _problem(
                raw.file,
                None,
                None,
                f"不是有效的 XLSX 文件，无法打开{hint_zh}",
                f"not a valid XLSX file, cannot open it{hint_en}",
            )
        )
        return raw
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raw.problems.append(_empty(raw))
            return raw
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # some writers store a wrong sheet size; read what is there
        rows: list[tuple[int, list[object]]] = []
        for cells in sheet.iter_rows():
            values = [_cell_text(getattr(c, "value", None)) for c in cells]
            number = next((c.row for c in cells if getattr(c, "row", None) is not None), None)
            if number is None or not any(v is not None and str(v).strip() for v in values):
                continue
            rows.append((number, values))
    finally:
        workbook.close()
    if not rows:
        raw.problems.append(_empty(raw))
        return raw
    _, header = rows[0]
    width = max(len(v) for _, v in rows)
    body_rows = rows[1:]
    body = (
        pd.DataFrame(
            [v + [None] * (width - len(v)) for _, v in body_rows],
            columns=range(width),
            dtype="str",
        )
        if body_rows
        else pd.DataFrame({i: pd.Series([], dtype="str") for i in range(width)})
    )
    numbers = pd.Index([n for n, _ in body_rows], dtype="int64")
    return _frame_from_grid(raw, header + [None] * (width - len(header)), body, numbers)


def _read_parquet(raw: RawTable) -> RawTable:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    if raw.path.stat().st_size == 0:
        raw.problems.append(_empty(raw))
        return raw
    try:
        table = pq.read_table(raw.path)
    except (pa.ArrowException, OSError, ValueError) as exc:
        del exc
        raw.problems.append(
            _problem(
                raw.file,
                None,
                None,
                "不是有效的 Parquet 文件，无法读取",
                "not a valid Parquet file, cannot read it",
            )
        )
        return raw
    # pandas writes a non-default index as "__index_level_0__"; it is not data.
    keep = [n for n in table.column_names if not _PANDAS_INDEX.fullmatch(str(n))]
    if len(keep) != table.num_columns:
        table = table.select([i for i, n in enumerate(table.column_names) if n in keep])
    columns: dict[int, pd.Series] = {}
    for i, column in enumerate(table.columns):
        try:
            text = pc.cast(column, pa.string())
            series = pd.Series(text.to_pandas(), dtype="str")
        except (pa.ArrowException, ValueError, TypeError):
            series = pd.Series([None if v is None else str(v) for v in column.to_pylist()], dtype="str")
        columns[i] = series.reset_index(drop=True)
    body = pd.DataFrame(columns) if columns else pd.DataFrame()
    if not columns:
        raw.problems.append(_empty(raw))
        return raw
    return _frame_from_grid(raw, list(table.column_names), body, pd.RangeIndex(2, len(body) + 2))


def read_table_file(path: Path | str) -> RawTable:
    """Read a CSV, XLSX or Parquet file as text; never raises on bad content.

    CSV: decoded as UTF-8 (a BOM is dropped), else GB18030 (which covers GBK and GB2312); comma
    separated. XLSX: the first sheet, cell values as displayed types turned to text. Parquet: every
    column cast to text; there is no header row in the file, but numbering is the same as for the
    other formats — the first record is row 2, as it would be once exported to a spreadsheet.

    Header cells are stripped of whitespace (and a BOM in the first one). Fully blank rows are
    dropped. Problems (empty, undecodable, corrupt file) are in `RawTable.problems`.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    fmt = suffix.lstrip(".")
    raw = RawTable(file=path.name, path=path, format=fmt)
    readers = {".csv": _read_csv, ".xlsx": _read_xlsx, ".parquet": _read_parquet}
    reader = readers.get(suffix)
    if reader is None:
        raw.problems.append(
            _problem(
                raw.file,
                None,
                None,
                f"不支持的文件格式「{suffix or '（无扩展名）'}」，请用 .csv、.xlsx 或 .parquet",
                f"unsupported file type '{suffix or '(none)'}'; use .csv, .xlsx or .parquet",
            )
        )
        return raw
    try:
        return reader(raw)
    except Exception as exc:  # any failure on a user's file becomes a problem
        raw.data = None
        detail = f"{type(exc).__name__}: {exc}".strip()
        raw.problems.append(
            _problem(
                raw.file, None, None, f"读取文件时出错：{detail}", f"error while reading the file: {detail}"
            )
        )
        return raw


__all__ = ["CSV_ENCODINGS", "RawTable", "read_table_file"]
