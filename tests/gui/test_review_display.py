"""The office's review on the laptop's 活动 page: a returned visit shows 退回：reason in the list
and under it with what to do; reopened, corrected and completed again it awaits review again;
approved shows 已通过. The review arrives as a pulled record (the same code as a sync's pull)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt

from caravan_app.domain.ids import new_id
from caravan_app.services.app import App
from caravan_app.storage.sync_store import apply_page

pytestmark = pytest.mark.gui

HUB = "0190c0de-0000-7000-8000-000000000001"  # the hub's own device


def _pull_review(app: App, visit_id: str, decision: str, reason: str | None, round_: int, n: int) -> None:
    data = {"visit_id": visit_id, "decision": decision, "reason": reason, "by": "王科员", "round": round_}
    rec = {
        "entity": "review",
        "id": new_id(),
        "device_id": HUB,
        "hlc": f"{1_900_000_000_000 + n:013d}.00000",
        "data": {**data, "at": "2026-05-02T10:00:00", "deleted": False},
        "clocks": None,
        "lost": None,
    }
    apply_page(app.db, [rec], n)


def _cell(page: Any, visit_id: str, header: str) -> str:
    m = page.model
    heads = [m.headerData(i, Qt.Orientation.Horizontal) for i in range(m.columnCount())]
    col = heads.index(header)
    row = m.ids().index(visit_id)
    return str(m.data(m.index(row, col)))


def test_returned_then_resubmitted_then_approved(window: Any, app: App, field: dict[str, str], qtbot: Any) -> None:
    v = field["visit"]
    start = dt.datetime.now().replace(microsecond=0) - dt.timedelta(hours=3)
    app.visits.arrive(v, start)
    app.visits.complete(v, start + dt.timedelta(hours=2))
    page = window.show_page("visits")
    page.reload(select=v)
    assert _cell(page, v, "审核") == "待审核"

    _pull_review(app, v, "returned", "学生人数与签到表不符", 0, 1)
    page.reload(select=v)
    assert _cell(page, v, "审核") == "退回：学生人数与签到表不符"
    shown = page.review_label.text()
    assert "退回：学生人数与签到表不符" in shown and "重新打开" in shown
    assert page.reopen_button.isEnabled()

    app.visits.reopen(v, "按办公室意见核对人数")
    page.reload(select=v)
    assert _cell(page, v, "审核") == ""
    assert "学生人数与签到表不符" in page.review_label.text()
    app.visits.complete(v)
    page.reload(select=v)
    assert _cell(page, v, "审核") == "待审核（已重新提交）"

    _pull_review(app, v, "approved", None, 1, 2)
    page.reload(select=v)
    assert _cell(page, v, "审核") == "已通过"
    assert page.review_label.text() == "办公室审核：已通过"
