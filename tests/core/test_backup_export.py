"""Backups, restore, the health check, and the canonical export."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from caravan_app.services.app import App
from caravan_app.services.export import canonical_export, export
from caravan_app.storage.records import apply_remote
from tests.conftest import fresh_data_dir


def test_rotating_backups_keep_the_newest(app: App, field: dict[str, str]) -> None:
    paths = [app.maintenance.backup() for _ in range(16)]
    kept = sorted(p.name for p in app.maintenance.backups() if p.name.startswith("auto-"))
    assert len(kept) == 14 and paths[-1].name in kept and paths[0].name not in kept


def test_automatic_backup_only_when_due(app: App, field: dict[str, str]) -> None:
    import os

    first = app.maintenance.backup_if_due(hours=12)
    assert first is not None and first.exists()
    assert app.maintenance.backup_if_due(hours=12) is None  # a fresh one exists
    old = first.stat().st_mtime - 13 * 3600
    os.utime(first, (old, old))
    assert app.maintenance.backup_if_due(hours=12) is not None


def test_restore_brings_back_the_backup_and_keeps_the_current_aside(tmp_path: Path) -> None:
    data = fresh_data_dir(tmp_path / "d")
    app = App.open(data)
    app.catalog.add_caravan("1号车")
    b = app.maintenance.backup(tmp_path / "b.db")
    app.catalog.add_caravan("2号车")
    aside = app.maintenance.restore(b, leave_unsent=True)  # back on purpose: the unsent van only saved
    assert aside is not None and aside.exists()
    app2 = App.open(data)
    assert [c.name for c in app2.catalog.caravans()] == ["1号车"]
    app2.close()
    (saved,) = (data / "backups").glob("unsent-*.json")  # … and kept, never dropped
    assert "2号车" in saved.read_text(encoding="utf-8")


def test_check_finds_a_tampered_ledger(app: App, field: dict[str, str]) -> None:
    assert app.maintenance.check().ok
    conn = sqlite3.connect(app.db.path)
    conn.execute("drop trigger movements_no_update")
    conn.execute("update movements set qty = -qty")  # loads now look like hand-outs
    conn.commit()
    conn.close()
    rep = app.maintenance.check()
    assert not rep.ok
    assert any("append-only" in p for p in rep.problems)
    assert any("wrong sign" in p for p in rep.problems)


def test_check_reports_a_corrupt_file(tmp_path: Path) -> None:
    data = fresh_data_dir(tmp_path / "d")
    app = App.open(data)
    for i in range(200):
        app.sites.add(name=f"学校{i}", county="任城区")
    app.close()
    db = data / "caravan.db"
    raw = bytearray(db.read_bytes())
    for off in range(4096 * 2, min(len(raw), 4096 * 6)):
        raw[off] = 0xFF
    db.write_bytes(bytes(raw))
    from caravan_app.services.maintenance import MaintenanceService

    class _Db:
        path = db

    rep = MaintenanceService(_Db(), data).check()  # type: ignore[arg-type]
    assert not rep.ok


def test_canonical_export_is_identical_for_the_same_data_on_two_devices(tmp_path: Path) -> None:
    a = App.open(fresh_data_dir(tmp_path / "a"))
    b = App.open(fresh_data_dir(tmp_path / "b"))
    c = a.catalog.add_caravan("1号车")
    s = a.sites.add(name="某小学", county="任城区")
    v = a.visits.add(s, c, "2026-11-01")
    a.visits.arrive(v)  # a count needs a visit that has started (issue #10)
    a.attendance.tally(v, "primary", 12)
    a.sites.update(s, town="唐口街道")
    # Ship a's records to b the way sync does (full state + clocks).
    with a.db.read() as sa, b.db.write() as sb:
        from caravan_app.storage import models as m
        from caravan_app.storage.records import record_fields

        for entity, model in m.MODELS.items():
            for row in sa.scalars(__import__("sqlalchemy").select(model)):
                rec = {
                    "id": row.id,
                    "device_id": row.device_id,
                    "hlc": row.hlc,
                    "data": {**record_fields(entity, row), "deleted": row.deleted},
                }
                if hasattr(row, "clocks"):
                    rec["clocks"] = json.loads(row.clocks)
                apply_remote(sb, b.db, entity, rec)
                apply_remote(sb, b.db, entity, rec)  # a duplicate delivery changes nothing
    ea, eb = canonical_export(a.db), canonical_export(b.db)
    assert ea == eb
    doc = json.loads(ea)
    assert doc["entities"]["tally"][0]["delta"] == 12
    assert "outbox" not in ea.decode() and "clocks" not in ea.decode()
    a.close()
    b.close()


def test_xlsx_and_csv_exports_have_chinese_headers(app: App, field: dict[str, str], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    (x,) = export(app.db, tmp_path / "all.xlsx", raw=True)  # tables as stored (office export: test_office_export)
    wb = load_workbook(x)
    ws = wb["学校站点"]
    assert ws["B1"].value == "名称/姓名" and ws.freeze_panes == "A2"
    assert ws["B2"].value == "鱼台县第一中学"
    files = export(app.db, tmp_path / "csv", raw=True)
    raw = (tmp_path / "csv" / "学校站点.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "鱼台县第一中学" in raw.decode("utf-8-sig")
    from caravan_app.domain.schema import ENTITIES

    assert len(files) == len(ENTITIES) == 24  # one per synced table (reviews, settings, requests, ratings, photos too)
