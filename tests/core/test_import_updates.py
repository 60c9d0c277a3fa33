"""County lists as clerks send them, and the corrected list a month later (issue #16): every
outcome counted and shown with its Excel row number and the offending value; ``--update``
applies exactly the shown differences as ordinary edits (outbox rows, synced like hand edits)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from caravan_app.services.app import App
from caravan_app.services.importer import ImportFailed
from caravan_app.storage import models as m

HEADER = "学校名称,类型,所属县市区,乡镇(街道),详细地址,联系人,联系电话,在校学生数"
# Row numbers as Excel shows them: title row 1, note row 2, header row 3, data from row 4.
MESSY = "\n".join(
    [
        "2026年济宁市科普大篷车进校园站点名单",
        "填报单位：市科协,,,,,,,",
        HEADER,
        "柳行小学,小学,高新区,柳行街道,济宁高新区柳行街道1号,张老师,0537-2233445,约800人",  # 4 warned
        '疃里中学,初中,经开区,疃里镇,,李老师,13500000000,"1,200"',  # 5 new, quoted separator
        "太白湖小学,小学,太白湖新区,许庄街道,,王老师,13500000001,1,200",  # 6 warned: unquoted 1,200
        "安居小学,小学,济宁市任城区,安居街道,,赵老师,0537 - 2233445 / 13905371234,600",  # 7 warned: phones
        "<script>alert(1)</script>唐口小学,小学,任城,唐口街道,,,,",  # 8 warned: markup
        "谷亭小学,小学,任城区,谷亭街道,济宁市鱼台县谷亭街道8号,,,",  # 9 warned: county vs address
        "某某小学,小学,济宁,,,,,",  # 10 rejected: ambiguous county
        "多列小学,小学,嘉祥县,,,,,100,200,300",  # 11 rejected: more cells than the header
        "柳行小学,小学,济宁高新区,,,,,",  # 12 rejected: repeated in the file (row 4)
        "金乡小学,小学,金乡,鸡黍镇,,,,350",  # 13 new
    ]
)


def _write(tmp_path: Path, text: str, encoding: str = "gbk", name: str = "list.csv") -> Path:
    f = tmp_path / name
    f.write_bytes(text.encode(encoding))
    return f


def test_every_outcome_is_counted_and_shown_with_row_and_value(app: App, tmp_path: Path) -> None:
    preview = app.importer.read(_write(tmp_path, MESSY))
    assert preview.header_row == 3
    c = preview.counts()
    assert c == {"new": 7, "unchanged": 0, "changed": 0, "warned": 5, "rejected": 3}
    by = {r.row: r for r in preview.results}
    assert by[4].data["students"] == 800 and "约800人" in by[4].warnings[0] and "800" in by[4].warnings[0]
    assert by[4].data["county"] == "济宁高新区"
    assert by[5].data["students"] == 1200 and not by[5].warnings
    assert by[5].data["county"] == "济宁经济技术开发区"
    assert by[6].data["students"] == 1200 and "1,200" in by[6].warnings[0]
    assert by[6].data["county"] == "太白湖新区"
    assert by[7].data["phone"] == "0537-2233445" and by[7].data["county"] == "任城区"
    assert "13905371234" in by[7].data["notes"] and "13905371234" in by[7].warnings[0]
    assert by[8].name == "唐口小学" and "<script>" in by[8].warnings[0]
    assert by[9].warnings and "鱼台县" in by[9].warnings[0] and "谷亭街道8号" in by[9].warnings[0]
    assert by[10].status == "rejected" and "“济宁”" in by[10].reason
    assert "济宁高新区" in by[10].reason and "济宁经济技术开发区" in by[10].reason  # the candidates, no guess
    assert by[11].status == "rejected" and "200, 300" in by[11].reason and "10" in by[11].reason
    assert by[12].status == "rejected" and "第4行" in by[12].reason
    assert by[13].status == "new" and not by[13].warnings
    rep = app.importer.commit(preview)
    assert rep.imported == 7 and len(app.sites.list()) == 7
    stored = {s.name: s for s in app.sites.list()}
    assert "唐口小学" in stored and not any("<" in n for n in stored)
    assert stored["安居小学"].notes.endswith("13905371234")


# One sample per encoding clerks' machines produce. Big5 files are written in traditional
# characters (Big5 cannot hold simplified ones): they decode as written, never as mojibake.
ENCODED = [
    ("gbk", "学校名称,所属县市区,联系电话\n鱼台县王庙镇中心小学,鱼台县,13512345678\n"),
    ("gb18030", "学校名称,所属县市区,联系电话\n邹城市䶮村小学,邹城,13512345678\n"),  # 䶮: GB18030 only
    ("big5", "學校名稱,所屬縣市區,聯繫電話\n魚臺縣實驗小學,魚臺縣,0537-1234567\n"),
    ("utf-16", "学校名称\t所属县市区\t联系电话\n汶上县实验小学\t汶上县\t0537-7654321\n"),
    ("utf-16-le", "学校名称\t所属县市区\t联系电话\n泗水县实验小学\t泗水\t0537-7654321\n"),
]


@pytest.mark.parametrize(("encoding", "text"), ENCODED, ids=[e for e, _t in ENCODED])
def test_encodings_decode_as_written(app: App, tmp_path: Path, encoding: str, text: str) -> None:
    rep = app.importer.import_file(_write(tmp_path, text, encoding))
    name = text.splitlines()[1].split("\t" if "\t" in text else ",")[0]
    assert rep.imported == 1, [r.to_dict() for r in rep.rows]
    site = app.sites.list()[0]
    assert site.name == name  # exactly as written: no mojibake
    assert site.county in ("鱼台县", "邹城市", "汶上县", "泗水县")


@pytest.mark.parametrize(
    ("encoding", "text", "detected"),
    [
        (
            "shift_jis",
            "学校名,所在地,電話番号\n東京都立第一小学校,新宿区,03-1234-5678\nさくら小学校,渋谷区,03-2222-3333\n",
            "cp932",
        ),
        ("cp1251", "Школа,Район,Телефон\nСредняя школа номер один,Центральный,12345\n", "cp1251"),
    ],
)
def test_an_unexpected_encoding_is_refused_naming_it(
    app: App, tmp_path: Path, encoding: str, text: str, detected: str
) -> None:
    with pytest.raises(ImportFailed) as e:
        app.importer.read(_write(tmp_path, text, encoding))
    assert detected in e.value.zh and detected in e.value.en
    assert app.sites.list() == []


def test_xlsx_with_a_merged_title_keeps_excel_row_numbers(app: App, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "嘉祥县科普进校园站点名单"
    ws.merge_cells("A1:E1")
    ws["A2"] = "填报日期：2026年9月"
    ws.merge_cells("A2:E2")
    ws.append(["学校名称", "所属县市区", "乡镇", "联系电话", "学生人数"])
    ws.append(["纸坊中学", "嘉祥", "纸坊镇", "0537-6811234 13605371111", "约1500人"])
    ws.append(["火星小学", "火星县", "", "", ""])
    ws.append(["大村小学", "嘉祥县", "大张楼镇", "", "", None, "已撤并?"])  # a remark beside the table
    f = tmp_path / "jx.xlsx"
    wb.save(f)
    p = app.importer.read(f)
    assert p.header_row == 3
    by = {r.row: r for r in p.results}
    assert by[4].data["students"] == 1500 and by[4].data["phone"] == "0537-6811234"
    assert by[4].warned and len(by[4].warnings) == 2
    assert by[5].status == "rejected" and "火星县" in by[5].reason
    assert by[6].status == "new" and "已撤并?" in by[6].warnings[0]  # never silently cut


FIRST = "\n".join(
    [
        "鱼台县站点名单",
        "学校名称,类型,所属县市区,乡镇(街道),联系人,联系电话,在校学生数",
        "王庙中心小学,小学,鱼台县,王庙镇,张老师,13512345678,820",
        "谷亭实验中学,初中,鱼台县,谷亭街道,李老师,0537-6212345,1500",
        "清河村,村,鱼台县,清河镇,赵书记,13612345678,",
        "张黄中学,初中,鱼台县,张黄镇,钱老师,13700000000,900",
    ]
)
# A month later: the county's corrected list.
SECOND = "\n".join(
    [
        "鱼台县站点名单（更正）",
        "学校名称,类型,所属县市区,乡镇(街道),联系人,联系电话,在校学生数",
        "王庙中心小学,小学,鱼台县,王庙镇,孙老师,13512345678,约850人",  # 3: contact, students (warned)
        "谷亭实验中学,初中,鱼台,谷亭街道,李老师,0537-6212345,1500",  # 4: unchanged ("鱼台")
        "清河村,村,鱼台县,清河镇,赵书记,13612345678 / 13612340000,",  # 5: notes (warned)
        "张黄中学,初中,鱼台县,,钱老师,13700000000,900",  # 6: a blank town does not erase it
        "唐马小学,小学,鱼台县,唐马镇,周老师,13800000000,300",  # 7: new
    ]
)


def test_corrected_list_shows_and_applies_exactly_the_differences(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    from tests.conftest import fresh_data_dir

    data = fresh_data_dir(tmp_path / "data")
    first, second = _write(tmp_path, FIRST, name="a.csv"), _write(tmp_path, SECOND, name="b.csv")
    assert cli_json(capsys, data, "import", "sites", str(first))["counts"]["new"] == 4

    dry = cli(capsys, data, "import", "sites", str(second), "--dry-run")[1]
    assert "第3行 row 3: 有变化（带警告） 王庙中心小学" in dry
    assert "联系人 contact: 张老师 → 孙老师" in dry and "在校学生数 students: 820 → 850" in dry
    assert "约850人" in dry
    assert "第4行 row 4: 未变 谷亭实验中学" in dry
    assert "第6行 row 6: 未变 张黄中学" in dry
    assert "试运行，未写入：将新增 1，将更新 2" in dry and "would import 1, would update 2" in dry
    shown = cli_json(capsys, data, "import", "sites", str(second), "--dry-run")
    assert shown["counts"] == {"new": 1, "unchanged": 2, "changed": 2, "warned": 2, "rejected": 0}
    assert shown["would_import"] == 1 and shown["imported"] == 0
    diffs = {r["row"]: r["changes"] for r in shown["rows"] if r["status"] == "changed"}

    # Without --update the changed rows are left alone (and said so).
    app = App.open(data)
    try:
        before = {s.name: s for s in app.sites.list()}
        with app.db.read() as s:
            seq0 = max(s.scalars(select(m.Outbox.seq)), default=0)
    finally:
        app.close()

    applied = cli_json(
        capsys, data, "import", "sites", str(second), "--update", "--rejects", str(tmp_path / "back.xlsx")
    )
    assert applied["imported"] == 1 and applied["updated"] == 2
    assert {r["row"]: r["changes"] for r in applied["rows"] if r["status"] == "changed"} == diffs

    app = App.open(data)
    try:
        after = {s.name: s for s in app.sites.list()}
        with app.db.read() as s:
            out = list(s.scalars(select(m.Outbox).where(m.Outbox.seq > seq0).order_by(m.Outbox.seq)))
    finally:
        app.close()
    assert after["王庙中心小学"].contact == "孙老师" and after["王庙中心小学"].students == 850
    assert after["清河村"].phone == "13612345678" and "13612340000" in after["清河村"].notes
    assert after["张黄中学"].town == "张黄镇"
    for name in ("谷亭实验中学", "张黄中学"):
        assert after[name] == before[name]
    # Exactly the shown differences went out as edits; the new site as an insert.
    updates = {o.record_id: json.loads(o.data) for o in out if o.op == "update"}
    assert {before[n].id for n in ("王庙中心小学", "清河村")} == set(updates)
    assert set(updates[before["王庙中心小学"].id]) == {"contact", "students"}
    assert set(updates[before["清河村"].id]) == {"notes"}  # the first phone is the same
    assert [o.op for o in out if o.entity == "site"].count("insert") == 1

    ws = load_workbook(tmp_path / "back.xlsx").active
    rows = list(ws.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [3, 5]  # the two warned rows go back for checking
    assert ws.print_title_rows == "$1:$1" and ws.page_setup.fitToWidth == 1
    # A second run changes nothing more.
    again = cli_json(capsys, data, "import", "sites", str(second), "--update")
    assert again["counts"]["changed"] == 0 and again["imported"] == again["updated"] == 0


def test_unreadable_file_message_names_the_detected_encoding(app: App, tmp_path: Path) -> None:
    f = _write(tmp_path, "名字,电话\n张三,1\n", "gbk")
    with pytest.raises(ImportFailed) as e:
        app.importer.read(f)
    assert "表头" in e.value.zh


def cli(capsys, data: Path, *args: str, ok: bool = True) -> tuple[int, str, str]:  # noqa: ANN001
    """``caravan --data-dir DATA ARGS`` in this process (the same entry point, no interpreter start)."""
    from caravan_app.cli.main import main

    capsys.readouterr()
    rc = main(["--data-dir", str(data), *args])
    out = capsys.readouterr()
    if ok:
        assert rc == 0, out.out + out.err
    return rc, out.out, out.err


def cli_json(capsys, data: Path, *args: str) -> object:  # noqa: ANN001
    return json.loads(cli(capsys, data, "--json", *args)[1])


# --- the corrected list's edits travel to another laptop through a real hub -----------------

from tests.sync.conftest import hub, hub_process, laptops  # noqa: E402,F401 - fixtures


@pytest.mark.server
def test_update_syncs_as_ordinary_edits_to_another_laptop(hub, laptops, tmp_path: Path) -> None:  # noqa: ANN001,F811
    a, b = laptops("a"), laptops("b")
    a.importer.import_file(_write(tmp_path, FIRST, name="a.csv"))
    a.sync.sync_now()
    b.sync.sync_now()
    assert {s.name for s in b.sites.list()} == {"王庙中心小学", "谷亭实验中学", "清河村", "张黄中学"}
    # Meanwhile on laptop b a crew member fixes the phone of 张黄中学 by hand.
    zh = next(s for s in b.sites.list() if s.name == "张黄中学")
    b.sites.update(zh.id, phone="13700000001")

    preview = a.importer.read(_write(tmp_path, SECOND, name="b.csv"))
    shown = {r.name: dict(r.changes) for r in preview.changed}
    rep = a.importer.commit(preview, update=True)
    assert rep.updated == 2 and rep.imported == 1
    for app in (a, b, a):
        app.sync.sync_now()
    assert a.sync.pending_count() == b.sync.pending_count() == 0
    on_b = {s.name: s for s in b.sites.list()}
    for name, changes in shown.items():
        for f, (_old, new) in changes.items():
            assert getattr(on_b[name], f) == new
    assert on_b["唐马小学"].town == "唐马镇"
    assert on_b["张黄中学"].phone == "13700000001"  # not in the differences: b's edit stands
    assert {s.id: s for s in a.sites.list()} == {s.id: s for s in b.sites.list()}
