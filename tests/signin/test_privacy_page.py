"""Issue #14 on the phone page, over real HTTP: the office's notice is shown; a primary pupil's
form asks no phone number and lets the name be left out; what a pupil posts is stored without
a phone number; guardian-consent mode asks pupils as before."""

from __future__ import annotations

import re

import httpx

from caravan_app.services.app import App

from .conftest import Live


def test_the_page_shows_the_notice_and_sends_pupils_to_their_own_form(app: App, live: Live) -> None:
    app.privacy.set_notice("本签到由鱼台县科协收集，仅用于统计人数，90 天后删除，联系电话 0537-6221234。")
    html = httpx.get(live.url).text
    assert 'id="notice"' in html and "90 天后删除" in html and "0537-6221234" in html
    assert 'id="pupils"' in html and 'value="primary"' in html
    assert ">小学生</label>" not in html, "the general form offers no pupil radio (it asks a phone)"
    assert 'name="phone"' in html and ">教师</label>" in html


def test_a_primary_pupil_is_asked_no_phone_and_the_name_is_optional(app: App, live: Live) -> None:
    r = httpx.get(live.url, params={"group": "primary"})
    assert r.status_code == 200
    html = r.text
    assert 'name="phone"' not in html and 'type="tel"' not in html and 'for="phone"' not in html
    assert re.search(r'<input[^>]*id="name"[^>]*>', html) and not re.search(r'id="name"[^>]*required', html)
    assert re.search(r'id="org"[^>]*required', html), "the class is what a pupil gives"
    assert 'name="group" value="primary"' in html and 'id="notice"' in html
    # Posting as that form does (a forged phone field is dropped, not stored).
    done = httpx.post(live.url, data={"group": "primary", "name": "", "org": "三年级二班", "phone": "13800138000"})
    assert done.status_code == 200 and "签到成功" in done.text
    (row,) = app.attendance.signins(live.visit)
    assert row.phone is None and row.name == "" and row.organisation == "三年级二班"
    # No class and no name: the form comes back asking for the class.
    again = httpx.post(live.url, data={"group": "junior", "name": "", "org": ""})
    assert again.status_code == 400 and "班级" in again.text and 'name="phone"' not in again.text


def test_a_teacher_is_asked_as_before(app: App, live: Live) -> None:
    html = httpx.get(live.url, params={"group": "teacher"}).text
    assert 'name="phone"' in html and re.search(r'id="name"[^>]*required', html)
    httpx.post(live.url, data={"group": "teacher", "name": "李老师", "org": "鱼台一中", "phone": "13912345678"})
    (row,) = app.attendance.signins(live.visit)
    assert row.phone == "13912345678"


def test_guardian_consent_mode_asks_pupils_name_and_phone(app: App, live: Live) -> None:
    app.privacy.configure(guardian_consent=True)
    app.attendance._collect_cache = None  # read again at once (normally within seconds)
    html = httpx.get(live.url, params={"group": "primary"}).text
    assert 'name="phone"' in html and ">小学生</label>" in html and 'id="pupils"' not in html
    httpx.post(live.url, data={"group": "primary", "name": "张小明", "org": "三年级二班", "phone": "13800138000"})
    (row,) = app.attendance.signins(live.visit)
    assert row.phone == "13800138000" and row.name == "张小明"


def test_the_printed_sign_in_sheet_carries_the_notice(app: App, live: Live, tmp_path) -> None:  # noqa: ANN001
    from pypdf import PdfReader

    from caravan_app.reports import printables

    app.privacy.set_notice("本签到由鱼台县科协收集，90 天后删除，联系电话 0537-6221234。")
    info = app.reports.printable_visit(live.visit, live.url)
    pdf = printables.sheet(tmp_path / "sheet.pdf", info, rows=80)
    pages = [p.extract_text().replace("\n", "") for p in PdfReader(pdf).pages]
    assert len(pages) >= 2
    for text in pages:
        assert "0537-6221234" in text and "90 天后删除" in text, text[:300]
        assert "小学生、初中生不填电话" in text
