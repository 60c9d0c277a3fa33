"""Site lists as offices send them: encodings, XLSX with title rows, English headers,
full-width digits, broken files. The shared sample must import cleanly."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from caravan_app.services.app import App
from caravan_app.services.importer import ImportFailed

SAMPLE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "sites_sample.csv"

ROWS = [
    ["序号", "学校/站点名称", "类型", "所属县市区", "乡镇(街道)", "详细地址", "联系人", "联系电话", "在校学生数"],
    [
        "1",
        "鱼台县第一中学",
        "高中",
        "鱼台县",
        "王庙镇",
        "济宁市鱼台县王庙镇人民路188号",
        "孟芳",
        "0537-8889348",
        "３６９４",
    ],
    ["2", "  泉林社区科普馆 ", "社区科普馆", "泗水", "泉林镇", "", "于芳", "0537-5637683", ""],
    ["3", "西平中学", "初中", "微山县", "西平镇", "", "陆敏", "15110655224", "1791"],
]


def _csv_bytes(rows: list[list[str]], encoding: str) -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue().encode(encoding)


@pytest.mark.skipif(not SAMPLE.exists(), reason="shared sample not present")
def test_the_shared_sample_imports_cleanly(app: App) -> None:
    rep = app.importer.import_file(SAMPLE)
    assert rep.rejected == 0 and rep.counts()["unchanged"] == 0
    n_rows = len(SAMPLE.read_text(encoding="utf-8-sig").strip().splitlines()) - 1
    assert rep.imported == n_rows == len(app.sites.list())
    again = app.importer.import_file(SAMPLE)
    assert again.imported == 0 and again.counts()["unchanged"] == n_rows


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_every_encoding_offices_use(app: App, tmp_path: Path, encoding: str) -> None:
    f = tmp_path / "sites.csv"
    f.write_bytes(_csv_bytes(ROWS, encoding))
    rep = app.importer.import_file(f)
    assert rep.imported == 3, rep.rows
    sites = {s.name: s for s in app.sites.list()}
    assert sites["鱼台县第一中学"].students == 3694  # full-width digits cleaned
    assert "泉林社区科普馆" in sites and sites["泉林社区科普馆"].county == "泗水县"  # spaces, short county
    assert sites["西平中学"].kind == "junior_school"


def test_tab_separated_gbk_as_excel_saves_it(app: App, tmp_path: Path) -> None:
    f = tmp_path / "sites.txt"
    f.write_bytes("\r\n".join("\t".join(r) for r in ROWS).encode("gbk"))
    assert app.importer.import_file(f).imported == 3


def test_xlsx_with_title_rows_and_english_headers(app: App, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["2026年鱼台县科普大篷车进校园站点名单"])
    ws.append(["填报单位：鱼台县科协", None, "日期：2026-09-01"])
    ws.append(["Site name", "County", "Town", "Students", "Phone"])
    ws.append(["王庙中心小学", "鱼台县", "王庙镇", 812, "0537-1234567"])
    ws.append(["张黄中学", "鱼台县", "张黄镇", 1204.0, None])
    ws.append([None, None, None, None, None])
    ws.append(["", "北京市", "", "", ""])  # no name: rejected with reason
    f = tmp_path / "sites.xlsx"
    wb.save(f)
    preview = app.importer.read(f)
    assert preview.header_row == 3 and preview.encoding == "xlsx"
    rep = app.importer.commit(preview)
    assert rep.imported == 2 and rep.rejected == 1
    bad = [r for r in rep.rows if r.status == "rejected"][0]
    assert bad.row == 7 and "名称" in bad.reason
    assert {s.students for s in app.sites.list()} == {812, 1204}


def test_rows_in_error_are_reported_and_the_rest_imported(app: App, tmp_path: Path) -> None:
    rows = [
        ROWS[0],
        ROWS[1],
        ["9", "某某小学", "小学", "朝阳区", "", "", "", "", "300"],
        ["10", "某村", "村/社区", "金乡县", "", "", "", "12ab", ""],
        ["11", "鱼台县第一中学", "高中", "鱼台县", "", "", "", "", ""],
    ]
    f = tmp_path / "s.csv"
    f.write_bytes(_csv_bytes(rows, "utf-8"))
    rep = app.importer.import_file(f)
    by_row = {r.row: r for r in rep.rows}
    assert by_row[2].status == "new"
    assert by_row[3].status == "rejected" and "县市区" in by_row[3].reason
    assert by_row[4].status == "rejected" and "电话" in by_row[4].reason
    assert by_row[5].status == "rejected" and "第2行" in by_row[5].reason  # repeated in the file
    assert rep.imported == 1 and len(app.sites.list()) == 1


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"", "空"),
        (b"\x00\x01\x02\x03binary", "二进制"),
        ("名字,电话\n张三,1\n".encode(), "表头"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
        (b"PK\x03\x04broken zip", "Excel"),
    ],
)
def test_unreadable_files_import_nothing_and_say_why(app: App, tmp_path: Path, content: bytes, needle: str) -> None:
    f = tmp_path / ("bad.xlsx" if content.startswith(b"PK") else "bad.csv")
    f.write_bytes(content)
    with pytest.raises(ImportFailed) as e:
        app.importer.import_file(f)
    assert needle in e.value.zh
    assert app.sites.list() == []


def test_chinese_punctuation_survives_an_import(app: App, tmp_path: Path) -> None:
    """Widths are folded (rules.fold_width), not NFKC: （东校区） and ，stay as typed."""
    rows = [
        ["学校名称（全称）", "所属县市区", "详细地址", "联系人", "在校学生数"],
        ["任城区李营街道第一实验小学（东校区）", "任城区", "建设北路（东校区南门），向东三百米", "王校长", "１２０"],
    ]
    f = tmp_path / "sites.csv"
    f.write_bytes(_csv_bytes(rows, "gbk"))
    rep = app.importer.import_file(f)
    assert rep.imported == 1, rep.rows
    (site,) = app.sites.list()
    assert site.name == "任城区李营街道第一实验小学（东校区）" and "(" not in site.name
    assert site.address == "建设北路（东校区南门），向东三百米" and site.students == 120
