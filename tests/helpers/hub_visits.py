"""Completed visits authored straight into a hub's database, for the console's tests."""

from __future__ import annotations

from caravan_app.domain.ids import new_id
from caravan_app.server.authoring import Draft, author_many
from caravan_app.server.db import HubDB


def completed_visits(hdb: HubDB, n: int, day: str, van_name: str = "1号车") -> list[str]:
    """One van and ``n`` completed visits on ``day``, each at its own school in 曲阜市; their ids."""
    van = new_id()
    drafts = [Draft("caravan", van, {"name": van_name, "home_county": "曲阜市"})]
    visits = []
    for i in range(n):
        site, visit = new_id(), new_id()
        visits.append(visit)
        drafts.append(Draft("site", site, {"name": f"第{i:02d}小学", "county": "曲阜市"}))
        drafts.append(Draft("visit", visit, {"site_id": site, "caravan_id": van, "date": day, "status": "completed"}))
    assert all(r.status == "ok" for r in author_many(hdb, drafts))
    return visits
