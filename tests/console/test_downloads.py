"""Downloads of the 活动 lists: streamed CSV (UTF-8 BOM) and XLSX that parse back row for row,
Chinese file names per RFC 5987, phone numbers only for roles that may see them, every list
with names recorded in the audit log, formula-like text never run by Excel."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote

import openpyxl
import pytest
from fastapi import FastAPI

from caravan_app.console import auth
from caravan_app.console.audit import entries
from caravan_app.console.downloads import content_disposition, stream_csv
from caravan_app.console.downloads_xlsx import stream_xlsx
from caravan_app.console.projection import forget, projection
from caravan_app.server.db import HubDB

from .conftest import Browser

N = 10_000


@pytest.fixture
def seeded(console: FastAPI, tmp_path: Path, users: dict[str, auth.ConsoleUser]) -> Iterator[dict[str, str]]:
    """The read model with two visits (曲阜市, 金乡县); the first has N sign-ins, bulk-written."""
    hdb: HubDB = console.state.hdb
    p = projection(tmp_path, hdb)
    app = p.app
    c1 = app.catalog.add_caravan("1号车", "鲁H11111", "曲阜市")
    c2 = app.catalog.add_caravan("2号车", "鲁H22222", "金乡县")
    s1 = app.sites.add(name="曲阜市实验小学", county="曲阜市", town="城关镇", phone="0537-4441234")
    s2 = app.sites.add(name="金乡县第一中学", county="金乡县", phone="0537-5552345")
    today = dt.date.today()
    v1 = app.visits.add(s1, c1, today, theme="科技进校园")
    v2 = app.visits.add(s2, c2, today - dt.timedelta(days=1))
    t = app.catalog.add_title("身边的科学")
    app.stock.load(c1, t, 100)
    app.visits.arrive(v1)
    app.stock.distribute(c1, t, 7, v1, "三年级")
    app.attendance.signin(v1, '=HYPERLINK("http://x")', "parent", phone="13800000000")
    rows = [
        (f"00000000-0000-7000-8000-{i:012d}", "dev", f"{i:016d}", 0, v1, f"学生{i}", "primary", "实验小学",
         f"139{i:08d}", "phone", None, f"k{i}", f"{today.isoformat()}T09:{i // 1000 % 60:02d}:{i % 60:02d}")
        for i in range(N)
    ]  # fmt: skip
    with p.db.write() as s:
        s.connection().exec_driver_sql(
            'INSERT INTO signins (id, device_id, hlc, deleted, visit_id, name, "group", organisation, phone, method,'
            " person_id, dedupe_key, at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
    yield {"v1": v1, "v2": v2}
    forget(tmp_path)


def _login(browser: Callable[[], Browser], name: str) -> Browser:
    br = browser()
    assert br.login(name).status_code == 303
    return br


def test_signins_csv_of_many_rows_parses_back(seeded: dict[str, str], browser: Callable[[], Browser]) -> None:
    br = _login(browser, "olga")
    r = br.get("/downloads/signins.csv")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert r.content.startswith(b"\xef\xbb\xbf")  # Excel opens UTF-8 with a BOM as Chinese
    lines = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    head, body = lines[0], lines[1:]
    assert "电话" in head and "姓名" in head
    assert len(body) == N + 1
    names = {row[head.index("姓名")] for row in body}
    assert "学生9999" in names and '\'=HYPERLINK("http://x")' in names  # text, never a formula
    assert "13900009999" in {row[head.index("电话")] for row in body}
    cd = r.headers["content-disposition"]
    assert cd.startswith("attachment;") and unquote(cd.split("UTF-8''")[1]) == "签到_全部.csv"
    assert any(e.action == "export_csv" and e.subject.startswith("signins") for e in entries(seeded_hdb(br))[0])


def seeded_hdb(br: Browser) -> HubDB:
    app = br.client._transport.app  # type: ignore[attr-defined]
    hdb: HubDB = app.state.hdb
    return hdb


def test_county_download_has_no_phone_column_and_only_its_county(
    seeded: dict[str, str], browser: Callable[[], Browser]
) -> None:
    br = _login(browser, "cai")  # 曲阜市
    r = br.get("/downloads/signins.csv?start=2000-01-01")
    text = r.content.decode("utf-8-sig")
    head = next(csv.reader(io.StringIO(text)))
    assert "电话" not in head
    assert "139000" not in text and "13800000000" not in text
    visits = br.get("/downloads/visits.csv").content.decode("utf-8-sig")
    assert seeded["v1"] in visits and seeded["v2"] not in visits
    entry = next(e for e in entries(seeded_hdb(br))[0] if e.action == "export_csv" and e.subject.startswith("signins"))
    assert entry.user_name == "cai" and "start=2000-01-01" in entry.subject and "学生" not in entry.subject


def test_xlsx_downloads_open_in_a_spreadsheet(seeded: dict[str, str], browser: Callable[[], Browser]) -> None:
    br = _login(browser, "olga")
    r = br.get("/downloads/visits.xlsx")
    assert r.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "日期" and ws.title == "活动"
    by_id = {row[-1]: row for row in rows[1:]}
    assert by_id[seeded["v1"]][11:13] == (0, N + 1)  # people counted, signed in: the laptop's figures
    hand = openpyxl.load_workbook(io.BytesIO(br.get("/downloads/handouts.xlsx").content)).active
    assert [r[3:6] for r in hand.iter_rows(min_row=2, values_only=True)] == [("身边的科学", "册", 7)]
    sign = openpyxl.load_workbook(io.BytesIO(br.get("/downloads/signins.xlsx").content), read_only=True).active
    assert sum(1 for _ in sign.iter_rows(min_row=2)) == N + 1


def test_unknown_list_or_format_is_404(seeded: dict[str, str], browser: Callable[[], Browser]) -> None:
    br = _login(browser, "olga")
    assert br.get("/downloads/people.csv").status_code == 404
    assert br.get("/downloads/visits.pdf").status_code == 404
    assert br.get("/downloads/visits.csv?start=bad").status_code == 400


def test_streams_start_before_the_rows_are_read() -> None:
    read = 0

    def rows() -> Iterator[tuple[int, str]]:
        nonlocal read
        for i in range(200_000):
            read = i
            yield (i, f"姓名{i}")

    for stream in (stream_csv(("n", "姓名"), rows()), stream_xlsx("s", ("n", "姓名"), rows())):
        read = 0
        first = next(stream)
        assert first and read < 10_000  # the first bytes leave after a few rows, not the whole list
        assert sum(1 for _ in stream) > 5
        read = 0


def test_content_disposition_is_rfc5987() -> None:
    cd = content_disposition("活动_2026-05-01.csv")
    assert cd == "attachment; filename=\"___2026-05-01.csv\"; filename*=UTF-8''%E6%B4%BB%E5%8A%A8_2026-05-01.csv"
