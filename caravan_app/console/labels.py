"""The laptop's own words for codes (visit status, activity kind, groups), in the page's language."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request

from ..domain import vocab
from .render import lang_of


def labeller(request: Request) -> Callable[[str, str | None], str]:
    """``label("status", "completed")`` → 已完成 / Completed; an unknown code shows as it is."""
    zh = lang_of(request) == "zh"
    tables: dict[str, dict[str, tuple[str, str]]] = {
        "status": {k.value: v for k, v in vocab.VISIT_STATUS_LABELS.items()},
        "kind": {k.value: v for k, v in vocab.ACTIVITY_KIND_LABELS.items()},
        "group": {k.value: v for k, v in vocab.GROUP_LABELS.items()},
    }

    def label(table: str, code: str | None) -> str:
        if not code:
            return ""
        pair = tables.get(table, {}).get(code)
        return code if pair is None else (pair[0] if zh else pair[1])

    return label
