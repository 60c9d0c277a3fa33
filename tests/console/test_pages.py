"""设备, 异常 and 审计 through the console, with the same hub functions as the CLI: a laptop
enrolls with the code the page shows and its sync reports version, clock offset and pending."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from caravan_app.console import auth
from caravan_app.console.app import create_app
from caravan_app.server import models as hm
from caravan_app.server.apply import dumps
from caravan_app.server.hub import list_bad, list_devices
from caravan_app.services.app import App
from tests.conftest import fresh_data_dir
from tests.sync.hubproc import HubProcess

from .conftest import PASSWORD, Browser

pytestmark = pytest.mark.server
os.environ["CARAVAN_TOKEN_STORE"] = "file"


def _code(page: str) -> str:
    m = re.search(r'id="enroll-code">([^<]+)<', page)
    assert m, page[:500]
    return m.group(1)


def test_enroll_a_laptop_from_the_devices_page_and_see_its_sync(tmp_path: Path) -> None:
    (tmp_path / "hub").mkdir()
    hub = HubProcess(tmp_path / "hub")
    app = create_app(hub.db_url, data_dir=tmp_path / "hub")
    b = Browser(app)
    lap = App.open(fresh_data_dir(tmp_path / "lap"))
    try:
        with hub.hdb.write() as s, s.begin():
            s.execute(hm.Base.metadata.tables["console_users"].delete())
        auth.add_user(app.state.hdb, "olga", "office", PASSWORD)
        b.login("olga")
        r = b.post("/devices/add", {"caravan": "1号车", "server": hub.url, "csrf": b.csrf("/devices")})
        assert r.status_code == 200 and "<svg" in r.text and "注册码" in r.text
        code = _code(r.text)
        assert code not in str(r.url)  # shown in the answer to the POST, never in a URL
        lap.sync.enroll(hub.url, code)
        lap.catalog.add_caravan("1号车")
        lap.sync.sync_now()
        page = b.get("/devices").text
        row = page.split(lap.db.device_id)[0].rsplit("<tr>", 1)[1]
        assert "0.1.0" in row and "已注册" in row and "1号车" in row
        assert re.search(r'<td class="num">0</td>', row)  # nothing left to push
        assert re.search(r"-?\d+(\.\d)? 秒", row)  # the clock offset it measured
        dev = next(d for d in list_devices(app.state.hdb) if d["device_id"] == lap.db.device_id)
        assert dev["app_version"] == "0.1.0" and dev["pending"] == 0 and dev["clock_offset_ms"] is not None
        # Revoke: a confirm page first; the laptop's next sync is refused.
        assert "撤销这台电脑" in b.get(f"/devices/{dev['id']}/revoke").text
        r = b.post(f"/devices/{dev['id']}/revoke", {"csrf": b.csrf("/devices")})
        assert r.status_code == 303 and r.headers["location"].endswith("/revoke")
        assert next(d for d in list_devices(app.state.hdb) if d["id"] == dev["id"])["status"] != "revoked"
        r = b.post(f"/devices/{dev['id']}/revoke", {"csrf": b.csrf("/devices"), "confirm": "yes"})
        assert r.status_code == 303
        assert next(d for d in list_devices(app.state.hdb) if d["id"] == dev["id"])["status"] == "revoked"
        with pytest.raises(Exception, match="(?i)revok|撤销"):
            lap.sync.sync_now()
        # Both changes are in the audit log, with the browser's address.
        auth.add_user(app.state.hdb, "audrey", "auditor", PASSWORD)
        a = Browser(app)
        a.login("audrey")
        audit = a.get("/audit").text
        assert "注册电脑" in audit and "撤销电脑" in audit and "10.0.0.7" in audit and "olga" in audit
        a.close()
    finally:
        lap.close()
        b.close()
        app.state.hdb.close()
        hub.stop()


def test_the_code_carries_the_pin_when_the_hub_has_tls(hub_url: str, tmp_path: Path) -> None:
    from caravan_app.server.tls import fingerprint, self_signed

    cert, _key = self_signed(tmp_path)
    app = create_app(hub_url, data_dir=tmp_path, tls_cert=str(cert))
    b = Browser(app, base_url="https://hub.test")
    try:
        auth.add_user(app.state.hdb, "olga", "office", PASSWORD)
        b.login("olga")
        page = b.post("/devices/add", {"caravan": "2号车", "csrf": b.csrf("/devices")}).text
        pin = fingerprint(cert)
        assert _code(page).endswith("~" + pin) and pin in page
        nopin = b.post("/devices/add", {"caravan": "2号车", "no_pin": "1", "csrf": b.csrf("/devices")}).text
        assert "~" not in _code(nopin)
        empty = b.post("/devices/add", {"caravan": " ", "csrf": b.csrf("/devices")})
        assert empty.status_code == 400 and "车辆" in empty.text
    finally:
        b.close()
        app.state.hdb.close()


BAD = "00000000-0000-7000-8000-00000000b002"


def test_retract_a_bad_record_from_the_anomalies_page(browser, users, hdb) -> None:
    with hdb.write() as s, s.begin():
        counter = s.scalars(select(hm.Counter).where(hm.Counter.name == "seq")).one()
        counter.value += 1
        s.add(
            hm.Record(
                entity="site",
                id=BAD,
                device_id="00000000-0000-7000-8000-00000000d001",
                hlc="1700000000000.00000",
                data=dumps({"name": "<b>坏学校</b>", "county": "c", "students": 10**30, "deleted": False}),
                clocks=None,
                seq=counter.value,
                sole_writer=None,
            )
        )
    b = browser()
    b.login("olga")
    page = b.get("/anomalies").text
    assert BAD in page and "撤回…" in page
    form = b.get(f"/anomalies/retract?id={BAD}&entity=site").text
    assert 'name="reason"' in form
    r = b.post("/anomalies/retract", {"id": BAD, "entity": "site", "reason": "", "csrf": b.csrf("/anomalies")})
    assert "请写明撤回这条记录的原因" in r.text
    assert list_bad(hdb)["bad"]
    r = b.post("/anomalies/retract", {"id": BAD, "entity": "site", "reason": "测试数据", "csrf": b.csrf("/anomalies")})
    assert r.status_code == 303
    out = list_bad(hdb)
    assert not out["bad"] and out["retracted"][0]["reason"] == "测试数据"
    again = b.post("/anomalies/retract", {"id": BAD, "entity": "site", "reason": "x", "csrf": b.csrf("/anomalies")})
    assert again.status_code == 404 and "没有编号为" in again.text
    # The auditor sees the page, not the retract form.
    a = browser()
    a.login("audrey")
    assert "测试数据" in a.get("/anomalies").text
    assert a.get(f"/anomalies/retract?id={BAD}").status_code == 403


def test_audit_page_pages_and_filters(browser, users, hdb, console) -> None:
    from caravan_app.console.audit import record

    for i in range(130):
        record(hdb, users["office"] if i % 2 else users["county"], "view_signins", f"visit {i}")
    a = browser()
    a.login("audrey")
    first = a.get("/audit").text
    assert "visit 129" in first and "visit 29" not in first and "共 2 页" in first
    assert "visit 0<" in a.get("/audit?page=2").text
    only = a.get("/audit?user=cai").text
    assert "olga" not in only.split("<tbody>")[1] and "visit 128" in only


def test_users_page_adds_disables_and_resets(browser, users, hdb) -> None:
    b = browser()
    b.login("ann")
    r = b.post(
        "/users/add",
        {"name": "zhou", "role": "county", "county": "邹城市", "password": PASSWORD, "csrf": b.csrf("/users")},
    )
    assert r.status_code == 303
    assert any(u.name == "zhou" and u.county == "邹城市" for u in auth.list_users(hdb))
    bad = b.post("/users/add", {"name": "wu", "role": "county", "password": PASSWORD, "csrf": b.csrf("/users")})
    assert bad.status_code == 400 and "--county" in bad.text
    z = browser()
    z.login("zhou")
    assert z.get("/").status_code == 200
    assert b.post("/users/change", {"name": "zhou", "action": "disable", "csrf": b.csrf("/users")}).status_code == 303
    assert z.get("/").status_code == 303
    me = b.post("/users/change", {"name": "ann", "action": "disable", "csrf": b.csrf("/users")})
    assert me.status_code == 400 and "不能停用自己" in me.text
    assert b.post("/users/settings", {"idle_minutes": "0", "csrf": b.csrf("/users")}).status_code == 400
    assert b.post("/users/settings", {"idle_minutes": "45", "csrf": b.csrf("/users")}).status_code == 303
    assert auth.idle_ms(hdb) == 45 * 60 * 1000
