"""Every typed record stands for its synced entity: its fields cover the schema's."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil

import pytest

import caravan_app.domain.records as records_pkg
from caravan_app.domain.records import from_mapping
from caravan_app.domain.schema import ENTITIES, META_FIELDS


def _record_classes() -> list[type]:
    found: list[type] = []
    for info in pkgutil.iter_modules(records_pkg.__path__):
        module = importlib.import_module(f"{records_pkg.__name__}.{info.name}")
        for obj in vars(module).values():
            if (
                isinstance(obj, type)
                and dataclasses.is_dataclass(obj)
                and obj.__module__ == module.__name__
                and isinstance(getattr(obj, "ENTITY", None), str)
            ):
                found.append(obj)
    return found


@pytest.mark.parametrize("cls", _record_classes(), ids=lambda c: c.__qualname__)
def test_a_record_carries_every_field_of_its_entity(cls: type) -> None:
    entity = ENTITIES[cls.ENTITY]  # type: ignore[attr-defined]
    names = {f.name for f in dataclasses.fields(cls)}
    missing = (set(entity.fields) | {"id"}) - names
    assert not missing, f"{cls.__qualname__} lacks {sorted(missing)} of entity {entity.name}"
    assert cls.__dataclass_params__.frozen  # type: ignore[attr-defined]
    # Sync metadata other than the id stays in storage.
    assert not names & (set(META_FIELDS) - {"id", "deleted"})


def test_a_record_is_built_from_a_row_taking_only_its_own_fields() -> None:
    @dataclasses.dataclass(frozen=True)
    class Thing:
        id: str
        name: str

    assert from_mapping(Thing, {"id": "a", "name": "甲", "extra": 1}) == Thing("a", "甲")
    with pytest.raises(TypeError, match="name"):
        from_mapping(Thing, {"id": "a"})


def test_each_record_class_keeps_its_own_fields() -> None:
    """The field set is worked out once per class: two classes of one name do not share it."""

    def make(extra: bool) -> type:
        @dataclasses.dataclass(frozen=True)
        class Thing:
            id: str

        if not extra:
            return Thing

        @dataclasses.dataclass(frozen=True)
        class Thing(Thing):  # type: ignore[no-redef]
            name: str = ""

        return Thing

    plain, named = make(False), make(True)
    row = {"id": "a", "name": "甲"}
    assert from_mapping(plain, row) == plain("a")
    assert from_mapping(named, row) == named("a", "甲")
    assert from_mapping(plain, row) == plain("a")
