"""Server-rendered pages: one Jinja2 environment (autoescape on) over ``console/templates``; every
page gets the nav for the user's role, the language, ``t`` (translate) and the session's CSRF token.
"""

from __future__ import annotations

import secrets
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.datastructures import FormData

from ..services.app import App
from . import state_cache
from .auth import AUDIT_READ, EVERYONE, OFFICE_READ, ConsoleUser, Forbidden, Role, can_change, scope_of, session_of
from .i18n import pick, tr

TEMPLATES = Path(__file__).resolve().parent / "templates"
LANG_COOKIE = "caravan_lang"

# Pages are never cached (they show personal data), never framed (clickjacking), and load only the
# hub's own files (no inline script; inline SVG and styles from /static are fine).
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}

# Templates are files of this build: compiled once per process, never stat'ed again per page.
_env = Environment(
    loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True), auto_reload=False
)
_MARK = secrets.token_hex(8)  # per process: no page content can forge a hole


@dataclass(frozen=True)
class NavItem:
    path: str
    label: str  # English source; zh from the catalogue
    roles: tuple[Role, ...]


# The console's sections in order. A page module serves its path; the nav shows it to these roles.
NAV: list[NavItem] = [
    NavItem("/today", "Today", EVERYONE),
    NavItem("/visits", "Visits", EVERYONE),
    NavItem("/review", "Review", OFFICE_READ),
    NavItem("/stats", "Statistics", EVERYONE),
    NavItem("/volunteers", "Volunteers", OFFICE_READ),
    NavItem("/devices", "Devices", OFFICE_READ),
    NavItem("/anomalies", "Anomalies", OFFICE_READ),
    NavItem("/audit", "Audit", AUDIT_READ),
    NavItem("/users", "Users", (Role.ADMIN, Role.AUDITOR)),
]


ROLE_LABELS = {
    Role.ADMIN: "Administrator",
    Role.OFFICE: "Office",
    Role.COUNTY: "County liaison",
    Role.CAPTAIN: "Van captain",
    Role.AUDITOR: "Auditor",
}
_env.globals["role_label"] = lambda r: ROLE_LABELS.get(Role(r), str(r))


def lang_of(request: Request) -> str:
    """The cookie's choice, else the user's saved one, else Chinese."""
    cookie = request.cookies.get(LANG_COOKIE)
    if cookie:
        return pick(cookie)
    info = session_of(request)
    return pick(info.lang if info else None)


def csrf_token(request: Request) -> str:
    info = session_of(request)
    return info.csrf if info else ""


def csrf_check(request: Request, form: FormData) -> None:
    """For routes that read a form without ``require`` (``require`` already checks every POST)."""
    sent = form.get("csrf")
    token = csrf_token(request)
    if not token or not isinstance(sent, str) or not secrets.compare_digest(sent, token):
        raise Forbidden("csrf")


def compile_templates() -> None:
    """Compile every template now (a worker's start), not in its first users' requests."""
    for name in _env.list_templates(filter_func=lambda n: n.endswith(".html")):
        _env.get_template(name)


def _hole(name: str) -> str:
    return f"@@{_MARK}{name}@@"


def render(request: Request, template: str, user: ConsoleUser | None, status: int = 200, **ctx: Any) -> HTMLResponse:
    return _render(request, template, user, status, None, None, ctx)


def _render(
    request: Request,
    template: str,
    user: ConsoleUser | None,
    status: int,
    keep: tuple[App, Hashable] | tuple[App, Hashable, state_cache.On] | None,
    fresh: Mapping[str, str] | None,
    ctx: dict[str, Any],
) -> HTMLResponse:
    """``template`` rendered for this request. With ``keep`` (the read model and a key that,
    with the language and the user's role and scope, decides everything the ``main`` block
    shows), that block is rendered once per state of the read model and kept
    (``state_cache``); the session's CSRF token and the ``fresh`` values (per request, e.g. the
    time read) are filled into its holes, and the frame (nav, user, language link) is rendered
    each time. ``keep`` may name the cursor the block is kept on (``state_cache.kept``'s ``on``)."""
    lang = lang_of(request)

    def t(text: str, **kw: object) -> str:
        return tr(lang, text, **kw)

    nav = [n for n in NAV if user is not None and user.role in n.roles]
    here = request.url.path
    csrf = csrf_token(request)
    values = dict(
        request=request,
        user=user,
        lang=lang,
        t=t,
        nav=nav,
        here=here,
        csrf=csrf,
        can_change=bool(user and can_change(user)),
        here_full=here + (("?" + request.url.query) if request.url.query else ""),
        **ctx,
    )
    tmpl = _env.get_template(template)
    if keep is None or user is None:
        html = tmpl.render(**values, **(fresh or {}))
    else:
        app, key = keep[0], keep[1]
        on: state_cache.On = keep[2] if len(keep) == 3 else "cursor"  # type: ignore[misc]
        holes = {"csrf": csrf, **(fresh or {})}

        def main() -> str:
            blank = tmpl.new_context({**values, **{k: _hole(k) for k in holes}})
            return "".join(tmpl.blocks["main"](blank))

        body = state_cache.kept(app, ("html", template, lang, user.role, scope_of(user), key), main, on=on)
        for k, v in holes.items():
            body = body.replace(_hole(k), str(escape(v)))
        frame = tmpl.new_context({**values, **(fresh or {})})
        frame.blocks["main"] = [lambda _c: iter((Markup(body),))]
        html = "".join(tmpl.root_render_func(frame))
    resp = HTMLResponse(html, status_code=status)
    resp.headers.update(SECURITY_HEADERS)
    return resp


def page(request: Request, user: ConsoleUser, template: str, **ctx: Any) -> HTMLResponse:
    """A console page for a logged-in user (templates extend ``base.html``)."""
    return render(request, template, user, **ctx)


def kept_page(
    request: Request,
    user: ConsoleUser,
    template: str,
    keep: tuple[App, Hashable] | tuple[App, Hashable, state_cache.On],
    fresh: Mapping[str, str] | None = None,
    **ctx: Any,
) -> HTMLResponse:
    """A page whose ``main`` block is kept per state of the read model (see ``_render``): for
    the pages every office user opens again and again (今日, 活动, a visit, 审核)."""
    return _render(request, template, user, 200, keep, fresh, ctx)


def error_page(request: Request, status: int, title: str, advice: str) -> HTMLResponse:
    """A page that says what happened and what to do (``title``/``advice`` English, translated)."""
    info = session_of(request) if hasattr(request.app.state, "hdb") else None
    user = info.user if info else None
    return render(request, "error.html", user, status=status, status_code=status, title=title, advice=advice)
