"""Finding and registering a CJK font that reportlab can embed.

reportlab embeds only TrueType-outline fonts: Noto CJK (.otf/.ttc, CFF outlines) fails, and the
built-in STSong-Light CID font is not embedded (text vanishes in some viewers). So we look for
WenQuanYi Micro Hei (Debian ``fonts-wqy-microhei``) or the Windows fonts msyh/simsun, in
``resources/fonts`` first so a bundle can carry its own.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
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


# --- glyphs the embedded font lacks ------------------------------------------------------------
# A character the font has no glyph for (an emoji in a name, a rare ideograph) would print as
# nothing at all. It is replaced by a visible mark and reported, so a person can see that
# something is missing and the caller can warn (``missing_glyphs``).

MISSING_MARK = "□"
_missing: ContextVar[set[str] | None] = ContextVar("missing_glyphs", default=None)


@cache
def _cmap() -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    return frozenset(pdfmetrics.getFont(register_cjk_font()).face.charToGlyph)


def safe_text(text: str) -> str:
    """``text`` with every character the embedded font cannot draw replaced by "□"."""
    cmap = _cmap()
    if all(ord(ch) in cmap or ch in "\n\t" for ch in text):
        return text
    out = []
    seen = _missing.get()
    for ch in text:
        if ord(ch) in cmap or ch in "\n\t":
            out.append(ch)
        elif unicodedata.category(ch) in ("Mn", "Me", "Cf") or ch in "\ufe0e\ufe0f":
            continue  # combining marks, variation selectors, zero-width joiners: no box of their own
        else:
            out.append(MISSING_MARK if ord(MISSING_MARK) in cmap else "?")
            if seen is not None:
                seen.add(ch)
    return "".join(out)


@contextmanager
def collect_missing() -> Iterator[set[str]]:
    """Collect the characters ``safe_text`` replaced while the block runs (nested blocks share
    the outer set, so a renderer can collect while it builds its story and lays it out)."""
    outer = _missing.get()
    if outer is not None:
        yield outer
        return
    token = _missing.set(set())
    box = _missing.get()
    assert box is not None
    try:
        yield box
    finally:
        _missing.reset(token)


def missing_warning(chars: set[str]) -> str | None:
    """A bilingual warning naming the replaced characters, or None."""
    if not chars:
        return None
    shown = " ".join(f"{c} (U+{ord(c):04X})" for c in sorted(chars))
    return f"字体中没有以下字符，已用“□”代替：{shown} / characters not in the font were printed as □: {shown}"
