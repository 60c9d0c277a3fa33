"""The public request form at a province's scale: it lists one county's schools through the
hub's county index, never by reading every site record."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import text

from caravan_app.domain.ids import new_id
from caravan_app.domain.vocab import COUNTIES
from caravan_app.server import orders as od
from caravan_app.server.authoring import Draft, author_many
from caravan_app.server.db import HubDB, upgrade

PER_COUNTY = 300


def _registry(hdb: HubDB) -> dict[str, set[str]]:
    drafts, ids = [], {}
    for county in COUNTIES:
        ids[county] = set()
        for n in range(PER_COUNTY):
            rid = new_id()
            drafts.append(Draft("site", rid, {"name": f"{county}第{n}小学", "county": county, "town": f"{n % 9}镇"}))
            ids[county].add(rid)
    author_many(hdb, drafts)
    return ids


def test_one_countys_schools_come_through_the_county_index(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'hub.db'}"
    upgrade(url)
    hdb = HubDB(url)
    try:
        ids = _registry(hdb)
        county = COUNTIES[3]
        got = od.registry_sites(hdb, county)
        assert {s.id for s in got} == ids[county] and len(got) == PER_COUNTY
        assert [(s.town, s.name) for s in got] == sorted((s.town, s.name) for s in got)  # type: ignore[misc]
        with hdb.read() as s:
            plan = " ".join(
                str(row[-1])
                for row in s.execute(
                    text(
                        f"EXPLAIN QUERY PLAN SELECT id, data FROM records WHERE entity = 'site' AND {od._COUNTY_EXPR['sqlite']} = :c"
                    ),
                    {"c": county},
                )
            )
        assert "ix_records_site_county" in plan and "SCAN" not in plan
    finally:
        hdb.close()


def test_the_public_form_lists_the_chosen_countys_schools_only(console_hub) -> None:  # noqa: ANN001
    client, hdb = console_hub
    ids = _registry(hdb)
    first = client.get("/order")
    everyone = set().union(*ids.values())
    assert first.status_code == 200 and not everyone & set(re.findall(r'value="([0-9a-f-]{36})"', first.text))
    county = COUNTIES[5]
    page = client.get("/order", params={"county": county})
    shown = set(re.findall(r'value="([0-9a-f-]{36})"', page.text)) & everyone
    assert shown == ids[county]
