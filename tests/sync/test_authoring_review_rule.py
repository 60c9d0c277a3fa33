"""The one review rule (domain/review.review_state) on its own: what a completed, returned,
reopened, resubmitted, approved or withdrawn visit shows, and why the office may not decide."""

from __future__ import annotations

from caravan_app.domain.review import Decision, ReviewFact, ReviewStatus, can_decide, review_state


def fact(decision: str, round_: int, n: int, reason: str | None = None) -> ReviewFact:
    return ReviewFact(decision, reason, "王科员", round_, f"2026-05-0{n}T10:00:00", (f"{n:013d}.00000", f"id{n}"))


def test_a_completed_visit_awaits_review_and_others_have_no_state() -> None:
    assert review_state("completed", 0, []).label == "待审核"
    for status in ("planned", "in_progress", "cancelled"):
        assert review_state(status, 0, []).status is ReviewStatus.NOT_SUBMITTED


def test_return_then_resubmit_then_approve() -> None:
    returned = [fact("returned", 0, 1, "人数有误")]
    assert review_state("completed", 0, returned).label == "退回：人数有误"
    reopened = review_state("in_progress", 1, returned)  # the crew is correcting it
    assert reopened.status is ReviewStatus.NOT_SUBMITTED and reopened.last_return == "人数有误"
    again = review_state("completed", 1, returned)
    assert again.label == "待审核（已重新提交）" and again.resubmitted
    assert review_state("completed", 1, [*returned, fact("approved", 1, 2)]).label == "已通过"


def test_decisions_apply_in_the_hubs_order_not_the_listed_order() -> None:
    facts = [fact("withdrawn", 0, 3, "照片缺失"), fact("approved", 0, 2), fact("returned", 0, 1, "x")]
    st = review_state("completed", 0, facts)
    assert st.status is ReviewStatus.PENDING and st.label == "待审核（已撤销通过：照片缺失）"


def test_a_reopen_the_office_had_not_seen_supersedes_its_decision() -> None:
    # approved on what the hub had (round 0) while the crew had already reopened and completed again
    st = review_state("completed", 1, [fact("approved", 0, 1)])
    assert st.status is ReviewStatus.PENDING and not st.resubmitted


def test_what_the_office_may_decide() -> None:
    pending = review_state("completed", 0, [])
    approved = review_state("completed", 0, [fact("approved", 0, 1)])
    returned = review_state("completed", 0, [fact("returned", 0, 1, "x")])
    assert can_decide(pending, Decision.APPROVED) is None and can_decide(pending, Decision.RETURNED) is None
    assert "只有已通过" in (can_decide(pending, Decision.WITHDRAWN) or "")
    assert "先撤销通过" in (can_decide(approved, Decision.RETURNED) or "")
    assert can_decide(approved, Decision.WITHDRAWN) is None
    assert can_decide(returned, Decision.APPROVED) is None  # the office may change its mind
    assert "等待车组修改" in (can_decide(returned, Decision.RETURNED) or "")
    assert "还没有完成" in (can_decide(review_state("in_progress", 1, []), Decision.APPROVED) or "")
