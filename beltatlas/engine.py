"""Where the heavy queries run: the embedded DuckDB (default), a local Spark session, or any Ibis URL.

`BELTATLAS_ENGINE` chooses:

* unset or `duckdb` — embedded DuckDB over the dataset's own frames (the bundled files or a user's
  upload), one short-lived connection per query; nothing to set up;
* `spark` — a local Spark session (`local[2]`, or `BELTATLAS_SPARK_MASTER`); each large table is
  taken from the session's catalogue by name, or, when the catalogue has no such table, read from
  the dataset folder's `<table>.parquet` by Spark itself;
* any Ibis connection URL (`pyspark://…`, `trino://…`, `postgres://…`, `clickhouse://…`,
  `duckdb:///path/to/belts.ddb`) — the tables are found by name (in `BELTATLAS_DATABASE` when set).

Before any page uses an engine's table its schema is checked against `beltatlas.schema`, with the
same bilingual problems as a file (table, column, expected type). The small reference tables
(belts, categories, …) always come from the dataset; only `brand_sales`, `belt_gmv` and `city_gmv`
live in the engine. `as_sales` / `as_table` turn any source (frame, Arrow table, Parquet path, Ibis
table) into the Ibis table the query module takes.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import duckdb
import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir
import numpy as np
import pandas as pd
import pyarrow as pa

from beltatlas.query import Sales
from beltatlas.schema import TABLES, DType
from beltatlas.validate import Problem

ENGINE_ENV = "BELTATLAS_ENGINE"
DATABASE_ENV = "BELTATLAS_DATABASE"
SPARK_MASTER_ENV = "BELTATLAS_SPARK_MASTER"

#: The tables that live in the engine; the others always come from the dataset.
ENGINE_TABLES: tuple[str, ...] = ("brand_sales", "belt_gmv", "city_gmv")

#: A source of a large table: a frame, an Arrow table, a Parquet path, or a table in an engine.
Source = pd.DataFrame | pa.Table | str | Path | ir.Table


# --------------------------------------------------------------------------- embedded DuckDB


def _duckdb(settings: Mapping[str, str | int] | None) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for name, value in (settings or {}).items():
        if not re.fullmatch(r"[a-z_]+", name):
            raise ValueError(f"not a DuckDB setting name: {name!r}")
        con.execute(f"SET {name} = ?", [value])  # the name is checked above; the value is a parameter
    return con


def _dictionary(column: pa.ChunkedArray) -> tuple[pa.ChunkedArray, np.ndarray] | None:
    """Integer codes and labels of a dictionary-encoded string column (chunks already unified)."""
    if not pa.types.is_dictionary(column.type) or column.num_chunks == 0:
        return None
    value_type = column.type.value_type
    if not (pa.types.is_string(value_type) or pa.types.is_large_string(value_type)):
        return None
    codes = pa.chunked_array([chunk.indices for chunk in column.chunks], type=column.type.index_type)
    return codes, np.asarray(column.chunks[0].dictionary.to_pylist(), dtype=object)


def _sales_arrow(source: pd.DataFrame | pa.Table) -> tuple[pa.Table, np.ndarray | None, np.ndarray | None]:
    """`source` as an Arrow table DuckDB scans in parallel, with labels when category and brand are codes.

    Dictionary-encoded columns (pandas categoricals, Arrow dictionaries) are aggregated on their
    integer codes — about three times faster than hashing the strings; the query module decodes
    the few aggregated rows after fetching.
    """
    if isinstance(source, pd.DataFrame):
        cat, brand = source["category_l2"], source["brand"]
        wanted = [c for c in ("province_adcode", "year", "sales_yuan") if c in source]
        if isinstance(cat.dtype, pd.CategoricalDtype) and isinstance(brand.dtype, pd.CategoricalDtype):
            # The codes straight from the Categoricals (`Series.cat.codes` builds a new Series: about
            # 0.1 s per 10M rows), handed over as Arrow arrays (zero-copy).
            columns = {"category_l2": cat.array.codes, "brand": brand.array.codes}
            columns.update({c: pa.Array.from_pandas(source[c]) for c in wanted})
            labels = [np.asarray(s.cat.categories.astype(str), dtype=object) for s in (cat, brand)]
            return pa.table(columns), labels[0], labels[1]
        # Zero-copy for pandas' Arrow-backed strings: DuckDB scans Arrow strings in parallel.
        return (
            pa.Table.from_pandas(source[["category_l2", "brand", *wanted]], preserve_index=False),
            None,
            None,
        )
    table = source
    if any(
        pa.types.is_dictionary(col.type)
        and any(not c.dictionary.equals(col.chunks[0].dictionary) for c in col.chunks)
        for col in (table["category_l2"], table["brand"])
    ):
        table = table.unify_dictionaries()  # chunks written from one frame share one dictionary
    cat_codes, brand_codes = _dictionary(table["category_l2"]), _dictionary(table["brand"])
    if cat_codes is None or brand_codes is None:
        return table, None, None
    for column, (codes, _labels) in (("category_l2", cat_codes), ("brand", brand_codes)):
        table = table.set_column(table.schema.get_field_index(column), column, codes)
    return table, cat_codes[1], brand_codes[1]


@contextmanager
def embedded(settings: Mapping[str, str | int] | None = None) -> Iterator[Any]:
    """A short-lived embedded DuckDB as an Ibis backend (`settings`: DuckDB settings, e.g. threads)."""
    con = _duckdb(settings)
    try:
        yield ibis.duckdb.from_connection(con)
    finally:
        con.close()


def _register(backend: Any, name: str, source: pd.DataFrame | pa.Table | str | Path) -> ir.Table:
    if isinstance(source, str | Path):
        return backend.read_parquet(str(source), table_name=name)
    arrow = source if isinstance(source, pa.Table) else pa.Table.from_pandas(source, preserve_index=False)
    backend.con.register(name, arrow)  # a view over the Arrow data: no copy
    return backend.table(name)


@contextmanager
def as_sales(source: Source | Sales, settings: Mapping[str, str | int] | None = None) -> Iterator[Sales]:
    """`source` (a `brand_sales` frame, Arrow table, Parquet path or engine table) as a `Sales`."""
    if isinstance(source, Sales):
        yield source
    elif isinstance(source, ir.Table):
        yield Sales(source)
    else:
        with embedded(settings) as backend:
            if isinstance(source, str | Path):
                yield Sales(_register(backend, "brand_sales", source))
            else:
                arrow, categories, brands = _sales_arrow(source)
                yield Sales(_register(backend, "brand_sales", arrow), categories, brands)


@contextmanager
def as_table(
    source: Source, name: str, settings: Mapping[str, str | int] | None = None
) -> Iterator[ir.Table]:
    """`source` (a frame, Arrow table, Parquet path or engine table) as an Ibis table named `name`."""
    if isinstance(source, ir.Table):
        yield source
    else:
        with embedded(settings) as backend:
            yield _register(backend, name, source)


# --------------------------------------------------------------------------- schema check

_TYPE_NAMES: dict[str, tuple[str, str]] = {
    "string": ("字符串", "string"),
    "integer": ("整数", "integer"),
    "number": ("数值", "number"),
}


def _kind(dtype: DType) -> str:
    return {"string": "string", "float": "number"}.get(dtype, "integer")


def _fits(kind: str, actual: dt.DataType) -> bool:
    if kind == "string":
        return actual.is_string()
    if kind == "integer":
        return actual.is_integer()
    return actual.is_numeric()


def check_schema(name: str, schema: ibis.Schema, where: str | None = None) -> list[Problem]:
    """Problems of an engine table's columns against `schema.TABLES[name]`: a missing required column,
    or a column of the wrong type (string / integer / number)."""
    problems = []
    where = where or name
    for column in TABLES[name].columns:
        if column.name not in schema:
            if column.required:
                problems.append(
                    Problem(
                        where,
                        None,
                        column.name,
                        f"缺少必需的列（{column.zh}）",
                        f"missing required column ({column.en})",
                    )
                )
            continue
        kind = _kind(column.dtype)
        actual = schema[column.name]
        if not _fits(kind, actual):
            zh, en = _TYPE_NAMES[kind]
            problems.append(
                Problem(
                    where,
                    None,
                    column.name,
                    f"类型应为{zh}，实为 {actual}",
                    f"expected type {en}, found {actual}",
                )
            )
    return problems


# --------------------------------------------------------------------------- configured engines


@dataclass
class Engine:
    """The engine in force: its kind, a label to show, its tables and where each one is.

    For the embedded default `backend` is None and `tables` is empty: queries run over the dataset's
    own frames. Otherwise `tables` holds each large table that was found and passed the schema check,
    `locations` says where each table is, `problems` why a table is not used, and `from_dataset` which
    tables were read from the dataset's files (so they keep the dataset's provenance class).
    """

    kind: str
    label: str
    backend: Any = None
    tables: dict[str, ir.Table] = field(default_factory=dict)
    locations: dict[str, str] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    from_dataset: frozenset[str] = frozenset()

    @property
    def embedded(self) -> bool:
        return self.backend is None


def mask_url(url: str) -> str:
    """`url` without its password (to show it on the About page)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


def spark_session(master: str | None = None) -> Any:
    """The process's local Spark session (created once; later calls return the same one).

    Bound to 127.0.0.1 with no web UI and no console progress bar; two shuffle partitions suit a
    small machine and small aggregated results.
    """
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.master(master or os.environ.get(SPARK_MASTER_ENV) or "local[2]")
        .appName("beltatlas")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
    )
    return builder.getOrCreate()


def _lookup(backend: Any, name: str, database: str | None) -> ir.Table | None:
    try:
        return backend.table(name, database=database) if database else backend.table(name)
    except Exception:  # each backend raises its own "no such table"
        return None


def connect(setting: str | None, data_dir: Path) -> Engine:
    """The engine `setting` (the value of BELTATLAS_ENGINE) names, its tables found and checked."""
    setting = (setting or "").strip()
    if setting in ("", "duckdb"):
        locations = {}
        for name in ENGINE_TABLES:
            files = sorted(data_dir.glob(f"{name}.*"))
            # Relative to the project folder when inside it: the About page need not show server paths.
            where = (
                files[0].relative_to(data_dir.parent)
                if files and files[0].is_relative_to(data_dir.parent)
                else None
            )
            locations[name] = str(where or (files[0] if files else "—"))
        return Engine("duckdb", "DuckDB (embedded)", locations=locations)
    database = os.environ.get(DATABASE_ENV) or None
    if setting == "spark":
        backend = ibis.pyspark.connect(spark_session())
        label = f"Spark ({backend._session.sparkContext.master})"
        kind = "spark"
    else:
        backend = ibis.connect(setting)
        label = mask_url(setting)
        kind = setting.split(":", 1)[0]
    tables: dict[str, ir.Table] = {}
    locations: dict[str, str] = {}
    problems: list[Problem] = []
    from_dataset = set()
    for name in ENGINE_TABLES:
        table = _lookup(backend, name, database)
        where = f"{label}: {database + '.' if database else ''}{name}"
        if table is None and kind == "spark" and (data_dir / f"{name}.parquet").exists():
            path = data_dir / f"{name}.parquet"
            table = backend.read_parquet(str(path), table_name=name)
            where = f"{label}: {name} ← {path}"
            from_dataset.add(name)
        locations[name] = where
        if table is None:
            problems.append(Problem(where, None, None, "引擎中找不到该表", "table not found in the engine"))
            continue
        found = check_schema(name, table.schema(), where)
        problems.extend(found)
        if not found:
            tables[name] = table
    return Engine(kind, label, backend, tables, locations, tuple(problems), frozenset(from_dataset))
