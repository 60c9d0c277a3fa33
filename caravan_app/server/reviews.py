"""The office's review of completed visits, on the hub: the queue, approve, return (with a
reason), withdraw an approval (with a reason), approve a whole day or van at once — and the
synced setting that makes official reports count approved visits only.

Every decision is a ``review`` record authored by the hub (``authoring``), so every laptop pulls
it; the state of a visit is ``domain.review.review_state`` over the hub's records — the same rule
the laptops apply to the same facts.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.fieldspec import CONTROL
from ..domain.review import (
    REPORTS_COUNT,
    Decision,
    ReviewFact,
    ReviewState,
    can_decide,
    decision_id,
    review_state,
    setting_id,
)
from . import models as hm
from .apply import stored_ids
from .authoring import Draft, author, author_many, hub_time
from .db import HubDB
from .hub import HubError


@dataclass(frozen=True)
class ReviewRow:
    """One visit in the review queue."""

    visit_id: str
    date: str
    caravan_id: str
    caravan: str
    site: str
    county: str | None
    town: str | None
    state: ReviewState

    def to_dict(self) -> dict[str, Any]:
        st = self.state
        return {
            "visit_id": self.visit_id,
            "date": self.date,
            "caravan": self.caravan,
            "site": self.site,
            "county": self.county,
            "town": self.town,
            "review": st.status.value,
            "label": st.label,
            "reason": st.reason,
            "by": st.by,
            "at": st.at,
            "round": st.round,
        }


@dataclass(frozen=True)
class Decided:
    visit_id: str
    decision: str
    state: ReviewState


def _load(s: Session, entity: str, where_visit: str | None = None) -> list[tuple[str, dict[str, Any]]]:
    q = select(hm.Record.id, hm.Record.data).where(hm.Record.entity == entity)
    if where_visit is not None:  # records are stored as compact sorted JSON (apply.dumps)
        q = q.where(hm.Record.data.contains(f'"visit_id":{json.dumps(where_visit)}'))
    out = []
    for rid, text in s.execute(q):
        d = json.loads(text)
        if isinstance(d, dict) and not d.get("retracted") and not d.get("deleted"):
            out.append((rid, d))
    return out


def _facts(rows: Iterable[tuple[str, dict[str, Any]]], hlcs: dict[str, str]) -> dict[str, list[ReviewFact]]:
    out: dict[str, list[ReviewFact]] = {}
    for rid, d in rows:
        out.setdefault(str(d.get("visit_id")), []).append(
            ReviewFact(
                str(d.get("decision")),
                d.get("reason"),
                str(d.get("by") or ""),
                int(d.get("round") or 0),
                str(d.get("at") or ""),
                (hlcs.get(rid, ""), rid),
            )
        )
    return out


def _review_hlcs(s: Session, ids: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for i in range(0, len(ids), 500):
        q = select(hm.Record.id, hm.Record.hlc).where(hm.Record.entity == "review", hm.Record.id.in_(ids[i : i + 500]))
        out.update({k: v for k, v in s.execute(q)})
    return out


def _states(s: Session, visits: dict[str, dict[str, Any]], one: str | None = None) -> dict[str, ReviewState]:
    reopens: dict[str, int] = {}
    for _rid, d in _load(s, "visit_reopen", one):
        reopens[str(d.get("visit_id"))] = reopens.get(str(d.get("visit_id")), 0) + 1
    rows = _load(s, "review", one)
    facts = _facts(rows, _review_hlcs(s, [r for r, _d in rows]))
    return {
        vid: review_state(str(v.get("status")), reopens.get(vid, 0), facts.get(vid, [])) for vid, v in visits.items()
    }


def _names(s: Session, entity: str, ids: set[str]) -> dict[str, dict[str, Any]]:
    return {rid: json.loads(text or "{}") for rid, text in stored_ids(s, entity, sorted(ids), with_data=True)}


def queue(
    hdb: HubDB,
    status: str | None = "pending",
    date: str | None = None,
    caravan: str | None = None,
    county: str | None = None,
    start: str | None = None,
    end: str | None = None,
) -> list[ReviewRow]:
    """Completed visits with their review state, oldest first; ``status`` one of
    ``domain.review.ReviewStatus`` (None or "all": every completed visit). ``caravan`` is a
    van's id or name."""
    with hdb.read() as s, s.begin():
        visits = {rid: d for rid, d in _load(s, "visit") if d.get("status") == "completed"}
        if date:
            visits = {k: v for k, v in visits.items() if v.get("date") == date}
        if start:
            visits = {k: v for k, v in visits.items() if str(v.get("date")) >= start}
        if end:
            visits = {k: v for k, v in visits.items() if str(v.get("date")) <= end}
        vans = _names(s, "caravan", {str(v.get("caravan_id")) for v in visits.values()})
        if caravan:
            visits = {
                k: v
                for k, v in visits.items()
                if v.get("caravan_id") == caravan or vans.get(str(v.get("caravan_id")), {}).get("name") == caravan
            }
        sites = _names(s, "site", {str(v.get("site_id")) for v in visits.values()})
        if county:
            visits = {k: v for k, v in visits.items() if sites.get(str(v.get("site_id")), {}).get("county") == county}
        states = _states(s, visits)
    rows = []
    for vid, v in visits.items():
        st = states[vid]
        if status not in (None, "all") and st.status.value != status:
            continue
        site = sites.get(str(v.get("site_id")), {})
        rows.append(
            ReviewRow(
                vid,
                str(v.get("date")),
                str(v.get("caravan_id")),
                str(vans.get(str(v.get("caravan_id")), {}).get("name") or ""),
                str(site.get("name") or ""),
                site.get("county"),
                site.get("town"),
                st,
            )
        )
    return sorted(rows, key=lambda r: (r.date, r.caravan, r.site, r.visit_id))


def state(hdb: HubDB, visit_id: str) -> ReviewState:
    with hdb.read() as s, s.begin():
        found = _names(s, "visit", {visit_id})
        v = found.get(visit_id)
        if v is None or v.get("retracted") or v.get("deleted"):
            raise HubError(404, "no_visit", f"服务器上没有编号为 {visit_id} 的活动", f"no visit {visit_id} on the hub")
        return _states(s, {visit_id: v}, one=visit_id)[visit_id]


def row(hdb: HubDB, visit_id: str) -> ReviewRow | None:
    """One visit (any status) as a queue row, or None if the hub does not have it."""
    with hdb.read() as s, s.begin():
        v = _names(s, "visit", {visit_id}).get(visit_id)
        if v is None or v.get("retracted") or v.get("deleted"):
            return None
        van = _names(s, "caravan", {str(v.get("caravan_id"))}).get(str(v.get("caravan_id")), {})
        site = _names(s, "site", {str(v.get("site_id"))}).get(str(v.get("site_id")), {})
        st = _states(s, {visit_id: v}, one=visit_id)[visit_id]
    return ReviewRow(
        visit_id,
        str(v.get("date")),
        str(v.get("caravan_id")),
        str(van.get("name") or ""),
        str(site.get("name") or ""),
        site.get("county"),
        site.get("town"),
        st,
    )


@dataclass(frozen=True)
class HistoryLine:
    decision: str
    reason: str | None
    by: str
    round: int
    at: str


def history(hdb: HubDB, visit_id: str) -> list[HistoryLine]:
    """A visit's decisions in the order they were made."""
    with hdb.read() as s, s.begin():
        rows = _load(s, "review", visit_id)
        facts = _facts(rows, _review_hlcs(s, [r for r, _d in rows])).get(visit_id, [])
    return [HistoryLine(f.decision, f.reason, f.by, f.round, f.at) for f in sorted(facts, key=lambda f: f.order)]


def _nth(hdb: HubDB, visit_id: str, round_: int) -> int:
    with hdb.read() as s, s.begin():
        return sum(1 for _r, d in _load(s, "review", visit_id) if d.get("round") == round_)


def _text(value: object, field: str, zh: str, max_len: int, required: bool) -> str | None:
    text = " ".join(str(value).split()) if value is not None else ""
    if not text:
        if required:
            raise HubError(2, "missing_field", f"请填写{zh}", f"{field} is required")
        return None
    if len(text) > max_len or CONTROL.search(text):
        raise HubError(
            2, "bad_value", f"{zh}太长或含有无效字符（最多 {max_len} 字）", f"{field} is too long or invalid"
        )
    return text


def _decide(hdb: HubDB, visit_id: str, decision: Decision, by: str, reason: object = None) -> Decided:
    who = _text(by, "by", "审核人", 100, required=True)
    why = _text(reason, "reason", "原因", 400, required=decision is not Decision.APPROVED)
    st = state(hdb, visit_id)
    problem = can_decide(st, decision)
    if problem is not None:
        raise HubError(409, "cannot_review", problem, f"cannot {decision.value} this visit now ({st.status.value})")
    data = {"visit_id": visit_id, "decision": decision.value, "reason": why, "by": who, "round": st.round}
    rid = decision_id(visit_id, st.round, _nth(hdb, visit_id, st.round))
    author(hdb, "review", rid, {**data, "at": hub_time()}, by=who)
    return Decided(visit_id, decision.value, state(hdb, visit_id))


def approve(hdb: HubDB, visit_id: str, by: str) -> Decided:
    """通过 a completed visit (awaiting review, or returned: the office may change its mind)."""
    return _decide(hdb, visit_id, Decision.APPROVED, by)


def return_visit(hdb: HubDB, visit_id: str, reason: object, by: str) -> Decided:
    """退回 with a reason: the crew sees it on the laptop after its next sync."""
    return _decide(hdb, visit_id, Decision.RETURNED, by, reason)


def withdraw(hdb: HubDB, visit_id: str, reason: object, by: str) -> Decided:
    """撤销通过 with a reason: the visit is awaiting review again."""
    return _decide(hdb, visit_id, Decision.WITHDRAWN, by, reason)


def bulk_approve(
    hdb: HubDB, by: str, date: str | None = None, caravan: str | None = None, only: set[str] | None = None
) -> list[str]:
    """Approve every visit of a day and/or a van that awaits review (completed, not approved,
    not returned) in one batch; ``only`` limits it to visits the caller may change. Returns
    the visit ids approved. (The console chooses from its read model: ``approve_many``.)"""
    if not date and not caravan:
        raise HubError(2, "no_scope", "批量通过需要指定日期或车辆", "bulk approval needs a date or a van")
    rows = [r for r in queue(hdb, "pending", date=date, caravan=caravan) if only is None or r.visit_id in only]
    with hdb.read() as s, s.begin():  # every decision of every visit, counted once (not a scan per visit)
        made: dict[tuple[str, int], int] = {}
        for _rid, d in _load(s, "review"):
            key = (str(d.get("visit_id")), int(d.get("round") or 0))
            made[key] = made.get(key, 0) + 1
    return approve_many(hdb, by, [(r.visit_id, r.state.round, made.get((r.visit_id, r.state.round), 0)) for r in rows])


def approve_many(hdb: HubDB, by: str, chosen: Sequence[tuple[str, int, int]]) -> list[str]:
    """通过 each chosen visit — (visit id, the round it is in, how many decisions that round has
    already) — as one batch of ``review`` records; the visit ids approved. The caller chose them
    awaiting review from what the hub had (a reopen since supersedes the approval by the rule)."""
    who = _text(by, "by", "审核人", 100, required=True)
    at = hub_time()
    drafts = [
        Draft(
            "review",
            decision_id(vid, round_, nth),
            {"visit_id": vid, "decision": "approved", "reason": None, "by": who, "round": round_, "at": at},
        )
        for vid, round_, nth in chosen
    ]
    done = author_many(hdb, drafts, by=who)
    return [c[0] for c, d in zip(chosen, done, strict=True) if d.status == "ok"]


# --- the synced office setting --------------------------------------------------------------


def reports_count(hdb: HubDB) -> str:
    """ "approved" (official reports count approved visits only) or "completed" (default)."""
    with hdb.read() as s, s.begin():
        found = _names(s, "office_setting", {setting_id(REPORTS_COUNT)})
    return str(found.get(setting_id(REPORTS_COUNT), {}).get("value") or "completed")


def set_reports_count(hdb: HubDB, value: str, by: str) -> str:
    """Set the office's choice; it reaches every laptop with its next sync."""
    if value not in ("approved", "completed"):
        raise HubError(2, "bad_setting", "取值只能是 approved 或 completed", "value must be approved or completed")
    rid = setting_id(REPORTS_COUNT)
    with hdb.read() as s, s.begin():
        exists = bool(stored_ids(s, "office_setting", [rid]))
    data = {"value": value} if exists else {"name": REPORTS_COUNT, "value": value}
    author(hdb, "office_setting", rid, data, by=by, op="update" if exists else "insert")
    return reports_count(hdb)
