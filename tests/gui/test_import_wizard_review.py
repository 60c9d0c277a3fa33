"""The import wizard's review step and the bug of finding 5 (issue #16): import one file, go back
twice, pick another file — the next page shows the second file's result and imports it."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWizard

from caravan_app.ui.import_wizard import ImportWizard

pytestmark = pytest.mark.gui

FIRST = (
    "学校名称,所属县市区,乡镇(街道),联系电话,在校学生数\n"
    "甲小学,任城区,安居街道,13500000001,300\n"
    "乙小学,兖州区,新驿镇,13500000002,400\n"
)
SECOND = (
    "任城区站点名单（修订）\n"
    "学校名称,所属县市区,乡镇(街道),联系电话,在校学生数\n"
    "甲小学,任城区,安居街道,13500000009,约350人\n"  # changed phone and students (warned)
    "乙小学,兖州区,新驿镇,13500000002,480\n"  # changed students
    "丙小学,高新区,柳行街道,13500000003,500\n"  # new, alias county
    "丁小学,济宁,,,\n"  # ambiguous county: rejected
)


def _open(window, qtbot) -> ImportWizard:  # noqa: ANN001
    page = window.show_page("sites")
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    wiz: ImportWizard = page.wizard
    qtbot.waitExposed(wiz)
    return wiz


def _next(wiz: ImportWizard, qtbot, page) -> None:  # noqa: ANN001
    wiz.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: wiz.currentPage() is page, timeout=10_000)


def test_back_twice_and_another_file_shows_and_imports_the_second_file(
    window, app, field, qtbot, tmp_path: Path
) -> None:
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text(FIRST, encoding="utf-8")
    second.write_bytes(SECOND.encode("gbk"))
    wiz = _open(window, qtbot)
    wiz.file_page.path.setText(str(first))
    _next(wiz, qtbot, wiz.preview_page)
    _next(wiz, qtbot, wiz.review_page)
    _next(wiz, qtbot, wiz.done_page)
    assert "first.csv" in wiz.done_page.result.text()
    assert app.sites.list(search="甲小学")[0].phone == "13500000001"

    wiz.back()  # review
    wiz.back()  # preview
    wiz.back()  # file
    assert wiz.currentPage() is wiz.file_page
    wiz.file_page.path.setText(str(second))
    _next(wiz, qtbot, wiz.preview_page)
    assert "second.csv" in wiz.preview_page.info.text() and "GBK" in wiz.preview_page.info.text()
    table = wiz.preview_page.table
    lines = {table.item(i, 1).text(): [table.item(i, c).text() for c in range(4)] for i in range(table.rowCount())}
    assert lines["丁小学"][0] == "6" and "济宁" in lines["丁小学"][3] and "济宁高新区" in lines["丁小学"][3]
    assert lines["甲小学"][0] == "3" and "约350人" in lines["甲小学"][3] and "13500000009" in lines["甲小学"][3]
    assert lines["丙小学"][0] == "5"

    _next(wiz, qtbot, wiz.review_page)
    review = wiz.review_page.table
    assert review.rowCount() == 2
    by_name = {review.item(i, 2).text(): i for i in range(2)}
    jia = by_name["甲小学"]
    assert "13500000001" in review.item(jia, 3).text() and "300" in review.item(jia, 3).text()
    assert "13500000009" in review.item(jia, 4).text() and "350" in review.item(jia, 4).text()
    review.item(by_name["乙小学"], 0).setCheckState(Qt.CheckState.Unchecked)  # apply only 甲小学
    _next(wiz, qtbot, wiz.done_page)
    assert "second.csv" in wiz.done_page.result.text()

    sites = {s.name: s for s in app.sites.list()}
    assert sites["甲小学"].phone == "13500000009" and sites["甲小学"].students == 350
    assert sites["乙小学"].students == 400  # not ticked: left as it was
    assert sites["丙小学"].county == "济宁高新区"
    assert "丁小学" not in sites

    out = wiz.done_page.save_send_back(tmp_path / "退回.xlsx")
    assert out is not None and "2" in wiz.done_page.saved.text()
    ws = load_workbook(out).active
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0][:3] == ["原表行号", "结果", "原因 / 请修改"]
    by_row = {r[0]: r for r in rows[1:]}
    assert set(by_row) == {3, 6}  # the warned row and the rejected one
    assert "济宁" in by_row[6][2] and "丁小学" in by_row[6]
    assert "约350人" in by_row[3][2]


def test_new_site_with_a_taken_name_warns_and_adds_only_if_asked(window, app, field, qtbot, dialogs) -> None:  # noqa: ANN001
    from caravan_app.ui.pages.sites_page import SiteDialog

    before = len(app.sites.list())
    dlg = SiteDialog(app, None, window)
    qtbot.addWidget(dlg)
    dlg.name.setText(" 鱼台县第一中学")
    dlg.county.setCurrentText("鱼台县")
    dialogs.next(lambda box: box.button(QMessageBox.StandardButton.No).click())  # "Do not add"
    dlg.accept()
    qtbot.waitUntil(lambda: len(dialogs.texts) == 1)
    assert "鱼台县第一中学" in dialogs.texts[0] and dialogs.seen == ["site_duplicate_warning"]
    assert len(app.sites.list()) == before and dlg.saved_id is None
    dialogs.next(lambda box: box.button(QMessageBox.StandardButton.Yes).click())  # "Add anyway"
    dlg.accept()
    qtbot.waitUntil(lambda: len(dialogs.texts) == 2)
    assert dlg.saved_id and len(app.sites.list()) == before + 1


def test_sites_page_shows_the_registry_and_towns_not_visited(window, app, field, qtbot) -> None:  # noqa: ANN001
    import datetime as dt

    app.sites.add(name="王庙中学", county="鱼台县", town="王庙镇")
    app.sites.update(field["site"], town="谷亭街道")
    v = field["visit"]
    app.visits.arrive(v)
    app.attendance.tally(v, "primary", 30)
    app.visits.complete(v)
    page = window.show_page("sites")
    page.reload()
    heads = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    last, year = heads.index("最近一次活动"), heads.index("本年活动")
    cells = {
        page.model.index(r, 0).data(): (page.model.index(r, last).data(), page.model.index(r, year).data())
        for r in range(page.model.rowCount())
    }
    assert cells["鱼台县第一中学"] == (dt.date.today().isoformat(), "1")
    assert cells["王庙中学"] == ("从未", "0")
    page.not_visited.setChecked(True)
    assert page.model.rowCount() == 1 and page.model.index(0, 0).data() == "王庙中学"
    qtbot.mouseClick(page.towns_button, Qt.MouseButton.LeftButton)
    towns = page.towns
    qtbot.waitExposed(towns)
    lines = {towns.table.item(i, 1).text(): towns.table.item(i, 3).text() for i in range(towns.table.rowCount())}
    assert lines == {"谷亭街道": "", "王庙镇": "王庙中学"}
    assert "1" in towns.summary.text() and "2" in towns.summary.text()
    towns.close()
