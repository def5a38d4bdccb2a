"""A dataset in memory: one typed frame per table, with what the manifest says about each.

`load_dataset` validates a folder (or one file) and keeps what is valid: a table with problems
is returned without its bad rows, and the problems are returned beside it, so nothing is lost
silently. `merge_user_tables` lays a user's tables over the bundled ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from beltatlas.schema import TABLES
from beltatlas.validate import MAX_PER_KIND, Problem, TableInfo, ValidationReport, validate_path

__all__ = [
    "Dataset",
    "LoadedTable",
    "TableInfo",
    "Upload",
    "load_dataset",
    "load_upload",
    "merge_user_tables",
]


def _empty_tables() -> dict[str, pd.DataFrame | None]:
    return dict.fromkeys(TABLES)


@dataclass
class Dataset:
    """One typed DataFrame per schema table (None when absent) and its manifest entry.

    `tables` always has a key for every table of `schema.TABLES`. `manifest` holds an entry for
    each table present; `info(name)` gives a default (`user`, no source) for the others.
    """

    path: Path | None = None
    tables: dict[str, pd.DataFrame | None] = field(default_factory=_empty_tables)
    manifest: dict[str, TableInfo] = field(default_factory=dict)

    def info(self, name: str) -> TableInfo:
        """The manifest entry of table `name` (provenance class, source, licence, title)."""
        entry = self.manifest.get(name)
        if entry is not None:
            return entry
        table = TABLES[name]
        return TableInfo(provenance="user", title=f"{table.zh} / {table.en}")

    def present(self) -> list[str]:
        """Names of the tables that hold a frame."""
        return [name for name, frame in self.tables.items() if frame is not None]


def _dataset(path: Path, report: ValidationReport) -> Dataset:
    tables = _empty_tables()
    tables.update(report.frames)
    manifest = {name: report.info[name] for name in report.frames if name in report.info}
    return Dataset(path=path, tables=tables, manifest=manifest)


def load_dataset(path: Path | str) -> tuple[Dataset, list[Problem]]:
    """Validate `path` (a dataset folder or one table file) and return its valid tables and the problems.

    A table with problems keeps its valid rows; a table that cannot be used at all (unreadable,
    a required column missing) is None. Tables of a folder without manifest count as `user`.
    """
    path = Path(path)
    report = validate_path(path)
    return _dataset(path, report), list(report.problems)


def merge_user_tables(base: Dataset, user: Dataset) -> Dataset:
    """`base` with every table `user` holds replaced by the user's, marked provenance `user`."""
    tables = dict(base.tables)
    manifest = dict(base.manifest)
    for name, frame in user.tables.items():
        if frame is None:
            continue
        tables[name] = frame
        manifest[name] = replace(user.info(name), provenance="user")
    return Dataset(path=base.path, tables=tables, manifest=manifest)


@dataclass(frozen=True)
class LoadedTable:
    """What became of one uploaded table: rows read, rows in use, rows not used and why."""

    table: str
    file: str
    read: int
    loaded: int
    #: Why rows were not used: (column, rows) pairs, most rows first.
    reasons: tuple[tuple[str, int], ...] = ()
    #: How the table's rows are tied to tables the user did not load (e.g. belts from the bundled data).
    uses_bundled: tuple[str, ...] = ()

    @property
    def not_used(self) -> int:
        return self.read - self.loaded


@dataclass
class Upload:
    """The result of loading a user's files: the tables kept, every problem, and a line per table."""

    dataset: Dataset
    problems: list[Problem]
    tables: list[LoadedTable]

    @property
    def loaded(self) -> bool:
        return any(frame is not None for frame in self.dataset.tables.values())


def _reference_problems(
    user: Dataset, base: Dataset, report: ValidationReport
) -> tuple[dict[str, np.ndarray], list[Problem], dict[str, list[str]]]:
    """References from the user's tables to tables of the dataset in view (the user's own or the
    bundled ones). Returns, per user table, a mask of rows that point at nothing; the problems
    naming file, row and column; and, per user table, the bundled tables its rows are tied to."""
    merged = merge_user_tables(base, user)
    masks: dict[str, np.ndarray] = {}
    problems: list[Problem] = []
    ties: dict[str, list[str]] = {}
    for name, frame in user.tables.items():
        if frame is None:
            continue
        file = report.files.get(name, name)
        rows = report.rows.get(name, np.arange(2, len(frame) + 2))
        for column, other, other_column in TABLES[name].references:
            target = merged.tables.get(other)
            if target is None or column not in frame.columns:
                continue
            if user.tables.get(other) is None:
                ties.setdefault(name, []).append(other)
            values = frame[column]
            missing = (values.notna() & ~values.isin(target[other_column].dropna().unique())).to_numpy()
            if not missing.any():
                continue
            masks[name] = masks.get(name, np.zeros(len(frame), dtype=bool)) | missing
            where_zh = "你载入的" if user.tables.get(other) is not None else "内置的"
            where_en = "the" if user.tables.get(other) is not None else "the bundled"
            bad_rows, bad_values = rows[missing], values[missing].tolist()
            for row, value in zip(bad_rows[:MAX_PER_KIND], bad_values[:MAX_PER_KIND], strict=False):
                shown = int(value) if isinstance(value, float) and value.is_integer() else value
                problems.append(
                    Problem(
                        file,
                        int(row),
                        column,
                        f"'{shown}' 不在{where_zh} {other} 表的 {other_column} 列中：该行未使用"
                        f"（请一并载入含它的 {other} 表）",
                        f"'{shown}' is not a {other_column} of {where_en} {other} table: row not used"
                        f" (load a {other} table that has it too)",
                    )
                )
            rest = len(bad_rows) - MAX_PER_KIND
            if rest > 0:
                problems.append(
                    Problem(file, None, column, f"……另有 {rest:,} 行同类问题", f"... and {rest:,} more like this")
                )
    return masks, problems, ties


def _reasons(problems: list[Problem], file: str) -> tuple[tuple[str, int], ...]:
    counts: dict[str, int] = {}
    for problem in problems:
        if problem.file != file or problem.row is None or problem.row == 1:
            continue
        key = problem.column or "-"
        counts[key] = counts.get(key, 0) + 1
    return tuple(sorted(counts.items(), key=lambda kv: -kv[1]))


def load_upload(folder: Path, base: Dataset, *, label: str = "上传 upload") -> Upload:
    """Validate a folder of uploaded files and tie them to the dataset in view.

    A row that validates on its own but points at nothing in the dataset in view (a `belt_gmv` row
    whose belt neither the user's nor the bundled `belts` names) is reported with file, row and
    column and not used; every table gets a line saying how many rows were read, loaded and not used.
    """
    report = validate_path(folder, label=label)
    user = _dataset(folder, report)
    masks, problems, ties = _reference_problems(user, base, report)
    for name, mask in masks.items():
        frame = user.tables[name]
        assert frame is not None
        user.tables[name] = frame.loc[~mask].reset_index(drop=True)
    all_problems = [*report.problems, *problems]
    tables = []
    for name, read in report.tables.items():
        frame = user.tables.get(name)
        file = report.files.get(name, name)
        tables.append(
            LoadedTable(
                table=name,
                file=file,
                read=read,
                loaded=0 if frame is None else len(frame),
                reasons=_reasons(all_problems, file),
                uses_bundled=tuple(dict.fromkeys(ties.get(name, []))),
            )
        )
    return Upload(dataset=user, problems=all_problems, tables=tables)
