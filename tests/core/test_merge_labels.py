"""What `caravan merge list` shows of the records a merge joined: a school with its county, a van
with its plate, a title by its name; and a hand merge names the record that is not there."""

from __future__ import annotations

import pytest

from caravan_app.domain.errors import NotFound
from caravan_app.services.app import App


def test_a_hand_merge_lists_each_record_as_a_person_tells_it_apart(app: App) -> None:
    s1 = app.sites.add(name="唐口中心小学", county="任城区", kind="小学")
    s2 = app.sites.add(name="唐口小学", county="兖州区", kind="小学")
    c1 = app.catalog.add_caravan("1号车", "鲁H11111", "任城区")
    c2 = app.catalog.add_caravan("一号车", None, "任城区")
    t1 = app.catalog.add_title("身边的科学")
    t2 = app.catalog.add_title("身边的科学（第二版）")
    app.merges.merge("site", s2, s1)
    app.merges.merge("caravan", c1, c2)
    app.merges.merge("title", t2, t1)
    shown = {f.entity: (f.from_name, f.into_name) for f in app.merges.list()}
    assert shown == {
        "site": ("唐口小学（兖州区）", "唐口中心小学（任城区）"),
        "caravan": ("1号车（鲁H11111）", "一号车"),
        "title": ("身边的科学（第二版）", "身边的科学"),
    }
    assert app.merges.survivor(s2) == s1 and app.merges.duplicates() == []
    assert len(app.merges.fact_ids()) == 3


def test_a_hand_merge_of_a_missing_record_names_that_field(app: App) -> None:
    t1 = app.catalog.add_title("身边的科学")
    with pytest.raises(NotFound) as exc:
        app.merges.merge("title", "no-such-title", t1)
    assert exc.value.field == "from_id"
    with pytest.raises(NotFound) as exc:
        app.merges.merge("title", t1, "no-such-title")
    assert exc.value.field == "into_id"
    assert app.merges.list() == [] and app.merges.fact_ids() == set()
