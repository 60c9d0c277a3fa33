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


def test_one_catalogue_per_language() -> None:
    """The app's strings live in caravan_zh_CN.ts alone (qtfill_zh_CN.ts holds Qt's own dialogs).
    A branch's own <name>_zh_CN.ts is folded in by scripts/merge_ts.py before it is merged."""
    names = sorted(p.name for p in I18N.glob("*_zh_CN.ts"))
    assert names == ["caravan_zh_CN.ts", "qtfill_zh_CN.ts"], f"run scripts/merge_ts.py: {names}"


def test_merge_folds_a_new_file_in_and_removes_it(tmp_path: Path) -> None:
    """The lead's re-run after a branch lands: its strings join their context, its file goes,
    a string both translate is kept once, and a disagreement keeps the better translation."""
    import runpy

    merge = runpy.run_path(str(ROOT / "scripts" / "merge_ts.py"))["merge"]
    head = '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" language="zh_CN">'

    def ts(name: str, *messages: tuple[str, str, str]) -> None:
        body = "".join(
            f"<context><name>{c}</name><message><source>{s}</source><translation>{t}</translation></message></context>"
            for c, s, t in messages
        )
        (tmp_path / name).write_text(f"{head}{body}</TS>", encoding="utf-8")

    ts("caravan_zh_CN.ts", ("TodayPage", "Arrived", "已到达"), ("SigninPage", "Closed.", "已关闭"))
    ts(
        "peers_zh_CN.ts",
        ("TodayPage", "Peers", "同伴"),
        ("TodayPage", "Arrived", "已到达"),
        ("SigninPage", "Closed.", "已关闭。"),
    )
    ts("qtfill_zh_CN.ts", ("QFileDialog", "&Look in:", "查找范围(&L)："))
    target, merged, conflicts = merge(tmp_path)
    assert [p.name for p in merged] == ["peers_zh_CN.ts"] and not (tmp_path / "peers_zh_CN.ts").exists()
    assert (tmp_path / "qtfill_zh_CN.ts").exists()
    got = {(c, s): m for c, s, m in _messages(target)}
    assert len(got) == len(_messages(target)) == 3
    assert _finished(got[("TodayPage", "Peers")]) == "同伴"
    assert _finished(got[("SigninPage", "Closed.")]) == "已关闭。"  # keeps the source's full stop
    assert len(conflicts) == 1 and "Closed." in conflicts[0]
