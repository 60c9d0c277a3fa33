"""Importing site lists as county offices send them: CSV (UTF-8, UTF-8 with BOM, GBK/GB18030,
UTF-16 "Unicode text") and XLSX, Chinese or English headers, title rows above the header.

``read`` parses and validates without writing; ``commit`` writes every valid row in one
transaction, so a failed import leaves nothing half-written.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain.errors import DomainError
from .sites import SiteService, site_key, validate_site

SITE_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": (
        "学校/站点名称",
        "学校站点名称",
        "学校名称",
        "站点名称",
        "单位名称",
        "名称",
        "学校",
        "站点",
        "sitename",
        "site",
        "schoolname",
        "school",
        "name",
    ),
    "kind": ("类型", "学校类型", "站点类型", "学段", "type", "kind", "category"),
    "county": (
        "所属县市区",
        "县市区",
        "所属县区",
        "所属区县",
        "县区",
        "区县",
        "县(市区)",
        "county",
        "district",
        "area",
    ),
    "town": ("乡镇(街道)", "乡镇街道", "乡镇", "街道", "镇街", "town", "township", "street"),
    "address": ("详细地址", "地址", "address"),
    "contact": ("联系人", "负责人", "contact", "contactperson"),
    "phone": ("联系电话", "电话", "手机", "手机号", "联系方式", "phone", "tel", "telephone", "mobile"),
    "students": (
        "在校学生数",
        "学生数",
        "学生人数",
        "在校生数",
        "在校生",
        "人数",
        "students",
        "studentcount",
        "pupils",
    ),
}

FIELD_NAMES_ZH = {
    "name": "学校/站点名称",
    "kind": "类型",
    "county": "所属县市区",
    "town": "乡镇(街道)",
    "address": "详细地址",
    "contact": "联系人",
    "phone": "联系电话",
    "students": "在校学生数",
}


class ImportFailed(Exception):
    """The file as a whole cannot be read; nothing was imported."""

    def __init__(self, zh: str, en: str) -> None:
        self.zh, self.en = zh, en
        super().__init__(f"{zh} / {en}")


@dataclass
class RowResult:
    row: int  # 1-based row number in the file (as Excel shows it)
    status: str  # "ok" (will import / imported) | "duplicate" | "rejected"
    name: str
    reason: str = ""
    data: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class ImportPreview:
    path: Path
    encoding: str  # e.g. "utf-8-sig", "gb18030", "xlsx"
    header_row: int
    headers: list[str]
    mapping: dict[str, int]  # field -> column index
    raw_rows: list[tuple[int, list[str]]] = field(repr=False)
    results: list[RowResult] = field(default_factory=list)

    @property
    def ok(self) -> list[RowResult]:
        return [r for r in self.results if r.status == "ok"]

    def counts(self) -> dict[str, int]:
        out = {"ok": 0, "duplicate": 0, "rejected": 0}
        for r in self.results:
            out[r.status] += 1
        return out


@dataclass
class ImportReport:
    imported: int
    duplicates: int
    rejected: int
    rows: list[RowResult]
    encoding: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "imported": self.imported,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "encoding": self.encoding,
            "rows": [
                {
                    "row": r.row,
                    "status": "imported" if r.status == "ok" else r.status,
                    "name": r.name,
                    "reason": r.reason,
                }
                for r in self.rows
            ],
        }


def _norm_header(h: object) -> str:
    s = unicodedata.normalize("NFKC", "" if h is None else str(h))
    s = re.sub(r"[\s_\-*：:]", "", s).lower()
    return s.replace("（", "(").replace("）", ")")


def map_headers(headers: list[str]) -> dict[str, int]:
    """Field -> column index. Exact synonym matches first, then a synonym contained in a header."""
    normed = [_norm_header(h) for h in headers]
    mapping: dict[str, int] = {}
    used: set[int] = set()
    for exact in (True, False):
        for fld, names in SITE_COLUMNS.items():
            if fld in mapping:
                continue
            for syn in names:
                key = _norm_header(syn)
                for i, h in enumerate(normed):
                    if i in used or not h:
                        continue
                    if (h == key) if exact else (len(key) >= 2 and key in h):
                        mapping[fld] = i
                        used.add(i)
                        break
                if fld in mapping:
                    break
    return mapping


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """Text and the encoding it was in. UTF-8 is tried before GB18030 (a superset of GBK),
    since valid UTF-8 Chinese is almost never valid-looking GBK by accident."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    if b"\x00" in raw[:4000]:
        raise ImportFailed("文件不是文本表格（含有二进制内容）", "the file is not a text table (binary content)")
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise ImportFailed(
        "无法识别文件编码（支持 UTF-8、GBK/GB18030）", "unknown text encoding (UTF-8 or GBK/GB18030 expected)"
    )


def _read_csv(raw: bytes) -> tuple[list[list[str]], str]:
    text, enc = decode_bytes(raw)
    sample = text[:20000]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;|，")
    except csv.Error:
        dialect = csv.excel_tab if sample.count("\t") > sample.count(",") else csv.excel
    rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    return [[c for c in r] for r in rows], enc


def _read_xlsx(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise ImportFailed(
            "Excel 文件已损坏或无法打开", f"the Excel file is damaged or unreadable ({type(exc).__name__})"
        ) from exc
    try:
        best: list[list[str]] = []
        for ws in wb.worksheets:
            rows = [["" if v is None else _cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
            if len(rows) > len(best) and any(map_headers(r).get("name") is not None for r in rows[:15]):
                best = rows
        if not best and wb.worksheets:
            ws = wb.worksheets[0]
            best = [["" if v is None else _cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
        return best
    finally:
        wb.close()


def _cell_text(v: object) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def find_header(rows: list[list[str]], scan: int = 15) -> int:
    """Index of the header row: the first of the top rows naming the site and another column
    (offices put titles like "鱼台县科普进校园站点名单" above the header)."""
    for i, row in enumerate(rows[:scan]):
        m = map_headers(row)
        if "name" in m and len(m) >= 2:
            return i
    raise ImportFailed(
        "找不到表头：需要“学校/站点名称”和“所属县市区”等列",
        "no header row found: columns such as 'name' and 'county' are required",
    )


class SiteImporter:
    def __init__(self, sites: SiteService) -> None:
        self.sites = sites

    def read(
        self, path: str | Path, mapping: dict[str, int] | None = None, county_default: str | None = None
    ) -> ImportPreview:
        """Parse and check a file without writing anything."""
        p = Path(path)
        try:
            raw = p.read_bytes()
        except OSError as exc:
            raise ImportFailed(f"无法读取文件：{exc.strerror or exc}", f"cannot read the file: {exc}") from exc
        if not raw.strip():
            raise ImportFailed("文件是空的", "the file is empty")
        if raw[:4] == b"PK\x03\x04" or p.suffix.lower() in (".xlsx", ".xlsm"):
            rows, enc = _read_xlsx(p), "xlsx"
        elif raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise ImportFailed(
                "不支持旧版 .xls 文件，请在 Excel/WPS 中另存为 .xlsx 或 CSV",
                "old .xls files are not supported: save as .xlsx or CSV",
            )
        else:
            rows, enc = _read_csv(raw)
        h = find_header(rows)
        headers = [str(x) for x in rows[h]]
        chosen = mapping if mapping is not None else map_headers(headers)
        if "name" not in chosen:
            raise ImportFailed("没有“学校/站点名称”列", "no site name column")
        if "county" not in chosen and not county_default:
            raise ImportFailed("没有“所属县市区”列", "no county column")
        body = [(h + 2 + i, r) for i, r in enumerate(rows[h + 1 :])]
        preview = ImportPreview(p, enc, h + 1, headers, dict(chosen), body)
        self.validate(preview, county_default)
        return preview

    def validate(self, preview: ImportPreview, county_default: str | None = None) -> None:
        """(Re)check every row against the current mapping and the sites already stored."""
        existing = self.sites.keys()
        seen: set[str] = set()
        preview.results = []
        for row_no, cells in preview.raw_rows:
            if not any(str(c).strip() for c in cells):
                continue
            data = {f: (cells[i] if i < len(cells) else "") for f, i in preview.mapping.items()}
            if county_default and not str(data.get("county") or "").strip():
                data["county"] = county_default
            name = unicodedata.normalize("NFKC", str(data.get("name") or "")).strip()
            if not name and all(not str(v).strip() for v in data.values()):
                continue
            try:
                clean = validate_site(data)
            except DomainError as exc:
                label = FIELD_NAMES_ZH.get(exc.field, exc.field)
                preview.results.append(RowResult(row_no, "rejected", name, f"{label}: {exc.zh} / {exc.en}"))
                continue
            key = site_key(clean["name"], clean["county"])
            if key in existing:
                preview.results.append(RowResult(row_no, "duplicate", clean["name"], "已存在 / already exists", clean))
            elif key in seen:
                preview.results.append(
                    RowResult(row_no, "duplicate", clean["name"], "文件中重复 / repeated in the file", clean)
                )
            else:
                seen.add(key)
                preview.results.append(RowResult(row_no, "ok", clean["name"], "", clean))

    def commit(self, preview: ImportPreview, progress: Callable[[int, int, str], None] | None = None) -> ImportReport:
        """Write all valid rows in one transaction (all or nothing)."""
        ok = preview.ok
        with self.sites.unit() as u:
            existing = {site_key(r.data["name"], r.data["county"]) for r in ok} & self.sites.keys() if ok else set()
            for i, r in enumerate(ok):
                if site_key(r.data["name"], r.data["county"]) in existing:
                    r.status, r.reason = "duplicate", "已存在 / already exists"
                    continue
                u.insert("site", r.data)
                if progress and i % 200 == 0:
                    progress(i, len(ok), r.name)
        c = preview.counts()
        return ImportReport(c["ok"], c["duplicate"], c["rejected"], preview.results, preview.encoding)

    def import_file(self, path: str | Path) -> ImportReport:
        return self.commit(self.read(path))
