"""The register of issued volunteer service certificates (志愿服务记录证明)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, ClassVar


@dataclass(frozen=True)
class CertificateIssue:
    """One issued certificate as the synced register records it (``services`` and ``issuer``
    are the JSON text the record stores: what was certified, and who signed)."""

    ENTITY: ClassVar[str] = "certificate_issue"

    id: str
    number: str
    person_id: str
    name: str
    role: str | None
    start: str
    end: str
    issued_on: str
    minutes: int
    services: str
    digest: str
    reprint_of: str | None
    id_type: str | None
    id_masked: str | None
    issuer: str | None
    at: str

    def data(self) -> dict[str, Any]:
        """The record's synced fields, without its id (what a unit of work inserts)."""
        d = dataclasses.asdict(self)
        del d["id"]
        return d
