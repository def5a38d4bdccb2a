"""The dataset contract: every table, column, dtype, unit, range and description, in Chinese and English.

This module is the single source of truth. Validation (`beltatlas.validate`), the loader
(`beltatlas.data`) and the "About the data" page all read it; nothing else declares a column.

A dataset is a folder with one file per table (CSV, XLSX or Parquet, named after the table, e.g.
`belts.csv`) plus a Frictionless-style manifest `datapackage.json` naming each table's source,
licence and provenance class.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

DType = Literal["string", "int", "float", "adcode", "year"]
ProvenanceClass = Literal["report", "official", "sample", "user"]

PROVENANCE_CLASSES: tuple[ProvenanceClass, ...] = ("report", "official", "sample", "user")

#: Years a dataset may carry. The report covers 2015–2021; official series run to 2024.
YEAR_MIN = 2000
YEAR_MAX = 2030

#: Regions of the provinces table (NBS four-region split; 港澳台 for the three units outside it).
REGIONS: tuple[str, ...] = ("东部", "中部", "西部", "东北", "港澳台")

#: Top-5 share bands named by the report (section "产业带品牌可分为区域品牌和企业品牌").
BANDS: tuple[str, ...] = ("low", "mid", "high")

#: File formats a table may come in.
TABLE_SUFFIXES: tuple[str, ...] = (".csv", ".xlsx", ".parquet")

MANIFEST_NAME = "datapackage.json"


@dataclass(frozen=True)
class Column:
    """One column of a table.

    `unit` is part of the name where it is money (`gmv_yuan`); `province_like` marks an adcode column
    that accepts any common way of naming a province (广东 / 广东省 / 粤 / Guangdong / 440000) and is
    normalised to the six-digit adcode.
    """

    name: str
    dtype: DType
    zh: str
    en: str
    unit: str = ""
    required: bool = True
    nullable: bool = False
    min: float | None = None
    max: float | None = None
    allowed: tuple[str, ...] | None = None
    province_like: bool = False


@dataclass(frozen=True)
class Table:
    """One table: its columns, its primary key and its default provenance class."""

    name: str
    zh: str
    en: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    provenance: ProvenanceClass
    #: (column, other table, other column): every non-null value must exist there.
    references: tuple[tuple[str, str, str], ...] = field(default_factory=tuple)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _year(name: str = "year") -> Column:
    return Column(name, "year", "年份", "Year", min=YEAR_MIN, max=YEAR_MAX)


def _province(name: str = "province_adcode", *, nullable: bool = False) -> Column:
    return Column(
        name,
        "adcode",
        "省级行政区代码（也接受 广东 / 广东省 / 粤 / Guangdong）",
        "Province adcode (also accepts 广东 / 广东省 / 粤 / Guangdong)",
        nullable=nullable,
        required=not nullable,
        province_like=True,
    )


_PROVENANCE_COL = Column(
    "provenance",
    "string",
    "该行的数据类别：report 报告 / sample 示例",
    "Provenance class of the row: report / sample",
    allowed=("report", "official", "sample", "user"),
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "provinces",
            "省级行政区",
            "Provincial units",
            key=("adcode",),
            provenance="official",
            columns=(
                Column("adcode", "adcode", "行政区划代码（六位）", "Administrative division code (6 digits)"),
                Column("name_zh", "string", "中文名称", "Chinese name"),
                Column("name_en", "string", "英文名称", "English name"),
                Column("short_zh", "string", "简称（如 粤）", "One-character abbreviation (e.g. 粤)"),
                Column("region", "string", "地区（东部/中部/西部/东北/港澳台）", "Region", allowed=REGIONS),
            ),
        ),
        Table(
            "categories",
            "二级类目",
            "Second-level categories",
            key=("category_l2",),
            provenance="report",
            columns=(
                Column("category_l2", "string", "二级类目", "Second-level category"),
                Column("category_l1", "string", "一级类目", "First-level category"),
                Column("name_en", "string", "英文名称", "English name"),
                Column(
                    "report_band",
                    "string",
                    "报告所列的Top5品牌规模区间（low ≤15% / mid 15–40% / high ≥40%；空=报告未列）",
                    "Top-5 band the report lists it in (low ≤15% / mid 15–40% / high ≥40%; empty = not listed)",
                    required=False,
                    nullable=True,
                    allowed=BANDS,
                ),
                _PROVENANCE_COL,
            ),
        ),
        Table(
            "belts",
            "产业带",
            "Industrial belts",
            key=("belt_id",),
            provenance="report",
            references=(
                ("province_adcode", "provinces", "adcode"),
                ("category_l2", "categories", "category_l2"),
            ),
            columns=(
                Column("belt_id", "string", "产业带标识（用于链接，如 shunde-appliances）", "Belt id (slug)"),
                Column("name_zh", "string", "中文名称", "Chinese name"),
                Column("name_en", "string", "英文名称", "English name"),
                _province(),
                Column("city_adcode", "adcode", "地级市代码", "Prefecture-level city adcode"),
                Column(
                    "county_adcode",
                    "adcode",
                    "区县代码（可空）",
                    "County adcode (may be empty)",
                    required=False,
                    nullable=True,
                ),
                Column("category_l1", "string", "一级类目", "First-level category"),
                Column("category_l2", "string", "二级类目", "Second-level category"),
                Column(
                    "lon",
                    "float",
                    "经度（区县或城市中心）",
                    "Longitude (county or city centroid)",
                    "°",
                    min=73,
                    max=136,
                ),
                Column(
                    "lat",
                    "float",
                    "纬度（区县或城市中心）",
                    "Latitude (county or city centroid)",
                    "°",
                    min=3,
                    max=54,
                ),
                _PROVENANCE_COL,
                Column(
                    "report_section",
                    "string",
                    "报告中提及该产业带的章节（示例产业带为空）",
                    "Report section that names the belt (empty for sample belts)",
                    required=False,
                    nullable=True,
                ),
            ),
        ),
        Table(
            "belt_gmv",
            "产业带成交规模",
            "Belt sales (GMV)",
            key=("belt_id", "year"),
            provenance="sample",
            references=(("belt_id", "belts", "belt_id"),),
            columns=(
                Column("belt_id", "string", "产业带标识", "Belt id"),
                _year(),
                Column("gmv_yuan", "float", "成交规模", "Sales (GMV)", "元", min=0),
                Column("merchants", "int", "商家数", "Merchants", "家", min=0),
            ),
        ),
        Table(
            "city_gmv",
            "城市产业带成交规模",
            "Belt sales by city",
            key=("city_adcode", "year"),
            provenance="sample",
            columns=(
                Column("city_adcode", "adcode", "地级市代码", "Prefecture-level city adcode"),
                _province(),
                _year(),
                Column("gmv_yuan", "float", "成交规模", "Sales (GMV)", "元", min=0),
            ),
        ),
        Table(
            "brand_sales",
            "品牌销售额",
            "Brand sales",
            key=("category_l2", "brand", "province_adcode", "year"),
            provenance="sample",
            references=(("category_l2", "categories", "category_l2"),),
            columns=(
                Column("category_l2", "string", "二级类目", "Second-level category"),
                Column("brand", "string", "品牌", "Brand"),
                _province(),
                _year(),
                Column("sales_yuan", "float", "销售额", "Sales", "元", min=0),
            ),
        ),
        Table(
            "report_facts",
            "报告数据",
            "Figures stated in the report",
            key=("fact_id",),
            provenance="report",
            columns=(
                Column("fact_id", "string", "事实标识", "Fact id"),
                Column("topic", "string", "主题", "Topic"),
                Column("label_zh", "string", "中文说明", "Label (Chinese)"),
                Column("label_en", "string", "英文说明", "Label (English)"),
                Column(
                    "value", "float", "数值（按报告原单位）", "Value (in the unit printed)", nullable=True
                ),
                Column(
                    "unit", "string", "单位（按报告原文）", "Unit as printed", required=False, nullable=True
                ),
                Column("value_text", "string", "报告原文写法", "Value as printed"),
                Column("period", "string", "时期", "Period", required=False, nullable=True),
                _province(nullable=True),
                Column("belt_id", "string", "相关产业带", "Belt concerned", required=False, nullable=True),
                Column(
                    "category_l2", "string", "相关类目", "Category concerned", required=False, nullable=True
                ),
                Column("section", "string", "报告章节标题", "Report section heading"),
                Column("quote", "string", "报告原句", "Quoted sentence"),
            ),
        ),
        Table(
            "official_stats",
            "官方统计",
            "Official statistics",
            key=("province_adcode", "year", "indicator"),
            provenance="official",
            columns=(
                Column(
                    "province_adcode",
                    "adcode",
                    "省级行政区代码（100000 = 全国）",
                    "Province adcode (100000 = national)",
                    province_like=True,
                ),
                _year(),
                Column("indicator", "string", "指标代码", "Indicator code"),
                Column("value", "float", "数值", "Value"),
                Column("unit", "string", "单位", "Unit"),
                Column("source", "string", "来源", "Source"),
                Column(
                    "coverage",
                    "string",
                    "覆盖范围：complete 全部省份 / partial 仅部分省份有数（空 = complete）",
                    "Coverage: complete (every province) / partial (only some provinces reported; empty = complete)",
                    required=False,
                    nullable=True,
                    allowed=("complete", "partial"),
                ),
            ),
        ),
    )
}

#: Money columns: negative values are rejected.
MONEY_COLUMNS: frozenset[str] = frozenset(
    c.name for t in TABLES.values() for c in t.columns if c.unit == "元"
)

#: Adcode of the whole country in `official_stats`.
NATIONAL_ADCODE = 100000


def table_for_file(stem: str) -> Table | None:
    """The table a file named `stem` (without suffix) holds, or None."""
    return TABLES.get(stem.strip().lower())
