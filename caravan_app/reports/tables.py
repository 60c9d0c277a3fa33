"""Writing tables for offices: XLSX (frozen header, sensible widths) and CSV as UTF-8 with BOM.

In XLSX every table ends with a 合计 row (``total_rows``: the additive columns summed, per unit
when the table has a 单位 column, so 册 and 份 never share a number); a column headed …日期
holds real date cells; text that looks like a formula is a text cell (quote prefix), its value
unchanged."""

from __future__ import annotations

import csv
import datetime as dt
import os
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .xlsx_print import apply_print_setup


@dataclass
class Sheet:
    name: str  # sheet / file name (Chinese is fine)
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]] = field(default_factory=list)
    total: bool = True  # a 合计 row under the table (only where some column adds up)
    preamble: Sequence[tuple[str, Any]] = ()  # label/value rows above the table (a form's header block)


# Columns that add up down a table (by their header). Not: ids, phone numbers, dates, and counts
# of distinct things (站点数: one school visited by two vans is one school, not two).
ADDITIVE = ("场次", "人次", "人数", "次数", "数量", "时长", "里程", "发放", "差异", "册", "份")
NOT_ADDITIVE = ("发放场次", "编号", "序号", "号码", "电话", "日期", "时间", "月份", "站点数", "学生数", "覆盖", "单位")
TOTAL_LABEL = "合计"


def _number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def total_rows(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[list[Any]]:
    """The 合计 row(s) of a table: each additive column summed (values all numbers), the label in
    the first column that is not summed; with a 单位 column one row per unit ("合计（册）")."""
    if len(rows) < 2 or (rows and rows[-1] and str(rows[-1][0]).startswith(TOTAL_LABEL)):
        return []
    cols = [
        i
        for i, h in enumerate(headers)
        if any(w in h for w in ADDITIVE)
        and not any(w in h for w in NOT_ADDITIVE)
        and all(_number(r[i]) or r[i] in (None, "") for r in rows if i < len(r))
        and any(i < len(r) and _number(r[i]) for r in rows)
    ]
    if not cols:
        return []
    label_col = next((i for i in range(len(headers)) if i not in cols), None)
    unit_col = next((i for i, h in enumerate(headers) if h == "单位"), None)
    groups: dict[str, list[Sequence[Any]]] = {}
    for r in rows:
        key = str(r[unit_col] or "") if unit_col is not None and unit_col < len(r) else ""
        groups.setdefault(key, []).append(r)
    out = []
    for unit, members in groups.items():
        line: list[Any] = [None] * len(headers)
        for i in cols:
            total = sum(r[i] for r in members if i < len(r) and _number(r[i]))
            line[i] = round(total, 2) if isinstance(total, float) else total
        if label_col is not None:
            line[label_col] = f"{TOTAL_LABEL}（{unit}）" if unit_col is not None and unit else TOTAL_LABEL
        if unit_col is not None:
            line[unit_col] = unit
        out.append(line)
    return out


def _is_date_header(h: str) -> bool:
    return h.endswith("日期") or h == "日期"


def _display_width(value: Any) -> int:
    s = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def write_xlsx(path: Path, sheets: Iterable[Sheet], *, title: str = "", period: str = "") -> Path:
    """One sheet per table; header row bold and frozen; columns sized to their content."""
    from openpyxl import Workbook
    from openpyxl.styles import Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    for sh in sheets:
        ws = wb.create_sheet(title=_sheet_title(sh.name))
        for label, value in sh.preamble:
            ws.append([label, _value(value)])
            ws.cell(ws.max_row, 1).font = Font(bold=True)
        top = ws.max_row + 1 if sh.preamble else 0
        if sh.preamble:
            ws.append([])  # one empty row between the header block and the table
        ws.append(list(sh.headers))
        head_row = ws.max_row
        for cell in ws[head_row]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
        widths = [_display_width(h) for h in sh.headers]
        dates = {i for i, h in enumerate(sh.headers) if _is_date_header(str(h))}
        hours = {i for i, h in enumerate(sh.headers) if "小时" in str(h)}  # 3.0 h, as the papers print it
        totals = total_rows([str(h) for h in sh.headers], sh.rows) if sh.total else []
        for row in [*sh.rows, *totals]:
            ws.append([_date_cell(v) if i in dates else _value(v) for i, v in enumerate(row)])
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str) and _looks_like_formula(cell.value):
                    cell.data_type = "s"  # text, not a formula: shown exactly as typed
                    cell.quotePrefix = True
                elif cell.column - 1 in dates and isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
                elif cell.column - 1 in hours and isinstance(cell.value, int | float):
                    cell.number_format = "0.0"
            for i, v in enumerate(row[: len(widths)]):
                widths[i] = max(widths[i], _display_width(v))
        rule = Side(style="thin")
        for r in range(ws.max_row - len(totals) + 1, ws.max_row + 1):
            for cell in ws[r]:
                cell.font = Font(bold=True)
                cell.border = Border(top=rule)
        for i, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = min(max(w + 2, 6), 60)
        ws.freeze_panes = f"A{head_row + 1}"
        apply_print_setup(ws, f"{title} {sh.name}".strip(), period, top=top)  # sheets print as they come
    tmp = path.with_name(path.name + ".part")
    wb.save(tmp)
    os.replace(tmp, path)
    return path


def _looks_like_formula(v: str) -> bool:
    return v[:1] in ("=", "+", "-", "@") and not _is_number(v)


def _value(v: Any) -> Any:
    """An XLSX cell's value as given (a formula-like text is typed as text after ``append``)."""
    return v


def _date_cell(v: Any) -> Any:
    """An ISO date text as a date (a real Excel date cell); anything else as it is."""
    if isinstance(v, str) and len(v) == 10:
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            return _value(v)
    return _value(v)


def _cell(v: Any) -> Any:
    # CSV has no cell types: text that looks like a formula gets an apostrophe so Excel/WPS do
    # not run it (injection from hostile input). XLSX types the cell as text instead.
    if isinstance(v, str) and _looks_like_formula(v):
        return "'" + v
    return v


def _is_number(s: str) -> bool:
    try:
        float(s)
        return True
    except ValueError:
        return False


def _sheet_title(name: str) -> str:
    bad = "[]:*?/\\"
    return "".join("_" if c in bad else c for c in name)[:31] or "Sheet"


def write_csv(path: Path, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Path:
    """CSV as UTF-8 with BOM, so Excel and WPS in China open it with Chinese intact."""
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(headers)
        for row in rows:
            w.writerow(["" if v is None else _cell(v) for v in row])
    os.replace(tmp, path)
    return path
