"""Render docs/screenshots for docs/photos.md: the 活动 page's photo strip, the crew's phone
upload page (phone-sized Chromium) and the visit report's photo page (pdftoppm).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_photos.py
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from caravan_app.services.app import App
    from caravan_app.signin.server import SigninServer
    from caravan_app.ui.pages.visits_page import VisitsPage
    from caravan_app.ui.tasks import TaskRunner
    from tests import photofiles
    from tests.conftest import fresh_data_dir
    from tests.signin.test_browser import _driver

    qapp = QApplication.instance() or QApplication([])
    tmp = Path(tempfile.mkdtemp(prefix="shots-"))
    app = App.open(fresh_data_dir(tmp / "data"))
    c = app.catalog.add_caravan("1号车")
    app.catalog.set_this_device("一号车笔记本", c)
    s = app.sites.add(name="鱼台县第一中学", county="鱼台县", kind="高中")
    v = app.visits.add(s, c, dt.date.today(), theme="科技进校园", activities="科普展示")
    app.visits.arrive(v)
    app.attendance.tally(v, "senior", 120)
    captions = ["学生体验VR科普展品", "老师讲解机器人原理", "同学们观察天文望远镜", "科普图书发放现场", "大篷车全景"]
    for i, cap in enumerate(captions):
        f = photofiles.write(tmp / f"{i}.jpg", photofiles.jpeg(2400, 1800, seed=300 + i))
        r = app.photos.add(v, f, caption=cap, sent_by="王志愿")
        if i < 4 and r.photo is not None:
            app.photos.set_chosen(r.photo.id, True)
    server = SigninServer(app, "127.0.0.1", 0).start()
    d = _driver(str(tmp / "profile"))
    try:
        d.get(f"http://127.0.0.1:{server.port}/p/{app.photos.crew_token(v)}")
        d.save_screenshot(str(OUT / "photos_phone_upload.png"))
    finally:
        d.quit()
        server.stop()
    app.visits.complete(v)
    page = VisitsPage(app, TaskRunner())
    page.resize(1024, 600)
    page.show()
    page.reload(select=v)
    for _ in range(200):
        qapp.processEvents()
        if page.photos.model.loaded >= 5:
            break
        page.runner.wait(50)
    page.grab().save(str(OUT / "photos_strip.png"))
    page.runner.wait()
    pdf = tmp / "visit.pdf"
    app.reports.visit_pdf(v, pdf)
    from pypdf import PdfReader

    n = len(PdfReader(str(pdf)).pages)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            str(n),
            "-l",
            str(n),
            "-singlefile",
            str(pdf),
            str(OUT / "report_visit_photos"),
        ],
        check=True,
    )
    app.close()
    print("wrote", *(p.name for p in sorted(OUT.glob("*photo*"))))


if __name__ == "__main__":
    main()
