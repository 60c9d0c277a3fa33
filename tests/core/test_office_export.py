"""The office-friendly export (issue #16): names beside ids, Chinese labels, Excel date cells,
the day close as rows, a print setup on every sheet; the canonical JSON unchanged."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from openpyxl import load_workbook

from caravan_app.services.app import App
from caravan_app.services.export import canonical_export, export


def test_office_xlsx_reads_as_it_is(app: App, field: dict[str, str], tmp_path: Path) -> None:
    v, c, t = field["visit"], field["caravan"], field["title"]
    app.visits.arrive(v)
    app.attendance.tally(v, "primary", 42)
    app.stock.distribute(c, t, 10, v, "三年级")
    app.visits.complete(v)
    app.stock.close_day(c, dt.date.today(), {t: 88}, note="少两本")
    before = canonical_export(app.db)
    (x,) = export(app.db, tmp_path / "office.xlsx")
    assert canonical_export(app.db) == before  # the JSON export is not affected
    wb = load_workbook(x)

    visits = wb["活动"]
    head = [c.value for c in visits[1]]
    row = dict(zip(head, [c.value for c in visits[2]], strict=False))
    assert row["学校/站点"] == "鱼台县第一中学" and row["大篷车"] == "1号车" and row["状态"] == "已完成"
    assert row["编号"] == v and "学校/站点编号" not in row  # names instead of ids
    assert isinstance(row["日期"], dt.datetime) and row["日期"].date() == dt.date.today()  # a real date cell
    assert visits.cell(2, head.index("日期") + 1).is_date
    assert isinstance(row["到达时间"], dt.datetime)

    sites = wb["学校站点"]
    srow = dict(zip([c.value for c in sites[1]], [c.value for c in sites[2]], strict=False))
    assert srow["类型"] == "高中" and srow["名称"] == "鱼台县第一中学"

    tallies = wb["人数统计"]
    trow = dict(zip([c.value for c in tallies[1]], [c.value for c in tallies[2]], strict=False))
    assert trow["人群"] == "小学生" and trow["人数"] == 42 and trow["学校/站点"] == "鱼台县第一中学"

    moves = {r[3]: r for r in wb["库存流水"].iter_rows(min_row=2, values_only=True)}
    assert set(moves) >= {"装车", "发放"} and moves["发放"][2] == "身边的科学" and moves["发放"][4] == -10

    close = list(wb["日结"].iter_rows(values_only=True))
    assert close[0][:6] == ("日期", "大篷车", "图书/物资", "账面数量", "清点数量", "差异")
    assert close[1][1:7] == ("1号车", "身边的科学", 90, 88, -2, "少两本")  # one row per title, not a JSON blob
    assert isinstance(close[1][0], dt.datetime)

    for ws in wb.worksheets:  # every sheet prints as it comes
        assert ws.page_setup.fitToWidth >= 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$1"
        assert "科普大篷车数据导出" in ws.oddHeader.center.text and ws.title in ws.oddHeader.center.text
        assert "&P" in ws.oddFooter.center.text
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4


def test_office_csv_and_raw_still_there(app: App, field: dict[str, str], tmp_path: Path) -> None:
    files = export(app.db, tmp_path / "csv")
    text = (tmp_path / "csv" / "活动.csv").read_text(encoding="utf-8-sig")
    assert "鱼台县第一中学" in text and "计划" in text and "planned" not in text
    assert len(files) == 12  # with the certificate register (证明出具登记)
    (raw,) = export(app.db, tmp_path / "raw.xlsx", raw=True)
    ws = load_workbook(raw)["活动"]
    assert "planned" in [c.value for c in ws[2]]
    doc = json.loads(canonical_export(app.db))
    assert doc["entities"]["visit"][0]["status"] == "planned"
