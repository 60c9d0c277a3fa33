"""Errors a person can read: every one names the field, in Chinese and English."""

from __future__ import annotations


class DomainError(Exception):
    """A rule was broken. ``field`` names what to fix; ``zh``/``en`` say why."""

    def __init__(self, field: str, zh: str, en: str) -> None:
        self.field = field
        self.zh = zh
        self.en = en
        super().__init__(f"{field}: {zh} / {en}")

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, "zh": self.zh, "en": self.en}


class ValidationError(DomainError):
    """Input that cannot be stored as given."""


class RuleError(DomainError):
    """Input that is well formed but not allowed now (a status jump, stock below zero)."""


class StockWarning(RuleError):
    """Stock would go below zero: allowed only with an explicit, recorded override."""

    def __init__(self, title: str, on_hand: int, wanted: int) -> None:
        self.on_hand = on_hand
        self.wanted = wanted
        super().__init__(
            "quantity",
            f"库存不足：《{title}》车上只有 {on_hand} 册，本次 {wanted} 册；确认后将记录为超额发放",
            f"Not enough stock: '{title}' has {on_hand} on the van, {wanted} requested; confirm to record an override",
        )


class NotFound(DomainError):
    """A referenced record does not exist (or was deleted)."""
