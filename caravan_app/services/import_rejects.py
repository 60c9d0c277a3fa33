"""The rows of a county list "to send back": rejected and warned rows as an XLSX the clerk
mails to the county office, each with the Excel row number, the outcome and the reason
(naming the offending value) in front of the row exactly as it came."""

from __future__ import annotations

from pathlib import Path

from ..reports.tables import Sheet, write_xlsx
from .importer import REJECTED, ImportPreview


def write_send_back(preview: ImportPreview, path: str | Path) -> tuple[Path, int]:
    """Write the send-back XLSX; returns (path, rows written)."""
    rows: list[list[object]] = []
    for r in preview.to_send_back():
        outcome = "拒绝（未导入）" if r.status == REJECTED else "已导入，请核对"
        reasons = [r.reason] if r.reason else []
        reasons += r.warnings
        rows.append([r.row, outcome, "\n".join(reasons), *r.cells])
    headers = ["原表行号", "结果", "原因 / 请修改", *preview.headers]
    width = len(headers)
    rows = [row + [""] * (width - len(row)) if len(row) < width else row for row in rows]
    out = write_xlsx(Path(path), [Sheet("需修改的行", headers, rows)], title=f"{preview.path.name} 退回修改")
    return out, len(rows)
