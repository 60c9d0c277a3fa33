"""Property (issue #10): 2–4 laptops with wrong clocks edit the same field of one record, with
syncs in between. After convergence the conflict lists hold exactly the edits that were made
concurrently — on the hub, and on each laptop the values of its own that lost — computed by a
model of the hub that knows, for each edit, which value its writer had seen."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from caravan_app.server.hub import review
from caravan_app.services.app import App
from caravan_app.services.export import canonical_export
from caravan_app.storage import models as m
from tests.conftest import fresh_data_dir
from tests.helpers.props import examples
from tests.sync.conflict_model import ConflictModel

from .conftest import skew

pytestmark = [pytest.mark.server, pytest.mark.slow]

DAY = 86400
action = st.one_of(
    st.tuples(st.just("edit"), st.integers(0, 3)),
    st.tuples(st.just("sync"), st.integers(0, 3)),
)


def _last_clock(app: App, rid: str) -> tuple[str, str]:
    with app.db.read() as s:
        row = s.scalars(select(m.Outbox).where(m.Outbox.record_id == rid).order_by(m.Outbox.seq.desc())).first()
        return (row.hlc, app.db.device_id)


@settings(
    max_examples=examples(12, ci=8),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    skews=st.lists(st.integers(-DAY, DAY), min_size=2, max_size=4),
    actions=st.lists(action, min_size=1, max_size=25),
)
def test_conflict_lists_hold_exactly_the_concurrent_edits(hub_process, skews: list[int], actions: list[tuple]) -> None:  # noqa: ANN001
    hub = hub_process
    hub.reset()
    tmp = Path(tempfile.mkdtemp(prefix="propc-"))
    apps: list[App] = []
    try:
        for i, sk in enumerate(skews):
            a = App.open(fresh_data_dir(tmp / f"l{i}"))
            apps.append(a)
            skew(a, sk)
            a.sync.enroll(hub.url, hub.code())
        first = apps[0]
        c = first.catalog.add_caravan("1号车")
        s = first.sites.add(name="汶上县第一实验小学", county="汶上县", contact="初始")
        first.visits.add(s, c, dt.date.today())
        for a in apps:
            a.sync.sync_now()
        init = (json.loads(_site_clocks(first, s))["contact"][0], first.db.device_id)
        model = ConflictModel(len(apps), "初始", init)
        n = 0

        def sync(i: int) -> None:
            apps[i].sync.sync_now()
            model.synced(i, apps[i].db.device_id)

        for kind, idx in actions:
            i = idx % len(apps)
            a = apps[i]
            if kind == "edit":
                n += 1
                value = f"L{i}-{n}"
                a.sites.update(s, contact=value)
                model.edit(i, value, _last_clock(a, s))
            else:
                sync(i)
        for _ in range(2):
            for i in range(len(apps)):
                sync(i)
        expected = hub.export()
        for a in apps:
            assert canonical_export(a.db) == expected
            assert a.sites.get(s).contact == model.hub[0]
        event(f"hub conflicts: {min(len(model.hub_lost), 3)}{'+' if len(model.hub_lost) > 3 else ''}")
        listed = sorted(json.loads(r["lost_value"]) for r in review(hub.hdb, "conflicts"))
        assert listed == model.hub_lost_values()
        for i, a in enumerate(apps):
            assert sorted(x.lost for x in a.conflicts.list()) == sorted(model.lap_lost[i]), i
    finally:
        for a in apps:
            a.close()


def _site_clocks(app: App, rid: str) -> str:
    with app.db.read() as s:
        return s.get(m.Site, rid).clocks
