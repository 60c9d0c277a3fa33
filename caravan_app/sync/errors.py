"""Sync failures worded for the person at the laptop (Chinese and English)."""

from __future__ import annotations

from ..domain.errors import DomainError


class SyncError(DomainError):
    """``code`` says what kind: offline, revoked, bad_token, update_app, busy, server, …"""

    def __init__(self, code: str, zh: str, en: str, status: int | None = None) -> None:
        super().__init__("sync", zh, en)
        self.code = code
        self.status = status


def offline(detail: str = "") -> SyncError:
    return SyncError(
        "offline",
        "连不上同步服务器，请检查网络后再试（数据都保存在本机，不会丢失）",
        f"cannot reach the sync hub; check the network and try again (nothing is lost){': ' + detail if detail else ''}",
    )


def not_enrolled() -> SyncError:
    return SyncError(
        "not_enrolled",
        "这台电脑还没有注册到同步服务器，请先用注册码注册",
        "this laptop is not enrolled with a sync hub yet; enroll it with a code first",
    )
