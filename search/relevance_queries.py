"""A labelled query set over the demo content: what a worker types, and the pages that must come back.

Each entry is ``(query, [titles that should be among the first ten results])``. The titles are the demo
content's (see the ``demo`` modules). ``search/tests/test_relevance.py`` checks recall@10 of each group
(``QUERY_GROUPS``: simplified, traditional, pinyin, initials, synonym, typo) stays at or above 0.95, and
precision@3 of the short queries (``SHORT_QUERIES``) at or above 0.9; run it after changing the analysers, the
field weights or the demo content. The queries
cover what the issue asks the analysis to handle: two- and three-character Chinese words, phrases that cross
field boundaries, Latin letters and digits inside Chinese ("e有绝活", "550场"), district and speaker names.
"""

RELEVANCE_QUERIES = [
    # reading rooms (职工书屋)
    ("书屋", ["职工书屋", "职工书屋向规范化、便捷化、电子化升级"]),
    ("职工书屋示范点", ["职工书屋向规范化、便捷化、电子化升级", "职工书屋"]),
    ("全国示范点", ["荆江汽车零部件有限公司职工书屋", "江汉石油装备厂职工书屋"]),
    ("沙市区书屋", ["荆江汽车零部件有限公司职工书屋", "荆州纺织印染公司职工书屋"]),
    ("松滋", ["松滋市总工会职工书屋"]),
    ("骑手之家", ["洪湖市网约送餐员“骑手之家”书屋"]),
    (
        "劳模讲书",
        [
            "劳模讲书：工匠的成长（江汉石油装备厂职工书屋）",
            "劳模讲书：工匠的成长（荆州纺织印染公司职工书屋）",
            "劳模讲书：工匠的成长（松滋市总工会职工书屋）",
            "劳模讲书：工匠的成长（公安县职工服务中心书屋）",
            "劳模讲书：工匠的成长（监利市职工书屋）",
        ],
    ),
    (
        "亲子共读",
        [
            "亲子共读周末（荆州纺织印染公司职工书屋）",
            "亲子共读周末（公安县职工服务中心书屋）",
            "亲子共读周末（洪湖市网约送餐员“骑手之家”书屋）",
        ],
    ),
    # festivals
    ("艺术节", ["荆江之春职工艺术节（2022）"]),
    ("体育节", ["荆江之秋职工体育节（2022）"]),
    ("荆江之春", ["荆江之春职工艺术节（2022）"]),
    ("书画摄影展", ["荆江之春职工艺术节（2022）"]),
    ("拔河", ["荆江之秋职工体育节（2022）"]),
    # lecture tours
    ("进车间", ["“喜迎二十大 建功新时代”宣讲进车间进班组", "职工素质提升大讲堂进企业"]),
    ("进班组", ["“喜迎二十大 建功新时代”宣讲进车间进班组", "职工素质提升大讲堂进企业"]),
    ("大讲堂", ["职工素质提升大讲堂进企业", "大讲堂一年走进基层550场，20多万职工在身边听宣讲"]),
    ("550场次", ["大讲堂一年走进基层550场，20多万职工在身边听宣讲", "职工素质提升大讲堂进企业"]),
    ("宣讲", ["职工素质提升大讲堂进企业", "“喜迎二十大 建功新时代”宣讲进车间进班组"]),
    # video contests and entries
    ("e有绝活", ["“e有绝活”全市职工短视频征集"]),
    ("微视频", ["“劳动颂歌献给党”职工原创微视频征集", "职工原创微视频征集收官：全网关注度达93.3万人次"]),
    ("93.3万人次", ["职工原创微视频征集收官：全网关注度达93.3万人次"]),
    ("焊花", ["焊花里的青春"]),
    ("叉车", ["叉车叠杯子"]),
    ("安全帽", ["安全帽下的笑脸"]),
    ("老电工", ["听声辨故障的老电工"]),
    ("0.02毫米", ["一刀切出0.02毫米"]),
    ("码头", ["凌晨四点的码头"]),
    ("纺纱车间", ["三秒穿针：纺纱车间的手上功夫"]),
    ("骑手", ["骑手的一天", "洪湖市网约送餐员“骑手之家”书屋"]),
    ("张建国", ["劳模的笔记本", "职工素质提升大讲堂进企业"]),
    # news features
    ("送清凉", ["高温里的一瓶水：“送清凉”慰问职工90151人次"]),
    ("清凉驿站", ["高温里的一瓶水：“送清凉”慰问职工90151人次", "清凉驿站的夏天"]),
    ("助学金", ["193万元助学金帮助544个困难职工家庭"]),
    ("劳动争议调解", ["“法院+工会”诉调对接全覆盖：调解员队伍33人"]),
    ("技能竞赛", ["70多个竞赛项目，40多万名职工同台比技能"]),
    ("创新工作室", ["22家创新工作室、65项创新成果：工匠在这里成长", "创新工作室的一天"]),
    ("五一劳动奖", ["五一劳动奖名单揭晓：市级48个，劳模疗休养145人"]),
    ("网约送餐员", ["全省率先：网约送餐员有了自己的工会联合会", "洪湖市网约送餐员“骑手之家”书屋"]),
    (
        "司机之家",
        [
            "道路运输与物流工会联合会成立，新建“司机之家”5家",
            "长江港口物流集团“司机之家”书屋",
            "货车司机之家",
        ],
    ),
    ("母婴室", ["73家爱心驿站、55家母婴室：服务阵地建在职工身边", "母婴室里的温暖"]),
    ("创业贷款", ["工会会员小额创业担保贷款累计发放757笔"]),
    ("健步走", ["一万三千余名职工同走一条路：健步走活动侧记"]),
    ("工会干部培训", ["全年培训基层工会干部3000多人次"]),
    ("单身职工交友", ["45场交友活动，5000多人次单身职工参加"]),
]


def traditional(query):
    """The query as a worker in Hong Kong or Taiwan (or on a traditional-script keyboard) types it."""
    import zhconv

    return zhconv.convert(query, "zh-hant")


# The same questions in traditional characters (職工書屋, 藝術節, 勞模講書 ...): the same pages must come back.
TRADITIONAL_QUERIES = [(traditional(query), expected) for query, expected in RELEVANCE_QUERIES]

ROOMS = ["职工书屋", "职工书屋向规范化、便捷化、电子化升级"]
LABOUR_MODEL_TALKS = [
    "劳模讲书：工匠的成长（江汉石油装备厂职工书屋）",
    "劳模讲书：工匠的成长（荆州纺织印染公司职工书屋）",
    "劳模讲书：工匠的成长（松滋市总工会职工书屋）",
]

# Typed in pinyin on a phone: whole words, with or without spaces; polyphones read as the word reads them
# (长江 changjiang, not zhangjiang).
PINYIN_QUERIES = [
    ("shuwu", ROOMS),
    ("zhigongshuwu", ROOMS),
    ("zhigong shuwu", ROOMS),
    ("yishujie", ["荆江之春职工艺术节（2022）"]),
    ("tiyujie", ["荆江之秋职工体育节（2022）"]),
    ("changjiang", ["长江港口物流集团“司机之家”书屋"]),
    ("zhangjianguo", ["劳模的笔记本", "职工素质提升大讲堂进企业"]),
    ("songzi", ["松滋市总工会职工书屋"]),
    ("hanhua", ["焊花里的青春"]),
    ("chache", ["叉车叠杯子"]),
    ("qishou", ["骑手的一天", "洪湖市网约送餐员“骑手之家”书屋"]),
    ("laomojiangshu", LABOUR_MODEL_TALKS),
    ("muyingshi", ["母婴室里的温暖"]),
]

# The initials of a name or word.
INITIALS_QUERIES = [
    ("zgsw", ROOMS),
    ("ysj", ["荆江之春职工艺术节（2022）"]),
    ("tyj", ["荆江之秋职工体育节（2022）"]),
    ("jjzc", ["荆江之春职工艺术节（2022）"]),
    ("lmjs", LABOUR_MODEL_TALKS),
    ("qzgd", ["亲子共读周末（荆州纺织印染公司职工书屋）", "亲子共读周末（公安县职工服务中心书屋）"]),
    ("zjg", ["劳模的笔记本", "职工素质提升大讲堂进企业"]),
]

# Words of the demo synonym groups (search/demo.py) that the pages do not use.
SYNONYM_QUERIES = [
    ("读书室", ROOMS),
    ("图书室", ROOMS),
    ("阅览室", ROOMS),
    ("劳动模范", ["劳模的笔记本", *LABOUR_MODEL_TALKS]),
    ("劳动模范讲书", LABOUR_MODEL_TALKS),
    ("防暑降温", ["高温里的一瓶水：“送清凉”慰问职工90151人次"]),
]

# A wrong character of the same sound (how pinyin keyboards mistype), in one-pair words too.
TYPO_QUERIES = [
    ("劳摸", ["劳模的笔记本", *LABOUR_MODEL_TALKS]),
    ("劳摸讲书", LABOUR_MODEL_TALKS),
    ("艺术街", ["荆江之春职工艺术节（2022）"]),
    ("体玉节", ["荆江之秋职工体育节（2022）"]),
    ("书物", ROOMS),
    ("焊化", ["焊花里的青春"]),
    ("插车", ["叉车叠杯子"]),
    ("母英室", ["母婴室里的温暖"]),
    ("送清良", ["高温里的一瓶水：“送清凉”慰问职工90151人次"]),
    ("建步走", ["一万三千余名职工同走一条路：健步走活动侧记"]),
    ("主学金", ["193万元助学金帮助544个困难职工家庭"]),
]

QUERY_GROUPS = {
    "simplified": RELEVANCE_QUERIES,
    "traditional": TRADITIONAL_QUERIES,
    "pinyin": PINYIN_QUERIES,
    "initials": INITIALS_QUERIES,
    "synonym": SYNONYM_QUERIES,
    "typo": TYPO_QUERIES,
}

# Two- and three-character queries, for precision@3: a result is relevant when its text holds the query itself
# (all its character pairs, in order), not one pair of it (短视频 is not 微视频, 进班组 is not 班组).
SHORT_QUERIES = [
    "短视频",
    "微视频",
    "进班组",
    "进车间",
    "书屋",
    "艺术节",
    "体育节",
    "大讲堂",
    "送清凉",
    "母婴室",
    "助学金",
    "健步走",
    "骑手",
    "码头",
    "叉车",
    "焊花",
    "劳模",
    "宣讲",
]
