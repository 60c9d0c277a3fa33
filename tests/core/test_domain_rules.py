"""Domain rules: every failure names its field in Chinese and English."""

from __future__ import annotations

import datetime as dt

import pytest

from caravan_app.domain import rules
from caravan_app.domain.errors import RuleError, ValidationError
from caravan_app.domain.hlc import HLC, decode, wins
from caravan_app.domain.merge import merge_fields


def test_counts_are_bounded_whole_numbers_and_full_width_digits_work() -> None:
    assert rules.count("delta", "３６９４") == 3694
    assert rules.count("delta", " 1,200 ") == 1200
    with pytest.raises(ValidationError) as e:
        rules.count("delta", -1)
    assert e.value.field == "delta" and "负数" in e.value.zh and "negative" in e.value.en
    with pytest.raises(ValidationError):
        rules.count("delta", 10**7)
    with pytest.raises(ValidationError):
        rules.count("delta", "abc")
    with pytest.raises(ValidationError):
        rules.count("delta", True)


def test_text_rejects_control_characters_and_overlong_input() -> None:
    assert rules.text("name", "  张\u3000三  ") == "张 三"
    with pytest.raises(ValidationError, match="name"):
        rules.text("name", "a\x07b")
    with pytest.raises(ValidationError):
        rules.text("name", "x" * 201)
    with pytest.raises(ValidationError) as e:
        rules.text("name", "   ", required=True)
    assert "不能为空" in e.value.zh


def test_dates_are_sane() -> None:
    assert rules.date("date", "2026/3/5") == "2026-03-05"
    assert rules.date("date", "2026年3月5日") == "2026-03-05"
    with pytest.raises(ValidationError):
        rules.date("date", "2026-02-30")
    with pytest.raises(ValidationError):
        rules.date("date", "1999-12-31")
    with pytest.raises(ValidationError):
        rules.date("date", dt.date.today() + dt.timedelta(days=800))


def test_county_accepts_short_and_prefixed_names() -> None:
    assert rules.county("鱼台") == "鱼台县"
    assert rules.county("济宁市曲阜市") == "曲阜市"
    assert rules.county("济宁高新区") == "济宁高新区"
    with pytest.raises(ValidationError) as e:
        rules.county("朝阳区")
    assert e.value.field == "county"


@pytest.mark.parametrize(
    ("current", "new", "ok"),
    [
        ("planned", "in_progress", True),
        ("planned", "completed", False),
        ("in_progress", "completed", True),
        ("completed", "planned", False),
        ("cancelled", "in_progress", False),
        ("cancelled", "planned", True),
    ],
)
def test_visit_status_transitions(current: str, new: str, ok: bool) -> None:
    if ok:
        assert rules.transition(current, new) == new
    else:
        with pytest.raises(RuleError) as e:
            rules.transition(current, new)
        assert e.value.field == "status"


def test_dedupe_key_recognises_the_same_person() -> None:
    a = rules.dedupe_key("张 三", "三年级二班", None, None)
    b = rules.dedupe_key("张三", "三年级二班 ", None, None)
    assert a == b
    assert rules.dedupe_key("张三", None, "138-0000-1111", None) == rules.dedupe_key("李四", None, "13800001111", None)
    assert rules.dedupe_key("张三", "一班", None, None) != rules.dedupe_key("张三", "二班", None, None)


def test_hlc_is_monotonic_even_when_the_wall_clock_goes_back() -> None:
    t = [1_000_000.0]
    clock = HLC(wall=lambda: t[0])
    a = clock.now()
    t[0] -= 3600  # the laptop clock jumps back an hour
    b = clock.now()
    assert b > a
    clock.observe("9999999999999.00007")
    c = clock.now()
    assert c > "9999999999999.00007" and decode(c)[0] == 9999999999999


def test_merge_is_order_independent_and_keeps_losers() -> None:
    base: dict = {}
    w1 = ({"name": "A"}, {"name": ("0000000000001.00000", "dev-a")})
    w2 = ({"name": "B"}, {"name": ("0000000000002.00000", "dev-b")})
    v1, c1, _ = merge_fields(base, {}, *w1)
    v12, c12, lost12 = merge_fields(v1, c1, *w2)
    v2, c2, _ = merge_fields(base, {}, *w2)
    v21, c21, lost21 = merge_fields(v2, c2, *w1)
    assert v12 == v21 == {"name": "B"} and c12 == c21
    assert lost12[0].lost == "A" and lost21[0].lost == "A"
    assert wins("0000000000002.00000", "a", "0000000000002.00000", "b") is False
