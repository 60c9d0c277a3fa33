"""Twenty office users at once: the 审核 review states are derived once (single flight), every
page shows the same, correct queue, the kept states follow the read model, and every view's
audit line is written (lines of concurrent requests share one commit)."""

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
from tests.helpers.hub_visits import completed_visits

DAY = (dt.date.today() - dt.timedelta(days=2)).isoformat()
N = 30


def _seed(hdb: HubDB) -> list[str]:
    """One van, ``N`` completed visits at ``N`` schools."""
    return completed_visits(hdb, N, DAY)


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


def test_twenty_views_at_once_leave_twenty_audit_lines(hdb, users) -> None:  # noqa: ANN001
    from caravan_app.console import audit

    office = users["office"]
    subjects = iter(range(1000))
    lock = threading.Lock()

    def one() -> None:
        with lock:
            n = next(subjects)
        audit.record(hdb, office, "view_signins", f"visit {n}")

    _at_once(20, one)
    lines, total = audit.entries(hdb, "olga")
    assert total == 20 and sorted(line.subject for line in lines) == sorted(f"visit {n}" for n in range(20))


def test_bulk_approve_over_many_visits_approves_exactly_those_chosen(hdb, users, browser) -> None:  # noqa: ANN001
    """Two vans, two days, 60 visits: approving day 1 of 1号车 approves its visits awaiting
    review — not the returned one, not the approved one again, not a resubmitted one's old
    round, nothing of the other van or day; a county liaison's bulk (refused: they cannot
    decide) changes nothing."""
    van1, van2 = new_id(), new_id()
    day1, day2 = DAY, (dt.date.today() - dt.timedelta(days=1)).isoformat()
    drafts = [
        Draft("caravan", van1, {"name": "1号车", "home_county": "曲阜市"}),
        Draft("caravan", van2, {"name": "2号车", "home_county": "任城区"}),
    ]
    plan: dict[str, tuple[str, str]] = {}
    for i in range(60):
        site, visit = new_id(), new_id()
        van, day = (van1, van2)[i % 2], (day1, day2)[(i // 2) % 2]
        plan[visit] = (van, day)
        drafts.append(Draft("site", site, {"name": f"第{i:02d}小学", "county": "曲阜市" if van == van1 else "任城区"}))
        drafts.append(Draft("visit", visit, {"site_id": site, "caravan_id": van, "date": day, "status": "completed"}))
    assert all(r.status == "ok" for r in author_many(hdb, drafts))
    target = sorted(v for v, (van, day) in plan.items() if van == van1 and day == day1)
    returned, approved, withdrawn = target[0], target[1], target[2]
    reviews.return_visit(hdb, returned, "缺少照片", by="olga")
    reviews.approve(hdb, approved, by="olga")
    reviews.approve(hdb, withdrawn, by="olga")
    reviews.withdraw(hdb, withdrawn, "照片缺失", by="olga")  # awaits review again, a third decision in round 0
    before = {v: reviews.state(hdb, v).label for v in plan}

    county = browser()
    county.login("cai")
    assert (
        county.post("/review/bulk", {"csrf": county.csrf("/review"), "date": day1, "caravan": "1号车"}).status_code
        == 403
    )

    b = browser()
    b.login("olga")
    r = b.post("/review/bulk", {"csrf": b.csrf("/review"), "date": day1, "caravan": "1号车"})
    assert r.status_code == 303 and r.headers["location"].endswith(f"n={len(target) - 2}")
    after = {v: reviews.state(hdb, v).label for v in plan}
    changed = {v for v in plan if after[v] != before[v]}
    assert changed == set(target) - {returned, approved}
    assert all(after[v] == "已通过" for v in changed)
    assert after[returned] == "退回：缺少照片" and after[approved] == "已通过"
    assert [h.decision for h in reviews.history(hdb, withdrawn)] == ["approved", "withdrawn", "approved"]
    assert len(reviews.history(hdb, approved)) == 1  # not approved twice
    page = b.get(f"/review/{withdrawn}").text  # the console's history is the read model's, caught up
    assert page.split('id="review-history"')[1].count("<tr") == 4  # the heading and three decisions
