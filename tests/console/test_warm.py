"""What the first users after a change would wait for is made before they ask: a hub that warms
its console applies new records and derives the 审核 states and the first pages in the
background, never shows a state older than the one a page asks in, and re-derives only the
review states of the visits whose decisions, reopens or records arrived."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from caravan_app.console import auth, review_query, state_cache, visits_query
from caravan_app.console.app import create_app
from caravan_app.console.auth import ConsoleUser, Role
from caravan_app.console.projection import office_app, projection
from caravan_app.domain.ids import new_id
from caravan_app.server import hub, reviews
from caravan_app.server.authoring import Draft, author_many
from caravan_app.server.db import HubDB
from caravan_app.storage import console_queries as cq
from tests.console.conftest import PASSWORD, Browser
from tests.helpers.hub_visits import completed_visits

DAY = (dt.date.today() - dt.timedelta(days=3)).isoformat()
OFFICE = ConsoleUser("olga", Role.OFFICE)


def _seed(hdb: HubDB, n: int = 8) -> list[str]:
    """One van, ``n`` completed visits at ``n`` schools."""
    return completed_visits(hdb, n, DAY)


def _until(cond: Callable[[], bool], what: str) -> None:
    """Wait for the warm thread (a generous bound: this asserts that it happens, not how fast)."""
    done = threading.Event()
    for _ in range(600):
        if cond():
            return
        done.wait(0.05)
    raise AssertionError(f"the console's warm thread never {what}")


def _table(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as db:
        return dict(db.execute("SELECT visit_id, status FROM console_review_states").fetchall())


def _by_rule(app: object) -> dict[str, str]:
    """Every decided visit's state derived from scratch by the laptop's rule."""
    review_query._REVIEWED.clear()
    return {v: st.status.value for v, st in review_query.reviewed(app).items()}  # type: ignore[arg-type]


@pytest.fixture
def warm_console(hub_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FastAPI]:
    """The served app as production starts it (warm-up on, watching every 50 ms), its ASGI
    lifespan entered: the warm thread runs until the fixture ends."""
    monkeypatch.setenv("CARAVAN_CONSOLE_WARM", "1")
    monkeypatch.setenv("CARAVAN_CONSOLE_WARM_EVERY", "0.05")
    app = create_app(hub_url, data_dir=tmp_path)
    auth.add_user(app.state.hdb, "olga", "office", PASSWORD)
    yield app
    app.state.hdb.close()


class _Served:
    """A browser over the app with its lifespan running (the warm thread started and stopped)."""

    def __init__(self, app: FastAPI) -> None:
        self.browser = Browser(app)
        self._life = app.router.lifespan_context(app)
        self.browser.loop.run_until_complete(self._life.__aenter__())
        self.warmer = app.state.warmer

    def close(self) -> None:
        self.browser.loop.run_until_complete(self._life.__aexit__(None, None, None))
        self.browser.close()


@pytest.fixture
def served(warm_console: FastAPI) -> Iterator[_Served]:
    s = _Served(warm_console)
    yield s
    s.close()


def test_the_warm_thread_applies_a_decision_and_derives_the_queue_before_anyone_asks(
    warm_console: FastAPI, tmp_path: Path
) -> None:
    hdb: HubDB = warm_console.state.hdb
    visits = _seed(hdb)
    reviews.approve(hdb, visits[0], by="olga")
    s = _Served(warm_console)
    try:
        p = projection(tmp_path, hdb)
        _until(lambda: s.warmer.rounds >= 1 and p.cursor == hub.top_seq(hdb), "caught up at start")
        # a decision made elsewhere (the CLI, the other worker): no page of this worker asks
        reviews.return_visit(hdb, visits[1], "签到表缺页", by="olga")
        _until(lambda: p.cursor == hub.top_seq(hdb) and s.warmer.rounds >= 2, "applied the decision")
        _until(lambda: _table(p.path).get(visits[1]) == "returned", "derived the new state")
        assert _table(p.path) == {visits[0]: "approved", visits[1]: "returned"}

        # the pending queue's first page and the list's default page are kept for the new state
        state_cache.saw(p.path, state_cache.read_state(p.db))

        def never() -> object:
            raise AssertionError("read again: the warm thread did not keep it")

        key = ("queue", auth.scope_of(OFFICE), "pending", 0, review_query.QUEUE_PAGE, None, None, None)
        rows, total = state_cache.kept(p.app, key, never, on="review")  # type: ignore[misc]
        assert total == len(visits) - 2 and {r.visit_id for r in rows} == set(visits[2:])

        # a van's sync brings counts to a visit: its page is read ahead for the office
        rounds = s.warmer.rounds
        tally = {"visit_id": visits[3], "group": "primary", "delta": 7, "at": f"{DAY}T10:00:00"}
        assert author_many(hdb, [Draft("tally", new_id(), tally)])[0].status == "ok"
        _until(lambda: p.cursor == hub.top_seq(hdb) and s.warmer.rounds > rounds, "applied the counts")
        state_cache.saw(p.path, state_cache.read_state(p.db))
        row = visits_query.find(p.app, OFFICE, visits[3])
        assert row is not None
        page_of = state_cache.kept(
            p.app, ("detail", row, True, visits_query.visit_mark(p.app, visits[3])), never, on="structure"
        )
        assert page_of.row.id == visits[3]  # type: ignore[attr-defined]

        b = s.browser
        b.login("olga")
        page = b.get("/review?status=pending").text
        assert visits[1] not in page and visits[0] not in page and visits[2] in page
        assert visits[1] in b.get("/review?status=returned").text
    finally:
        s.close()
    assert not s.warmer._thread.is_alive()  # stopped with the server


def test_no_page_shows_a_state_older_than_the_decision_before_it(served: _Served) -> None:
    """Decisions through the pages while the warm thread runs: each next page shows it."""
    hdb: HubDB = served.warmer.hdb
    visits = _seed(hdb, 6)
    b = served.browser
    b.login("olga")
    assert all(v in b.get("/review?status=pending").text for v in visits)

    def post(path: str, **data: str) -> None:
        page = path.rsplit("/", 1)[0]
        r = b.post(path, {"csrf": b.csrf(page), **data})
        assert r.status_code == 303, r.text

    want: dict[str, str] = {}
    for i, v in enumerate(visits):
        if i % 3 == 2:
            post(f"/review/{v}/return", reason="人数与签到表不符")
            want[v] = "returned"
        else:
            post(f"/review/{v}/approve")
            want[v] = "approved"
        if i % 3 == 1:
            post(f"/review/{v}/withdraw", reason="照片缺失")
            want[v] = "pending"
        pending = b.get("/review?status=pending").text
        for u, st in want.items():
            assert (u in pending) == (st == "pending"), (u, st)
        assert (v in b.get(f"/review?status={want[v]}").text) if want[v] != "pending" else True
    # the list's review filter reads the same kept states
    listed = b.get("/visits?review=approved").text
    assert {v for v in visits if v in listed} == {v for v, st in want.items() if st == "approved"}


def test_only_the_visits_marked_since_are_derived_again_and_agree_with_the_rule(hdb: HubDB, tmp_path: Path) -> None:
    visits = _seed(hdb)
    for v in visits[:4]:
        reviews.approve(hdb, v, by="olga")
    app = office_app(tmp_path, hdb)
    review_query.ensure_states(app)
    path = projection(tmp_path, hdb).path
    assert _table(path) == {v: "approved" for v in visits[:4]}

    steps: list[Callable[[], None]] = [
        lambda: reviews.withdraw(hdb, visits[0], "照片缺失", by="olga") and None,  # back to pending
        lambda: reviews.return_visit(hdb, visits[4], "人数不符", by="olga") and None,
        lambda: _reopen(hdb, visits[4]),  # corrected by the crew: returned no more
        lambda: _rename_school(hdb),  # a structure change: no visit's state moves
    ]
    for step in steps:
        made_at = projection(tmp_path, hdb).db.get_meta(cq.REVIEW_CURSOR_KEY)
        step()
        app = office_app(tmp_path, hdb)
        with sqlite3.connect(path) as db:
            since = int((made_at or "0.0").split(".")[1])
            marked = {v for (v,) in db.execute("SELECT visit_id FROM console_review_marks WHERE seq > ?", (since,))}
            full = int(db.execute("SELECT value FROM meta WHERE key = ?", (cq.REVIEW_FULL_KEY,)).fetchone()[0])
        assert full <= since  # nothing since needs every state again
        review_query.ensure_states(app)
        assert _table(path) == _by_rule(app)
        if step is steps[-1]:
            assert marked == set()  # a school's new name marks no visit
        else:
            assert len(marked) == 1  # the one visit the step was about
    assert _table(path) == {v: "approved" for v in visits[1:4]} | {visits[0]: "pending"} | {
        visits[4]: _by_rule(app)[visits[4]]
    }


def test_a_merge_derives_every_state_again_and_they_still_agree(hdb: HubDB, tmp_path: Path) -> None:
    visits = _seed(hdb, 3)
    reviews.approve(hdb, visits[0], by="olga")
    app = office_app(tmp_path, hdb)
    review_query.ensure_states(app)
    a, b = new_id(), new_id()  # two schools typed on two laptops, then merged
    drafts = [Draft("site", x, {"name": "实验小学", "county": "曲阜市"}) for x in (a, b)]
    drafts.append(Draft("merge", new_id(), {"entity": "site", "from_id": a, "into_id": b, "reason": "重复"}))
    assert all(r.status == "ok" for r in author_many(hdb, drafts))
    app = office_app(tmp_path, hdb)
    p = projection(tmp_path, hdb)
    assert int(p.db.get_meta(cq.REVIEW_FULL_KEY) or 0) == p.cursor  # the merge's page
    review_query.ensure_states(app)
    assert _table(p.path) == _by_rule(app)


def _reopen(hdb: HubDB, visit: str) -> None:
    at = f"{DAY}T15:00:00"
    got = author_many(hdb, [Draft("visit_reopen", new_id(), {"visit_id": visit, "reason": "补登人数", "at": at})])
    assert got[0].status == "ok", got


def _rename_school(hdb: HubDB) -> None:
    got = author_many(hdb, [Draft("site", new_id(), {"name": "新建的学校", "county": "曲阜市"})])
    assert got[0].status == "ok", got


def test_a_decision_another_worker_applied_shows_on_this_workers_next_page(
    hub_url: str, hdb: HubDB, tmp_path: Path
) -> None:
    """Two workers on one read model: the other process applies a decision and brings the kept
    states to it; this worker, which kept the queue for the state before, shows the new one."""
    visits = _seed(hdb, 4)
    reviews.approve(hdb, visits[0], by="olga")
    app = office_app(tmp_path, hdb)
    rows, total = review_query.queue_page(app, OFFICE, "pending", 0, 100)
    assert total == 3
    reviews.approve(hdb, visits[1], by="olga")
    other = (
        "import sys\n"
        "from pathlib import Path\n"
        "from caravan_app.console import review_query\n"
        "from caravan_app.console.projection import office_app\n"
        "from caravan_app.server.db import HubDB\n"
        "app = office_app(Path(sys.argv[2]), HubDB(sys.argv[1]))\n"
        "review_query.ensure_states(app)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    subprocess.run([sys.executable, "-c", other, hub_url, str(tmp_path)], check=True, env=env, timeout=120)
    p = projection(tmp_path, hdb)
    assert p.cursor == hub.top_seq(hdb)  # the other worker applied it
    assert _table(p.path) == {visits[0]: "approved", visits[1]: "approved"}
    app = office_app(tmp_path, hdb)
    rows, total = review_query.queue_page(app, OFFICE, "pending", 0, 100)
    assert total == 2 and {r.visit_id for r in rows} == set(visits[2:])
    approved, n = review_query.queue_page(app, OFFICE, "approved", 0, 100)
    assert n == 2 and {r.visit_id for r in approved} == set(visits[:2])


def test_the_reports_setting_read_once_per_hub_state_still_follows_each_change(
    hdb: HubDB, users: dict[str, ConsoleUser], browser: Callable[[], Browser]
) -> None:
    _seed(hdb, 2)
    b = browser()
    b.login("olga")
    for value, line in (
        ("approved", "本表统计：仅已通过审核的活动"),
        ("completed", "本表统计：全部已完成活动"),
        ("approved", "本表统计：仅已通过审核的活动"),
    ):
        assert b.get("/review").status_code == 200  # the page at the state before the change
        reviews.set_reports_count(hdb, value, by="olga")  # from the CLI or the other worker
        assert line in b.get("/review").text
