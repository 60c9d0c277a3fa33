"""One rule per figure, used by every paper, sheet and ``verify`` (docs/reports.md, "Figures").

Minutes are the stored truth: whole minutes on duty per (person, visit), half a minute and
more rounding up (``duty.to_minutes``). Hours are derived from them once, here:

* per (person, visit): minutes / 60 rounded half up to one decimal (164 min → 2.7 h,
  9 min → 0.2 h, 225 min → 3.8 h), the same for everyone and on every paper;
* per (person, period), and every total: the sum of those per-visit hours, so every printed
  column of hours adds up to its printed total (a 合计 is never re-rounded from minutes).

Quantities handed out keep their unit: books (册), materials (份) and any other unit (本, 套 …)
are separate figures, never added into one number. Volunteer service hours count only people
whose role is volunteer; staff (车组人员/工作人员) time is its own figure.

Plain integers in tenths of an hour inside, so sums are exact; floats only at the edge.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

VOLUNTEER = "volunteer"  # vocab.PersonRole.VOLUNTEER
STAFF = "crew"  # vocab.PersonRole.CREW: the van's staff (科普专职/工作人员)
BOOK_UNITS = ("册", "本", "套")  # a title counted in these is a book (图书); others are materials (资料)
UNIT_ORDER = ("册", "份", "本", "套")  # columns in this order, any other unit after them by name
DEFAULT_UNIT = "册"
HOURS_PER_PERSON_MONTH = 174  # 21.75 working days × 8 h: one person working full time for a month


# --- hours -------------------------------------------------------------------------------------


def tenths(minutes: int) -> int:
    """Hours in tenths for one (person, visit): minutes / 6 rounded half up (164 → 27)."""
    m = max(0, int(minutes))
    return (m * 10 + 30) // 60


def hours(minutes: int) -> float:
    """Hours of one (person, visit), one decimal, half up: 164 min → 2.7."""
    return tenths(minutes) / 10


def hours_sum(visit_minutes: Iterable[int]) -> float:
    """Hours of a person over several visits, or the total of a column: the sum of each
    visit's rounded hours (never re-rounded from the summed minutes)."""
    return sum(tenths(m) for m in visit_minutes) / 10


def add_hours(values: Iterable[float]) -> float:
    """The total of printed hours (each already a multiple of 0.1), exact in tenths."""
    return sum(round(v * 10) for v in values) / 10


def hours_text(h: float) -> str:
    """As printed: one decimal ("2.7")."""
    return f"{h:.1f}"


def person_months(h: float) -> float:
    """Person-months (人月) from hours: hours ÷ 174, one decimal, half up."""
    t = round(h * 10)  # hours in tenths (exact for printed hours)
    # person-months in tenths = t / 174, half up
    return ((t * 2 + HOURS_PER_PERSON_MONTH) // (2 * HOURS_PER_PERSON_MONTH)) / 10


def minutes_text(minutes: int) -> str:
    """For people on screen: "25 分钟" under an hour, else "164 分钟（2.7 小时）"."""
    if minutes < 60:
        return f"{minutes} 分钟"
    return f"{minutes} 分钟（{hours_text(hours(minutes))} 小时）"


# --- who serves --------------------------------------------------------------------------------


def is_volunteer(role: str | None) -> bool:
    """Volunteer service (志愿服务) is time of people whose role is volunteer, nobody else's."""
    return role == VOLUNTEER


def is_staff(role: str | None) -> bool:
    """The van's own people (工作人员, 科普专职): their time is work, not volunteer service."""
    return role == STAFF


# --- quantities by unit ------------------------------------------------------------------------


def unit_of(unit: str | None) -> str:
    return (unit or "").strip() or DEFAULT_UNIT


def is_book(unit: str | None) -> bool:
    return unit_of(unit) in BOOK_UNITS


def unit_key(unit: str) -> tuple[int, str]:
    return (UNIT_ORDER.index(unit) if unit in UNIT_ORDER else len(UNIT_ORDER), unit)


def ordered_units(units: Iterable[str]) -> list[str]:
    """Units in column order: 册, 份, 本, 套, then any other by name."""
    return sorted({unit_of(u) for u in units}, key=unit_key)


def add_units(into: dict[str, int], more: Mapping[str, int]) -> dict[str, int]:
    """Add quantities unit by unit (in place; returns ``into``)."""
    for u, n in more.items():
        into[unit_of(u)] = into.get(unit_of(u), 0) + int(n)
    return into


def by_unit(items: Iterable[tuple[str | None, int]]) -> dict[str, int]:
    """{unit: quantity} from (unit, quantity) pairs, in column order."""
    out: dict[str, int] = {}
    for u, n in items:
        out[unit_of(u)] = out.get(unit_of(u), 0) + int(n)
    return {u: out[u] for u in ordered_units(out)}


def units_text(quantities: Mapping[str, int], sep: str = "、", thousands: bool = False, empty: str = "0") -> str:
    """ "155册、40份": each unit its own number, in column order; ``empty`` when nothing."""
    parts = []
    for u in ordered_units(quantities):
        n = quantities[u]
        parts.append(f"{n:,}{u}" if thousands else f"{n}{u}")
    return sep.join(parts) or empty


def unit_heading(unit: str) -> str:
    """A column heading for one unit: 发放图书（册）, 发放资料（份）, 发放（本）."""
    if unit == "册":
        return "发放图书（册）"
    if unit == "份":
        return "发放资料（份）"
    return f"发放（{unit}）"
