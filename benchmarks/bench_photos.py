"""Photos: adding phone photos against copying them plus one Pillow re-encode each (same run);
a day's display copies synced over a 1 Mbit/s, 300 ms RTT link against the link's own limit;
the 活动 page opening a visit with 300 photos against one with 3.

    .venv/bin/python -m benchmarks photos [--quick]
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageOps

from benchmarks.common import Figure
from caravan_app.services.app import App
from tests.conftest import fresh_data_dir

RATE = 125_000  # 1 Mbit/s in bytes per second
RTT = 0.3


def _phone_photos(folder: Path, n: int, megabytes: float = 4.0) -> list[Path]:
    """``n`` distinct phone-like JPEGs of about ``megabytes`` each (one picture, different EXIF)."""
    from tests import photofiles

    base = photofiles.jpeg(4000, 3000, seed=1, quality=90)
    img = Image.open(io.BytesIO(base))
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        exif = Image.Exif()
        exif.get_ifd(0x8769)[0x9003] = f"2026:05:01 09:{i // 60:02d}:{i % 60:02d}"
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=90, exif=exif.tobytes())
        data = buf.getvalue()
        pad = max(0, int(megabytes * 1024 * 1024) - len(data))
        p = folder / f"IMG_{i:04d}.jpg"
        p.write_bytes(data + b"\0" * pad)  # phones append trailing data too; the decoder ignores it
        out.append(p)
    return out


def _visit(app: App) -> str:
    c = app.catalog.add_caravan("1号车")
    app.catalog.set_this_device("笔记本", c)
    s = app.sites.add(name="鱼台县第一中学", county="鱼台县")
    return app.visits.add(s, c, dt.date.today())


def bench_add(tmp: Path, n: int) -> Figure:
    files = _phone_photos(tmp / "phone", n)
    app = App.open(fresh_data_dir(tmp / "add"))
    v = _visit(app)
    t0 = time.perf_counter()
    for f in files:
        app.photos.add(v, f)
    add_s = time.perf_counter() - t0
    app.close()
    dest = tmp / "copy"
    dest.mkdir()
    t0 = time.perf_counter()
    for f in files:
        shutil.copyfile(f, dest / f.name)
        with Image.open(f) as img:
            up = ImageOps.exif_transpose(img).convert("RGB")
        up.thumbnail((1600, 1600), Image.Resampling.LANCZOS)
        up.save(dest / (f.stem + "_1600.jpg"), "JPEG", quality=80)
    base_s = time.perf_counter() - t0
    size = sum(f.stat().st_size for f in files) / len(files) / 1e6
    return Figure(
        f"photos: add {n} phone photos of {size:.1f} MB (s)",
        add_s,
        "s",
        baseline=base_s,
        baseline_name="copy each file + one Pillow open/orient/scale/encode each",
        target="≤ 2x",
        target_ratio=2.0,
        note="add = hash, checks, display copy, thumbnail, atomic writes, the photo record",
    )


def bench_sync(tmp: Path, n: int) -> Figure:
    from caravan_app.services.photo_sync import transfer
    from caravan_app.storage.photo_files import PhotoFiles
    from caravan_app.sync.client import HubClient
    from tests.sync.faultproxy import FaultProxy
    from tests.sync.hubproc import HubProcess

    (tmp / "hub").mkdir(parents=True)
    hub = HubProcess(tmp / "hub")
    try:
        app = App.open(fresh_data_dir(tmp / "lap"))
        app.sync.enroll(hub.url, hub.code())
        v = _visit(app)
        from tests import photofiles

        for i in range(n):  # phone photos at 4000×3000 become ~1600×1200 display copies
            f = photofiles.write(tmp / "s" / f"{i}.jpg", photofiles.jpeg(4000, 3000, seed=200 + i))
            app.photos.add(v, f)
        app.sync.sync_now()  # the figures and the photo records (and the files, over loopback)
        from sqlalchemy import text

        with app.db.write() as s:  # forget what was sent: measure the bytes alone, over the slow link
            s.execute(text("DELETE FROM photo_transfers"))
        shutil.rmtree(tmp / "hub" / "photos", ignore_errors=True)
        total = sum(p.stat().st_size for p in [app.photos.path(x, "display") for x in app.photos.of_visit(v)] if p)
        proxy = FaultProxy(hub.port, rate_bps=RATE, rtt=RTT)
        token = app.sync.tokens.get(app.db.device_id)
        with HubClient(proxy.url, token) as c:
            t0 = time.perf_counter()
            res = transfer(app.db, PhotoFiles(app.data_dir), c)
            took = time.perf_counter() - t0
        proxy.close()
        app.close()
        assert res.uploaded == n and res.waiting == 0, res
    finally:
        hub.stop()
    limit = total / RATE
    return Figure(
        f"photos: display copies of {n} photos ({total / 1e6:.1f} MB) over 1 Mbit/s, 300 ms RTT (s)",
        took,
        "s",
        baseline=limit,
        baseline_name="the link's limit: bytes / 1 Mbit/s",
        target="≤ 1.5x",
        target_ratio=1.5,
        note=f"{res.uploaded} files in 512 KB pieces",
    )


def bench_gui(tmp: Path, many: int) -> list[Figure]:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from caravan_app.ui.pages.visits_page import VisitsPage
    from caravan_app.ui.tasks import TaskRunner
    from tests import photofiles

    qapp = QApplication.instance() or QApplication([])
    app = App.open(fresh_data_dir(tmp / "gui"))
    c = app.catalog.add_caravan("1号车")
    s = app.sites.add(name="鱼台县第一中学", county="鱼台县")
    small = app.visits.add(s, c, dt.date.today())
    big = app.visits.add(s, c, dt.date.today() - dt.timedelta(days=1))
    for vid, n in ((small, 3), (big, many)):
        for i in range(n):
            f = photofiles.write(tmp / "g" / f"{vid[-4:]}_{i}.jpg", photofiles.jpeg(800, 600, seed=i, taken=None))
            app.photos.add(vid, f)
    page = VisitsPage(app, TaskRunner())
    page.resize(1024, 600)
    page.show()
    qapp.processEvents()

    def open_visit(vid: str) -> float:
        page.runner.wait()  # from an idle strip: what the last visit left to load is not counted
        qapp.processEvents()
        page.photos.model.forget_thumbnails()
        row = next(r for r in range(page.model.rowCount()) if page.model.id_at(r) == vid)
        t0 = time.perf_counter()
        page.table.selectRow(row)  # as a click on the visit's row: the page opens it, strip and all
        assert page.photos.visit_id == vid
        want = 3  # both visits have at least 3
        while page.photos.model.loaded < want:  # the first thumbnails are on screen
            qapp.processEvents()
            time.sleep(0.001)
        return time.perf_counter() - t0

    import statistics

    runs: dict[str, list[float]] = {small: [], big: []}
    for _ in range(15):  # alternated, so both see the same load of the shared machine
        for vid in (small, big):
            runs[vid].append(open_visit(vid))
    t3, tmany = statistics.median(runs[small]), statistics.median(runs[big])
    page.runner.wait()
    page.close()
    app.close()
    return [
        Figure(
            f"photos: open a visit with {many} photos in the 活动 page (s)",
            tmany,
            "s",
            baseline=t3,
            baseline_name="the same with 3 photos",
            target="≤ 1.2x",
            target_ratio=1.2,
            note="median of 15 from an idle strip: the visit's row selected in the 活动 page until its first thumbnails are in the strip (painted at the next paint); one task opens a visit: 12 records, the counts and the first 3 thumbnails, then batches of 4 as they come into sight",
        )
    ]


def run(quick: bool = False) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="bench-photos-") as d:
        tmp = Path(d)
        out = [bench_add(tmp / "a", 10 if quick else 40)]
        out.append(bench_sync(tmp / "b", 8 if quick else 40))
        out += bench_gui(tmp / "c", 300)
    return out


if __name__ == "__main__":
    import sys

    from benchmarks.common import table

    print(table(run("--quick" in sys.argv)))
