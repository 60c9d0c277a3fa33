"""Realistic Chinese demo data: Jining's counties and towns, schools, 8 caravans and crews,
titles, and a season of visits with tallies, sign-ins, hand-outs and crew hours.

Everything goes through the services, so demo data obeys the same rules and lands in the
outbox like real work. The same seed gives the same data.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from ..domain.vocab import ACTIVITY_KINDS, TEAMS, SigninGroup
from .app import App

TOWNS: dict[str, tuple[str, ...]] = {
    "任城区": ("二十里铺街道", "唐口街道", "长沟镇", "喻屯镇", "南张街道"),
    "兖州区": ("新驿镇", "颜店镇", "小孟镇", "漕河镇", "大安镇"),
    "曲阜市": ("息陬镇", "尼山镇", "陵城镇", "小雪街道", "吴村镇"),
    "邹城市": ("香城镇", "大束镇", "张庄镇", "中心店镇", "石墙镇"),
    "微山县": ("西平镇", "两城镇", "鲁桥镇", "韩庄镇", "马坡镇"),
    "鱼台县": ("王庙镇", "张黄镇", "王鲁镇", "唐马镇", "老砦镇"),
    "金乡县": ("鸡黍镇", "高河街道", "兴隆镇", "羊山镇", "胡集镇"),
    "嘉祥县": ("纸坊镇", "梁宝寺镇", "仲山镇", "马村镇", "满硐镇"),
    "汶上县": ("次丘镇", "康驿镇", "苑庄镇", "义桥镇", "郭楼镇"),
    "泗水县": ("泉林镇", "泗张镇", "星村镇", "柘沟镇", "圣水峪镇"),
    "梁山县": ("韩岗镇", "大路口乡", "黑虎庙镇", "拳铺镇", "寿张集镇"),
}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕鹏辉建国海燕宇浩然子涵欣怡梓轩雨桐思远"
TITLES = (
    ("身边的科学", "book", "科学普及出版社"),
    ("中小学生科学素质读本", "book", "山东科学技术出版社"),
    ("应急避险科普知识", "book", "应急管理出版社"),
    ("青少年科学实验100例", "book", "科学普及出版社"),
    ("农村实用技术手册", "book", "中国农业出版社"),
    ("健康素养66条", "leaflet", None),
    ("防溺水安全宣传册", "leaflet", None),
    ("科学小实验材料包", "kit", None),
)
ROADS = ("人民路", "文化路", "建设路", "育才路", "府前街", "兴业路")
THEMES = ("科技进校园", "科普大篷车进乡村", "防灾减灾科普", "健康科普进社区", "青少年科学实验秀", "全国科普日")
# themes and people that fit the place (no senior pupils at a primary school)
SCHOOL_THEMES = ("科技进校园", "防灾减灾科普", "青少年科学实验秀", "全国科普日", "青少年科普知识竞赛")
VILLAGE_THEMES = ("科普大篷车进乡村", "健康科普讲座", "农业实用技术培训", "防灾减灾科普", "全国科普日")
GRADES = ("一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "初一", "初二", "初三")
PRIMARY_GRADES = GRADES[:6]
JUNIOR_GRADES = GRADES[6:]
# site kind label -> (tally groups always counted, groups sometimes counted, sign-in groups, grades)
AUDIENCE: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "小学": (("primary", "teacher"), ("parent",), ("student", "student", "teacher", "parent"), PRIMARY_GRADES),
    "初中": (("junior", "teacher"), ("parent",), ("student", "student", "teacher"), JUNIOR_GRADES),
    "村/社区": (("parent",), ("primary", "other"), ("villager", "villager", "parent"), PRIMARY_GRADES),
    "社区科普馆": (("parent",), ("primary", "junior", "other"), ("parent", "villager", "student"), GRADES),
}


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _phone(rng: random.Random) -> str:
    return rng.choice(("131", "135", "138", "150", "157", "177", "186", "189")) + f"{rng.randrange(10**8):08d}"


def load_demo(
    app: App,
    seed: int = 1,
    visits: int = 60,
    today: dt.date | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> dict[str, int]:
    """Fill an empty database with a season of field work. Returns counts of what was made."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    counties = list(TOWNS)

    caravans = []
    for i in range(8):
        county = counties[i % len(counties)]
        caravans.append(app.catalog.add_caravan(f"科普大篷车{i + 1}号", f"鲁H{rng.randrange(10000, 99999)}", county))
    app.catalog.set_this_device("大篷车1号笔记本", caravans[0])

    titles = [app.catalog.add_title(n, k, "册" if k == "book" else "份", p) for n, k, p in TITLES]

    crews: dict[str, list[str]] = {}
    for c in caravans:
        crews[c] = [
            app.catalog.add_person(
                name=_name(rng),
                role="crew" if j == 0 else "volunteer",
                team=rng.choice(TEAMS),
                volunteer_no=f"SD{rng.randrange(10**9):09d}",
                phone=_phone(rng),
                caravan_id=c,
            )
            for j in range(5)
        ]

    sites = []
    site_kind: dict[str, str] = {}
    for county, towns in TOWNS.items():
        for town in towns:
            short = town.removesuffix("街道").removesuffix("镇").removesuffix("乡")
            kind, name, students = rng.choice(
                (
                    ("小学", f"{short}中心小学", rng.randrange(300, 1500)),
                    ("初中", f"{short}中学", rng.randrange(600, 2500)),
                    ("村/社区", f"{short}村文化广场", None),
                    ("社区科普馆", f"{short}社区科普馆", None),
                )
            )
            sites.append(
                app.sites.add(
                    name=name,
                    kind=kind,
                    county=county,
                    town=town,
                    address=f"济宁市{county}{town}{rng.choice(ROADS)}{rng.randrange(1, 300)}号",
                    contact=_name(rng),
                    phone=f"0537-{rng.randrange(2000000, 8999999)}",
                    students=students,
                )
            )
            site_kind[sites[-1]] = kind

    start = today - dt.timedelta(days=120)
    for c in caravans:
        for t in titles:
            app.stock.load(c, t, rng.randrange(300, 800), "开学季装车", at=dt.datetime.combine(start, dt.time(8, 0)))

    made = {"caravans": len(caravans), "titles": len(titles), "sites": len(sites), "visits": 0, "signins": 0}
    plan: list[tuple[dt.date, str]] = []
    for i in range(visits):
        c = caravans[i % len(caravans)]
        if i < 2:
            day = today  # today's visits for van 1, so the Today page has work
            c = caravans[0]
        elif i < visits * 0.85:
            day = start + dt.timedelta(days=rng.randrange(0, 120))
        else:
            day = today + dt.timedelta(days=rng.randrange(1, 21))
        plan.append((day, c))
    # One place per van at a time: a van's visits of one day follow each other, with the drive
    # between them; its crew is on duty only at its own visits, so no hours count twice.
    free_at: dict[tuple[str, dt.date], dt.datetime] = {}
    driven: dict[str, set[dt.date]] = {c: {start} for c in caravans}  # the load day is a trip too
    for n, (day, c) in enumerate(sorted(plan, key=lambda x: x[0])):
        site = rng.choice(sites)
        kind = site_kind[site]
        school = kind in ("小学", "初中")
        v = app.visits.add(
            site,
            c,
            day,
            theme=rng.choice(SCHOOL_THEMES if school else VILLAGE_THEMES),
            activities=rng.sample(ACTIVITY_KINDS, rng.randrange(1, 4)),
        )
        made["visits"] += 1
        if progress:
            progress(n, len(plan), "demo")
        if day >= today:
            continue
        driven[c].add(day)
        earliest = dt.datetime.combine(day, dt.time(8, rng.randrange(0, 59)))
        prev = free_at.get((c, day))
        arrive = max(earliest, prev + dt.timedelta(minutes=rng.randrange(30, 61))) if prev else earliest
        leave = min(arrive + dt.timedelta(hours=rng.randrange(2, 5)), dt.datetime.combine(day, dt.time(18, 0)))
        leave = max(leave, arrive + dt.timedelta(hours=1))
        free_at[(c, day)] = leave
        app.visits.arrive(v, at=arrive)
        crew = crews[c]
        for p in crew[: rng.randrange(2, 5)]:
            app.visits.duty(v, p, "on", at=arrive + dt.timedelta(minutes=rng.randrange(0, 20)))
        always, sometimes, signin_groups, grades = AUDIENCE[kind]
        groups = [*always, *(g for g in sometimes if rng.random() < 0.5)]
        for g in groups:
            pupils = g in ("primary", "junior")
            for _ in range(rng.randrange(2, 5) if pupils else rng.randrange(1, 3)):
                n_people = rng.randrange(30, 60) if pupils else rng.randrange(3, 25)
                app.attendance.tally(v, g, n_people, at=arrive + dt.timedelta(minutes=30))
        for k in range(rng.randrange(5, 25)):
            grp = rng.choice(signin_groups)
            r = app.attendance.signin(
                v,
                _name(rng),
                grp,
                f"{rng.choice(grades)}{rng.randrange(1, 6)}班" if grp == SigninGroup.STUDENT else None,
                _phone(rng) if grp != SigninGroup.STUDENT and rng.random() < 0.5 else None,
                method=rng.choice(("phone", "manual", "phone")),
                at=arrive + dt.timedelta(minutes=40 + k),
            )
            made["signins"] += 0 if r.duplicate else 1
        for t in rng.sample(titles, rng.randrange(1, 4)):
            app.stock.distribute(
                c,
                t,
                rng.randrange(10, 60),
                v,
                rng.choice(("学校", f"{rng.choice(grades)}{rng.randrange(1, 6)}班", "图书室", _name(rng) + "老师"))
                if school
                else rng.choice(("村委会", "文化广场", _name(rng))),
                override=True,
                at=arrive + dt.timedelta(hours=1),
            )
        app.visits.complete(v, at=leave)
    # Odometer readings for every day a van drove (the load day without any visit, too).
    made["odometer"] = 0
    for c in caravans:
        km = rng.randrange(20000, 80000)
        for day in sorted(d for d in driven[c] if d < today):
            trip = rng.randrange(25, 60) if day == start else rng.randrange(40, 180)
            app.mileage.record(day, km, km + trip, c, note="装车" if day == start else None,
                               at=dt.datetime.combine(day, dt.time(18, 30)))  # fmt: skip
            km += trip + rng.randrange(0, 15)  # a few km off the log between trips (to the garage)
            made["odometer"] += 1
    return made
