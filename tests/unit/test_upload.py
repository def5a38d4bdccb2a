"""Loading a user's files against the dataset in view: every row read is accounted for, rows that
point at nothing are named (file, row, column) instead of vanishing, and Excel's habits are read."""

import shutil
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from beltatlas.dataset import load_dataset, load_upload
from beltatlas.validate import validate_path

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "user_gbk"


@pytest.fixture(scope="module")
def bundled(root):
    dataset, problems = load_dataset(root / "data")
    assert problems == []
    return dataset


def test_gbk_files_with_mixed_province_names_html_and_formula_cells_load_whole(bundled):
    upload = load_upload(FIXTURE, bundled)
    assert upload.problems == []
    assert [(x.table, x.read, x.loaded) for x in upload.tables] == [
        ("belts", 4, 4),
        ("belt_gmv", 12, 12),
        ("brand_sales", 7, 7),
    ]
    belts = upload.dataset.tables["belts"].set_index("belt_id")
    assert belts["province_adcode"].tolist() == [440000, 330000, 350000, 330000]
    assert belts.loc["my-yiwu-toys", "name_zh"] == "<img src=x onerror=alert(1)>"
    assert belts.loc["my-anxi-tea", "name_zh"] == '=HYPERLINK("http://evil","x")'
    gmv = upload.dataset.tables["belt_gmv"].set_index(["belt_id", "year"])
    assert gmv.loc[("my-foshan-furniture", 2018), "gmv_yuan"] == 1_234_567_890  # "1,234,567,890"
    assert gmv.loc[("my-foshan-furniture", 2019), "merchants"] == 1300  # "1,300"
    assert gmv.loc[("my-yiwu-toys", 2018), "gmv_yuan"] == 500_000_000  # full-width digits


def test_rows_whose_belt_no_belts_table_names_are_reported_not_dropped_in_silence(bundled, tmp_path):
    unknown = pd.read_csv(FIXTURE / "belt_gmv.csv", encoding="gbk", dtype=str)  # belts no table names
    known = bundled.tables["belt_gmv"].head(4).astype(str)
    gmv = pd.concat([known, unknown])
    assert len(gmv) == 16
    gmv.to_csv(tmp_path / "belt_gmv.csv", index=False)
    upload = load_upload(tmp_path, bundled)
    line = upload.tables[0]
    assert (line.table, line.read, line.loaded, line.not_used) == ("belt_gmv", 16, 4, 12)
    assert line.reasons == (("belt_id", 12),)
    assert line.uses_bundled == ("belts",)
    rows = [p.row for p in upload.problems]
    assert rows == list(range(6, 18))  # header is row 1; the four known rows are rows 2–5
    first = upload.problems[0]
    assert (first.file, first.column) == ("belt_gmv.csv", "belt_id")
    assert "my-foshan-furniture" in first.zh and "未使用" in first.zh and "not used" in first.en
    assert len(upload.dataset.tables["belt_gmv"]) == 4


def test_loading_the_belts_too_makes_every_row_usable(bundled, tmp_path):
    shutil.copy(FIXTURE / "belt_gmv.csv", tmp_path)
    assert load_upload(tmp_path, bundled).tables[0].loaded == 0
    shutil.copy(FIXTURE / "belts.csv", tmp_path)
    upload = load_upload(tmp_path, bundled)
    assert upload.problems == [] and upload.tables[1].loaded == 12


def test_a_folder_of_files_that_are_no_tables_names_no_temporary_path(bundled, tmp_path):
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    upload = load_upload(tmp_path, bundled, label="上传的文件")
    assert not upload.loaded
    assert upload.problems and all(tmp_path.name not in str(p) for p in upload.problems)
    (tmp_path / "notes.csv").unlink()
    upload = load_upload(tmp_path, bundled, label="上传的文件")
    assert [str(p).split(":")[0] for p in upload.problems] == ["上传的文件"]


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        pytest.param("1,234.5", 1234.5, id="thousands"),
        pytest.param("１２３４．５", 1234.5, id="full_width"),
        pytest.param(" 1,000,000 ", 1e6, id="spaces"),
        pytest.param("−3", None, id="minus_sign_negative_rejected"),
    ],
)
def test_excel_number_habits_are_read(tmp_path, cell, value):
    path = tmp_path / "belt_gmv.csv"
    pd.DataFrame({"belt_id": ["b"], "year": [2020], "gmv_yuan": [cell], "merchants": [1]}).to_csv(
        path, index=False
    )
    report = validate_path(path)
    if value is None:
        assert [p.column for p in report.problems] == ["gmv_yuan"]  # −3 reads as -3: negative money
        assert "金额为负数" in report.problems[0].zh
    else:
        assert report.problems == []
        assert report.frames["belt_gmv"]["gmv_yuan"].item() == value


@pytest.mark.parametrize(
    ("cell", "hint"),
    [
        pytest.param("12%", "drop the %", id="percent"),
        pytest.param("1.2亿", "convert to the column's unit", id="yi"),
        pytest.param("¥1,200", "drop the currency symbol", id="currency"),
        pytest.param("1,23", "thousands separators go every three digits", id="bad_separator"),
    ],
)
def test_cells_excel_users_write_get_a_hint_naming_the_fix(tmp_path, cell, hint):
    path = tmp_path / "belt_gmv.csv"
    pd.DataFrame({"belt_id": ["b"], "year": [2020], "gmv_yuan": [cell], "merchants": [1]}).to_csv(
        path, index=False
    )
    problems = validate_path(path).problems
    assert len(problems) == 1 and problems[0].row == 2 and problems[0].column == "gmv_yuan"
    assert hint in problems[0].en and "（" in problems[0].zh


def test_xlsx_numbers_stored_as_text_are_read(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["belt_id", "year", "gmv_yuan", "merchants"])
    sheet.append(["b", "2020", "1,234,567", "12"])  # every cell a text cell, as pasted from a web page
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.data_type = "s"
    book.save(tmp_path / "belt_gmv.xlsx")
    report = validate_path(tmp_path / "belt_gmv.xlsx")
    assert report.problems == []
    frame = report.frames["belt_gmv"]
    assert frame["gmv_yuan"].item() == 1_234_567 and frame["year"].item() == 2020
