"""GUI faces of issue #17: the odometer on 日结, the statistics category in the visit dialog,
the certificates button on 报告 (real widgets offscreen over a real database)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from caravan_app.services.app import App
from caravan_app.ui.pages.stock_page import DayCloseDialog
from caravan_app.ui.pages.visits_page import VisitDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def chinese(qapp: Any) -> Any:
    """The interface in Chinese (the default language), without the whole window."""
    from caravan_app.ui import i18n

    i18n.install(i18n.CHINESE, qapp)
    return qapp


def test_mileage_is_recorded_on_the_day_close_dialog(
    app: App, field: dict[str, str], chinese: Any, qtbot: Any, dialogs: Any
) -> None:
    app.mileage.record(dt.date.today() - dt.timedelta(days=1), 10_000, 10_080)
    dlg = DayCloseDialog(app, field["caravan"])
    qtbot.addWidget(dlg)
    box = dlg.odometer
    assert box.status.text() == "当天尚未登记里程"
    box.out_km.setValue(10_050)  # below yesterday's return: refused, the message names the rule
    box.back_km.setValue(10_120)
    dialogs.accept_box()
    qtbot.mouseClick(box.save, Qt.MouseButton.LeftButton)
    assert "不能倒退" in dialogs.texts[-1]
    assert app.mileage.day(field["caravan"], dt.date.today()) is None
    box.out_km.setValue(10_090)
    box.back_km.setValue(10_700)  # 610 km: asked first
    dialogs.accept_box()
    qtbot.mouseClick(box.save, Qt.MouseButton.LeftButton)
    assert "610" in dialogs.texts[-1]
    d = app.mileage.day(field["caravan"], dt.date.today())
    assert d is not None and d.km == 610 and d.confirmed
    assert box.status.text() == "已记录：行驶 610 公里"
    assert not box.pending()
    # readings typed but not saved are recorded with the day close (never silently lost)
    box.back_km.setValue(10_180)
    assert box.pending()
    for spin in dlg.spins.values():
        spin.setValue(0)
    dlg.accept()
    assert app.mileage.day(field["caravan"], dt.date.today()).km == 90
    assert len(app.stock.day_closes(field["caravan"])) == 1


def test_the_visit_dialog_sets_the_statistics_category(app: App, field: dict[str, str], qtbot: Any) -> None:
    v = app.visits.get(field["visit"])
    assert v.activity_kind == "exhibition"
    dlg = VisitDialog(app, v)
    qtbot.addWidget(dlg)
    assert dlg.kind.currentData() == "exhibition"
    dlg.kind.setCurrentIndex(dlg.kind.findData("lecture"))
    dlg.accept()
    assert app.visits.get(field["visit"]).activity_kind == "lecture"


def test_the_reports_page_makes_every_volunteers_certificate(
    app: App, field: dict[str, str], chinese: Any, qtbot: Any, tmp_path: Path
) -> None:
    from caravan_app.ui.pages.reports_page import ReportsPage
    from caravan_app.ui.tasks import TaskRunner

    v, p = field["visit"], field["person"]
    app.settings.set_issuer("济宁市科学技术协会", "张主任", "李经办", "0537-2345678")  # required to issue
    t0 = dt.datetime.combine(dt.date.today(), dt.time(9))
    app.visits.arrive(v, t0)
    app.visits.duty(v, p, "on", t0)
    app.visits.complete(v, t0 + dt.timedelta(hours=2))
    runner = TaskRunner()
    page = ReportsPage(app, runner)
    qtbot.addWidget(page)
    page.kind.setCurrentIndex(page.kind.findData("period"))
    assert page.cert_button.isEnabled()
    out = tmp_path / "certs.pdf"
    page.certificates_to(out)
    qtbot.waitUntil(lambda: out.exists() and "1 名志愿者" in page.status.text(), timeout=20_000)
    runner.wait()
    from tests.reports import pdfcheck

    assert "王志愿" in pdfcheck.flat(out) and "志愿服务记录证明" in pdfcheck.flat(out)
    page.kind.setCurrentIndex(page.kind.findData("visit"))
    assert not page.cert_button.isEnabled()


def test_a_persons_certificate_from_the_people_tab(
    app: App, field: dict[str, str], chinese: Any, qtbot: Any, tmp_path: Path
) -> None:
    from caravan_app.ui.pages.catalogue_page import CataloguePage
    from caravan_app.ui.tasks import TaskRunner

    v, p = field["visit"], field["person"]
    app.settings.set_issuer("济宁市科学技术协会", "张主任", "李经办", "0537-2345678")  # required to issue
    t0 = dt.datetime.combine(dt.date.today(), dt.time(9))
    app.visits.arrive(v, t0)
    app.visits.duty(v, p, "on", t0)
    app.visits.complete(v, t0 + dt.timedelta(hours=3))
    runner = TaskRunner()
    page = CataloguePage(app, runner)
    qtbot.addWidget(page)
    assert page.people.select(p)
    assert page.cert_button.isEnabled()
    out = tmp_path / "cert.pdf"
    page.certificate_to(p, out)
    qtbot.waitUntil(lambda: out.exists() and str(out) in page.message.text(), timeout=20_000)
    runner.wait()
    from tests.reports import pdfcheck

    assert "王志愿" in pdfcheck.flat(out) and "合计3.0" in pdfcheck.flat(out)
