"""The laptop's guards on 接单 and 评单: only a planned visit that answers a request is accepted
or declined, and a visit is rated once it has started (one rating per visit, edited again)."""

from __future__ import annotations

import pytest

from caravan_app.domain.errors import NotFound, RuleError, ValidationError
from caravan_app.services.app import App


def test_a_visit_not_planned_for_a_request_needs_no_answer(app: App, field: dict[str, str]) -> None:
    with pytest.raises(RuleError, match="不是办公室派的单") as e:
        app.orders.answer(field["visit"], True)
    assert e.value.field == "visit_id"
    with pytest.raises(ValidationError) as e2:
        app.orders.answer(field["visit"], False)  # a decline without its reason is refused first
    assert e2.value.field == "answer_reason"
    with pytest.raises(NotFound) as e3:
        app.orders.answer("no-such-visit", True)
    assert e3.value.field == "visit_id"


def test_a_visit_is_rated_once_started_and_a_second_rating_replaces_the_first(app: App, field: dict[str, str]) -> None:
    v = field["visit"]
    with pytest.raises(RuleError, match="活动开始后才能评分"):
        app.orders.rate(v, 5)
    with pytest.raises(NotFound):
        app.orders.rate("no-such-visit", 5)
    app.visits.arrive(v)
    first = app.orders.rate(v, 2, "讲解太快")
    assert first.low and app.orders.rating_of(v) == first
    second = app.orders.rate(v, 5, "很好")
    assert app.orders.rating_of(v) == second and not second.low
