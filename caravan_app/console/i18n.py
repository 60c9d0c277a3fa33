"""Console strings: English in the code, Simplified Chinese from every ``resources/i18n/*_zh_CN.ts``
(context "Console"), read with ElementTree so the hub needs no Qt. Chinese is the default."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from functools import lru_cache

from ..paths import resources_dir

LANGS = ("zh", "en")
DEFAULT = "zh"
CONTEXT = "Console"


@lru_cache(maxsize=1)
def catalogue() -> dict[str, str]:
    out: dict[str, str] = {}
    for f in sorted((resources_dir() / "i18n").glob("*_zh_CN.ts")):
        try:
            root = ET.parse(f).getroot()
        except ET.ParseError:
            continue
        for ctx in root.iter("context"):
            if (ctx.findtext("name") or "") != CONTEXT:
                continue
            for m in ctx.iter("message"):
                src, tr = m.findtext("source"), m.find("translation")
                if src and tr is not None and tr.text and tr.get("type") not in ("obsolete", "vanished"):
                    out[src] = tr.text
    return out


def tr(lang: str, text: str, **kw: object) -> str:
    """``text`` in ``lang`` (formatted with ``kw``); an untranslated string stays English."""
    out = catalogue().get(text, text) if lang == "zh" else text
    return out.format(**kw) if kw else out


def pick(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT
