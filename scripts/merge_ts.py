"""Merge every ``resources/i18n/<name>_<lang>.ts`` into the one catalogue ``caravan_<lang>.ts`` and
delete the merged files. ``qtfill_<lang>.ts`` (Qt's own dialogs, loaded beside Qt's catalogue) stays
apart. Re-run it whenever a branch brings its own ``<name>_zh_CN.ts``:

    .venv/bin/python scripts/merge_ts.py            # merge and delete
    .venv/bin/python scripts/merge_ts.py --check    # exit 1 if anything is left to merge

Each (context, source, comment) is kept once, contexts whole and sorted. Where two files translate
one string differently, the better one wins (finished over unfinished, the source's {placeholders}
&accelerator and closing punctuation kept, then the one already in the catalogue, then the later file by name) and
the conflict is printed so a person can look.
"""

from __future__ import annotations

import argparse
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "resources" / "i18n"
CATALOGUE = "caravan"
APART = ("qtfill",)  # not the app's strings: Qt's own, see caravan_app/ui/i18n.py

Key = tuple[str, str, str]


def _text(msg: ET.Element) -> tuple[str, ...]:
    tr = msg.find("translation")
    if tr is None:
        return ()
    forms = [n.text or "" for n in tr.iter("numerusform")]
    return tuple(forms) if forms else (tr.text or "",)


def _finished(msg: ET.Element) -> bool:
    tr = msg.find("translation")
    return (
        tr is not None
        and tr.get("type") not in ("unfinished", "vanished", "obsolete")
        and all(t.strip() for t in _text(msg))
    )


def _score(msg: ET.Element, in_catalogue: bool) -> tuple[int, int, int, int, int]:
    source = msg.findtext("source") or ""
    texts = _text(msg)
    keeps_fields = all(set(re.findall(r"\{\w*\}", source)) == set(re.findall(r"\{\w*\}", t)) for t in texts)
    wants_key = re.search(r"&[^&\s]", source) is not None
    keeps_key = all((re.search(r"&[^&\s]", t) is not None) == wants_key for t in texts)
    ends = source.rstrip().endswith((".", "?", "!", ":"))
    keeps_end = all(t.rstrip().endswith(("。", "？", "！", "：", ".", "?", "!", ":")) == ends for t in texts)
    return (int(_finished(msg)), int(keeps_fields), int(keeps_key), int(keeps_end), int(in_catalogue))


def _read(path: Path) -> list[tuple[str, ET.Element]]:
    out = []
    for ctx in ET.parse(path).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.findall("message"):
            out.append((name, msg))
    return out


def _key(context: str, msg: ET.Element) -> Key:
    return (context, msg.findtext("source") or "", msg.findtext("comment") or "")


def merge(folder: Path, lang: str = "zh_CN") -> tuple[Path, list[Path], list[str]]:
    """Merge into ``folder/caravan_<lang>.ts``; returns it, the files merged (deleted) and the conflicts."""
    target = folder / f"{CATALOGUE}_{lang}.ts"
    extra = sorted(
        p for p in folder.glob(f"*_{lang}.ts") if p != target and p.name.removesuffix(f"_{lang}.ts") not in APART
    )
    chosen: dict[Key, tuple[ET.Element, str]] = {}
    conflicts: list[str] = []
    sources = ([target] if target.exists() else []) + extra
    for path in sources:
        for context, msg in _read(path):
            key = _key(context, msg)
            if key not in chosen:
                chosen[key] = (msg, path.name)
                continue
            old, old_from = chosen[key]
            if _text(old) == _text(msg):
                continue
            winner, loser = (old, msg)
            if _score(msg, path == target) > _score(old, old_from == target.name):
                winner, loser = msg, old
            win_from = path.name if winner is msg else old_from
            lose_from = old_from if winner is msg else path.name
            if _finished(loser):  # two real translations disagree: a person should know
                conflicts.append(
                    f"{context}: {key[1]!r}\n    kept  {'/'.join(_text(winner))!r} ({win_from})"
                    f"\n    over  {'/'.join(_text(loser))!r} ({lose_from})"
                )
            chosen[key] = (winner, win_from)
    root = ET.Element("TS", {"version": "2.1", "language": lang})
    by_context: dict[str, list[ET.Element]] = {}
    for (context, _source, _comment), (msg, _from) in chosen.items():
        by_context.setdefault(context, []).append(msg)
    for context in sorted(by_context):
        ctx = ET.SubElement(root, "context")
        ET.SubElement(ctx, "name").text = context
        for msg in sorted(by_context[context], key=lambda m: (m.findtext("source") or "", m.findtext("comment") or "")):
            for loc in msg.findall("location"):
                msg.remove(loc)
            ctx.append(msg)
    ET.indent(root, space="    ")
    body = ET.tostring(root, encoding="unicode")
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n{body}\n', encoding="utf-8")
    tmp.replace(target)
    for path in extra:
        path.unlink()
        path.with_suffix(".qm").unlink(missing_ok=True)
    return target, extra, conflicts


def leftovers(folder: Path, lang: str = "zh_CN") -> list[Path]:
    """Translation files that are neither the catalogue nor set apart (what a merge would fold in)."""
    keep = {f"{CATALOGUE}_{lang}.ts", *(f"{a}_{lang}.ts" for a in APART)}
    return sorted(p for p in folder.glob(f"*_{lang}.ts") if p.name not in keep)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only say whether anything is left to merge")
    parser.add_argument("--folder", type=Path, default=I18N)
    args = parser.parse_args(argv)
    if args.check:
        left = leftovers(args.folder)
        for p in left:
            print(f"not merged: {p.name} (run scripts/merge_ts.py)")
        return 1 if left else 0
    target, merged, conflicts = merge(args.folder)
    n = sum(1 for _ in ET.parse(target).getroot().iter("message"))
    print(f"{target.name}: {n} strings; merged and removed {len(merged)} file(s): {', '.join(p.name for p in merged)}")
    for c in conflicts:
        print("conflict:", c)
    return 0


if __name__ == "__main__":
    sys.exit(main())
