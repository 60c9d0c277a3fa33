"""The shipped app: the PyInstaller bundle's cold start against the same from the virtualenv,
and the desktop app's memory after a scripted field day against its fresh start.

Cold start: each sample is a fresh process with ``CARAVAN_STARTUP_PROBE=1`` (see
caravan_app/startup_probe.py), timed from spawn to "shown" (the first window, event loop
running) and to "ready" (the main window with today's data visible). The bundle is
``build/dist/caravan/caravan`` (build it with scripts/build_bundle.sh); the baseline is the same
launcher run by the virtualenv's Python on the same data folder, alternately, medians.

Memory: a fresh process opens the main window on a data folder with a visit in progress today,
warms up (every page the day uses shown once, 50 sign-ins and counts), and records its RSS; then
it runs the day: 2,000 sign-ins and 500 counts (tally +1) through the services the pages call,
the 签到 and 今日 pages shown and refreshed in turn, the event loop running between operations.
The figure is RSS after the day against RSS at the fresh start; the growth over the second half
of the day shows whether anything grows with the work (it should not, beyond caches).

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks bundle [--quick]
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import Figure, as_installed

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "build" / "dist" / "caravan" / "caravan"


def _env() -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CARAVAN_STARTUP_PROBE": "1"}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.pop("CARAVAN_DATA_DIR", None)
    return env


def _spawn(cmd: list[str]) -> tuple[float, float]:
    """Seconds from spawn to "shown" and to "ready"."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=_env())
    assert proc.stdout is not None
    shown = ready = None
    for line in proc.stdout:
        if line.strip() == "shown" and shown is None:
            shown = time.perf_counter() - t0
        elif line.strip() == "ready":
            ready = time.perf_counter() - t0
    proc.wait(timeout=120)
    if shown is None or ready is None:
        raise RuntimeError(f"{cmd[0]}: no start-up marks (exit {proc.returncode})")
    return shown, ready


def _demo_folder(d: Path) -> None:
    from caravan_app.services.app import App
    from caravan_app.services.demo import load_demo

    app = App.open(d)
    try:
        load_demo(app)
    finally:
        app.close()


def cold_start(repeat: int) -> list[Figure]:
    if not BUNDLE.exists():
        print(f"  (no bundle at {BUNDLE}: run scripts/build_bundle.sh; bundle start skipped)", file=sys.stderr)
        return []
    with tempfile.TemporaryDirectory(prefix="bench-bundle-") as tmp:
        data = Path(tmp) / "data"
        _demo_folder(data)
        venv = [sys.executable, str(ROOT / "caravan_app" / "launcher.py"), "--data-dir", str(data), "gui"]
        frozen = [str(BUNDLE), "--data-dir", str(data), "gui"]
        _spawn(venv)
        _spawn(frozen)
        vs, vr, fs, fr = [], [], [], []
        for _ in range(repeat):
            s, r = _spawn(frozen)
            fs.append(s)
            fr.append(r)
            s, r = _spawn(venv)
            vs.append(s)
            vr.append(r)
    med = statistics.median
    return [
        Figure(
            "bundle cold start to first window (`caravan gui`, demo data)",
            med(fs) * 1000,
            "ms",
            med(vs) * 1000,
            "same from the virtualenv",
        ),
        Figure(
            "bundle cold start to main window with today's data",
            med(fr) * 1000,
            "ms",
            med(vr) * 1000,
            "same from the virtualenv",
        ),
    ]


DAY = r"""
import datetime as dt, gc, json, sys
from caravan_app.ui.shell import qt_app
from caravan_app.services.app import App
from caravan_app.ui.main_window import MainWindow

def rss_mb():
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * 4096 / 2**20

signins, counts = int(sys.argv[2]), int(sys.argv[3])
qa = qt_app()
app = App.open(sys.argv[1])
van = app.catalog.add_caravan("科普大篷车1号")
app.catalog.set_this_device("基准笔记本", van)
site = app.sites.add(name="任城区实验小学", county="任城区")
vid = app.visits.add(site, van, dt.date.today(), theme="基准测试")
app.visits.arrive(vid)
app.signin.open(vid)
w = MainWindow(app)
w.resize(1366, 768)
w.show()
groups = ("student", "teacher", "parent", "villager")
done = {"s": 0, "c": 0}

def step(n_signins, n_counts):
    ops = [("s", i) for i in range(n_signins)]
    every = max(1, n_signins // max(1, n_counts)) if n_counts else 0
    k = 0
    for i in range(n_signins):
        s = done["s"]
        app.attendance.signin(vid, f"学生{s:05d}", groups[s % 4], f"{s % 9 + 1}年级", method="phone")
        done["s"] += 1
        if every and i % every == 0 and k < n_counts:
            app.attendance.tally(vid, "primary", 1)
            done["c"] += 1
            k += 1
        if i % 10 == 0:
            qa.processEvents()
        if i % 100 == 0:
            w.go_to("signin" if (i // 100) % 2 == 0 else "today", vid)
    while k < n_counts:
        app.attendance.tally(vid, "primary", 1)
        done["c"] += 1
        k += 1
    qa.processEvents()

def settle():
    for _ in range(5):
        qa.processEvents()
    gc.collect()
    return rss_mb()

for key in ("today", "signin", "today"):
    w.go_to(key, vid)
    qa.processEvents()
step(50, 12)
fresh = settle()
step(signins // 2, counts // 2)
half = settle()
step(signins - signins // 2, counts - counts // 2)
end = settle()
print(json.dumps({"fresh": fresh, "half": half, "end": end, "signins": app.attendance.signin_count(vid), "done": done}))
w.close()
app.close()
"""


def memory_day(signins: int, counts: int) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="bench-day-") as tmp:
        env = _env()
        env.pop("CARAVAN_STARTUP_PROBE")
        out = subprocess.run(
            [sys.executable, "-c", DAY, str(Path(tmp) / "data"), str(signins), str(counts)],
            capture_output=True,
            text=True,
            env=env,
            timeout=900,
            check=False,
        )
        if out.returncode != 0:
            raise RuntimeError(out.stderr[-2000:])
        r = json.loads(out.stdout.strip().splitlines()[-1])
    if r["signins"] != signins + 50:
        raise AssertionError(f"sign-ins lost during the day: {r}")
    return [
        Figure(
            f"GUI RSS after a day of {signins:,} sign-ins and {counts} counts",
            r["end"],
            "MB",
            r["fresh"],
            "same window at its fresh start (after warm-up)",
        ),
        Figure(
            f"GUI RSS growth over the second half of the day ({signins // 2:,} sign-ins)",
            r["end"] - r["half"],
            "MB",
            r["half"] - r["fresh"],
            "growth over the first half",
        ),
    ]


def run(quick: bool = False) -> list[Figure]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    as_installed()
    figures = cold_start(3 if quick else 5)
    figures += memory_day(400 if quick else 2000, 100 if quick else 500)
    return figures


if __name__ == "__main__":
    from benchmarks.common import machine, table

    print(f"Machine: {machine()}\n\n{table(run(quick='--quick' in sys.argv))}")
