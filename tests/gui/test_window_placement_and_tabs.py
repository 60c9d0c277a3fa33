"""The window's first size on the crews' screens, and Tab following what the eye reads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget

from caravan_app.ui.pages.sites_page import SiteDialog
from caravan_app.ui.pages.stock_page import DayCloseDialog
from caravan_app.ui.pages.visits_page import VisitDialog

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]

_OPEN = """
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
qa = QApplication([])
from caravan_app.services.app import App
from caravan_app.ui.main_window import MainWindow
app = App.open(Path(sys.argv[1]))
w = MainWindow(app)
w.show()
qa.processEvents()
print(json.dumps({"maximised": w.isMaximized(), "width": w.width(), "height": w.height(),
                  "x": w.x(), "y": w.y()}))
w.close()
app.close()
"""


def _first_start(tmp_path: Path, width: int, height: int) -> dict:
    """A real first start (no saved geometry) on a screen of this size, in its own process."""
    screens = tmp_path / "screens.json"
    screens.write_text(json.dumps({"screens": [{"name": "s", "x": 0, "y": 0, "width": width, "height": height}]}))
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={screens}",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-c", _OPEN, str(tmp_path / "data")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("size", [(1366, 768), (1024, 600)])
def test_first_start_on_a_small_screen_opens_maximised(tmp_path: Path, size: tuple[int, int]) -> None:
    got = _first_start(tmp_path, *size)
    assert got["maximised"]
    assert size[0] - 10 <= got["width"] <= size[0] and size[1] - 40 <= got["height"] <= size[1]  # less the frame


def test_first_start_on_a_large_screen_opens_1200_wide_in_the_middle(tmp_path: Path) -> None:
    got = _first_start(tmp_path, 1920, 1080)
    assert not got["maximised"] and (got["width"], got["height"]) == (1200, 800)
    assert abs(got["x"] - (1920 - 1200) // 2) <= 10  # centred (the frame aside)


# --- Tab order ------------------------------------------------------------------------------------


def _tab_stops(root: QWidget) -> list[QWidget]:
    """The widgets Tab visits inside ``root``, from its top-left one: Qt's own rule (the focus
    chain, skipping what is hidden, disabled or takes no Tab focus)."""

    def stop(w: QWidget) -> bool:
        return (
            w.isVisible()
            and w.isEnabled()
            and bool(w.focusPolicy() & Qt.FocusPolicy.TabFocus)
            and w.focusProxy() is None
            and w is not root
            and root.isAncestorOf(w)
        )

    candidates = [w for w in root.findChildren(QWidget) if stop(w)]
    start = min(candidates, key=lambda w: (w.mapTo(root, QPoint(0, 0)).y(), w.mapTo(root, QPoint(0, 0)).x()))
    seen = [start]
    w = start.nextInFocusChain()
    while w is not start and len(seen) < 500:
        if stop(w) and w not in seen:
            seen.append(w)
        w = w.nextInFocusChain()
    assert set(seen) == set(candidates), "some widgets are never reached by Tab"
    return seen


def _backward_steps(root: QWidget) -> list[str]:
    """Steps that go up without going right (to the next column), or left along a row, round
    the whole cycle of Tab stops: read in order, only the step from the last back to the
    first goes back."""
    stops = _tab_stops(root)
    at = [(w, w.mapTo(root, QPoint(0, 0))) for w in stops]
    bad = []
    for (a, pa), (b, pb) in zip(at, at[1:] + at[:1], strict=True):
        up, right = pb.y() < pa.y() - 8, pb.x() > pa.x() + 8
        same_row_left = abs(pb.y() - pa.y()) <= 8 and pb.x() < pa.x() - 8
        if (up and not right) or same_row_left:
            bad.append(f"{a.objectName() or type(a).__name__} → {b.objectName() or type(b).__name__}")
    return bad


def test_tab_follows_the_visual_order_on_the_main_pages(window, app, field, qtbot, qapp) -> None:  # noqa: ANN001
    window.resize(1366, 768)
    app.visits.arrive(field["visit"])  # 今日 with its counting and quick sign-in rows enabled
    for key in ("today", "signin", "distribution", "stock", "reports", "catalogue", "sites", "visits", "settings"):
        page = window.show_page(key)
        qapp.processEvents()
        assert len(_backward_steps(page)) <= 1, (key, _backward_steps(page))


@pytest.mark.parametrize("make", ["day_close", "site", "visit"])
def test_tab_follows_the_visual_order_in_dialogs(window, app, field, qtbot, qapp, make: str) -> None:  # noqa: ANN001
    dialogs = {
        "day_close": lambda: DayCloseDialog(app, field["caravan"], window),
        "site": lambda: SiteDialog(app, None, window),
        "visit": lambda: VisitDialog(app, None, window),
    }
    dlg = dialogs[make]()
    dlg.show()
    qapp.processEvents()
    try:
        assert len(_backward_steps(dlg)) <= 1, _backward_steps(dlg)
    finally:
        dlg.done(0)
