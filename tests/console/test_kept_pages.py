"""Pages kept per state of the read model: each user still gets their own CSRF token in every
form, the hub's own lines (a laptop's last sync) stay fresh, a sync shows at once, and twenty
users asking for the same page at once make one read."""

from __future__ import annotations

import datetime as dt
import re
import threading

from sqlalchemy import update

from caravan_app.console import state_cache
from caravan_app.console.projection import office_app
from caravan_app.server import models as hm
from caravan_app.server.db import HubDB
from tests.helpers.hub_visits import completed_visits

DAY = (dt.date.today() - dt.timedelta(days=1)).isoformat()


def _visits(hdb: HubDB, n: int, van_name: str = "1号车", day: str = DAY) -> list[str]:
    return completed_visits(hdb, n, day, van_name)


def _tokens(html: str) -> set[str]:
    return set(re.findall(r'name="csrf" value="([^"]+)"', html))


def test_the_kept_review_page_carries_each_users_own_csrf_token(browser, users, hdb) -> None:  # noqa: ANN001
    visits = _visits(hdb, 3)
    a, b = browser(), browser()
    a.login("olga")
    b.login("ann")
    page_a, page_b = a.get("/review").text, b.get("/review").text  # the second is the kept one
    ta, tb = _tokens(page_a), _tokens(page_b)
    assert len(ta) == 1 and len(tb) == 1 and ta != tb  # every form of a page: its own session's token
    assert page_a.count(next(iter(ta))) >= 4  # log out, three approve buttons, bulk, setting
    # The kept page's form works for the second user, and not with the first user's token.
    assert b.post(f"/review/{visits[0]}/approve", {"csrf": next(iter(ta))}).status_code == 403
    assert b.post(f"/review/{visits[0]}/approve", {"csrf": next(iter(tb))}).status_code == 303
    assert "已通过" in a.get("/review?status=approved").text


def test_a_sync_shows_on_the_kept_list_at_once(browser, users, hdb) -> None:  # noqa: ANN001
    _visits(hdb, 2)
    b = browser()
    b.login("olga")
    assert "共 2 场活动" in b.get("/visits").text and "共 2 场活动" in b.get("/visits").text
    _visits(hdb, 1, van_name="2号车")
    page = b.get("/visits").text
    assert "共 3 场活动" in page and "2号车" in page


def test_today_keeps_the_vans_but_shows_a_laptops_latest_sync(browser, users, hdb) -> None:  # noqa: ANN001
    today = dt.date.today().isoformat()
    _visits(hdb, 1, day=today)
    with hdb.write() as s, s.begin():
        s.add(
            hm.HubDevice(
                caravan="1号车",
                role="van",
                device_id="lap-1",
                name="一号机",
                created_at="2026-01-01T08:00:00Z",
                last_seq=0,
                last_seen="2026-01-01T08:00:00Z",
            )
        )
    b = browser()
    b.login("olga")
    first = b.get("/today").text
    assert "一号机: 2026-01-01 08:00" in first
    # A sync with nothing new: the hub's sequence stays, the laptop's last sync moves.
    with hdb.write() as s, s.begin():
        s.execute(
            update(hm.HubDevice).where(hm.HubDevice.device_id == "lap-1").values(last_seen="2026-01-02T09:30:00Z")
        )
    again = b.get("/today").text
    assert "一号机: 2026-01-02 09:30" in again and "2026-01-01 08:00" not in again
    assert "第00小学" in again


def test_twenty_users_asking_for_one_page_at_once_read_it_once(hdb, tmp_path) -> None:  # noqa: ANN001
    _visits(hdb, 1)
    app = office_app(tmp_path, hdb, wait=True)
    reads: list[int] = []
    gate = threading.Barrier(20)
    slow = threading.Event()

    def read() -> str:
        reads.append(1)
        slow.wait(0.5)  # still reading when the others arrive
        return "the page"

    out: list[str] = []

    def one() -> None:
        gate.wait()
        out.append(state_cache.kept(app, ("test-page",), read))

    threads = [threading.Thread(target=one) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == ["the page"] * 20 and len(reads) == 1


def test_a_failed_read_lets_the_waiting_users_read_for_themselves(hdb, tmp_path) -> None:  # noqa: ANN001
    _visits(hdb, 1)
    app = office_app(tmp_path, hdb, wait=True)
    started, go = threading.Event(), threading.Event()
    calls: list[int] = []

    def failing() -> str:
        calls.append(1)
        started.set()
        go.wait(5)
        raise RuntimeError("the read model was busy")

    errors: list[BaseException] = []

    def first() -> None:
        try:
            state_cache.kept(app, ("test-fail",), failing)
        except RuntimeError as exc:
            errors.append(exc)

    t = threading.Thread(target=first)
    t.start()
    started.wait(5)
    got: list[str] = []
    w = threading.Thread(target=lambda: got.append(state_cache.kept(app, ("test-fail",), lambda: "read again")))
    w.start()
    go.set()
    t.join()
    w.join()
    assert len(errors) == 1 and got == ["read again"] and calls == [1]


def test_the_queue_after_a_rebuild_of_the_read_model_keeps_its_decisions(hdb, tmp_path) -> None:  # noqa: ANN001
    """A rebuilt file reaches the same cursor again: what was kept for the old file must not
    stand in for the new one (its review states are made again)."""
    from caravan_app.console import review_query
    from caravan_app.console.auth import ConsoleUser, Role
    from caravan_app.console.projection import projection
    from caravan_app.server import reviews

    visits = _visits(hdb, 3)
    reviews.approve(hdb, visits[0], by="olga")
    office = ConsoleUser("olga", Role.OFFICE)
    app = office_app(tmp_path, hdb, wait=True)
    rows, n = review_query.queue_page(app, office, "approved", 0, 100)
    assert n == 1 and rows[0].visit_id == visits[0]
    p = projection(tmp_path, hdb)
    cursor = p.cursor
    p.rebuild()
    assert p.cursor == cursor  # the same records again: the same cursor
    rows, n = review_query.queue_page(p.app, office, "approved", 0, 100)
    assert n == 1 and rows[0].visit_id == visits[0]
    pending, m = review_query.queue_page(p.app, office, "pending", 0, 100)
    assert m == 2 and visits[0] not in {r.visit_id for r in pending}
