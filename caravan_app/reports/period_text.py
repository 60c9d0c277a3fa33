"""The paragraph for the association's work report, in its own style, e.g.
"2026年，市科协科普大篷车深入全市11个县市区开展进校园活动86场次，服务师生2.3万人次，
发放《身边的科学》等科普图书5,120册". Figures over 10,000 are written in 万 with one decimal."""

from __future__ import annotations

from .fmt import thousands, wan
from .model import PeriodReport


def work_paragraph(r: PeriodReport) -> str:
    who = "市科协科普大篷车" if r.scope == "全部大篷车" else f"市科协科普大篷车（{r.scope}）"
    if r.totals.visits == 0:
        return f"{r.label}，{who}暂无已完成的活动记录。"
    if r.counties > 1:
        where = f"深入全市{r.counties}个县市区"
    else:
        where = f"深入{r.by_county[0].key}" if r.by_county else "深入"
    if r.school_visits == r.totals.visits:
        what = f"开展进校园活动{thousands(r.totals.visits)}场次"
        served = "服务师生"
    else:
        what = f"开展科普活动{thousands(r.totals.visits)}场次"
        if r.school_visits:
            what += f"（其中进校园{thousands(r.school_visits)}场次）"
        served = "服务群众"
    parts = [f"{r.label}，{who}{where}{what}", f"{served}{wan(r.totals.people)}人次"]
    if r.totals.books:
        if r.top_titles:
            more = "等" if len(r.by_title) > 1 else ""
            parts.append(f"发放《{r.top_titles[0]}》{more}科普图书{thousands(r.totals.books)}册")
        else:
            parts.append(f"发放科普图书{thousands(r.totals.books)}册")
    if r.schools:
        parts.append(f"覆盖{thousands(r.schools)}所学校")
    return "，".join(parts) + "。"
