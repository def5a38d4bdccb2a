from beltatlas.provenance import Provenance, badge_markdown, combine, escape_markdown, quotes_markdown


def test_badge_names_class_meaning_and_source_in_each_language():
    prov = Provenance("sample", "beltatlas.sample (seed 2021)")
    zh = badge_markdown(prov, "zh")
    en = badge_markdown(prov, "en")
    assert zh.startswith(":orange-badge[示例]") and "并非真实" in zh and "seed 2021" in zh
    assert en.startswith(":orange-badge[Sample]") and "not real" in en


def test_every_class_has_its_own_colour():
    labels = {
        badge_markdown(Provenance(c), "zh").split("]")[0] for c in ("report", "official", "sample", "user")
    }
    assert len(labels) == 4


def test_quotes_are_escaped_so_latex_and_html_show_literally():
    prov = Provenance("report", "", (("章节", "头部品牌销售规模 $\\leq 15\\%$ 的产业带 <img src=x>"),))
    text = quotes_markdown(prov, "zh")
    assert "\\$" in text and "\\<img" in text
    assert "— 章节：章节" in text


def test_escape_markdown_neutralises_links_and_badges():
    assert escape_markdown("[x](http://a)") == r"\[x\]\(http\://a\)"
    assert escape_markdown(":red-badge[x]").startswith("\\:red\\-badge\\[")


def test_combine_keeps_first_of_each_class_and_source():
    a, b = Provenance("sample", "gen"), Provenance("report", "text")
    assert combine(a, b, Provenance("sample", "gen")) == (a, b)
