"""Downloads: numbers stay numbers, every file names its class and source, no cell runs as a formula."""

import io
import json
import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook

from beltatlas.dataset import load_dataset
from beltatlas.export import (
    ExportMeta,
    SourceLine,
    csv_bytes,
    dataset_zip,
    neutralise,
    printf_to_excel,
    restore_text,
    xlsx_bytes,
)

META = ExportMeta(
    title="品牌集中度",
    sources=(SourceLine("sample", "示例 (sample)", "本项目种子生成器"),),
    url="http://localhost:8501/brands?year=2019",
    date="2026-12-02",
)
EVIL = ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "类目": ["小家电", *EVIL],
            "销售额（亿元）": [1234.5, -5.0, 0.0, 1e-3, 7.0, 8.0, 9.0],
            "品牌数": [3, 1, 2, 3, 4, 5, 6],
        }
    )


def test_csv_starts_with_a_bom_and_round_trips_chinese():
    plain = pd.DataFrame({"省份": ["广东", "浙江"], "规模": [1.5, 2.0]})
    data = csv_bytes(plain)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    pd.testing.assert_frame_equal(back, plain)


@pytest.mark.parametrize("text", EVIL)
def test_formula_like_text_is_neutralised_and_numbers_are_not(text):
    out = neutralise(pd.DataFrame({"a": [text], "n": [-5.0]}))
    assert out["a"].iloc[0] == "'" + text
    assert out["n"].iloc[0] == -5.0
    assert restore_text(out["a"].iloc[0]) == text


def test_csv_holds_numbers_and_provenance_columns_and_no_formula():
    data = csv_bytes(frame(), META)
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)
    assert back["销售额（亿元）"].tolist() == [1234.5, -5.0, 0.0, 1e-3, 7.0, 8.0, 9.0]
    assert back["品牌数"].dtype == "int64"
    assert set(back["数据类别"]) == {"示例 (sample)"}
    assert set(back["来源"]) == {"本项目种子生成器"}
    assert set(back["页面"]) == {META.url} and set(back["下载日期"]) == {"2026-12-02"}
    for cell in back["类目"]:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_xlsx_has_numbers_a_sources_sheet_and_no_formula():
    book = load_workbook(io.BytesIO(xlsx_bytes(frame(), META, number_formats={"销售额（亿元）": "#,##0.0"})))
    data, sources = book.worksheets
    assert [c.value for c in data[1]] == ["类目", "销售额（亿元）", "品牌数"]
    assert data["B2"].value == 1234.5 and data["B2"].data_type == "n"
    assert data["B2"].number_format == "#,##0.0"
    assert data["B3"].value == -5.0  # negative numbers stay numbers
    assert data["C2"].value == 3
    for row in data.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
            if isinstance(cell.value, str):
                assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert sources.title == "来源"
    text = [str(c.value) for row in sources.iter_rows() for c in row if c.value is not None]
    assert "示例 (sample)" in text and "本项目种子生成器" in text and META.url in text
    assert "2026-12-02" in text


def test_dataset_zip_loads_back_unchanged(root, tmp_path):
    bundled, problems = load_dataset(root / "data")
    assert problems == []
    tables = {n: f for n, f in bundled.tables.items() if f is not None}
    tables["belts"] = tables["belts"].copy()
    tables["belts"].loc[0, "name_zh"] = '=HYPERLINK("http://evil","x")'  # survives the round trip too
    resources = [
        {"name": n, "path": f"{n}.csv", "provenance": bundled.info(n).provenance, "source": "s"} for n in tables
    ]
    blob = dataset_zip(tables, resources)
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        archive.extractall(tmp_path)
        names = set(archive.namelist())
        belts_csv = archive.read("belts.csv").decode("utf-8-sig")
    assert names == {f"{n}.csv" for n in tables} | {"datapackage.json"}
    assert "\n=HYPERLINK" not in belts_csv and ",=HYPERLINK" not in belts_csv
    manifest = json.loads((tmp_path / "datapackage.json").read_text("utf-8"))
    assert {r["name"]: r["provenance"] for r in manifest["resources"]}["brand_sales"] == "sample"
    back, problems = load_dataset(tmp_path)
    assert problems == []
    for name, original in tables.items():
        pd.testing.assert_frame_equal(back.tables[name], original, check_dtype=True, obj=name)
        assert back.info(name).provenance == bundled.info(name).provenance


@pytest.mark.parametrize(
    ("spec", "excel"),
    [("%,.1f", "#,##0.0"), ("%,d", "#,##0"), ("%d", "0"), ("%.2f", "0.00"), ("%+.1f", "+0.0;-0.0;0.0"), ("%s", "General")],
)
def test_printf_formats_map_to_excel(spec, excel):
    assert printf_to_excel(spec) == excel
