"""The mobile pages, filled from resources/web templates. Every value is HTML-escaped.

Plain HTML forms that work without JavaScript (old Android browsers, WeChat); the CSS is
inlined so a page is one request with no external assets.
"""

from __future__ import annotations

import html
from functools import cache
from string import Template

from ..domain.privacy import Collection
from ..domain.records.visits import Visit
from ..domain.vocab import SIGNIN_GROUP_LABELS, VISIT_STATUS_LABELS, SigninGroup, label
from ..paths import resources_dir
from ..services.attendance import SigninResult


@cache
def _template(name: str) -> Template:
    return Template((resources_dir() / "web" / name).read_text(encoding="utf-8"))


@cache
def _css() -> str:
    return (resources_dir() / "web" / "style.css").read_text(encoding="utf-8")


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _render(_tpl: str, **values: object) -> bytes:
    filled = {k: v for k, v in values.items()}
    filled["css"] = _css()
    return _template(_tpl).substitute(filled).encode("utf-8")


def visit_title(visit: Visit, site_name: str | None) -> tuple[str, str]:
    """(site line, subtitle line) shown at the top of the page."""
    sub = " · ".join(x for x in (visit.date, visit.theme) if x)
    return site_name or "科普活动", sub or label(VISIT_STATUS_LABELS, visit.status or "")


def form_page(
    action: str,
    site: str,
    subtitle: str,
    form: dict[str, str] | None = None,
    error: str | None = None,
    *,
    notice: str = "",
    asked: Collection | None = None,
    pupils: tuple[str, ...] = (),
) -> bytes:
    """The form. ``asked``: the form of one chosen group (a pupil's has no phone field
    and an optional name); without it the general form, whose pupil groups are links to
    their own form (``pupils``: the groups that have one)."""
    form = form or {}
    chosen = form.get("group") or ""
    fixed = asked is not None and chosen in SIGNIN_GROUP_LABELS
    if fixed:
        zh = SIGNIN_GROUP_LABELS[SigninGroup(chosen)][0]
        groups = f'<input type="hidden" name="group" value="{_e(chosen)}"><p class="chosen" id="chosen">{_e(zh)}</p>'
    else:
        groups = "".join(
            f'<label><input type="radio" name="group" value="{_e(code.value)}"'
            f"{' checked' if code.value == chosen else ''}>{_e(zh)}</label>"
            for code, (zh, _en) in SIGNIN_GROUP_LABELS.items()
            if code.value not in pupils
        )
    chooser = ""
    if pupils and not fixed:
        # A GET form, not links: the page names no address but its own (no JavaScript needed).
        buttons = "".join(
            f'<button type="submit" class="pupil" id="pupil-{_e(g)}" name="group" value="{_e(g)}">'
            f"{_e(SIGNIN_GROUP_LABELS[SigninGroup(g)][0])}</button>"
            for g in pupils
            if g in SIGNIN_GROUP_LABELS
        )
        chooser = (
            f'<form class="card pupils" method="get" action="{_e(action)}" id="pupils">'
            f"<p>小学生、初中生请点这里（不用填手机号，姓名可不填）：</p>{buttons}</form>"
        )
    ask_phone = asked is None or asked.ask_phone
    name_req = asked is None or asked.name_required
    class_req = asked is not None and asked.class_required
    phone_row = (
        '<label class="f" for="phone">手机号 <span class="opt">（选填）</span></label>\n'
        f'<input class="t" type="tel" id="phone" name="phone" maxlength="20" value="{_e(form.get("phone", ""))}">'
        if ask_phone
        else ""
    )
    return _render(
        "signin.html",
        action=_e(action),
        site=_e(site),
        subtitle=_e(subtitle),
        error=f'<div class="err" id="error" role="alert">{_e(error)}</div>' if error else "",
        groups=groups,
        name=_e(form.get("name", "")),
        name_opt="" if name_req else '<span class="opt">（可不填）</span>',
        name_required=" required" if name_req else "",
        org=_e(form.get("org", "")),
        org_opt='<span class="opt">（必填）</span>' if class_req else '<span class="opt">（选填）</span>',
        org_required=" required" if class_req else "",
        phone_row=phone_row,
        notice=(f'<p class="notice" id="notice">{_e(notice)}</p>' if notice else "")
        + f'<p class="notice" id="photo-notice">{_e(PHOTO_NOTICE)}</p>',
        pupils=chooser,
        another='<input type="hidden" name="another" value="1">' if form.get("another") == "1" else "",
    )


PHOTO_NOTICE = (
    "【照片告知】活动现场会由工作人员拍摄照片，用于活动记录和向主管部门报送；"
    "只有标为可公开的照片才会对外发布，照片不含位置信息。如不希望被拍摄或要求删除照片，请告诉现场工作人员。"
)


def upload_page(path: str, site: str, date: str, message: str = "", error: str = "") -> bytes:
    """The crew's photo upload page: one plain multipart form (no JavaScript)."""
    return _render(
        "upload.html",
        path=_e(path),
        site=_e(site),
        date=_e(date),
        message=f'<div class="card ok" id="result">{_e(message)}</div>' if message else "",
        error=f'<div class="err" id="error" role="alert">{_e(error)}</div>' if error else "",
    )


def done_page(site: str, result: SigninResult, path: str = "") -> bytes:
    """The answer; with ``path`` a plain link "再签一位" (this phone signs in one more person)."""
    title = "已签到" if result.duplicate else "签到成功"
    note = "您之前已经签过到了，无需重复签到。" if result.duplicate else "感谢参加科普大篷车活动！"
    again = f'<p><a class="again" id="another" href="{_e(path)}?another=1">再签一位</a></p>' if path else ""
    return _render(
        "done.html",
        title=title,
        site=_e(site),
        name=_e(result.name or "同学"),
        number=result.number,
        note=note,
        again=again,
    )


def message_page(title: str, text: str) -> bytes:
    return _render("message.html", title=_e(title), text=_e(text))
