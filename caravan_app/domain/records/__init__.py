"""Typed records: what services hand to the faces, one frozen dataclass per entity.

Each aggregate keeps its records in its own module here (``catalog``, ``sites``, ``visits``,
``stock`` …). A record names its synced entity in ``ENTITY``; ``tests/core/test_domain_records.py``
checks that its fields cover that entity's fields in ``domain.schema.ENTITIES``, so a field added to
the schema cannot be forgotten by the records. Records may carry derived fields beyond the schema
(a caravan's name on a visit, a count) — never fewer.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from typing import Any, ClassVar, Protocol, TypeVar


class EntityRecord(Protocol):
    """A frozen dataclass standing for one synced entity."""

    ENTITY: ClassVar[str]


R = TypeVar("R")


def from_mapping(cls: type[R], data: Mapping[str, Any]) -> R:
    """Build ``cls`` from a row mapping, taking only the fields the record declares.

    Storage reads rows as mappings; this is the one place they become records, so an extra
    column in a query is ignored and a missing one is a TypeError naming it.
    """
    klass: type = cls  # a class, hashable (mypy cannot tell of a bare type variable)
    names = _field_names(klass)
    return cls(**{k: v for k, v in data.items() if k in names})


@functools.cache
def _field_names(cls: type) -> frozenset[str]:
    """The fields a record class declares, worked out once per class (rows are many, classes few)."""
    return frozenset(f.name for f in dataclasses.fields(cls))
