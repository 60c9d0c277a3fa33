"""The office's day in a real headless Chromium against a real ``caravan-server serve`` process,
with two real laptop data folders syncing through ``caravan sync``: log in, see today's vans,
open a visit, return it with a reason, the crew sees the reason after its next sync (``caravan
visit show --json``), reopens, corrects and completes it and syncs, the office approves it and
downloads the queue as XLSX; a county liaison cannot reach another county's visit by URL nor
see a phone number; a hostile site name is text."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from caravan_app.console import auth
from caravan_app.services.app import App
from tests.conftest import fresh_data_dir
from tests.helpers.console_browser import log_in
from tests.sync.conftest import hub_process  # noqa: F401 - the sync suite's real hub process
from tests.sync.hubproc import HubProcess
from tests.waiting import downloaded

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
HOSTILE = '曲阜<script>alert(1)</script>"><img src=x onerror=alert(2)>小学'
PHONE_B = "0537-5552345"
REASON = "学生人数与签到表不符，请核对"


def caravan(data: Path, *args: str) -> str:
    """The laptop's own command line, as a crew runs it (a separate process)."""
    env = {**os.environ, "CARAVAN_TOKEN_STORE": "file"}
    out = subprocess.run(
        [sys.executable, "-m", "caravan_app.cli.main", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    return out.stdout


def _laptop(root: Path, hub: HubProcess, van: str, county: str, site: str, phone: str) -> tuple[Path, str]:
    """A van's laptop with today's visit completed; the App is closed again (the CLI runs next)."""
    data = fresh_data_dir(root / van)
    a = App.open(data)
    try:
        a.sync.enroll(hub.url, hub.code(van, "van"))
        c = a.catalog.add_caravan(van, f"鲁H{len(van) * 11111:05d}", county)
        a.catalog.set_this_device(f"{van}笔记本", c)
        s = a.sites.add(name=site, county=county, kind="小学", contact="王老师", phone=phone)
        v = a.visits.add(s, c, dt.date.today(), theme="科技进校园")
        a.visits.arrive(v)
        a.attendance.tally(v, "primary", 40)
        a.visits.complete(v)
    finally:
        a.close()
    return data, v


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.fail("chromium and chromium-driver must be installed (./dev.sh setup)")
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage"):
        opts.add_argument(a)
    opts.add_argument(f"--user-data-dir={profile}")
    opts.add_argument("--window-size=1366,768")
    opts.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    )
    d = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
    d.set_page_load_timeout(30)
    d.downloads = downloads
    yield d
    d.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _by_id(d, element_id: str):  # noqa: ANN001, ANN202
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(d, 60).until(ec.presence_of_element_located((By.ID, element_id)))  # a loaded CI machine


def _wait_text(d, element_id: str, want: str) -> None:  # noqa: ANN001
    """The element shows ``want`` once the page after a click has loaded (a click returns before
    the browser has navigated, so the old page's element may still be there, or go mid-read:
    Chromium then answers "Node ... does not belong to the document"; the last read, after the
    wait, raises whatever is still wrong)."""
    from selenium.common.exceptions import TimeoutException, WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    def shows(drv):  # noqa: ANN001, ANN202
        try:
            return _by_id(drv, element_id).text == want
        except WebDriverException:  # stale or swapped mid-navigation (StaleElementReference among them)
            return False

    try:
        WebDriverWait(d, 60).until(shows)
    except TimeoutException:
        assert _by_id(d, element_id).text == want


def _login(d, base: str, name: str) -> None:  # noqa: ANN001
    log_in(d, base, name, PASSWORD)


def _by_id_nav(d) -> None:  # noqa: ANN001
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(d, 20).until(ec.presence_of_element_located((By.CSS_SELECTOR, "nav.nav")))


def _no_alert(d) -> None:  # noqa: ANN001
    from selenium.common.exceptions import NoAlertPresentException

    with pytest.raises(NoAlertPresentException):
        d.switch_to.alert  # noqa: B018 - a script that ran would have opened one


def test_the_office_returns_a_visit_the_crew_resubmits_and_the_office_approves(
    hub_process: HubProcess,  # noqa: F811
    chromium,  # noqa: ANN001
    tmp_path: Path,
) -> None:
    from selenium.webdriver.common.by import By

    hub = hub_process
    hub.reset()
    auth.add_user(hub.hdb, "olga", "office", PASSWORD)
    auth.add_user(hub.hdb, "cai", "county", PASSWORD, county="金乡县")
    a, va = _laptop(tmp_path, hub, "1号车", "曲阜市", HOSTILE, "0537-4441234")
    b, vb = _laptop(tmp_path, hub, "2号车", "金乡县", "金乡县实验小学", PHONE_B)
    for data in (a, b):
        caravan(data, "sync")
    d, base = chromium, hub.url

    # the office logs in and sees today's vans
    _login(d, base, "olga")
    d.get(base + "/today")
    _by_id(d, "reload")
    assert "1号车" in d.page_source and "2号车" in d.page_source
    # open a visit (the hostile name is text, no script ran)
    d.get(f"{base}/visits/{va}")
    _by_id_nav(d)
    assert "曲阜<script>alert(1)</script>" in d.find_element(By.TAG_NAME, "h1").text
    _no_alert(d)

    # return it with a reason, from the review queue
    d.get(base + "/review")
    d.find_element(By.CSS_SELECTOR, f'tr[data-visit="{va}"] a').click()
    _by_id(d, "return-form").find_element(By.NAME, "reason").send_keys(REASON)
    d.find_element(By.ID, "return").click()
    _wait_text(d, "review-state", f"退回：{REASON}")
    _no_alert(d)

    # the crew's laptop shows the reason after its next sync
    caravan(a, "sync")
    shown = json.loads(caravan(a, "--json", "visit", "show", va))["review"]
    assert shown["label"] == f"退回：{REASON}" and shown["by"] == "olga"
    # the crew reopens, corrects and completes the visit again, and syncs
    caravan(a, "visit", "reopen", va, "--reason", "按办公室意见核对人数", "--by", "李队长")
    app = App.open(a)  # the correction: two pupils counted twice
    try:
        app.attendance.tally(va, "primary", -2)
    finally:
        app.close()
    caravan(a, "visit", "complete", va)
    caravan(a, "sync")

    # the office sees it resubmitted and approves it
    d.get(f"{base}/review/{va}")
    _wait_text(d, "review-state", "待审核（已重新提交）")
    d.find_element(By.ID, "approve").click()
    _wait_text(d, "review-state", "已通过")
    caravan(a, "sync")
    assert json.loads(caravan(a, "--json", "visit", "show", va))["review"]["label"] == "已通过"
    d.get(base + "/visits")  # 活动 shows it too, by the laptop's rule over the console's read model
    _by_id_nav(d)
    assert "已通过" in d.find_element(By.TAG_NAME, "main").text

    # download the queue as XLSX and open it
    d.get(base + "/review?status=all")
    d.find_element(By.ID, "review-xlsx").click()
    xlsx = downloaded(chromium.downloads, "*.xlsx")
    ws = openpyxl.load_workbook(xlsx).active
    rows = [[c for c in r] for r in ws.iter_rows(values_only=True)]
    by_visit = {r[-1]: r for r in rows if r and r[-1] in (va, vb)}
    assert by_visit[va][5] == "已通过" and by_visit[vb][5] == "待审核" and by_visit[va][2] == HOSTILE

    # a county liaison: not another county's visit by URL, never a phone number
    _login(d, base, "cai")
    for path in (f"/visits/{va}", f"/review/{va}"):
        d.get(base + path)
        _by_id_nav(d)
        assert HOSTILE not in d.page_source and "曲阜" not in d.find_element(By.TAG_NAME, "main").text
    d.get(f"{base}/visits/{vb}")
    _by_id_nav(d)
    assert "金乡县实验小学" in d.page_source and PHONE_B not in d.page_source
    d.get(f"{base}/review/{vb}")
    assert _by_id(d, "review-state").text == "待审核" and PHONE_B not in d.page_source
    assert not d.find_elements(By.ID, "approve")  # a county liaison cannot decide
