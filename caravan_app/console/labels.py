"""The laptop's own words for codes (visit status, activity kind, groups), in the page's language.

The laptop's papers are Chinese, so the report data a page shows (a visit's people by group, crew
roles, sign-in groups and methods) carries the Chinese words of the vocabulary; an English page
shows the same vocabulary's English words for them (``label("printed_group", "小学生")``), as the
laptop's own screens do (``ui.i18n.label``). Words outside the vocabulary (names, teams, titles)
stay as written."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request

from ..domain import vocab
from ..services.reporting import METHOD_LABELS
from .render import lang_of

METHOD_EN = {"phone": "QR code", "badge": "Badge", "manual": "By hand"}  # the papers' 扫码, 胸卡, 手工


def labeller(request: Request) -> Callable[[str, str | None], str]:
    """``label("status", "completed")`` → 已完成 / Completed; an unknown code shows as it is."""
    zh = lang_of(request) == "zh"
    tables: dict[str, dict[str, tuple[str, str]]] = {
        "status": {k.value: v for k, v in vocab.VISIT_STATUS_LABELS.items()},
        "kind": {k.value: v for k, v in vocab.ACTIVITY_KIND_LABELS.items()},
        "group": {k.value: v for k, v in vocab.GROUP_LABELS.items()},
        "role": {k.value: v for k, v in vocab.PERSON_ROLE_LABELS.items()},
        # the papers' Chinese words, keyed by themselves
        "printed_group": {zh: (zh, en) for zh, en in vocab.GROUP_LABELS.values()},
        "printed_signin_group": {zh: (zh, en) for zh, en in vocab.SIGNIN_GROUP_LABELS.values()},
        "printed_method": {zh: (zh, METHOD_EN.get(code, zh)) for code, zh in METHOD_LABELS.items()},
    }

    def label(table: str, code: str | None) -> str:
        if not code:
            return ""
        pair = tables.get(table, {}).get(code)
        return code if pair is None else (pair[0] if zh else pair[1])

    return label
