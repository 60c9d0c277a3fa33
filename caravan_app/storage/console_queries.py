"""The office console's reads over its projection (a laptop-schema database kept by the hub).

Figures per visit come from the laptop's own queries (``queries.tally_totals``,
``queries.signin_count``, ``queries.distributed_by_visit``); this module only finds, filters,
sorts and pages the visits, and streams rows for downloads. Only the console's own file pays
for the indexes below: laptops never create them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, and_, column, delete, func, insert, literal_column, or_, select, table, text
from sqlalchemy.orm import Session

from ..domain.review import ReviewFact
from . import merges
from . import models as m
from . import queries as q

if TYPE_CHECKING:
    from .database import Database

# Province-scale lists: by date then id (the default order), by van or site within dates,
# sign-ins of one visit in time order.
_INDEXES = (
    "CREATE INDEX IF NOT EXISTS console_visits_date_id ON visits (date, id)",
    "CREATE INDEX IF NOT EXISTS console_visits_status_date ON visits (status, date)",
    # the 审核 queue: completed live visits by day, counted from the index alone
    "CREATE INDEX IF NOT EXISTS console_visits_status_deleted_date ON visits (status, deleted, date, id)",
    "CREATE INDEX IF NOT EXISTS console_visits_deleted_date ON visits (deleted, date)",
    "CREATE INDEX IF NOT EXISTS console_visits_caravan_date ON visits (caravan_id, date)",
    "CREATE INDEX IF NOT EXISTS console_visits_site_date ON visits (site_id, date)",
    "CREATE INDEX IF NOT EXISTS console_sites_county_town ON sites (county, town)",
    "CREATE INDEX IF NOT EXISTS console_signins_visit_at ON signins (visit_id, at, id)",
    # a page's sign-in counts (distinct people, voided ones left out) from the index alone:
    # 50 visits' 2,500 sign-ins in 1 ms instead of 3 (the laptop's (visit_id, dedupe_key) lacks id)
    "CREATE INDEX IF NOT EXISTS console_signins_visit_key_id ON signins (visit_id, dedupe_key, id)",
    "CREATE INDEX IF NOT EXISTS console_movements_visit_kind ON movements (visit_id, kind)",
    # The review state (by the rule) of every visit the office decided on, kept for one state of
    # the read model (meta ``console_review_cursor``): the queue filters by a join, not by a list.
    "CREATE TABLE IF NOT EXISTS console_review_states (visit_id TEXT PRIMARY KEY, status TEXT NOT NULL) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS console_review_states_status ON console_review_states (status, visit_id)",
    # The cursor at which a fact of each visit last arrived (``mark_page``).
    "CREATE TABLE IF NOT EXISTS console_visit_marks (visit_id TEXT PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID",
    # The cursor at which each visit's review inputs (its record, reopens, reviews) last arrived:
    # the 审核 states are re-derived for these alone (``review_marks_since``).
    "CREATE TABLE IF NOT EXISTS console_review_marks (visit_id TEXT PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS console_review_marks_seq ON console_review_marks (seq)",
)
REVIEW_CURSOR_KEY = "console_review_cursor"
_RS = table("console_review_states", column("visit_id"), column("status"))

# What a pulled page changed, kept as cursors (meta) so a page read at one state can be kept
# until what it shows changes, not merely until the next sync:
STRUCTURE_KEY = "console_structure_seq"  # the last page with anything but a visit's own facts
REVIEW_SEQ_KEY = "console_review_seq"  # the last page with a review, a reopen, or a structure change
# Facts that change only their own visit's figures and page (counts, sign-ins, hand-outs, duty,
# their corrections): a page of these moves the visit's mark alone. Every other record, and any
# record of these without a visit id, moves the structure (the conservative side: more re-reads).
VISIT_FACTS = frozenset(
    {"tally", "signin", "movement", "duty_event", "signin_correction", "tally_takeback", "photo_removal"}
)
REVIEW_FACTS = frozenset({"review", "visit_reopen"})  # also their visit's mark
_MARK_SQL = "INSERT OR REPLACE INTO console_visit_marks (visit_id, seq) VALUES (?, ?)"
# A visit's review state reads its record, its reopens and its reviews: a page of those marks
# the visit's review inputs. Records of these kinds change no visit's state; a page with any
# other (a merge, a record without its visit) moves ``REVIEW_FULL_KEY``: every state again.
REVIEW_NEUTRAL = VISIT_FACTS | frozenset(
    {"caravan", "site", "title", "person", "device", "day_close", "odometer", "photo", "rating", "request",
     "certificate_issue", "privacy_action", "office_setting"}
)  # fmt: skip
REVIEW_FULL_KEY = "console_review_full_seq"
_REVIEW_MARK_SQL = "INSERT OR REPLACE INTO console_review_marks (visit_id, seq) VALUES (?, ?)"


def mark_page(s: Session, records: list[dict[str, Any]], cursor: int) -> None:
    """Record what a page being applied changes, in its transaction (``apply_page``'s ``also``):
    the mark of each visit whose facts it holds, and the structure or review cursor when it
    holds anything else."""
    visits: set[str] = set()
    reviewed: set[str] = set()  # visits whose review inputs the page holds
    structure = review = full = False
    for r in records:
        entity = r.get("entity") if isinstance(r, dict) else None
        data = r.get("data") if isinstance(r, dict) else None
        vid = data.get("visit_id") if isinstance(data, dict) else None
        if isinstance(vid, str) and entity in VISIT_FACTS:
            visits.add(vid)
        elif isinstance(vid, str) and entity in REVIEW_FACTS:
            visits.add(vid)
            reviewed.add(vid)
            review = True
        else:
            structure = True
            rid = r.get("id") if isinstance(r, dict) else None
            if entity == "visit" and isinstance(rid, str):
                reviewed.add(rid)
            elif entity not in REVIEW_NEUTRAL:
                full = True
    if visits:
        q._cur(s).executemany(_MARK_SQL, [(v, cursor) for v in sorted(visits)])
    if reviewed:
        q._cur(s).executemany(_REVIEW_MARK_SQL, [(v, cursor) for v in sorted(reviewed)])
    for key, moved in ((STRUCTURE_KEY, structure), (REVIEW_SEQ_KEY, structure or review), (REVIEW_FULL_KEY, full)):
        if moved:
            s.merge(m.Meta(key=key, value=str(cursor)))


def start_marks(s: Session, cursor: str) -> None:
    """A file without marks (new, or made by an older build) starts them at its cursor: every
    page kept from now on is keyed by marks that later pages move."""
    for key in (STRUCTURE_KEY, REVIEW_SEQ_KEY, REVIEW_FULL_KEY):
        if s.get(m.Meta, key) is None:
            s.merge(m.Meta(key=key, value=cursor))


def marked_since(s: Session, seq: int, limit: int) -> list[str]:
    """The visits whose own facts arrived after cursor ``seq``, the newest first (at most ``limit``)."""
    sql = "SELECT visit_id FROM console_visit_marks WHERE seq > ? ORDER BY seq DESC, visit_id LIMIT ?"
    return [v for (v,) in q._cur(s).execute(sql, (seq, limit))]


def marks(s: Session, visit_ids: list[str]) -> dict[str, int]:
    """visit id -> its mark (visits with no fact since the marks started are left out)."""
    out: dict[str, int] = {}
    cur = q._cur(s)
    for i in range(0, len(visit_ids), 500):
        ids = visit_ids[i : i + 500]
        sql = f"SELECT visit_id, seq FROM console_visit_marks WHERE visit_id IN ({','.join('?' * len(ids))})"
        out.update(cur.execute(sql, ids).fetchall())
    return out


def ensure_indexes(db: Database) -> None:
    with db.write() as s:
        for ddl in _INDEXES:
            s.execute(text(ddl))
        # Sampled statistics (a few ms; a full ANALYZE of a million sign-ins took 0.8 s, paid by
        # every worker at its start, one after another under the apply lock).
        s.execute(text("PRAGMA analysis_limit=1000"))
        s.execute(text("ANALYZE"))


@dataclass(frozen=True)
class VisitQuery:
    """Which visits: every field None means no limit. ``counties``/``caravans`` are the user's
    scope (set by the console's services, never by a form)."""

    start: str | None = None  # YYYY-MM-DD, inclusive
    end: str | None = None
    caravan_id: str | None = None
    county: str | None = None
    town: str | None = None
    status: str | None = None
    activity_kind: str | None = None
    visit_id: str | None = None
    van: str | None = None  # a van's id or its name (the 审核 form offers names)
    only_ids: tuple[str, ...] | None = None  # these visits only (a review state, found by its rule)
    except_ids: tuple[str, ...] = ()  # never these visits
    status_not: str | None = None
    review_is: str | None = None  # a review state kept in console_review_states (store_review_states)
    review_not_pending: bool = False  # leave out the decided visits whose state is not 待审核
    scope_county: str | None = None
    scope_caravan_name: str | None = None
    order: str = "date"
    descending: bool = True
    extra: dict[str, str] = field(default_factory=dict)


SORTS = ("date", "van", "site", "county", "status")


@dataclass(frozen=True)
class VisitRow:
    id: str
    date: str
    status: str
    activity_kind: str | None
    theme: str | None
    arrived_at: str | None
    left_at: str | None
    site_id: str
    site_name: str | None
    site_kind: str | None
    county: str | None
    town: str | None
    caravan_id: str
    caravan_name: str | None
    plate: str | None


_V, _S, _C = m.Visit, m.Site, m.Caravan
_COLS = (
    _V.id,
    _V.date,
    _V.status,
    _V.activity_kind,
    _V.theme,
    _V.arrived_at,
    _V.left_at,
    _V.site_id,
    _S.name,
    _S.kind,
    _S.county,
    _S.town,
    _V.caravan_id,
    _C.name,
    _C.plate,
)


def _scope_caravans(s: Session, name: str) -> list[str]:
    ids = [r for r in s.scalars(select(_C.id).where(_C.name == name.strip(), _C.deleted.is_(False)))]
    out: set[str] = set()
    for rid in ids:
        out.update(merges.aliases(s, rid))
    return sorted(out)


def _van_ids(s: Session, key: str) -> list[str]:
    ids = set(s.scalars(select(_C.id).where(or_(_C.id == key, _C.name == key), _C.deleted.is_(False))))
    out: set[str] = set()
    for rid in ids:
        out.update(merges.aliases(s, rid))
    return sorted(out)


def _needs_site(vq: VisitQuery) -> bool:
    return bool(vq.county or vq.town or vq.scope_county is not None)


def _filtered(s: Session, vq: VisitQuery, stmt: Any, joins: bool = True) -> Any:
    """``stmt`` over the matching visits; ``joins`` False (a count) joins sites only when a
    filter needs them (a count over 20,000 visits: 2 ms instead of 20)."""
    stmt = stmt.select_from(_V)
    if joins or _needs_site(vq):
        stmt = stmt.outerjoin(_S, _S.id == _V.site_id)
    if joins:
        stmt = stmt.outerjoin(_C, _C.id == _V.caravan_id)
    conds: list[ColumnElement[bool]] = [_V.deleted.is_(False)]
    if vq.visit_id:
        conds.append(_V.id == vq.visit_id)
    if vq.start:
        conds.append(_V.date >= vq.start)
    if vq.end:
        conds.append(_V.date <= vq.end)
    if vq.caravan_id:
        conds.append(_V.caravan_id.in_(merges.aliases(s, vq.caravan_id)))
    if vq.county:
        conds.append(_S.county == vq.county)
    if vq.town:
        conds.append(_S.town == vq.town)
    if vq.status:
        conds.append(_V.status == vq.status)
    if vq.activity_kind:
        conds.append(_V.activity_kind == vq.activity_kind)
    if vq.van:
        conds.append(_V.caravan_id.in_(_van_ids(s, vq.van)))
    if vq.only_ids is not None:  # one bound JSON array, however many ids (no SQLite variable limit)
        chosen: Any = select(literal_column("value")).select_from(func.json_each(json.dumps(list(vq.only_ids))))
        conds.append(_V.id.in_(chosen))
    if vq.except_ids:
        left: Any = select(literal_column("value")).select_from(func.json_each(json.dumps(list(vq.except_ids))))
        conds.append(_V.id.not_in(left))
    if vq.status_not:
        conds.append(_V.status != vq.status_not)
    # A primary-key probe per visit (an IN over the kept list scanned 13,750 visits 5x slower).
    if vq.review_is is not None:
        conds.append(select(_RS.c.visit_id).where(_RS.c.visit_id == _V.id, _RS.c.status == vq.review_is).exists())
    if vq.review_not_pending:
        conds.append(~select(_RS.c.visit_id).where(_RS.c.visit_id == _V.id, _RS.c.status != "pending").exists())
    if vq.scope_county is not None:
        conds.append(_S.county == vq.scope_county)
    if vq.scope_caravan_name is not None:
        conds.append(_V.caravan_id.in_(_scope_caravans(s, vq.scope_caravan_name)))
    return stmt.where(and_(*conds))


def _ordered(vq: VisitQuery, stmt: Any) -> Any:
    keys: dict[str, tuple[Any, ...]] = {
        "date": (_V.date,),
        "van": (_C.name, _V.date),
        "site": (_S.name, _V.date),
        "county": (_S.county, _S.town, _V.date),
        "status": (_V.status, _V.date),
        "queue": (_V.date, _C.name, _S.name),  # the 审核 queue: by day, then van, then site
    }
    cols = keys.get(vq.order, keys["date"])
    if vq.descending:
        return stmt.order_by(*(c.desc() for c in cols), _V.id.desc())
    return stmt.order_by(*cols, _V.id)


def _row(r: Any) -> VisitRow:
    return VisitRow(*r)


def visit_page(s: Session, vq: VisitQuery, offset: int, limit: int) -> tuple[list[VisitRow], int]:
    """One page of visits in the asked order, and how many match in all."""
    return page_rows(s, vq, offset, limit), visit_count(s, vq)


def visit_count(s: Session, vq: VisitQuery) -> int:
    return int(s.scalar(_filtered(s, vq, select(func.count()), joins=False)) or 0)


def page_rows(s: Session, vq: VisitQuery, offset: int, limit: int) -> list[VisitRow]:
    stmt = _ordered(vq, _filtered(s, vq, select(*_COLS))).offset(offset).limit(limit)
    return [_row(r) for r in s.execute(stmt)]


def visit_ids(s: Session, vq: VisitQuery) -> list[str]:
    """Every matching visit's id in the asked order (a queue kept whole, then paged by slicing)."""
    return list(s.scalars(_ordered(vq, _filtered(s, vq, select(_V.id)))))


def visit_rows(s: Session, vq: VisitQuery) -> Iterator[VisitRow]:
    """Every matching visit, read in chunks (downloads)."""
    stmt = _ordered(vq, _filtered(s, vq, select(*_COLS))).execution_options(yield_per=2000)
    for r in s.execute(stmt):
        yield _row(r)


@dataclass(frozen=True)
class ReviewInputs:
    """A visit with what ``domain.review.review_state`` needs: its status (in ``row``), its
    reopen count and the office's review facts."""

    row: VisitRow
    reopens: int
    facts: tuple[ReviewFact, ...]


def review_inputs(s: Session, vq: VisitQuery, reviewed_only: bool = False) -> list[ReviewInputs]:
    """The matching visits (oldest first, then van, site) with their review inputs: three
    indexed reads whatever the number of visits. ``reviewed_only`` leaves out visits the office
    never decided on (their state is the rule's default, so approved/returned need only these)."""
    rv, ro = m.Review, m.VisitReopen
    base = _filtered(s, vq, select(_V.id), joins=False)
    if reviewed_only:
        base = base.where(_V.id.in_(select(rv.visit_id).where(rv.deleted.is_(False))))
    ids = base  # the matching visits' ids, as IN ( … ) in the two reads below
    reopens = {
        v: int(n)
        for v, n in s.execute(
            select(ro.visit_id, func.count()).where(ro.visit_id.in_(ids), ro.deleted.is_(False)).group_by(ro.visit_id)
        )
    }
    facts: dict[str, list[ReviewFact]] = {}
    cols = (rv.visit_id, rv.decision, rv.reason, rv.by, rv.round, rv.at, rv.hlc, rv.id)
    for v, dec, why, by, rnd, at, hlc, rid in s.execute(
        select(*cols).where(rv.visit_id.in_(ids), rv.deleted.is_(False))
    ):
        facts.setdefault(v, []).append(ReviewFact(dec, why, by, int(rnd), at, (hlc, rid)))
    stmt = _filtered(s, vq, select(*_COLS))
    if reviewed_only:
        stmt = stmt.where(_V.id.in_(select(rv.visit_id).where(rv.deleted.is_(False))))
    stmt = stmt.order_by(_V.date, _C.name, _S.name, _V.id)
    return [
        ReviewInputs(row, reopens.get(row.id, 0), tuple(facts.get(row.id, ()))) for row in map(_row, s.execute(stmt))
    ]


def review_states_cursor(s: Session) -> str | None:
    """The read model's cursor ``console_review_states`` was written for (None: never)."""
    return s.scalar(select(m.Meta.value).where(m.Meta.key == REVIEW_CURSOR_KEY))


def store_review_states(s: Session, states: dict[str, str], cursor: str) -> None:
    """Replace the kept review states (visit id -> ``ReviewStatus`` value) with ``states``, made
    from the read model at ``cursor``."""
    s.execute(delete(_RS))
    rows = [{"visit_id": v, "status": st} for v, st in states.items()]
    for i in range(0, len(rows), 5000):
        s.execute(insert(_RS), rows[i : i + 5000])
    s.merge(m.Meta(key=REVIEW_CURSOR_KEY, value=cursor))


def review_marks_since(s: Session, seq: int) -> list[str]:
    """The visits whose review inputs arrived in a page after cursor ``seq``."""
    return [v for (v,) in q._cur(s).execute("SELECT visit_id FROM console_review_marks WHERE seq > ?", (seq,))]


def update_review_states(s: Session, visit_ids: list[str], states: dict[str, str], cursor: str) -> None:
    """Replace the kept review states of ``visit_ids`` alone with ``states`` (those of them the
    office decided on; the others go back to the rule's default), now made at ``cursor``."""
    for i in range(0, len(visit_ids), 500):
        s.execute(delete(_RS).where(_RS.c.visit_id.in_(visit_ids[i : i + 500])))
    if states:
        s.execute(insert(_RS), [{"visit_id": v, "status": st} for v, st in states.items()])
    s.merge(m.Meta(key=REVIEW_CURSOR_KEY, value=cursor))


@dataclass(frozen=True)
class VisitFigures:
    attendance: int
    signins: int


def figures(s: Session, visit_ids: list[str]) -> dict[str, VisitFigures]:
    """People counted and signed in per visit, by the laptop's own rules, for a page of visits
    at once: ``queries.tally_totals`` (entries less what take-backs took, capped per entry, never
    below 0 per group; the same take-back SQL) and ``queries.signin_count`` (distinct people,
    voided sign-ins left out), batched so a page costs three queries, not three per row."""
    cur = q._cur(s)
    out: dict[str, VisitFigures] = {}
    for i in range(0, len(visit_ids), 500):
        ids = visit_ids[i : i + 500]
        marks = ",".join("?" * len(ids))
        sums: dict[tuple[str, str], int] = {}
        sql = (
            f'SELECT visit_id, "group", SUM(delta) FROM tallies WHERE visit_id IN ({marks}) GROUP BY visit_id, "group"'
        )
        for v, g, n in cur.execute(sql, ids).fetchall():
            sums[(v, g)] = int(n or 0)
        for v, g, _id, delta, taken in cur.execute(q._TAKEN_SQL.format(where=f"WHERE visit_id IN ({marks})"), ids):
            sums[(v, g)] = sums.get((v, g), 0) - max(0, min(int(delta), int(taken)))
        people: dict[str, int] = {}
        for (v, _g), n in sums.items():
            people[v] = people.get(v, 0) + max(0, n)
        sql = (
            f"SELECT visit_id, count(DISTINCT dedupe_key) FROM signins WHERE visit_id IN ({marks}) "
            f"AND {q._LIVE_SIGNIN} GROUP BY visit_id"
        )
        signed = {v: int(n or 0) for v, n in cur.execute(sql, ids).fetchall()}
        for v in ids:
            out[v] = VisitFigures(people.get(v, 0), signed.get(v, 0))
    return out


@dataclass(frozen=True)
class SigninRow:
    visit_id: str
    date: str
    site_name: str | None
    caravan_name: str | None
    at: str
    name: str
    group: str
    organisation: str | None
    method: str
    phone: str | None


def signin_rows(s: Session, vq: VisitQuery, with_phone: bool) -> Iterator[SigninRow]:
    """The counted sign-ins (voided ones left out) of the matching visits, visit by visit in the
    list's order, in time order within a visit. ``with_phone`` False never reads the column."""
    sg = m.Signin
    visits = _filtered(s, vq, select(_V.id, _V.date, _S.name, _C.name)).subquery()
    voided = select(m.SigninCorrection.signin_id).where(
        m.SigninCorrection.kind == "void", m.SigninCorrection.visit_id == sg.visit_id
    )
    phone = sg.phone if with_phone else None
    cols: list[Any] = [sg.visit_id, visits.c.date, visits.c[2], visits.c[3], sg.at, sg.name, sg.group]
    cols += [sg.organisation, sg.method]
    stmt = (
        select(*cols, *([phone] if phone is not None else []))
        .join(visits, visits.c.id == sg.visit_id)
        .where(sg.id.not_in(voided), sg.deleted.is_(False))
        .order_by(visits.c.date.desc() if vq.descending else visits.c.date, sg.visit_id, sg.at, sg.id)
        .execution_options(yield_per=5000)
    )
    for r in s.execute(stmt):
        yield SigninRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9] if with_phone else None)


@dataclass(frozen=True)
class HandoutRow:
    visit_id: str
    date: str
    site_name: str | None
    caravan_name: str | None
    title: str | None
    unit: str | None
    copies: int


def handout_rows(s: Session, vq: VisitQuery) -> Iterator[HandoutRow]:
    """Copies handed out per visit and title (undos and returns netted, merged titles as one),
    as ``queries.distributed_by_visit`` counts them, without the recipients."""
    mv, t = m.Movement, m.Title
    visits = _filtered(s, vq, select(_V.id, _V.date, _S.name, _C.name)).subquery()
    title = merges.resolved(mv.title_id).label("title_id")
    inner = (
        select(mv.visit_id, title, func.sum(-mv.qty).label("n"))
        .where(mv.visit_id.in_(select(visits.c.id)), mv.kind.in_(("distribute", "undo", "return")))
        .group_by(mv.visit_id, title)
        .subquery()
    )
    stmt = (
        select(inner.c.visit_id, visits.c.date, visits.c[2], visits.c[3], t.name, t.unit, inner.c.n)
        .join(visits, visits.c.id == inner.c.visit_id)
        .outerjoin(t, t.id == inner.c.title_id)
        .where(or_(inner.c.n > 0, inner.c.n < 0))
        .order_by(visits.c.date.desc() if vq.descending else visits.c.date, inner.c.visit_id, t.name)
        .execution_options(yield_per=2000)
    )
    for r in s.execute(stmt):
        yield HandoutRow(r[0], r[1], r[2], r[3], r[4], r[5], int(r[6] or 0))


def laptops(s: Session) -> dict[str, tuple[str, str | None]]:
    """device id -> (the name the crew gave the laptop, the van it is set up for)."""
    d = m.Device
    return {i: (n, c) for i, n, c in s.execute(select(d.id, d.name, d.caravan_id).where(d.deleted.is_(False)))}


def vans(s: Session) -> list[tuple[str, str]]:
    """(caravan id, name) of the live vans (duplicates merged into another left out), by name."""
    return [(i, n) for i, n in s.execute(q.live_unmerged(_C).with_only_columns(_C.id, _C.name).order_by(_C.name))]


def options(s: Session) -> tuple[list[tuple[str, str]], list[str], list[tuple[str, str]]]:
    """The filter choices: (caravan id, name) of live vans, counties and (county, town) pairs."""
    vans_ = vans(s)
    counties = sorted({c for c in s.scalars(select(_S.county).where(_S.deleted.is_(False)).distinct()) if c})
    towns = sorted(
        {(c, t) for c, t in s.execute(select(_S.county, _S.town).where(_S.deleted.is_(False)).distinct()) if c and t}
    )
    return vans_, counties, towns


@dataclass(frozen=True)
class HistoryLine:
    at: str
    kind: str  # reopen | void | takeback | undo
    detail: str  # the reason, the group and number taken back, …
    by: str | None


def visit_history(s: Session, visit_id: str) -> list[HistoryLine]:
    """A visit's corrections and reopenings in time order (the facts that changed its figures)."""
    out = [
        HistoryLine(r.at, "reopen", r.reason, r.by)
        for r in s.scalars(select(m.VisitReopen).where(m.VisitReopen.visit_id == visit_id))
    ]
    sc = m.SigninCorrection
    out += [
        HistoryLine(r.at, "void", r.reason or "", None)
        for r in s.scalars(select(sc).where(sc.visit_id == visit_id, sc.kind == "void"))
    ]
    out += [HistoryLine(r[7], "takeback", f"{r[3]} −{r[4]}", None) for r in q.takebacks(s, visit_id)]
    mv = m.Movement
    out += [
        HistoryLine(r.at, "undo", f"{r.qty:+d}" + (f" {r.reason}" if r.reason else ""), None)
        for r in s.scalars(select(mv).where(mv.visit_id == visit_id, mv.kind.in_(("undo", "return"))))
    ]
    return sorted(out, key=lambda h: h.at)
