"""Every user-visible tr() string in caravan_app/ui has a finished zh_CN translation.

The sources are scanned with pyside6-lupdate (as the translators' workflow does) into a
throw-away .ts; each (context, source) must be translated, unfinished-free, in some
resources/i18n/*_zh_CN.ts, keeping the same {placeholders}.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "caravan_app" / "ui"
I18N = ROOT / "resources" / "i18n"


def _lupdate() -> str:
    here = Path(sys.executable).parent / "pyside6-lupdate"
    found = str(here) if here.exists() else shutil.which("pyside6-lupdate")
    if not found:
        pytest.fail("pyside6-lupdate not found (it ships with PySide6)")
    return found


def _messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    out = []
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            out.append((name, msg.findtext("source") or "", msg))
    return out


def _finished(msg: ET.Element) -> str | None:
    tr = msg.find("translation")
    if tr is None or tr.get("type") in ("unfinished", "vanished", "obsolete"):
        return None
    forms = [n.text or "" for n in tr.iter("numerusform")] or [tr.text or ""]
    return forms[0] if all(f.strip() for f in forms) else None


def test_every_ui_string_has_a_finished_chinese_translation(tmp_path: Path) -> None:
    sources = sorted(str(p) for p in UI.rglob("*.py"))
    scanned = tmp_path / "scan_zh_CN.ts"
    subprocess.run(
        [_lupdate(), "-silent", "-locations", "none", *sources, "-ts", str(scanned)], check=True, capture_output=True
    )
    wanted = {(c, s) for c, s, _m in _messages(scanned)}
    assert len(wanted) > 100, "lupdate found too few strings: is it scanning the sources?"
    done: dict[tuple[str, str], str] = {}
    for ts in sorted(I18N.glob("*_zh_CN.ts")):
        for c, s, msg in _messages(ts):
            text = _finished(msg)
            if text is not None:
                done[(c, s)] = text
    missing = sorted(f"{c}: {s!r}" for c, s in wanted if (c, s) not in done)
    assert not missing, (
        "untranslated UI strings (run scripts/update_translations.sh AREA FILES, then translate):\n"
        + "\n".join(missing)
    )
    bad = sorted(
        f"{c}: {s!r} -> {done[(c, s)]!r}"
        for c, s in wanted
        if set(re.findall(r"\{\w*\}", s)) != set(re.findall(r"\{\w*\}", done[(c, s)]))
    )
    assert not bad, "translations must keep the {placeholders} of the source:\n" + "\n".join(bad)


def test_tr_is_only_called_with_literal_text() -> None:
    """lupdate can only see literal strings: tr(variable) or tr(f"...") would escape the check above.

    A deliberate exception (text marked elsewhere with QT_TRANSLATE_NOOP) carries ``# tr-dynamic``.
    """
    offenders = []
    for p in sorted(UI.rglob("*.py")):
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            for m in re.finditer(r"(\.tr\(|\btranslate\()", code):
                rest = code[m.end() :].lstrip()
                if m.group(1) == "translate(":
                    rest = re.sub(r'^"[^"]*"\s*,\s*', "", rest)
                if rest and rest[0] not in "\"'" and "tr-dynamic" not in line:
                    offenders.append(f"{p.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not offenders, "non-literal tr()/translate() calls:\n" + "\n".join(offenders)
