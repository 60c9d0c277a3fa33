#!/usr/bin/env python3
"""Render the desktop app's main pages with demo data to docs/screenshots/*.png (offscreen).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Chinese (the default) for every page, plus the Today page in English. A visit is started and
some counting, sign-ins and hand-outs are recorded first, so the pages show a field day.
Every page is also rendered at the two laptop sizes crews have (1024×600 and 1366×768) into
docs/screenshots/pages/<page>_<size>_<lang>.png (Chinese at both sizes, English at 1024×600),
plus the first-run wizard. ``--pages-only`` renders just those.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from caravan_app.services.app import App  # noqa: E402
from caravan_app.services.demo import load_demo  # noqa: E402
from caravan_app.ui import i18n  # noqa: E402
from caravan_app.ui.shell import build_window, qt_app  # noqa: E402

SIZE = (1280, 800)
PAGES = ("today", "visits", "distribution", "stock", "sites", "settings")


def settle(qa: QApplication) -> None:
    for _ in range(5):
        qa.processEvents()


def save(widget: QWidget, path: Path, qa: QApplication) -> None:
    settle(qa)
    widget.grab().save(str(path))
    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


def field_day(app: App) -> None:
    """Start today's visit and record a little of everything, as a crew would by mid-morning."""
    van = app.catalog.current_caravan_id()
    visits = app.visits.today(van)
    if not visits:
        return
    v = visits[0]
    if v.status == "planned":
        app.visits.arrive(v.id)
    for group, n in (("primary", 214), ("teacher", 12), ("parent", 35), ("junior", 48)):
        app.attendance.tally(v.id, group, n)
    for name, org in (("王秀英", "三年级二班"), ("李建国", "教师"), ("张伟", "家长"), ("刘洋", "五年级一班")):
        app.attendance.signin(v.id, name, "teacher" if org == "教师" else "student", org)
    titles = app.catalog.titles()
    app.stock.distribute(van, titles[0].id, 40, v.id, "三年级二班")
    app.stock.distribute(van, titles[1].id, 25, v.id, "图书室")


SITE_LIST = (
    "金乡县科普进校园站点名单\n"
    "学校名称,类型,所属县市区,乡镇(街道),联系人,联系电话,在校学生数\n"
    "金乡县鸡黍镇中心小学,小学,金乡县,鸡黍镇,张老师,13512345678,820\n"
    "金乡县第二实验中学,初中,金乡县,金乡街道,李老师,0537-8712345,1500\n"
    "马庙村,村,金乡县,马庙镇,赵书记,13612345678,\n"
    "卜集小学,小学,金乡市,卜集镇,王老师,1391234,300\n"
)


def wizard_shot(app: App, window: QWidget, qa: QApplication, path: Path, tmp: Path) -> None:
    """The import wizard's preview of a GBK site list with one row in error."""
    import time

    from PySide6.QtWidgets import QWizard

    from caravan_app.ui.import_wizard import ImportWizard

    csv = tmp / "金乡县站点名单.csv"
    csv.write_bytes(SITE_LIST.encode("gbk"))
    wiz = ImportWizard(app, window.runner, window)  # type: ignore[attr-defined]
    wiz.show()
    wiz.file_page.path.setText(str(csv))
    wiz.button(QWizard.WizardButton.NextButton).click()
    deadline = time.monotonic() + 15
    while wiz.currentPage() is not wiz.preview_page and time.monotonic() < deadline:
        qa.processEvents()
        time.sleep(0.01)
    save(wiz, path, qa)
    wiz.reject()


SIZES = ((1024, 600), (1366, 768))


def _in_use(key: str, page: QWidget, qa: QApplication) -> None:
    """Pages as a crew sees them mid-visit: 签到 with its QR shown, 报告 with a preview."""
    import socket
    import time

    if key == "signin" and not page.phone.is_serving():  # type: ignore[attr-defined]
        with socket.socket() as so:
            so.bind(("127.0.0.1", 0))
            page.port.setValue(so.getsockname()[1])  # type: ignore[attr-defined]
        page.open_button.click()  # type: ignore[attr-defined]
    if key == "reports" and page.current is None:  # type: ignore[attr-defined]
        page.generate_button.click()  # type: ignore[attr-defined]
    end = time.monotonic() + 30
    while time.monotonic() < end:
        qa.processEvents()
        if key != "reports" or page.current is not None:  # type: ignore[attr-defined]
            break
        time.sleep(0.05)
    for _ in range(20):
        qa.processEvents()
        time.sleep(0.01)


def every_page(app: App, qa: QApplication, out: Path) -> None:
    """Each page of the navigation at both laptop sizes (the window maximised to the screen size)."""
    from caravan_app.ui.main_window import PAGES as ALL_PAGES

    out.mkdir(parents=True, exist_ok=True)
    for lang, sizes in ((i18n.CHINESE, SIZES), (i18n.ENGLISH, SIZES)):
        for w_px, h_px in sizes:
            w = build_window(app, qa, lang)
            w.resize(w_px, h_px)
            w.show()
            for spec in ALL_PAGES:
                page = w.show_page(spec.key)
                _in_use(spec.key, page, qa)
                save(w, out / f"{spec.key}_{w_px}x{h_px}_{lang}.png", qa)
            w.close()
    i18n.install(i18n.CHINESE, qa)
    # The first window: the main window's shell with today's visits read by plain sqlite3.
    from caravan_app.paths import database_path
    from caravan_app.storage.fast_read import today as today_snapshot
    from caravan_app.ui.common import settings_for
    from caravan_app.ui.startup_window import StartupWindow

    splash = StartupWindow(settings_for(app), today_snapshot(database_path(app.data_dir)))
    splash.resize(1024, 600)
    splash.show()
    save(splash, out / "startup_1024x600_zh_CN.png", qa)
    splash.handed_over = True  # closing it must not quit
    splash.close()
    from caravan_app.ui.first_run import FirstRunWizard

    with tempfile.TemporaryDirectory() as tmp2:
        fresh = App.open(tmp2)
        try:
            wiz = FirstRunWizard(fresh)
            wiz.resize(1024, 600)
            wiz.show()
            wiz.next()
            wiz.van_page.van.setEditText("科普大篷车3号")
            wiz.van_page.name.setText("3号车笔记本")
            save(wiz, out / "first_run_van_1024x600_zh_CN.png", qa)
            wiz.next()
            wiz.next()
            save(wiz, out / "first_run_titles_1024x600_zh_CN.png", qa)
            wiz.ask_before_closing = False
            wiz.close()
            wiz.runner.wait()
        finally:
            fresh.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    ap.add_argument("--pages-only", action="store_true", help="only docs/screenshots/pages/")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    qa = qt_app()
    with tempfile.TemporaryDirectory() as tmp:
        app = App.open(tmp)
        try:
            load_demo(app)
            field_day(app)
            every_page(app, qa, out / "pages")
            if args.pages_only:
                return 0
            w = build_window(app, qa, i18n.CHINESE)
            w.resize(*SIZE)
            w.show()
            for key in PAGES:
                w.show_page(key)
                save(w, out / f"{key}.png", qa)
            stock = w.show_page("stock")
            from caravan_app.ui.pages.stock_page import DayCloseDialog

            dlg = DayCloseDialog(app, stock.caravan_id(), w)
            first = next(iter(dlg.spins.values()))
            first.setValue(max(first.value() - 3, 0))
            dlg.show()
            save(dlg, out / "day_close.png", qa)
            dlg.close()
            wizard_shot(app, w, qa, out / "import_wizard.png", Path(tmp))
            w.close()
            en = build_window(app, qa, i18n.ENGLISH)
            en.resize(*SIZE)
            en.show()
            en.show_page("today")
            save(en, out / "today_en.png", qa)
            en.show_page("stock")
            save(en, out / "stock_en.png", qa)
            en.close()
            i18n.install(i18n.CHINESE, qa)
        finally:
            app.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
