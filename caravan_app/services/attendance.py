"""Head counts by group (append-only +N/−N tallies) and individual sign-ins."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from ..domain import privacy, rules
from ..domain.errors import NotFound, RuleError
from ..domain.ids import derived_id, new_id
from ..domain.records.visits import Signin, TallyReview, TallyTakebackSeen
from ..domain.vocab import Group, SigninGroup, SigninMethod
from ..storage import attendance_repo as repo
from ..storage import privacy_store as ps
from ..storage import queries as q
from .base import Service
from .lifecycle import open_for_records


@dataclass(frozen=True)
class SigninResult:
    """Outcome of one sign-in: ``duplicate`` when this person had already signed in."""

    id: str
    number: int  # the person's sign-in number at this visit (1-based)
    duplicate: bool
    name: str


class AttendanceService(Service):
    _collect_cache: tuple[float, tuple[str, ...], bool] | None = None

    def collection_settings(self) -> tuple[tuple[str, ...], bool]:
        """(pupil groups, guardian-consent mode) from this laptop's settings;
        read at most every few seconds (a sign-in is the hot path of a field day)."""
        import time

        now = time.monotonic()
        c = self._collect_cache
        if c is None or now - c[0] > 3.0:
            pupils = privacy.pupil_groups(self.db.get_meta(privacy.META_PUPILS))
            consent = self.db.get_meta(privacy.META_CONSENT) == "1"
            self._collect_cache = c = (now, pupils, consent)
        return c[1], c[2]

    def _phones_stay(self) -> bool:
        return self.db.get_meta(privacy.META_HUB_PHONES) == "0"

    def collection(self, group: str) -> privacy.Collection:
        """What a sign-in form asks a person of ``group`` (phone page and quick sign-in)."""
        pupils, consent = self.collection_settings()
        return privacy.collection(group, pupils, consent)

    def tally(self, visit_id: str, group: str, delta: object, at: dt.datetime | None = None) -> int:
        """Add a head count (+N), or take back earlier entries (−N, see ``take_back``); returns
        the group's new total. Counting is never blocked by what a merge brought in."""
        g = rules.choice("group", group, Group)
        n = rules.count("delta", delta, allow_negative=True, allow_zero=False)
        if n < 0:
            return self.take_back(visit_id, g, -n, at)
        with self.unit() as u:
            open_for_records(u, visit_id, at)
            u.insert("tally", {"visit_id": visit_id, "group": g, "delta": n, "at": self.clock.timestamp(at)})
            return q.tally_totals(u.conn, visit_id).get(g, 0)

    def take_back(self, visit_id: str, group: str, qty: object, at: dt.datetime | None = None) -> int:
        """Take back ``qty`` from a group's count: the newest +entries that still have something
        to give back are named, one take-back fact per entry (its id derived from the entry and
        what was already taken from it, so the same take-back on two laptops is one fact)."""
        g = rules.choice("group", group, Group)
        n = rules.count("delta", qty, allow_zero=False)
        with self.unit() as u:
            open_for_records(u, visit_id, at, start=False)
            entries = q.tally_entries(u.conn, visit_id, g)
            left = sum(max(0, c - t) for _i, c, t in entries)
            current = q.tally_totals(u.conn, visit_id).get(g, 0)
            if n > min(left, current):
                have = min(left, current)
                raise RuleError("delta", f"人数不能减到负数（当前 {have}）", f"count cannot go below zero (now {have})")
            stamp = self.clock.timestamp(at)
            need = n
            for tid, cnt, taken in entries:
                part = min(need, cnt - taken)
                if part <= 0:
                    continue
                rid = derived_id("tally-takeback", tid, str(taken), str(part))
                data = {"tally_id": tid, "visit_id": visit_id, "group": g, "qty": part, "seen": taken, "at": stamp}
                u.insert("tally_takeback", data, record_id=rid)
                need -= part
                if need == 0:
                    break
            return q.tally_totals(u.conn, visit_id).get(g, 0)

    def tally_review(self, visit_id: str | None = None, include_checked: bool = True) -> list[TallyReview]:
        """Take-backs a merge cannot decide: two different take-backs made without seeing each
        other (same entry, same ``seen``), or more taken from an entry than it counted. Both still
        count (capped at the entry); a person checks them and adds a count or takes back more.
        ``include_checked=False``: without those a person marked checked on this laptop
        (``mark_tally_checked``; one that changed since, e.g. another take-back, is back)."""
        checked = {} if include_checked else self._checked()
        with self.read() as s:
            rows = q.takebacks(s, visit_id)
            counts = repo.tally_counts(s, {r[1] for r in rows})
        by_entry: dict[str, list[tuple[Any, ...]]] = {}
        for r in rows:
            by_entry.setdefault(r[1], []).append(r)
        out = []
        for tid, rs in by_entry.items():
            seens = [r[5] for r in rs]
            taken = sum(r[4] for r in rs)
            if (len(set(seens)) < len(seens) or taken > counts.get(tid, 0)) and checked.get(tid) != taken:
                out.append(
                    TallyReview(
                        tally_id=tid,
                        visit_id=rs[0][2],
                        group=rs[0][3],
                        counted=counts.get(tid, 0),
                        taken=taken,
                        takebacks=tuple(TallyTakebackSeen(r[0], r[4], r[6], r[7]) for r in rs),
                    )
                )
        return out

    # a person resolves a review item visibly (GUI: the 同步 page's review dialog).
    _CHECKED = "tally_review_checked"

    def _checked(self) -> dict[str, int]:
        raw = self.db.get_meta(self._CHECKED)
        return json.loads(raw) if raw else {}

    def mark_tally_checked(self, tally_id: str) -> None:
        """A person looked at this review item (and added a count or took back more if the
        figure was wrong): it leaves this laptop's review list until its take-backs change."""
        item = next((r for r in self.tally_review() if r.tally_id == tally_id), None)
        if item is None:
            raise NotFound("tally_id", "该计数记录无需复核", f"nothing to review for tally entry {tally_id}")
        done = self._checked() | {tally_id: item.taken}
        self.db.set_meta(self._CHECKED, json.dumps(done, sort_keys=True))

    def resolve_tally_review(self, tally_id: str, add: int = 0, take: int = 0) -> int:
        """Resolve one review item: count ``add`` more or take back ``take`` more in its group
        (the ordinary, synced facts), then mark it checked. Returns the group's new total."""
        item = next((r for r in self.tally_review() if r.tally_id == tally_id), None)
        if item is None:
            raise NotFound("tally_id", "该计数记录无需复核", f"nothing to review for tally entry {tally_id}")
        total = self.totals(item.visit_id).get(item.group, 0)
        if add:
            total = self.tally(item.visit_id, item.group, add)
        if take:
            total = self.take_back(item.visit_id, item.group, take)
        self.mark_tally_checked(tally_id)
        return total

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
        distinct: bool = False,
    ) -> SigninResult:
        """Sign one person in; a repeat is recognised and answered, not counted twice.

        ``distinct``: nothing but the name identifies this person (a phone sign-in without a
        phone number): the sign-in is its own person, counted, and marked "possible duplicate"
        when another sign-in at the visit has the same name and class (``possible_duplicates``)."""
        group_v = rules.choice("group", group or SigninGroup.OTHER, SigninGroup)
        pupils, consent = self.collection_settings()
        form = privacy.collection(group_v, pupils, consent)
        given = rules.clean_text(name) if name is not None else ""
        # refuses digits-only names ("11111"); a pupil may leave the name out
        name_v = rules.person_name("name", name) if given or form.name_required else ""
        org_v = rules.text("organisation", organisation, max_len=100)
        phone_v = rules.phone("phone", phone)
        method_v = rules.choice("method", method, SigninMethod)
        name_v, org_v, phone_v = privacy.collect(group_v, name_v, org_v, phone_v, pupils, consent)
        if not name_v and not person_id:
            distinct = True  # nothing identifies a nameless pupil: their own person
        plain = rules.dedupe_key(name_v, org_v, phone_v, person_id)
        secret = self.db.get_meta(privacy.META_DEDUPE_SECRET)
        key = plain
        if plain[:2] in ("t:", "n:") and (secret or (plain.startswith("t:") and self._phones_stay())):
            # Hashed with the association's key from the start (a laptop that met its hub or a
            # paired peer): the same person is then the same key on every laptop, also on one
            # that receives this visit's sign-ins stripped; and the key carries no number.
            key = privacy.hashed_key(plain, secret)
        with self.unit() as u:
            # The id is made inside the write transaction: a sign-in's number is its place in
            # id order, so ids made before the lock by two phones at once could number them
            # the other way round from the count each was told ("你是第 N 位").
            rid_new = new_id()
            if distinct and not phone_v and not person_id:
                key = plain = rules.distinct_key(rid_new)
            open_for_records(u, visit_id, at)
            if person_id:
                u.status("person", person_id, "id", field="person_id")
            existing = None
            # also the forms an older sign-in of the same person may be held under: plain (taken
            # before this laptop held the secret) or hashed unkeyed
            forms = [key, plain, *privacy.hashed_keys(plain, secret)] if plain[:2] in ("t:", "n:") else [key]
            for candidate in dict.fromkeys(forms):
                existing = existing or q.signin_exists(u.conn, visit_id, candidate)
            if existing is not None:
                return SigninResult(existing[0], q.signin_number(u.conn, visit_id, existing[0]), True, existing[1])
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
                record_id=rid_new,
            )
            ps.apply_to_new_signin(u, visit_id)  # a purged visit keeps no name here either
            return SigninResult(rid, q.signin_count(u.conn, visit_id), False, name_v)

    def answer(self, signin_id: str) -> SigninResult:
        """The answer for a sign-in made before ("已签到"): its number, nothing counted."""
        with self.db.read_cursor() as cur:  # plain SQL: a phone's repeat is answered on the hot path
            row = repo.signin_head(cur, signin_id)
            if row is None:
                raise RuleError("signin_id", "找不到该签到", f"no such sign-in: {signin_id}")
            return SigninResult(row[0], q.signin_number(cur, row[1], row[0]), True, row[2])

    def signin_count(self, visit_id: str) -> int:
        with self.read() as s:
            return q.signin_count(s, visit_id)

    def signins(self, visit_id: str) -> list[Signin]:
        """Unique counted sign-ins of a visit in order (the first row of each person; voided
        ones left out), each with ``possible_duplicate``."""
        with self.read() as s:
            voided = q.voided_signin_ids(s, visit_id)
            rows = repo.visit_signins(s, visit_id)
        dup = self.possible_duplicates(visit_id)
        seen: set[str] = set()
        out = []
        for r in rows:
            if r.dedupe_key in seen or r.id in voided:
                continue
            seen.add(r.dedupe_key)
            out.append(dataclasses.replace(r, possible_duplicate=r.id in dup))
        return out

    # --- who is the same person; voiding a sign-in ----------------------------------------

    def possible_duplicates(self, visit_id: str) -> set[str]:
        """Counted sign-ins that may be a person already signed in: the same name and class as
        an earlier sign-in of another person (key), not yet confirmed as distinct."""
        with self.read() as s:
            rows = q.live_signins(s, visit_id)
            confirmed = q.confirmed_distinct_ids(s, visit_id)
        first_by_name: dict[str, str] = {}
        keys_seen: set[str] = set()
        out: set[str] = set()
        for sid, name, org, key, _method, _phone in rows:
            if key in keys_seen:
                continue  # the same person again (one count)
            keys_seen.add(key)
            if not name:
                continue  # no name (a pupil, or purged): nothing to compare
            nk = rules.same_name_key(name, org)
            if nk in first_by_name and sid not in confirmed:
                out.add(sid)
            first_by_name.setdefault(nk, sid)
        return out

    def void_signin(self, signin_id: str, reason: object) -> list[str]:
        """Void a sign-in (a name typed as "11111", a badge payload in the name box): an
        append-only fact naming it; the person leaves counts, lists and reports. Rows of the
        same person (same key, e.g. from a second laptop) are voided with it. Returns the ids
        of the void facts (derived from the sign-in ids: the same void on two laptops is one)."""
        why = rules.text("reason", reason, required=True, max_len=400)
        with self.unit() as u:
            row = repo.for_change(u, signin_id)
            open_for_records(u, row.visit_id, None, start=False)
            voided = q.voided_signin_ids(u.conn, row.visit_id)
            if signin_id in voided:
                raise RuleError("signin_id", "该签到已作废", "this sign-in is already void")
            same = [r[0] for r in q.live_signins(u.conn, row.visit_id) if r[3] == row.dedupe_key and r[0] != signin_id]
            out = []
            for sid in [signin_id, *same]:
                rid = derived_id("signin-void", sid)
                u.insert(
                    "signin_correction",
                    {
                        "signin_id": sid,
                        "visit_id": row.visit_id,
                        "kind": "void",
                        "reason": why,
                        "at": self.clock.timestamp(),
                    },
                    record_id=rid,
                )
                out.append(rid)
            return out

    def confirm_distinct(self, signin_id: str, reason: object = None) -> str:
        """The crew checked a "possible duplicate": it is another person (the mark goes away)."""
        why = rules.text("reason", reason, max_len=400)
        with self.unit() as u:
            row = repo.for_change(u, signin_id)
            rid = derived_id("signin-distinct", signin_id)
            if q.signin_correction(u.conn, rid) is not None:
                return rid
            u.insert(
                "signin_correction",
                {
                    "signin_id": signin_id,
                    "visit_id": row.visit_id,
                    "kind": "distinct",
                    "reason": why,
                    "at": self.clock.timestamp(),
                },
                record_id=rid,
            )
            return rid

    def voided(self, visit_id: str) -> set[str]:
        with self.read() as s:
            return q.voided_signin_ids(s, visit_id)

    def signin_ids(
        self,
        visit_id: str | None = None,
        search: str | None = None,
        before: str | None = None,
        limit: int | None = None,
        include_voided: bool = False,
    ) -> list[str]:
        """Sign-in ids newest first; ``before``/``limit`` page by key for huge lists."""
        with self.read() as s:
            return q.signin_ids(s, visit_id, search, before, limit, include_voided)

    def signins_by_ids(self, ids: list[str]) -> list[Signin]:
        """The sign-ins with these ids in the order given (voided ones too; unknown ids left out)."""
        with self.read() as s:
            return repo.signins_by_ids(s, ids)
