"""Logging in to the office console: sessions, CSRF, fixation, the failed-login limit, idle
timeout, disabled users, and which pages each role reaches — against a real hub database."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import update

from caravan_app.console import auth
from caravan_app.console.models import ConsoleSession
from caravan_app.server.db import HubDB
from caravan_app.server.hub import set_setting

from .conftest import PASSWORD, Browser

pytestmark = pytest.mark.server


def test_every_page_needs_a_session_and_login_returns_there(browser, users) -> None:
    b: Browser = browser()
    r = b.get("/devices")
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/devices"
    r = b.login("olga", next_="/devices")
    assert r.status_code == 303 and r.headers["location"] == "/devices"
    page = b.get("/devices")
    assert page.status_code == 200 and "设备" in page.text and "olga" in page.text


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:x"])
def test_login_goes_back_only_to_this_site(browser, users, target: str) -> None:
    r = browser().login("olga", next_=target)
    assert r.status_code == 303 and r.headers["location"] == "/"


def test_cookie_is_httponly_strict_and_secure_under_tls(console, users) -> None:
    b = Browser(console, base_url="https://hub.test")
    try:
        r = b.login("olga")
        cookie = r.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" in cookie
    finally:
        b.close()
    plain = Browser(console).login("olga").headers["set-cookie"]
    assert "Secure" not in plain and "HttpOnly" in plain


def test_wrong_password_is_refused_with_a_chinese_message(browser, users) -> None:
    b = browser()
    r = b.login("olga", "wrong password!")
    assert r.status_code == 401 and "用户名或密码不对" in r.text
    assert b.get("/devices").status_code == 303


def test_session_fixation_the_pre_login_cookie_is_dead_after_login(console, browser, users) -> None:
    b = browser()
    b.get("/login")
    planted = b.session_cookie
    assert planted
    assert b.login("olga").status_code == 303
    assert b.session_cookie and b.session_cookie != planted
    attacker = Browser(console)
    try:
        attacker.client.cookies.set(auth.COOKIE, planted)
        assert attacker.get("/devices").status_code == 303  # the planted id is no session at all
    finally:
        attacker.close()


def test_csrf_refused_without_and_with_a_wrong_token(browser, users, hdb: HubDB) -> None:
    b = browser()
    b.login("olga")
    assert b.post("/devices/add", {"caravan": "1号车"}).status_code == 403
    r = b.post("/devices/add", {"caravan": "1号车", "csrf": "x" * 43})
    assert r.status_code == 403 and "表单已过期" in r.text
    assert not [d for d in __import__("caravan_app.server.hub", fromlist=["x"]).list_devices(hdb)]
    ok = b.post("/devices/add", {"caravan": "1号车", "csrf": b.csrf("/devices")})
    assert ok.status_code == 200 and "注册码" in ok.text
    # Another browser's token is not this session's.
    other = browser()
    other.login("ann")
    assert b.post("/devices/add", {"caravan": "1号车", "csrf": other.csrf("/devices")}).status_code == 403


def test_login_form_needs_its_csrf(browser, users) -> None:
    b = browser()
    b.get("/login")
    r = b.post("/login", {"username": "olga", "password": PASSWORD, "csrf": "nope"})
    assert r.status_code == 403 and b.get("/devices").status_code == 303


def test_failed_logins_are_limited_per_username_with_the_wait(browser, users) -> None:
    b = browser()
    for _ in range(auth.FAIL_MAX_USER):
        assert b.login("olga", "wrong password!").status_code == 401
    r = b.login("olga")  # even the right password waits
    assert r.status_code == 429
    assert re.search(r"请等 \d+ 分钟后再试", r.text)
    assert b.get("/devices").status_code == 303
    # Another user from the same address is not locked out by olga's failures.
    assert browser().login("ann").status_code == 303


def test_failed_logins_are_limited_per_address(browser, users) -> None:
    b = browser()
    for i in range(auth.FAIL_MAX_ADDR):
        assert b.login(f"nobody{i}", "wrong password!").status_code == 401
    assert b.login("ann").status_code == 429


def test_the_limit_lives_in_the_database_not_the_worker(console, hub_url, users, tmp_path) -> None:
    from caravan_app.console.app import create_app

    b = Browser(console)
    for _ in range(auth.FAIL_MAX_USER):
        b.login("olga", "wrong password!")
    b.close()
    second = create_app(hub_url, data_dir=tmp_path)  # another worker over the same database
    c = Browser(second)
    try:
        assert c.login("olga").status_code == 429
    finally:
        c.close()
        second.state.hdb.close()


def test_idle_timeout_ends_the_session(browser, users, hdb: HubDB) -> None:
    set_setting(hdb, "console_idle_minutes", "5")
    b = browser()
    b.login("olga")
    assert b.get("/devices").status_code == 200
    with hdb.write() as s, s.begin():  # the browser was left alone for 6 minutes
        s.execute(update(ConsoleSession).values(seen_ms=ConsoleSession.seen_ms - 6 * 60 * 1000))
    r = b.get("/devices")
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_disabled_user_is_logged_out_at_once(browser, users, hdb: HubDB) -> None:
    b = browser()
    b.login("olga")
    assert b.get("/devices").status_code == 200
    auth.disable_user(hdb, "olga")
    assert b.get("/devices").status_code == 303
    assert b.login("olga").status_code == 401


def test_password_reset_ends_the_users_sessions(browser, users, hdb: HubDB) -> None:
    b = browser()
    b.login("olga")
    auth.reset_password(hdb, "olga", "a brand new password")
    assert b.get("/devices").status_code == 303
    assert browser().login("olga").status_code == 401
    assert browser().login("olga", "a brand new password").status_code == 303


def test_logout_ends_the_session(browser, users) -> None:
    b = browser()
    b.login("olga")
    cookie = b.session_cookie
    assert b.post("/logout", {"csrf": b.csrf("/devices")}).status_code == 303
    b.client.cookies.set(auth.COOKIE, cookie or "")
    assert b.get("/devices").status_code == 303


def test_auditor_reads_but_every_post_is_refused(browser, users, hdb: HubDB) -> None:
    b = browser()
    b.login("audrey")
    assert b.get("/devices").status_code == 200
    assert b.get("/audit").status_code == 200
    r = b.post("/devices/add", {"caravan": "1号车", "csrf": b.csrf("/devices")})
    assert r.status_code == 403 and "没有这个权限" in r.text
    assert (
        b.post("/users/add", {"name": "x", "role": "admin", "password": PASSWORD, "csrf": b.csrf()}).status_code == 403
    )
    assert [u.name for u in auth.list_users(hdb) if u.name == "x"] == []
    assert b.post("/logout", {"csrf": b.csrf()}).status_code == 303  # logging out is not a change


def test_hostile_user_and_van_names_render_as_text(browser, users, hdb: HubDB) -> None:
    from caravan_app.server.hub import add_device

    auth.add_user(hdb, "<script>", "captain", PASSWORD, caravan='"><img src=x onerror=alert(1)>')
    add_device(hdb, "<script>alert(1)</script>", "van")
    b = browser()
    b.login("ann")
    users_page = b.get("/users").text
    assert "<script>" not in users_page and "&lt;script&gt;" in users_page
    assert "<img src=x" not in users_page and "&#34;&gt;&lt;img" in users_page
    devices = b.get("/devices").text
    assert "<script>alert" not in devices and "&lt;script&gt;alert(1)&lt;/script&gt;" in devices
    c = browser()
    assert c.login("<script>").status_code == 303
    assert "<script>" not in c.get("/").text


def test_english_is_a_setting(browser, users) -> None:
    b = browser()
    b.login("olga")
    assert "设备" in b.get("/devices").text
    r = b.get("/lang/en?next=/devices")
    assert r.status_code == 303 and r.headers["location"] == "/devices"
    page = b.get("/devices").text
    assert "Devices" in page and "设备" not in page and 'lang="en"' in page
    other = browser()  # the user's choice follows them to another browser
    other.login("olga")
    assert 'lang="en"' in other.get("/devices").text
    assert 'lang="zh-CN"' in browser().get("/login").text  # the login page of a new browser: Chinese


def test_errors_are_chinese_pages_without_a_trace(browser, users) -> None:
    b = browser()
    b.login("cai")
    r = b.get("/no/such/page")
    assert r.status_code == 404 and "没有这个页面" in r.text and "Traceback" not in r.text
    r = b.get("/devices")
    assert r.status_code == 403 and "没有这个权限" in r.text


def test_user_commands(hub_url: str) -> None:
    from tests.helpers.cli import CliResult, run_server_cli  # in-process: the answers are under test

    def run(*args: str, stdin: str = "") -> CliResult:
        return run_server_cli("--db", hub_url, "user", *args, stdin=stdin)

    assert (
        run(
            "add", "zhang", "--role", "county", "--county", "曲阜市", "--password-stdin", stdin=PASSWORD + "\n"
        ).returncode
        == 0
    )
    bad = run("add", "li", "--role", "county", "--password-stdin", stdin=PASSWORD + "\n")
    assert bad.returncode == 1 and "--county" in bad.stderr
    short = run("add", "li", "--role", "office", "--password-stdin", stdin="short\n")
    assert short.returncode == 1 and "至少 10 个字符" in short.stderr
    import json

    listed = json.loads(run("list", "--json").stdout)
    assert listed == [
        {
            "name": "zhang",
            "role": "county",
            "county": "曲阜市",
            "caravan": None,
            "disabled": False,
            "created_at": listed[0]["created_at"],
        }
    ]
    assert run("disable", "zhang").returncode == 0
    assert json.loads(run("list", "--json").stdout)[0]["disabled"] is True
    assert run("reset", "zhang", stdin="another long password\n").returncode == 0
    hdb = HubDB(hub_url)
    try:
        auth.enable_user(hdb, "zhang")
        assert auth.authenticate(hdb, "zhang", "another long password", None) is not None
        assert auth.authenticate(hdb, "zhang", PASSWORD, None) is None
    finally:
        hdb.close()
    assert run("disable", "nobody").returncode == 1
    out = run_server_cli("--db", hub_url, "settings", "--console-idle-minutes", "15")
    assert out.returncode == 0 and '"console_idle_minutes": "15"' in out.stdout
    out = run_server_cli("--db", hub_url, "settings", "--console-idle-minutes", "0")
    assert out.returncode == 1 and "1 到 1440" in out.stderr


def test_scope_is_the_one_rule_for_what_each_role_sees(users) -> None:
    county = auth.scope_of(users["county"])
    assert county == auth.Scope(county="曲阜市", caravan=None, phones=False)
    assert county.allows(county="曲阜市", caravan="2号车") and not county.allows(county="邹城市")
    assert not county.allows(county=None)  # a record of no known county is not theirs
    captain = auth.scope_of(users["captain"])
    assert captain.caravan == "1号车" and not captain.phones
    assert captain.allows(county="邹城市", caravan="1号车") and not captain.allows(caravan="2号车")
    for role in ("admin", "office", "auditor"):
        s = auth.scope_of(users[role])
        assert s.county is None and s.caravan is None and s.phones and s.allows(county="任何", caravan="任何")
    assert not auth.can_change(users["auditor"]) and auth.can_change(users["county"])


def test_hostile_values_on_the_anomalies_page_render_as_text(browser, users, hdb: HubDB) -> None:
    from caravan_app.server import models as hm

    with hdb.write() as s, s.begin():
        s.add(
            hm.HubConflict(
                entity="site",
                record_id="00000000-0000-7000-8000-00000000c001",
                field="name",
                kept_value='"><img src=x onerror=alert(1)>',
                lost_value="<script>alert(2)</script>",
                lost_hlc="1700000000000.00000",
                lost_device="00000000-0000-7000-8000-00000000d001",
            )
        )
    b = browser()
    b.login("olga")
    page = b.get("/anomalies").text
    assert "<script>alert(2)" not in page and "&lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert "<img src=x" not in page


def test_passwords_are_hashed_with_owasp_parameters_unless_the_test_setting_is_given() -> None:
    """The suite hashes cheaply (tests/conftest.py); production, without the setting, must not."""
    from argon2.profiles import RFC_9106_LOW_MEMORY

    production = auth.password_hasher({})
    assert (production.time_cost, production.memory_cost, production.parallelism) == (
        RFC_9106_LOW_MEMORY.time_cost,
        RFC_9106_LOW_MEMORY.memory_cost,
        RFC_9106_LOW_MEMORY.parallelism,
    )
    assert auth.password_hasher({auth.CHEAP_HASH_ENV: "0"}).memory_cost == RFC_9106_LOW_MEMORY.memory_cost
    cheap = auth.password_hasher({auth.CHEAP_HASH_ENV: "1"})
    made_in_a_test = cheap.hash("秘密 password")
    assert production.verify(made_in_a_test, "秘密 password")
    assert production.check_needs_rehash(made_in_a_test)  # re-hashed with OWASP's at its next login
