"""Photos as evidence on one laptop: content-addressed files written whole, the photo fact,
the same photo twice is one, hostile files refused naming the file, 精选 ≤ 5, removal with a
reason, and the CLI."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest
from PIL import Image

from caravan_app.cli.main import main
from caravan_app.domain.errors import DomainError, RuleError
from caravan_app.services.app import App
from caravan_app.services.photo_images import PhotoRefused
from tests import photofiles


def _files(app: App) -> list[Path]:
    root = app.data_dir / "photos"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _outbox(app: App, entity: str) -> list[dict]:
    import sqlite3

    con = sqlite3.connect(app.data_dir / "caravan.db")
    try:
        rows = con.execute("SELECT record_id, op, data FROM outbox WHERE entity = ?", (entity,)).fetchall()
    finally:
        con.close()
    return [{"id": r[0], "op": r[1], "data": json.loads(r[2])} for r in rows]


def test_a_phone_photo_is_kept_upright_by_its_hash_with_its_exif_time_corrected_and_gps_only_in_metadata(
    app: App, field: dict[str, str], tmp_path: Path
) -> None:
    data = photofiles.jpeg(4000, 3000, orientation=6, gps=(35.414, 116.587))  # held sideways (EXIF 6)
    src = photofiles.write(tmp_path / "IMG_0001.jpg", data)
    app.db.clock.offset_ms = 2 * 3600 * 1000  # the hub measured this laptop two hours behind
    r = app.photos.add(field["visit"], src, caption="学生动手做实验", sent_by="王志愿")
    assert r.new and r.photo is not None
    p = r.photo
    assert p.file_hash == hashlib.sha256(data).hexdigest()
    assert (p.width, p.height) == (3000, 4000)  # upright: portrait
    assert p.taken_at == "2026-05-01T11:30:00"
    assert p.gps is not None and p.gps.startswith("35.41") and ",116.58" in p.gps
    assert (p.caption, p.sent_by, p.public, p.chosen) == ("学生动手做实验", "王志愿", False, False)
    original = app.photos.path(p, "original")
    assert original is not None and original.read_bytes() == data and original.name == p.file_hash
    display = app.photos.path(p, "display")
    assert display is not None and hashlib.sha256(display.read_bytes()).hexdigest() == p.display_hash
    with Image.open(display) as d:
        assert d.format == "JPEG" and d.size == (1200, 1600)  # long side 1600, upright
        assert not d.getexif()  # no EXIF at all in the copy that travels: no GPS
    thumb = app.photos.thumbnail(p)
    assert thumb is not None
    with Image.open(thumb) as t:
        assert max(t.size) == 240
    [row] = _outbox(app, "photo")
    assert row["op"] == "insert" and row["data"]["file_hash"] == p.file_hash


def test_the_same_photo_twice_is_one_photo_and_one_fact(app: App, field: dict[str, str], tmp_path: Path) -> None:
    data = photofiles.jpeg(800, 600)
    a = photofiles.write(tmp_path / "a.jpg", data)
    b = photofiles.write(tmp_path / "copy of a.jpg", data)
    first = app.photos.add(field["visit"], a)
    again = app.photos.add(field["visit"], b)
    assert first.new and not again.new
    assert first.photo is not None and again.photo is not None and again.photo.id == first.photo.id
    assert len(app.photos.of_visit(field["visit"])) == 1
    assert len(_outbox(app, "photo")) == 1
    assert len([f for f in _files(app) if "thumbs" not in f.parts]) == 2  # original + display copy


@pytest.mark.parametrize("kind", ["not_an_image", "bomb", "sixty_mb", "huge_exif"])
def test_hostile_files_are_refused_naming_the_file_and_nothing_is_written(
    app: App, field: dict[str, str], tmp_path: Path, kind: str
) -> None:
    name = f"{kind}.jpg"
    path = tmp_path / name
    if kind == "not_an_image":
        photofiles.write(path, b"%PDF-1.4 this is a document, not a photo\n" * 100)
    elif kind == "bomb":
        photofiles.write(path, photofiles.png_bomb())
    elif kind == "sixty_mb":
        photofiles.big_file(path, 60)
    else:
        photofiles.write(path, photofiles.huge_exif_jpeg(2.0))
    with pytest.raises(PhotoRefused) as e:
        app.photos.add(field["visit"], path)
    why = {"not_an_image": "不是可识别的图片", "bomb": "像素太多", "sixty_mb": "文件太大", "huge_exif": "元数据"}
    assert e.value.zh.startswith(f"{name}：") and why[kind] in e.value.zh
    assert name in e.value.en
    assert _files(app) == []
    assert app.photos.of_visit(field["visit"]) == [] and _outbox(app, "photo") == []


def test_one_bad_file_in_a_batch_does_not_stop_the_others(app: App, field: dict[str, str], tmp_path: Path) -> None:
    good = photofiles.write(tmp_path / "good.jpg", photofiles.jpeg(640, 480))
    bad = photofiles.write(tmp_path / "bad.jpg", b"not a photo")
    results = app.photos.add_many(field["visit"], [bad, good])
    assert results[0].error is not None and "bad.jpg" in results[0].error.zh
    assert results[1].photo is not None and results[1].new


def test_at_most_five_chosen_per_visit(app: App, field: dict[str, str], tmp_path: Path) -> None:
    ids = []
    for i in range(6):
        r = app.photos.add(field["visit"], photofiles.write(tmp_path / f"{i}.jpg", photofiles.jpeg(320, 240, seed=i)))
        assert r.photo is not None
        ids.append(r.photo.id)
    for pid in ids[:5]:
        app.photos.set_chosen(pid, True)
    with pytest.raises(RuleError) as e:
        app.photos.set_chosen(ids[5], True)
    assert "最多选 5 张" in e.value.zh
    app.photos.set_chosen(ids[0], False)
    assert app.photos.set_chosen(ids[5], True).chosen
    assert len(app.photos.chosen(field["visit"])) == 5


def test_removal_is_a_fact_with_its_reason_and_the_files_go(app: App, field: dict[str, str], tmp_path: Path) -> None:
    r = app.photos.add(field["visit"], photofiles.write(tmp_path / "p.jpg", photofiles.jpeg(640, 480)))
    assert r.photo is not None
    with pytest.raises(DomainError) as e:
        app.photos.remove(r.photo.id, "  ")
    assert e.value.field == "reason"
    app.photos.remove(r.photo.id, "拍到了学生正脸，家长不同意")
    assert app.photos.of_visit(field["visit"]) == []
    assert _files(app) == []
    [fact] = _outbox(app, "photo_removal")
    assert fact["data"]["reason"] == "拍到了学生正脸，家长不同意" and fact["data"]["photo_id"] == r.photo.id
    with pytest.raises(PhotoRefused) as again:  # sending it once more does not bring it back
        app.photos.add(field["visit"], tmp_path / "p.jpg")
    assert "已从该活动删除" in again.value.zh


def test_cli_add_list_export_remove(app: App, field: dict[str, str], tmp_path: Path, capsys) -> None:
    d = str(app.data_dir)
    app.close()
    one = photofiles.write(tmp_path / "one.jpg", photofiles.jpeg(1000, 800, seed=3, gps=(35.4, 116.6)))
    two = photofiles.write(tmp_path / "two.jpg", photofiles.jpeg(1000, 800, seed=4))
    junk = photofiles.write(tmp_path / "notes.txt", b"hello")
    assert (
        main(["--data-dir", d, "photo", "add", field["visit"], str(one), str(two), str(junk), "--caption", "科普展示"])
        == 1
    )
    out = capsys.readouterr()
    assert out.out.count("已添加") == 2 and "notes.txt" in out.out
    assert main(["--data-dir", d, "--json", "photo", "list", field["visit"]]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [p["caption"] for p in listed] == ["科普展示", "科普展示"] and any(p["gps"] for p in listed)
    out_dir = tmp_path / "out"
    assert main(["--data-dir", d, "photo", "export", field["visit"], str(out_dir)]) == 0
    exported = sorted(out_dir.iterdir())
    assert [p.suffix for p in exported] == [".jpg", ".jpg"]
    for p in exported:
        with Image.open(io.BytesIO(p.read_bytes())) as img:
            assert not img.getexif().get_ifd(0x8825)  # no GPS in what leaves the laptop
    capsys.readouterr()
    assert main(["--data-dir", d, "photo", "remove", listed[0]["id"][:8], "--reason", "重复"]) == 0
    assert "已删除照片" in capsys.readouterr().out
    assert main(["--data-dir", d, "photo", "list", field["visit"], "--json"]) == 0
    assert [p["id"] for p in json.loads(capsys.readouterr().out)] == [listed[1]["id"]]


def test_a_retention_purge_removes_old_photos_everywhere_and_keeps_the_figures_and_the_code(
    app: App, field: dict[str, str], tmp_path: Path
) -> None:
    import datetime as dt

    old = app.visits.add(field["site"], field["caravan"], dt.date.today() - dt.timedelta(days=120))
    app.visits.arrive(old)
    app.attendance.tally(old, "teacher", 7)
    app.visits.complete(old)
    code = app.reports.figures(old).payload()
    for i, v in enumerate((old, field["visit"])):
        app.photos.add(v, photofiles.write(tmp_path / f"r{i}.jpg", photofiles.jpeg(320, 240, seed=60 + i)))
    assert app.photos.purge() == []  # no retention set: nothing goes
    app.photos.set_retention_days(90)
    gone = app.photos.purge()
    assert [p.visit_id for p in gone] == [old]
    assert app.photos.of_visit(old) == [] and len(app.photos.of_visit(field["visit"])) == 1
    [fact] = _outbox(app, "photo_removal")
    assert "保存期限已到" in fact["data"]["reason"]  # a synced fact: the hub and other laptops drop it too
    assert app.reports.verify(code).ok and app.visits.summary(old).tallies["teacher"] == 7


def test_the_crew_link_names_its_visit_as_a_record_until_the_visit_ends(app: App, field: dict[str, str]) -> None:
    import dataclasses
    import datetime as dt

    from caravan_app.services.photos import CrewVisit

    token = app.photos.crew_token(field["visit"])
    v = app.photos.crew_visit(token)
    assert v == CrewVisit(field["visit"], "鱼台县第一中学", dt.date.today().isoformat())
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.site = "别的学校"  # type: ignore[misc]
    app.visits.arrive(field["visit"])
    app.visits.complete(field["visit"])
    with pytest.raises(DomainError) as e:
        app.photos.crew_visit(token)
    assert "已过期" in e.value.zh
