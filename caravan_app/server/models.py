"""The hub's tables. Synced records are stored generically (entity, id, JSON data) and checked
against ``domain.schema`` on the way in, so a new laptop field needs no hub migration of its own.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class HubDevice(Base):
    """An enrollment: a one-time code, later the laptop's device id and a revocable token."""

    __tablename__ = "hub_devices"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    caravan: Mapped[str] = mapped_column(String(100))
    code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    device_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    name: Mapped[str | None] = mapped_column(String(100))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[str] = mapped_column(String(24))
    enrolled_at: Mapped[str | None] = mapped_column(String(24))
    revoked_at: Mapped[str | None] = mapped_column(String(24))
    last_seen: Mapped[str | None] = mapped_column(String(24))
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    # "van": changes only its van's records and pulls other vans' sign-ins without personal
    # data; "office": everything (server/authz.py).
    role: Mapped[str] = mapped_column(String(16), default="van")
    caravan_id: Mapped[str | None] = mapped_column(String(64))  # the van's record, once known
    code_issued_at: Mapped[str | None] = mapped_column(String(24))  # NULL: created_at
    code_used_at: Mapped[str | None] = mapped_column(String(24))
    # SHA-256 of the secret the enrolling laptop sent: only it may retry with the same code.
    proof_hash: Mapped[str | None] = mapped_column(String(64))
    # What the laptop said about itself at its last sync (optional in the protocol: old apps omit them).
    app_version: Mapped[str | None] = mapped_column(String(40))
    clock_offset_ms: Mapped[int | None] = mapped_column(BigInteger)
    pending: Mapped[int | None] = mapped_column(Integer)
    # The laptop's Ed25519 key for peer sync (base64), certified by the hub's key (HubKey).
    public_key: Mapped[str | None] = mapped_column(String(64))


class Record(Base):
    """Full current state of one synced record; ``seq`` moves to the end on every change."""

    __tablename__ = "records"
    __table_args__ = (Index("ix_records_seq", "seq"),)
    entity: Mapped[str] = mapped_column(String(20), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(64))
    hlc: Mapped[str] = mapped_column(String(24))
    data: Mapped[str] = mapped_column(Text)  # JSON: the entity's fields + "deleted"
    clocks: Mapped[str | None] = mapped_column(Text)  # JSON {field: [hlc, device]} (edited entities)
    seq: Mapped[int] = mapped_column(BigInteger)
    # The one device every winning value came from (NULL if several): that device already has
    # this exact state, so its pulls skip the record (no echo of its own pushes).
    sole_writer: Mapped[str | None] = mapped_column(String(64))


class MutationLog(Base):
    """Every pushed mutation's outcome, so a resend gets the same answer (and a changed resend
    is caught)."""

    __tablename__ = "mutations"
    device_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(64))
    digest: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    code: Mapped[str | None] = mapped_column(String(40))
    reason: Mapped[str | None] = mapped_column(Text)  # JSON {zh, en}
    received_at: Mapped[str] = mapped_column(String(24))


class HubConflict(Base):
    """A value that lost a per-field merge to a concurrent edit on the hub, kept for review."""

    __tablename__ = "conflicts"
    __table_args__ = (Index("ix_conflicts_record", "record_id"),)  # pull pages name their losers
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[str] = mapped_column(String(64))
    field: Mapped[str] = mapped_column(String(40))
    kept_value: Mapped[str | None] = mapped_column(Text)
    lost_value: Mapped[str | None] = mapped_column(Text)
    lost_hlc: Mapped[str] = mapped_column(String(24))
    lost_device: Mapped[str] = mapped_column(String(64))


class Anomaly(Base):
    """Something an operator should look at: a resend whose content differs, and the like."""

    __tablename__ = "anomalies"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    device_id: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str | None] = mapped_column(Text)
    at: Mapped[str] = mapped_column(String(24))


class Retraction(Base):
    """A stored record the operator withdrew (``caravan-server bad retract``). The record's row
    becomes a tombstone ``{"retracted": true}`` with a new seq, so every laptop pulls the
    retraction and drops the record from its quarantine; the original data is kept here."""

    __tablename__ = "retractions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[str] = mapped_column(String(64))
    device_id: Mapped[str] = mapped_column(String(64))
    data: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    at: Mapped[str] = mapped_column(String(24))


class HubKey(Base):
    """The hub's Ed25519 key that signs laptops' peer certificates (made on first need; kept in
    the database so every worker and machine behind a load balancer signs with the same key)."""

    __tablename__ = "hub_keys"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    private_key: Mapped[str] = mapped_column(String(64))
    public_key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[str] = mapped_column(String(24))


class HubSetting(Base):
    """The office's hub-wide choices (``caravan-server settings``), e.g. ``share_names``."""

    __tablename__ = "hub_settings"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class Counter(Base):
    """The server sequence. Locking this row serialises pushes, so sequence order is commit
    order and a pull cursor never skips a row committed late."""

    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


__all__ = ["Base", "Boolean"]


class HubPhotoFile(Base):
    """A photo file the hub holds whole, verified by its SHA-256 (server/photos.py)."""

    __tablename__ = "hub_photo_files"
    file_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    photo_id: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # "display" | "original"
    size: Mapped[int] = mapped_column(BigInteger)
    device_id: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[str] = mapped_column(String(24))
