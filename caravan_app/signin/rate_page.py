"""The school rates the visit on the laptop's own phone page at the end of the visit (评单):
``/r/<sign-in token>`` on the sign-in server, a 1–5 score and a comment. Works without the
internet: the rating is a synced record on the laptop (``services/orders.py``) and goes to the
hub at the next sync; the hub's ``/rate`` page edits the same rating."""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..domain.errors import DomainError
from ..domain.records.visits import Visit
from . import pages

RATE_PATH = re.compile(r"^/r/([A-Za-z0-9_-]{8,64})/?$")


def rate_url(host: str, port: int, token: str) -> str:
    """The laptop's rating page of a visit: the sign-in address with ``/r/`` for ``/s/``."""
    from .netaddr import signin_url

    return signin_url(host, port, token).replace("/s/", "/r/", 1)


def _page(title: str, body: str) -> bytes:
    return (
        "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{html.escape(title)}</title><style>{pages._css()}</style></head>"
        f"<body><main><h1>{html.escape(title)}</h1>{body}</main></body></html>"
    ).encode()


def _form(path: str, site: str, score: int | None, comment: str | None, note: str = "") -> bytes:
    radios = "".join(
        f"<label style='display:inline-block;margin-right:1em'><input type='radio' name='score' value='{n}' required"
        f"{' checked' if score == n else ''}> {n}</label>"
        for n in range(1, 6)
    )
    body = (
        f"<p>{html.escape(site)}</p>{note}"
        f"<form method='post' action='{html.escape(path)}'>"
        f"<fieldset><legend>您的评价（1 很差 – 5 很好）</legend>{radios}</fieldset>"
        f"<label>意见和建议<br><textarea name='comment' rows='3' maxlength='2000'>{html.escape(comment or '')}</textarea></label>"
        "<p><button type='submit'>提交评价</button></p></form>"
    )
    return _page("评价这次活动", body)


def _visit(handler: Any, token: str) -> tuple[Visit, str] | None:
    app = handler.server.app
    visit = app.visits.by_token(token)
    if visit is None:
        return None
    site = app.sites.get(visit.site_id)
    return visit, str((site.name if site else None) or "科普活动")


def handle_get(handler: Any) -> bool:
    """Serve ``/r/<token>``; False when the path is not this page's."""
    m = RATE_PATH.match(urlsplit(handler.path).path)
    if m is None:
        return False
    if handler._limited(handler.server.page_limiter):
        return True
    found = _visit(handler, m.group(1))
    if found is None:
        handler._send(404, pages.message_page("无法评价", "请扫描活动现场的评价二维码。"))
        return True
    visit, site = found
    old = handler.server.app.orders.rating_of(visit.id)
    handler._send(
        200, _form(urlsplit(handler.path).path, site, old.score if old else None, old.comment if old else None)
    )
    return True


def handle_post(handler: Any) -> bool:
    m = RATE_PATH.match(urlsplit(handler.path).path)
    if m is None:
        return False
    if handler._limited(handler.server.submit_limiter):
        return True
    if handler._cross_origin():
        handler._send(403, pages.message_page("无法评价", "请扫描活动现场的评价二维码，在打开的页面上填写。"))
        return True
    try:
        length = int(handler.headers.get("Content-Length") or "-1")
    except ValueError:
        length = -1
    if length < 0 or length > 8192:
        handler._send(413, pages.message_page("无法评价", "提交的内容过长。"))
        return True
    try:
        fields = parse_qs(handler.rfile.read(length).decode("utf-8"), keep_blank_values=True, max_num_fields=5)
    except (UnicodeDecodeError, ValueError):
        handler._send(400, pages.message_page("无法评价", "提交的内容无法识别，请重新填写。"))
        return True
    found = _visit(handler, m.group(1))
    if found is None:
        handler._send(404, pages.message_page("无法评价", "请扫描活动现场的评价二维码。"))
        return True
    visit, site = found
    score = (fields.get("score") or [""])[0]
    comment = (fields.get("comment") or [""])[0]
    path = urlsplit(handler.path).path
    try:
        r = handler.server.app.orders.rate(visit.id, score, comment)
    except DomainError as e:
        handler._send(400, _form(path, site, None, comment, f"<p class='error'>{html.escape(e.zh)}</p>"))
        return True
    handler._send(200, _form(path, site, r.score, r.comment, "<p class='ok'>谢谢您的评价！可以修改后再次提交。</p>"))
    return True
