"""Finding and registering a CJK font that reportlab can embed.

reportlab embeds only TrueType-outline fonts: Noto CJK (.otf/.ttc, CFF outlines) fails, and the
built-in STSong-Light CID font is not embedded (text vanishes in some viewers). So we look for
WenQuanYi Micro Hei (Debian ``fonts-wqy-microhei``) or the Windows fonts msyh/simsun, in
``resources/fonts`` first so a bundle can carry its own.

No single font people have covers every name: WenQuanYi Micro Hei lacks CJK Extension B
(𠮷 U+20BB7, common in names). So a character the main font lacks is drawn from the first
font of a fallback chain that has it (``FALLBACK_CANDIDATES``: Windows' SimSun-ExtB
``simsunb.ttf``; on Linux Hanazono Mincho, Debian ``fonts-hanazono``, whose HanaMinB holds all
of Extension B) — in paragraphs as ``<font>`` runs (``markup``), on a canvas by ``draw_runs``.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any

from ..domain.errors import ValidationError
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

# Fonts for characters the main font lacks, in order: TrueType outlines only (reportlab embeds
# nothing else). SimSun-ExtB ships with Windows; HanaMinB/A with Debian's fonts-hanazono.
FALLBACK_CANDIDATES: tuple[str, ...] = ("simsunb.ttf", "HanaMinB.ttf", "HanaMinA.ttf")
FALLBACK_FONT_NAME = "CJK-Fallback"

SEARCH_DIRS: tuple[Path, ...] = (
    Path("/usr/share/fonts/truetype/wqy"),
    Path("/usr/share/fonts/truetype/hanazono"),
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


def _utf16_hex(code: int) -> str:
    return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()


@cache
def _fix_to_unicode() -> None:
    """reportlab writes a character beyond U+FFFF (𠮷 U+20BB7) into a font's ToUnicode map as
    five hex digits, which is not a code: copied or extracted text loses it. The map must hold
    UTF-16BE (a surrogate pair); this writes it so, for every character."""
    from reportlab.pdfbase import ttfonts

    original = ttfonts.makeToUnicodeCMap

    def make(fontname: str, subset: list[int]) -> str:
        text: str = original(fontname, subset)
        for v in subset:
            if v > 0xFFFF:
                text = text.replace(f"> <{v:04X}>", f"> <{_utf16_hex(v)}>")
        return text

    ttfonts.makeToUnicodeCMap = make


@cache
def register_cjk_font() -> str:
    """Register the CJK font with reportlab (once) and return its name for styles."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    _fix_to_unicode()
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


def find_fallback_fonts() -> list[Path]:
    """The fallback fonts present, in chain order (``CARAVAN_CJK_FALLBACK_FONT`` first)."""
    found: list[Path] = []
    override = os.environ.get("CARAVAN_CJK_FALLBACK_FONT")
    if override and Path(override).is_file():
        found.append(Path(override))
    dirs = (resources_dir() / "fonts", *SEARCH_DIRS)
    for name in FALLBACK_CANDIDATES:
        p = next((d / name for d in dirs if (d / name).is_file()), None)
        if p is not None and p not in found:
            found.append(p)
    return found


@cache
def _fallbacks() -> tuple[tuple[str, frozenset[int]], ...]:
    """(registered font name, code points it draws) for each usable fallback font, in order."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    out: list[tuple[str, frozenset[int]]] = []
    for i, path in enumerate(find_fallback_fonts()):
        name = f"{FALLBACK_FONT_NAME}{i}"
        try:
            font = TTFont(name, str(path))
        except (TTFError, OSError):  # a CFF-outline or damaged file: not embeddable, skip it
            continue
        pdfmetrics.registerFont(font)
        out.append((name, frozenset(font.face.charToGlyph)))
    return tuple(out)


def _invisible(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Me", "Cf") or ch in "\ufe0e\ufe0f"


def _ideograph(code: int) -> bool:
    """CJK radicals, ideographs and their extensions (names): what the fallback chain is for.
    Emoji and other symbols stay in the main font (□ and a warning), not a Japanese mincho's."""
    return 0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x3FFFF


def font_for(ch: str) -> str | None:
    """The registered font that draws ``ch``: the main one, else the first fallback, else None."""
    if ord(ch) in _cmap() or ch in "\n\t":
        return register_cjk_font()
    for name, cmap in _fallbacks() if _ideograph(ord(ch)) else ():
        if ord(ch) in cmap:
            return name
    return None


def undrawable(text: str) -> list[str]:
    """The characters of ``text`` that no font of the chain can draw (in order, once each)."""
    cmap = _cmap()
    out: list[str] = []
    for ch in text:
        if ord(ch) in cmap or ch in "\n\t" or _invisible(ch) or ch in out:
            continue
        if font_for(ch) is None:
            out.append(ch)
    return out


def runs(text: str) -> list[tuple[str, str]]:
    """``text`` as (font name, text) runs: each character in the first font that draws it;
    one that none draws becomes "□" in the main font (and is collected for the warning)."""
    main = register_cjk_font()
    cmap = _cmap()
    if all(ord(ch) in cmap or ch in "\n\t" for ch in text):
        return [(main, text)] if text else []
    seen = _missing.get()
    out: list[tuple[str, str]] = []
    for ch in text:
        font = font_for(ch)
        if font is None:
            if _invisible(ch):
                continue
            if seen is not None:
                seen.add(ch)
            font, ch = main, (MISSING_MARK if ord(MISSING_MARK) in cmap else "?")
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + ch)
        else:
            out.append((font, ch))
    return out


def needs_fallback(text: str) -> bool:
    """True when some character of ``text`` is drawn by a fallback font (not one main-font run)."""
    cmap = _cmap()
    return any(ord(ch) not in cmap and ch not in "\n\t" and font_for(ch) is not None for ch in text)


def markup(text: str) -> str:
    """``text`` as reportlab paragraph markup: escaped, fallback characters in ``<font>`` runs."""
    main = register_cjk_font()
    parts = []
    for font, run in runs(text):
        e = run.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        parts.append(e if font == main else f'<font name="{font}">{e}</font>')
    return "".join(parts)


def runs_width(text: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return sum(stringWidth(t, f, size) for f, t in runs(text))


def draw_runs(canv: Any, x: float, y: float, text: str, size: float, anchor: str = "left") -> None:
    """Draw one line on a canvas in runs (fallback characters in their font); ``anchor`` left,
    centre or right of ``x``. The canvas's font is the main font at ``size`` afterwards."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    parts = runs(text)
    total = sum(stringWidth(t, f, size) for f, t in parts)
    x0 = x - total if anchor == "right" else x - total / 2 if anchor == "centre" else x
    for font, t in parts:
        canv.setFont(font, size)
        canv.drawString(x0, y, t)
        x0 += stringWidth(t, font, size)
    canv.setFont(register_cjk_font(), size)


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
    """``text`` with every character the main font cannot draw replaced by "□" (for places
    drawn in one font only; paragraphs use ``markup``, canvas lines ``draw_runs``)."""
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


class UndrawableName(ValidationError):
    """A name with a character no font of the chain has: refused where the name is the point
    (a certificate, a badge), with a message naming the character and what to do."""

    def __init__(self, field: str, text: str, chars: list[str]) -> None:
        shown = "、".join(f"“{c}”(U+{ord(c):04X})" for c in chars)
        zh = (
            f"“{text}”中的 {shown} 无法打印：本机字体中没有这些字。请安装 fonts-hanazono（Linux）或"
            "确认 Windows 的 SimSun-ExtB（simsunb.ttf）字体存在，或将含这些字的 TrueType 字体放入 resources/fonts"
        )
        en = (
            f"{shown} in “{text}” cannot be printed: no installed font has them. Install fonts-hanazono "
            "(Linux), make sure Windows' SimSun-ExtB (simsunb.ttf) is present, or put a TrueType font with them in "
            "resources/fonts"
        )
        super().__init__(field, zh, en)


def require_drawable(field: str, text: str) -> None:
    """Raise ``UndrawableName`` when some character of ``text`` cannot be drawn by any font."""
    bad = undrawable(text)
    if bad:
        raise UndrawableName(field, text, bad)


def missing_warning(chars: set[str]) -> str | None:
    """A bilingual warning naming the replaced characters, or None."""
    if not chars:
        return None
    shown = " ".join(f"{c} (U+{ord(c):04X})" for c in sorted(chars))
    return f"字体中没有以下字符，已用“□”代替：{shown} / characters not in the font were printed as □: {shown}"
