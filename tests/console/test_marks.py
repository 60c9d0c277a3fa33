"""What a sync changed decides which kept pages are read again: a van's new counts make its
visit's page and the list's figures for it fresh at once, while every other visit's page and
the 审核 queue are answered without reading the read model's figures or review facts again; a
renamed site (anything but a visit's own facts) makes every page fresh."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event

from caravan_app.console.projection import projection
from caravan_app.domain.ids import new_id
from caravan_app.server import reviews
from caravan_app.server.authoring import Draft, author_many
from caravan_app.server.db import HubDB
from caravan_app.storage import console_queries as cq

DAY = (dt.date.today() - dt.timedelta(days=1)).isoformat()


def _field_day(hdb: HubDB, n: int = 3) -> tuple[list[str], list[str]]:
    """A van's ``n`` completed visits, each at its own school with 10 primary pupils counted."""
    van = new_id()
    drafts = [Draft("caravan", van, {"name": "1号车", "home_county": "曲阜市"})]
    visits, sites = [], []
    for i in range(n):
        site, visit = new_id(), new_id()
        visits.append(visit)
        sites.append(site)
        drafts.append(Draft("site", site, {"name": f"第{i:02d}小学", "county": "曲阜市"}))
        drafts.append(Draft("visit", visit, {"site_id": site, "caravan_id": van, "date": DAY, "status": "completed"}))
        drafts.append(_tally(visit, 10))
    assert all(r.status == "ok" for r in author_many(hdb, drafts))
    return visits, sites


def _tally(visit: str, n: int) -> Draft:
    return Draft("tally", new_id(), {"visit_id": visit, "group": "primary", "delta": n, "at": f"{DAY}T09:30:00"})


@contextmanager
def _statements(tmp_path: Path, hdb: HubDB) -> Iterator[list[str]]:
    """Every SQL statement the read model's connections run meanwhile (sqlite3's own trace,
    so the plain-cursor reads are seen too)."""
    engine = projection(tmp_path, hdb).db.engine
    seen: list[str] = []

    def trace(dbapi: Any, _rec: Any) -> None:
        conn = getattr(dbapi, "driver_connection", dbapi)
        if isinstance(conn, sqlite3.Connection):
            conn.set_trace_callback(seen.append)

    engine.dispose()  # the pooled connections are made again, traced
    event.listen(engine, "connect", trace)
    try:
        yield seen
    finally:
        event.remove(engine, "connect", trace)
        engine.dispose()


def _reads(seen: list[str], table: str) -> list[str]:
    return [s for s in seen if re.search(rf"\b(FROM|JOIN)\s+\"?{table}\b", s, re.I)]


def _people(html: str) -> str:
    m = re.search(r"合计[^0-9]*(\d+)", html)
    assert m, "no total on the visit's page"
    return m.group(1)


def test_new_counts_show_at_once_and_other_visits_are_not_read_again(browser, users, hdb, tmp_path) -> None:  # noqa: ANN001
    visits, _sites = _field_day(hdb)
    b = browser()
    b.login("olga")
    first = {v: b.get(f"/visits/{v}").text for v in visits}
    assert all(_people(html) == "10" for html in first.values())
    assert b.get("/visits").text.count(">10<") >= 3
    assert "共 3 场活动" in b.get("/review").text
    assert all(r.status == "ok" for r in author_many(hdb, [_tally(visits[0], 5)]))  # the van syncs
    with _statements(tmp_path, hdb) as seen:
        assert _people(b.get(f"/visits/{visits[0]}").text) == "15"
        changed = list(seen)
        seen.clear()
        assert _people(b.get(f"/visits/{visits[1]}").text) == "10"
        other = list(seen)
        seen.clear()
        listed = b.get("/visits").text
        on_list = list(seen)
        seen.clear()
        queue = b.get("/review").text
        on_queue = list(seen)
    assert _reads(changed, "tallies")  # the visit that changed is read again
    assert not _reads(other, "tallies") and not _reads(other, "visits")  # the other is kept
    assert ">15<" in listed and listed.count(">10<") >= 2
    rows_read = [q for q in _reads(on_list, "visits") if "sites" in q or "count(" in q.lower()]
    assert not rows_read  # the list's rows and count are kept; only its page's figures are read again
    assert "共 3 场活动" in queue
    assert not _reads(on_queue, "reviews") and not _reads(on_queue, "visits")  # the queue is kept


def test_a_renamed_school_shows_on_every_kept_page(browser, users, hdb) -> None:  # noqa: ANN001
    visits, sites = _field_day(hdb, 2)
    b = browser()
    b.login("olga")
    assert "第01小学" in b.get(f"/visits/{visits[1]}").text and "第01小学" in b.get("/review").text
    drafts = [Draft("site", sites[1], {"name": "育才小学"}, op="update")]
    assert all(r.status == "ok" for r in author_many(hdb, drafts))
    assert "育才小学" in b.get(f"/visits/{visits[1]}").text
    assert "育才小学" in b.get("/review").text and "育才小学" in b.get("/visits").text


def test_a_decision_moves_the_kept_queue_and_the_lists_review_column(browser, users, hdb) -> None:  # noqa: ANN001
    visits, _sites = _field_day(hdb, 3)
    b = browser()
    b.login("olga")
    assert "共 3 场活动" in b.get("/review").text
    b.get("/visits?review=approved")
    reviews.approve(hdb, visits[0], by="olga")  # made elsewhere (another worker, the CLI)
    assert "共 2 场活动" in b.get("/review").text
    assert "共 1 场活动" in b.get("/review?status=approved").text
    listed = b.get("/visits?review=approved").text
    assert "共 1 场活动" in listed and "已通过" in listed


def test_a_page_moves_the_marks_of_what_it_holds(hdb, tmp_path) -> None:  # noqa: ANN001
    visits, _sites = _field_day(hdb, 2)
    p = projection(tmp_path, hdb)
    p.catch_up(wait=True)

    def metas() -> dict[str, str]:
        return p.db.get_metas(cq.STRUCTURE_KEY, cq.REVIEW_SEQ_KEY, "sync_cursor")

    def mark(v: str) -> int:
        with p.db.read() as s:
            return cq.marks(s, [v]).get(v, 0)

    start = metas()
    assert start[cq.STRUCTURE_KEY] == start["sync_cursor"]  # visits and sites arrived
    author_many(hdb, [_tally(visits[0], 3)])
    p.catch_up(wait=True)
    now = metas()
    assert now["sync_cursor"] > start["sync_cursor"]
    assert now[cq.STRUCTURE_KEY] == start[cq.STRUCTURE_KEY] and now[cq.REVIEW_SEQ_KEY] == start[cq.REVIEW_SEQ_KEY]
    assert mark(visits[0]) == int(now["sync_cursor"]) and mark(visits[1]) < mark(visits[0])
    reviews.approve(hdb, visits[1], by="olga")
    p.catch_up(wait=True)
    last = metas()
    assert last[cq.STRUCTURE_KEY] == start[cq.STRUCTURE_KEY]  # a decision is not a structure change
    assert last[cq.REVIEW_SEQ_KEY] == last["sync_cursor"] and mark(visits[1]) == int(last["sync_cursor"])
