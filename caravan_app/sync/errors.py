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


def _ssl_cause(exc: BaseException) -> BaseException | None:
    """The TLS error behind ``exc`` (httpx wraps it twice), if there is one."""
    import ssl

    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        if isinstance(cur, ssl.SSLEOFError | ssl.SSLZeroReturnError):
            return None  # the line dropped in the middle of the handshake: the network
        if isinstance(cur, ssl.SSLError):
            return cur
        if "[SSL" in str(cur) or "CERTIFICATE_VERIFY_FAILED" in str(cur):
            return cur
        cur = cur.__cause__ or cur.__context__
    return None


def connection_failed(exc: BaseException) -> SyncError:
    """``offline`` for a network that does not answer; ``tls`` when the hub (or something in its
    place) answered but the secure connection was refused: a certificate or identity problem,
    which waiting for a better network will not fix."""
    import ssl

    cause = _ssl_cause(exc)
    if cause is None:
        return offline(type(exc).__name__)
    detail = getattr(cause, "verify_message", None) or getattr(cause, "reason", None) or type(cause).__name__
    if isinstance(cause, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(cause):
        return SyncError(
            "tls",
            "服务器的证书无法验证：连到的可能不是本会的同步服务器，或证书已更换。这不是网络问题：请联系管理员"
            "核对服务器地址和证书，必要时用新的注册码重新注册（不会发送任何数据）",
            f"the hub's certificate could not be verified ({detail}): this may not be the association's hub, or "
            "its certificate changed. Not a network problem: ask the hub's operator to check the address and "
            "certificate, and enroll again with a new code if needed (nothing was sent)",
        )
    return SyncError(
        "tls",
        "无法与同步服务器建立安全连接（对方没有按注册时的方式使用 HTTPS）。这不是网络问题：请联系管理员核对"
        "服务器地址（https:// 与端口）和证书（不会发送任何数据）",
        f"no secure connection to the hub ({detail}): the other side does not speak HTTPS as it did at "
        "enrollment. Not a network problem: ask the hub's operator to check the address (https:// and port) "
        "and certificate (nothing was sent)",
    )


def bad_answer(what_zh: str, what_en: str, where: str, missing: bool, detail: str) -> SyncError:
    """The hub answered 200 with a body the protocol does not allow (an old, broken or foreign
    server): the field named, so the operator knows what to fix; nothing of it was applied."""
    if not where:
        field_zh, field_en = "内容不是 JSON 对象", f"not a JSON object ({detail})"
    elif missing:
        field_zh, field_en = f"缺少字段 {where}", f"field {where} is missing"
    else:
        field_zh, field_en = f"字段 {where} 的类型或取值不对", f"field {where} is not valid ({detail})"
    return SyncError(
        "bad_answer",
        f"同步服务器对{what_zh}请求的回答不符合协议：{field_zh}。这次的回答没有被采用（数据都保存在本机），"
        "请联系管理员检查服务器的版本和地址",
        f"the hub's answer to the {what_en} request breaks the protocol: {field_en}. It was not used "
        "(nothing is lost); ask the hub's operator to check the server's version and address",
    )
