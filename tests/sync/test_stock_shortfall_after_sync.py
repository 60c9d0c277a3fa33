"""Two laptops of one van hand out offline, each within what it sees; merged, the van is below
zero. Neither laptop could refuse it, so the stock page must say so after the sync (a figure
that is silently negative would print on the day close) until a count corrects it."""

from __future__ import annotations

import datetime as dt

import pytest

from caravan_app.services.app import App

pytestmark = pytest.mark.server


def _van_day(a: App) -> tuple[str, str, str]:
    c = a.catalog.add_caravan("1号车", "鲁H12345", "任城区")
    a.catalog.set_this_device("笔记本A", c)
    s = a.sites.add(name="鱼台县第一中学", county="鱼台县", kind="高中")
    t = a.catalog.add_title("身边的科学")
    a.stock.load(c, t, 50)
    v = a.visits.add(s, c, dt.date.today(), theme="科技进校园")
    a.visits.arrive(v)
    return c, t, v


@pytest.mark.gui
def test_a_van_merged_below_zero_is_said_on_the_stock_page_until_counted(hub, laptops, qtbot) -> None:  # noqa: ANN001
    from caravan_app.ui.pages.stock_page import StockPage
    from caravan_app.ui.tasks import TaskRunner

    a, b = laptops("a"), laptops("b")
    c, t, v = _van_day(a)
    a.sync.sync_now()
    b.sync.sync_now()
    b.catalog.set_this_device("笔记本B", c)
    # Offline, each hands out 30 of the 50 it sees: neither goes below zero on its own.
    a.stock.distribute(c, t, 30, v, "三年级")
    b.stock.distribute(c, t, 30, v, "四年级")
    assert a.stock.shortfalls(c) == {} and b.stock.shortfalls(c) == {}
    for app in (a, b, a):
        app.sync.sync_now()
    assert a.stock.balance(c, t) == b.stock.balance(c, t) == -10
    assert a.stock.shortfalls(c) == b.stock.shortfalls(c) == {t: -10}

    runner = TaskRunner()
    page = StockPage(b, runner)
    qtbot.addWidget(page)
    page.show()
    page.van.setCurrentIndex(page.van.findData(c))
    assert page.shortfall.isVisible()
    assert "身边的科学" in page.shortfall.text() and "-10" in page.shortfall.text()
    # The crew counts 10 more books on the van than the ledger says: one adjustment, with its reason.
    b.stock.adjust(c, t, 10, "清点：装车时少记 10 册")
    page.show_van()
    assert not page.shortfall.isVisible()
    b.sync.sync_now()
    a.sync.sync_now()
    assert a.stock.shortfalls(c) == {} and a.stock.balance(c, t) == 0
    runner.wait()
