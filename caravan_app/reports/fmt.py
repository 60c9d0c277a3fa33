"""Number, date and period wording for Chinese reports (why: offices copy these verbatim)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from ..domain import figures

QUARTERS = ("一", "二", "三", "四")


def thousands(n: int | float) -> str:
    """5120 -> "5,120"; hours keep one decimal: 12.5 -> "12.5"."""
    if isinstance(n, float) and not n.is_integer():
        return f"{n:,.1f}"
    return f"{int(n):,}"


def wan(n: int) -> str:
    """Counts as official documents write them: 23456 -> "2.3万"; below 10,000 plain digits
    without separators (3155, not 3,155)."""
    if abs(n) >= 10_000:
        v = (Decimal(n) / Decimal(10_000)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        return f"{v}万"
    return str(int(n))


def hours(h: float) -> str:
    return f"{h:.1f}"


# --- hours: the one rule is domain/figures.py -----------------------------------------------------
# Hours per (person, visit) are minutes / 60 rounded half up to one decimal; a period's hours and
# every total are the sum of those per-visit hours, so every printed column adds to its total.


def total_hours(minutes: int) -> float:
    """The hours of ONE (person, visit)'s minutes (figures.hours); a total of several visits or
    people is ``figures.hours_sum`` of their minutes, never this of the summed minutes."""
    return figures.hours(minutes)


def hours_column(minutes: list[int]) -> list[float]:
    """Each line's hours by the one rule; the column's total is ``sum`` of these (figures.hours_sum)."""
    return [figures.hours(m) for m in minutes]


def zh_date(iso: str | None) -> str:
    """ "2026-03-02" -> "2026年3月2日"."""
    if not iso:
        return ""
    d = dt.date.fromisoformat(iso[:10])
    return f"{d.year}年{d.month}月{d.day}日"


def hm(ts: str | None) -> str:
    """The time of an ISO timestamp ("08:05"), or a dash when not recorded."""
    return ts[11:16] if ts and len(ts) >= 16 else "—"


def month_label(ym: str) -> str:
    y, m = ym.split("-")
    return f"{int(y)}年{int(m)}月"


def period_label(start: str, end: str) -> str:
    """A whole year, quarter or month reads as such; any other range as "…至…"."""
    a, b = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    if a == dt.date(a.year, 1, 1) and b == dt.date(a.year, 12, 31):
        return f"{a.year}年"
    if a.day == 1 and a.month % 3 == 1 and b == _month_end(a.year, a.month + 2) and a.year == b.year:
        return f"{a.year}年第{QUARTERS[a.month // 3]}季度"
    if a.day == 1 and b == _month_end(a.year, a.month):
        return f"{a.year}年{a.month}月"
    if a == b:  # one day: "2026年8月12日", never "2026年8月12日至2026年8月12日"
        return zh_date(start)
    return f"{zh_date(start)}至{zh_date(end)}"


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def period_bounds(kind: str, year: int, n: int = 1) -> tuple[str, str]:
    """First and last day of a year, quarter ``n`` or month ``n``."""
    if kind == "year":
        return f"{year}-01-01", f"{year}-12-31"
    if kind == "quarter":
        first = 3 * (n - 1) + 1
        return dt.date(year, first, 1).isoformat(), _month_end(year, first + 2).isoformat()
    if kind == "month":
        return dt.date(year, n, 1).isoformat(), _month_end(year, n).isoformat()
    raise ValueError(kind)


def months_between(start: str, end: str) -> list[str]:
    """Every "YYYY-MM" from start to end, so empty months still show as zero."""
    a, b = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    out, y, m = [], a.year, a.month
    while (y, m) <= (b.year, b.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
