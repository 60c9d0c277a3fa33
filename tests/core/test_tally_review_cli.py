"""`caravan tally-review`: take-backs a merge could not decide, listed and marked checked on the
command line like in the GUI's review dialog (issue #10: anything a merge cannot decide goes to
review, visibly)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from caravan_app.services.app import App
from caravan_app.storage import models as m
from caravan_app.storage.records import apply_remote, record_fields
from tests.conftest import fresh_data_dir
from tests.helpers.cli import caravan as run
from tests.helpers.cli import caravan_json as js

pytestmark = pytest.mark.slow  # real `caravan` processes


def _ship(src: App, dst: App, entity: str) -> None:
    with src.db.read() as s:
        recs = [
            {
                "id": r.id,
                "device_id": r.device_id,
                "hlc": r.hlc,
                "data": {**record_fields(entity, r), **({"deleted": r.deleted} if hasattr(r, "clocks") else {})},
                **({"clocks": json.loads(r.clocks)} if hasattr(r, "clocks") else {}),
            }
            for r in s.query(m.MODELS[entity]).all()
        ]
    with dst.db.write() as s:
        for rec in recs:
            apply_remote(s, dst.db, entity, rec)


def test_cli_lists_and_checks_an_undecided_take_back(tmp_path: Path) -> None:
    a = App.open(fresh_data_dir(tmp_path / "a"))
    b = App.open(fresh_data_dir(tmp_path / "b"))
    c = a.catalog.add_caravan("1号车")
    s = a.sites.add(name="泉林中心小学", county="泗水县")
    v = a.visits.add(s, c, a.clock.today())
    a.visits.arrive(v)
    a.attendance.tally(v, "primary", 10)
    for entity in ("caravan", "site", "visit", "tally"):
        _ship(a, b, entity)
    a.attendance.take_back(v, "primary", 3)
    b.attendance.take_back(v, "primary", 5)  # the same entry, unseen: a merge cannot decide
    _ship(b, a, "tally_takeback")
    data = a.data_dir
    a.close()
    b.close()
    (item,) = js(data, "tally-review", v)
    assert (item["counted"], item["taken"]) == (10, 8)
    assert "计入 counted 10 撤回 taken back 8" in run(data, "tally-review").stdout
    run(data, "tally", v, "primary", "+4")  # the crew counted the 4 that were missed
    js(data, "tally-review", "--checked", item["tally_id"])
    assert js(data, "tally-review") == [] and len(js(data, "tally-review", "--all")) == 1
    assert "nothing to review" in run(data, "tally-review").stdout
    proc = run(data, "tally-review", "--checked", "00000000-0000-7000-8000-000000000001", ok=False)
    assert proc.returncode != 0 and "tally_id" in proc.stdout + proc.stderr
