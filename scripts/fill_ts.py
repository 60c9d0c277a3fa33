"""Fill unfinished entries of a .ts file from a {source: translation} JSON file (or stdin).

.venv/bin/python scripts/fill_ts.py resources/i18n/caravan_zh_CN.ts translations.json
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET


def fill(ts_path: str, table: dict[str, str]) -> list[str]:
    tree = ET.parse(ts_path)
    missing = []
    for msg in tree.iter("message"):
        src = msg.findtext("source") or ""
        tr = msg.find("translation")
        if tr is None:
            continue
        if tr.get("type") == "unfinished" or not (tr.text or "").strip():
            if src in table:
                tr.text = table[src]
                tr.attrib.pop("type", None)
            else:
                missing.append(src)
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    return missing


if __name__ == "__main__":
    data = json.load(open(sys.argv[2], encoding="utf-8")) if len(sys.argv) > 2 else json.load(sys.stdin)
    left = fill(sys.argv[1], data)
    for s in left:
        print("untranslated:", s)
    sys.exit(1 if left else 0)
