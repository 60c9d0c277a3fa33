"""The paragraph for the association's work report, in its own style, e.g.
"2026年，市科协科普大篷车深入全市11个县市区开展进校园活动86场次，服务师生2.3万人次，
发放《身边的科学》等科普图书3155册、科普资料400份，覆盖45所学校。"

Rules (docs/reports.md): counts of 10,000 and more in 万 with one decimal, below that plain
digits (no thousands separators); books (册) and other materials (份 …) counted apart, only a
book's title in 《》; who was served follows the groups counted (师生, 群众, or both); one van is
named simply ("市科协科普大篷车5号"); the period reads "2026年8月12日" for one day.
"""

from __future__ import annotations

from ..domain.catalogue import book_title
from .fmt import wan
from .model import BOOK_UNITS, PeriodReport

STUDENT_GROUPS = ("小学生", "初中生", "高中生", "教师")
PUBLIC_GROUPS = ("家长·村民", "其他")


def who(r: PeriodReport) -> str:
    """ "市科协科普大篷车" for all vans; one van by its plain name, never nested brackets."""
    if not r.van_name:
        return "市科协科普大篷车"
    name = r.van_name.strip()
    if "大篷车" in name:
        return f"市科协{name}"
    return f"市科协科普大篷车{name}"


def served(r: PeriodReport) -> str:
    """服务师生 / 服务群众 / 服务师生和群众, from the groups actually counted."""
    counts = dict(r.by_group)
    school = sum(counts.get(g, 0) for g in STUDENT_GROUPS)
    public = sum(counts.get(g, 0) for g in PUBLIC_GROUPS)
    if not r.by_group:  # no group breakdown: fall back on where the activities were
        return "服务师生" if r.school_visits == r.totals.visits else "服务群众"
    if school and public:
        return "服务师生和群众"
    return "服务群众" if public else "服务师生"


def handed_out(r: PeriodReport) -> str:
    """ "发放《身边的科学》等科普图书3155册、科普资料400份" (books and materials apart)."""
    units = r.books_by_unit  # per unit (domain/figures.py): never one number across units
    books = {u: n for u, n in units.items() if u in BOOK_UNITS and n}
    other = {u: n for u, n in units.items() if u not in BOOK_UNITS and n}
    parts = []
    if books:
        n_titles = len([x for x in r.by_title if x.unit in BOOK_UNITS]) if r.by_title else 0
        named = book_title(r.top_titles[0]) + ("等" if n_titles > 1 else "") if r.top_titles else ""
        parts.append(f"{named}科普图书" + "、".join(f"{wan(n)}{u}" for u, n in books.items()))
    if other:
        parts.append("科普资料" + "、".join(f"{wan(n)}{u}" for u, n in other.items()))
    return ("发放" + "、".join(parts)) if parts else ""


def work_paragraph(r: PeriodReport) -> str:
    subject = who(r)
    if r.totals.visits == 0:
        return f"{r.label}，{subject}暂无已完成的活动记录。"
    if r.counties > 1:
        where = f"深入全市{r.counties}个县市区"
    else:
        where = f"深入{r.by_county[0].key}" if r.by_county else ""
    if r.school_visits == r.totals.visits:
        what = f"开展进校园活动{wan(r.totals.visits)}场次"
    else:
        what = f"开展科普活动{wan(r.totals.visits)}场次"
        if r.school_visits:
            what += f"（其中进校园{wan(r.school_visits)}场次）"
    parts = [f"{r.label}，{subject}{where}{what}", f"{served(r)}{wan(r.totals.people)}人次"]
    books = handed_out(r)
    if books:
        parts.append(books)
    if r.schools:
        parts.append(f"覆盖{wan(r.schools)}所学校")
    if r.km_total:  # from the odometer readings
        parts.append(f"行驶里程{wan(r.km_total)}公里")
    return "，".join(parts) + "。"
