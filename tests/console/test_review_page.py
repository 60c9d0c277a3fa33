"""The console's 审核 page over real HTTP (in-process ASGI) and a real hub database: the queue,
approve, return with a reason, withdraw, bulk approval, scope by county and van, read-only
roles, CSRF, hostile names, the XLSX download."""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl

from caravan_app.domain.ids import new_id
from caravan_app.server import reviews
from caravan_app.server.authoring import Draft, author_many
from caravan_app.server.db import HubDB

DAY = (dt.date.today() - dt.timedelta(days=1)).isoformat()
HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


def _seed(hdb: HubDB) -> dict[str, str]:
    """Two vans, three completed visits yesterday (two in 曲阜市, one in 任城区), one planned."""
    ids = {k: new_id() for k in ("c1", "c2", "s1", "s2", "s3", "v1", "v2", "v3", "planned")}
    at = f"{DAY}T09:00:00"
    drafts = [
        Draft("caravan", ids["c1"], {"name": "1号车", "home_county": "曲阜市"}),
        Draft("caravan", ids["c2"], {"name": "2号车", "home_county": "任城区"}),
        Draft("site", ids["s1"], {"name": "陵城小学", "county": "曲阜市", "town": "陵城镇"}),
        Draft("site", ids["s2"], {"name": HOSTILE, "county": "曲阜市"}),
        Draft("site", ids["s3"], {"name": "唐口中心小学", "county": "任城区"}),
        *(
            Draft(
                "visit",
                ids[v],
                {"site_id": ids[s], "caravan_id": ids[c], "date": DAY, "status": "completed", "arrived_at": at},
            )
            for v, s, c in (("v1", "s1", "c1"), ("v2", "s2", "c1"), ("v3", "s3", "c2"))
        ),
        Draft(
            "visit", ids["planned"], {"site_id": ids["s1"], "caravan_id": ids["c1"], "date": DAY, "status": "planned"}
        ),
    ]
    assert all(r.status == "ok" for r in author_many(hdb, drafts))
    return ids


def _form(b, path: str, data: dict[str, str] | None = None, page: str | None = None):  # noqa: ANN001, ANN202
    return b.post(path, {"csrf": b.csrf(page or path.rsplit("/", 1)[0]), **(data or {})})


def test_office_returns_with_a_reason_then_approves_and_withdraws(hdb, users, browser) -> None:  # noqa: ANN001
    ids = _seed(hdb)
    b = browser()
    b.login("olga")
    r = b.get("/review")
    assert r.status_code == 200 and r.text.count('data-visit="') == 3  # the planned one is not there
    assert "本表统计：全部已完成活动" in r.text

    v = ids["v1"]
    empty = b.post(f"/review/{v}/return", {"csrf": b.csrf(f"/review/{v}"), "reason": "  "})
    assert empty.status_code == 409 and "请填写原因" in empty.text
    done = b.post(f"/review/{v}/return", {"csrf": b.csrf(f"/review/{v}"), "reason": "学生人数与签到表不符"})
    assert done.status_code == 303
    page = b.get(done.headers["location"])
    assert re.search(r'id="review-state">退回：学生人数与签到表不符<', page.text)
    assert "olga" in page.text and "学生人数与签到表不符" in page.text.split('id="review-history"')[1]

    assert b.post(f"/review/{v}/approve", {"csrf": b.csrf(f"/review/{v}")}).status_code == 303
    assert reviews.state(hdb, v).label == "已通过"
    again = b.post(f"/review/{v}/approve", {"csrf": b.csrf(f"/review/{v}")})
    assert again.status_code == 409 and "已通过审核" in again.text
    b.post(f"/review/{v}/withdraw", {"csrf": b.csrf(f"/review/{v}"), "reason": "照片缺失"})
    assert reviews.state(hdb, v).label == "待审核（已撤销通过：照片缺失）"


def test_bulk_approve_a_day_and_the_reports_setting(hdb, users, browser) -> None:  # noqa: ANN001
    ids = _seed(hdb)
    reviews.return_visit(hdb, ids["v2"], "缺少照片", by="olga")
    b = browser()
    b.login("ann")
    r = b.post("/review/bulk", {"csrf": b.csrf("/review"), "date": DAY, "caravan": ""})
    assert r.status_code == 303
    assert "已通过 2 个活动" in b.get(r.headers["location"]).text
    labels = {v: reviews.state(hdb, ids[v]).label for v in ("v1", "v2", "v3")}
    assert labels == {"v1": "已通过", "v2": "退回：缺少照片", "v3": "已通过"}
    b.post("/review/setting", {"csrf": b.csrf("/review"), "reports_count": "approved"})
    assert reviews.reports_count(hdb) == "approved"
    assert "本表统计：仅已通过审核的活动" in b.get("/review").text


def test_county_sees_only_its_county_and_cannot_decide_auditor_reads_only(hdb, users, browser) -> None:  # noqa: ANN001
    ids = _seed(hdb)
    county = browser()
    county.login("cai")
    r = county.get("/review?status=all")
    assert r.status_code == 200 and ids["v1"] in r.text and ids["v3"] not in r.text
    assert "/approve" not in r.text and 'id="bulk-approve"' not in r.text
    assert county.get(f"/review/{ids['v3']}").status_code == 404  # another county's visit by URL
    assert county.get(f"/review/{ids['v1']}").status_code == 200
    tok = county.csrf("/review")
    assert county.post(f"/review/{ids['v1']}/approve", {"csrf": tok}).status_code == 403

    captain = browser()
    captain.login("cao")  # 1号车: v1 and v2
    text = captain.get("/review").text
    assert ids["v1"] in text and ids["v2"] in text and ids["v3"] not in text

    auditor = browser()
    auditor.login("audrey")
    assert ids["v3"] in auditor.get("/review").text
    assert auditor.post(f"/review/{ids['v3']}/approve", {"csrf": auditor.csrf("/review")}).status_code == 403
    assert reviews.state(hdb, ids["v1"]).label == reviews.state(hdb, ids["v3"]).label == "待审核"


def test_a_decision_without_the_form_token_is_refused(hdb, users, browser) -> None:  # noqa: ANN001
    ids = _seed(hdb)
    b = browser()
    b.login("olga")
    assert b.post(f"/review/{ids['v1']}/approve", {"csrf": "forged"}).status_code == 403
    assert b.post(f"/review/{ids['v1']}/approve", {}).status_code == 403
    assert reviews.state(hdb, ids["v1"]).label == "待审核"


def test_a_hostile_site_name_is_text_and_the_queue_downloads_as_xlsx(hdb, users, browser) -> None:  # noqa: ANN001
    ids = _seed(hdb)
    b = browser()
    b.login("olga")
    for path in ("/review", f"/review/{ids['v2']}"):
        text = b.get(path).text
        assert "<script>alert(1)" not in text and "<img src=x" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    r = b.get("/review/export.xlsx?status=all")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.openxmlformats")
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    cells = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    flat = [str(c) for row in cells for c in row if c is not None]
    assert "本表统计：全部已完成活动" in flat and HOSTILE in flat
    assert sum(1 for row in cells if ids["v1"] in row or ids["v3"] in row) == 2


def test_unknown_visit_and_no_session(hdb, users, browser) -> None:  # noqa: ANN001
    _seed(hdb)
    anon = browser()
    assert anon.get("/review").status_code == 303
    b = browser()
    b.login("olga")
    assert b.get(f"/review/{new_id()}").status_code == 404


def test_the_queue_pages_and_the_visits_list_filters_by_review_state(hdb, users, browser) -> None:  # noqa: ANN001
    ids = _seed(hdb)
    more = [new_id() for _ in range(101)]
    drafts = [
        Draft("visit", v, {"site_id": ids["s3"], "caravan_id": ids["c2"], "date": "2026-03-02", "status": "completed"})
        for v in more
    ]
    assert all(r.status == "ok" for r in author_many(hdb, drafts))
    reviews.approve(hdb, ids["v1"], by="olga")
    reviews.return_visit(hdb, ids["v3"], "缺少照片", by="olga")
    b = browser()
    b.login("olga")
    first = b.get("/review?status=all")
    assert (
        first.text.count('data-visit="') == 100
        and "?status=all&amp;date=&amp;caravan=&amp;county=&amp;page=2" in first.text
    )
    second = b.get("/review?status=all&page=2")
    assert second.text.count('data-visit="') == 4  # three of the seed and 101 more completed visits
    pending = b.get("/review?status=pending&page=2")
    assert pending.text.count('data-visit="') == 2  # 104 less one approved and one returned
    approved = b.get("/visits?review=approved")
    assert approved.status_code == 200 and f'/visits/{ids["v1"]}"' in approved.text
    assert f'/visits/{ids["v3"]}"' not in approved.text and f'/visits/{ids["v2"]}"' not in approved.text
    returned = b.get("/visits?review=returned")
    assert f'/visits/{ids["v3"]}"' in returned.text and f'/visits/{ids["v1"]}"' not in returned.text
    bad = b.get("/visits?review=maybe")
    assert "审核状态只能选列表中的一项" in bad.text
