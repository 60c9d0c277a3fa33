"""The domain rules, fast (part of the mutation-testing selection: docs/mutation.md).

Each test pins a behaviour a crew member would notice: the exact bilingual message they read,
the field it names, which write wins a merge, which stamp sorts first, which badge scans.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from caravan_app.domain import badge, catalogue, corrections, hlc, ledger, merge, rules
from caravan_app.domain.errors import DomainError, RuleError, StockWarning, ValidationError


def err(fn, *args, **kw) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as e:
        fn(*args, **kw)
    return e.value.field, e.value.zh, e.value.en


# --- hlc ------------------------------------------------------------------------------------


class Wall:
    def __init__(self, t: float) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def test_two_events_in_one_millisecond_get_distinct_increasing_stamps() -> None:
    clock = hlc.HLC(wall=Wall(1_700_000_000.0005))
    a, b, c = clock.now(), clock.now(), clock.now()
    assert (a, b, c) == ("1700000000000.00000", "1700000000000.00001", "1700000000000.00002")
    assert clock.last == c


def test_a_later_millisecond_resets_the_counter_and_the_offset_moves_the_physical_part() -> None:
    wall = Wall(1_700_000_000.0)
    clock = hlc.HLC(wall=wall, offset_ms=250)
    assert clock.corrected_ms() == 1_700_000_000_250
    clock.now()
    clock.now()
    wall.t += 0.001
    assert clock.now() == "1700000000251.00000"
    assert hlc.physical_ms(clock.last) == 1_700_000_000_251


def test_a_clock_behind_the_last_stamp_keeps_counting_from_it() -> None:
    clock = hlc.HLC(last="1700000000500.00003", wall=Wall(1_700_000_000.0))
    assert clock.now() == "1700000000500.00004"
    # equal physical time: still counts up, never repeats
    clock2 = hlc.HLC(last="1700000000000.00007", wall=Wall(1_700_000_000.0))
    assert clock2.now() == "1700000000000.00008"


def test_observe_moves_past_a_remote_stamp_only_forwards() -> None:
    clock = hlc.HLC(wall=Wall(1_700_000_000.0))
    clock.observe("1800000000000.00004")
    assert clock.last == "1800000000000.00004"
    assert clock.now() == "1800000000000.00005"
    clock.observe("1800000000000.00005")  # equal: nothing changes
    assert clock.last == "1800000000000.00005"
    clock.observe("1700000000000.00009")  # older: ignored
    assert clock.last == "1800000000000.00005"
    assert clock.now() > "1800000000000.00005"


def test_decode_encode_and_wins() -> None:
    assert hlc.decode("0000000000012.00034") == (12, 34)
    assert hlc.encode(12, 34) == "0000000000012.00034"
    assert hlc.HLC().last == hlc.ZERO
    assert hlc.wins("1.1", "b", "1.1", "a") is True
    assert hlc.wins("1.1", "a", "1.1", "a") is False
    assert hlc.wins("1.0", "z", "1.1", "a") is False


def test_the_default_wall_is_the_real_clock() -> None:
    import time

    before = int(time.time() * 1000)
    ms = hlc.physical_ms(hlc.HLC().now())
    assert before <= ms <= int(time.time() * 1000)


# --- merge ----------------------------------------------------------------------------------


def test_merge_keeps_the_higher_clock_and_reports_the_concurrent_loser() -> None:
    vals = {"name": "甲", "town": "城关"}
    clocks = {"name": ("0002", "A"), "town": ("0001", "A")}
    out_v, out_c, lost = merge.merge_fields(vals, clocks, {"name": "乙"}, {"name": ["0003", "B"]})
    assert out_v == {"name": "乙", "town": "城关"} and vals["name"] == "甲"
    assert out_c == {"name": ("0003", "B"), "town": ("0001", "A")} and clocks["name"] == ("0002", "A")
    assert lost == [merge.Lost("name", "乙", "甲", ("0002", "A"))]
    # older incoming: kept value stays, the incoming one is the loser with its own clock
    out_v, out_c, lost = merge.merge_fields(vals, clocks, {"name": "丙"}, {"name": ("0001", "C")})
    assert out_v["name"] == "甲" and out_c["name"] == ("0002", "A")
    assert lost == [merge.Lost("name", "甲", "丙", ("0001", "C"))]


def test_merge_of_equal_values_or_equal_clocks_reports_nothing() -> None:
    vals, clocks = {"name": "甲"}, {"name": ("0002", "A")}
    assert merge.merge_fields(vals, clocks, {"name": "甲"}, {"name": ("0003", "B")})[2] == []
    assert merge.merge_fields(vals, clocks, {"name": "甲"}, {"name": ("0001", "B")})[2] == []
    out_v, out_c, lost = merge.merge_fields(vals, clocks, {"name": "乙"}, {"name": ("0002", "A")})
    assert (out_v, out_c, lost) == ({"name": "甲"}, {"name": ("0002", "A")}, [])
    # a field never written before is simply taken
    out_v, out_c, lost = merge.merge_fields({}, {}, {"town": "城关"}, {"town": ("0001", "A")})
    assert (out_v, out_c, lost) == ({"town": "城关"}, {"town": ("0001", "A")}, [])


def test_merge_asks_the_causal_rule_and_a_sequential_overwrite_is_no_conflict() -> None:
    vals, clocks = {"name": "甲"}, {"name": ("0002", "A")}
    calls = []

    def never(field, cur, inc):  # type: ignore[no-untyped-def]
        calls.append((field, cur, inc))
        return False

    out_v, _, lost = merge.merge_fields(vals, clocks, {"name": "乙"}, {"name": ("0003", "B")}, never)
    assert out_v["name"] == "乙" and lost == []
    assert calls == [("name", ("0002", "A"), ("0003", "B"))]
    _, _, lost = merge.merge_fields(vals, clocks, {"name": "乙"}, {"name": ("0001", "B")}, never)
    assert lost == [] and calls[-1] == ("name", ("0002", "A"), ("0001", "B"))


def test_seen_base_decides_which_overwrites_were_concurrent() -> None:
    assert merge.seen_base(None, "B")("name", ("1", "A"), ("2", "B")) is True
    conc = merge.seen_base({"name": ["0002", "A"]}, "B")
    assert conc("name", ("0002", "A"), ("0003", "B")) is False  # it had seen the value it replaces
    assert conc("name", ("0002", "X"), ("0003", "B")) is True  # same hlc, other device: not seen
    assert conc("name", ("0009", "A"), ("0003", "B")) is True  # base differs: concurrent
    assert conc("town", ("0002", "A"), ("0003", "B")) is True  # no base for the field
    # the writer's own earlier value is never concurrent with its later edit
    own = merge.seen_base({}, "B")
    assert own("name", ("0002", "B"), ("0003", "B")) is False
    assert own("name", ("0002", "A"), ("0003", "B")) is True
    assert own("name", ("0004", "B"), ("0003", "B")) is True  # an older edit of its own: concurrent
    # through merge_fields: a device that had seen the value overwrites it silently
    _, _, lost = merge.merge_fields(
        {"name": "甲"}, {"name": ("0002", "A")}, {"name": "乙"}, {"name": ("0003", "B")}, conc
    )
    assert lost == []


def test_lifecycle_fields_are_those_of_the_visit_only() -> None:
    for f in ("status", "signin_token", "arrived_at", "left_at"):
        assert merge.is_lifecycle_field("visit", f)
    assert not merge.is_lifecycle_field("visit", "theme")
    assert not merge.is_lifecycle_field("site", "status")


# --- ledger ---------------------------------------------------------------------------------


def test_signed_quantities_of_every_kind() -> None:
    assert ledger.signed_qty("load", 5) == 5
    assert ledger.signed_qty("return", 5) == 5
    assert ledger.signed_qty("transfer_in", 5) == 5
    assert ledger.signed_qty("unload", 5) == -5
    assert ledger.signed_qty("distribute", 5) == -5
    assert ledger.signed_qty("transfer_out", 5) == -5
    assert ledger.signed_qty("adjust", -3) == -3
    assert ledger.signed_qty("adjust", "4") == 4
    assert ledger.signed_qty("undo", -2) == -2
    assert err(ledger.signed_qty, "adjust", 0) == ("quantity", "数量不能为零", "quantity cannot be zero")
    assert err(ledger.signed_qty, "undo", 0) == ("quantity", "数量不能为零", "quantity cannot be zero")
    assert err(ledger.signed_qty, "load", 0) == ("quantity", "数量不能为零", "quantity cannot be zero")
    assert err(ledger.signed_qty, "distribute", -3)[0:2] == ("quantity", "数量不能为负数")
    with pytest.raises(ValueError):
        ledger.signed_qty("steal", 3)


def test_balances_sum_per_title() -> None:
    moves = [ledger.Move("t1", "load", 10), ledger.Move("t2", "load", 3), ledger.Move("t1", "distribute", -4)]
    assert ledger.balances(moves) == {"t1": 6, "t2": 3}
    assert ledger.balances([]) == {}


def test_an_outflow_below_zero_needs_an_override() -> None:
    with pytest.raises(StockWarning) as e:
        ledger.check_outflow("身边的科学", 3, -5, False)
    assert (e.value.on_hand, e.value.wanted, e.value.field) == (3, 5, "quantity")
    assert "《身边的科学》车上只有 3 册，本次 5 册" in e.value.zh
    ledger.check_outflow("身边的科学", 3, -5, True)
    ledger.check_outflow("身边的科学", 3, -3, False)  # down to exactly zero is fine
    ledger.check_outflow("身边的科学", 0, 5, False)  # an inflow is never refused
    ledger.check_outflow("身边的科学", -2, 1, False)


def test_day_close_lists_every_title_and_refuses_an_uncounted_one() -> None:
    lines = ledger.day_close_lines({"b": 5, "a": 2}, {"a": "2", "b": 3, "c": 1})
    assert lines == [ledger.CloseLine("a", 2, 2), ledger.CloseLine("b", 5, 3), ledger.CloseLine("c", 0, 1)]
    assert [ln.difference for ln in lines] == [0, -2, 1]
    assert err(ledger.day_close_lines, {"a": 2, "b": 1}, {"a": 2}) == (
        "counted",
        "每种图书都需要清点数量",
        "every title needs a counted quantity",
    )
    assert err(ledger.day_close_lines, {"a": 2}, {"a": -1})[0] == "counted"
    assert ledger.day_close_lines({"a": 2}, {"a": 0}) == [ledger.CloseLine("a", 2, 0)]


# --- rules ----------------------------------------------------------------------------------


def test_text_messages_name_the_field() -> None:
    assert err(rules.text, "name", "a\x07b") == (
        "name",
        "名称/姓名含有不可见的控制字符",
        "name contains control characters",
    )
    assert err(rules.text, "name", "a\nb")[2] == "name contains control characters"
    assert err(rules.text, "name", "a\rb")[2] == "name contains control characters"
    assert err(rules.text, "town", "", required=True) == ("town", "乡镇(街道)不能为空", "town is required")
    assert rules.text("town", "") is None
    assert rules.text("town", None) is None
    assert rules.text("town", "x" * 200) == "x" * 200
    assert err(rules.text, "town", "x" * 201) == (
        "town",
        "乡镇(街道)过长（最多 200 个字）",
        "town is too long (at most 200 characters)",
    )
    assert err(rules.text, "town", "xyz", max_len=2)[2] == "town is too long (at most 2 characters)"
    assert rules.text("town", "xy", max_len=2) == "xy"
    # an unlabelled field is named by itself
    assert err(rules.text, "colour", "", required=True) == ("colour", "colour不能为空", "colour is required")


def test_clean_text_folds_width_and_spaces_but_keeps_chinese_punctuation() -> None:
    assert rules.clean_text(None) == ""
    assert rules.clean_text(12) == "12"
    assert rules.clean_text(" Ａ１\u3000\t  b ") == "A1 b"
    assert rules.clean_text("（东校区），") == "（东校区），"
    assert rules.fold_width("ｚ\u00a0９") == "z 9"


def test_person_names_need_a_letter() -> None:
    assert rules.person_name("name", " 张三 ") == "张三"
    assert rules.person_name("name", "Li 3") == "Li 3"
    assert err(rules.person_name, "name", "11111") == (
        "name",
        "名称/姓名不能只有数字或符号，请输入真实姓名",
        "name cannot be only digits or symbols: type the person's name",
    )
    assert err(rules.person_name, "name", "") == ("name", "名称/姓名不能为空", "name is required")
    assert rules.person_name("name", "张" * 50) == "张" * 50
    assert err(rules.person_name, "name", "张" * 51)[2] == "name is too long (at most 50 characters)"


def test_notes_allow_lines_but_not_control_characters() -> None:
    assert rules.notes("notes", None) is None
    assert rules.notes("notes", "  ") is None
    assert rules.notes("notes", " 第一行\n第二行 ") == "第一行\n第二行"
    assert rules.notes("notes", "Ａ") == "A"
    assert err(rules.notes, "notes", "a\x00") == (
        "notes",
        "备注含有不可见的控制字符",
        "notes contains control characters",
    )
    assert rules.notes("notes", "x" * 4000) == "x" * 4000
    assert err(rules.notes, "notes", "x" * 4001) == ("notes", "备注过长", "notes is too long")


def test_count_messages_and_bounds() -> None:
    whole = ("delta", "人数必须是整数", "count must be a whole number")
    assert err(rules.count, "delta", True) == whole
    assert err(rules.count, "delta", "1.5") == whole
    assert err(rules.count, "delta", "") == whole
    assert err(rules.count, "delta", -1) == ("delta", "人数不能为负数", "count cannot be negative")
    assert err(rules.count, "delta", "0", allow_zero=False) == ("delta", "人数不能为零", "count cannot be zero")
    assert rules.count("delta", "0") == 0
    assert rules.count("delta", "-3", allow_negative=True) == -3
    assert rules.count("delta", "+3") == 3
    assert rules.count("delta", "1,000") == 1000
    assert rules.count("delta", 100_000) == 100_000
    assert rules.count("delta", -100_000, allow_negative=True) == -100_000
    big = ("delta", "人数超出合理范围（最多 100000）", "count is out of range (at most 100000)")
    assert err(rules.count, "delta", 100_001) == big
    assert err(rules.count, "delta", -100_001, allow_negative=True) == big


def test_optional_count() -> None:
    assert rules.optional_count("students", None) is None
    assert rules.optional_count("students", " ") is None
    assert rules.optional_count("students", "０") == 0
    assert rules.optional_count("students", "12") == 12
    assert err(rules.optional_count, "students", "x")[0:2] == ("students", "在校学生数必须是整数")


def test_phone_numbers() -> None:
    assert rules.phone("phone", None) is None
    assert rules.phone("phone", "") is None
    assert rules.phone("phone", "（0537）１２３-4567") == "(0537)123-4567"
    assert rules.phone("phone", "＋86 138") == "+86 138"
    assert rules.phone("phone", "123") == "123"
    assert rules.phone("phone", "1" * 20) == "1" * 20
    bad = ("phone", "联系电话格式不正确", "phone is not a valid phone number")
    assert err(rules.phone, "phone", "12") == bad
    assert err(rules.phone, "phone", "abc123") == bad
    assert err(rules.phone, "phone", "123x") == bad
    assert err(rules.phone, "phone", "1" * 21)[2] == "phone is too long (at most 20 characters)"


def test_choice_messages() -> None:
    assert rules.choice("status", " planned ", rules.VisitStatus) == "planned"
    assert rules.choice("group", "a", ("a", "b")) == "a"
    assert err(rules.choice, "status", "done", rules.VisitStatus) == (
        "status",
        "状态无效：done",
        "status is not valid: done",
    )
    assert err(rules.choice, "group", "", ("a",)) == ("group", "人群无效：（空）", "group is not valid: (empty)")


def test_county_is_resolved_or_refused_with_candidates() -> None:
    assert rules.county("鱼台") == "鱼台县"
    assert rules.county("济宁市鱼台县") == "鱼台县"
    f, zh, en = err(rules.county, "济宁")
    assert f == "county" and zh.startswith("所属县市区“济宁”不明确，可能是：") and "、" in zh
    assert en.startswith("county '济宁' is ambiguous, it may be: ") and ", " in en
    # exactly two candidates: both listed, each separated as a reader expects
    assert err(rules.county, "开发区") == (
        "county",
        "所属县市区“开发区”不明确，可能是：济宁经济技术开发区、济宁高新区",
        "county '开发区' is ambiguous, it may be: 济宁经济技术开发区, 济宁高新区",
    )
    assert err(rules.county, "火星") == ("county", "所属县市区无效：火星", "county is not a Jining area: 火星")
    assert err(rules.county, "") == ("county", "所属县市区无效：（空）", "county is not a Jining area: (empty)")


def test_dates_in_the_forms_offices_write() -> None:
    today = dt.date(2026, 5, 1)
    assert rules.date("date", "2026/5/3", today=today) == "2026-05-03"
    assert rules.date("date", "2026.05.03", today=today) == "2026-05-03"
    assert rules.date("date", "2026年5月3日", today=today) == "2026-05-03"
    assert rules.date("date", dt.datetime(2026, 5, 3, 10, 0), today=today) == "2026-05-03"
    assert rules.date("date", dt.date(2026, 5, 3), today=today) == "2026-05-03"
    assert err(rules.date, "date", "3 May", today=today) == (
        "date",
        "日期格式应为 YYYY-MM-DD",
        "date must be YYYY-MM-DD",
    )
    assert err(rules.date, "date", "2026-02-30", today=today) == ("date", "日期不是有效日期", "date is not a real date")
    assert rules.date("date", "2000-01-01", today=today) == "2000-01-01"
    out = ("date", "日期超出合理范围", "date is out of range")
    assert err(rules.date, "date", "1999-12-31", today=today) == out
    assert rules.date("date", "2028-05-01", today=today) == "2028-05-01"  # today + 731 days
    assert err(rules.date, "date", "2028-05-02", today=today) == out
    assert err(rules.date, "date", dt.date(1999, 1, 1), today=today) == out
    far = (dt.date.today() + dt.timedelta(days=732)).isoformat()
    assert err(rules.date, "date", far)[0] == "date"
    near = (dt.date.today() + dt.timedelta(days=731)).isoformat()
    assert rules.date("date", near) == near


def test_timestamp_is_local_time_to_the_second() -> None:
    assert rules.timestamp(dt.datetime(2026, 5, 3, 9, 8, 7, 654321)) == "2026-05-03T09:08:07"
    assert len(rules.timestamp()) == 19


def test_visit_status_transitions() -> None:
    ok = {
        ("planned", "in_progress"),
        ("planned", "cancelled"),
        ("in_progress", "completed"),
        ("in_progress", "cancelled"),
        ("in_progress", "planned"),
        ("completed", "in_progress"),
        ("cancelled", "planned"),
    }
    states = ["planned", "in_progress", "completed", "cancelled"]
    for cur in states:
        for new in states:
            if cur == new or (cur, new) in ok:
                assert rules.transition(cur, new) == new
            else:
                with pytest.raises(RuleError):
                    rules.transition(cur, new)
    assert err(rules.transition, "completed", "cancelled") == (
        "status",
        "活动状态不能从“已完成”变为“已取消”",
        "visit status cannot go from completed to cancelled",
    )
    assert err(rules.transition, "odd", "planned")[1] == "活动状态不能从“odd”变为“计划”"
    assert err(rules.transition, "planned", "bogus")[0:2] == ("status", "状态无效：bogus")


def test_which_visits_accept_records() -> None:
    today = dt.date(2026, 5, 1)
    assert rules.visit_accepts_records("in_progress", "2020-01-01", today) is False
    assert rules.visit_accepts_records("planned", None, today) is True
    assert rules.visit_accepts_records("planned", "2026-05-01", today) is True
    assert rules.visit_accepts_records("planned", dt.date.today().isoformat()) is True
    assert err(rules.visit_accepts_records, "planned", "2026-05-02", today) == (
        "status",
        "活动计划于 2026-05-02，尚未开始：请先到达（开始活动）再记录",
        "the visit is planned for 2026-05-02 and has not started: record arrival first",
    )
    assert err(rules.visit_accepts_records, "completed", None, today) == (
        "status",
        "活动已完成，不能再记录；如需更正，请先重新打开：caravan visit reopen 编号 --reason 原因",
        "the visit is completed; reopen it first (caravan visit reopen ID --reason ...)",
    )
    assert err(rules.visit_accepts_records, "cancelled", None, today) == (
        "status",
        "活动已取消，不能再记录",
        "the visit is cancelled; nothing can be recorded",
    )
    assert err(rules.visit_accepts_records, "odd", None, today) == (
        "status",
        "活动状态无效：odd",
        "unknown visit status: odd",
    )
    rules.visit_is_open("in_progress")
    rules.visit_is_open("planned")
    assert err(rules.visit_is_open, "completed")[0] == "status"


def test_sign_in_identity_keys() -> None:
    assert rules.dedupe_key("张三", "一班", "138 0000-1111", "P1") == "p:P1"
    assert rules.dedupe_key("张三", "一班", "138 0000-1111", None) == "t:13800001111"
    assert rules.dedupe_key("张三", "一班", "138 0000-1111", "") == "t:13800001111"
    assert rules.dedupe_key(" 张 三 ", "Class ONE", None, None) == "n:张三|classone"
    assert rules.dedupe_key("张三", None, "", None) == "n:张三|"
    # two people of one name with different phones are two sign-ins
    assert rules.dedupe_key("张三", "一班", "13800001111", None) != rules.dedupe_key(
        "张三", "一班", "13900002222", None
    )
    assert rules.same_name_key(" 张 三 ", "Class\u3000ONE") == "张三|classone"
    assert rules.same_name_key(None, None) == "|"
    assert rules.distinct_key("abc") == "s:abc"


# --- corrections ----------------------------------------------------------------------------


def _undo(**kw):  # type: ignore[no-untyped-def]
    base = {
        "caravan_id": "C",
        "title_id": "T",
        "kind": "undo",
        "qty": 3,
        "visit_id": None,
        "recipient": None,
        "ref_id": "M1",
    }
    base.update(kw)
    return base


def test_the_undo_id_is_derived_from_what_it_undoes() -> None:
    rid = corrections.derived_id("movement.undo", "M1")
    assert rid == str(uuid.uuid5(uuid.UUID("6f1c3a52-9d0e-4b7a-8c55-2f0d8e6b1a10"), "movement.undo:M1"))
    assert corrections._movement_undo(_undo()) == rid
    assert corrections._movement_undo(_undo(kind="adjust")) is None
    assert corrections._movement_undo(_undo(ref_id="")) is None
    assert corrections._movement_undo({"kind": "undo"}) is None
    assert corrections.is_derived("movement", rid, _undo())
    assert not corrections.is_derived("movement", "other", _undo())
    assert not corrections.is_derived("signin", rid, _undo())


def test_two_copies_of_one_undo_are_the_same_fact_only_with_equal_semantic_fields() -> None:
    rid = corrections.derived_id("movement.undo", "M1")
    a = _undo(at="10:00", reason="错", override=False)
    assert corrections.same_fact("movement", rid, a, _undo(at="11:00", reason="再错", override=True))
    for f, v in [("caravan_id", "D"), ("title_id", "U"), ("qty", 4), ("visit_id", "V"), ("recipient", "r")]:
        assert not corrections.same_fact("movement", rid, a, _undo(**{f: v})), f
    assert not corrections.same_fact("movement", rid, a, _undo(kind="adjust"))
    assert not corrections.same_fact("movement", rid, _undo(kind="adjust"), a)
    assert not corrections.same_fact("movement", "x", a, a)
    assert not corrections.same_fact("signin", rid, a, a)


def test_the_copy_with_a_recorded_override_wins_then_the_lower_clock() -> None:
    plain, forced = _undo(override=False), _undo(override=True)
    lo, hi = ("0001", "A"), ("0002", "B")
    assert corrections.incoming_wins("movement", plain, lo, forced, hi) is True
    assert corrections.incoming_wins("movement", forced, hi, plain, lo) is False
    assert corrections.incoming_wins("movement", plain, hi, plain, lo) is True
    assert corrections.incoming_wins("movement", plain, lo, plain, hi) is False
    assert corrections.incoming_wins("movement", plain, lo, plain, lo) is False
    assert corrections.incoming_wins("movement", plain, ("0001", "B"), plain, ("0001", "A")) is True
    # an entity without a rule: clocks alone
    assert corrections.incoming_wins("other", forced, lo, plain, hi) is False
    assert corrections.incoming_wins("other", forced, hi, plain, lo) is True
    assert corrections._rank("movement", forced, lo) == (0, "0001", "A")
    assert corrections._rank("movement", plain, lo) == (1, "0001", "A")
    assert corrections._rank("other", plain, lo) == ("0001", "A")


# --- catalogue ------------------------------------------------------------------------------


def test_normalise_ignores_width_case_spaces_and_title_marks() -> None:
    assert catalogue.normalise("《身边的 科学》") == "身边的科学"
    assert catalogue.normalise("ＡＢＣ·d-e_f（g）") == "abcdefg"
    assert catalogue.normalise(None) == ""
    assert catalogue.normalise("“a”,b。c、d：e；f[g]【h】—i") == "abcdefghi"


def test_natural_keys_per_entity() -> None:
    assert catalogue.natural_keys("title", {"name": "《身边的科学》"}) == ["name:身边的科学"]
    assert catalogue.natural_keys("title", {"name": "《》"}) == []
    assert catalogue.natural_keys("site", {"name": "一中", "county": "鱼台 县"}) == ["name:一中|county:鱼台县"]
    assert catalogue.natural_keys("site", {"name": "一中"}) == ["name:一中|county:"]
    assert catalogue.natural_keys("site", {"county": "鱼台"}) == []
    assert catalogue.natural_keys("caravan", {"name": "一号车", "plate": "鲁H 12345"}) == [
        "name:一号车",
        "plate:鲁h12345",
    ]
    assert catalogue.natural_keys("caravan", {"plate": "鲁H12345"}) == ["plate:鲁h12345"]
    assert catalogue.natural_keys("caravan", {"name": "一号车"}) == ["name:一号车"]
    assert catalogue.natural_keys("caravan", {}) == []
    assert catalogue.natural_keys("visit", {"name": "x"}) == []


def test_duplicate_groups_join_transitively_and_the_lowest_id_survives() -> None:
    vans = [
        {"id": "03", "name": "一号车", "plate": "A1"},
        {"id": "01", "name": "二号车", "plate": "B2"},
        {"id": "02", "name": "二号 车", "plate": "A1"},  # named like 01, plated like 03
        {"id": "04", "name": "三号车", "plate": "C3"},
    ]
    assert catalogue.duplicate_groups("caravan", vans) == [["01", "02", "03"]]
    titles = [
        {"id": "b", "name": "甲"},
        {"id": "a", "name": "《甲》"},
        {"id": "d", "name": "乙"},
        {"id": "c", "name": "乙 "},
        {"id": "e", "name": "丙"},
    ]
    assert catalogue.duplicate_groups("title", titles) == [["a", "b"], ["c", "d"]]
    assert catalogue.duplicate_groups("title", []) == []
    # a long chain (path compression must still find one root)
    chain = [{"id": f"{i:02d}", "name": f"n{i // 2}", "plate": f"p{(i + 1) // 2}"} for i in range(9)]
    assert catalogue.duplicate_groups("caravan", chain) == [[f"{i:02d}" for i in range(9)]]
    rev = list(reversed(chain))
    assert catalogue.duplicate_groups("caravan", rev) == [[f"{i:02d}" for i in range(9)]]


def test_merge_fact_ids_are_the_same_on_every_laptop() -> None:
    ns = uuid.UUID("9b1d6f43-2a4c-5e0b-8f3e-6c1a2b7d9e01")
    assert catalogue.merge_id("title", "b", "a") == str(uuid.uuid5(ns, "merge|title|b|a"))
    assert catalogue.unmerge_id("m") == str(uuid.uuid5(ns, "unmerge|m"))


def test_resolve_map_follows_chains_and_breaks_cycles_at_the_lowest_id() -> None:
    assert catalogue.resolve_map([("c", "b"), ("b", "a")]) == {"c": "a", "b": "a"}
    assert catalogue.resolve_map([("b", "a"), ("a", "b")]) == {"b": "a"}
    assert catalogue.resolve_map([("d", "c"), ("c", "b"), ("b", "c")]) == {"d": "b", "c": "b"}
    assert catalogue.resolve_map([("x", "x")]) == {}
    assert catalogue.resolve_map([]) == {}


# --- badge ----------------------------------------------------------------------------------


def test_badge_payload_layout_and_round_trip() -> None:
    p = badge.encode("A")
    assert p.startswith("CVP") and p == "CVP" + badge._b32encode(b"A") + badge.check_char("P" + badge._b32encode(b"A"))
    assert badge._b32encode(b"A") == "84"  # 0x41 = 01000 001(00)
    assert badge._b32encode(b"") == ""
    assert badge._b32encode(b"\xff\xff") == "ZZZG"
    assert badge._b32decode("84") == b"A"
    assert badge._b32decode("ZZZG") == b"\xff\xff"
    with pytest.raises(ValueError):
        badge._b32decode("85")
    for code in ["A", "P00017", "x" * 40, "hello-world_1"]:
        assert badge.decode(badge.encode(code)) == badge.Badge("P", code)
    assert badge.decode(" " + badge.encode("P00017").lower() + " ").code == "P00017"
    with pytest.raises(ValueError):
        badge.encode("")
    with pytest.raises(ValueError):
        badge.encode("x" * 41)
    with pytest.raises(ValueError):
        badge.encode("A", kind="Q")


def test_check_char_is_luhn_mod_32() -> None:
    assert badge.check_char("") == "0"
    assert badge.check_char("1") == "Y"  # 2*1=2 -> 32-2 = 30 -> Y
    assert badge.check_char("G") == "Z"  # 2*16=32 -> 1+0 = 1 -> 31

    # reference implementation written out
    def ref(body: str) -> str:
        total = 0
        for i, ch in enumerate(reversed(body)):
            a = (2 if i % 2 == 0 else 1) * badge._VALUE[ch]
            total += a // 32 + a % 32
        return badge.ALPHABET[(32 - total % 32) % 32]

    for body in ["P84", "PABCDEFG", "P0123456789", "PZZZG", "PG"]:
        assert badge.check_char(body) == ref(body)


def test_every_single_wrong_character_and_neighbour_swap_is_caught() -> None:
    p = badge.encode("P00017")
    for i in range(3, len(p)):
        for c in badge.ALPHABET:
            if c != p[i]:
                bad = p[:i] + c + p[i + 1 :]
                with pytest.raises(badge.BadgeError) as e:
                    badge.decode(bad)
                assert e.value.foreign is False and e.value.field == "badge"


def test_scans_that_are_not_badges_say_so() -> None:
    foreign = ("badge", "这不是本系统的胸卡二维码", "this is not a Caravan badge code")
    for text in ["9787530215593", "https://weixin.qq.com/x", "", None, "CVP0"]:
        with pytest.raises(badge.BadgeError) as e:
            badge.decode(text)  # type: ignore[arg-type]
        assert e.value.foreign is True and (e.value.field, e.value.zh, e.value.en) == foreign
    with pytest.raises(badge.BadgeError) as e:
        badge.decode("CVQ84ABC")  # our prefix, a kind letter we never print: the crew reads the Chinese text
    assert e.value.foreign is True and (e.value.field, e.value.zh, e.value.en) == foreign
    assert badge.decode("CVP84" + badge.check_char("P84")).code == "A"  # shortest valid payload


def test_misreads_say_scan_again() -> None:
    misread = ("badge", "胸卡读取有误，请重新扫描", "the badge was misread; scan it again")
    with pytest.raises(badge.BadgeError) as e:
        badge.decode("CVP8U4")  # U is not Crockford
    assert e.value.foreign is False and (e.value.field, e.value.zh, e.value.en) == misread
    p = badge.encode("P00017")
    with pytest.raises(badge.BadgeError) as e:
        badge.decode(p[:-1] + ("0" if p[-1] != "0" else "1"))
    assert (e.value.zh, e.value.en) == (
        "胸卡读取有误（校验失败），请重新扫描",
        "the badge was misread (check failed); scan it again",
    )
    # bad padding bits with a valid check character
    body = "P85"
    with pytest.raises(badge.BadgeError) as e:
        badge.decode("CV" + body + badge.check_char(body))
    assert (e.value.field, e.value.zh, e.value.en) == misread and e.value.foreign is False
    # non-ASCII bytes with a valid check character
    body = "P" + badge._b32encode(b"\xff")
    with pytest.raises(badge.BadgeError) as e:
        badge.decode("CV" + body + badge.check_char(body))
    assert (e.value.field, e.value.zh, e.value.en) == misread
    # one padding character and a valid check: no bytes at all
    with pytest.raises(badge.BadgeError) as e:
        badge.decode("CVP0" + badge.check_char("P0"))
    assert (e.value.field, e.value.zh, e.value.en) == misread and e.value.foreign is False


def test_crockford_forgiving_reads() -> None:
    p = badge.encode("P00017")
    assert "0" in p[3:] or "1" in p[3:]
    forgiving = p[:3] + p[3:].replace("0", "O").replace("1", "I")
    assert badge.decode(forgiving).code == "P00017"
    assert badge.decode(p[:3] + p[3:].replace("1", "l")).code == "P00017"


def test_looks_like_badge() -> None:
    assert badge.looks_like_badge(" cvp123")
    assert not badge.looks_like_badge("978")
    assert not badge.looks_like_badge("xCV")


def test_field_labels_reach_the_messages() -> None:
    assert rules._label("students") == ("在校学生数", "student count")
    assert rules._label("nothing") == ("nothing", "nothing")
    assert isinstance(ValidationError("f", "z", "e"), DomainError)
