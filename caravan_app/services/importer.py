"""Importing site lists as county offices send them: CSV (UTF-8, UTF-8 with BOM, GBK/GB18030,
UTF-16 "Unicode text") and XLSX, Chinese or English headers, title rows above the header.

``read`` parses and validates without writing; ``commit`` writes in one transaction, so a
failed import leaves nothing half-written.

Each row gets one outcome: ``new`` (not in the app yet), ``unchanged``, ``changed``
(per-field differences old -> new, applied only when asked), ``rejected`` (with a reason);
``new`` and ``changed`` rows may carry warnings ("imported with a warning"): a value read
tolerantly ("约800人" -> 800, several phone numbers, markup stripped from a name, a county the
address contradicts). Every reason and warning names the offending value, and the row number
is the one the clerk sees in Excel (title and header rows counted).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..domain import rules
from ..domain.errors import DomainError
from ..domain.vocab import TRAD_TO_SIMP, counties_named_in
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
    "notes": ("备注", "说明", "notes", "remarks", "remark"),
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
    "notes": "备注",
}


class ImportFailed(Exception):
    """The file as a whole cannot be read; nothing was imported."""

    def __init__(self, zh: str, en: str) -> None:
        self.zh, self.en = zh, en
        super().__init__(f"{zh} / {en}")


# Outcomes of one row. "warned" is not a status of its own: a new or changed row with warnings.
NEW, UNCHANGED, CHANGED, REJECTED = "new", "unchanged", "changed", "rejected"
STATUS_ZH = {NEW: "新增", UNCHANGED: "未变", CHANGED: "有变化", REJECTED: "拒绝"}
STATUS_EN = {NEW: "new", UNCHANGED: "unchanged", CHANGED: "changed", REJECTED: "rejected"}


@dataclass
class RowResult:
    row: int  # 1-based row number in the file as Excel shows it (title and header rows counted)
    status: str  # new | unchanged | changed | rejected
    name: str
    reason: str = ""  # why it was rejected, bilingual, naming the value
    data: dict[str, Any] = field(default_factory=dict, repr=False)
    warnings: list[str] = field(default_factory=list)
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # field -> (old, new)
    site_id: str | None = None  # the stored site an unchanged/changed row matched
    cells: list[str] = field(default_factory=list, repr=False)  # the row as it came (send-back file)
    applied: bool = False  # after commit: written (new inserted / changes applied)

    @property
    def warned(self) -> bool:
        return self.status != REJECTED and bool(self.warnings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "status": self.status,
            "name": self.name,
            "reason": self.reason,
            "warnings": list(self.warnings),
            "changes": {f: {"old": o, "new": n} for f, (o, n) in self.changes.items()},
            "site_id": self.site_id,
            "applied": self.applied,
        }


def count_outcomes(results: list[RowResult]) -> dict[str, int]:
    out = {NEW: 0, UNCHANGED: 0, CHANGED: 0, "warned": 0, REJECTED: 0}
    for r in results:
        out[r.status] += 1
        if r.warned:
            out["warned"] += 1
    return out


@dataclass
class ImportPreview:
    path: Path
    encoding: str  # e.g. "utf-8-sig", "gb18030", "big5", "xlsx"
    header_row: int
    headers: list[str]
    mapping: dict[str, int]  # field -> column index
    raw_rows: list[tuple[int, list[str]]] = field(repr=False)
    results: list[RowResult] = field(default_factory=list)
    detected: str = ""  # what charset-normalizer said (empty for xlsx / BOM files)

    @property
    def new(self) -> list[RowResult]:
        return [r for r in self.results if r.status == NEW]

    ok = new  # the rows a plain import writes

    @property
    def changed(self) -> list[RowResult]:
        return [r for r in self.results if r.status == CHANGED]

    def counts(self) -> dict[str, int]:
        return count_outcomes(self.results)

    def to_send_back(self) -> list[RowResult]:
        """Rejected and warned rows: what goes back to the county office."""
        return [r for r in self.results if r.status == REJECTED or r.warned]


@dataclass
class ImportReport:
    rows: list[RowResult]
    encoding: str
    dry_run: bool = False

    def counts(self) -> dict[str, int]:
        return count_outcomes(self.rows)

    @property
    def imported(self) -> int:
        return sum(1 for r in self.rows if r.status == NEW and r.applied)

    @property
    def updated(self) -> int:
        return sum(1 for r in self.rows if r.status == CHANGED and r.applied)

    @property
    def rejected(self) -> int:
        return sum(1 for r in self.rows if r.status == REJECTED)

    def to_dict(self) -> dict[str, Any]:
        c = self.counts()
        return {
            "dry_run": self.dry_run,
            "encoding": self.encoding,
            "counts": c,
            "imported": self.imported,
            "updated": self.updated,
            "would_import": c[NEW] if self.dry_run else 0,
            "rows": [r.to_dict() for r in self.rows],
        }


def _norm_header(h: object) -> str:
    s = rules.fold_width("" if h is None else str(h)).translate(TRAD_TO_SIMP)  # not NFKC: keeps （）
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


# --- encodings ---------------------------------------------------------------------------------

_GB = ("gb18030", "gbk", "gb2312", "hz")
_BIG5 = ("big5", "big5hkscs", "cp950")
ENCODING_NAMES = {
    "utf-8-sig": "UTF-8 (BOM)",
    "utf-8": "UTF-8",
    "gb18030": "GBK / GB18030",
    "utf-16": "UTF-16",
    "big5": "Big5 (繁體)",
    "xlsx": "Excel .xlsx",
}


def _detect(raw: bytes) -> tuple[str, set[str]]:
    """charset-normalizer's best guess and the families about as plausible ("gb", "big5"), as
    Python codec names. A short GBK list is often guessed as Korean cp949 with GB18030 just as
    likely: the plausible set lets the Chinese reading win then."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        return "", set()
    results = list(from_bytes(raw[:200_000]))
    if not results:
        return "", set()
    best = min(results, key=lambda x: x.chaos)
    fams: set[str] = set()
    for x in results:
        enc = (x.encoding or "").lower().replace("-", "_")
        if x.chaos <= best.chaos + 0.02:
            if enc.startswith(_GB):
                fams.add("gb")
            elif enc.startswith(_BIG5):
                fams.add("big5")
    return (results[0].encoding or "").lower().replace("-", "_"), fams


def _has_header(text: str) -> bool:
    try:
        find_header(list(csv.reader(io.StringIO(text[:20000], newline=""))))
        return True
    except ImportFailed:
        return False
    except csv.Error:
        return False


def decode_bytes(raw: bytes) -> tuple[str, str, str]:
    """(text, codec used, detected). The BOM rules first, then UTF-8 (valid UTF-8 Chinese is
    almost never valid-looking GBK by accident), then GB18030 or Big5 as charset-normalizer
    tells them apart (GB18030 decodes almost any bytes, so a Big5 file would become mojibake).
    A file in another encoding is refused naming what was detected."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-sig", ""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16", ""
    head = raw[:4000]
    if b"\x00" in head:
        # UTF-16 without a BOM ("Unicode text" from old Excel): every other byte of ASCII is 0.
        for enc in ("utf-16-le", "utf-16-be"):
            zeros = head[1::2] if enc.endswith("le") else head[0::2]
            if zeros.count(0) > len(zeros) * 0.3:
                try:
                    return raw.decode(enc), "utf-16", ""
                except UnicodeDecodeError:
                    pass
        raise ImportFailed("文件不是文本表格（含有二进制内容）", "the file is not a text table (binary content)")
    try:
        return raw.decode("utf-8"), "utf-8", ""
    except UnicodeDecodeError:
        pass
    detected, plausible = _detect(raw)
    decoded: dict[str, str] = {}
    for enc in ("gb18030", "big5"):
        try:
            decoded[enc] = raw.decode("cp950" if enc == "big5" else enc)
        except UnicodeDecodeError:
            continue
    # The codec whose text shows a header wins; else the plausible Chinese one, GB first.
    order = ["big5", "gb18030"] if detected.startswith(_BIG5) else ["gb18030", "big5"]
    for enc in order:
        if enc in decoded and _has_header(decoded[enc]):
            return decoded[enc], enc, detected
    if not detected or "gb" in plausible:
        if "gb18030" in decoded:
            return decoded["gb18030"], "gb18030", detected
    if "big5" in plausible and "big5" in decoded:
        return decoded["big5"], "big5", detected
    shown = detected or "unknown"
    raise ImportFailed(
        f"无法识别文件编码（检测到 {shown}；支持 UTF-8、GBK/GB18030、Big5、UTF-16），请另存为 UTF-8 或 .xlsx",
        f"unsupported text encoding (detected {shown}; UTF-8, GBK/GB18030, Big5 or UTF-16 expected): "
        "save the list as UTF-8 CSV or .xlsx",
    )


def _read_csv(raw: bytes) -> tuple[list[list[str]], str, str]:
    text, enc, detected = decode_bytes(raw)
    sample = text[:20000]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel_tab if sample.count("\t") > sample.count(",") else csv.excel
    rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    return [list(r) for r in rows], enc, detected


def _read_xlsx(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise ImportFailed(
            "Excel 文件已损坏或无法打开", f"the Excel file is damaged or unreadable ({type(exc).__name__})"
        ) from exc
    try:

        def sheet_rows(ws: Any) -> list[list[str]]:
            # min_row=1: row numbers stay those Excel shows even when the top rows are empty.
            return [
                ["" if v is None else _cell_text(v) for v in row]
                for row in ws.iter_rows(min_row=1, min_col=1, values_only=True)
            ]

        best: list[list[str]] = []
        for ws in wb.worksheets:
            rows = sheet_rows(ws)
            if len(rows) > len(best) and any(map_headers(r).get("name") is not None for r in rows[:15]):
                best = rows
        if not best and wb.worksheets:
            best = sheet_rows(wb.worksheets[0])
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


# --- tolerant cell readers -----------------------------------------------------------------------

_TAGS = re.compile(r"<\s*(script|style)\b.*?(<\s*/\s*\1\s*>|$)|<[^<>]*>", re.IGNORECASE | re.DOTALL)
_ABOUT = re.compile(
    r"^(约|大约|近|约有|共|共计|总计|合计|计)?\s*([0-9][0-9,，]*)\s*(余|多)?\s*(人|名|个)?\s*(左右|以上|余)?$"
)
_PHONE_SPLIT = re.compile(r"\s*(?:/|、|，|,|;|；|\||或|及|\s{2,})\s*")


def _q(value: object) -> str:
    return f"“{value}”"


def read_students(value: str) -> tuple[str, str | None]:
    """(the number to validate, a warning) for a student count as offices write it."""
    s = rules.clean_text(value)
    if not s or re.fullmatch(r"[0-9]+", s.replace(",", "")):
        if "," in s and not re.fullmatch(r"[0-9]{1,3}(,[0-9]{3})+", s):
            return s, None  # "12,34" stays for the validator to refuse
        return s.replace(",", ""), None
    m = _ABOUT.match(s.replace("，", ","))
    if m and re.fullmatch(r"[0-9]{1,3}(,[0-9]{3})*|[0-9]+", m.group(2)):
        n = m.group(2).replace(",", "")
        return n, f"在校学生数{_q(value)}按 {n} 导入 / students {value!r} imported as {n}"
    return s, None


def read_phones(value: str) -> tuple[str, list[str]]:
    """(first phone, the others) — "0537 - 2233445 / 13905371234" -> ("0537-2233445", [...])."""
    s = rules.clean_text(value)
    if not s:
        return "", []
    parts: list[str] = []
    for p in _PHONE_SPLIT.split(s):
        p = re.sub(r"\s*-\s*", "-", p or "").strip()
        tokens = p.split()
        # "0537-6811234 13605371111": two whole numbers apart; "0537 6811234" stays one number.
        if len(tokens) > 1 and all(len(re.sub(r"\D", "", t)) >= 7 for t in tokens):
            parts += tokens
        elif p:
            parts.append(p)
    if len(parts) <= 1:
        return re.sub(r"\s*-\s*", "-", s), []
    return parts[0], parts[1:]


def strip_markup(value: str) -> str:
    return _TAGS.sub("", value).strip()


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
        detected = ""
        if raw[:4] == b"PK\x03\x04" or p.suffix.lower() in (".xlsx", ".xlsm"):
            rows, enc = _read_xlsx(p), "xlsx"
        elif raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise ImportFailed(
                "不支持旧版 .xls 文件，请在 Excel/WPS 中另存为 .xlsx 或 CSV",
                "old .xls files are not supported: save as .xlsx or CSV",
            )
        else:
            rows, enc, detected = _read_csv(raw)
        try:
            h = find_header(rows)
        except ImportFailed as exc:
            if detected:
                raise ImportFailed(
                    f"{exc.zh}（文件编码检测为 {detected}）",
                    f"{exc.en} (the file's encoding was detected as {detected})",
                ) from exc
            raise
        headers = [str(x) for x in rows[h]]
        chosen = mapping if mapping is not None else map_headers(headers)
        if "name" not in chosen:
            raise ImportFailed("没有“学校/站点名称”列", "no site name column")
        if "county" not in chosen and not county_default:
            raise ImportFailed("没有“所属县市区”列", "no county column")
        body = [(h + 2 + i, r) for i, r in enumerate(rows[h + 1 :])]
        preview = ImportPreview(p, enc, h + 1, headers, dict(chosen), body, detected=detected)
        self.validate(preview, county_default)
        return preview

    # -- checking rows --------------------------------------------------------------------

    def _fit_width(self, preview: ImportPreview, cells: list[str], warnings: list[str]) -> list[str] | str:
        """The row cut to the header's width, or the reason it cannot be. Trailing empty cells
        are dropped; an unquoted thousands separator in the student column ("1,200" split into
        "1" and "200") is joined back when that explains the extra cell exactly."""
        width = max((i + 1 for i, h in enumerate(preview.headers) if str(h).strip()), default=0)
        width = max(width, max(preview.mapping.values(), default=-1) + 1)
        while len(cells) > width and not str(cells[-1]).strip():
            cells = cells[:-1]
        if len(cells) <= width:
            return cells
        extra = len(cells) - width
        si = preview.mapping.get("students")
        if extra == 1 and si is not None and si + 1 < len(cells):
            a, b = str(cells[si]).strip(), str(cells[si + 1]).strip()
            if re.fullmatch(r"[0-9]{1,3}", a) and re.fullmatch(r"[0-9]{3}", b):
                joined = f"{a},{b}"
                warnings.append(
                    f"在校学生数{_q(joined)}（未加引号的千位分隔符）按 {a}{b} 导入 / "
                    f"students {joined!r} (unquoted thousands separator) imported as {a}{b}"
                )
                return [*cells[:si], a + b, *cells[si + 2 :]]
        spill = ", ".join(str(c) for c in cells[width:])
        if preview.encoding == "xlsx":  # no separators to go wrong: a remark beside the table
            warnings.append(f"表头以外的单元格“{spill}”未导入 / cells beyond the header ({spill!r}) were not imported")
            return cells[:width]
        return (
            f"此行有 {len(cells)} 个单元格，表头只有 {width} 列（多出：{spill}），请检查逗号或分列 / "
            f"the row has {len(cells)} cells but the header {width} columns (extra: {spill}): check commas"
        )

    def _check_row(
        self, preview: ImportPreview, row_no: int, cells: list[str], county_default: str | None
    ) -> RowResult | None:
        if not any(str(c).strip() for c in cells):
            return None
        warnings: list[str] = []
        fitted = self._fit_width(preview, list(cells), warnings)
        raw_name = str(cells[preview.mapping["name"]]) if preview.mapping["name"] < len(cells) else ""
        if isinstance(fitted, str):
            return RowResult(row_no, REJECTED, rules.clean_text(raw_name), fitted, cells=list(cells))
        data: dict[str, Any] = {f: (fitted[i] if i < len(fitted) else "") for f, i in preview.mapping.items()}
        if county_default and not str(data.get("county") or "").strip():
            data["county"] = county_default
        name = rules.clean_text(data.get("name"))
        if not name and all(not str(v).strip() for v in data.values()):
            return None
        if _TAGS.search(name):
            stripped = strip_markup(name)
            warnings.append(
                f"名称{_q(name)}含有网页标记，已去掉，按{_q(stripped)}导入 / "
                f"name {name!r} contains markup, imported as {stripped!r}"
            )
            data["name"] = name = stripped
        if "students" in data:
            data["students"], warn = read_students(str(data["students"]))
            if warn:
                warnings.append(warn)
        extra_phones: list[str] = []
        if "phone" in data and str(data["phone"]).strip():
            data["phone"], extra_phones = read_phones(str(data["phone"]))
            if extra_phones:
                warnings.append(
                    f"联系电话{_q(rules.clean_text(fitted[preview.mapping['phone']]))}有多个号码："
                    f"保留 {data['phone']}，其余记入备注 / several phone numbers: {data['phone']} kept, "
                    f"{', '.join(extra_phones)} put in the notes"
                )
                note = "其他电话 / other phones: " + "、".join(extra_phones)
                old = rules.clean_text(data.get("notes"))
                data["notes"] = f"{old}；{note}" if old else note
        try:
            clean = validate_site(data)
        except DomainError as exc:
            label = FIELD_NAMES_ZH.get(exc.field, exc.field)
            value = data.get(exc.field, "")
            shown = _q(value) if str(value).strip() else ""
            return RowResult(
                row_no, REJECTED, name, f"{label}{shown}: {exc.zh} / {exc.en}", warnings=warnings, cells=list(cells)
            )
        address = clean.get("address") or ""
        named = counties_named_in(address)
        if named and clean["county"] not in named:
            warnings.append(
                f"所属县市区{_q(clean['county'])}与地址{_q(address)}不符（地址写的是{'、'.join(named)}）/ "
                f"county {clean['county']!r} does not match the address {address!r} ({', '.join(named)})"
            )
        return RowResult(row_no, NEW, clean["name"], "", clean, warnings, cells=list(cells))

    def validate(self, preview: ImportPreview, county_default: str | None = None) -> None:
        """(Re)check every row against the current mapping and the sites already stored."""
        existing = self.sites.by_key()
        seen: dict[str, int] = {}
        preview.results = []
        mapped = set(preview.mapping) | ({"county"} if county_default else set())
        if "phone" in preview.mapping:
            mapped.add("notes")
        for row_no, cells in preview.raw_rows:
            r = self._check_row(preview, row_no, cells, county_default)
            if r is None:
                continue
            if r.status == NEW:
                key = site_key(r.data["name"], r.data["county"])
                if key in seen:
                    r.status = REJECTED
                    r.reason = (
                        f"{_q(r.name)}在文件中重复（与第{seen[key]}行相同）/ "
                        f"{r.name!r} repeated in the file (same as row {seen[key]})"
                    )
                else:
                    seen[key] = row_no
                    old = existing.get(key)
                    if old is not None:
                        r.site_id = old.id
                        r.changes = _differences(asdict(old), r.data, mapped)
                        r.status = CHANGED if r.changes else UNCHANGED
            preview.results.append(r)

    # -- writing ----------------------------------------------------------------------------

    def commit(
        self,
        preview: ImportPreview,
        progress: Callable[[int, int, str], None] | None = None,
        *,
        update: bool | Iterable[int] = False,
    ) -> ImportReport:
        """Insert the new rows and — with ``update`` (True for all, or the row numbers chosen) —
        apply exactly the shown differences of changed rows as ordinary edits, in one transaction
        (all or nothing). Each edit goes through the unit of work, so it syncs like a hand edit."""
        chosen = {r.row for r in preview.changed} if update is True else set(update or ())
        todo = [r for r in preview.results if r.status == NEW or (r.status == CHANGED and r.row in chosen)]
        made: dict[int, str] = {}
        with self.sites.unit() as u:
            for i, r in enumerate(todo):
                if r.status == NEW:
                    made[r.row] = u.insert("site", r.data)
                else:
                    assert r.site_id is not None
                    u.update("site", r.site_id, {f: new for f, (_old, new) in r.changes.items()})
                if progress and i % 200 == 0:
                    progress(i, len(todo), r.name)
        for r in todo:  # only once the transaction is in
            r.applied = True
            r.site_id = made.get(r.row, r.site_id)
        return ImportReport(preview.results, preview.encoding)

    def import_file(self, path: str | Path, *, update: bool = False) -> ImportReport:
        return self.commit(self.read(path), update=update)


def _differences(old: dict[str, Any], new: dict[str, Any], mapped: set[str]) -> dict[str, tuple[Any, Any]]:
    """Fields the file states differently. A blank cell does not erase a stored value, and a
    column the file does not have is not a difference."""
    out: dict[str, tuple[Any, Any]] = {}
    for f, value in new.items():
        if f not in mapped or f in ("name", "county") or value in (None, ""):
            continue
        if old.get(f) != value:
            out[f] = (old.get(f), value)
    return out
