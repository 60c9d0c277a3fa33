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
    """The disk refused a write (full, read-only, no permission, locked too long). Nothing
    half-written: the transaction was rolled back and everything saved before is still there.
    ``kind`` says which (storage/diskerrors.py decides); each message names the folder."""

    kind = "disk"

    @classmethod
    def _made(cls, kind: str, zh: str, en: str) -> StorageError:
        err = cls("disk", zh, en)
        err.kind = kind
        return err

    @classmethod
    def disk_full(cls, folder: object = None) -> StorageError:
        where_zh = f"文件夹 {folder} 所在的磁盘" if folder else "磁盘"
        where_en = f"the disk holding {folder}" if folder else "the disk"
        return cls._made(
            "full",
            f"磁盘空间已满：{where_zh}没有剩余空间，本次操作未保存（之前保存的数据不受影响）。"
            "请删除不需要的文件或清空回收站，腾出空间后重试。",
            f"The disk is full: {where_en} has no space left; this action was not saved (everything saved "
            "before is intact). Delete files you do not need or empty the recycle bin, then retry.",
        )

    @classmethod
    def read_only(cls, folder: object = None) -> StorageError:
        where_zh = f"文件夹 {folder} 所在的磁盘" if folder else "数据所在的磁盘"
        where_en = f"the disk holding {folder}" if folder else "the disk holding the data"
        return cls._made(
            "read_only",
            f"{where_zh}是只读的（写保护的U盘或存储卡、光盘、只读挂载），无法保存，可以查看。"
            "请拨开写保护开关或重新以可写方式连接；或把数据文件夹复制到可写的磁盘，用 --data-dir 打开。",
            f"{where_en[0].upper()}{where_en[1:]} is read-only (a write-protected USB stick or card, a disc, a "
            "read-only mount): nothing can be saved, reading works. Switch off the write protection or "
            "reconnect it writable; or copy the data folder to a writable disk and open it with --data-dir.",
        )

    @classmethod
    def no_permission(cls, folder: object = None) -> StorageError:
        where_zh = f"文件夹 {folder}" if folder else "数据文件夹"
        where_en = f"the folder {folder}" if folder else "the data folder"
        return cls._made(
            "permission",
            f"没有写入权限：当前用户不能写入{where_zh}（对该用户只读），无法保存。"
            "请让管理员给该用户这个文件夹的写入权限，或用 --data-dir 选择自己的文件夹。",
            f"No write permission: this user cannot write to {where_en} (read-only for this user); nothing "
            "was saved. Ask an administrator to give this user write permission there, or choose your own "
            "folder with --data-dir.",
        )

    @classmethod
    def busy(cls) -> StorageError:
        return cls(
            "disk",
            "数据库正被其他程序占用，请稍后重试。",
            "The database is busy in another program; try again in a moment.",
        )
