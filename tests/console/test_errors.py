"""A console error is a Chinese page that says what to do, and its log line carries no personal data."""

from __future__ import annotations

import logging
from typing import Annotated

import pytest
from fastapi import Depends, Request

from caravan_app.console.app import create_app
from caravan_app.console.auth import ConsoleUser, require

from .conftest import Browser

pytestmark = pytest.mark.server


@pytest.mark.expected_logs("caravan.console")
def test_a_500_is_a_page_and_the_log_has_no_personal_data(hub_url, tmp_path, users, caplog) -> None:
    app = create_app(hub_url, data_dir=tmp_path)

    def boom(request: Request, user: Annotated[ConsoleUser, Depends(require())]) -> None:
        raise ValueError("张三 13800001111 failed")

    app.add_api_route("/boom", boom)
    b = Browser(app)
    try:
        b.login("olga")
        with caplog.at_level(logging.ERROR, logger="caravan.console"):
            r = b.get("/boom")
        assert r.status_code == 500
        assert "服务器出错了" in r.text and "没有做任何修改" in r.text
        assert "Traceback" not in r.text and "13800001111" not in r.text and "张三" not in r.text
        logged = "\n".join(rec.getMessage() for rec in caplog.records)
        assert "ValueError" in logged and "/boom" in logged
        assert "13800001111" not in logged and "张三" not in logged
        # The sync API's own errors keep their JSON shape.
        j = b.get("/sync/push", headers={"accept": "application/json"})
        assert j.status_code == 405 and j.headers["content-type"].startswith("application/json")
    finally:
        b.close()
        app.state.hdb.close()


def test_pages_are_not_cached_nor_framed_and_the_login_redirect_keeps_the_query(browser, users) -> None:
    b = browser()
    r = b.get("/audit?page=2")
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/audit%3Fpage%3D2"
    b.login("ann", next_="/audit?page=2")
    page = b.get("/audit?page=2")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
