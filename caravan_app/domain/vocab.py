"""Fixed vocabularies of the field day: areas, groups, statuses, kinds.

Stored values are stable ASCII codes; labels are Chinese (and English) for people.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

# Jining's county-level areas plus the functional zones (DESIGN.md §1).
COUNTIES: tuple[str, ...] = (
    "任城区",
    "兖州区",
    "曲阜市",
    "邹城市",
    "微山县",
    "鱼台县",
    "金乡县",
    "嘉祥县",
    "汶上县",
    "泗水县",
    "梁山县",
    "济宁高新区",
    "太白湖新区",
    "济宁经济技术开发区",
)
COUNTY_LEVEL_AREAS = COUNTIES[:11]


class VisitStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


VISIT_STATUS_LABELS = {
    VisitStatus.PLANNED: ("计划", "Planned"),
    VisitStatus.IN_PROGRESS: ("进行中", "In progress"),
    VisitStatus.COMPLETED: ("已完成", "Completed"),
    VisitStatus.CANCELLED: ("已取消", "Cancelled"),
}


class Group(StrEnum):
    """Attendance tally groups (DESIGN.md §1)."""

    PRIMARY = "primary"
    JUNIOR = "junior"
    SENIOR = "senior"
    TEACHER = "teacher"
    PARENT = "parent"
    OTHER = "other"


GROUP_LABELS = {
    Group.PRIMARY: ("小学生", "Primary pupils"),
    Group.JUNIOR: ("初中生", "Junior high"),
    Group.SENIOR: ("高中生", "Senior high"),
    Group.TEACHER: ("教师", "Teachers"),
    Group.PARENT: ("家长·村民", "Parents / villagers"),
    Group.OTHER: ("其他", "Other"),
}


class SigninGroup(StrEnum):
    """Groups a person picks when signing in individually."""

    PRIMARY = "primary"  # pupils, asked no phone number (domain/privacy.py)
    JUNIOR = "junior"
    STUDENT = "student"
    TEACHER = "teacher"
    PARENT = "parent"
    VILLAGER = "villager"
    VOLUNTEER = "volunteer"
    OTHER = "other"


SIGNIN_GROUP_LABELS = {
    SigninGroup.PRIMARY: ("小学生", "Primary pupil"),
    SigninGroup.JUNIOR: ("初中生", "Junior high pupil"),
    SigninGroup.STUDENT: ("学生", "Student"),
    SigninGroup.TEACHER: ("教师", "Teacher"),
    SigninGroup.PARENT: ("家长", "Parent"),
    SigninGroup.VILLAGER: ("村民", "Villager"),
    SigninGroup.VOLUNTEER: ("志愿者", "Volunteer"),
    SigninGroup.OTHER: ("其他", "Other"),
}


class SigninMethod(StrEnum):
    PHONE = "phone"
    BADGE = "badge"
    MANUAL = "manual"


class MovementKind(StrEnum):
    """Stock ledger movement kinds. ``qty`` on a movement is signed (+ in, − out)."""

    LOAD = "load"
    DISTRIBUTE = "distribute"
    RETURN = "return"
    UNLOAD = "unload"
    ADJUST = "adjust"
    TRANSFER_OUT = "transfer_out"
    TRANSFER_IN = "transfer_in"
    UNDO = "undo"


MOVEMENT_LABELS = {
    MovementKind.LOAD: ("装车", "Load"),
    MovementKind.DISTRIBUTE: ("发放", "Distribute"),
    MovementKind.RETURN: ("退回", "Return"),
    MovementKind.UNLOAD: ("卸车", "Unload"),
    MovementKind.ADJUST: ("调整", "Adjust"),
    MovementKind.TRANSFER_OUT: ("调出", "Transfer out"),
    MovementKind.TRANSFER_IN: ("调入", "Transfer in"),
    MovementKind.UNDO: ("撤销", "Undo"),
}


class SiteKind(StrEnum):
    PRIMARY = "primary_school"
    JUNIOR = "junior_school"
    SENIOR = "senior_school"
    SCHOOL = "school"
    VILLAGE = "village"
    SCIENCE_HALL = "science_hall"
    OTHER = "other"


SITE_KIND_LABELS = {
    SiteKind.PRIMARY: ("小学", "Primary school"),
    SiteKind.JUNIOR: ("初中", "Junior high school"),
    SiteKind.SENIOR: ("高中", "Senior high school"),
    SiteKind.SCHOOL: ("学校", "School"),
    SiteKind.VILLAGE: ("村/社区", "Village / community"),
    SiteKind.SCIENCE_HALL: ("社区科普馆", "Community science hall"),
    SiteKind.OTHER: ("其他", "Other"),
}


class PersonRole(StrEnum):
    CREW = "crew"
    VOLUNTEER = "volunteer"
    PARTICIPANT = "participant"


PERSON_ROLE_LABELS = {
    PersonRole.CREW: ("工作人员", "Crew"),
    PersonRole.VOLUNTEER: ("志愿者", "Volunteer"),
    PersonRole.PARTICIPANT: ("参与者", "Participant"),
}

TEAMS: tuple[str, ...] = ("青少年科普服务队", "农业科普服务队", "医学科普服务队", "教育科普服务队")

ACTIVITY_KINDS: tuple[str, ...] = ("科普展示", "讲座", "健康义诊", "培训", "文艺演出", "科学实验", "图书发放")


class TitleKind(StrEnum):
    BOOK = "book"
    LEAFLET = "leaflet"
    KIT = "kit"
    OTHER = "other"


TITLE_KIND_LABELS = {
    TitleKind.BOOK: ("图书", "Book"),
    TitleKind.LEAFLET: ("宣传册", "Leaflet"),
    TitleKind.KIT: ("科普材料包", "Kit"),
    TitleKind.OTHER: ("其他", "Other"),
}


class DutyKind(StrEnum):
    ON = "on"
    OFF = "off"


_Code = TypeVar("_Code", bound=str)


def label(table: Mapping[_Code, tuple[str, str]], code: str, lang: str = "zh") -> str:
    """The person-facing label of a code; the code itself when unknown."""
    for key, (zh, en) in table.items():
        if key == code:
            return zh if lang == "zh" else en
    return code


# --- county names as offices write them -----------------------------------------
# Everyday and official forms of Jining's areas -> the stored name. Lookup happens after the
# province/city prefix ("山东省", "济宁市") is taken off, so "济宁市任城区" and "任城" both work.
# A short form that fits several areas ("济宁", "开发区") is refused with the candidates listed.
COUNTY_ALIASES: dict[str, str] = {
    "任城": "任城区",
    "兖州": "兖州区",
    "兖州市": "兖州区",
    "曲阜": "曲阜市",
    "邹城": "邹城市",
    "微山": "微山县",
    "鱼台": "鱼台县",
    "金乡": "金乡县",
    "嘉祥": "嘉祥县",
    "汶上": "汶上县",
    "泗水": "泗水县",
    "梁山": "梁山县",
    "高新区": "济宁高新区",
    "济宁高新区": "济宁高新区",
    "高新技术产业开发区": "济宁高新区",
    "济宁高新技术产业开发区": "济宁高新区",
    "高新技术开发区": "济宁高新区",
    "国家高新区": "济宁高新区",
    "经开区": "济宁经济技术开发区",
    "济宁经开区": "济宁经济技术开发区",
    "经济技术开发区": "济宁经济技术开发区",
    "经济开发区": "济宁经济技术开发区",
    "济宁经济开发区": "济宁经济技术开发区",
    "太白湖": "太白湖新区",
    "太白湖区": "太白湖新区",
    "济宁太白湖新区": "太白湖新区",
}

# Traditional characters that occur in Jining place names and in the column headers of a list
# saved as Big5, mapped to the simplified ones (matching only; stored text is left as it came).
TRAD_TO_SIMP = str.maketrans(
    "學稱縣區鄉鎮詳細聯繫係電話類數負責屬點單鄒兗魚臺濟寧開發經術產業實驗師長門級為個區號圖書館職"
    "場與這們對歲總樓莊園廣華東國際衛塊團齊興鄰灣臨陽橋嶺",
    "学称县区乡镇详细联系系电话类数负责属点单邹兖鱼台济宁开发经术产业实验师长门级为个区号图书馆职"
    "场与这们对岁总楼庄园广华东国际卫块团齐兴邻湾临阳桥岭",
)


def county_candidates(value: str) -> list[str]:
    """The stored county names a written form may mean: one when it is clear, several when the
    short form fits more than one area (the caller refuses and lists them), none when unknown."""
    s = value.translate(TRAD_TO_SIMP).replace(" ", "")
    for prefix in ("山东省济宁市", "山东济宁市", "山东省", "山东", "济宁市"):
        if s.startswith(prefix) and len(s) > len(prefix):
            s = s[len(prefix) :]
            break
    if s in COUNTIES:
        return [s]
    if s in COUNTY_ALIASES:
        return [COUNTY_ALIASES[s]]
    if len(s) < 2:
        return []
    found: list[str] = []
    for form, target in [*((c, c) for c in COUNTIES), *COUNTY_ALIASES.items()]:
        if (form.startswith(s) or (len(s) >= 3 and s in form)) and target not in found:
            found.append(target)
    return found


def counties_named_in(text: str) -> list[str]:
    """Areas whose full name (or an unmistakable zone name) appears in an address."""
    s = text.translate(TRAD_TO_SIMP).replace(" ", "")
    hits: list[str] = []
    forms = [*((c, c) for c in COUNTIES), ("高新区", "济宁高新区"), ("经开区", "济宁经济技术开发区")]
    for form, target in forms:
        if form in s and target not in hits:
            hits.append(target)
    return hits


# --- activity kinds as the national science-popularisation statistics count them


class ActivityKind(StrEnum):
    LECTURE = "lecture"  # 科普（技）讲座
    EXHIBITION = "exhibition"  # 科普（技）专题展览
    CONTEST = "contest"  # 科普（技）竞赛
    SCIENCE_WEEK = "science_week"  # 科技活动周 / 全国科普日 活动
    TRAINING = "training"  # 实用技术培训
    OTHER = "other"  # 其他科普活动


ACTIVITY_KIND_LABELS = {
    ActivityKind.LECTURE: ("科普讲座", "lecture"),
    ActivityKind.EXHIBITION: ("科普专题展览", "exhibition"),
    ActivityKind.CONTEST: ("科普竞赛", "contest"),
    ActivityKind.SCIENCE_WEEK: ("科技活动周/全国科普日", "science week / day"),
    ActivityKind.TRAINING: ("实用技术培训", "training"),
    ActivityKind.OTHER: ("其他科普活动", "other"),
}

# The default a visit's kind is guessed from: the first keyword found in its theme (then its
# activities); nothing found -> exhibition (a caravan's exhibits are what it mostly shows).
ACTIVITY_KIND_KEYWORDS: tuple[tuple[str, ActivityKind], ...] = (
    ("科普日", ActivityKind.SCIENCE_WEEK),
    ("科技周", ActivityKind.SCIENCE_WEEK),
    ("活动周", ActivityKind.SCIENCE_WEEK),
    ("竞赛", ActivityKind.CONTEST),
    ("比赛", ActivityKind.CONTEST),
    ("知识赛", ActivityKind.CONTEST),
    ("培训", ActivityKind.TRAINING),
    ("实用技术", ActivityKind.TRAINING),
    ("讲座", ActivityKind.LECTURE),
    ("讲堂", ActivityKind.LECTURE),
    ("报告会", ActivityKind.LECTURE),
    ("健康", ActivityKind.LECTURE),
    ("展", ActivityKind.EXHIBITION),
    ("实验秀", ActivityKind.EXHIBITION),
    ("进校园", ActivityKind.EXHIBITION),
    ("进乡村", ActivityKind.EXHIBITION),
    ("大篷车", ActivityKind.EXHIBITION),
)


def guess_activity_kind(theme: str | None, activities: str | None = None) -> str:
    """The statistics category a visit most likely belongs to, from its theme (then activities)."""
    for text in (theme or "", activities or ""):
        for word, kind in ACTIVITY_KIND_KEYWORDS:
            if word in text:
                return kind.value
    return ActivityKind.EXHIBITION.value
