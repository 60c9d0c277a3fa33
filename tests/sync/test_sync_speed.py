"""What the fast sync paths must keep: pages spliced from the stored JSON say exactly what the
models said, big pages only from a hub that offers them, gzip or not the same records, a batch
read by hand accepted or refused exactly as the models would, and batches sent ahead still
answered per record. Real laptops over a real hub process, real SQLite files."""

from __future__ import annotations

import gzip
import json
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from caravan_app.server import hub as hub_mod
from caravan_app.services.app import App
from caravan_app.services.export import canonical_export
from caravan_app.services.sync_service import pull_limit
from caravan_app.storage.records import unit_of_work
from caravan_app.sync.limits import DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT
from caravan_app.sync.protocol import MAX_TEXT, PROTOCOL_VERSION, SCHEMA, PushRequest, parse_push

from .hubproc import HubProcess


def _signins(app: App, visit: str, n: int, start: int = 0) -> None:
    with unit_of_work(app.db) as u:
        for i in range(start, start + n):
            u.insert(
                "signin",
                {
                    "visit_id": visit,
                    "name": f"学生{i}",
                    "group": "student",
                    "organisation": "实验小学",
                    "phone": f"139{i:08d}",
                    "method": "phone",
                    "person_id": None,
                    "dedupe_key": f"k{i}",
                    "at": "2026-05-12T09:30:00",
                },
            )


def _van(app: App, name: str) -> tuple[str, str]:
    van = app.catalog.add_caravan(name)
    app.catalog.set_this_device(f"{name}笔记本", van)
    site = app.sites.add(name=f"{name}的学校", county="任城区", kind="小学")
    return van, app.visits.add(site, van, app.clock.today())


def test_new_laptop_pulls_big_pages_and_converges(hub: HubProcess, laptops: Callable[..., App]) -> None:
    a = laptops("a", caravan="1号车", role="van")
    _van_, visit = _van(a, "1号车")
    _signins(a, visit, 2_600)
    a.sync.sync_now()
    fresh = laptops("fresh", caravan="1号车", role="van")
    res = fresh.sync.sync_now()
    # the first page rides on the (empty) push at the default size, the rest in one big page
    assert res.requests == 2
    assert res.pulled == 2_604  # the sign-ins, the van, its laptop, the school and the visit
    assert canonical_export(fresh.db) == canonical_export(a.db) == hub.export()


def test_page_size_only_as_large_as_the_hub_offers() -> None:
    assert pull_limit({"records": [], "cursor": 5, "has_more": True}) == DEFAULT_PULL_LIMIT  # an older hub
    assert pull_limit(None) == DEFAULT_PULL_LIMIT
    assert pull_limit({"max_limit": 5_000}) == 5_000
    assert pull_limit({"max_limit": 10**9}) == MAX_PULL_LIMIT
    assert pull_limit({"max_limit": True}) == DEFAULT_PULL_LIMIT
    assert pull_limit({"max_limit": -1}) == DEFAULT_PULL_LIMIT


def _token(hub: HubProcess, device: str, role: str = "office", caravan: str = "1号车") -> str:
    r = httpx.post(
        hub.url + "/enroll",
        json={"protocol": PROTOCOL_VERSION, "schema": SCHEMA, "code": hub.code(caravan, role), "device_id": device},
    )
    assert r.status_code == 200, r.text
    return str(r.json()["token"])


def test_pull_answer_is_the_same_records_gzip_or_not(hub: HubProcess, laptops: Callable[..., App]) -> None:
    a = laptops("a")
    _van_, visit = _van(a, "1号车")
    _signins(a, visit, 300)
    a.sync.sync_now()
    device = str(uuid.uuid4())
    tok = _token(hub, device)
    body = {"protocol": PROTOCOL_VERSION, "schema": SCHEMA, "device_id": device, "cursor": 0, "limit": 5000}
    auth = {"Authorization": f"Bearer {tok}"}
    with httpx.Client(base_url=hub.url) as c:
        zipped = c.post("/sync/pull", json=body, headers={**auth, "Accept-Encoding": "gzip"})
        plain = c.post("/sync/pull", json=body, headers={**auth, "Accept-Encoding": "identity"})
    assert zipped.status_code == plain.status_code == 200  # a limit above the old 2000 is served
    assert zipped.headers["content-encoding"] == "gzip" and "content-encoding" not in plain.headers
    assert len(zipped.content) < len(plain.content) // 3 or zipped.num_bytes_downloaded < len(plain.content) // 3
    a_doc, b_doc = zipped.json(), plain.json()
    a_doc.pop("server_time_ms")
    b_doc.pop("server_time_ms")
    assert a_doc == b_doc
    assert len(a_doc["records"]) == 304 and a_doc["max_limit"] == MAX_PULL_LIMIT and a_doc["has_more"] is False
    # and the hub still refuses what is beyond its own limit
    with httpx.Client(base_url=hub.url) as c:
        r = c.post("/sync/pull", json={**body, "limit": MAX_PULL_LIMIT + 1}, headers=auth)
    assert r.status_code == 422


def _normal(page: Any) -> Any:
    doc = json.loads(page) if isinstance(page, bytes) else page.model_dump(mode="json", exclude_none=True)
    doc.pop("server_time_ms")
    return doc


def test_spliced_page_says_what_the_models_said(hub: HubProcess, laptops: Callable[..., App]) -> None:
    """Van-filtered sign-ins and hand-outs, edited records with clocks, a lost value, a retraction:
    the page built from stored text equals the page built through the models, for every viewer."""
    a = laptops("a", caravan="1号车", role="van")
    van, visit = _van(a, "1号车")
    title = a.catalog.add_title("身边的科学")
    a.stock.load(van, title, 20)
    a.stock.distribute(van, title, 2, visit, recipient="张三")
    _signins(a, visit, 30)
    b = laptops("b", caravan="2号车", role="van")
    _van(b, "2号车")
    office = laptops("o")
    a.sync.sync_now()
    b.sync.sync_now()
    office.sync.sync_now()
    site = a.sites.add(name="汶上县第一小学", county="汶上县", kind="小学")
    a.sync.sync_now()
    office.sync.sync_now()
    a.sites.update(site, contact="王老师")
    office.sites.update(site, contact="李老师")  # concurrent: one value is lost, kept for review
    a.sync.sync_now()
    office.sync.sync_now()
    bad = json.loads(hub.export())["entities"]["signin"][0]["id"]
    hub_mod.retract(hub.hdb, bad, "signin", "test")
    for viewer in (a, b, office):
        dev = viewer.db.device_id
        for own in (False, True):
            for limit in (7, 1000):
                cursor = 0
                while True:
                    model = hub_mod.pull_page(hub.hdb, dev, cursor, limit, own)
                    spliced = hub_mod.pull_page_json(hub.hdb, dev, cursor, limit, own)
                    assert _normal(spliced) == _normal(model)
                    if not model.has_more:
                        break
                    cursor = model.cursor
    page = _normal(hub_mod.pull_page_json(hub.hdb, b.db.device_id, 0, 1000))
    others = [r for r in page["records"] if r["entity"] == "signin" and not r["data"].get("retracted")]
    assert others and all(r["data"]["phone"] is None for r in others)  # another van's: filtered
    assert any(r.get("lost") for r in page["records"])


def _mut(seq: int = 1, **over: Any) -> dict[str, Any]:
    m: dict[str, Any] = {
        "seq": seq,
        "id": str(uuid.uuid4()),
        "entity": "tally",
        "op": "insert",
        "hlc": "1765000000000.00000",
        "data": {"visit_id": str(uuid.uuid4()), "group": "primary", "delta": 3, "at": "2026-05-12T10:00:00"},
    }
    m.update(over)
    return m


VARIANTS: list[dict[str, Any]] = [
    _mut(),
    _mut(id="A0B1C2D3-0000-4000-8000-00000000000F"),
    _mut(id=str(uuid.uuid4()) + "\n"),
    _mut(id=str(uuid.uuid4()).replace("-", "_")),
    _mut(id=str(uuid.uuid4())[:-1] + "g"),
    _mut(id="-" + str(uuid.uuid4())[1:]),
    _mut(hlc="1765000000000.00000\n"),
    _mut(hlc="１765000000000.00000"),
    _mut(seq=True),
    _mut(seq=0),
    _mut(seq=2**63),
    _mut(seq=2**63 - 1),
    _mut(op="delete"),
    _mut(entity="Tally"),
    _mut(entity="t" * 41),
    _mut(data={"delta": 2.5}),
    _mut(data={"delta": 2**63}),
    _mut(data={"delta": -(2**63)}),
    _mut(data={"x": True, "y": None, "z": 0}),
    _mut(data={"name": "a\x00b"}),
    _mut(data={"name": "a\ud800b"}),
    _mut(data={"name": "a\x07b"}),
    _mut(data={"name": "x" * MAX_TEXT}),
    _mut(data={"name": "x" * (MAX_TEXT + 1)}),
    _mut(data={"Name": "x"}),
    _mut(data={"n\n": "x"}),
    _mut(data={f"f{chr(97 + i % 26)}{'a' * (i // 26)}": 1 for i in range(65)}),
    _mut(data={"l": [1]}),
    _mut(data=[]),
    _mut(base=None),
    _mut(op="update", base={"delta": ["1765000000000.00000", "dev"]}),
    {k: v for k, v in _mut().items() if k != "hlc"},
    {**_mut(), "extra": 1},
    "not a mutation",
]


@pytest.mark.parametrize("variant", range(len(VARIANTS)))
def test_push_read_by_hand_is_read_as_the_models_read_it(variant: int) -> None:
    doc = {"protocol": PROTOCOL_VERSION, "schema": SCHEMA, "device_id": str(uuid.uuid4())}
    doc["mutations"] = [_mut(1), VARIANTS[variant], _mut(3)]
    try:
        expected: PushRequest | None = PushRequest.model_validate(doc)
        error = None
    except ValidationError as exc:
        expected, error = None, exc.errors(include_url=False, include_context=False)
    try:
        got: PushRequest | None = parse_push(doc)
        got_error = None
    except ValidationError as exc:
        got, got_error = None, exc.errors(include_url=False, include_context=False)
    assert got_error == error
    if expected is not None:
        assert got is not None
        assert got.model_dump() == expected.model_dump()
        assert [m.model_fields_set for m in got.mutations] == [m.model_fields_set for m in expected.mutations]


def test_batches_sent_ahead_still_answer_per_record(hub: HubProcess, laptops: Callable[..., App]) -> None:
    """1,600 changes in four batches, one of them naming a visit the hub never heard of: that one
    is refused with its reason, every other change is stored once, and nothing waits."""
    a = laptops("a")
    _van_, visit = _van(a, "1号车")
    _signins(a, visit, 700)
    _signins(a, str(uuid.uuid4()), 1)  # in the second batch: an unknown visit
    _signins(a, visit, 900, start=701)
    res = a.sync.sync_now()
    assert res.rejected == 1 and res.pending == 0
    st = a.sync.status()
    assert len(st.rejects) == 1 and "visit_id" in st.rejects[0]["reason"]
    ents = json.loads(hub.export())["entities"]
    assert len(ents["signin"]) == 1_600
    again = a.sync.sync_now()  # nothing left, nothing doubled
    assert again.pushed == 0 and again.requests == 1
    assert len(json.loads(hub.export())["entities"]["signin"]) == 1_600


def test_answer_gzip_decodes_to_the_push_answer(hub: HubProcess) -> None:
    """A push with its pull page, answered compressed, decodes to the same JSON (the laptop's
    client and an older laptop both read it with their HTTP library)."""
    device = str(uuid.uuid4())
    tok = _token(hub, device)
    body = {
        "protocol": PROTOCOL_VERSION,
        "schema": SCHEMA,
        "device_id": device,
        "mutations": [],
        "pull": {"cursor": 0, "limit": 100},
    }
    raw = gzip.compress(json.dumps(body).encode())
    with httpx.Client(base_url=hub.url) as c:
        r = c.post(
            "/sync/push",
            content=raw,
            headers={"Authorization": f"Bearer {tok}", "Content-Encoding": "gzip", "Content-Type": "application/json"},
        )
    assert r.status_code == 200
    doc = r.json()
    assert doc["results"] == [] and doc["last_seq"] == 0 and doc["accepts_client"] is True
    assert (
        doc["pull"]["records"] == [] and doc["pull"]["has_more"] is False and doc["pull"]["max_limit"] == MAX_PULL_LIMIT
    )
