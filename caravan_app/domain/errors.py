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
        from .catalogue import book_title

        self.on_hand = on_hand
        self.wanted = wanted
        super().__init__(
            "quantity",
            f"库存不足：{book_title(title)}车上只有 {on_hand} 册，本次 {wanted} 册；确认后将记录为超额发放",
            f"Not enough stock: '{title}' has {on_hand} on the van, {wanted} requested; confirm to record an override",
        )


class NotFound(DomainError):
    """A referenced record does not exist (or was deleted)."""


class StorageError(DomainError):
    """The disk refused a write (full, read-only, locked too long). Nothing half-written:
    the transaction was rolled back and everything saved before is still there."""

    @classmethod
    def disk_full(cls) -> StorageError:
        return cls(
            "disk",
            "磁盘空间已满，本次操作未保存（之前保存的数据不受影响）。请清理磁盘后重试。",
            "The disk is full; this action was not saved (everything saved before is intact). Free some space and retry.",
        )

    @classmethod
    def read_only(cls) -> StorageError:
        return cls(
            "disk",
            "数据文件为只读，无法保存。请检查数据目录的权限。",
            "The data file is read-only; nothing can be saved. Check the data folder's permissions.",
        )

    @classmethod
    def busy(cls) -> StorageError:
        return cls(
            "disk",
            "数据库正被其他程序占用，请稍后重试。",
            "The database is busy in another program; try again in a moment.",
        )
