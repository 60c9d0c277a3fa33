"""The handles a service holds on the database, typed here so services never import SQLAlchemy.

``UnitOfWork`` (storage/records.py) is one write transaction; ``ReadSession`` one read
transaction. Services type their blocks with these and hand them to the repositories in this
package, which are the only code that builds queries or touches ORM rows."""

from __future__ import annotations

from typing import TypeAlias

from sqlalchemy.orm import Session

from .records import UnitOfWork, unit_of_work

__all__ = ["ReadSession", "UnitOfWork", "unit_of_work"]

ReadSession: TypeAlias = Session
