"""Exports of what a page shows."""

from __future__ import annotations

import pandas as pd


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """`frame` as CSV in UTF-8 with a byte-order mark, so Excel opens Chinese text correctly."""
    return frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
