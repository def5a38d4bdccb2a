"""Reading table files: encodings, formats, header cleaning, row numbers, blank rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook

from beltatlas.io import read_table_file
from beltatlas.validate import validate_table

HEADER = ["category_l2", "brand", "province_adcode", "year", "sales_yuan"]
ROWS = [
    ["小家电", "美的·品牌01", "广东", 2020, 1500000000.0],
    ["小家电", "格力·品牌02", "粤", 2021, 2.5],
    ["饰品", "义乌·品牌03", "浙江省", 2021, 0.0],
    ["饰品", "壮锦·品牌04", "广西壮族自治区", 2019, 123456.789],
]


def _csv_text(rows: list[list[object]] = ROWS) -> str:
    lines = [",".join(HEADER)]
    lines += [",".join(str(v) for v in row) for row in rows]
    return "\n".join(lines) + "\n"


def _write(tmp_path: Path, kind: str) -> Path:
    folder = tmp_path / kind
    folder.mkdir()
    if kind in ("utf-8", "utf-8-sig", "gbk", "gb18030"):
        path = folder / "brand_sales.csv"
        path.write_bytes(_csv_text().encode(kind))
    elif kind == "crlf":
        path = folder / "brand_sales.csv"
        path.write_bytes(_csv_text().replace("\n", "\r\n").encode("utf-8"))
    elif kind == "xlsx":
        path = folder / "brand_sales.xlsx"
        wb = Workbook()
        ws = wb.active
        ws.append(HEADER)
        for row in ROWS:
            ws.append(row)
        wb.save(path)
    elif kind == "parquet":
        path = folder / "brand_sales.parquet"
        columns = list(zip(*ROWS, strict=True))
        table = pa.table(
            {
                "category_l2": pa.array(columns[0]).dictionary_encode(),
                "brand": pa.array(columns[1]),
                "province_adcode": pa.array(columns[2]),
                "year": pa.array(columns[3], pa.int16()),
                "sales_yuan": pa.array(columns[4], pa.float64()),
            }
        )
        pq.write_table(table, path)
    elif kind == "parquet-text":
        path = folder / "brand_sales.parquet"
        frame = pd.DataFrame([[str(v) for v in row] for row in ROWS], columns=HEADER)
        frame.to_parquet(path, index=False)
    else:  # pragma: no cover
        raise ValueError(kind)
    return path


KINDS = ["utf-8", "utf-8-sig", "gbk", "gb18030", "crlf", "xlsx", "parquet", "parquet-text"]


@pytest.fixture
def reference(tmp_path: Path) -> pd.DataFrame:
    frame, problems = validate_table(read_table_file(_write(tmp_path, "utf-8")), "brand_sales")
    assert problems == []
    assert frame is not None
    return frame


@pytest.mark.parametrize("kind", KINDS)
def test_same_table_in_every_format_gives_equal_frames(
    tmp_path: Path, reference: pd.DataFrame, kind: str
) -> None:
    sub = tmp_path / "other"
    sub.mkdir()
    raw = read_table_file(_write(sub, kind))
    assert raw.problems == []
    assert raw.header == HEADER
    assert list(raw.data.index) == [2, 3, 4, 5]
    frame, problems = validate_table(raw, "brand_sales")
    assert problems == []
    pd.testing.assert_frame_equal(frame, reference)


def test_reference_frame_is_typed(reference: pd.DataFrame) -> None:
    assert reference["province_adcode"].tolist() == [440000, 440000, 330000, 450000]
    assert reference["year"].tolist() == [2020, 2021, 2021, 2019]
    assert reference["sales_yuan"].tolist() == [1500000000.0, 2.5, 0.0, 123456.789]
    assert reference["brand"].tolist()[0] == "美的·品牌01"


@pytest.mark.parametrize(
    ("kind", "encoding"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030"), ("gb18030", "gb18030")],
)
def test_encoding_detected(tmp_path: Path, kind: str, encoding: str) -> None:
    assert read_table_file(_write(tmp_path, kind)).encoding == encoding


def test_gb18030_only_characters(tmp_path: Path) -> None:
    path = tmp_path / "brand_sales.csv"
    path.write_bytes(_csv_text([["小家电", "𡘙·品牌", "广东", 2020, 1]]).encode("gb18030"))
    raw = read_table_file(path)
    assert raw.problems == []
    assert raw.data["brand"].tolist() == ["𡘙·品牌"]


def test_header_whitespace_and_bom_are_stripped(tmp_path: Path) -> None:
    path = tmp_path / "belt_gmv.csv"
    path.write_bytes("\ufeff belt_id ,\tyear, gmv_yuan\u3000,merchants\nx,2020,1,2\n".encode())
    raw = read_table_file(path)
    assert raw.header == ["belt_id", "year", "gmv_yuan", "merchants"]
    frame, problems = validate_table(raw, "belt_gmv")
    assert problems == []
    assert frame["gmv_yuan"].tolist() == [1.0]


def test_blank_rows_are_absent_but_keep_numbering(tmp_path: Path) -> None:
    path = tmp_path / "belt_gmv.csv"
    path.write_text(
        "belt_id,year,gmv_yuan,merchants\nx,2020,1,2\n\n , , ,\n,,,\ny,2020,bad,2\n", encoding="utf-8"
    )
    raw = read_table_file(path)
    assert list(raw.data.index) == [2, 6]
    _, problems = validate_table(raw, "belt_gmv")
    assert [str(p) for p in problems] == ["belt_gmv.csv:6:gmv_yuan: 'bad' 不是数字 / 'bad' is not a number"]


def test_quoted_multiline_cell_counts_as_one_row(tmp_path: Path) -> None:
    path = tmp_path / "belt_gmv.csv"
    path.write_text('belt_id,year,gmv_yuan,merchants\n"x\ny",2020,1,2\nz,2020,bad,2\n', encoding="utf-8")
    raw = read_table_file(path)
    assert raw.data["belt_id"].tolist() == ["x\ny", "z"]
    assert list(raw.data.index) == [2, 3]


def test_empty_and_whitespace_cells_are_missing(tmp_path: Path) -> None:
    path = tmp_path / "categories.csv"
    path.write_text(
        "category_l2,category_l1,name_en,report_band,provenance\nA,B,C,  ,report\n", encoding="utf-8"
    )
    raw = read_table_file(path)
    assert raw.data["report_band"].isna().all()
    frame, problems = validate_table(raw, "categories")
    assert problems == []
    assert frame["report_band"].isna().all()


def test_cells_are_text(tmp_path: Path) -> None:
    raw = read_table_file(_write(tmp_path, "parquet"))
    assert all(str(dtype) == "str" for dtype in raw.data.dtypes)
    assert raw.data["year"].tolist() == ["2020", "2021", "2021", "2019"]


def test_xlsx_row_numbers_follow_the_sheet(tmp_path: Path) -> None:
    path = tmp_path / "belt_gmv.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["belt_id", "year", "gmv_yuan", "merchants"])
    ws.append(["x", 2020, 1, 2])
    ws.append([])
    ws.append([None, None, None, None])
    ws.append(["y", 2021, 3, 4])
    ws["A8"] = "z"
    ws["B8"] = 2022
    ws["C8"] = 5.5
    ws["D8"] = 6
    wb.save(path)
    raw = read_table_file(path)
    assert list(raw.data.index) == [2, 5, 8]
    assert raw.data["gmv_yuan"].tolist() == ["1", "3", "5.5"]


@pytest.mark.parametrize("name", ["belts.csv", "belts.xlsx", "belts.parquet"])
def test_empty_files_are_a_problem_not_an_exception(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    raw = read_table_file(path)
    assert raw.data is None
    assert [str(p) for p in raw.problems] == [
        f"{name}:-:-: 文件为空（没有表头） / empty file (no header row)"
    ]


def test_parquet_row_two_is_the_first_record(tmp_path: Path) -> None:
    path = tmp_path / "belt_gmv.parquet"
    pd.DataFrame(
        {
            "belt_id": ["a", "b", "c"],
            "year": [2020, 2020, 2040],
            "gmv_yuan": [1.0, 2.0, 3.0],
            "merchants": [1, 2, 3],
        }
    ).to_parquet(path)
    raw = read_table_file(path)
    assert list(raw.data.index) == [2, 3, 4]
    _, problems = validate_table(raw, "belt_gmv")
    assert [str(p) for p in problems] == [
        "belt_gmv.parquet:4:year: '2040' 超出范围 2000–2030 / '2040' is out of range 2000–2030"
    ]


def test_directory_named_like_a_file(tmp_path: Path) -> None:
    path = tmp_path / "belts.csv"
    path.mkdir()
    raw = read_table_file(path)
    assert raw.data is None
    assert len(raw.problems) == 1


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (b"belt_id;year;gmv_yuan;merchants\nx;2020;1;2\n", "utf-8"),
        (b"belt_id\tyear\tgmv_yuan\tmerchants\nx\t2020\t1\t2\n", "utf-8"),
        ("belt_id\tyear\tgmv_yuan\tmerchants\nx\t2020\t1\t2\n".encode("utf-16"), "utf-16"),
    ],
    ids=["semicolon", "tab", "utf16_tab"],
)
def test_other_separators_and_utf16(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = tmp_path / "belt_gmv.csv"
    path.write_bytes(data)
    raw = read_table_file(path)
    assert raw.encoding == encoding
    frame, problems = validate_table(raw, "belt_gmv")
    assert problems == []
    assert frame["year"].tolist() == [2020]


def test_leading_blank_lines_and_ragged_rows_keep_numbering(tmp_path: Path) -> None:
    path = tmp_path / "belt_gmv.csv"
    path.write_text("\n \nbelt_id,year,gmv_yuan,merchants\nx,2020,1,2\nx,2021,1,2,3,4\ny,2020,bad,2\n")
    raw = read_table_file(path)
    assert list(raw.data.index) == [4, 6]
    _, problems = validate_table(raw, "belt_gmv")
    assert [(p.row, p.column) for p in problems] == [(5, None), (6, "gmv_yuan")]


def test_many_ragged_rows_are_capped(tmp_path: Path) -> None:
    path = tmp_path / "belt_gmv.csv"
    path.write_text("belt_id,year,gmv_yuan,merchants\n" + "x,2020,1,2,3\n" * 50 + "y,2020,1,2\n")
    raw = read_table_file(path)
    assert list(raw.data.index) == [52]
    assert len(raw.problems) == 21
    assert raw.hidden == 30
    assert str(raw.problems[-1]) == "belt_gmv.csv:-:-: ……另有 30 行同类问题 / ... and 30 more like this"


def test_parquet_pandas_index_is_not_a_column(tmp_path: Path) -> None:
    path = tmp_path / "belt_gmv.parquet"
    frame = pd.DataFrame({"belt_id": ["a", "b", "c"], "year": 2020, "gmv_yuan": 1.0, "merchants": 1})
    frame[frame["belt_id"] != "a"].to_parquet(path)  # index [1, 2] is stored
    raw = read_table_file(path)
    assert raw.header == ["belt_id", "year", "gmv_yuan", "merchants"]
    assert list(raw.data.index) == [2, 3]
