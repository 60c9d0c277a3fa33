"""Qt's own dialogs (the file dialog Qt draws, message-box buttons) speak the interface language,
and the bundle carries Qt's Chinese so they do on the crews' laptops too."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox

from caravan_app.ui import i18n

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]
LATIN = re.compile(r"[A-Za-z]{2,}")


def _file_dialog_labels(qtbot) -> list[str]:  # noqa: ANN001
    d = QFileDialog(None, "x")
    d.setOption(QFileDialog.Option.DontUseNativeDialog)  # the dialog Qt draws (Linux; any "native" fallback)
    d.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(d)
    return [lab.text() for lab in d.findChildren(QLabel) if lab.text()]


def test_qt_file_dialog_and_message_buttons_speak_chinese(qapp, qtbot) -> None:  # noqa: ANN001
    i18n.install(i18n.CHINESE, qapp)
    labels = _file_dialog_labels(qtbot)
    assert labels and not [t for t in labels if LATIN.search(t)], labels
    assert any("查找范围" in t for t in labels)
    box = QMessageBox()
    qtbot.addWidget(box)
    box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    assert sorted(b.text() for b in box.buttons()) == sorted(["确定", "取消"])


def test_qt_dialogs_follow_a_switch_to_english(qapp, qtbot) -> None:  # noqa: ANN001
    i18n.install(i18n.ENGLISH, qapp)
    assert any("Look in" in t for t in _file_dialog_labels(qtbot))


def test_the_bundle_spec_carries_qts_chinese_where_the_app_looks_for_it() -> None:
    """Run build_installer.spec's own code with PyInstaller's build steps recorded, not run."""
    seen: dict[str, Any] = {}

    def analysis(*_a: object, **kw: Any) -> Any:
        seen.update(kw)
        return type("A", (), {"pure": [], "scripts": [], "binaries": [], "datas": []})()

    spec = (ROOT / "build_installer.spec").read_text(encoding="utf-8")
    glb = {
        "__name__": "spec",
        "SPECPATH": str(ROOT),
        "Analysis": analysis,
        "PYZ": lambda *a, **k: None,
        "EXE": lambda *a, **k: None,
        "COLLECT": lambda *a, **k: None,
    }
    exec(compile(spec, "build_installer.spec", "exec"), glb)  # noqa: S102 - our own build file
    bundled = {Path(src).name: dest for src, dest in seen["datas"]}
    assert bundled.get(i18n.QT_TRANSLATION) == "resources/i18n/qt"
    # …and that is the folder the app falls back to when PySide6's own is not found.
    found = i18n.qt_translation()
    assert found is not None and found.name == i18n.QT_TRANSLATION
