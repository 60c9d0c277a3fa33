"""Making sure Chinese renders: pick a CJK font Qt can use, or say plainly that none exists."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

PREFERRED = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "PingFang SC",
    "SimHei",
    "SimSun",
)


def cjk_families() -> list[str]:
    return list(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def ensure_cjk_font(app: QApplication, point_size: int = 11) -> str | None:
    """Use a CJK family as the application font; returns it, or None when Chinese would show boxes.

    When Qt knows no CJK family, the font file the PDF reports use (resources/fonts, WenQuanYi,
    msyh) is registered with Qt, so one installed font serves both.
    """
    families = cjk_families()
    if not families:
        try:
            from ..reports.fonts import find_cjk_font

            found = find_cjk_font()
        except Exception:  # noqa: BLE001 - a missing font is reported, not fatal
            found = None
        if found:
            QFontDatabase.addApplicationFont(str(found[0]))
            families = cjk_families()
    if not families:
        return None
    chosen = next((f for f in PREFERRED if f in families), families[0])
    font = QFont(chosen)
    font.setPointSize(point_size)
    app.setFont(font)
    return chosen
