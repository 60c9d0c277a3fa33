"""Twenty office users opening 审核 at once just after a decision: the review states are derived
once (single flight), every page shows the same, correct queue, and the kept states follow the
read model's next state."""

from __future__ import annotations

import datetime as dt
import re
import threading
from pathlib import Path

from caravan_app.console import review_query
from caravan_app.console.auth import ConsoleUser, Role
from caravan_app.console.projection import office_app
from caravan_app.domain.ids import new_id
from caravan_app.server import reviews
from caravan_app.server.authoring import Draft, author_many
from caravan_app.server.db import HubDB

DAY = (dt.date.today() - dt.timedelta(days=2)).isoformat()
N = 30


def _seed(hdb: HubDB) -> list[str]:
    """One van, ``N`` completed visits at ``N`` schools."""
    van = new_id()
    drafts = [Draft("caravan", van, {"name": "1号车", "home_county": "曲阜市"})]
    visits = []
    for i in range(N):
        site, visit = new_id(), new_id()
        visits.append(visit)
        drafts.append(Draft("site", site, {"name": f"第{i:02d}小学", "county": "曲阜市"}))
        drafts.append(Draft("visit", visit, {"site_id": site, "caravan_id": van, "date": DAY, "status": "completed"}))
    assert all(r.status == "ok" for r in author_many(hdb, drafts))
    return visits


def _at_once(n: int, fn):  # noqa: ANN001, ANN202
    """``fn()`` from ``n`` threads released together; their results in thread order."""
    gate = threading.Barrier(n)
    out: list[object] = [None] * n

    def one(i: int) -> None:
        gate.wait()
        out[i] = fn()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def test_twenty_threads_derive_the_states_once_and_agree(hdb, tmp_path: Path) -> None:  # noqa: ANN001
    visits = _seed(hdb)
    for v in visits[:10]:
        reviews.approve(hdb, v, by="olga")
    reviews.return_visit(hdb, visits[10], "签到表缺页", by="olga")
    app = office_app(tmp_path, hdb)
    office = ConsoleUser("olga", Role.OFFICE)

    got = _at_once(20, lambda: review_query.reviewed(app))
    assert len({id(g) for g in got}) == 1  # one derivation, handed to all twenty
    states = got[0]
    assert {v for v, st in states.items() if st.status.value == "approved"} == set(visits[:10])  # type: ignore[union-attr]

    pages = _at_once(20, lambda: review_query.queue_page(app, office, "pending", 0, 100))
    want = sorted(visits[11:])
    assert all(sorted(r.visit_id for r in rows) == want and total == N - 11 for rows, total in pages)  # type: ignore[misc]

    # the next decision moves the read model: the kept states follow it (derived once more)
    reviews.withdraw(hdb, visits[0], "照片缺失", by="olga")
    app = office_app(tmp_path, hdb)
    again = _at_once(20, lambda: review_query.reviewed(app))
    assert len({id(g) for g in again}) == 1 and again[0] is not states
    rows, total = review_query.queue_page(app, office, "pending", 0, 100)
    assert total == N - 10 and visits[0] in {r.visit_id for r in rows}
    approved, n = review_query.queue_page(app, office, "approved", 0, 100)
    assert n == 9 and {r.visit_id for r in approved} == set(visits[1:10])


def test_twenty_browsers_get_the_same_queue_page(hdb, users, browser, tmp_path: Path) -> None:  # noqa: ANN001
    visits = _seed(hdb)
    for v in visits[:5]:
        reviews.approve(hdb, v, by="olga")
    browsers = [browser() for _ in range(20)]
    for b in browsers:
        b.login("olga")
    reviews.return_visit(hdb, visits[5], "人数不符", by="olga")
    office_app(tmp_path, hdb)  # caught up, its review states not derived yet: all twenty find them missing

    answers = _at_once(20, lambda: browsers.pop().get("/review?status=pending"))
    shown = [tuple(re.findall(r'data-visit="([^"]+)"', r.text)) for r in answers]  # type: ignore[attr-defined]
    assert all(r.status_code == 200 for r in answers)  # type: ignore[attr-defined]
    assert len(set(shown)) == 1 and set(shown[0]) == set(visits[6:])
