"""A visit's review state, derived in ONE rule from synced facts (docs/sync.md, "Review").

Inputs: the visit's status, how many times it was reopened (its ``visit_reopen`` facts), and the
office's ``review`` facts. Each review names the ``round`` it decided: the number of reopens
the reviewer saw. The rule:

* a visit that is not completed has no review state (``NOT_SUBMITTED``) — while the crew
  corrects a returned visit, ``last_return`` still tells them why;
* a completed visit is ``PENDING`` (待审核) until the office decides on its current round
  (= its reopen count);
* within the current round the decisions apply in order (by the hub's clock): ``approved`` →
  ``APPROVED`` (通过); ``returned`` → ``RETURNED`` with the reason (退回：reason);
  ``withdrawn`` (an approval taken back, with a reason) → ``PENDING`` again;
* a decision on an earlier round is superseded: the crew reopened the visit after it — a
  returned visit reopened, corrected and completed again is ``PENDING`` (resubmitted); so is an
  approved visit the crew reopened and changed (the office reviews what changed).

Nothing depends on comparing two machines' wall clocks: a reopen made on a laptop before the
office's decision reached it raises the round, so the decision (made on what the hub had) is
superseded once both facts meet, on every store alike.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from .vocab import VisitStatus


class Decision(StrEnum):
    APPROVED = "approved"
    RETURNED = "returned"
    WITHDRAWN = "withdrawn"


class ReviewStatus(StrEnum):
    NOT_SUBMITTED = "not_submitted"
    PENDING = "pending"
    APPROVED = "approved"
    RETURNED = "returned"


LABELS = {
    ReviewStatus.NOT_SUBMITTED: ("未完成", "not completed"),
    ReviewStatus.PENDING: ("待审核", "awaiting review"),
    ReviewStatus.APPROVED: ("已通过", "approved"),
    ReviewStatus.RETURNED: ("退回", "returned"),
}


@dataclass(frozen=True)
class ReviewFact:
    """One ``review`` record as the rule needs it; ``order`` sorts decisions (the record's HLC,
    then its id: the hub authors them all, on one clock)."""

    decision: str
    reason: str | None
    by: str
    round: int
    at: str
    order: tuple[str, str]


@dataclass(frozen=True)
class ReviewState:
    status: ReviewStatus
    round: int  # the visit's current round (its reopen count)
    reason: str | None = None  # why it was returned (RETURNED), or why an approval was withdrawn (PENDING)
    by: str | None = None  # who made the deciding decision
    at: str | None = None
    resubmitted: bool = False  # PENDING after a return of an earlier round
    last_return: str | None = None  # the reason of the latest return of any round

    @property
    def label(self) -> str:
        """As the laptop and the console show it: 已通过 / 退回：reason / 待审核 / 未完成."""
        if self.status is ReviewStatus.RETURNED:
            return f"退回：{self.reason}"
        if self.status is ReviewStatus.PENDING and self.resubmitted:
            return "待审核（已重新提交）"
        if self.status is ReviewStatus.PENDING and self.reason:
            return f"待审核（已撤销通过：{self.reason}）"
        return LABELS[self.status][0]

    @property
    def label_en(self) -> str:
        if self.status is ReviewStatus.RETURNED:
            return f"returned: {self.reason}"
        if self.status is ReviewStatus.PENDING and self.resubmitted:
            return "awaiting review (resubmitted)"
        if self.status is ReviewStatus.PENDING and self.reason:
            return f"awaiting review (approval withdrawn: {self.reason})"
        return LABELS[self.status][1]

    @property
    def approved(self) -> bool:
        return self.status is ReviewStatus.APPROVED


def review_state(status: str, reopens: int, facts: Sequence[ReviewFact]) -> ReviewState:
    """The one rule (module docstring)."""
    ordered = sorted(facts, key=lambda f: f.order) if facts else []
    if not ordered:  # most visits: nothing decided yet
        status_ = ReviewStatus.PENDING if status == "completed" else ReviewStatus.NOT_SUBMITTED
        return ReviewState(status_, reopens)
    returns = [f for f in ordered if f.decision == "returned"]
    last_return = returns[-1].reason if returns else None
    if status != VisitStatus.COMPLETED:
        return ReviewState(ReviewStatus.NOT_SUBMITTED, reopens, last_return=last_return)
    state = ReviewState(
        ReviewStatus.PENDING, reopens, resubmitted=any(f.round < reopens for f in returns), last_return=last_return
    )
    for f in ordered:
        if f.round != reopens:
            continue
        if f.decision == Decision.APPROVED:
            state = ReviewState(ReviewStatus.APPROVED, reopens, None, f.by, f.at, last_return=last_return)
        elif f.decision == Decision.RETURNED:
            state = ReviewState(ReviewStatus.RETURNED, reopens, f.reason, f.by, f.at, last_return=last_return)
        else:
            state = ReviewState(
                ReviewStatus.PENDING, reopens, f.reason, f.by, f.at, state.resubmitted, last_return=last_return
            )
    return state


def can_decide(state: ReviewState, decision: Decision) -> str | None:
    """Why the office cannot make ``decision`` now (Chinese, saying what to do), or None."""
    if state.status is ReviewStatus.NOT_SUBMITTED:
        return "活动还没有完成（或已被车组重新打开），完成后才能审核"
    if decision is Decision.WITHDRAWN:
        return None if state.status is ReviewStatus.APPROVED else "只有已通过的活动才能撤销通过"
    if state.status is ReviewStatus.APPROVED:
        return "活动已通过审核；如需退回，请先撤销通过（写明原因）"
    if decision is Decision.RETURNED and state.status is ReviewStatus.RETURNED:
        return "活动已退回，正等待车组修改后重新提交"
    return None


# --- the office's synced settings (entity ``office_setting``) ----------------------------------

REPORTS_COUNT = "reports_count"  # "completed" (default): every completed visit; "approved": approved only
_SETTING_NS = uuid.UUID("5f0c2a7e-3b1d-4e8a-9c6f-2d4b8a1e7c30")


def decision_id(visit_id: str, round_: int, nth: int) -> str:
    """The id of the ``nth`` decision on a visit's round: two office users deciding at once
    (or one form sent twice) make the same id, and the hub keeps one of them."""
    return str(uuid.uuid5(_SETTING_NS, f"review|{visit_id}|{round_}|{nth}"))


def setting_id(name: str) -> str:
    """One record per setting name on every store (the hub updates it, never adds another)."""
    return str(uuid.uuid5(_SETTING_NS, f"office_setting|{name}"))


def counts_line(approved_only: bool) -> str:
    """What every report says it counts."""
    return "本表统计：仅已通过审核的活动" if approved_only else "本表统计：全部已完成活动"


def counts_line_en(approved_only: bool) -> str:
    return "Counts: approved visits only" if approved_only else "Counts: every completed visit"
