"""The report's qualitative claims about places, as data the pages can check against any dataset.

Each claim carries the sentence it comes from (section "中国数字化产业带分布情况").
"""

from __future__ import annotations

from dataclasses import dataclass

SECTION_DISTRIBUTION = "中国数字化产业带分布情况"

#: 粤、浙、沪、苏、闽、京、鲁、冀、皖、赣 — the ten core provinces, in the report's order.
CORE_PROVINCES: tuple[int, ...] = (
    440000,
    330000,
    310000,
    320000,
    350000,
    110000,
    370000,
    130000,
    340000,
    360000,
)
CORE_PROVINCES_QUOTE = (
    "根据“天猫淘宝平台”商家成交规模数据看，粤、浙、沪、苏、闽、京、鲁、冀、皖、赣是我国十大核心产地，"
    "成交规模大，产业带分布密集。"
)

#: 沪、闽、冀、赣 grew fastest among the ten.
FAST_GROWING_PROVINCES: tuple[int, ...] = (310000, 350000, 130000, 360000)
#: 北、杭、广、深 lead by scale (city adcodes as in geo/: 北京 110100, 杭州, 广州, 深圳).
LEADING_CITIES: tuple[int, ...] = (110100, 330100, 440100, 440300)
#: 上海、北京、佛山、泉州 rose (gained share of national belt scale).
RISING_CITIES: tuple[int, ...] = (310100, 110100, 440600, 350500)
CITIES_QUOTE = (
    "10大产地的核心产业中，沪、闽、冀、赣增速显著，发展潜力十足；北、杭、广、深成为规模领先的产业带城市，"
    "近年来上海、北京、佛山、泉州的发展表现亮眼。"
)

#: report_facts shown as the headline numbers on the overview, in order (missing ids are skipped).
HEADLINE_FACTS: tuple[str, ...] = (
    "manufacturing-value-added-2020",
    "trade-goods-total-2021h1",
    "luosifen-bagged-output-2020",
    "huiju-local-governments-past-year",
)

# --- The report's cases and its four brand-building paths ----------------------------------------

#: The four paths of "企业品牌的数字化运营矩阵", in the report's order (section "聚划算助力不同发展阶段的企业
#: 构建品牌数字化运营路径"). Codes are stable URL values (`?path=factory`).
BRAND_PATHS: tuple[str, ...] = ("factory", "offline", "waist", "head")
#: The heading of each path's worked example, as printed (each is a section heading of the report).
BRAND_PATH_SECTIONS: dict[str, str] = {
    "factory": "工厂型企业品牌化转型：以广东口腔产业带——博皓为例",
    "offline": "线下品牌数字化上翻：以福建糕点产业带——三味酥屋为例",
    "waist": "腰部企业跻身头部：以福鼎白茶产业带——馥益堂为例",
    "head": "头部品牌国际化：以山东玻尿酸产业带——润百颜为例",
}
#: Groups of the report's regional-brand cases (the part "政企联动，构建区域品牌生态").
CASE_GROUPS: tuple[str, ...] = ("regional", "festival", "leading", *BRAND_PATHS)


@dataclass(frozen=True)
class Case:
    """One case the report tells: a belt, optionally one brand of it, with the sentence that introduces it.

    A brand (博皓, 三味酥屋, 馥益堂, 润百颜) is a case linked to its belt; it has no sales series of its
    own — only the figures the report states, which are `report_facts` rows (`fact_ids`).
    """

    case_id: str
    belt_id: str
    group: str
    section: str
    quote: str
    brand_zh: str = ""
    brand_en: str = ""
    fact_ids: tuple[str, ...] = ()


CASES: tuple[Case, ...] = (
    Case(
        "liuzhou-luosifen",
        "liuzhou-luosifen",
        "regional",
        "区域品牌提升产业带竞争力和知名度",
        "广西螺蛳粉区域品牌的破圈，带动了其产业销售井喷。",
        fact_ids=(
            "luosifen-belt-headline-scale",
            "luosifen-bagged-output-2020",
            "luosifen-bagged-output-growth-2020",
            "luosifen-online-spend-growth",
            "luosifen-bagged-output-footnote",
            "luosifen-bagged-output-growth-footnote",
        ),
    ),
    Case(
        "guangzhou-oral-care",
        "guangzhou-oral-care",
        "regional",
        "区域品牌提升产业带竞争力和知名度",
        "此外，以安溪铁观音和广州口腔为代表的产业带异军突起，品牌价值迅速塑造，品牌知名度快速提升。",
        fact_ids=("guangzhou-oral-care-growth",),
    ),
    Case(
        "anxi-tieguanyin",
        "anxi-tieguanyin",
        "regional",
        "区域品牌提升产业带竞争力和知名度",
        "此外，以安溪铁观音和广州口腔为代表的产业带异军突起，品牌价值迅速塑造，品牌知名度快速提升。",
        fact_ids=("anxi-tieguanyin-national-rank",),
    ),
    Case(
        "shandong-hyaluronic",
        "shandong-hyaluronic",
        "regional",
        "区域品牌提升产业带竞争力和知名度",
        "如医美赛道“高能玩家”山东玻尿酸产业带和夜生活“老司机”江苏灌云情趣内衣产业带。",
    ),
    Case(
        "guanyun-lingerie",
        "guanyun-lingerie",
        "regional",
        "区域品牌提升产业带竞争力和知名度",
        "如医美赛道“高能玩家”山东玻尿酸产业带和夜生活“老司机”江苏灌云情趣内衣产业带。",
    ),
    Case(
        "lipu-hangers",
        "lipu-hangers",
        "festival",
        "区域消费节庆活动带动产业带区域品牌影响力",
        "广西“33消费节”消费节庆品牌的出圈，提高了荔浦衣架、广西桂酒等区域品牌的知名度。",
        fact_ids=("campaign-guangxi-lipu-hangers-growth", "campaign-guangxi-lipu-hangers-top5"),
    ),
    Case(
        "fujian-pastry",
        "fujian-pastry",
        "festival",
        "区域消费节庆活动带动产业带区域品牌影响力",
        "其中，汇聚为政府决策提供支撑，围绕着福建糕点这一优势产业，从“研发-生产-营销”全流程打造特色品牌。",
        fact_ids=("campaign-fujian-pastry-growth",),
    ),
    Case(
        "shunde-appliances",
        "shunde-appliances",
        "leading",
        "推动集群内龙头企业率先转型，打造产业数字化升级核心引擎",
        "广东顺德和江苏常熟充分发挥龙头企业“带头作用”，助力产业带整体销售爆发增长。",
        fact_ids=("case-shunde-midea-rank", "case-shunde-galanz-rank", "campaign-shunde-growth"),
    ),
    Case(
        "changshu-apparel",
        "changshu-apparel",
        "leading",
        "推动集群内龙头企业率先转型，打造产业数字化升级核心引擎",
        "广东顺德和江苏常熟充分发挥龙头企业“带头作用”，助力产业带整体销售爆发增长。",
        fact_ids=(
            "case-changshu-market-rank",
            "case-changshu-bosideng-rank",
            "campaign-changshu-events-2021",
            "campaign-changshu-orders-growth-2021",
        ),
    ),
    Case(
        "bohao",
        "guangzhou-oral-care",
        "factory",
        BRAND_PATH_SECTIONS["factory"],
        "作为全球知名的口腔护理产品制造商，瑞圣特科技为国内外众多知名品牌提供ODM[19]/OEM[20]服务。",
        brand_zh="博皓（prooral）",
        brand_en="Bohao (prooral)",
        fact_ids=(
            "case-bohao-brand-launch",
            "case-bohao-ecommerce-start",
            "case-bohao-juhuasuan-2020",
            "case-bohao-rank-jump",
            "case-bohao-top5",
        ),
    ),
    Case(
        "sanweisuwu",
        "fujian-pastry",
        "offline",
        BRAND_PATH_SECTIONS["offline"],
        "三味酥屋品牌成立于2015年，前期主营线下旅游行业伴手礼，创新传统糕点工艺，配合文创书盒包装，"
        "打造“一本书一座城一款酥”的城市特色点心。",
        brand_zh="三味酥屋",
        brand_en="Sanweisuwu",
        fact_ids=(
            "case-sanweisuwu-founded",
            "case-sanweisuwu-digital-shift",
            "case-sanweisuwu-target-age-min",
            "case-sanweisuwu-target-age-max",
            "case-sanweisuwu-juhuasuan-2021-04",
            "case-sanweisuwu-avocado-pastry-campaign-sales",
            "case-sanweisuwu-sales-2020",
            "case-sanweisuwu-avocado-pastry-cumulative",
        ),
    ),
    Case(
        "fuyitang",
        "fuding-white-tea",
        "waist",
        BRAND_PATH_SECTIONS["waist"],
        "基于白茶细分类目偏小众，且产品同质化竞争激烈的市场环境，馥益堂通过打造区隔化内容提升流量价值、"
        "沉淀客户留存，进而逐步塑造出自身企业品牌的独特文化。",
        brand_zh="馥益堂",
        brand_en="Fuyitang",
        fact_ids=(
            "case-fuyitang-juhuasuan-2020",
            "case-fuyitang-white-tea-rank",
            "case-fuyitang-tea-rank-jump",
        ),
    ),
    Case(
        "runbaiyan",
        "shandong-hyaluronic",
        "head",
        BRAND_PATH_SECTIONS["head"],
        "作为全球玻尿酸领导者华熙生物旗下第一品牌，润百颜的品牌打造方式，遵从其品牌价值观，形成了一套完整链路，"
        "即高端化品牌定位——爆款产品打造——全域营销投放。",
        brand_zh="润百颜",
        brand_en="Runbaiyan",
        fact_ids=("case-runbaiyan-hit-products-sales", "case-runbaiyan-618-2021-rank"),
    ),
)
