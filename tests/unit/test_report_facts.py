"""`data/report_facts.csv` holds every figure the report text states, each traceable to the text.

The report text is the repo copy `data/reference/2021-digital-industrial-belt-report.txt` (byte-identical
to the project's shared reference). Tests read only files inside the repo.

Coverage is checked by position: every number occurrence in the text (digits, decimals and Chinese numeral
words) must lie inside an occurrence of some fact's quote *and* be carried by that fact (inside its
value_text there, or named in its period or label), or lie inside a match of an EXCLUSIONS pattern.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import pytest

from beltatlas.schema import TABLES

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "data" / "reference" / "2021-digital-industrial-belt-report.txt"
FACTS = ROOT / "data" / "report_facts.csv"
PROVINCES = ROOT / "data" / "provinces.csv"

TOPICS = frozenset(
    {
        "manufacturing",
        "trade",
        "guohuo",
        "consumer",
        "case",
        "market",
        "market_company",
        "exhibition",
        "campaign",
        "huiju",
        "band",
        "policy",
    }
)

BELT_IDS = frozenset(
    {
        "shunde-appliances",
        "changshu-apparel",
        "liuzhou-luosifen",
        "guangzhou-oral-care",
        "anxi-tieguanyin",
        "fuding-white-tea",
        "jinjiang-baby",
        "fuqing-eel",
        "lipu-hangers",
        "yongkang-massage-guns",
        "quanzhou-menswear",
        "xintang-denim",
        "guizhou-baijiu",
        "fujian-pastry",
        "shandong-hyaluronic",
        "guanyun-lingerie",
        "jingdezhen-porcelain",
        "xihu-longjing",
        "haining-leather",
        "keqiao-textiles",
        "yiwu-small-commodities",
        "huaqiangbei-electronics",
        "shishi-casualwear",
        "guangzhou-apparel",
    }
)

#: The three Top-5 bands as band rows write them -> the ways the report prints them.
BAND_FORMS: dict[str, tuple[str, ...]] = {
    "≤15%": (r"$\leq 15\%$", "≤15%"),
    "15%-40%": (r"$15\%-40\%$", "15-40%"),
    "≥40%": (r"$\geq 40\%$", "≥40%"),
}

#: Second-level categories the report lists per band.
BAND_CATEGORIES: dict[str, frozenset[str]] = {
    "≤15%": frozenset({"美妆", "日用百货"}),
    "15%-40%": frozenset(
        {
            "铂金pt",
            "酒类",
            "金饰品",
            "钻石首饰",
            "小家电",
            "影音产品",
            "办公用品耗材",
            "电子电工",
            "鞋帽配饰类",
            "坚果零食类",
        }
    ),
    "≥40%": frozenset({"手机", "汽车", "大家电"}),
}

#: A number occurrence: Arabic digits (with decimals) or a run of Chinese numerals (incl. 三分之一).
NUMBER = re.compile(r"\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万亿]+(?:分之[一二三四五六七八九十]+)?")

#: Heading-like lines that caption a chart or table (images in the report); never a fact's section.
CAPTION = re.compile(
    r"^(?:\d{4}(?:-\d{4})?年|MAT|Top5|每年)[^，]*(?:趋势|情况|数量|二级类目|\(单位: [^)]*\))$"
)

#: Decorations the PDF extraction put in front of (or around) some heading lines.
HEADING_MARKERS = re.compile(r"^(?:I |• |- \*\*)|\*\*$")

# Numbers in the text that are not figures. Each entry is (regex, reason); a number occurrence lying inside
# a match (re.MULTILINE) is excluded. Every entry must exclude at least one occurrence.
EXCLUSIONS: tuple[tuple[str, str], ...] = (
    # --- footnotes, titles, list markers ---
    (r"\[\d{1,2}\]", "footnote markers ^[n], [n] and the labels of the footnote lines"),
    (r"^2021 中国数字化 产业带报告$", "the report's title (cover page)"),
    (r"^1、", "list numbering"),
    (r"《2020中国产业带数字化发展报告》", "year inside the title of a cited report"),
    (r"2020年中国专业市场行业发展现状", "year inside the title of a cited article (note 12)"),
    # --- chart and table captions (the charts are images; their years are axis ranges, not figures) ---
    (r"^产业带规模（亿元）$", "axis label of a map chart (image)"),
    (r"^\d{4}-\d{4}年[^\n]*(?:趋势|情况)$", "caption of a chart (image); years give its axis range"),
    (r"^MAT2020-2021线上国货消费规模趋势$", "caption of a chart (image)"),
    (r"^2020年新增小微企业数量$", "caption of a chart (image)"),
    (
        r"^2020年上半年中国专业市场代表企业业绩情况 \(单位: 亿元, %\)$",
        "caption of the market-company table; its period and units are recorded on each market_company fact",
    ),
    (r"^\| 公司名称 \|[^\n]*$", "header row of the market-company table (units only)"),
    (
        r"^Top5品牌规模≤15%的二级类目$",
        "heading of a category list printed as an image; the ≤15% threshold is taken from the sentence",
    ),
    (
        r"^Top5品牌规模≥40%的二级类目$",
        "heading of a category list printed as an image; the ≥40% threshold is taken from the sentence",
    ),
    # --- headings and rhetoric ---
    (r"^2020年来,我国制造业发展稳中有进,出口贸易表现良好$", "section heading; the year frames the section"),
    (r"^2020年疫情对专业市场经营情况造成冲击", "section heading; the year frames the section"),
    (r"三大重要因素", "heading's count of the three factors it names, not a statistic"),
    (r"四个方面", "enumeration of the four value dimensions named in the sentence"),
    (
        r"十大核心产地|10大产地",
        "'top ten' names the group of ten origins listed by name; a label, not a measure",
    ),
    (r"第四消费时代", "name of a concept (the 'fourth consumption era')"),
    (r"过去一年,面对严峻", "narrative time phrase of a sentence that states no figure"),
    (r"唯一", "'the only' — a qualitative claim, no figure"),
    (r"从0-1", "idiom 'from zero to one'"),
    # --- names ---
    (r"\(Top5\)|Top5品牌规模", "'Top5' names the concentration measure (share of the five leading brands)"),
    (r"天猫618", "Tmall 618 (18 June) shopping festival: an event name"),
    (r"33消费节", "name of Guangxi's '33' consumption festival"),
    (r"55购物节", "name of Shanghai's '55' shopping festival"),
    (r"三味酥屋", "brand name"),
    (r"润百颜", "brand name"),
    (r"七匹狼", "brand name"),
    (r"第一财经", "publisher name (CBNData)"),
    (r"百度百科", "source name (Baidu Baike)"),
    (r"神舟十二", "name of a spacecraft"),
    (r"旗下第一品牌", "'flagship brand' of its parent company, not a ranking"),
    (r"“全球玻尿酸第一品牌”", "the brand's positioning slogan, not a ranking"),
    (r"一本书一座城一款酥", "the brand's slogan"),
    # --- ordinary words that contain numeral characters ---
    (r"进一步", "word: 'further'"),
    (r"一系列", "word: 'a series of'"),
    (r"之一", "word: 'one of'"),
    (r"一度", "word: 'at one point'"),
    (r"一[种些批套代]", "word: 'a kind / some / a batch / a set / a generation'"),
    (r"一道光|一波波|一大出口|一人食", "figurative or product wording"),
    (r"同一|某一类|这一", "word: 'the same / a certain / this'"),
    (r"一级", "'county level' (administrative level)"),
    (r"二级类目", "'second-level category' (taxonomy level)"),
    (r"第二梯队", "'second tier' of brands"),
    (r"百货", "word: 'general merchandise'"),
    (r"零食|零售", "words: 'snacks', 'retail'"),
    (r"十足", "word: 'full'"),
    (r"亿元以上", "part of the NBS category name 'markets with turnover above 100 million yuan'"),
)


@cache
def report() -> str:
    return REPORT.read_text(encoding="utf-8")


@cache
def facts() -> tuple[dict[str, str], ...]:
    with FACTS.open(encoding="utf-8", newline="") as f:
        return tuple(csv.DictReader(f))


def occurrences(haystack: str, needle: str) -> list[int]:
    out, i = [], haystack.find(needle)
    while i >= 0:
        out.append(i)
        i = haystack.find(needle, i + 1)
    return out


def heading_lines() -> list[tuple[int, str]]:
    """(position, text) of every line that looks like a heading, its decoration stripped."""
    out, pos = [], 0
    for line in report().split("\n"):
        text = HEADING_MARKERS.sub("", line.strip()).strip()
        if (
            text
            and len(text) <= 45
            and "。" not in text
            and not text.endswith(("；", ";"))
            and not text.startswith(("[", "|", "数据来源", "资料来源", "数据说明"))
        ):
            out.append((pos, text))
        pos += len(line) + 1
    return out


def number_key(token: str) -> str:
    """Compare integers without leading zeros (the period "2021-01" names the "1" of "2021年1月")."""
    return str(int(token)) if token.isdigit() else token


def carried_tokens(fact: dict[str, str]) -> set[str]:
    return {number_key(m.group()) for m in NUMBER.finditer(fact["period"] + " " + fact["label_zh"])}


def carried_spans(fact: dict[str, str], start: int) -> list[tuple[int, int]]:
    """Spans (absolute positions) inside the quote occurrence at `start` that print the fact's figure."""
    forms = BAND_FORMS.get(fact["value_text"], ()) if fact["topic"] == "band" and not fact["value"] else ()
    spans = []
    for form in (fact["value_text"], *forms):
        spans += [(start + i, start + i + len(form)) for i in occurrences(fact["quote"], form)]
    return spans


def number_occurrences() -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in NUMBER.finditer(report())]


def excluded_spans() -> list[tuple[int, int, str]]:
    return [
        (m.start(), m.end(), pattern)
        for pattern, _ in EXCLUSIONS
        for m in re.finditer(pattern, report(), re.MULTILINE)
    ]


def covered(start: int, end: int, token: str) -> bool:
    key = number_key(token)
    for fact in facts():
        for q in occurrences(report(), fact["quote"]):
            if not (q <= start and end <= q + len(fact["quote"])):
                continue
            if key in carried_tokens(fact):
                return True
            if any(s <= start and end <= e for s, e in carried_spans(fact, q)):
                return True
    return False


# --- the reference copy --------------------------------------------------------------------------------


def test_reference_copy_is_present_and_utf8():
    text = report()
    assert "2021 中国数字化 产业带报告" in text
    assert "265944亿元" in text


def test_table_columns_follow_the_schema():
    with FACTS.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert tuple(header) == TABLES["report_facts"].column_names


# --- 1. every row is traceable to the text ---------------------------------------------------------------


@pytest.mark.parametrize("fact", facts(), ids=lambda f: f["fact_id"])
def test_quote_value_text_and_section_are_in_the_text(fact):
    text, quote = report(), fact["quote"]
    positions = occurrences(text, quote)
    assert positions, f"quote not found verbatim: {quote!r}"
    assert "\n" not in quote
    assert not re.search(r"[。；](?=.)", quote), "a quote is at most one sentence"

    if fact["topic"] == "band" and not fact["value"]:
        band = fact["value_text"]
        assert band in BAND_FORMS, band
        assert any(form in quote for form in BAND_FORMS[band]), "band as printed must be in the quote"
        assert fact["category_l2"] in BAND_CATEGORIES[band]
        block = text[positions[0] : text.find("\n\n[", positions[0])]
        assert fact["category_l2"] in quote or fact["category_l2"] in block.split("\n"), fact["category_l2"]
    else:
        spans = [i for i in occurrences(quote, fact["value_text"])]
        assert spans, f"value_text {fact['value_text']!r} not in quote"
        # not a piece of a longer number (e.g. "10" inside "105.60")
        vt = fact["value_text"]
        assert any(
            not (i > 0 and re.match(r"[\d.]", quote[i - 1]) and re.match(r"[\d.]", vt[0]))
            and not (i + len(vt) < len(quote) and re.match(r"[\d.]", quote[i + len(vt)]) and vt[-1].isdigit())
            for i in spans
        ), f"value_text {vt!r} only occurs inside a longer number"

    headings = [pos for pos, h in heading_lines() if h == fact["section"]]
    assert headings, f"section is not a heading line: {fact['section']!r}"
    assert min(headings) < positions[0], "section heading must come before the quote"
    above = [h for pos, h in heading_lines() if pos < positions[0] and not CAPTION.search(h)]
    assert above[-1] == fact["section"], f"nearest section heading above the quote is {above[-1]!r}"


# --- 2. keys and codes -----------------------------------------------------------------------------------


def test_fact_ids_are_unique_slugs():
    ids = [f["fact_id"] for f in facts()]
    assert len(ids) == len(set(ids))
    for fid in ids:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", fid), fid


def test_topics_values_codes_and_belts():
    with PROVINCES.open(encoding="utf-8", newline="") as f:
        adcodes = {row["adcode"] for row in csv.DictReader(f)}
    for fact in facts():
        assert fact["topic"] in TOPICS, fact["fact_id"]
        if fact["value"]:
            float(fact["value"])  # numeric
        assert fact["value_text"], fact["fact_id"]
        assert fact["label_zh"] and fact["label_en"], fact["fact_id"]
        code = fact["province_adcode"]
        assert code == "" or (re.fullmatch(r"\d{6}", code) and code in adcodes), fact["fact_id"]
        assert fact["belt_id"] == "" or fact["belt_id"] in BELT_IDS, fact["fact_id"]


def test_every_band_category_has_one_row_and_thresholds_exist():
    rows = [f for f in facts() if f["topic"] == "band" and not f["value"]]
    got = {f["category_l2"]: f["value_text"] for f in rows}
    assert len(got) == len(rows)
    assert got == {c: band for band, cats in BAND_CATEGORIES.items() for c in cats}
    thresholds = sorted(float(f["value"]) for f in facts() if f["topic"] == "band" and f["value"])
    assert thresholds == [15.0, 40.0]


# --- 3. completeness -------------------------------------------------------------------------------------


def test_every_number_in_the_text_is_covered_or_excluded():
    excluded = excluded_spans()
    missing = []
    for start, end, token in number_occurrences():
        if any(s <= start and end <= e for s, e, _ in excluded):
            continue
        if not covered(start, end, token):
            line = report().count("\n", 0, start) + 1
            missing.append(f"line {line}: {token!r} in …{report()[max(0, start - 15) : end + 15]!r}…")
    assert not missing, "numbers neither extracted nor excluded:\n" + "\n".join(missing)


def test_every_exclusion_is_used_and_explained():
    numbers = number_occurrences()
    for pattern, reason in EXCLUSIONS:
        assert reason.strip(), pattern
        spans = [(m.start(), m.end()) for m in re.finditer(pattern, report(), re.MULTILINE)]
        assert any(s <= a and b <= e for s, e in spans for a, b, _ in numbers), (
            f"unused exclusion {pattern!r}"
        )


def test_exclusions_do_not_hide_extracted_figures():
    """No number printed in a fact's value_text sits inside an exclusion."""
    excluded = excluded_spans()
    for fact in facts():
        for q in occurrences(report(), fact["quote"]):
            for s, e in carried_spans(fact, q):
                assert not any(a <= s and e <= b for a, b, _ in excluded), fact["fact_id"]


# --- 4. spot checks --------------------------------------------------------------------------------------


def by_id() -> dict[str, dict[str, str]]:
    return {f["fact_id"]: f for f in facts()}


@pytest.mark.parametrize(
    ("fact_id", "value", "unit"),
    [
        ("manufacturing-value-added-2020", 265944, "亿元"),
        ("manufacturing-value-added-growth-2020", 2.3, "%"),
        ("manufacturing-share-of-economy-2020", 26.18, "%"),
        ("trade-goods-total-2021h1", 18.07, "万亿元"),
        ("trade-goods-growth-2021h1", 27.1, "%"),
        ("luosifen-bagged-output-2020", 105.60, "亿元"),
        ("luosifen-online-spend-growth", 780, "%"),
        ("luosifen-bagged-output-growth-footnote", 68.80, "%"),
        ("market-count-2019", 2843, "个"),
        ("market-count-growth-2019", -6.5, "%"),
        ("market-company-keqiao-revenue-2020h1", 40601.16, "亿元"),
        ("market-company-haining-revenue-2020h1", 77264.16, "亿元"),
        ("market-company-yiwu-revenue-2020h1", 212144.88, "亿元"),
        ("market-company-huaqiang-revenue-2020h1", 652298.35, "亿元"),
        ("market-company-seg-revenue-2020h1", 77689.31, "亿元"),
        ("market-company-keqiao-revenue-yoy-2020h1", -17.35, "%"),
        ("exhibition-severe-impact-share-2020", 91.82, "%"),
        ("campaign-fujian-pastry-growth", 34, "倍"),
        ("campaign-shunde-growth", 114, "%"),
        ("campaign-changshu-orders-growth-2021", 12, "倍"),
        ("campaign-guangxi-guijiu-growth", 230, "%"),
        ("campaign-guangxi-lipu-hangers-growth", 60, "倍"),
        ("huiju-new-merchants-past-year", 1.8, "万家"),
        ("huiju-firms-digital-marketing-end", 25000, "家"),
    ],
)
def test_spot_checks(fact_id, value, unit):
    fact = by_id()[fact_id]
    assert float(fact["value"]) == pytest.approx(value)
    assert fact["unit"] == unit


def test_spot_check_printed_forms():
    f = by_id()
    assert f["luosifen-bagged-output-2020"]["value_text"] == "105.60亿元"
    assert f["luosifen-bagged-output-2020"]["period"] == "2020-12-17"
    assert f["market-company-keqiao-revenue-yoy-2020h1"]["value_text"] == "-17.35%"
    assert f["market-company-haining-operating-profit-yoy-2020h1"]["value_text"] == "-21.95"
    assert f["campaign-guangxi-lipu-hangers-growth"]["value_text"] == "近60倍"
    assert f["consumer-flagship-store-preference"]["value"] == "25"
    assert sum(1 for x in facts() if x["topic"] == "market_company") == 20
