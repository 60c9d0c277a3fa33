"""Reads of the certificate register (``certificate_issues``, synced, append-only), as records."""

from __future__ import annotations

import dataclasses

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.records.certificates import CertificateIssue
from . import models as m

_FIELDS = tuple(f.name for f in dataclasses.fields(CertificateIssue))


def _record(r: m.CertificateIssue) -> CertificateIssue:
    return CertificateIssue(**{f: getattr(r, f) for f in _FIELDS})


def issues(s: Session, *, number: str | None = None, person_id: str | None = None) -> list[CertificateIssue]:
    """Issued certificates (by number, or of one person), oldest first."""
    q = select(m.CertificateIssue).where(m.CertificateIssue.deleted.is_(False))
    if number is not None:
        q = q.where(m.CertificateIssue.number == number)
    if person_id is not None:
        q = q.where(m.CertificateIssue.person_id == person_id)
    return [_record(r) for r in s.scalars(q.order_by(m.CertificateIssue.hlc, m.CertificateIssue.id))]


def reprints_of(s: Session, number: str) -> list[CertificateIssue]:
    """The 补发 certificates that replace ``number``."""
    q = select(m.CertificateIssue).where(m.CertificateIssue.reprint_of == number)
    return [_record(r) for r in s.scalars(q.order_by(m.CertificateIssue.hlc, m.CertificateIssue.id))]
