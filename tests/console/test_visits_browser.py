"""今日 and 活动 in a real headless Chromium against a real ``caravan-server``, after two laptops
synced: the office sees both vans today and opens a visit; a county liaison gets 404 for the
other county's visit and no phone number. ``CARAVAN_CONSOLE_SCREENSHOTS=docs/screenshots`` also
saves the pages docs/console.md shows, in both languages."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from caravan_app.console import auth
from caravan_app.services.app import App
from tests.conftest import fresh_data_dir
from tests.helpers.console_browser import log_in
from tests.sync.hubproc import HubProcess

from .conftest import PASSWORD
from .test_browser import chromium  # noqa: F401 - the headless Chromium fixture

pytestmark = [pytest.mark.browser, pytest.mark.server]


def _field(app: App, van: str, county: str, site: str, phone: str, people: int) -> str:
    c = app.catalog.add_caravan(van, "鲁H" + str(10000 + people), county)
    app.catalog.set_this_device(f"{van}笔记本", c)
    s = app.sites.add(name=site, county=county, kind="小学", town="城关镇", contact="王老师", phone=phone)
    t = app.catalog.add_title("身边的科学")
    app.stock.load(c, t, 200)
    v = app.visits.add(s, c, dt.date.today(), theme="科技进校园", activities="科普展示、讲座")
    app.visits.arrive(v)
    app.attendance.tally(v, "primary", people)
    app.attendance.tally(v, "teacher", 4)
    app.attendance.signin(v, "张老师", "teacher", site, phone="13800138000")
    app.stock.distribute(c, t, 25, v, "三年级")
    return v


def test_office_sees_today_and_a_visit_county_cannot_reach_another(chromium, tmp_path: Path) -> None:  # noqa: ANN001, F811
    from selenium.webdriver.common.by import By

    shots = os.environ.get("CARAVAN_CONSOLE_SCREENSHOTS")
    (tmp_path / "hub").mkdir()
    hub = HubProcess(tmp_path / "hub")
    made = []
    try:
        for name, van, county, site, phone, n in (
            ("a", "1号车", "曲阜市", "曲阜市实验小学", "0537-4441234", 86),
            ("b", "2号车", "金乡县", "金乡县<b>第一</b>中学", "0537-5552345", 120),
        ):
            lap = App.open(fresh_data_dir(tmp_path / name))
            made.append(lap)
            lap.sync.enroll(hub.url, hub.code(van, "van"))
            v = _field(lap, van, county, site, phone, n)
            lap.sync.sync_now()
            if name == "b":
                other = v
            else:
                mine = v
        auth.add_user(hub.hdb, "olga", "office", PASSWORD)
        auth.add_user(hub.hdb, "cai", "county", PASSWORD, county="曲阜市")
        d = chromium

        def login(name: str) -> None:
            log_in(d, hub.url, name, PASSWORD)

        def shot(name: str) -> None:
            if shots:
                d.save_screenshot(str(Path(shots) / f"{name}.png"))

        login("olga")
        for lang in ("zh", "en"):
            d.get(f"{hub.url}/lang/{lang}?next=/today")
            body = d.find_element(By.TAG_NAME, "body").text
            assert "1号车" in body and "2号车" in body and "曲阜市实验小学" in body
            assert "金乡县<b>第一</b>中学" in body  # the hostile name as text
            shot(f"console-today-{lang}")
            d.get(f"{hub.url}/visits")
            assert "金乡县<b>第一</b>中学" in d.find_element(By.TAG_NAME, "body").text
            shot(f"console-visits-{lang}")
            d.get(f"{hub.url}/visits/{mine}")
            body = d.find_element(By.TAG_NAME, "body").text
            assert "张老师" in body and "身边的科学" in body and "0537-4441234" in body
            shot(f"console-visit-{lang}")
        d.get(f"{hub.url}/lang/zh?next=/today")
        login("cai")
        d.get(f"{hub.url}/visits/{other}")
        assert "404" in d.find_element(By.TAG_NAME, "body").text
        d.get(f"{hub.url}/visits/{mine}")
        body = d.find_element(By.TAG_NAME, "body").text
        assert "张老师" in body and "0537" not in body and "138001" not in body
    finally:
        for lap in made:
            lap.close()
        hub.stop()
