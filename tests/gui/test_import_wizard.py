"""The site-list import wizard over the real importer: a GBK CSV from a county office."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from caravan_app.ui.import_wizard import ImportWizard
from caravan_app.ui.pages.sites_page import SitesPage

pytestmark = pytest.mark.gui

CSV = (
    "鱼台县科普进校园站点名单\n"
    "学校名称,类型,所属县市区,乡镇(街道),联系人,联系电话,在校学生数\n"
    "鱼台县王庙镇中心小学,小学,鱼台县,王庙镇,张老师,13512345678,820\n"
    "鱼台县实验中学,初中,鱼台县,谷亭街道,李老师,0537-6212345,1500\n"
    "鱼台县第一中学,高中,鱼台县,谷亭街道,王主任,13900001111,3694\n"  # already in the field data
    "火星小学,小学,火星县,,,,\n"
    "清河村,村,鱼台县,清河镇,赵书记,13612345678,\n"
)


def test_import_wizard_previews_gbk_file_with_errors_and_imports(window, app, field, qtbot, tmp_path: Path) -> None:
    path = tmp_path / "站点名单.csv"
    path.write_bytes(CSV.encode("gbk"))
    page = window.show_page("sites")
    assert isinstance(page, SitesPage)
    before = len(app.sites.list())
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    wiz: ImportWizard = page.wizard
    qtbot.waitExposed(wiz)
    wiz.file_page.path.setText(str(path))
    wiz.button(QWizard.WizardButton.NextButton).click()  # reads on the task runner
    qtbot.waitUntil(lambda: wiz.currentPage() is wiz.preview_page, timeout=10_000)
    info = wiz.preview_page.info.text()
    assert "GBK" in info and "2" in info  # detected encoding, header found in row 2 under the title row
    counts = wiz.preview_page.counts.text()
    assert "3" in counts and "1" in counts  # 3 new, 1 already there (changed), 1 in error
    table = wiz.preview_page.table
    first = [table.item(0, c).text() for c in range(4)]
    assert (
        first[1] == "火星小学" and first[2] == "错误" and "县市区" in first[3]
    )  # errors listed first, with the reason
    assert wiz.preview_page.mapping["county"].currentData() == 2
    assert len(app.sites.list()) == before  # nothing written before the user says so
    wiz.button(QWizard.WizardButton.NextButton).click()  # the review of changed rows
    # 鱼台县第一中学 is already there; the file adds its town, contact and phone
    assert wiz.currentPage() is wiz.review_page and wiz.review_page.table.rowCount() == 1
    wiz.button(QWizard.WizardButton.NextButton).click()  # commit on the task runner
    qtbot.waitUntil(lambda: wiz.currentPage() is wiz.done_page, timeout=10_000)
    assert "3" in wiz.done_page.result.text()
    names = {s.name for s in app.sites.list(county="鱼台县")}
    assert {"鱼台县王庙镇中心小学", "鱼台县实验中学", "清河村", "鱼台县第一中学"} <= names
    assert len(app.sites.list()) == before + 3
    assert app.sites.list(search="实验中学")[0].phone == "0537-6212345"
    wiz.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: page.model.rowCount() == before + 3)


def test_import_wizard_mapping_change_revalidates(window, app, field, qtbot, tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("学校名称,类型,所在区\n甲小学,小学,任城区\n乙小学,小学,兖州区\n", encoding="utf-8-sig")
    page = window.show_page("sites")
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    wiz: ImportWizard = page.wizard
    wiz.file_page.county.setCurrentIndex(wiz.file_page.county.findData("任城区"))  # file has no county column
    wiz.file_page.path.setText(str(path))
    wiz.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: wiz.currentPage() is wiz.preview_page, timeout=10_000)
    assert "UTF-8" in wiz.preview_page.info.text()
    county = wiz.preview_page.mapping["county"]
    assert county.currentData() == -1  # "所在区" was not recognised
    county.setCurrentIndex(county.findData(2))  # the user maps it to the county
    assert "2" in wiz.preview_page.counts.text()
    wiz.button(QWizard.WizardButton.NextButton).click()
    wiz.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: wiz.currentPage() is wiz.done_page, timeout=10_000)
    assert {s.name: s.county for s in app.sites.list(search="小学")} == {"甲小学": "任城区", "乙小学": "兖州区"}


def test_import_wizard_unreadable_file_says_why_and_writes_nothing(window, app, field, qtbot, tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    page = window.show_page("sites")
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    wiz: ImportWizard = page.wizard
    wiz.file_page.path.setText(str(path))
    wiz.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: ".xlsx" in wiz.file_page.error.text(), timeout=10_000)
    assert wiz.currentPage() is wiz.file_page
    assert len(app.sites.list()) == 1
