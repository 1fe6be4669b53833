"""Demo campaigns written for this site from the union's 2022 work report.

Past campaigns carry the report's dates; the campaigns that should be running when someone tries the demo are
dated relative to the moment the demo is loaded (offsets in days).
"""

import datetime

SPEAKERS = [
    {
        "name": "张建国",
        "title": "高级技师、全国劳动模范",
        "organisation": "荆江汽车零部件有限公司",
        "topics": "劳模精神\n技能成才\n班组管理",
    },
    {"name": "李红梅", "title": "宣讲员", "organisation": "市总工会宣教部", "topics": "中国梦·劳动美\n职工思想引领"},
    {
        "name": "王志强",
        "title": "荆楚工匠、创新工作室带头人",
        "organisation": "江汉石油装备厂",
        "topics": "工匠精神\n技术革新\n名师带徒",
    },
    {
        "name": "陈静",
        "title": "律师、工会法律顾问",
        "organisation": "市总工会法律服务中心",
        "topics": "劳动合同\n工伤维权\n新修订《工会法》",
    },
    {"name": "刘洋", "title": "注册安全工程师", "organisation": "市安全生产协会", "topics": "安全生产\n安康杯竞赛"},
    {"name": "赵敏", "title": "心理咨询师", "organisation": "职工心灵加油站", "topics": "职工心理健康\n家庭关系"},
]

DISTRICTS = ["沙市区", "荆州区", "江陵县", "松滋市", "公安县", "石首市", "监利市", "洪湖市"]
# Where the demo's host enterprises and festival venues are (an index into DISTRICTS): the statistics count
# lecture sessions and festival events by district.
HOST_DISTRICTS = {
    "荆江汽车零部件有限公司": 0,
    "市第一建筑公司": 0,
    "网约送餐员工会联合会": 0,
    "江汉石油装备厂": 1,
    "荆州纺织印染公司": 1,
    "荆江智能家电有限公司": 2,
    "道路运输与物流工会联合会": 4,
    "长江港口物流集团": 5,
}
VENUE_DISTRICTS = {"市工人文化宫": 0, "市体育中心": 1}  # by the start of the venue's name

INDEXES = {
    "tours": {
        "title": "宣讲活动",
        "slug": "lectures",
        "intro": "<p>职工素质提升大讲堂和主题宣讲走进企业、车间和班组。</p>",
    },
    "contests": {"title": "微视频征集", "slug": "video-contests"},
    "rooms": {
        "title": "职工书屋",
        "slug": "reading-rooms",
        "intro": "<p>按区县查找离你最近的职工书屋。</p>",
        "summary": "全市职工书屋和示范点，读书交友活动一览。",
        "start_date": datetime.date(2022, 1, 1),
        "organiser": "市总工会宣教部",
    },
    "festivals": {"title": "文体节", "slug": "festivals", "intro": "<p>荆江之春职工艺术节和荆江之秋职工体育节。</p>"},
}

# Sessions: (day offset or date, hour, venue, host enterprise, level, speaker index, planned, actual or None)
TOURS = [
    {
        "slug": "dajiangtang-jin-qiye",
        "title": "职工素质提升大讲堂进企业",
        "theme": "中国梦·劳动美：把课堂搬到生产一线",
        "summary": "宣讲员走进企业、车间和班组，全年宣讲550场次，20多万职工参与。",
        "start_date": datetime.date(2021, 3, 1),
        "end_date": datetime.date(2021, 12, 31),
        "image": ("大讲堂进企业", "podium", "red"),
        "speakers": [0, 1, 2, 4],
        "body": [
            (
                "paragraph",
                "<p>大讲堂由市总工会宣教部组织，宣讲员来自劳模宣讲团、工会干部和行业专家。"
                "每场宣讲都结合企业的生产实际，时长控制在一小时以内，不影响生产。</p>",
            )
        ],
        "sessions": [
            (datetime.date(2021, 3, 16), 14, "一号厂房会议室", "荆江汽车零部件有限公司", "enterprise", 0, 200, 186),
            (datetime.date(2021, 3, 30), 9, "冲压车间", "荆江汽车零部件有限公司", "workshop", 0, 60, 64),
            (datetime.date(2021, 4, 13), 15, "培训中心", "江汉石油装备厂", "enterprise", 2, 150, 142),
            (datetime.date(2021, 4, 27), 8, "焊接班组休息室", "江汉石油装备厂", "team", 2, 25, 25),
            (datetime.date(2021, 5, 18), 14, "职工活动中心", "荆州纺织印染公司", "enterprise", 1, 300, 268),
            (datetime.date(2021, 6, 8), 10, "染整车间", "荆州纺织印染公司", "workshop", 1, 80, 77),
            (datetime.date(2021, 6, 22), 16, "物流园调度室", "长江港口物流集团", "team", 4, 30, 28),
            (datetime.date(2021, 9, 14), 14, "报告厅", "市第一建筑公司", "enterprise", 4, 250, 231),
            (datetime.date(2021, 10, 19), 9, "装配二班", "荆江智能家电有限公司", "team", 0, 20, 22),
            (datetime.date(2021, 11, 16), 14, "多功能厅", "荆江智能家电有限公司", "enterprise", 1, 220, 204),
        ],
    },
    {
        "slug": "xuanjiang-jin-chejian-banzu",
        "title": "“喜迎二十大 建功新时代”宣讲进车间进班组",
        "theme": "把理论宣讲送到职工身边",
        "summary": "市级理论宣讲库的宣讲员分赴车间、班组，结合技能竞赛和安全生产开展宣讲。",
        "start_offset": -60,
        "end_offset": 90,
        "image": ("宣讲进车间", "podium", "orange"),
        "speakers": [1, 2, 3, 5],
        "body": [
            (
                "paragraph",
                "<p>今年的宣讲重点放在车间和班组：宣讲员带着案例讲，讲完留出时间答疑，"
                "职工可以现场咨询劳动合同、工伤认定等身边的问题。</p>",
            )
        ],
        "sessions": [
            (-50, 9, "机加工车间", "荆江汽车零部件有限公司", "workshop", 2, 70, 68),
            (-36, 15, "班组学习室", "荆州纺织印染公司", "team", 1, 25, 27),
            (-22, 14, "职工书屋", "江汉石油装备厂", "workshop", 3, 60, 55),
            (-8, 10, "安全教育室", "长江港口物流集团", "team", 3, 30, 30),
            (6, 9, "总装车间", "荆江智能家电有限公司", "workshop", 2, 80, None),
            (13, 15, "骑手之家", "网约送餐员工会联合会", "team", 5, 40, None),
            (20, 14, "司机之家", "道路运输与物流工会联合会", "team", 3, 35, None),
            (34, 9, "培训中心", "市第一建筑公司", "enterprise", 1, 200, None),
        ],
    },
]

CONTEST_CATEGORIES = [
    ("技能绝活", "一线岗位上的绝活和窍门"),
    ("劳模工匠", "劳模、工匠的故事"),
    ("安全生产", "安全操作和隐患排查"),
    ("岗位风采", "平凡岗位上的职工风采"),
]
CONTEST_PRIZES = [
    ("一等奖", 1, 2, "奖金3000元及证书"),
    ("二等奖", 2, 4, "奖金1500元及证书"),
    ("三等奖", 3, 6, "奖金800元及证书"),
    ("优秀奖", 4, 10, "证书"),
]

CONTESTS = [
    {
        "slug": "laodong-songge-2021",
        "title": "“劳动颂歌献给党”职工原创微视频征集",
        "summary": "全网关注度达93.3万人次；推荐作品获全国总工会职工微视频原创作品优秀奖。",
        "start_date": datetime.date(2021, 3, 1),
        "end_date": datetime.date(2021, 12, 20),
        "phases": [
            datetime.datetime(2021, 3, 1, 9),
            datetime.datetime(2021, 6, 30, 18),
            datetime.datetime(2021, 9, 1, 9),
            datetime.datetime(2021, 10, 31, 18),
            datetime.datetime(2021, 12, 1, 10),
        ],
        "page_views": 900_000,
        "image": ("劳动颂歌微视频", "play", "red"),
        "rules": [("paragraph", "<p>作品为职工原创，时长不超过5分钟，内容积极向上。每位职工限报两部作品。</p>")],
        "entries": [
            # title, category, author, work unit, award index or None, views
            ("民心安天下", 3, "市公安局宣传组", "市公安局", 0, 9200),
            ("大楚警礼", 3, "交警支队宣传组", "市公安局交通警察支队", 0, 8800),
            ("焊花里的青春", 0, "周海波", "江汉石油装备厂", 1, 4100),
            ("凌晨四点的码头", 3, "吴晓东", "长江港口物流集团", 1, 3600),
            ("一根纱的旅程", 0, "孙丽", "荆州纺织印染公司", 2, 2900),
            ("安全帽下的笑脸", 2, "郑强", "市第一建筑公司", 2, 2300),
            ("老师傅的工具箱", 1, "马国庆", "荆江汽车零部件有限公司", 3, 1400),
            ("城市的清晨", 3, "环卫所宣传小组", "沙市区环卫所", None, 700),
        ],
    },
    {
        "slug": "e-you-juehuo",
        "title": "“e有绝活”全市职工短视频征集",
        "summary": "用短视频讲技能人才的故事：晒出你的绝活，为身边的能手投票。",
        "start_offset": -40,
        "end_offset": 25,
        "phase_offsets": [-40, -10, -6, 14, 21],
        "judging_closes_offset": 20,  # judges score the shortlist now (judging/demo.py)
        "page_views": 0,
        "image": ("e有绝活短视频征集", "play", "purple"),
        "rules": [
            (
                "paragraph",
                "<p>参赛者须为本市工会会员。作品时长1至3分钟，可上传MP4或WebM文件，也可提交视频平台链接。"
                "所有作品经审核后公开展示。</p>",
            ),
            (
                "paragraph",
                "<p>投票期间，每位职工每天可为同一作品投一票。评委会结合网络投票和专业评审确定获奖作品。</p>",
            ),
        ],
        "entries": [
            ("三秒穿针：纺纱车间的手上功夫", 0, "孙丽", "荆州纺织印染公司"),
            ("盲拧螺栓不差半圈", 0, "马国庆", "荆江汽车零部件有限公司"),
            ("一刀切出0.02毫米", 0, "黄伟", "江汉石油装备厂"),
            ("听声辨故障的老电工", 0, "何建军", "荆州供电公司"),
            ("塔吊司机的穿针引线", 0, "许亮", "市第一建筑公司"),
            ("叉车叠杯子", 0, "邓超", "长江港口物流集团"),
            ("焊缝像鱼鳞一样整齐", 0, "周海波", "江汉石油装备厂"),
            ("劳模的笔记本", 1, "张建国", "荆江汽车零部件有限公司"),
            ("工匠和他的徒弟们", 1, "王志强", "江汉石油装备厂"),
            ("创新工作室的一天", 1, "刘芳", "荆江智能家电有限公司"),
            ("三十年只做一件事", 1, "高德明", "荆州纺织印染公司"),
            ("五一奖章背后", 1, "林晓", "市第一建筑公司"),
            ("隐患排查六步法", 2, "宋刚", "长江港口物流集团"),
            ("高处作业先系安全带", 2, "郑强", "市第一建筑公司"),
            ("化工装置巡检记", 2, "冯磊", "荆江化工有限公司"),
            ("夜班安全员", 2, "曹文", "荆州供电公司"),
            ("骑手的一天", 3, "谢鹏", "网约送餐员工会联合会"),
            ("货车司机之家", 3, "韩冬", "道路运输与物流工会联合会"),
            ("母婴室里的温暖", 3, "袁梅", "荆江智能家电有限公司"),
            ("书屋里的读书会", 3, "唐静", "荆州区职工书屋"),
            ("清凉驿站的夏天", 3, "程勇", "沙市区环卫所"),
            ("护士站的交班时刻", 3, "罗娟", "市中心医院"),
        ],
        "pending": [
            ("我的岗位我的家", 3, "李师傅", "荆江汽车零部件有限公司 总装车间"),
            ("一分钟换模", 0, "陶军", "荆江汽车零部件有限公司"),
        ],
        "rejected": [("广告：招代理", 3, "匿名", "", "内容与征集主题无关。")],
    },
]

# A contest whose results are in their 公示 (public notice): judges' scores blended 60/40 with the public vote.
CONTESTS.append(
    {
        "slug": "gongjiang-gushi-2026",
        "title": "“讲好工匠故事”职工微视频征集",
        "summary": "评委评分与网络投票按60%和40%合成最终得分，评审结果公示中。",
        "start_offset": -60,
        "end_offset": 5,
        "phase_offsets": [-60, -35, -30, -12, -3],
        "judging_closes_offset": -4,
        "notice_ends_offset": 4,
        "results_method": "blended",
        "judges_weight": 60,
        "page_views": 5200,
        "image": ("讲好工匠故事", "play", "orange"),
        "rules": [
            (
                "paragraph",
                "<p>作品经审核后由审核员确定入围名单。评委按主题（30分）、创意（30分）、制作（20分）、感染力（20分）"
                "为入围作品打分，五位及以上评委评分时去掉一个最高分和一个最低分。</p>",
            ),
            (
                "paragraph",
                "<p>最终得分 = 评委得分 × 60% + 网络投票得分 × 40%；结果公示七天，公示期内职工可登录提出异议。</p>",
            ),
        ],
        "entries": [
            ("车床上的绣花功夫", 0, "陈志远", "江汉石油装备厂"),
            ("一根电缆的旅程", 0, "赵海军", "荆州供电公司"),
            ("纺机声里的青春", 1, "吴小燕", "荆州纺织印染公司"),
            ("港口夜色中的吊装", 0, "邓超", "长江港口物流集团"),
            ("师徒三代一把尺", 1, "高德明", "荆州纺织印染公司"),
            ("焊花里的坚守", 1, "周海波", "江汉石油装备厂"),
            ("家电生产线上的巧手", 0, "刘芳", "荆江智能家电有限公司"),
            ("守护万家灯火", 2, "曹文", "荆州供电公司"),
        ],
    }
)

# name, district index, level, year, lat, lon, books, e-reading, host unit, address
READING_ROOMS = [
    (
        "荆江汽车零部件有限公司职工书屋",
        0,
        "national",
        2020,
        30.3160,
        112.2550,
        12000,
        True,
        "荆江汽车零部件有限公司",
        "沙市区江津东路88号职工活动中心二楼",
    ),
    (
        "江汉石油装备厂职工书屋",
        1,
        "national",
        2018,
        30.3520,
        112.1900,
        15000,
        True,
        "江汉石油装备厂",
        "荆州区荆北路18号",
    ),
    (
        "荆州纺织印染公司职工书屋",
        0,
        "provincial",
        2021,
        30.3000,
        112.2800,
        8000,
        True,
        "荆州纺织印染公司",
        "沙市区北京东路126号",
    ),
    (
        "长江港口物流集团“司机之家”书屋",
        2,
        "provincial",
        2019,
        30.0350,
        112.4200,
        3000,
        False,
        "长江港口物流集团",
        "江陵县郝穴镇港区路6号",
    ),
    ("松滋市总工会职工书屋", 3, "city", 2021, 30.1700, 111.7700, 6000, True, "松滋市总工会", "松滋市新江口镇和平路5号"),
    (
        "公安县职工服务中心书屋",
        4,
        "city",
        2020,
        30.0600,
        112.2300,
        5000,
        False,
        "公安县总工会",
        "公安县斗湖堤镇油江路20号",
    ),
    ("石首市环卫工人驿站书屋", 5, "city", 2022, 29.7200, 112.4200, 1200, False, "石首市环卫所", "石首市绣林大道驿站"),
    ("监利市职工书屋", 6, "provincial", 2022, 29.8300, 112.9000, 7000, True, "监利市总工会", "监利市容城镇玉沙路9号"),
    (
        "洪湖市网约送餐员“骑手之家”书屋",
        7,
        "none",
        None,
        29.8100,
        113.4700,
        800,
        True,
        "洪湖市总工会",
        "洪湖市新堤街道宏伟路骑手之家",
    ),
]

READING_EVENTS = [
    ("读一本好书 写一段心得", 30),
    ("青年职工读书交友会", 40),
    ("劳模讲书：工匠的成长", 50),
    ("亲子共读周末", 20),
]

FESTIVALS = [
    {
        "slug": "jingjiang-zhichun-2022",
        "title": "荆江之春职工艺术节（2022）",
        "kind": "arts",
        "year": 2022,
        "summary": "五一“中国梦、劳动美”职工文艺汇演、书画摄影展和歌咏比赛，展现职工的新时代风采。",
        "start_date": datetime.date(2022, 4, 15),
        "end_date": datetime.date(2022, 5, 31),
        "image": ("荆江之春职工艺术节", "notes", "purple"),
        "programme": [
            ("“中国梦、劳动美”职工文艺汇演", "performance", datetime.date(2022, 4, 29), "市工人文化宫大剧场", 600),
            ("职工书画作品展", "calligraphy", datetime.date(2022, 5, 6), "市工人文化宫展厅", 180),
            ("“劳动之美”职工摄影展", "photography", datetime.date(2022, 5, 13), "市工人文化宫展厅", 150),
            ("职工歌咏比赛", "singing", datetime.date(2022, 5, 27), "市工人文化宫大剧场", 420),
        ],
        "awards": [
            ("文艺汇演", "一等奖", "《车间里的春天》表演队", "荆江智能家电有限公司"),
            ("书画", "金奖", "高德明", "荆州纺织印染公司"),
            ("摄影", "金奖", "许亮", "市第一建筑公司"),
            ("歌咏比赛", "一等奖", "江汉石油装备厂合唱团", "江汉石油装备厂"),
        ],
        "gallery": [
            ("汇演现场", "notes", "red"),
            ("书画展厅", "rays", "orange"),
            ("摄影展", "rays", "blue"),
            ("合唱团", "notes", "purple"),
        ],
    },
    {
        "slug": "jingjiang-zhiqiu-2022",
        "title": "荆江之秋职工体育节（2022）",
        "kind": "sports",
        "year": 2022,
        "summary": "篮球、乒乓球、羽毛球、拔河和趣味运动会，全市职工在秋天里比一比。",
        "start_date": datetime.date(2022, 9, 10),
        "end_date": datetime.date(2022, 10, 30),
        "image": ("荆江之秋职工体育节", "ball", "green"),
        "programme": [
            ("职工篮球赛", "ball_games", datetime.date(2022, 9, 17), "市体育中心篮球馆", 240),
            ("职工乒乓球赛", "ball_games", datetime.date(2022, 9, 24), "市工人文化宫乒乓球馆", 160),
            ("职工羽毛球赛", "ball_games", datetime.date(2022, 10, 8), "市体育中心羽毛球馆", 180),
            ("拔河比赛", "fun_games", datetime.date(2022, 10, 15), "市体育中心田径场", 400),
            ("职工中国象棋赛", "board_games", datetime.date(2022, 10, 22), "市工人文化宫棋牌室", 96),
        ],
        "awards": [
            ("篮球", "冠军", "江汉石油装备厂队", "江汉石油装备厂"),
            ("乒乓球", "男子单打冠军", "邓超", "长江港口物流集团"),
            ("羽毛球", "混合双打冠军", "刘芳、何建军", "荆江智能家电有限公司、荆州供电公司"),
            ("拔河", "冠军", "市第一建筑公司队", "市第一建筑公司"),
        ],
        "gallery": [("篮球决赛", "ball", "blue"), ("拔河比赛", "ball", "orange"), ("象棋对弈", "ball", "grey")],
    },
]
