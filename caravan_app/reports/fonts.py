"""Finding and registering a CJK font that reportlab can embed.

reportlab embeds only TrueType-outline fonts: Noto CJK (.otf/.ttc, CFF outlines) fails, and the
built-in STSong-Light CID font is not embedded (text vanishes in some viewers). So we look for
WenQuanYi Micro Hei (Debian ``fonts-wqy-microhei``) or the Windows fonts msyh/simsun, in
``resources/fonts`` first so a bundle can carry its own.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from ..paths import resources_dir

FONT_NAME = "CJK"
FONT_NAME_BOLD = "CJK-Bold"

CANDIDATES: tuple[tuple[str, int], ...] = (
    ("wqy-microhei.ttc", 0),
    ("wqy-zenhei.ttc", 0),
    ("msyh.ttc", 0),
    ("msyh.ttf", 0),
    ("simhei.ttf", 0),
    ("simsun.ttc", 0),
    ("NotoSansSC-Regular.ttf", 0),
    ("DroidSansFallbackFull.ttf", 0),
)

SEARCH_DIRS: tuple[Path, ...] = (
    Path("/usr/share/fonts/truetype/wqy"),
    Path("/usr/share/fonts/wenquanyi/wqy-microhei"),
    Path("/usr/share/fonts/truetype/droid"),
    Path("/usr/share/fonts"),
    Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts",
    Path.home() / ".fonts",
    Path("/System/Library/Fonts"),
)


class FontMissing(RuntimeError):
    """No embeddable CJK font: the message tells the user what to install."""

    def __init__(self) -> None:
        super().__init__(
            "找不到可嵌入的中文字体，请安装文泉驿微米黑 (fonts-wqy-microhei) 或将 .ttf/.ttc 放入 resources/fonts / "
            "no embeddable CJK font found: install fonts-wqy-microhei or put a TrueType font in resources/fonts"
        )


def find_cjk_font() -> tuple[Path, int] | None:
    """Path and sub-font index of the first usable CJK TrueType font."""
    override = os.environ.get("CARAVAN_CJK_FONT")
    if override and Path(override).is_file():
        return Path(override), 0
    dirs = (resources_dir() / "fonts", *SEARCH_DIRS)
    for name, index in CANDIDATES:
        for d in dirs:
            p = d / name
            if p.is_file():
                return p, index
    return None


@cache
def register_cjk_font() -> str:
    """Register the CJK font with reportlab (once) and return its name for styles."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    found = find_cjk_font()
    if found is None:
        raise FontMissing()
    path, index = found
    pdfmetrics.registerFont(TTFont(FONT_NAME, str(path), subfontIndex=index))
    # No real bold face in most CJK fonts: map bold to the same face (styles may stroke it).
    pdfmetrics.registerFont(TTFont(FONT_NAME_BOLD, str(path), subfontIndex=index))
    addMapping(FONT_NAME, 0, 0, FONT_NAME)
    addMapping(FONT_NAME, 1, 0, FONT_NAME_BOLD)
    addMapping(FONT_NAME, 0, 1, FONT_NAME)
    addMapping(FONT_NAME, 1, 1, FONT_NAME_BOLD)
    return FONT_NAME
