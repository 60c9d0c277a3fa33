"""Every console route, with every role and with no session: found from the app itself, so a page
added later is walked too. A route must declare its roles (``require``) or be public."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute

from caravan_app.console import auth
from caravan_app.console.app import PUBLIC
from caravan_app.console.auth import Role

from .conftest import Browser

pytestmark = pytest.mark.server

NAMES = {Role.ADMIN: "ann", Role.OFFICE: "olga", Role.COUNTY: "cai", Role.CAPTAIN: "cao", Role.AUDITOR: "audrey"}

# What the issue says about a few sections, independent of what the routes declare.
MUST_REFUSE = {
    "/audit": {Role.OFFICE, Role.COUNTY, Role.CAPTAIN},
    "/devices": {Role.COUNTY, Role.CAPTAIN},
    "/anomalies": {Role.COUNTY, Role.CAPTAIN},
    "/users": {Role.OFFICE, Role.COUNTY, Role.CAPTAIN},
}


def _rule(route: APIRoute) -> tuple[Role, ...] | None:
    stack = list(route.dependant.dependencies)
    while stack:
        d = stack.pop()
        if isinstance(d.call, auth.require):
            return d.call.roles
        stack.extend(d.dependencies)
    return None


def _flat(routes: list) -> list:
    out = []
    for r in routes:
        inner = getattr(r, "original_router", None)  # an included router (FastAPI >= 0.16x)
        out.extend(_flat(list(inner.routes)) if inner is not None else [r])
    return out


def console_routes(app) -> list[tuple[APIRoute, str]]:
    out = []
    for r in _flat(list(app.routes)):
        if isinstance(r, APIRoute) and r.path not in app.state.hub_paths:
            for m in sorted(r.methods - {"HEAD"}):
                out.append((r, m))
    return out


def _url(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "999999", path)


@pytest.mark.slow  # every route × every role
def test_every_route_with_every_role(console, users) -> None:
    routes = console_routes(console)
    assert {"/devices", "/anomalies", "/audit", "/users", "/login", "/"} <= {r.path for r, _ in routes}
    anon = Browser(console)
    signed = {role: Browser(console) for role in Role}
    try:
        for role, b in signed.items():
            assert b.login(NAMES[role]).status_code == 303
        for route, method in routes:
            path = _url(route.path)
            roles = _rule(route)
            if route.path in PUBLIC:
                continue
            assert roles is not None, f"{method} {route.path} declares no roles: add Depends(require(...))"
            for p, refused in MUST_REFUSE.items():
                if route.path == p:
                    assert not refused & set(roles), f"{p} is open to {refused & set(roles)}"
            # No session: to the login page, nothing done.
            r = anon.get(path) if method == "GET" else anon.post(path, {})
            assert r.status_code == 303 and r.headers["location"].startswith("/login"), (method, path, r.status_code)
            for role, b in signed.items():
                csrf = b.csrf("/")
                if method == "GET":
                    r = b.get(path)
                    want = {200, 404} if role in roles else {403}
                else:
                    r = b.post(path, {"csrf": csrf})
                    allowed = role in roles and role != Role.AUDITOR
                    want = set(range(200, 500)) - {403} if allowed else {403}
                    if allowed:  # and without the token: refused
                        assert b.post(path, {}).status_code == 403, (method, path, role)
                assert r.status_code in want, (method, path, role.value, r.status_code)
                assert "Traceback" not in r.text
    finally:
        anon.close()
        for b in signed.values():
            b.close()


def test_nav_shows_only_what_the_role_may_open(browser, users) -> None:
    b = browser()
    b.login("cai")
    home = b.get("/").text
    assert 'href="/today"' in home and 'href="/audit"' not in home and 'href="/devices"' not in home
    a = browser()
    a.login("audrey")
    assert 'href="/audit"' in a.get("/").text
