"""SQLAlchemy 2 models. Synced tables follow ``caravan_app.domain.schema`` (a test checks it).

Every synced row has a UUIDv7 ``id``, the ``device_id`` that made it, an ``hlc`` timestamp
and a ``deleted`` tombstone. Edited tables also keep ``clocks``: a JSON object of per-field
``[hlc, device_id]`` so that merges resolve field by field. Append-only tables are guarded by
triggers (see the migration) that refuse UPDATE and DELETE.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Synced:
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(64))
    hlc: Mapped[str] = mapped_column(String(24))
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class Edited(Synced):
    clocks: Mapped[str] = mapped_column(Text, default="{}")


class Caravan(Edited, Base):
    __tablename__ = "caravans"
    name: Mapped[str] = mapped_column(String(100))
    plate: Mapped[str | None] = mapped_column(String(20))
    home_county: Mapped[str | None] = mapped_column(String(20))
    notes: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool | None] = mapped_column(Boolean)  # False: deactivated (migration 0006)


class Device(Edited, Base):
    __tablename__ = "devices"
    name: Mapped[str] = mapped_column(String(100))
    caravan_id: Mapped[str | None] = mapped_column(String(36))


class Person(Edited, Base):
    __tablename__ = "people"
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20))
    volunteer_no: Mapped[str | None] = mapped_column(String(40))
    team: Mapped[str | None] = mapped_column(String(60))
    phone: Mapped[str | None] = mapped_column(String(20))
    organisation: Mapped[str | None] = mapped_column(String(200))
    caravan_id: Mapped[str | None] = mapped_column(String(36))
    badge_code: Mapped[str | None] = mapped_column(String(40), index=True)
    active: Mapped[bool | None] = mapped_column(Boolean)  # False: deactivated (migration 0006)


class Site(Edited, Base):
    __tablename__ = "sites"
    name: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str | None] = mapped_column(String(20))
    county: Mapped[str] = mapped_column(String(20))
    town: Mapped[str | None] = mapped_column(String(60))
    address: Mapped[str | None] = mapped_column(String(200))
    contact: Mapped[str | None] = mapped_column(String(60))
    phone: Mapped[str | None] = mapped_column(String(20))
    students: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)  # migration 0007


class Title(Edited, Base):
    __tablename__ = "titles"
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str | None] = mapped_column(String(20))
    unit: Mapped[str | None] = mapped_column(String(10))
    publisher: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool | None] = mapped_column(Boolean)  # False: deactivated (migration 0006)


class Visit(Edited, Base):
    __tablename__ = "visits"
    __table_args__ = (Index("ix_visits_caravan_date", "caravan_id", "date"),)
    # No FOREIGN KEY on synced references: a pulled page may hold a visit before its site.
    site_id: Mapped[str] = mapped_column(String(36))
    caravan_id: Mapped[str] = mapped_column(String(36))
    date: Mapped[str] = mapped_column(String(10), index=True)
    status: Mapped[str] = mapped_column(String(20))
    theme: Mapped[str | None] = mapped_column(String(200))
    activities: Mapped[str | None] = mapped_column(String(400))
    arrived_at: Mapped[str | None] = mapped_column(String(19))
    left_at: Mapped[str | None] = mapped_column(String(19))
    notes: Mapped[str | None] = mapped_column(Text)
    signin_token: Mapped[str | None] = mapped_column(String(40), index=True)
    activity_kind: Mapped[str | None] = mapped_column(String(20))  # migration 0009
    request_id: Mapped[str | None] = mapped_column(String(36), index=True)  # 0015: the request it answers
    answer: Mapped[str | None] = mapped_column(String(10))  # 0015: the crew's answer to a planned visit
    answer_reason: Mapped[str | None] = mapped_column(String(400))


class DutyEvent(Synced, Base):
    __tablename__ = "duty_events"
    visit_id: Mapped[str] = mapped_column(String(36), index=True)
    person_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(4))
    at: Mapped[str] = mapped_column(String(19))


class Tally(Synced, Base):
    __tablename__ = "tallies"
    visit_id: Mapped[str] = mapped_column(String(36), index=True)
    group: Mapped[str] = mapped_column(String(20))
    delta: Mapped[int] = mapped_column(Integer)
    at: Mapped[str] = mapped_column(String(19))


class Signin(Synced, Base):
    __tablename__ = "signins"
    __table_args__ = (Index("ix_signins_visit_key", "visit_id", "dedupe_key"),)
    visit_id: Mapped[str] = mapped_column(String(36))
    name: Mapped[str] = mapped_column(String(100))
    group: Mapped[str] = mapped_column(String(20))
    organisation: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(20))
    method: Mapped[str] = mapped_column(String(10))
    person_id: Mapped[str | None] = mapped_column(String(36))
    dedupe_key: Mapped[str] = mapped_column(String(400))
    at: Mapped[str] = mapped_column(String(19))


class Movement(Synced, Base):
    __tablename__ = "movements"
    __table_args__ = (Index("ix_movements_caravan_title", "caravan_id", "title_id"),)
    caravan_id: Mapped[str] = mapped_column(String(36))
    title_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(20))
    qty: Mapped[int] = mapped_column(Integer)
    visit_id: Mapped[str | None] = mapped_column(String(36), index=True)
    recipient: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(String(400))
    override: Mapped[bool | None] = mapped_column(Boolean)
    ref_id: Mapped[str | None] = mapped_column(String(36), index=True)  # undo looks up its original
    at: Mapped[str] = mapped_column(String(19))


class DayClose(Synced, Base):
    __tablename__ = "day_closes"
    caravan_id: Mapped[str] = mapped_column(String(36), index=True)
    date: Mapped[str] = mapped_column(String(10))
    lines: Mapped[str] = mapped_column(Text)  # JSON [{title_id, expected, counted, difference}]
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[str] = mapped_column(String(19))


# --- attendance corrections (append-only; see domain/schema.py) -----------------------


class VisitReopen(Synced, Base):
    """A completed visit reopened, with the reason: shown on the reprinted report."""

    __tablename__ = "visit_reopens"
    visit_id: Mapped[str] = mapped_column(String(36), index=True)
    reason: Mapped[str] = mapped_column(String(400))
    by: Mapped[str | None] = mapped_column(String(100))
    at: Mapped[str] = mapped_column(String(19))


class SigninCorrection(Synced, Base):
    """A sign-in voided ("void") or confirmed not a duplicate ("distinct"); id derived from both."""

    __tablename__ = "signin_corrections"
    signin_id: Mapped[str] = mapped_column(String(36), index=True)
    visit_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(String(400))
    at: Mapped[str] = mapped_column(String(19))


class PrivacyAction(Synced, Base):
    """A purge/erasure/correction of sign-ins' personal fields (domain/privacy.py)."""

    __tablename__ = "privacy_actions"
    kind: Mapped[str] = mapped_column(String(10))
    visit_id: Mapped[str | None] = mapped_column(String(36), index=True)
    signin_ids: Mapped[str | None] = mapped_column(Text)
    fields: Mapped[str | None] = mapped_column(String(100))
    name: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(String(400))
    at: Mapped[str] = mapped_column(String(19))


class CertificateIssue(Synced, Base):
    """An issued volunteer service certificate in the synced register (append-only)."""

    __tablename__ = "certificate_issues"
    number: Mapped[str] = mapped_column(String(40), index=True)
    person_id: Mapped[str] = mapped_column(String(36), index=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str | None] = mapped_column(String(20))
    start: Mapped[str] = mapped_column(String(10))
    end: Mapped[str] = mapped_column(String(10))
    issued_on: Mapped[str] = mapped_column(String(10))
    minutes: Mapped[int] = mapped_column(Integer)
    services: Mapped[str] = mapped_column(Text)
    digest: Mapped[str] = mapped_column(String(20))
    reprint_of: Mapped[str | None] = mapped_column(String(40))
    id_type: Mapped[str | None] = mapped_column(String(40))
    id_masked: Mapped[str | None] = mapped_column(String(40))
    issuer: Mapped[str | None] = mapped_column(Text)
    at: Mapped[str] = mapped_column(String(19))


class Review(Synced, Base):
    """The office's decision on a completed visit (hub-authored, append-only; domain/review.py)."""

    __tablename__ = "reviews"
    visit_id: Mapped[str] = mapped_column(String(36), index=True)
    decision: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(String(400))
    by: Mapped[str] = mapped_column(String(100))
    round: Mapped[int] = mapped_column(Integer)
    at: Mapped[str] = mapped_column(String(19))


class OfficeSetting(Edited, Base):
    """An office choice every laptop and the console read alike (hub-authored, edited)."""

    __tablename__ = "office_settings"
    name: Mapped[str] = mapped_column(String(40))
    value: Mapped[str] = mapped_column(String(40))


class Photo(Edited, Base):
    """A photo of a visit (metadata; the bytes are files named by SHA-256, storage/photo_files.py)."""

    __tablename__ = "photos"
    visit_id: Mapped[str] = mapped_column(String(36), index=True)
    file_hash: Mapped[str] = mapped_column(String(64), index=True)
    display_hash: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    taken_at: Mapped[str | None] = mapped_column(String(19))
    sent_by: Mapped[str | None] = mapped_column(String(100))
    caption: Mapped[str | None] = mapped_column(String(200))
    public: Mapped[bool | None] = mapped_column(Boolean)
    chosen: Mapped[bool | None] = mapped_column(Boolean)
    gps: Mapped[str | None] = mapped_column(String(40))
    at: Mapped[str] = mapped_column(String(19))


class PhotoRemoval(Synced, Base):
    """A photo taken out of its visit, with the reason (append-only)."""

    __tablename__ = "photo_removals"
    photo_id: Mapped[str] = mapped_column(String(36), index=True)
    visit_id: Mapped[str] = mapped_column(String(36), index=True)
    reason: Mapped[str] = mapped_column(String(400))
    at: Mapped[str] = mapped_column(String(19))


class PhotoTransfer(Base):
    """This laptop's record of which photo files the hub holds (local, never synced)."""

    __tablename__ = "photo_transfers"
    file_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # "display" | "original"
    photo_id: Mapped[str] = mapped_column(String(36), index=True)
    done_at: Mapped[str] = mapped_column(String(24))


class PrivacyLog(Base):
    """This laptop's log of privacy requests (find, export, correct, delete, purge); local."""

    __tablename__ = "privacy_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[str] = mapped_column(String(19))
    action: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(Text)


class TallyTakeback(Synced, Base):
    """``qty`` taken back from the +entry ``tally_id`` (capped at the entry when merged)."""

    __tablename__ = "tally_takebacks"
    tally_id: Mapped[str] = mapped_column(String(36), index=True)
    visit_id: Mapped[str] = mapped_column(String(36), index=True)
    group: Mapped[str] = mapped_column(String(20))
    qty: Mapped[int] = mapped_column(Integer)
    seen: Mapped[int] = mapped_column(Integer)
    at: Mapped[str] = mapped_column(String(19))


# --- mileage (append-only; see domain/schema.py) -----------------------------------------


class OdometerReading(Synced, Base):
    """A van's odometer at departure and return on one day (km); a re-entry names what it corrects."""

    __tablename__ = "odometer_readings"
    __table_args__ = (Index("ix_odometer_caravan_date", "caravan_id", "date"),)
    caravan_id: Mapped[str] = mapped_column(String(36))
    date: Mapped[str] = mapped_column(String(10))
    out_km: Mapped[int] = mapped_column(Integer)
    back_km: Mapped[int] = mapped_column(Integer)
    confirmed: Mapped[bool | None] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(String(400))
    corrects: Mapped[str | None] = mapped_column(String(36))
    at: Mapped[str] = mapped_column(String(19))


# --- 0015: requests and ratings (edited; see domain/schema.py) ----------------------------------


class Request(Edited, Base):
    """A school's request for a visit, as the crew needs it (made by the office or the hub)."""

    __tablename__ = "requests"
    number: Mapped[str] = mapped_column(String(20), index=True)
    site_id: Mapped[str | None] = mapped_column(String(36))
    contact: Mapped[str | None] = mapped_column(String(100))
    groups: Mapped[str | None] = mapped_column(String(200))
    size: Mapped[int | None] = mapped_column(Integer)
    topics: Mapped[str | None] = mapped_column(String(400))
    remarks: Mapped[str | None] = mapped_column(Text)
    earliest: Mapped[str] = mapped_column(String(10))
    latest: Mapped[str] = mapped_column(String(10))


class Rating(Edited, Base):
    """A visit's rating by the school (1-5 and a comment); its id is derived from the visit's."""

    __tablename__ = "ratings"
    visit_id: Mapped[str] = mapped_column(String(36), index=True)
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(10))
    at: Mapped[str] = mapped_column(String(19))


# --- device-local tables (never synced, never exported) -------------------------------------


class Merge(Synced, Base):
    """A catalogue duplicate merged into its survivor, or the undo of such a merge (append-only;
    only ``device_id`` may change, to adopt the hub's when two laptops made the same fact)."""

    __tablename__ = "merges"
    entity: Mapped[str] = mapped_column(String(20))
    from_id: Mapped[str] = mapped_column(String(36), index=True)
    into_id: Mapped[str] = mapped_column(String(36))
    reason: Mapped[str] = mapped_column(String(200))
    undoes: Mapped[str | None] = mapped_column(String(36))


class MergedId(Base):
    """Device-local, derived from ``merges``: each merged-away id and its final survivor, for
    queries that must count one school or title once (rebuilt whenever merges change)."""

    __tablename__ = "merged_ids"
    from_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    entity: Mapped[str] = mapped_column(String(20))
    into_id: Mapped[str] = mapped_column(String(36), index=True)


class Meta(Base):
    """Key/value settings of this database: device id, HLC state, sync cursor, server offset."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Outbox(Base):
    """Local changes waiting to be pushed, written in the same transaction as the change."""

    __tablename__ = "outbox"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[str] = mapped_column(String(36))
    op: Mapped[str] = mapped_column(String(10))  # insert | update
    hlc: Mapped[str] = mapped_column(String(24))
    data: Mapped[str] = mapped_column(Text)  # JSON object of the fields written
    pushed: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    # The causal mark of an update: JSON {field: [hlc, device]} of the values it replaced
    # (sent as the mutation's ``base``; docs/sync.md).
    base: Mapped[str | None] = mapped_column(Text)


class Conflict(Base):
    """A value that lost a per-field merge, kept for review instead of silently dropped."""

    __tablename__ = "conflicts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[str] = mapped_column(String(36))
    field: Mapped[str] = mapped_column(String(40))
    kept_value: Mapped[str | None] = mapped_column(Text)  # JSON
    lost_value: Mapped[str | None] = mapped_column(Text)  # JSON
    lost_hlc: Mapped[str] = mapped_column(String(24))
    lost_device: Mapped[str] = mapped_column(String(64))
    reviewed: Mapped[bool] = mapped_column(Boolean, default=False)


class SyncReject(Base):
    """A local change the server refused, with its reason, shown on the 同步 page."""

    __tablename__ = "sync_rejects"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[str] = mapped_column(String(36))
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[str] = mapped_column(String(19))


class SyncQuarantine(Base):
    """A pulled record this laptop cannot apply (out of range, bad text …), kept with the
    reason instead of stopping the sync; removed when the hub's operator retracts it."""

    __tablename__ = "sync_quarantine"
    entity: Mapped[str] = mapped_column(String(40), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(64))
    data: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[str] = mapped_column(String(19))


class PeerFact(Base):
    """A fact this laptop learned from another laptop at the event (peer sync): which author
    wrote it under which of its outbox numbers, and the record it changed. The record itself is
    in its table; this index is what the version vector counts (storage/peer_store.py)."""

    __tablename__ = "peer_facts"
    author: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(64))
    learned_from: Mapped[str] = mapped_column(String(64))
    at: Mapped[str] = mapped_column(String(19))
    # this laptop's newest outbox number when it learned the fact (0018): its own changes numbered
    # above it were made knowing it; and the duty events the author held when it made it (JSON)
    mark: Mapped[int | None] = mapped_column(Integer)
    knew: Mapped[str | None] = mapped_column(Text)


class PeerKnown(Base):
    """A laptop seen at the event: accepted with its certificate, or refused with the reason."""

    __tablename__ = "peer_known"
    device_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(100))
    caravan: Mapped[str | None] = mapped_column(String(100))
    role: Mapped[str | None] = mapped_column(String(20))
    address: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))  # trusted | refused
    reason: Mapped[str | None] = mapped_column(Text)
    public_key: Mapped[str | None] = mapped_column(Text)
    last_seen: Mapped[str] = mapped_column(String(19))
    last_sync: Mapped[str | None] = mapped_column(String(19))


# Typed loosely: the mixins are not mapped classes, and callers use columns by name.
MODELS: dict[str, Any] = {
    "caravan": Caravan,
    "device": Device,
    "person": Person,
    "site": Site,
    "title": Title,
    "visit": Visit,
    "duty_event": DutyEvent,
    "tally": Tally,
    "signin": Signin,
    "movement": Movement,
    "day_close": DayClose,
    "visit_reopen": VisitReopen,
    "signin_correction": SigninCorrection,
    "tally_takeback": TallyTakeback,
    "merge": Merge,
    "privacy_action": PrivacyAction,
    "odometer": OdometerReading,
    "certificate_issue": CertificateIssue,
    "review": Review,
    "office_setting": OfficeSetting,
    "request": Request,  # 0015
    "rating": Rating,  # 0015
    "photo": Photo,
    "photo_removal": PhotoRemoval,
}

APPEND_ONLY_TABLES = (
    "duty_events",
    "tallies",
    "signins",
    "movements",
    "day_closes",
    "visit_reopens",
    "signin_corrections",
    "tally_takebacks",
    "merges",
    "privacy_actions",
    "odometer_readings",
    "certificate_issues",
    "reviews",
    "photo_removals",
)
# Derived facts (domain/corrections.py RULES) whose local copy is replaced by the kept one when two laptops made
# it (the triggers let that one statement through while meta "adopt_hub_fact" is "1").
ADOPTABLE_TABLES = ("movements", "signin_corrections", "tally_takebacks", "merges")

__all__ = ["Base", "MODELS", "ForeignKey"]
