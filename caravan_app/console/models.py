"""The console's own tables, in the HUB database on the hub's metadata (migration h15_console):
users, their sessions, failed logins and the audit log. Nothing is kept in a worker's memory, so
several workers behind PostgreSQL see the same sessions and limits."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..server.models import Base


class ConsoleUserRow(Base):
    __tablename__ = "console_users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    county: Mapped[str | None] = mapped_column(String(100))
    caravan: Mapped[str | None] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    lang: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[str] = mapped_column(String(24))


class ConsoleSession(Base):
    """One browser session. ``id`` is the SHA-256 of the cookie value (a stolen table is no
    session); ``user_id`` NULL is a pre-login session that only carries the login form's CSRF."""

    __tablename__ = "console_sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(Integer, index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_ms: Mapped[int] = mapped_column(BigInteger)
    seen_ms: Mapped[int] = mapped_column(BigInteger)


class LoginFailure(Base):
    """A failed login, keyed by ``user:NAME`` and by ``addr:IP`` (two rows per failure)."""

    __tablename__ = "console_login_failures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(200))
    at_ms: Mapped[int] = mapped_column(BigInteger)
    __table_args__ = (Index("ix_console_login_failures_key_at", "key", "at_ms"),)


class AuditEntry(Base):
    """Who viewed or exported personal data (or changed users/devices), when, from where."""

    __tablename__ = "console_audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[str] = mapped_column(String(24), index=True)
    user_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(300))
    address: Mapped[str | None] = mapped_column(String(64))
