"""A name with a CJK Extension B character (𠮷 U+20BB7, common in names) prints with a real
glyph from the fallback font chain, and a name no font can draw is refused on a badge."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from caravan_app.domain.errors import ValidationError
from caravan_app.reports import fonts
from caravan_app.reports.layout import build_pdf, key_values, para, table

from . import pdfcheck

NAME = "\U00020bb7田堃"  # 𠮷田堃

pytestmark = pytest.mark.skipif(not fonts.find_fallback_fonts(), reason="no Ext-B fallback font (fonts-hanazono)")


def _glyph_fonts(pdf: Path, char: str) -> list[str]:
    """The embedded fonts whose ToUnicode map names ``char`` (the font its glyph is drawn from)."""
    code = char.encode("utf-16-be").hex().upper()
    out = []
    for page in PdfReader(str(pdf)).pages:
        for _n, ref in page["/Resources"]["/Font"].items():
            f = ref.get_object()
            tu = f.get("/ToUnicode")
            if tu is not None and f"<{code}>" in tu.get_object().get_data().decode("latin-1"):
                out.append(str(f["/BaseFont"]))
    return out


def test_an_ext_b_name_prints_from_an_embedded_font_that_has_it(tmp_path: Path) -> None:
    from fontTools.ttLib import TTFont

    pdf = tmp_path / "name.pdf"
    warnings = build_pdf(
        pdf,
        [
            para(f"兹证明 {NAME} 参加"),
            key_values([("姓名", NAME)]),
            table(["姓名", "时长"], [[NAME, "1.0"]], [0.6, 0.4]),
        ],
        title=NAME,
        footer_left=NAME,
    )
    assert warnings == []  # nothing was replaced by □
    text = pdfcheck.flat(pdf)
    assert text.count(NAME) == 4 and "□" not in text  # extracted back: the ToUnicode map is right
    embedded = pdfcheck.fonts(pdf)
    (holder,) = set(_glyph_fonts(pdf, "\U00020bb7"))
    assert embedded[holder]  # the glyph comes from an embedded font…
    path = next(p for p in fonts.find_fallback_fonts() if p.stem in holder)
    face = TTFont(str(path), lazy=True)
    assert "glyf" in face and 0x20BB7 in face.getBestCmap()  # …a TrueType-outline one that has it
    assert face.getBestCmap()[0x20BB7] != ".notdef"
    png = pdfcheck.render(pdf, tmp_path / "png", dpi=100, first=1, last=1)[0]
    from PIL import Image

    # Ink where the name is drawn (not an empty box): the first line's left part has dark pixels.
    img = Image.open(png).convert("L")
    assert img.getextrema()[0] < 100


@pytest.mark.expected_logs("caravan_app.reports.layout")  # the warning names the character
def test_a_name_no_font_has_is_refused_on_badges_and_warned_elsewhere(tmp_path: Path) -> None:
    from caravan_app.reports.printables import badge_sheets

    odd = "王\U000e0100\U0010fffd"  # a private-use plane character: no font has it
    with pytest.raises(ValidationError) as e:
        badge_sheets(tmp_path / "b.pdf", [{"name": odd, "badge_code": "K7QMX2", "role": "volunteer"}])
    assert "U+10FFFD" in e.value.zh and "fonts-hanazono" in e.value.zh
    assert not (tmp_path / "b.pdf").exists()
    with fonts.collect_missing():  # as every renderer builds its story
        warnings = build_pdf(tmp_path / "list.pdf", [para(odd)], title="名单")
    assert warnings and "U+10FFFD" in warnings[0]


def test_the_fallback_is_a_debian_package_or_the_windows_font() -> None:
    names = {p.name for p in fonts.find_fallback_fonts()}
    assert names & {"simsunb.ttf", "HanaMinB.ttf", "HanaMinA.ttf"}
    assert shutil.which("pdftoppm")


def test_an_ext_b_name_prints_on_a_badge(tmp_path: Path) -> None:
    from caravan_app.reports.printables import badge_sheets

    pdf = badge_sheets(
        tmp_path / "b.pdf", [{"name": NAME, "badge_code": "K7QMX2", "role": "volunteer", "team": "服务队"}]
    )
    assert NAME in pdfcheck.flat(pdf)
    assert any(_glyph_fonts(pdf, "\U00020bb7")) and all(pdfcheck.fonts(pdf).values())
