"""The kept pages with JavaScript off: a real headless Chromium whose JavaScript is disabled (the
browser's own content setting) against a real ``caravan-server`` process logs in, filters 活动
by van, pages on to the list's second page, and approves a visit from the 审核 queue — forms,
links and redirects alone, as on an office machine whose browser blocks scripts."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from caravan_app.console import auth
from caravan_app.domain.ids import new_id
from caravan_app.server.authoring import Draft, author_many
from tests.helpers.console_browser import log_in
from tests.sync.hubproc import HubProcess

from .conftest import PASSWORD
from .test_office_review_browser import CHROMEDRIVER, CHROMIUM

pytestmark = [pytest.mark.browser, pytest.mark.server]


@pytest.fixture
def no_js() -> Iterator:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.fail("chromium and chromium-driver must be installed (./dev.sh setup)")
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage"):
        opts.add_argument(a)
    opts.add_argument(f"--user-data-dir={profile}")
    opts.add_argument("--window-size=1366,768")
    opts.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    d = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
    d.set_page_load_timeout(60)
    yield d
    d.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _visits(hub: HubProcess) -> None:
    """Two vans' completed visits: 1号车 60 (two pages of 活动), 2号车 5."""
    drafts = []
    for van, n in (("1号车", 60), ("2号车", 5)):
        cid = new_id()
        drafts.append(Draft("caravan", cid, {"name": van, "home_county": "曲阜市"}))
        for i in range(n):
            site, visit = new_id(), new_id()
            day = (dt.date(2026, 3, 1) + dt.timedelta(days=i)).isoformat()
            drafts.append(Draft("site", site, {"name": f"{van}第{i:02d}小学", "county": "曲阜市"}))
            drafts.append(
                Draft("visit", visit, {"site_id": site, "caravan_id": cid, "date": day, "status": "completed"})
            )
    assert all(r.status == "ok" for r in author_many(hub.hdb, drafts))


def test_log_in_filter_page_and_approve_with_javascript_off(no_js, tmp_path: Path) -> None:  # noqa: ANN001
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    d = no_js
    d.get("data:text/html,<title>off</title><script>document.title='on'</script>")
    assert d.title == "off"  # the browser runs no script
    (tmp_path / "hub").mkdir()
    hub = HubProcess(tmp_path / "hub")
    try:
        _visits(hub)
        auth.add_user(hub.hdb, "olga", "office", PASSWORD)
        log_in(d, hub.url, "olga", PASSWORD)

        def body() -> str:
            return str(d.find_element(By.TAG_NAME, "body").text)

        def shows(text: str) -> None:
            """Wait for the page after a click (a click returns before the browser navigates)."""
            from selenium.common.exceptions import WebDriverException
            from selenium.webdriver.support.ui import WebDriverWait

            def there(_d: object) -> bool:
                try:
                    return text in body()
                except WebDriverException:  # the old page went mid-read
                    return False

            WebDriverWait(d, 60).until(there)

        d.get(f"{hub.url}/visits")
        assert "共 65 场活动" in body() and "第 1 页，共 2 页" in body()
        Select(d.find_element(By.NAME, "caravan")).select_by_visible_text("2号车")
        d.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
        shows("共 5 场活动")
        assert "共 5 场活动" in body() and "2号车第04小学" in body() and "1号车" not in body().split("共 5")[1]
        d.get(f"{hub.url}/visits")
        d.find_element(By.PARTIAL_LINK_TEXT, "下一页").click()
        shows("第 2 页")
        assert "第 2 页，共 2 页" in body() and "1号车第04小学" in body()  # the oldest, by date
        d.get(f"{hub.url}/review")
        assert "共 65 场活动" in body()
        first = d.find_element(By.CSS_SELECTOR, "#review-queue tbody tr")
        visit = first.get_attribute("data-visit")
        first.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        shows("已通过")  # the visit's review page after the decision
        d.get(f"{hub.url}/review")
        assert "共 64 场活动" in body()
        d.get(f"{hub.url}/review?status=approved")
        rows = d.find_elements(By.CSS_SELECTOR, "#review-queue tbody tr")
        assert [r.get_attribute("data-visit") for r in rows] == [visit] and "已通过" in body()
    finally:
        hub.stop()
