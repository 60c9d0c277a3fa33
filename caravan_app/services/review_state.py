"""The office's review of visits as this laptop knows it (pulled from the hub): each visit's
state by the one rule (``domain.review.review_state``), its history, and whether official
reports count approved visits only (the synced office setting ``reports_count``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

from ..domain.errors import RuleError
from ..domain.review import REPORTS_COUNT, ReviewState, ReviewStatus, counts_line, review_state
from ..storage import review_store
from .base import Service


@dataclass(frozen=True)
class ReviewView:
    """A visit's review state as faces show it (``caravan visit show --json``: ``review``)."""

    status: str  # domain.review.ReviewStatus
    label: str  # 已通过 / 退回：reason / 待审核 / 待审核（已重新提交） / 未完成
    label_en: str
    reason: str | None
    by: str | None
    at: str | None
    round: int
    resubmitted: bool
    last_return: str | None

    @classmethod
    def of(cls, st: ReviewState) -> ReviewView:
        return cls(
            st.status.value,
            st.label,
            st.label_en,
            st.reason,
            st.by,
            st.at,
            st.round,
            st.resubmitted,
            st.last_return,
        )

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class ReviewEvent:
    decision: str
    reason: str | None
    by: str
    round: int
    at: str


class ReviewStateService(Service):
    def states(self, visit_ids: Sequence[str]) -> dict[str, ReviewState]:
        """Review state per visit id (visits this laptop does not have are left out)."""
        with self.read() as s:
            inputs = review_store.review_inputs(s, visit_ids)
        return {vid: review_state(st, n, facts) for vid, (st, n, facts) in inputs.items()}

    def state(self, visit_id: str) -> ReviewState:
        got = self.states([visit_id]).get(visit_id)
        if got is None:
            raise RuleError("visit_id", "找不到该活动", f"no such visit: {visit_id}")
        return got

    def view(self, visit_id: str) -> ReviewView:
        return ReviewView.of(self.state(visit_id))

    def history(self, visit_id: str) -> list[ReviewEvent]:
        with self.read() as s:
            return [ReviewEvent(r.decision, r.reason, r.by, r.round, r.at) for r in review_store.history(s, visit_id)]

    def approved_only(self) -> bool:
        """Whether official reports count approved visits only (the office's synced choice)."""
        with self.read() as s:
            return review_store.office_setting(s, REPORTS_COUNT) == "approved"

    def counts_line(self) -> str:
        """What every report says it counts."""
        return counts_line(self.approved_only())

    def approved(self, visit_ids: Sequence[str]) -> set[str]:
        return {vid for vid, st in self.states(visit_ids).items() if st.status is ReviewStatus.APPROVED}
