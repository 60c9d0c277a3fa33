"""Head counts by group (append-only +N/−N tallies) and individual sign-ins."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..domain import rules
from ..domain.errors import RuleError
from ..domain.vocab import Group, SigninGroup, SigninMethod
from ..storage import models as m
from ..storage import queries as q
from .base import Service, as_dict


@dataclass(frozen=True)
class SigninResult:
    """Outcome of one sign-in: ``duplicate`` when this person had already signed in."""

    id: str
    number: int  # the person's sign-in number at this visit (1-based)
    duplicate: bool
    name: str


class AttendanceService(Service):
    def tally(self, visit_id: str, group: str, delta: object, at: dt.datetime | None = None) -> int:
        """Add (or, negative, correct) a head count; returns the group's new total.

        A total never goes below zero: a correction larger than the count is refused.
        """
        g = rules.choice("group", group, Group)
        n = rules.count("delta", delta, allow_negative=True, allow_zero=False)
        with self.unit() as u:
            rules.visit_is_open(u.status("visit", visit_id, "status", field="visit_id"))
            current = q.tally_totals(u.conn, visit_id).get(g, 0)
            if current + n < 0:
                raise RuleError(
                    "delta", f"人数不能减到负数（当前 {current}）", f"count cannot go below zero (now {current})"
                )
            u.insert("tally", {"visit_id": visit_id, "group": g, "delta": n, "at": self.clock.timestamp(at)})
            return current + n

    def totals(self, visit_id: str) -> dict[str, int]:
        with self.read() as s:
            t = q.tally_totals(s, visit_id)
        return {g.value: t.get(g.value, 0) for g in Group}

    def signin(
        self,
        visit_id: str,
        name: object,
        group: object = SigninGroup.OTHER,
        organisation: object = None,
        phone: object = None,
        method: str = SigninMethod.MANUAL,
        person_id: str | None = None,
        at: dt.datetime | None = None,
    ) -> SigninResult:
        """Sign one person in; a repeat is recognised and answered, not counted twice."""
        name_v = rules.text("name", name, required=True, max_len=50)
        assert name_v is not None
        group_v = rules.choice("group", group or SigninGroup.OTHER, SigninGroup)
        org_v = rules.text("organisation", organisation, max_len=100)
        phone_v = rules.phone("phone", phone)
        method_v = rules.choice("method", method, SigninMethod)
        key = rules.dedupe_key(name_v, org_v, phone_v, person_id)
        with self.unit() as u:
            rules.visit_is_open(u.status("visit", visit_id, "status", field="visit_id"))
            if person_id:
                u.status("person", person_id, "id", field="person_id")
            existing = q.signin_exists(u.conn, visit_id, key)
            if existing is not None:
                return SigninResult(existing[0], self._number(u.conn, visit_id, existing[0]), True, existing[1])
            rid = u.insert(
                "signin",
                {
                    "visit_id": visit_id,
                    "name": name_v,
                    "group": group_v,
                    "organisation": org_v,
                    "phone": phone_v,
                    "method": method_v,
                    "person_id": person_id,
                    "dedupe_key": key,
                    "at": self.clock.timestamp(at),
                },
            )
            return SigninResult(rid, q.signin_count(u.conn, visit_id), False, name_v)

    @staticmethod
    def _number(s: Any, visit_id: str, signin_id: str) -> int:
        from sqlalchemy import func, select

        first_ids = (
            select(func.min(m.Signin.id).label("i")).where(m.Signin.visit_id == visit_id).group_by(m.Signin.dedupe_key)
        ).subquery()
        return int(s.scalar(select(func.count()).select_from(first_ids).where(first_ids.c.i <= signin_id)) or 0)

    def signin_count(self, visit_id: str) -> int:
        with self.read() as s:
            return q.signin_count(s, visit_id)

    def signins(self, visit_id: str) -> list[dict[str, Any]]:
        """Unique sign-ins of a visit in order (the first row of each person)."""
        with self.read() as s:
            rows = s.scalars(
                q.select(m.Signin).where(m.Signin.visit_id == visit_id).order_by(m.Signin.at, m.Signin.id)
            ).all()
        seen: set[str] = set()
        out = []
        for r in rows:
            if r.dedupe_key in seen:
                continue
            seen.add(r.dedupe_key)
            out.append(as_dict("signin", r))
        return out

    def signin_ids(
        self,
        visit_id: str | None = None,
        search: str | None = None,
        before: str | None = None,
        limit: int | None = None,
    ) -> list[str]:
        """Sign-in ids newest first; ``before``/``limit`` page by key for huge lists."""
        with self.read() as s:
            return q.signin_ids(s, visit_id, search, before, limit)

    def signins_by_ids(self, ids: list[str]) -> list[dict[str, Any]]:
        with self.read() as s:
            return [as_dict("signin", r) for r in q.rows_by_ids(s, m.Signin, ids)]
