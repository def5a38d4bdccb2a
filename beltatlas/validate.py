"""Validation of dataset files against the contract in `beltatlas.schema`.

Every finding is a `Problem` naming the file, the spreadsheet row (header = row 1, first data row =
row 2) and the column, with a Chinese and an English explanation; `str(problem)` is one line:

    belt_gmv.csv:7:gmv_yuan: 'abc' 不是数字 / 'abc' is not a number

`-` stands for a missing row or column. Nothing given to `validate_path` raises: an unexpected
failure while checking a file becomes a problem of that file.

Checks, per file:

* the file can be read (empty, undecodable, binary, corrupt files are problems);
* a header and at least one data row;
* every required column present (one problem per missing column, row 1);
* no unknown columns (they would be silently dropped: each is a problem, row 1; the table is still
  loaded without them), no duplicate or empty header cells with data under them. A header that
  differs from a schema column only in case (`Belt_ID`) is taken as that column;
* every cell parses as its column's dtype; numbers are finite; whole numbers where the dtype is int,
  year or adcode; adcodes have six digits and start with a known province prefix; province columns
  accept any common province name (see `beltatlas.provinces`), the national code 100000 only in
  `official_stats`;
* money columns (unit 元, `schema.MONEY_COLUMNS`) are not negative; values within the column's
  min/max (years within YEAR_MIN..YEAR_MAX, longitude, latitude); strings within `allowed`;
* no empty cell in a non-nullable column;
* no duplicate primary key (the later row is reported, naming the first).

Per folder, in addition:

* each table file's stem names a known table; no table in two files;
* references (`Table.references`) hold where both tables are in the folder (a reference to a table
  the folder lacks is not checked);
* the manifest `datapackage.json`, when present, is valid JSON with a `resources` list whose
  entries each name a known table, a file that exists in the folder and a provenance class from
  `schema.PROVENANCE_CLASSES`. A folder without a manifest is accepted: all its tables count as
  provenance `user`, as does a table file the manifest does not list.

Files in a folder whose suffix is not .csv, .xlsx or .parquet, hidden files and subfolders are
ignored. At most `MAX_PER_KIND` problems of one kind are listed per column, followed by one line
counting the rest ("… and 9,980 more").

Checks are vectorised (pandas / pyarrow operations on whole columns), so a `brand_sales` file of
millions of rows validates in seconds.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from beltatlas.io import RawTable, read_table_file
from beltatlas.provinces import known_adcodes, normalise_province
from beltatlas.schema import (
    MANIFEST_NAME,
    MONEY_COLUMNS,
    NATIONAL_ADCODE,
    PROVENANCE_CLASSES,
    TABLE_SUFFIXES,
    TABLES,
    Column,
    ProvenanceClass,
    Table,
    table_for_file,
)

#: Problems of one kind listed per column before the rest are counted in one line.
MAX_PER_KIND = 20

#: Tables whose province column may hold the national code 100000.
NATIONAL_TABLES: frozenset[str] = frozenset({"official_stats"})

_INT_LIMIT = 2**53


@dataclass(frozen=True)
class Problem:
    """One finding: where (file, spreadsheet row, column) and what, in Chinese and English."""

    file: str
    row: int | None
    column: str | None
    zh: str
    en: str

    def __str__(self) -> str:
        row = "-" if self.row is None else str(self.row)
        column = self.column or "-"
        return f"{self.file}:{row}:{column}: {self.zh} / {self.en}"


@dataclass(frozen=True)
class TableInfo:
    """What the manifest says about one table (defaults for a table it does not list)."""

    provenance: ProvenanceClass = "user"
    source: str = ""
    licence: str = ""
    title: str = ""
    path: str = ""
    #: The source in English, from the manifest's `source_en` (falls back to `source`).
    source_en: str = ""

    def source_in(self, lang: str) -> str:
        """The source in `lang` ('zh' or 'en')."""
        return (self.source_en or self.source) if lang == "en" else self.source


@dataclass
class ValidationReport:
    """The result of `validate_path`.

    `tables` maps each table validated to its number of data rows; `frames` holds the typed frames
    without bad rows (what `load_dataset` returns); `info` the manifest entry of each table;
    `hidden` counts problems summarised in "… and N more" lines.
    """

    path: Path
    problems: list[Problem] = field(default_factory=list)
    tables: dict[str, int] = field(default_factory=dict)
    frames: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    info: dict[str, TableInfo] = field(default_factory=dict)
    hidden: int = 0
    #: The file each table was read from, and the spreadsheet row number of each row of its frame.
    files: dict[str, str] = field(default_factory=dict)
    rows: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def problem_count(self) -> int:
        """Problems found, including those summarised and not listed one by one."""
        return sum(1 for p in self.problems if not _is_more_line(p)) + self.hidden

    def summary(self) -> str:
        n_tables = len(self.tables)
        n_rows = sum(self.tables.values())
        tables_en = f"{n_tables} table" + ("" if n_tables == 1 else "s")
        rows_en = f"{n_rows:,} row" + ("" if n_rows == 1 else "s")
        if self.ok:
            return f"ok: {tables_en}, {rows_en} / 校验通过：{n_tables} 张表，{n_rows:,} 行"
        n = self.problem_count
        problems_en = f"{n:,} problem" + ("" if n == 1 else "s")
        return f"{problems_en}: {tables_en}, {rows_en} / 发现 {n:,} 个问题：{n_tables} 张表，{n_rows:,} 行"


_MORE_MARK = "同类问题"


def _is_more_line(problem: Problem) -> bool:
    return problem.row is None and _MORE_MARK in problem.zh


def _quote(value: object) -> str:
    text = str(value).replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
    if len(text) > 60:
        text = text[:57] + "..."
    return f"'{text}'"


def _num(value: float) -> str:
    return f"{value:g}"


class _Findings:
    """Problems of one file, capped per (column, kind), and the rows they make bad."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.bad_rows: list[np.ndarray] = []
        self.hidden = 0

    def add(self, row: int | None, column: str | None, zh: str, en: str) -> None:
        self.problems.append(Problem(self.file, row, column, zh, en))

    def cells(
        self,
        column: str,
        rows: pd.Index | np.ndarray,
        texts: Iterable[object] | None,
        zh: str,
        en: str,
        *,
        drop: bool = True,
    ) -> None:
        """One problem per row (up to MAX_PER_KIND), `{v}` in zh/en replaced by the quoted cell."""
        rows = np.asarray(rows)
        if rows.size == 0:
            return
        if drop:
            self.bad_rows.append(rows)
        shown = rows[:MAX_PER_KIND]
        if texts is None:
            values: list[object] = [""] * len(shown)
        elif isinstance(texts, pd.Series):
            values = texts.iloc[:MAX_PER_KIND].tolist()
        else:
            values = list(texts)[:MAX_PER_KIND]
        for row, value in zip(shown, values, strict=False):
            q = _quote(value)
            self.add(int(row), column, zh.replace("{v}", q), en.replace("{v}", q))
        rest = rows.size - len(shown)
        if rest > 0:
            self.hidden += rest
            self.add(None, column, f"……另有 {rest:,} 行{_MORE_MARK}", f"... and {rest:,} more like this")


_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$")


def number_text(cell: str) -> str:
    """A number as a spreadsheet user writes it, in the form Python parses: full-width digits and
    signs made ASCII (NFKC), thousands separators dropped (`1,234.5` → `1234.5`), outer spaces
    stripped. Anything else is returned as it is, to be reported."""
    text = unicodedata.normalize("NFKC", cell).strip().replace("\u2212", "-")
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    return text


def _number_hint(cell: str) -> tuple[str, str]:
    """What to do about a cell that is not a number, when its form says it (a %, a unit, a symbol)."""
    text = number_text(cell)
    if text.endswith("%"):
        return (
            "（请去掉 %：本列不是百分比，填写数值本身）",
            " (drop the %: this column is not a percentage; write the value itself)",
        )
    if any(unit in text for unit in ("万", "亿")):
        return ("（请换算成本列的单位，如 1.2亿 → 120000000）", " (convert to the column's unit, e.g. 1.2亿 → 120000000)")
    if any(symbol in text for symbol in ("¥", "￥", "元", "$")):
        return ("（请去掉货币符号与单位）", " (drop the currency symbol and unit)")
    if "," in text:
        return ("（千位分隔符应每三位一个；小数点请用 .）", " (thousands separators go every three digits; use . for decimals)")
    return ("", "")


def _to_float(text: pd.Series) -> pd.Series:
    """Parse a text column as float64 (NaN where it does not parse), fast path through pyarrow.

    Cells that do not parse as they are go through `number_text` (Excel's habits: `1,234.5`,
    full-width digits) before they count as not a number."""
    try:
        import pyarrow as pa
        import pyarrow.compute as pc

        try:
            array = pa.array(text.array)  # zero-copy for pyarrow-backed strings
        except (TypeError, ValueError, pa.ArrowException):
            array = pa.array(text.to_numpy(dtype=object, na_value=None), type=pa.string())
        return pd.Series(pc.cast(array, pa.float64()).to_numpy(zero_copy_only=False), index=text.index)
    except Exception:  # some cell does not parse: take the careful path
        codes, uniques = pd.factorize(text)
        cleaned = [number_text(u) if isinstance(u, str) else u for u in uniques]
        parsed = pd.to_numeric(pd.Series(cleaned, dtype=object), errors="coerce").to_numpy(dtype="float64")
        out = np.where(codes >= 0, parsed[np.maximum(codes, 0)], np.nan)
        return pd.Series(out, index=text.index, dtype="float64")


def _province_codes(text: pd.Series, national: bool) -> pd.Series:
    codes, uniques = pd.factorize(text)
    mapped = np.array(
        [np.nan if (c := normalise_province(u, national=national)) is None else float(c) for u in uniques],
        dtype="float64",
    )
    out = np.where(codes >= 0, mapped[np.maximum(codes, 0)] if len(mapped) else np.nan, np.nan)
    return pd.Series(out, index=text.index, dtype="float64")


@dataclass
class _Checked:
    """A table checked on its own: parsed values (NA where bad), indexed by row number."""

    table: Table
    file: str
    parsed: pd.DataFrame | None
    findings: _Findings
    complete: bool  # every required column present

    def bad_index(self) -> pd.Index:
        if not self.findings.bad_rows:
            return pd.Index([], dtype="int64")
        return pd.Index(np.unique(np.concatenate(self.findings.bad_rows)))


def _check_column(col: Column, text: pd.Series, table: Table, out: _Findings) -> pd.Series:
    """Check one column of text cells; return its parsed values (NA where empty or bad)."""
    name = col.name
    stripped = text.str.strip()
    stripped = stripped.where(stripped != "")
    empty = stripped.isna().to_numpy()
    if not col.nullable:
        out.cells(name, text.index[empty], None, "必填单元格为空", "empty cell in a required column")
    present = ~empty
    if col.dtype == "string":
        values = stripped
        if col.allowed is not None:
            bad = present & ~stripped.isin(col.allowed).to_numpy()
            allowed = ", ".join(col.allowed)
            out.cells(
                name,
                text.index[bad],
                stripped[bad],
                f"{{v}} 不是允许的取值（{allowed}）",
                f"{{v}} is not an allowed value ({allowed})",
            )
            values = stripped.where(~bad)
        return values.astype("str")

    if col.province_like:
        national = table.name in NATIONAL_TABLES
        numbers = _province_codes(stripped, national)
        bad = present & numbers.isna().to_numpy()
        if bad.any() and not national:
            is_national = np.zeros(len(stripped), dtype=bool)
            is_national[bad] = _province_codes(stripped[bad], True).to_numpy() == NATIONAL_ADCODE
            out.cells(
                name,
                text.index[is_national],
                stripped[is_national],
                "{v} 指全国（100000），只有 official_stats 表可用，这里要填省级行政区",
                "{v} means the whole country (100000), only allowed in official_stats; use a province",
            )
            bad &= ~is_national
        out.cells(name, text.index[bad], stripped[bad], "未知的省级行政区 {v}", "unknown province {v}")
        return numbers

    numbers = _to_float(stripped)
    arr = numbers.to_numpy()
    nan = np.isnan(arr)
    not_number = present & nan
    kind_zh = {"float": "数字", "int": "整数", "year": "年份", "adcode": "六位行政区划代码"}[col.dtype]
    kind_en = {
        "float": "a number",
        "int": "a whole number",
        "year": "a year",
        "adcode": "a six-digit adcode",
    }[col.dtype]
    if not_number.any():
        hints = pd.Series([_number_hint(c) for c in stripped[not_number]], index=text.index[not_number])
        for (hint_zh, hint_en), group in hints.groupby(hints, sort=False):
            out.cells(
                name,
                group.index,
                stripped[group.index],
                f"{{v}} 不是{kind_zh}{hint_zh}",
                f"{{v}} is not {kind_en}{hint_en}",
            )
    bad = not_number.copy()
    ok = ~nan
    infinite = ok & ~np.isfinite(np.where(ok, arr, 0.0))
    out.cells(
        name, text.index[infinite], stripped[infinite], "{v} 不是有限数值", "{v} is not a finite number"
    )
    bad |= infinite
    ok &= ~infinite
    if col.dtype in ("int", "year", "adcode"):
        safe = np.where(ok, arr, 0.0)
        fraction = ok & ((np.abs(safe) >= _INT_LIMIT) | (np.floor(safe) != safe))
        out.cells(
            name, text.index[fraction], stripped[fraction], f"{{v}} 不是{kind_zh}", f"{{v}} is not {kind_en}"
        )
        bad |= fraction
        ok &= ~fraction
    if col.dtype == "adcode":
        safe = np.where(ok, arr, 0.0)
        prefixes = np.array(sorted(c // 10000 for c in known_adcodes(national=False)))
        wrong = ok & ((safe < 100000) | (safe > 999999) | ~np.isin(safe // 10000, prefixes))
        out.cells(
            name,
            text.index[wrong],
            stripped[wrong],
            "{v} 不是六位行政区划代码",
            "{v} is not a six-digit adcode",
        )
        bad |= wrong
        ok &= ~wrong
    if name in MONEY_COLUMNS:
        negative = ok & (np.where(ok, arr, 0.0) < 0)
        out.cells(name, text.index[negative], stripped[negative], "金额为负数 {v}", "negative amount {v}")
        bad |= negative
        ok &= ~negative
    if col.min is not None or col.max is not None:
        safe = np.where(ok, arr, 0.0)
        low = ok & (safe < col.min) if col.min is not None else np.zeros_like(ok)
        high = ok & (safe > col.max) if col.max is not None else np.zeros_like(ok)
        outside = low | high
        if col.min is not None and col.max is not None:
            zh = f"{{v}} 超出范围 {_num(col.min)}–{_num(col.max)}"
            en = f"{{v}} is out of range {_num(col.min)}–{_num(col.max)}"
        elif col.min is not None:
            zh, en = f"{{v}} 小于最小值 {_num(col.min)}", f"{{v}} is below the minimum {_num(col.min)}"
        else:
            zh, en = f"{{v}} 大于最大值 {_num(col.max)}", f"{{v}} is above the maximum {_num(col.max)}"
        out.cells(name, text.index[outside], stripped[outside], zh, en)
        bad |= outside
    return numbers.where(~bad)


def _match_header(raw: RawTable, table: Table, out: _Findings) -> dict[str, str]:
    """Map schema column → file column; report duplicate, empty, unknown and missing headers."""
    positions: dict[str, int] = {}
    for i, name in enumerate(raw.header, start=1):
        if not name:
            continue
        if name in positions:
            first = positions[name]
            out.add(
                1,
                name,
                f"列名重复（第 {first} 列和第 {i} 列），只使用第 {first} 列",
                f"duplicate column header (columns {first} and {i}); only column {first} is used",
            )
        else:
            positions[name] = i
    for i in getattr(raw, "unnamed_with_data", []):
        out.add(1, None, f"第 {i} 列有数据但没有列名", f"column {i} has data but no header")
    known = {c.name for c in table.columns}
    mapping: dict[str, str] = {n: n for n in positions if n in known}
    folded = {c.name.casefold(): c.name for c in table.columns}
    for name in positions:
        if name in known:
            continue
        target = folded.get(name.casefold())
        if target is not None and target not in mapping:
            mapping[target] = name
            continue
        names = ", ".join(table.column_names)
        out.add(
            1,
            name,
            f"未知的列，不会被使用（{table.name} 的列：{names}）",
            f"unknown column, it is not used (columns of {table.name}: {names})",
        )
    for col in table.columns:
        if col.required and col.name not in mapping:
            out.add(1, col.name, f"缺少必需的列（{col.zh}）", f"missing required column ({col.en})")
    return mapping


def _check_table(raw: RawTable, table: Table) -> _Checked:
    out = _Findings(raw.file)
    out.problems.extend(raw.problems)
    out.hidden += raw.hidden
    if raw.data is None:
        return _Checked(table, raw.file, None, out, complete=False)
    mapping = _match_header(raw, table, out)
    complete = all(c.name in mapping for c in table.columns if c.required)
    data = raw.data
    if len(data) == 0:
        out.add(None, None, "没有数据行（只有表头）", "no data rows (only a header)")
        return _Checked(table, raw.file, None, out, complete=False)
    parsed: dict[str, pd.Series] = {}
    for col in table.columns:
        if col.name in mapping:
            parsed[col.name] = _check_column(col, data[mapping[col.name]], table, out)
    frame = pd.DataFrame(parsed, index=data.index)
    if complete and table.key:
        _check_duplicates(frame, table, out)
    return _Checked(table, raw.file, frame, out, complete=complete)


def _key_text(key: tuple[str, ...], values: Iterable[object]) -> str:
    parts = []
    for name, value in zip(key, values, strict=True):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        parts.append(f"{name}={value}")
    return ", ".join(parts)


def _check_duplicates(frame: pd.DataFrame, table: Table, out: _Findings) -> None:
    key = list(table.key)
    keys = frame[key].dropna()
    if keys.empty:
        return
    dup_all = keys.duplicated(keep=False).to_numpy()
    if not dup_all.any():
        return
    sub = keys[dup_all].copy()
    sub["_row"] = sub.index.to_numpy()
    first_row = sub.groupby(key, sort=False)["_row"].transform("first")
    later = sub.index.to_numpy() != first_row.to_numpy()
    rows = sub.index[later]
    firsts = first_row.to_numpy()[later]
    shown = sub.loc[later, key].head(MAX_PER_KIND)
    texts = [_key_text(table.key, row) for row in shown.itertuples(index=False)]
    out.bad_rows.append(np.asarray(rows))
    for row, first, text in zip(rows[:MAX_PER_KIND], firsts[:MAX_PER_KIND], texts, strict=False):
        out.add(
            int(row),
            ",".join(key),
            f"重复的主键（{text}），首次出现在第 {int(first)} 行",
            f"duplicate key ({text}), first seen on row {int(first)}",
        )
    rest = len(rows) - min(len(rows), MAX_PER_KIND)
    if rest > 0:
        out.hidden += rest
        out.add(None, ",".join(key), f"……另有 {rest:,} 行{_MORE_MARK}", f"... and {rest:,} more like this")


_OUT_DTYPES = {"float": "float64", "string": "str"}


def _typed_frame(checked: _Checked, extra_bad: pd.Index | None = None) -> pd.DataFrame | None:
    """The typed frame of a checked table without its bad rows; None when it cannot be used."""
    if checked.parsed is None or not checked.complete:
        return None
    bad = checked.bad_index()
    if extra_bad is not None and len(extra_bad):
        bad = bad.union(extra_bad)
    frame = checked.parsed.drop(index=bad, errors="ignore") if len(bad) else checked.parsed
    columns: dict[str, pd.Series] = {}
    for col in checked.table.columns:
        if col.name in frame.columns:
            values = frame[col.name]
        else:
            values = pd.Series(np.nan, index=frame.index, dtype="float64")
        dtype = _OUT_DTYPES.get(col.dtype) or ("Int64" if col.nullable else "int64")
        if dtype == "str":
            values = (
                values.astype("str")
                if col.name in frame.columns
                else pd.Series(pd.NA, index=frame.index, dtype="str")
            )
        elif dtype == "Int64":
            values = values.astype("float64").round().astype("Int64")
        elif dtype == "int64":
            values = values.astype("float64").astype("int64")
        else:
            values = values.astype("float64")
        columns[col.name] = values
    return pd.DataFrame(columns, index=frame.index).reset_index(drop=True)


def _kept_rows(checked: _Checked, extra_bad: pd.Index | None = None) -> np.ndarray:
    """Spreadsheet row numbers of the rows `_typed_frame` keeps, in its order."""
    assert checked.parsed is not None
    bad = checked.bad_index()
    if extra_bad is not None and len(extra_bad):
        bad = bad.union(extra_bad)
    return checked.parsed.index.difference(bad, sort=False).to_numpy() if len(bad) else checked.parsed.index.to_numpy()


def validate_table(raw: RawTable, table: Table | str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Check one raw table against its schema.

    Returns the typed, normalised frame — province names as adcodes, adcodes and years as ints,
    numbers as floats, strings stripped, the schema's column order, optional columns the file lacks
    added empty — without the rows that have problems, and the problems. The frame is None when
    the file cannot be read, has no data rows or lacks a required column.
    """
    table = TABLES[table] if isinstance(table, str) else table
    try:
        checked = _check_table(raw, table)
        return _typed_frame(checked), checked.findings.problems
    except Exception as exc:  # a bug must not hide the user's file
        return None, [*raw.problems, _internal(raw.file, exc)]


def _internal(file: str, exc: BaseException) -> Problem:
    detail = f"{type(exc).__name__}: {exc}"
    return Problem(
        file, None, None, f"校验时出现内部错误：{detail}", f"internal error while checking: {detail}"
    )


# Folder-level checks -----------------------------------------------------------------------------


def read_manifest(folder: Path) -> tuple[dict[str, TableInfo] | None, list[Problem]]:
    """The manifest's entry per table, or None when the folder has no manifest; and its problems."""
    path = folder / MANIFEST_NAME
    if not path.exists():
        return None, []
    name = MANIFEST_NAME
    try:
        text = path.read_bytes().decode("utf-8-sig")
        doc = json.loads(text)
    except UnicodeDecodeError:
        return {}, [Problem(name, None, None, "清单不是 UTF-8 文本", "manifest is not UTF-8 text")]
    except json.JSONDecodeError as exc:
        return {}, [
            Problem(
                name,
                exc.lineno,
                None,
                f"清单不是有效的 JSON（第 {exc.colno} 列：{exc.msg}）",
                f"manifest is not valid JSON (column {exc.colno}: {exc.msg})",
            )
        ]
    except OSError as exc:
        return {}, [Problem(name, None, None, f"无法读取清单：{exc}", f"cannot read the manifest: {exc}")]
    if not isinstance(doc, dict) or not isinstance(doc.get("resources"), list):
        return {}, [
            Problem(
                name,
                None,
                "resources",
                "清单必须是含有 resources 列表的 JSON 对象",
                "manifest must be a JSON object with a resources list",
            )
        ]
    problems: list[Problem] = []
    info: dict[str, TableInfo] = {}
    known = ", ".join(TABLES)
    for i, res in enumerate(doc["resources"]):
        where = f"resources[{i}]"
        if not isinstance(res, dict):
            problems.append(
                Problem(name, None, where, "资源条目必须是 JSON 对象", "resource must be a JSON object")
            )
            continue
        table_name = res.get("name")
        if not isinstance(table_name, str) or table_name not in TABLES:
            problems.append(
                Problem(
                    name,
                    None,
                    f"{where}.name",
                    f"未知的表 {_quote(table_name)}（已知的表：{known}）",
                    f"unknown table {_quote(table_name)} (known tables: {known})",
                )
            )
            continue
        if table_name in info:
            problems.append(
                Problem(
                    name,
                    None,
                    f"{where}.name",
                    f"表 {table_name} 重复列出",
                    f"table {table_name} listed twice",
                )
            )
            continue
        rel = res.get("path")
        if not isinstance(rel, str) or not rel.strip():
            problems.append(Problem(name, None, f"{where}.path", "缺少文件路径", "missing file path"))
            rel = ""
        else:
            target = folder / rel
            inside = Path(rel).name == rel
            if not inside or not target.is_file():
                problems.append(
                    Problem(
                        name,
                        None,
                        f"{where}.path",
                        f"文件 {_quote(rel)} 不存在于数据集文件夹中",
                        f"file {_quote(rel)} does not exist in the dataset folder",
                    )
                )
            elif table_for_file(Path(rel).stem) is not TABLES[table_name]:
                problems.append(
                    Problem(
                        name,
                        None,
                        f"{where}.path",
                        f"文件名 {_quote(rel)} 与表名 {table_name} 不符",
                        f"file name {_quote(rel)} does not match table {table_name}",
                    )
                )
        provenance = res.get("provenance")
        if provenance not in PROVENANCE_CLASSES:
            classes = ", ".join(PROVENANCE_CLASSES)
            problems.append(
                Problem(
                    name,
                    None,
                    f"{where}.provenance",
                    f"数据类别 {_quote(provenance)} 无效（可用：{classes}）",
                    f"invalid provenance class {_quote(provenance)} (use one of: {classes})",
                )
            )
            provenance = "user"
        info[table_name] = TableInfo(
            provenance=provenance,
            source=str(res.get("source", "") or ""),
            source_en=str(res.get("source_en", "") or ""),
            licence=str(res.get("license", res.get("licence", "")) or ""),
            title=str(res.get("title", "") or ""),
            path=rel,
        )
    return info, problems


def _check_references(checked: dict[str, _Checked]) -> dict[str, pd.Index]:
    """Referential integrity between tables present in the folder; returns extra bad rows per table."""
    extra: dict[str, pd.Index] = {}
    for name, item in checked.items():
        if item.parsed is None:
            continue
        for column, other, other_column in item.table.references:
            target = checked.get(other)
            if target is None or target.parsed is None or other_column not in target.parsed.columns:
                continue
            if column not in item.parsed.columns:
                continue
            values = item.parsed[column]
            present = values.notna()
            known = pd.Index(target.parsed[other_column].dropna().unique())
            missing = present & ~values.isin(known)
            if not missing.any():
                continue
            rows = item.parsed.index[missing.to_numpy()]
            shown = [
                int(v) if isinstance(v, float) and v.is_integer() else v
                for v in values[missing].head(MAX_PER_KIND)
            ]
            item.findings.cells(
                column,
                rows,
                shown,
                f"{{v}} 在 {other} 表的 {other_column} 列中不存在",
                f"{{v}} is not a {other_column} in table {other}",
                drop=False,
            )
            extra[name] = extra.get(name, pd.Index([], dtype="int64")).union(pd.Index(rows))
    return extra


def _table_files(
    folder: Path, report: ValidationReport, info: dict[str, TableInfo] | None
) -> dict[str, Path]:
    files: dict[str, list[Path]] = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith((".", "~$")) or not path.is_file():
            continue
        if path.suffix.lower() not in TABLE_SUFFIXES:
            continue
        table = table_for_file(path.stem)
        if table is None:
            report.problems.append(_unknown_table(path))
            continue
        files.setdefault(table.name, []).append(path)
    chosen: dict[str, Path] = {}
    for name, paths in files.items():
        listed = (info or {}).get(name)
        pick = next((p for p in paths if listed is not None and p.name == listed.path), None)
        if pick is None:
            order = {s: i for i, s in enumerate(TABLE_SUFFIXES)}
            pick = min(paths, key=lambda p: order.get(p.suffix.lower(), 99))
        if len(paths) > 1:
            names = ", ".join(p.name for p in paths)
            report.problems.append(
                Problem(
                    pick.name,
                    None,
                    None,
                    f"表 {name} 有多个文件（{names}），只使用 {pick.name}",
                    f"table {name} is in several files ({names}); only {pick.name} is used",
                )
            )
        chosen[name] = pick
    return dict(sorted(chosen.items(), key=lambda kv: list(TABLES).index(kv[0])))


def _unknown_table(path: Path) -> Problem:
    known = ", ".join(TABLES)
    return Problem(
        path.name,
        None,
        None,
        f"无法从文件名识别表 {_quote(path.stem)}（已知的表：{known}）",
        f"unknown table {_quote(path.stem)} in the file name (known tables: {known})",
    )


def _check_file(path: Path, table: Table) -> _Checked:
    try:
        raw = read_table_file(path)
        return _check_table(raw, table)
    except Exception as exc:  # any failure on a user's file becomes a problem
        findings = _Findings(path.name)
        findings.problems.append(_internal(path.name, exc))
        return _Checked(table, path.name, None, findings, complete=False)


def validate_path(path: Path | str, *, label: str | None = None) -> ValidationReport:
    """Validate a dataset folder, or a single table file named after its table (`belts.csv`).

    `label` names the folder in problems about the folder itself (an upload's temporary folder has
    a name no user should see)."""
    path = Path(path)
    report = ValidationReport(path=path)
    try:
        _validate_into(path, report, label)
    except Exception as exc:  # the validator itself must never crash
        report.problems.append(_internal(label or path.name, exc))
    return report


def _validate_into(path: Path, report: ValidationReport, label: str | None = None) -> None:
    if not path.exists():
        report.problems.append(
            Problem(label or path.name or str(path), None, None, "路径不存在", "path does not exist")
        )
        return
    checked: dict[str, _Checked] = {}
    if path.is_dir():
        info, manifest_problems = read_manifest(path)
        report.problems.extend(manifest_problems)
        files = _table_files(path, report, info)
        if not files:
            suffixes = ", ".join(TABLE_SUFFIXES)
            report.problems.append(
                Problem(
                    label or path.name or str(path),
                    None,
                    None,
                    f"文件夹中没有数据表文件（{suffixes}）",
                    f"no table files ({suffixes}) in the folder",
                )
            )
        for name, file in files.items():
            checked[name] = _check_file(file, TABLES[name])
            entry = (info or {}).get(name)
            report.info[name] = (
                entry
                if entry is not None
                else TableInfo(
                    provenance="user", title=f"{TABLES[name].zh} / {TABLES[name].en}", path=file.name
                )
            )
        extra = _check_references(checked)
    else:
        if path.suffix.lower() not in TABLE_SUFFIXES:
            raw = read_table_file(path)  # reports the unsupported type
            report.problems.extend(raw.problems)
            return
        table = table_for_file(path.stem)
        if table is None:
            report.problems.append(_unknown_table(path))
            return
        checked[table.name] = _check_file(path, table)
        report.info[table.name] = TableInfo(
            provenance="user", title=f"{table.zh} / {table.en}", path=path.name
        )
        extra = {}
    for name, item in checked.items():
        report.problems.extend(item.findings.problems)
        report.hidden += item.findings.hidden
        report.tables[name] = 0 if item.parsed is None else len(item.parsed)
        report.files[name] = item.file
        try:
            frame = _typed_frame(item, extra.get(name))
        except Exception as exc:
            report.problems.append(_internal(item.file, exc))
            frame = None
        if frame is not None:
            report.frames[name] = frame
            report.rows[name] = _kept_rows(item, extra.get(name))


__all__ = [
    "MAX_PER_KIND",
    "NATIONAL_TABLES",
    "Problem",
    "TableInfo",
    "ValidationReport",
    "read_manifest",
    "validate_path",
    "validate_table",
]
