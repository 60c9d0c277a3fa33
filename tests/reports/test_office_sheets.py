"""Sheets an office can use as they come: formula-like text kept as typed (a text cell, no
apostrophe in the value), real date cells, a 合计 row per table (per unit: 册 and 份 apart),
rows as tall as their wrapped text, and book titles whose own 《》 marks survive."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook

from caravan_app.domain.catalogue import book_title, clean_title
from caravan_app.reports.tables import Sheet, write_xlsx
from caravan_app.services.app import App


def test_formula_like_text_is_a_text_cell_with_its_value_unchanged(tmp_path: Path) -> None:
    out = write_xlsx(tmp_path / "a.xlsx", [Sheet("人员", ["姓名", "胸卡码"], [["王一", "-4xucUxE"], ["李二", "=1+2"]])])
    ws = load_workbook(out)["人员"]
    assert ws["B2"].value == "-4xucUxE" and ws["B2"].data_type == "s" and ws["B2"].quotePrefix
    assert ws["B3"].value == "=1+2" and ws["B3"].data_type == "s"  # not a formula


def test_dates_are_date_cells_and_each_table_has_its_total(tmp_path: Path) -> None:
    rows = [
        ["2026-05-10", "身边的科学", 60, "册"],
        ["2026-05-10", "科普挂图", 30, "份"],
        ["2026-05-11", "身边的科学", 5, "册"],
    ]
    out = write_xlsx(tmp_path / "b.xlsx", [Sheet("发放", ["发放日期", "图书/物资", "发放数量", "单位"], rows)])
    ws = load_workbook(out)["发放"]
    assert ws["A2"].is_date and ws["A2"].value.date() == dt.date(2026, 5, 10)
    totals = {r[0]: r for r in ws.iter_rows(min_row=5, values_only=True)}
    assert totals["合计（册）"][2] == 65 and totals["合计（份）"][2] == 30  # never 95 under one unit
    assert ws.max_row == 6 and ws["A5"].font.b


def test_a_wrapped_cell_gets_a_row_tall_enough(tmp_path: Path) -> None:
    note = "学校反映：" + "活动效果很好，学生踊跃参与，希望下学期再来。" * 4
    out = write_xlsx(
        tmp_path / "c.xlsx", [Sheet("活动", ["日期", "备注"], [["2026-05-10", note], ["2026-05-11", "好"]])]
    )
    ws = load_workbook(out)["活动"]
    assert ws["B2"].alignment.wrap_text
    width = ws.column_dimensions["B"].width
    lines = -(-len(note) * 2 // int(width))
    assert ws.row_dimensions[2].height >= lines * 14  # every wrapped line has room
    assert ws.row_dimensions[3].height is None  # a one-line row keeps the default


def test_book_title_marks_are_kept_and_stripped_by_one_rule(app: App) -> None:
    assert clean_title("《身边的科学》") == "身边的科学"
    assert clean_title("《科学》杂志特刊") == "《科学》杂志特刊"
    assert clean_title("《科学》与《自然》") == "《科学》与《自然》"
    assert book_title("身边的科学") == "《身边的科学》"
    assert book_title("《科学》杂志特刊") == "《科学》杂志特刊"
    assert book_title("科学》杂志特刊") == "《科学》杂志特刊"  # stored by the old rule: printed whole
    tid = app.catalog.add_title("《科学》杂志特刊")
    stored = next(t for t in app.catalog.titles() if t.id == tid)
    assert stored.name == "《科学》杂志特刊"
    assert app.catalog.title_by_name("《科学》杂志特刊").id == tid  # found by what was typed


def test_title_add_on_the_command_line_keeps_inner_marks_and_prints_them_once(
    app: App, field: dict[str, str], tmp_path: Path
) -> None:
    from caravan_app.cli.main import main

    from . import pdfcheck

    assert main(["--data-dir", str(app.data_dir), "title", "add", "《科学》杂志特刊"]) == 0
    t = app.catalog.title_by_name("《科学》杂志特刊")
    assert t is not None and t.name == "《科学》杂志特刊"
    v, c = field["visit"], field["caravan"]
    app.stock.load(c, t.id, 10)
    app.visits.arrive(v)
    app.stock.distribute(c, t.id, 3, v, "图书室")
    app.visits.complete(v)
    pdf = tmp_path / "v.pdf"
    app.reports.visit_pdf(v, pdf)
    flat = pdfcheck.flat(pdf)
    assert "《科学》杂志特刊" in flat and "《科学》杂志特刊》" not in flat and "《《" not in flat
