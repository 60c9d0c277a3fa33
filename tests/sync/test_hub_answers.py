"""A hub answer that breaks the protocol (an old, broken or foreign server on the hub's address)
is a sync error naming the field, in Chinese first; nothing of it is used: the outbox and the
cursor stay where they were. The "hub" here is a real HTTP server on loopback that answers 200
with whatever body the test sets for a path."""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from caravan_app.services.app import App
from caravan_app.sync.errors import SyncError
from tests.conftest import fresh_data_dir


class HostileHub:
    """Answers each POST with ``answers[path]`` (JSON, or raw bytes) and status 200."""

    def __init__(self) -> None:
        self.answers: dict[str, Any] = {}
        self.asked: list[str] = []
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.headers.get("Content-Encoding") == "gzip":
                    raw = gzip.decompress(raw)
                json.loads(raw)  # the laptop's request is well-formed JSON
                self._answer(self.path)

            def do_PUT(self) -> None:  # noqa: N802 - a photo piece: the body is raw bytes
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self._answer(self.path.split("?", 1)[0])

            def _answer(self, path: str) -> None:
                """200 with what the test set for ``path`` (JSON, or raw bytes as they are)."""
                hub.asked.append(path)
                answer = hub.answers[path]
                body = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_a: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _now() -> int:
    return int(time.time() * 1000)


def _enroll_answer(app: App) -> dict[str, Any]:
    return {"token": "t" * 32, "device_id": app.db.device_id, "caravan": "1号车", "server_time_ms": _now()}


def _page(cursor: int = 0, has_more: bool = False) -> dict[str, Any]:
    return {"records": [], "cursor": cursor, "has_more": has_more, "server_time_ms": _now()}


@pytest.fixture
def hostile() -> Iterator[HostileHub]:
    h = HostileHub()
    yield h
    h.close()


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[App]:
    a = App.open(fresh_data_dir(tmp_path / "lap"))
    yield a
    a.close()


def _enrolled(laptop: App, hostile: HostileHub) -> App:
    hostile.answers["/enroll"] = _enroll_answer(laptop)
    laptop.sync.enroll(hostile.url, "ABCD-EFGH-JKLM")
    return laptop


@pytest.mark.parametrize(
    ("drop", "change", "field"),
    [
        ("token", None, "token"),
        (None, ("server_time_ms", "soon"), "server_time_ms"),
        (None, ("role", "admin"), "role"),
    ],
)
def test_a_broken_enrollment_answer_is_refused_by_name_and_nothing_is_kept(
    laptop: App, hostile: HostileHub, drop: str | None, change: tuple[str, Any] | None, field: str
) -> None:
    answer = _enroll_answer(laptop)
    if drop:
        del answer[drop]
    if change:
        answer[change[0]] = change[1]
    hostile.answers["/enroll"] = answer
    with pytest.raises(SyncError) as err:
        laptop.sync.enroll(hostile.url, "ABCD-EFGH-JKLM")
    assert err.value.code == "bad_answer"
    assert "注册" in err.value.zh and field in err.value.zh and "不符合协议" in err.value.zh
    assert field in err.value.en
    assert not laptop.sync.is_enrolled()  # no token kept, no hub remembered


def test_an_answer_that_is_not_a_json_object_is_a_sync_error(laptop: App, hostile: HostileHub) -> None:
    hostile.answers["/enroll"] = ["token"]
    with pytest.raises(SyncError) as err:
        laptop.sync.enroll(hostile.url, "ABCD-EFGH-JKLM")
    assert err.value.code == "bad_answer" and "不是 JSON 对象" in err.value.zh


@pytest.mark.parametrize(
    ("answer", "field"),
    [
        ({"last_seq": 1, "server_time_ms": 0}, "results"),
        ({"results": [], "last_seq": 1}, "server_time_ms"),
        ({"results": [{"seq": 1}], "last_seq": 1, "server_time_ms": 0}, "results.0.status"),
        ({"results": [], "last_seq": "1", "server_time_ms": 0}, "last_seq"),
        (
            {"results": [], "last_seq": 1, "server_time_ms": 0, "pull": {"records": [], "has_more": False}},
            "pull.cursor",
        ),
        ({"results": [], "last_seq": 1, "server_time_ms": 0, "pull": {**_page(), "records": {"a": 1}}}, "pull.records"),
    ],
)
def test_a_broken_push_answer_leaves_the_outbox_and_cursor_as_they_were(
    laptop: App, hostile: HostileHub, answer: dict[str, Any], field: str
) -> None:
    _enrolled(laptop, hostile)
    laptop.sites.add(name="实验小学", kind="小学", county="任城区")
    before = laptop.sync.pending_count()
    assert before > 0
    if answer.get("server_time_ms") == 0:
        answer["server_time_ms"] = _now()
    hostile.answers["/sync/push"] = answer
    with pytest.raises(SyncError) as err:
        laptop.sync.sync_now()
    assert err.value.code == "bad_answer"
    assert f"字段 {field}" in err.value.zh and "上传" in err.value.zh
    assert laptop.sync.pending_count() == before  # nothing marked pushed
    assert laptop.db.get_meta("sync_cursor") in (None, "", "0")
    status = laptop.sync.status()
    assert status.last_error is not None and field in status.last_error  # the sync page shows it


def test_a_broken_later_pull_page_stops_the_sync_after_the_good_pages(laptop: App, hostile: HostileHub) -> None:
    _enrolled(laptop, hostile)
    hostile.answers["/sync/push"] = {
        "results": [],
        "last_seq": 0,
        "server_time_ms": _now(),
        "pull": _page(cursor=7, has_more=True),
    }
    hostile.answers["/sync/pull"] = {"records": [], "cursor": 9, "server_time_ms": _now()}  # no has_more
    with pytest.raises(SyncError) as err:
        laptop.sync.sync_now()
    assert err.value.code == "bad_answer" and "字段 has_more" in err.value.zh and "下载" in err.value.zh
    assert hostile.asked.count("/sync/pull") == 1
    assert laptop.db.get_meta("sync_cursor") == "7"  # the good first page stands; the broken one is not used


def test_an_answer_a_newer_hub_extends_is_still_understood(laptop: App, hostile: HostileHub) -> None:
    answer = {**_enroll_answer(laptop), "motd": "新功能"}
    hostile.answers["/enroll"] = answer
    laptop.sync.enroll(hostile.url, "ABCD-EFGH-JKLM")
    hostile.answers["/sync/push"] = {
        "results": [],
        "last_seq": 0,
        "server_time_ms": _now(),
        "pull": {**_page(cursor=3), "records_total": 0},
        "banner": None,
    }
    res = laptop.sync.sync_now()
    assert res.pulled == 0 and laptop.db.get_meta("sync_cursor") == "3"


def test_a_bad_record_in_a_sound_page_is_set_aside_and_the_page_still_counts(laptop: App, hostile: HostileHub) -> None:
    """The envelope is checked whole; records one by one (quarantine), so one record the laptop
    cannot store never stops a sync."""
    _enrolled(laptop, hostile)
    bad = {"entity": "site", "id": "00000000-0000-7000-8000-00000000b002", "device_id": "x", "data": {"name": 5}}
    hostile.answers["/sync/push"] = {
        "results": [],
        "last_seq": 0,
        "server_time_ms": _now(),
        "pull": {**_page(cursor=5), "records": ["junk", bad]},
    }
    laptop.sync.sync_now()
    assert laptop.db.get_meta("sync_cursor") == "5"
    assert [q["record_id"] for q in laptop.sync.status().quarantined] == [bad["id"]]


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (b"<html>gateway</html>", "不是 JSON 对象"),
        ({"complete": False}, "received"),
        ({"received": "12", "complete": False}, "received"),
        ({"received": -1, "complete": False}, "received"),
        ({"received": 10, "complete": "yes"}, "complete"),
    ],
)
def test_a_broken_answer_to_a_photo_piece_is_a_sync_error_naming_the_field(
    tmp_path: Path, hostile: HostileHub, answer: Any, says: str
) -> None:
    """A photo piece's answer is read like every other answer: a gateway's HTML page or a wrong
    field stops that photo with the field named (the figures' sync stands), never a
    ValueError or AttributeError out of the sync."""
    from caravan_app.services.photo_sync import PhotoSyncResult, _upload
    from caravan_app.storage.photo_files import PhotoFiles
    from caravan_app.sync.client import HubClient

    files = PhotoFiles(tmp_path / "data")
    sha = files.put_bytes(b"\xff\xd8" + b"x" * 5000)
    hostile.answers["/photos/p1/display"] = answer
    with HubClient(hostile.url, "t" * 32) as c, pytest.raises(SyncError) as err:
        _upload(c, "dev-1", files, "p1", "display", sha, PhotoSyncResult())
    assert err.value.code == "bad_answer"
    assert "照片上传" in err.value.zh and says in err.value.zh
