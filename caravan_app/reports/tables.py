"""Writing tables for offices: XLSX (frozen header, sensible widths) and CSV as UTF-8 with BOM."""

from __future__ import annotations

import csv
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


def _display_width(value: Any) -> int:
    s = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def write_xlsx(path: Path, sheets: Iterable[Sheet], *, title: str = "", period: str = "") -> Path:
    """One sheet per table; header row bold and frozen; columns sized to their content."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    for sh in sheets:
        ws = wb.create_sheet(title=_sheet_title(sh.name))
        ws.append(list(sh.headers))
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
        widths = [_display_width(h) for h in sh.headers]
        for row in sh.rows:
            ws.append([_cell(v) for v in row])
            for i, v in enumerate(row[: len(widths)]):
                widths[i] = max(widths[i], _display_width(v))
        for i, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = min(max(w + 2, 6), 60)
        ws.freeze_panes = "A2"
        apply_print_setup(ws, f"{title} {sh.name}".strip(), period)  # i16: sheets print as they come
    tmp = path.with_name(path.name + ".part")
    wb.save(tmp)
    os.replace(tmp, path)
    return path


def _cell(v: Any) -> Any:
    # Text that looks like a formula must stay text (CSV/XLSX injection from hostile input).
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") and not _is_number(v):
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
