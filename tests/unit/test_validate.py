"""Validation: every kind of problem, through `validate_path` and through the command line.

Broken text files live in tests/fixtures/broken/<case>/; binary ones (GBK, XLSX, Parquet, random
bytes) are made at test time by `_make_generated`. Each case asserts the exact lines printed.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from beltatlas.dataset import load_dataset, merge_user_tables
from beltatlas.io import read_table_file
from beltatlas.validate import MAX_PER_KIND, Problem, ValidationReport, validate_path, validate_table

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
BROKEN = FIXTURES / "broken"
VALID = FIXTURES / "valid"

G = "belt_id,year,gmv_yuan,merchants\n"
KNOWN = "provinces, categories, belts, belt_gmv, city_gmv, brand_sales, report_facts, official_stats"
EMPTY = "文件为空（没有表头） / empty file (no header row)"


def _xlsx_bytes(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _make_generated(root: Path) -> None:
    """Binary and non-UTF-8 broken files, written at test time."""

    def put(rel: str, data: bytes) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    put("undecodable_csv/belt_gmv.csv", (G + "x,2020,1,2\n").encode() + b"y\xff\xfe,2021,1,2\n")
    put("gbk_csv/belt_gmv.csv", (G + "顺德,2020,一百,2\n").encode("gbk"))
    put("gb18030_bom_less_bad_year/belt_gmv.csv", (G + "𡘙,二〇二〇,1,2\n").encode("gb18030"))
    put("nul_bytes/belts.csv", b"belt_id,name\x00\x01\x02\x03\n")
    put("xlsx_named_csv/belts.csv", _xlsx_bytes([["belt_id"], ["x"]]))
    put("corrupt_xlsx/belts.xlsx", os.urandom(0) + bytes(range(256)) * 4)
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w") as zf:
        zf.writestr("hello.txt", "not a workbook")
    put("zip_not_xlsx/belts.xlsx", zbuf.getvalue())
    put("empty_xlsx/belts.xlsx", _xlsx_bytes([]))
    put(
        "xlsx_bad_cell/belt_gmv.xlsx",
        _xlsx_bytes(
            [["belt_id", "year", "gmv_yuan", "merchants"], ["x", 2020, 1.5, 2], [], ["y", 2020, "abc", 3]]
        ),
    )
    put("corrupt_parquet/belt_gmv.parquet", b"PAR1" + b"\x00garbage" * 20 + b"PAR1")
    buf = io.BytesIO()
    pq.write_table(
        pa.table(
            {
                "belt_id": ["x", "y"],
                "year": pa.array([2020, 2020], pa.int16()),
                "gmv_yuan": [1.0, -5.0],
                "merchants": [1, 2],
            }
        ),
        buf,
    )
    put("parquet_negative/belt_gmv.parquet", buf.getvalue())
    # A folder: one good table, one broken workbook.
    put("folder_broken_xlsx/belts.xlsx", b"this is not a zip file")
    put("folder_broken_xlsx/belt_gmv.csv", (G + "x,2020,1,2\n").encode())
    put("random_bytes/belt_gmv.csv", bytes((i * 197 + 13) % 256 for i in range(2000)))


# (path relative to the broken root, exact lines printed). Folder cases end with "/".
CASES = [
    pytest.param("empty_file/belts.csv", [f"belts.csv:-:-: {EMPTY}"], id="empty_file"),
    pytest.param("blank_lines_only/belts.csv", [f"belts.csv:-:-: {EMPTY}"], id="blank_lines_only"),
    pytest.param(
        "header_only/belt_gmv.csv",
        ["belt_gmv.csv:-:-: 没有数据行（只有表头） / no data rows (only a header)"],
        id="header_only",
    ),
    pytest.param(
        "missing_column/belt_gmv.csv",
        ["belt_gmv.csv:1:merchants: 缺少必需的列（商家数） / missing required column (Merchants)"],
        id="missing_column",
    ),
    pytest.param(
        "missing_two_columns/belt_gmv.csv",
        [
            "belt_gmv.csv:1:gmv_yuan: 缺少必需的列（成交规模） / missing required column (Sales (GMV))",
            "belt_gmv.csv:1:merchants: 缺少必需的列（商家数） / missing required column (Merchants)",
        ],
        id="missing_two_columns",
    ),
    pytest.param(
        "unknown_column/belt_gmv.csv",
        [
            "belt_gmv.csv:1:note: 未知的列，不会被使用（belt_gmv 的列：belt_id, year, gmv_yuan, merchants）"
            " / unknown column, it is not used (columns of belt_gmv: belt_id, year, gmv_yuan, merchants)"
        ],
        id="unknown_column",
    ),
    pytest.param(
        "duplicate_header/belt_gmv.csv",
        [
            "belt_gmv.csv:1:year: 列名重复（第 2 列和第 5 列），只使用第 2 列"
            " / duplicate column header (columns 2 and 5); only column 2 is used"
        ],
        id="duplicate_header",
    ),
    pytest.param(
        "no_header_column/belt_gmv.csv",
        ["belt_gmv.csv:1:-: 第 5 列有数据但没有列名 / column 5 has data but no header"],
        id="no_header_column",
    ),
    pytest.param(
        "not_a_number/belt_gmv.csv",
        ["belt_gmv.csv:3:gmv_yuan: 'abc' 不是数字 / 'abc' is not a number"],
        id="not_a_number",
    ),
    pytest.param(
        "not_whole_number/belt_gmv.csv",
        ["belt_gmv.csv:2:merchants: '1.5' 不是整数 / '1.5' is not a whole number"],
        id="not_whole_number",
    ),
    pytest.param(
        "not_a_year/belt_gmv.csv",
        ["belt_gmv.csv:2:year: '二〇二〇' 不是年份 / '二〇二〇' is not a year"],
        id="not_a_year",
    ),
    pytest.param(
        "year_out_of_range/belt_gmv.csv",
        ["belt_gmv.csv:2:year: '1999' 超出范围 2000–2030 / '1999' is out of range 2000–2030"],
        id="year_out_of_range",
    ),
    pytest.param(
        "negative_money/belt_gmv.csv",
        ["belt_gmv.csv:2:gmv_yuan: 金额为负数 '-5' / negative amount '-5'"],
        id="negative_money",
    ),
    pytest.param(
        "negative_count/belt_gmv.csv",
        ["belt_gmv.csv:2:merchants: '-2' 小于最小值 0 / '-2' is below the minimum 0"],
        id="negative_count",
    ),
    pytest.param(
        "infinite_number/belt_gmv.csv",
        ["belt_gmv.csv:2:gmv_yuan: 'inf' 不是有限数值 / 'inf' is not a finite number"],
        id="infinite_number",
    ),
    pytest.param(
        "empty_required_cell/belt_gmv.csv",
        ["belt_gmv.csv:2:belt_id: 必填单元格为空 / empty cell in a required column"],
        id="empty_required_cell",
    ),
    pytest.param(
        "duplicate_key/belt_gmv.csv",
        [
            "belt_gmv.csv:4:belt_id,year: 重复的主键（belt_id=x, year=2020），首次出现在第 2 行"
            " / duplicate key (belt_id=x, year=2020), first seen on row 2"
        ],
        id="duplicate_key",
    ),
    pytest.param(
        "ragged_row/belt_gmv.csv",
        [
            "belt_gmv.csv:3:-: 该行有 5 个字段，但表头只有 4 个（多余的逗号？未加引号的文本？），整行未读取"
            " / row has 5 fields but the header has 4 (stray comma? unquoted text?); row not read",
            "belt_gmv.csv:4:gmv_yuan: 'bad' 不是数字 / 'bad' is not a number",
        ],
        id="ragged_row",
    ),
    pytest.param(
        "lat_out_of_range/belts.csv",
        ["belts.csv:2:lat: '60' 超出范围 3–54 / '60' is out of range 3–54"],
        id="lat_out_of_range",
    ),
    pytest.param(
        "bad_adcode/city_gmv.csv",
        ["city_gmv.csv:2:city_adcode: '4406' 不是六位行政区划代码 / '4406' is not a six-digit adcode"],
        id="bad_adcode",
    ),
    pytest.param(
        "unknown_adcode_prefix/city_gmv.csv",
        ["city_gmv.csv:2:city_adcode: '990100' 不是六位行政区划代码 / '990100' is not a six-digit adcode"],
        id="unknown_adcode_prefix",
    ),
    pytest.param(
        "not_allowed/categories.csv",
        [
            "categories.csv:2:report_band: 'medium' 不是允许的取值（low, mid, high）"
            " / 'medium' is not an allowed value (low, mid, high)"
        ],
        id="not_allowed",
    ),
    pytest.param(
        "unknown_province/brand_sales.csv",
        ["brand_sales.csv:2:province_adcode: 未知的省级行政区 '火星' / unknown province '火星'"],
        id="unknown_province",
    ),
    pytest.param(
        "national_not_allowed/brand_sales.csv",
        [
            "brand_sales.csv:2:province_adcode: '全国' 指全国（100000），"
            "只有 official_stats 表可用，这里要填省级行政区"
            " / '全国' means the whole country (100000), only allowed in official_stats; use a province"
        ],
        id="national_not_allowed",
    ),
    pytest.param(
        "many_bad_cells/brand_sales.csv",
        [f"brand_sales.csv:{row}:sales_yuan: 'n/a' 不是数字 / 'n/a' is not a number" for row in range(2, 22)]
        + ["brand_sales.csv:-:sales_yuan: ……另有 5 行同类问题 / ... and 5 more like this"],
        id="many_bad_cells",
    ),
    pytest.param(
        "unknown_table/gmv.csv",
        [
            f"gmv.csv:-:-: 无法从文件名识别表 'gmv'（已知的表：{KNOWN}）"
            f" / unknown table 'gmv' in the file name (known tables: {KNOWN})"
        ],
        id="unknown_table",
    ),
    pytest.param(
        "unsupported_type/belts.txt",
        [
            "belts.txt:-:-: 不支持的文件格式「.txt」，请用 .csv、.xlsx 或 .parquet"
            " / unsupported file type '.txt'; use .csv, .xlsx or .parquet"
        ],
        id="unsupported_type",
    ),
    pytest.param(
        "reference_missing/",
        [
            "belt_gmv.csv:3:belt_id: 'nope' 在 belts 表的 belt_id 列中不存在"
            " / 'nope' is not a belt_id in table belts"
        ],
        id="reference_missing",
    ),
    pytest.param(
        "manifest_bad_json/",
        [
            "datapackage.json:2:-: 清单不是有效的 JSON（第 23 列："
            "Expecting property name enclosed in double quotes）"
            " / manifest is not valid JSON (column 23: Expecting property name enclosed in double quotes)"
        ],
        id="manifest_bad_json",
    ),
    pytest.param(
        "manifest_bad_entries/",
        [
            "datapackage.json:-:resources[0].provenance: 数据类别 'made-up' "
            "无效（可用：report, official, sample, user）"
            " / invalid provenance class 'made-up' (use one of: report, official, sample, user)",
            f"datapackage.json:-:resources[1].name: 未知的表 'gmv'（已知的表：{KNOWN}）"
            f" / unknown table 'gmv' (known tables: {KNOWN})",
            "datapackage.json:-:resources[2].path: 文件 'belts.csv' 不存在于数据集文件夹中"
            " / file 'belts.csv' does not exist in the dataset folder",
        ],
        id="manifest_bad_entries",
    ),
    pytest.param(
        "manifest_not_object/",
        [
            "datapackage.json:-:resources: 清单必须是含有 resources 列表的 JSON 对象"
            " / manifest must be a JSON object with a resources list"
        ],
        id="manifest_not_object",
    ),
    # Generated at test time ----------------------------------------------------------------------
    pytest.param(
        "undecodable_csv/belt_gmv.csv",
        [
            "belt_gmv.csv:3:-: 无法解码文本（已尝试 UTF-8、UTF-8 BOM、GB18030/GBK）"
            " / cannot decode the text (tried UTF-8, UTF-8 with BOM and GB18030/GBK)"
        ],
        id="undecodable_csv",
    ),
    pytest.param(
        "gbk_csv/belt_gmv.csv",
        ["belt_gmv.csv:2:gmv_yuan: '一百' 不是数字 / '一百' is not a number"],
        id="gbk_csv",
    ),
    pytest.param(
        "gb18030_bom_less_bad_year/belt_gmv.csv",
        ["belt_gmv.csv:2:year: '二〇二〇' 不是年份 / '二〇二〇' is not a year"],
        id="gb18030_csv",
    ),
    pytest.param(
        "nul_bytes/belts.csv",
        ["belts.csv:-:-: 不是 CSV 文本文件（含有 NUL 字节） / not a CSV text file (contains NUL bytes)"],
        id="binary_named_csv",
    ),
    pytest.param(
        "xlsx_named_csv/belts.csv",
        [
            "belts.csv:-:-: 不是 CSV 文本文件（看起来是 XLSX 文件，请改用相应的扩展名）"
            " / not a CSV text file (it looks like an XLSX file; use the matching file extension)"
        ],
        id="xlsx_named_csv",
    ),
    pytest.param(
        "corrupt_xlsx/belts.xlsx",
        ["belts.xlsx:-:-: 不是有效的 XLSX 文件，无法打开 / not a valid XLSX file, cannot open it"],
        id="corrupt_xlsx",
    ),
    pytest.param(
        "zip_not_xlsx/belts.xlsx",
        [
            "belts.xlsx:-:-: 不是有效的 XLSX 文件，无法打开（ZIP 内容不是工作簿）"
            " / not a valid XLSX file, cannot open it (the ZIP holds no workbook)"
        ],
        id="zip_not_xlsx",
    ),
    pytest.param("empty_xlsx/belts.xlsx", [f"belts.xlsx:-:-: {EMPTY}"], id="empty_xlsx"),
    pytest.param(
        "xlsx_bad_cell/belt_gmv.xlsx",
        ["belt_gmv.xlsx:4:gmv_yuan: 'abc' 不是数字 / 'abc' is not a number"],
        id="xlsx_bad_cell_after_blank_row",
    ),
    pytest.param(
        "corrupt_parquet/belt_gmv.parquet",
        [
            "belt_gmv.parquet:-:-: 不是有效的 Parquet 文件，无法读取"
            " / not a valid Parquet file, cannot read it"
        ],
        id="corrupt_parquet",
    ),
    pytest.param(
        "parquet_negative/belt_gmv.parquet",
        ["belt_gmv.parquet:3:gmv_yuan: 金额为负数 '-5' / negative amount '-5'"],
        id="parquet_negative",
    ),
    pytest.param(
        "folder_broken_xlsx/",
        ["belts.xlsx:-:-: 不是有效的 XLSX 文件，无法打开 / not a valid XLSX file, cannot open it"],
        id="folder_broken_xlsx",
    ),
]


@pytest.fixture(scope="session")
def broken_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("broken")
    shutil.copytree(BROKEN, root, dirs_exist_ok=True)
    _make_generated(root)
    return root


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "beltatlas", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        timeout=120,
    )


@pytest.fixture(scope="session")
def cli_results(broken_root: Path) -> dict[str, subprocess.CompletedProcess[str]]:
    """`python -m beltatlas validate` on every case, run in parallel once per session."""
    rels = [case.values[0] for case in CASES]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = pool.map(lambda rel: _cli("validate", str(broken_root / rel)), rels)
    return dict(zip(rels, results, strict=True))


def test_at_least_twenty_broken_cases() -> None:
    assert len(CASES) >= 20
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize(("rel", "expected"), CASES)
def test_validate_path_reports_exact_lines(broken_root: Path, rel: str, expected: list[str]) -> None:
    report = validate_path(broken_root / rel)
    assert [str(p) for p in report.problems] == expected
    assert not report.ok


@pytest.mark.parametrize(("rel", "expected"), CASES)
def test_cli_prints_exact_lines(
    cli_results: dict[str, subprocess.CompletedProcess[str]], rel: str, expected: list[str]
) -> None:
    result = cli_results[rel]
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == expected
    assert "problem" in result.stderr and "问题" in result.stderr


def test_broken_fixture_folder_has_one_case_per_directory() -> None:
    committed = {p.name for p in BROKEN.iterdir() if p.is_dir()}
    used = {case.values[0].split("/")[0] for case in CASES}
    assert committed <= used


# Valid data ---------------------------------------------------------------------------------------


def test_valid_folder_is_ok() -> None:
    report = validate_path(VALID)
    assert report.problems == []
    assert report.ok
    assert set(report.tables) == {
        "provinces",
        "categories",
        "belts",
        "belt_gmv",
        "city_gmv",
        "brand_sales",
        "report_facts",
        "official_stats",
    }
    assert report.summary() == "ok: 8 tables, 20 rows / 校验通过：8 张表，20 行"


def test_cli_exits_zero_on_valid_folder() -> None:
    result = _cli("validate", str(VALID))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "ok: 8 tables, 20 rows / 校验通过：8 张表，20 行"


def test_cli_help_is_bilingual() -> None:
    result = _cli("--help")
    assert result.returncode == 0
    assert "校验" in result.stdout and "validate" in result.stdout


def test_cli_missing_path() -> None:
    result = _cli("validate", "no/such/place.csv")
    assert result.returncode == 1
    assert result.stdout.splitlines() == ["place.csv:-:-: 路径不存在 / path does not exist"]


def test_typed_frames() -> None:
    report = validate_path(VALID)
    belts = report.frames["belts"]
    assert belts["province_adcode"].tolist() == [440000, 330000]
    assert str(belts["province_adcode"].dtype) == "int64"
    assert str(belts["county_adcode"].dtype) == "Int64"
    assert belts["county_adcode"].isna().tolist() == [False, True]
    assert str(belts["lon"].dtype) == "float64"
    sales = report.frames["brand_sales"]
    assert sales["province_adcode"].tolist() == [440000, 440000, 330000, 330000]
    assert str(sales["year"].dtype) == "int64"
    official = report.frames["official_stats"]
    assert official["province_adcode"].tolist() == [100000, 440000]
    facts = report.frames["report_facts"]
    assert facts["province_adcode"].isna().tolist() == [True, False]
    assert facts["province_adcode"].iloc[1] == 440000


def test_validate_table_drops_only_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "belt_gmv.csv"
    path.write_text(G + "a,2020,1,2\nb,2020,oops,3\nc,2021,5,6\n", encoding="utf-8")
    frame, problems = validate_table(read_table_file(path), "belt_gmv")
    assert [str(p) for p in problems] == ["belt_gmv.csv:3:gmv_yuan: 'oops' 不是数字 / 'oops' is not a number"]
    assert frame is not None
    assert frame["belt_id"].tolist() == ["a", "c"]
    assert frame["merchants"].tolist() == [2, 6]


def test_province_key_duplicates_are_found_across_spellings(tmp_path: Path) -> None:
    path = tmp_path / "brand_sales.csv"
    path.write_text(
        "category_l2,brand,province_adcode,year,sales_yuan\n小家电,A,广东,2021,1\n小家电,A,440000,2021,2\n",
        encoding="utf-8",
    )
    lines = [str(p) for p in validate_path(path).problems]
    assert lines == [
        "brand_sales.csv:3:category_l2,brand,province_adcode,year: "
        "重复的主键（category_l2=小家电, brand=A, province_adcode=440000, year=2021），首次出现在第 2 行"
        " / duplicate key (category_l2=小家电, brand=A, province_adcode=440000, year=2021)"
        ", first seen on row 2"
    ]


def test_many_problems_are_capped_per_kind(tmp_path: Path) -> None:
    n = 10_000
    path = tmp_path / "belt_gmv.csv"
    path.write_text(G + "".join(f"b{i},2020,-1,1\n" for i in range(n)), encoding="utf-8")
    report = validate_path(path)
    assert len(report.problems) == MAX_PER_KIND + 1
    assert str(report.problems[-1]) == (
        f"belt_gmv.csv:-:gmv_yuan: ……另有 {n - MAX_PER_KIND:,} 行同类问题"
        f" / ... and {n - MAX_PER_KIND:,} more like this"
    )
    assert report.problem_count == n
    assert report.summary().startswith("10,000 problems: 1 table, 10,000 rows")


def test_problem_str() -> None:
    assert str(Problem("a.csv", None, None, "中", "en")) == "a.csv:-:-: 中 / en"
    assert str(Problem("a.csv", 3, "year", "中", "en")) == "a.csv:3:year: 中 / en"


def test_summary_of_empty_report() -> None:
    assert ValidationReport(path=Path(".")).summary() == "ok: 0 tables, 0 rows / 校验通过：0 张表，0 行"


def test_folder_without_manifest_counts_as_user(tmp_path: Path) -> None:
    shutil.copy(VALID / "belt_gmv.csv", tmp_path / "belt_gmv.csv")
    dataset, problems = load_dataset(tmp_path)
    assert problems == []
    assert dataset.info("belt_gmv").provenance == "user"
    assert dataset.tables["belts"] is None
    assert len(dataset.tables["belt_gmv"]) == 4


def test_folder_with_no_tables(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("hello", encoding="utf-8")
    lines = [str(p) for p in validate_path(tmp_path).problems]
    assert lines == [
        f"{tmp_path.name}:-:-: 文件夹中没有数据表文件（.csv, .xlsx, .parquet）"
        f" / no table files (.csv, .xlsx, .parquet) in the folder"
    ]


def test_two_files_for_one_table(tmp_path: Path) -> None:
    shutil.copy(VALID / "belt_gmv.csv", tmp_path / "belt_gmv.csv")
    pd.read_csv(VALID / "belt_gmv.csv").to_parquet(tmp_path / "belt_gmv.parquet")
    lines = [str(p) for p in validate_path(tmp_path).problems]
    assert lines == [
        "belt_gmv.csv:-:-: 表 belt_gmv 有多个文件（belt_gmv.csv, belt_gmv.parquet），只使用 belt_gmv.csv"
        " / table belt_gmv is in several files (belt_gmv.csv, belt_gmv.parquet); only belt_gmv.csv is used"
    ]


def test_load_dataset_keeps_manifest_and_valid_rows(tmp_path: Path) -> None:
    shutil.copytree(VALID, tmp_path / "d")
    path = tmp_path / "d" / "belt_gmv.csv"
    path.write_text(path.read_text(encoding="utf-8") + "ghost-belt,2021,1,1\n", encoding="utf-8")
    dataset, problems = load_dataset(tmp_path / "d")
    assert [str(p) for p in problems] == [
        "belt_gmv.csv:6:belt_id: 'ghost-belt' 在 belts 表的 belt_id 列中不存在"
        " / 'ghost-belt' is not a belt_id in table belts"
    ]
    assert len(dataset.tables["belt_gmv"]) == 4
    assert dataset.info("belt_gmv").provenance == "sample"
    assert dataset.info("provinces").source == "test"
    assert dataset.info("provinces").licence == "MIT"


def test_merge_user_tables(tmp_path: Path) -> None:
    base, _ = load_dataset(VALID)
    shutil.copy(VALID / "belt_gmv.csv", tmp_path / "belt_gmv.csv")
    user, _ = load_dataset(tmp_path)
    merged = merge_user_tables(base, user)
    assert merged.info("belt_gmv").provenance == "user"
    assert merged.info("belts").provenance == "report"
    assert merged.tables["belts"] is base.tables["belts"]
    assert merged.tables["belt_gmv"] is user.tables["belt_gmv"]
    assert base.info("belt_gmv").provenance == "sample"


# Robustness ---------------------------------------------------------------------------------------


def _no_internal_errors(report: ValidationReport) -> None:
    assert all("internal error" not in p.en and "error while reading" not in p.en for p in report.problems), [
        str(p) for p in report.problems
    ]


@pytest.mark.parametrize("name", ["belt_gmv.csv", "belts.xlsx", "brand_sales.parquet", "report_facts.csv"])
def test_random_bytes_never_crash(tmp_path: Path, name: str) -> None:
    for seed in range(20):
        data = os.urandom(seed * 37)
        (tmp_path / name).write_bytes(data)
        report = validate_path(tmp_path / name)
        assert isinstance(report, ValidationReport)
        _no_internal_errors(report)
        dataset, _ = load_dataset(tmp_path)
        assert dataset is not None


def test_folder_of_junk_never_crashes(tmp_path: Path) -> None:
    (tmp_path / "belts.xlsx").write_bytes(b"PK\x03\x04" + os.urandom(300))
    (tmp_path / "belt_gmv.parquet").write_bytes(b"PAR1" + os.urandom(300) + b"PAR1")
    (tmp_path / "brand_sales.csv").write_bytes(os.urandom(500))
    (tmp_path / "datapackage.json").write_bytes(os.urandom(50))
    (tmp_path / "categories.csv").mkdir()
    report = validate_path(tmp_path)
    assert not report.ok
    _no_internal_errors(report)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_arbitrary_text_as_csv_never_raises(tmp_path: Path, text: str) -> None:
    path = tmp_path / "belt_gmv.csv"
    path.write_text(text, encoding="utf-8", newline="")
    report = validate_path(path)
    _no_internal_errors(report)
    dataset, _ = load_dataset(path)
    assert set(dataset.tables) >= {"belt_gmv"}


_cell = st.one_of(
    st.text(max_size=8),
    st.integers(-10, 3000).map(str),
    st.floats(allow_nan=True).map(str),
    st.sampled_from(["", " ", "广东", "粤", "x", "2020", "1e400", "-0", "NaN", '"', ",", "\n"]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(_cell, min_size=0, max_size=6), max_size=8))
def test_arbitrary_cells_under_a_real_header_never_raise(tmp_path: Path, rows: list[list[str]]) -> None:
    path = tmp_path / "city_gmv.csv"
    body = "".join(",".join(row) + "\n" for row in rows)
    path.write_text("city_adcode,province_adcode,year,gmv_yuan\n" + body, encoding="utf-8")
    report = validate_path(path)
    _no_internal_errors(report)


def test_cli_sample_writes_tables_that_validate(tmp_path: Path) -> None:
    pytest.importorskip("beltatlas.sample")
    out = tmp_path / "sample"
    result = _cli("sample", "--out", str(out), "--seed", "7")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines and all(": " in line for line in lines)
    written = {line.split(":")[0] for line in lines}
    assert "brand_sales" in written
    check = _cli("validate", str(out))
    assert check.returncode == 0, check.stdout
    assert check.stdout.startswith("ok: ")


def test_cli_sample_rejects_negative_rows(tmp_path: Path) -> None:
    result = _cli("sample", "--out", str(tmp_path), "--rows", "-5")
    assert result.returncode == 2
    assert "--rows" in result.stderr


def test_header_case_is_forgiven(tmp_path: Path) -> None:
    path = tmp_path / "belt_gmv.csv"
    path.write_text("Belt_ID,YEAR,gmv_yuan,Merchants\nx,2020,1,2\n", encoding="utf-8")
    report = validate_path(path)
    assert report.ok
    assert list(report.frames["belt_gmv"].columns) == ["belt_id", "year", "gmv_yuan", "merchants"]
