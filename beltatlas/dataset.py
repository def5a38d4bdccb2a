"""A dataset in memory: one typed frame per table, with what the manifest says about each.

`load_dataset` validates a folder (or one file) and keeps what is valid: a table with problems
is returned without its bad rows, and the problems are returned beside it, so nothing is lost
silently. `merge_user_tables` lays a user's tables over the bundled ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from beltatlas.schema import TABLES
from beltatlas.validate import Problem, TableInfo, validate_path

__all__ = ["Dataset", "TableInfo", "load_dataset", "merge_user_tables"]


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


def load_dataset(path: Path | str) -> tuple[Dataset, list[Problem]]:
    """Validate `path` (a dataset folder or one table file) and return its valid tables and the problems.

    A table with problems keeps its valid rows; a table that cannot be used at all (unreadable,
    a required column missing) is None. Tables of a folder without manifest count as `user`.
    """
    path = Path(path)
    report = validate_path(path)
    tables = _empty_tables()
    tables.update(report.frames)
    manifest = {name: report.info[name] for name in report.frames if name in report.info}
    return Dataset(path=path, tables=tables, manifest=manifest), list(report.problems)


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
