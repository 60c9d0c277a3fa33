"""Validation and rules of the field day. Each failure names its field in Chinese and English."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from .errors import RuleError, ValidationError
from .vocab import (
    DutyKind,
    Group,
    MovementKind,
    PersonRole,
    SigninGroup,
    SigninMethod,
    SiteKind,
    TitleKind,
    VisitStatus,
    county_candidates,
)

MAX_COUNT = 100_000  # one tally step or one movement; far above a real school
MAX_TEXT = 200
MAX_NOTES = 4000

FIELD_LABELS: dict[str, tuple[str, str]] = {
    "name": ("名称/姓名", "name"),
    "kind": ("类型", "kind"),
    "county": ("所属县市区", "county"),
    "town": ("乡镇(街道)", "town"),
    "address": ("详细地址", "address"),
    "contact": ("联系人", "contact"),
    "phone": ("联系电话", "phone"),
    "students": ("在校学生数", "student count"),
    "date": ("日期", "date"),
    "status": ("状态", "status"),
    "theme": ("主题", "theme"),
    "notes": ("备注", "notes"),
    "group": ("人群", "group"),
    "delta": ("人数", "count"),
    "quantity": ("数量", "quantity"),
    "reason": ("原因", "reason"),
    "organisation": ("学校班级/单位", "class or organisation"),
    "method": ("签到方式", "sign-in method"),
    "role": ("身份", "role"),
    "volunteer_no": ("志愿者编号", "volunteer no."),
    "team": ("服务队", "team"),
    "recipient": ("领取人", "recipient"),
    "counted": ("清点数量", "counted"),
    "site_id": ("学校/站点", "site"),
    "caravan_id": ("大篷车", "caravan"),
    "title_id": ("图书/物资", "title"),
    "visit_id": ("活动", "visit"),
    "person_id": ("人员", "person"),
    "activity_kind": ("活动类别", "activity kind"),
    "out_km": ("出车里程表读数", "odometer at departure"),
    "back_km": ("收车里程表读数", "odometer at return"),
}

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PHONE = re.compile(r"^[0-9+\-() ]{3,20}$")
_PHONE_FOLD = str.maketrans({"（": "(", "）": ")", "＋": "+", "－": "-", "—": "-", "–": "-"})


def _label(field: str) -> tuple[str, str]:
    return FIELD_LABELS.get(field, (field, field))


# Full-width digits and Latin letters (Ａ-Ｚ ａ-ｚ ０-９) fold to ASCII; full-width and
# non-breaking spaces to a space. Chinese punctuation （），。、；：？！ is kept as typed: NFKC
# would turn "（东校区），" into "(东校区),", which no Chinese document prints.
_FOLD = {c: c - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)) for c in range(r[0], r[1] + 1)}
_FOLD.update({0x3000: 0x20, 0xA0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20, 0x202F: 0x20})


def fold_width(value: str) -> str:
    """Full-width digits, letters and spaces as ASCII; everything else (punctuation) untouched."""
    return unicodedata.normalize("NFC", value).translate(_FOLD)


# Invisible characters that copy-paste brings (WeChat names, web pages, Excel): they show nothing
# and change no letter, but would make "张\u200b三" a second 张三. Every face drops them.
_INVISIBLE = dict.fromkeys((0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x180E))


def _hidden(c: str) -> bool:
    """A format or surrogate character left after cleaning: a direction override (U+202E turns
    "张三" around on screen and paper) and the like. Refused, for every face."""
    return unicodedata.category(c) in ("Cf", "Cs")


def clean_text(value: object) -> str:
    """Normalise what people type or spreadsheets hold: full-width digits, letters and spaces
    folded (``fold_width``), zero-width characters dropped, Chinese punctuation kept, runs of
    spaces folded, ends trimmed. The one cleaning rule of the GUI, the CLI and the phone page."""
    if value is None:
        return ""
    text = fold_width(str(value)).translate(_INVISIBLE)
    return re.sub(r"[ \t]+", " ", text).strip()


def text(field: str, value: object, *, required: bool = False, max_len: int = MAX_TEXT) -> str | None:
    """A cleaned single-line text, or None when empty and optional."""
    s = clean_text(value)
    zh, en = _label(field)
    if _CONTROL.search(s) or "\n" in s or "\r" in s or any(_hidden(c) for c in s):
        raise ValidationError(field, f"{zh}含有不可见的控制字符", f"{en} contains control characters")
    if not s:
        if required:
            raise ValidationError(field, f"{zh}不能为空", f"{en} is required")
        return None
    if len(s) > max_len:
        raise ValidationError(
            field, f"{zh}过长（最多 {max_len} 个字）", f"{en} is too long (at most {max_len} characters)"
        )
    return s


def person_name(field: str, value: object, *, max_len: int = 50) -> str:
    """A person's name for a sign-in: required, and it must hold a letter or a Chinese character.

    Digits only ("11111", a payload's tail) is what a counting key or a scanner types into the
    name box, never a person's name.
    """
    s = text(field, value, required=True, max_len=max_len)
    assert s is not None
    if not any(c.isalpha() for c in s):
        zh, en = _label(field)
        raise ValidationError(
            field,
            f"{zh}不能只有数字或符号，请输入真实姓名",
            f"{en} cannot be only digits or symbols: type the person's name",
        )
    return s


def notes(field: str, value: object) -> str | None:
    s = "" if value is None else fold_width(str(value)).strip()
    zh, en = _label(field)
    if _CONTROL.search(s):
        raise ValidationError(field, f"{zh}含有不可见的控制字符", f"{en} contains control characters")
    if len(s) > MAX_NOTES:
        raise ValidationError(field, f"{zh}过长", f"{en} is too long")
    return s or None


def count(field: str, value: object, *, allow_negative: bool = False, allow_zero: bool = True) -> int:
    """A bounded whole number; full-width digits accepted."""
    zh, en = _label(field)
    if isinstance(value, bool):
        raise ValidationError(field, f"{zh}必须是整数", f"{en} must be a whole number")
    if isinstance(value, int):
        n = value
    else:
        s = clean_text(value).replace(",", "")
        if not re.fullmatch(r"[+-]?\d+", s):
            raise ValidationError(field, f"{zh}必须是整数", f"{en} must be a whole number")
        n = int(s)
    if n < 0 and not allow_negative:
        raise ValidationError(field, f"{zh}不能为负数", f"{en} cannot be negative")
    if n == 0 and not allow_zero:
        raise ValidationError(field, f"{zh}不能为零", f"{en} cannot be zero")
    if abs(n) > MAX_COUNT:
        raise ValidationError(
            field, f"{zh}超出合理范围（最多 {MAX_COUNT}）", f"{en} is out of range (at most {MAX_COUNT})"
        )
    return n


def optional_count(field: str, value: object) -> int | None:
    if value is None or clean_text(value) == "":
        return None
    return count(field, value)


def phone(field: str, value: object) -> str | None:
    s = text(field, value, max_len=20)
    if s is None:
        return None
    s = s.translate(_PHONE_FOLD)
    zh, en = _label(field)
    if not _PHONE.match(s):
        raise ValidationError(field, f"{zh}格式不正确", f"{en} is not a valid phone number")
    return s


def choice(field: str, value: object, allowed: type | tuple[str, ...]) -> str:
    s = clean_text(value)
    options = tuple(m.value for m in allowed) if isinstance(allowed, type) else allowed  # type: ignore[attr-defined]
    if s not in options:
        zh, en = _label(field)
        raise ValidationError(field, f"{zh}无效：{s or '（空）'}", f"{en} is not valid: {s or '(empty)'}")
    return s


def county(value: object) -> str:
    """A Jining area from the way offices write it ("鱼台", "济宁市鱼台县", "高新区", "经开区");
    a short form fitting several areas ("济宁") is refused with the candidates, never guessed."""
    s = clean_text(value)
    found = county_candidates(s)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise ValidationError(
            "county",
            f"所属县市区“{s}”不明确，可能是：{'、'.join(found)}",
            f"county '{s}' is ambiguous, it may be: {', '.join(found)}",
        )
    raise ValidationError(
        "county", f"所属县市区无效：{s or '（空）'}", f"county is not a Jining area: {s or '(empty)'}"
    )


EARLIEST = dt.date(2000, 1, 1)


def date(field: str, value: object, *, today: dt.date | None = None) -> str:
    """An ISO date within sane bounds (2000 to two years ahead)."""
    zh, en = _label(field)
    if isinstance(value, dt.datetime):
        d = value.date()
    elif isinstance(value, dt.date):
        d = value
    else:
        s = clean_text(value).replace("/", "-").replace(".", "-")
        m = re.fullmatch(r"(\d{4})[-年](\d{1,2})[-月](\d{1,2})日?", s)
        if not m:
            raise ValidationError(field, f"{zh}格式应为 YYYY-MM-DD", f"{en} must be YYYY-MM-DD")
        try:
            d = dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            raise ValidationError(field, f"{zh}不是有效日期", f"{en} is not a real date") from None
    latest = (today or dt.date.today()) + dt.timedelta(days=731)
    if not (EARLIEST <= d <= latest):
        raise ValidationError(field, f"{zh}超出合理范围", f"{en} is out of range")
    return d.isoformat()


def timestamp(value: dt.datetime | None = None) -> str:
    """Local wall time of an event, ISO to the second (what a person reads on a report)."""
    return (value or dt.datetime.now()).replace(microsecond=0).isoformat()


# --- visit status --------------------------------------------------------------------------

_TRANSITIONS: dict[str, set[str]] = {
    VisitStatus.PLANNED: {VisitStatus.IN_PROGRESS, VisitStatus.CANCELLED},
    VisitStatus.IN_PROGRESS: {VisitStatus.COMPLETED, VisitStatus.CANCELLED, VisitStatus.PLANNED},
    VisitStatus.COMPLETED: {VisitStatus.IN_PROGRESS},  # reopen to fix a slip
    VisitStatus.CANCELLED: {VisitStatus.PLANNED},
}


def transition(current: str, new: str) -> str:
    new = choice("status", new, VisitStatus)
    if new == current:
        return new
    if new not in _TRANSITIONS.get(current, set()):
        raise RuleError(
            "status",
            f"活动状态不能从“{_status_zh(current)}”变为“{_status_zh(new)}”",
            f"visit status cannot go from {current} to {new}",
        )
    return new


def _status_zh(code: str) -> str:
    from .vocab import VISIT_STATUS_LABELS

    for k, (zh, _en) in VISIT_STATUS_LABELS.items():
        if k == code:
            return zh
    return code


def visit_is_open(status: str) -> None:
    """Kept for old callers: refuses what ``visit_accepts_records`` refuses for a visit of today."""
    visit_accepts_records(status, None)


# --- the visit lifecycle rule for every record taken at a visit ----------------------


def visit_accepts_records(status: str, date: str | None, today: dt.date | None = None) -> bool:
    """May a count, sign-in, hand-out or duty event be recorded at a visit now?

    The one rule for every face (GUI, CLI, phone page, badge scanner):

    - in progress: yes (returns False: nothing else to do);
    - planned, dated today (or undated): yes, and the record implies arrival: returns True and
      the caller starts the visit in the same transaction (``arrived_at`` set, visible as 到达);
    - planned for another day: refused, "请先到达";
    - completed: refused until ``caravan visit reopen ID --reason …``;
    - cancelled: refused.

    Records pulled from the hub are not checked (the hub is the truth): this guards only what a
    laptop creates itself.
    """
    if status == VisitStatus.IN_PROGRESS:
        return False
    if status == VisitStatus.PLANNED:
        if date is None or date == (today or dt.date.today()).isoformat():
            return True
        raise RuleError(
            "status",
            f"活动计划于 {date}，尚未开始：请先到达（开始活动）再记录",
            f"the visit is planned for {date} and has not started: record arrival first",
        )
    if status == VisitStatus.COMPLETED:
        raise RuleError(
            "status",
            "活动已完成，不能再记录；如需更正，请先重新打开：caravan visit reopen 编号 --reason 原因",
            "the visit is completed; reopen it first (caravan visit reopen ID --reason ...)",
        )
    if status == VisitStatus.CANCELLED:
        raise RuleError("status", "活动已取消，不能再记录", "the visit is cancelled; nothing can be recorded")
    raise RuleError("status", f"活动状态无效：{status}", f"unknown visit status: {status}")


# --- sign-in identity ----------------------------------------------------------------------


def _norm_key(text: str | None) -> str:
    """A name or organisation as identity compares it: cleaned, without spaces, lower case."""
    return re.sub(r"\s+", "", clean_text(text or "")).lower()


def same_name_key(name: str | None, organisation: str | None) -> str:
    """Name + class/organisation, case- and space-insensitive: what "possible duplicate" compares."""
    return f"{_norm_key(name)}|{_norm_key(organisation)}"


def distinct_key(signin_id: str) -> str:
    """The dedupe key of a phone sign-in that nothing but its name identifies: itself (a
    second villager of the same name is a second person, marked "possible duplicate")."""
    return f"s:{signin_id}"


def dedupe_key(name: str, organisation: str | None, phone: str | None, person_id: str | None) -> str:
    """Who this sign-in is, for "one sign-in per person per visit".

    A known person (badge) is their id; otherwise a phone number; otherwise name+organisation,
    case- and space-insensitive. Two laptops signing in the same person produce the same key,
    so counts (distinct keys) merge exactly.
    """
    if person_id:
        return f"p:{person_id}"
    if phone:
        return "t:" + re.sub(r"\D", "", phone)
    return f"n:{_norm_key(name)}|{_norm_key(organisation)}"


__all__ = [
    "DutyKind",
    "Group",
    "MovementKind",
    "PersonRole",
    "SigninGroup",
    "SigninMethod",
    "SiteKind",
    "TitleKind",
    "VisitStatus",
    "transition",
]
