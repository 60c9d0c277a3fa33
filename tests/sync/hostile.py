"""Records as an honest laptop writes them, one per entity, all naming each other, and the pushes
that put them on a hub: what hostile-push tests change one field of."""

from __future__ import annotations

from typing import Any

from caravan_app.domain.schema import ENTITIES


def U(n: int) -> str:
    return f"00000000-0000-7000-8000-{n:012d}"


AT = "2026-05-01T10:00:00"
DAY = "2026-05-01"
# One existing record of every entity something can name (pushed by ``base_mutations``).
REF = {
    "caravan": U(9001),
    "site": U(9002),
    "person": U(9003),
    "title": U(9004),
    "visit": U(9005),
    "tally": U(9006),
    "signin": U(9007),
    "movement": U(9008),
    "day_close": U(9009),
    "odometer": U(9010),
    "merge": U(9011),
    "device": U(9012),
    "photo": U(9013),
}

VALID: dict[str, dict[str, Any]] = {
    "caravan": {"name": "1号车", "plate": "鲁H12345", "home_county": "任城区", "notes": None, "active": True},
    "device": {"name": "笔记本", "caravan_id": REF["caravan"]},
    "person": {
        "name": "张老师",
        "role": "crew",
        "volunteer_no": None,
        "team": None,
        "phone": "13900000000",
        "organisation": None,
        "caravan_id": REF["caravan"],
        "badge_code": None,
        "active": True,
    },
    "site": {
        "name": "实验小学",
        "kind": "小学",
        "county": "任城区",
        "town": None,
        "address": None,
        "contact": None,
        "phone": None,
        "students": 300,
        "notes": None,
    },
    "title": {"name": "身边的科学", "kind": "book", "unit": "册", "publisher": None, "active": True},
    "visit": {
        "site_id": REF["site"],
        "caravan_id": REF["caravan"],
        "date": DAY,
        "status": "in_progress",
        "theme": "科技进校园",
        "activities": None,
        "arrived_at": AT,
        "left_at": None,
        "notes": None,
        "signin_token": None,
        "activity_kind": "exhibition",
        "request_id": None,
        "answer": None,
        "answer_reason": None,
    },
    "duty_event": {"visit_id": REF["visit"], "person_id": REF["person"], "kind": "on", "at": AT},
    "tally": {"visit_id": REF["visit"], "group": "primary", "delta": 30, "at": AT},
    "signin": {
        "visit_id": REF["visit"],
        "name": "李四",
        "group": "teacher",
        "organisation": "实验小学",
        "phone": None,
        "method": "manual",
        "person_id": None,
        "dedupe_key": "n:李四|实验小学",
        "at": AT,
    },
    "movement": {
        "caravan_id": REF["caravan"],
        "title_id": REF["title"],
        "kind": "load",
        "qty": 100,
        "visit_id": None,
        "recipient": None,
        "reason": None,
        "override": False,
        "ref_id": None,
        "at": AT,
    },
    "merge": {"entity": "site", "from_id": REF["site"], "into_id": U(9020), "reason": "same", "undoes": None},
    "day_close": {
        "caravan_id": REF["caravan"],
        "date": DAY,
        "lines": f'[{{"counted":98,"difference":-2,"expected":100,"title_id":"{REF["title"]}"}}]',
        "note": None,
        "at": AT,
    },
    "visit_reopen": {"visit_id": REF["visit"], "reason": "补录", "by": None, "at": AT},
    "signin_correction": {
        "signin_id": REF["signin"],
        "visit_id": REF["visit"],
        "kind": "void",
        "reason": None,
        "at": AT,
    },
    "tally_takeback": {
        "tally_id": REF["tally"],
        "visit_id": REF["visit"],
        "group": "primary",
        "qty": 2,
        "seen": 0,
        "at": AT,
    },
    "privacy_action": {
        "kind": "erase",
        "visit_id": None,
        "signin_ids": f'["{REF["signin"]}"]',
        "fields": "name,phone,organisation",
        "name": None,
        "reason": None,
        "at": AT,
    },
    "odometer": {
        "caravan_id": REF["caravan"],
        "date": DAY,
        "out_km": 1000,
        "back_km": 1080,
        "confirmed": False,
        "note": None,
        "corrects": None,
        "at": AT,
    },
    "certificate_issue": {
        "number": "ZM20260501-K7QMX2",
        "person_id": REF["person"],
        "name": "张老师",
        "role": "volunteer",
        "start": "2026-01-01",
        "end": DAY,
        "issued_on": DAY,
        "minutes": 120,
        "services": f'[["{REF["visit"]}", "{DAY}", "实验小学", "科普展示", 120]]',
        "digest": "K7QMX2ABCD",
        "reprint_of": None,
        "id_type": None,
        "id_masked": None,
        "issuer": '{"name": "济宁市科学技术协会"}',
        "at": AT,
    },
    # made only by the hub (server/authoring.py): a laptop's push of one is refused hub_only
    "review": {
        "visit_id": REF["visit"],
        "decision": "returned",
        "reason": "人数填写有误",
        "by": "王科员",
        "round": 0,
        "at": AT,
    },
    "office_setting": {"name": "reports_count", "value": "approved"},
    "request": {
        "number": "2026-0001-K7QM",
        "site_id": REF["site"],
        "contact": "王老师",
        "groups": "小学生",
        "size": 120,
        "topics": "机器人",
        "remarks": None,
        "earliest": DAY,
        "latest": "2026-05-20",
    },
    "rating": {"visit_id": REF["visit"], "score": 5, "comment": "很好", "source": "laptop", "at": AT},
    "photo": {
        "visit_id": REF["visit"],
        "file_hash": "a" * 64,
        "display_hash": "b" * 64,
        "size": 4_000_000,
        "width": 4000,
        "height": 3000,
        "taken_at": AT,
        "sent_by": "王志愿",
        "caption": "学生动手做实验",
        "public": True,
        "chosen": True,
        "gps": "35.414000,116.587000",
        "at": AT,
    },
    "photo_removal": {"photo_id": REF["photo"], "visit_id": REF["visit"], "reason": "重复", "at": AT},
}
assert set(VALID) == set(ENTITIES) and all(set(VALID[e]) == set(ENTITIES[e].fields) for e in ENTITIES)

# The records every other one names, in an order a laptop would push them.
BASE_ORDER = (
    "caravan",
    "site",
    "person",
    "title",
    "visit",
    "tally",
    "signin",
    "movement",
    "day_close",
    "odometer",
    "photo",
)
# merge's into_id must exist too
SECOND_SITE = {**VALID["site"], "name": "二号小学"}


def mutation(seq: int, rid: str, entity: str, data: dict[str, Any], hlc: str = "1700000000000.00000") -> dict:
    return {"seq": seq, "id": rid, "entity": entity, "op": "insert", "hlc": hlc, "data": data}


def base_mutations(first_seq: int = 1) -> list[dict]:
    """The records ``VALID`` names, as one push (seq from ``first_seq``)."""
    out = [mutation(first_seq + i, REF[e], e, VALID[e]) for i, e in enumerate(BASE_ORDER)]
    out.append(mutation(first_seq + len(out), U(9020), "site", SECOND_SITE))
    return out


SEEDER = U(9099)


def enroll(hub: Any, device_id: str) -> str:

    from caravan_app.sync.protocol import PROTOCOL_VERSION, SCHEMA

    r = hub.http.post(
        "/enroll",
        json={"protocol": PROTOCOL_VERSION, "schema": SCHEMA, "code": hub.code(), "device_id": device_id},
    )
    assert r.status_code == 200, r.text
    return str(r.json()["token"])


def push(hub: Any, token: str, device_id: str, muts: list[dict]) -> Any:

    from caravan_app.sync.protocol import PROTOCOL_VERSION, SCHEMA

    body = {"protocol": PROTOCOL_VERSION, "schema": SCHEMA, "device_id": device_id, "mutations": muts}
    return hub.http.post("/sync/push", json=body, headers={"Authorization": f"Bearer {token}"})


def seed(hub: Any) -> None:
    """Put the records ``VALID`` names on the hub (pushed by a device of their own)."""
    r = push(hub, enroll(hub, SEEDER), SEEDER, base_mutations())
    assert r.status_code == 200 and r.json()["results"] == [], r.text


def battery(app: Any, out: Any, year: int = 2026) -> None:
    """What a crew and the office run on a laptop: sync, check, every visit's details and
    report, every day's receipt, the period and statistics reports. A refusal worded for
    people (DomainError) is an answer; any other exception fails the caller's test."""
    import datetime as dt

    from caravan_app.domain.errors import DomainError

    out.mkdir(parents=True, exist_ok=True)
    if app.sync.server():
        app.sync.sync_now()
    app.maintenance.check()
    days = set()
    for v in app.visits.list() if hasattr(app.visits, "list") else []:
        vid = v.id
        days.add(v.date)
        app.visits.summary(vid).to_dict()
        app.attendance.tally_review(vid)
        try:
            app.reports.visit_pdf(vid, out / f"v-{vid}.pdf")
        except DomainError:
            pass
    days.add(dt.date.today().isoformat())
    for d in sorted(days):
        try:
            app.reports.day_pdf(d, out / f"d-{d}.pdf", None)
        except DomainError:
            pass
    app.reports.period_files(f"{year}-01-01", f"{year}-12-31", out / "p.pdf", None, xlsx=out / "p.xlsx")
    app.reports.stats_xlsx(year, out / "s.xlsx", None)
