"""Reads of the certificate register (``certificate_issues``, synced, append-only)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import models as m


def issues(s: Session, *, number: str | None = None, person_id: str | None = None) -> list[m.CertificateIssue]:
    """Issued certificates (by number, or of one person), oldest first."""
    q = select(m.CertificateIssue).where(m.CertificateIssue.deleted.is_(False))
    if number is not None:
        q = q.where(m.CertificateIssue.number == number)
    if person_id is not None:
        q = q.where(m.CertificateIssue.person_id == person_id)
    return list(s.scalars(q.order_by(m.CertificateIssue.hlc, m.CertificateIssue.id)))


def reprints_of(s: Session, number: str) -> list[m.CertificateIssue]:
    """The 补发 certificates that replace ``number``."""
    q = select(m.CertificateIssue).where(m.CertificateIssue.reprint_of == number)
    return list(s.scalars(q.order_by(m.CertificateIssue.hlc, m.CertificateIssue.id)))
