"""One figure on every paper, over a hostile data set: long names, a 𠮷 (CJK Ext-B) volunteer,
a visit nobody attended, a visit with 2,000 sign-ins, a reopened and re-completed visit, a
cancelled one, one volunteer on duty at two overlapping visits, staff on duty, 册 and 份 handed
out, and a service recorded after a certificate was issued. Every figure is read back from the
papers (PDF text, XLSX cells, CSV rows) and compared across them; ``test_one_figure`` covers the
plain case, this one the edges where papers drift apart."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from caravan_app.cli.main import main
from caravan_app.reports import fonts
from caravan_app.reports.layout import build_pdf, para
from caravan_app.services.app import App

from . import pdfcheck
from .conftest import bulk_signins

D1, D2, D3 = dt.date(2026, 6, 10), dt.date(2026, 6, 11), dt.date(2026, 6, 20)
YEAR = ("2026-01-01", "2026-12-31")
LONG_SITE = "济宁市任城区唐口街道办事处中心小学（含东校区、西校区及附属幼儿园）科技活动室"
LONG = "欧阳娜迪热·阿依古丽·买买提江"
RARE = "\U00020bb7田堃"  # 𠮷田堃
CREW = "赵司机"


def at(d: dt.date, h: int, m: int = 0) -> dt.datetime:
    return dt.datetime.combine(d, dt.time(h, m))


@pytest.fixture
def hostile(app: App) -> dict[str, Any]:
    """Visit A (long site; 𠮷 08:00–11:45, the long name 08:00–10:44, staff 08:00–11:45; 60 册 and
    76 份; reopened, a tally added, completed again), visit B (another van, the same day: 𠮷
    10:30–12:00, overlapping A by 75 minutes; 2,000 sign-ins, no tallies; 40 份), visit Z (nobody
    attended; the long name 30 min, staff 60 min) and a cancelled visit X."""
    c = app.catalog.add_caravan("1号车", "鲁H11111", "任城区")
    c2 = app.catalog.add_caravan("2号车", "鲁H22222", "兖州区")
    app.catalog.set_this_device("办公室笔记本", c)
    s1 = app.sites.add(name=LONG_SITE, county="任城区", kind="小学")
    s2 = app.sites.add(name="新驿镇文化广场", county="兖州区", kind="村/社区")
    book = app.catalog.add_title("身边的科学（青少年版·第三册）")
    leaflet = app.catalog.add_title("防灾减灾宣传单", kind="leaflet", unit="份")
    for van in (c, c2):
        for t in (book, leaflet):
            app.stock.load(van, t, 500, at=at(D1, 7))
    long_ = app.catalog.add_person(name=LONG, role="volunteer", team="青少年科普服务队", volunteer_no="SD001")
    rare = app.catalog.add_person(name=RARE, role="volunteer", team="教育科普服务队", volunteer_no="SD002")
    crew = app.catalog.add_person(name=CREW, role="crew")
    a = app.visits.add(s1, c, D1, theme="科技进校园")
    app.visits.arrive(a, at(D1, 8))
    for p in (long_, rare, crew):
        app.visits.duty(a, p, "on", at(D1, 8))
    app.visits.duty(a, long_, "off", at(D1, 10, 44))  # 164 min
    app.attendance.tally(a, "primary", 300, at=at(D1, 9))
    app.stock.distribute(c, book, 60, a, "三年级", at=at(D1, 9))
    app.stock.distribute(c, leaflet, 76, a, "家长", at=at(D1, 9))
    app.visits.complete(a, at(D1, 11, 45))  # 𠮷 and the staff member: 225 min
    b = app.visits.add(s2, c2, D1, theme="科普进社区")
    app.visits.arrive(b, at(D1, 10))
    app.visits.duty(b, rare, "on", at(D1, 10, 30))  # 90 min recorded here, 75 of them shared with A
    bulk_signins(app, b, 2000, at(D1, 10, 5))
    app.stock.distribute(c2, leaflet, 40, b, "居委会", at=at(D1, 11))
    app.visits.complete(b, at(D1, 12))
    z = app.visits.add(s2, c, D2, theme="科普进乡村")
    app.visits.arrive(z, at(D2, 9))
    for p in (long_, crew):
        app.visits.duty(z, p, "on", at(D2, 9))
    app.visits.duty(z, long_, "off", at(D2, 9, 30))
    app.visits.complete(z, at(D2, 10))
    x = app.visits.add(s2, c, D2, theme="雨天取消")
    app.visits.cancel(x)
    app.visits.reopen(a, "补录一个班的老师")
    app.attendance.tally(a, "teacher", 12, at=at(D1, 13))
    app.visits.complete(a)
    app.settings.set_issuer("济宁市科学技术协会", "张主任", "李经办", "0537-2345678")
    return {"a": a, "b": b, "z": z, "x": x, "long": long_, "rare": rare, "crew": crew, "c": c, "s2": s2}


# Per (person, visit) minutes with shared time counted once, for the visit that started first
# (docs/reports.md "Hours counted once"): B keeps 90 - 75 = 15 min of 𠮷's time.
ONCE = {
    (LONG, "a"): (164, 2.7),
    (RARE, "a"): (225, 3.8),
    (CREW, "a"): (225, 3.8),
    (RARE, "b"): (15, 0.3),
    (LONG, "z"): (30, 0.5),
    (CREW, "z"): (60, 1.0),
}
# The visit report keeps the time recorded at that visit (the same doc): B prints 90 min.
RECORDED = {**ONCE, (RARE, "b"): (90, 1.5)}
VOLUNTEERS = {LONG, RARE}


def _crew_table(text: str) -> tuple[dict[str, tuple[int, float]], tuple[int, float]]:
    """(minutes, hours) per person and the 合计 from a visit report's 工作人员 table as printed
    (a long name wraps in its cell: the text is read with whitespace folded)."""
    block = text[text.index("工作人员及服务时长") : text.index("图书及物资发放")]
    rows = {}
    for n in (LONG, RARE, CREW):
        pattern = r"\s?".join(map(re.escape, n)) + r" .*?\d\d:\d\d (?:\d\d:\d\d|—) ([\d,]+) (\d+\.\d)"
        m = re.search(pattern, block)
        if m:
            rows[n] = (int(m[1].replace(",", "")), float(m[2]))
    total = re.search(r"合计 ([\d,]+) (\d+\.\d)", block)
    assert total, block
    return rows, (int(total[1].replace(",", "")), float(total[2]))


def _sheet(path: Path, name: str) -> list[dict[str, Any]]:
    ws = load_workbook(path)[name]
    heads = [c.value for c in ws[1]]
    return [dict(zip(heads, r, strict=False)) for r in ws.iter_rows(min_row=2, values_only=True)]


def _per_person(key: dict[tuple[str, str], tuple[int, float]], who: set[str]) -> dict[str, tuple[int, float]]:
    out: dict[str, tuple[int, float]] = {}
    for (n, _v), (m, h) in key.items():
        if n in who:
            pm, ph = out.get(n, (0, 0.0))
            out[n] = (pm + m, round(ph + h, 1))
    return out


@pytest.mark.slow  # about ten papers, one of 46 pages
def test_every_paper_agrees_on_every_person_and_visit(app: App, hostile: dict[str, Any], tmp_path: Path) -> None:
    data = ["--data-dir", str(app.data_dir)]
    vid = {k: hostile[k] for k in ("a", "b", "z")}
    key_of = {v: k for k, v in vid.items()}

    # the visit reports: the time recorded at each visit, the 合计 the sum of the printed lines
    for k, v in vid.items():
        text = pdfcheck.text(app.reports.visit_pdf(v, tmp_path / f"visit-{k}.pdf"))
        rows, total = _crew_table(text)
        assert rows == {n: mh for (n, kk), mh in RECORDED.items() if kk == k}, k
        assert total[0] == sum(m for m, _h in rows.values())
        assert total[1] == pytest.approx(sum(h for _m, h in rows.values()))
    b_text = pdfcheck.text(tmp_path / "visit-b.pdf")
    assert "个人签到 2,000 人" in b_text and "合计 0 人次" in b_text  # sign-ins are a list, not counted twice
    assert "附：签到名单（共 2,000 人）" in b_text and " 2000 学生1999 " in b_text
    assert "合计 0 人次" in pdfcheck.text(tmp_path / "visit-z.pdf")

    # the hours CSV: volunteers only, per (person, visit) counted once
    hours_csv = tmp_path / "hours.csv"
    assert main([*data, "hours", "export", "--out", str(hours_csv)]) == 0
    with hours_csv.open(encoding="utf-8-sig") as f:
        platform = [r for r in csv.DictReader(f)]
    by_row = {(r.visit_id, r.name): r.hours for r in app.hours.rows(*YEAR)}
    assert {(r["姓名"], r["日期"], r["服务时长(小时)"]) for r in platform} == {
        (n, {"a": D1, "b": D1, "z": D2}[k].isoformat(), f"{h:.1f}") for (n, k), (_m, h) in ONCE.items() if n != CREW
    }
    assert {(n, key_of[v]): h for (v, n), h in by_row.items()} == {k: h for k, (_m, h) in ONCE.items() if k[0] != CREW}

    # a certificate printed now: the same lines, its 合计 their sum
    per_vol = _per_person(ONCE, VOLUNTEERS)
    for name in VOLUNTEERS:
        out = tmp_path / f"cert-{name[-1]}.pdf"
        assert main([*data, "report", "certificate", name, "--year", "2026", "--out", str(out)]) == 0
        ctext = pdfcheck.text(out)
        lines = [float(h) for h in re.findall(r" (?:科技进校园|科普进社区|科普进乡村) (\d+\.\d)", ctext)]
        assert sorted(lines) == sorted(h for (n, _k), (_m, h) in ONCE.items() if n == name), name
        assert f"合计 {per_vol[name][1]:.1f}" in ctext and f"累计志愿服务时长 {per_vol[name][1]:.1f} 小时" in ctext

    # the period XLSX, its CSV and the PDF: per person the sum of the per-visit hours; staff apart
    files = app.reports.period_files(*YEAR, tmp_path / "y.pdf", xlsx=tmp_path / "y.xlsx", csv_dir=tmp_path / "csv")
    vols = {r["姓名"]: (r["时长（分钟）"], r["时长（小时）"]) for r in _sheet(files.xlsx, "志愿服务时长")}
    vtotal = vols.pop("合计")
    assert vols == per_vol and set(vols) == VOLUNTEERS
    assert vtotal == (sum(m for m, _h in vols.values()), pytest.approx(sum(h for _m, h in vols.values())))
    staff = {r["姓名"]: (r["时长（分钟）"], r["时长（小时）"]) for r in _sheet(files.xlsx, "工作人员工作时长")}
    staff.pop("合计", None)
    assert staff == _per_person(ONCE, {CREW}) == {CREW: (285, 4.8)}
    with (tmp_path / "csv" / "志愿服务时长.csv").open(encoding="utf-8-sig") as f:
        csv_vols = {r["姓名"]: (int(r["时长（分钟）"]), float(r["时长（小时）"])) for r in csv.DictReader(f)}
    csv_vols.pop("合计", None)
    assert csv_vols == per_vol
    pflat = pdfcheck.flat(files.pdf)
    for name, (m, h) in per_vol.items():
        # name, team, number, 2 场次, minutes, hours: one row however the long name wraps
        assert re.search(re.escape(name) + r"[^合]*?SD00\d2" + f"{m}{h:.1f}", pflat), name
    assert f"合计4{vtotal[0]}{vtotal[1]:.1f}" in pflat and f"{CREW}——2285" + "4.8" in pflat
    stats = {x.code: x.value for x in app.reports.period_data(*YEAR).stats}
    assert stats["P4"] == pytest.approx(vtotal[1]) and stats["P6"] == pytest.approx(4.8)
    assert stats["P1"] == 1 and stats["P2"] == 2 and stats["H1"] == 3  # the cancelled visit is no 场次

    # the 公示 and the volunteer record: the same per-person hours, the columns add to their 合计
    pub_pdf, pub_xlsx = tmp_path / "pub.pdf", tmp_path / "pub.xlsx"
    assert main([*data, "report", "publicity", "--year", "2026", "--out", str(pub_pdf), "--xlsx", str(pub_xlsx)]) == 0
    pub = {r["姓名"]: (r["时长（分钟）"], r["时长（小时）"]) for r in _sheet(pub_xlsx, "公示") if r["姓名"]}
    assert pub == per_vol
    total = re.search(r"合计 2 人 \d+ (\d+\.\d)", pdfcheck.text(pub_pdf))
    assert total and float(total[1]) == pytest.approx(vtotal[1])
    assert RARE in pdfcheck.flat(pub_pdf) and CREW not in pdfcheck.flat(pub_pdf)
    record = tmp_path / "record.xlsx"
    assert main([*data, "report", "volunteer-record", "--year", "2026", "--xlsx", str(record)]) == 0
    summary = {r["姓名"]: r for r in _sheet(record, "志愿服务汇总") if r["姓名"] not in (None, "合计")}
    assert set(summary) == VOLUNTEERS
    services = [r for r in load_workbook(record)["志愿服务情况"].iter_rows(min_row=2, values_only=True) if r[0]]
    for name, (_m, h) in per_vol.items():
        assert list(summary[name].values())[4] == pytest.approx(h)
        assert sorted(r[6] for r in services if r[0] == name) == sorted(
            hh for (n, _k), (_mm, hh) in ONCE.items() if n == name
        )
    assert not [r for r in services if r[0] == CREW]

    # verify: the figures the visit report prints (the time recorded at that visit)
    for k, v in vid.items():
        rc, doc = _verify(app, app.reports.figures(v).payload())
        assert rc == 0 and doc["visit"]["status"] == "completed", k
        printed = {p["name"]: (p["minutes"], p["hours"]) for p in doc["visit"]["volunteers"] + doc["visit"]["staff"]}
        assert printed == {n: mh for (n, kk), mh in RECORDED.items() if kk == k}, k
        assert not {p["name"] for p in doc["visit"]["volunteers"]} & {CREW}

    # the office export: the register lists each certificate with the hours it printed
    office = tmp_path / "office.xlsx"
    assert main([*data, "export", str(office)]) == 0
    register = {r["姓名"]: (r["时长（分钟）"], r["时长（小时）"]) for r in _sheet(office, "证明出具登记") if r["姓名"]}
    assert register == per_vol
    # its duty log, folded on -> off per person and visit, gives the minutes the visit reports print
    started: dict[tuple[str, str], dt.datetime] = {}
    logged: dict[tuple[str, str], float] = {}
    for r in _sheet(office, "值班记录"):
        t = r["时间"] if isinstance(r["时间"], dt.datetime) else dt.datetime.fromisoformat(str(r["时间"]))
        k = (r["人员"], key_of[r["活动编号"]])
        if r["上岗/离岗"] == "上岗":
            started.setdefault(k, t)
        elif k in started:
            logged[k] = logged.get(k, 0.0) + (t - started.pop(k)).total_seconds()
    assert not started
    assert {k: round(s / 60) for k, s in logged.items()} == {k: m for k, (m, _h) in RECORDED.items()}


def _verify(app: App, payload: str) -> tuple[int, dict[str, Any]]:
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        rc = main(["--data-dir", str(app.data_dir), "--json", "verify", payload])
    return rc, json.loads(buf.getvalue())


def test_units_never_share_a_number_and_staff_are_never_volunteers(
    app: App, hostile: dict[str, Any], tmp_path: Path
) -> None:
    a_flat = pdfcheck.flat(app.reports.visit_pdf(hostile["a"], tmp_path / "a.pdf"))
    assert "合计60册、76份" in a_flat and "136" not in a_flat and "册（件）" not in a_flat
    files = app.reports.period_files(*YEAR, tmp_path / "y.pdf", xlsx=tmp_path / "y.xlsx")
    (summary,) = _sheet(files.xlsx, "汇总")
    assert summary["发放图书（册）"] == 60 and summary["发放资料（份）"] == 116
    pflat = pdfcheck.flat(files.pdf)
    assert "60册116份" in pflat and "176" not in pflat  # 60 + 116 never printed
    for row in _sheet(files.xlsx, "活动明细"):  # each visit's 册 and 份 apart, the 合计 per unit
        assert set(row) >= {"发放图书（册）", "发放资料（份）"}
    (total,) = [r for r in _sheet(files.xlsx, "活动明细") if r["日期"] == "合计"]
    assert (total["发放图书（册）"], total["发放资料（份）"], total["签到人数"]) == (60, 116, 2000)
    # every 合计 row of the period workbook is the sum of the lines above it, column by column
    checked = 0
    for ws in load_workbook(files.xlsx).worksheets:
        rows = [list(r) for r in ws.iter_rows(min_row=2, values_only=True)]
        for i, r in enumerate(rows):
            if r[0] != "合计":
                continue
            for col, v in enumerate(r):
                if isinstance(v, int | float) and not isinstance(v, bool):
                    assert v == pytest.approx(sum(x[col] or 0 for x in rows[:i])), (ws.title, ws.cell(1, col + 1).value)
                    checked += 1
    assert checked >= 20
    books = {r["图书/物资"]: (r["发放数量"], r["单位"]) for r in _sheet(files.xlsx, "按图书")}
    assert books["合计（册）"] == (60, "册") and books["合计（份）"] == (116, "份")
    assert not [k for k in books if k == "合计"]
    # staff: never on a volunteer list, never certified as a volunteer
    assert {c.name for c in app.certificates.period_certificates(*YEAR)} == VOLUNTEERS
    assert {r.name for r in app.hours.rows(*YEAR)} == VOLUNTEERS
    assert CREW not in {r["姓名"] for r in _sheet(files.xlsx, "志愿服务时长")}


def test_verify_fails_for_papers_that_are_not_final_and_holds_the_figures(app: App, hostile: dict[str, Any]) -> None:
    # the cancelled visit: its paper is marked 已取消 and never verifies
    x = hostile["x"]
    rc, doc = _verify(app, app.reports.figures(x).payload())
    assert rc == 1 and doc["level"] == "fail" and "已取消" in doc["zh"]
    # a planned and an in-progress visit: the same, with the figures in the JSON
    c, s2 = hostile["c"], hostile["s2"]
    p = app.visits.add(s2, c, D3, theme="计划")
    rc, doc = _verify(app, app.reports.figures(p).payload())
    assert rc == 1 and "计划中" in doc["zh"] and doc["visit"]["status"] == "planned"
    app.visits.arrive(p, at(D3, 9))
    app.visits.duty(p, hostile["long"], "on", at(D3, 9))
    app.attendance.tally(p, "parent", 7, at=at(D3, 9, 30))
    rc, doc = _verify(app, app.reports.figures(p).payload())
    assert rc == 1 and "进行中" in doc["zh"] and doc["visit"]["attendance"] == 7
    assert [v["name"] for v in doc["visit"]["volunteers"]] == [LONG]
    # the re-completed visit A verifies with its new figures, and kept its leave time
    a = hostile["a"]
    assert app.visits.get(a).left_at == "2026-06-10T11:45:00"  # type: ignore[union-attr]
    rc, doc = _verify(app, app.reports.figures(a).payload())
    assert rc == 0 and doc["visit"]["attendance"] == 312 and dict(doc["visit"]["groups"])["教师"] == 12
    assert {(cc["unit"], cc["copies"]) for cc in doc["visit"]["copies"]} == {("册", 60), ("份", 76)}


def test_an_issued_certificate_still_verifies_after_a_later_service(
    app: App, hostile: dict[str, Any], tmp_path: Path
) -> None:
    rare = hostile["rare"]
    issued = app.certificates.pdf(rare, *YEAR, tmp_path / "c.pdf")
    assert issued.number.startswith("ZM") and issued.number in pdfcheck.flat(tmp_path / "c.pdf")
    # a service recorded after the issue (a late sync of a visit in the period)
    late = app.visits.add(hostile["s2"], hostile["c"], D3, theme="补录活动")
    app.visits.arrive(late, at(D3, 9))
    app.visits.duty(late, rare, "on", at(D3, 9))
    app.visits.complete(late, at(D3, 10))  # 60 min
    rc, doc = _verify(app, issued.payload)
    assert rc == 0 and doc["certificate"]["number"] == issued.number
    assert (doc["certificate"]["person"]["minutes"], doc["certificate"]["person"]["hours"]) == (240, 4.1)
    # its 补发 prints the register's figures, not today's; a new certificate has the late service
    again = app.certificates.reprint(issued.number, tmp_path / "c2.pdf")
    assert again.reprint_of == issued.number and "累计志愿服务时长4.1小时" in pdfcheck.flat(tmp_path / "c2.pdf")
    fresh = app.certificates.pdf(rare, *YEAR, tmp_path / "c3.pdf")
    assert fresh.number != issued.number and "累计志愿服务时长5.1小时" in pdfcheck.flat(tmp_path / "c3.pdf")
    rc, doc = _verify(app, issued.payload)
    assert rc == 0 and doc["certificate"]["person"]["hours"] == 4.1


@pytest.mark.skipif(not fonts.find_fallback_fonts(), reason="no Ext-B fallback font (fonts-hanazono)")
@pytest.mark.expected_logs("caravan_app.reports.layout")  # the control's missing character is warned
def test_the_ext_b_name_is_drawn_with_a_real_glyph(app: App, hostile: dict[str, Any], tmp_path: Path) -> None:
    from PIL import Image

    cert = tmp_path / "cert.pdf"
    app.certificates.pdf(hostile["rare"], *YEAR, cert)
    embedded = pdfcheck.fonts(cert)
    fallback = {p.stem for p in fonts.find_fallback_fonts()}
    assert [f for f, emb in embedded.items() if emb and any(s in f for s in fallback)]
    assert all(embedded.values())
    # poppler says the same: the fallback is listed, embedded (emb), with a ToUnicode map (uni)
    listed = subprocess.run(["pdffonts", str(cert)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listed.splitlines()[2:]]
    assert [r for r in rows if any(s in r[0] for s in fallback) and r[-5:-2] == ["yes", "yes", "yes"]], listed

    def strokes(pdf: Path, word: str, sub: str) -> int:
        """Across the first character cell (one em) of ``word`` rendered at 200 dpi, the most
        separate dark strokes one pixel column crosses: 𠮷 (土 over 口) has three or more, a
        □ or .notdef box two, an empty cell none."""
        (w, *_rest) = [x for x in pdfcheck.words(pdf) if str(x["text"]).startswith(word) and x["page"] == 1]
        png = pdfcheck.render(pdf, tmp_path / sub, dpi=200, first=1, last=1)[0]
        img = Image.open(png).convert("L")
        k = img.width / float(w["pw"])  # type: ignore[arg-type]
        x0, x1, y0, y1 = (float(w[c]) * k for c in ("x0", "x1", "y0", "y1"))  # type: ignore[arg-type]
        cell = img.crop((int(x0), int(y0), int(min(x0 + y1 - y0, x1)), int(y1)))
        px = cell.load()
        best = 0
        for x in range(cell.width):
            dark = [px[x, y] < 128 for y in range(cell.height)]  # type: ignore[index, operator]
            best = max(best, sum(1 for y, d in enumerate(dark) if d and (y == 0 or not dark[y - 1])))
        return best

    assert strokes(cert, RARE, "cert") >= 3
    # the control: a codepoint no font has prints as a box, which the same measure tells apart
    with fonts.collect_missing():
        build_pdf(tmp_path / "missing.pdf", [para("\U0010fffd 田堃")], title="对照")
    assert strokes(tmp_path / "missing.pdf", "□", "missing") == 2


def test_the_cancelled_paper_and_the_overlap_are_said(app: App, hostile: dict[str, Any], tmp_path: Path) -> None:
    # a cancelled visit prints as a record marked 已取消, with nothing to sign and no figures
    flat = pdfcheck.flat(app.reports.visit_pdf(hostile["x"], tmp_path / "x.pdf"))
    assert "科普大篷车活动记录表（已取消）" in flat and "不能作为开展活动的证明" in flat
    assert "负责人签字" not in flat and "工作人员及服务时长共0人" in flat
    # the one volunteer on duty at two visits at once is a problem `caravan check` names
    rep = app.maintenance.check()
    assert not rep.ok
    assert any(RARE in p and "新驿镇文化广场" in p for p in rep.problems), rep.problems
    assert [o for o in rep.overlaps if RARE in str(o)], rep.overlaps


def test_xlsx_hours_cells_show_one_decimal_as_the_papers_do(app: App, hostile: dict[str, Any], tmp_path: Path) -> None:
    """An hours cell of 1.0 reads "1.0" in Excel as on the PDF, not "1" (the General format)."""
    data = ["--data-dir", str(app.data_dir)]
    files = app.reports.period_files(*YEAR, xlsx=tmp_path / "y.xlsx")
    assert main([*data, "report", "publicity", "--year", "2026", "--xlsx", str(tmp_path / "p.xlsx")]) == 0
    assert main([*data, "report", "volunteer-record", "--year", "2026", "--xlsx", str(tmp_path / "r.xlsx")]) == 0
    app.certificates.pdf(hostile["crew"], *YEAR, tmp_path / "s.pdf", staff=True)  # 1.0 h at Z, 285 min in all
    assert main([*data, "export", str(tmp_path / "o.xlsx")]) == 0
    seen = []
    for book in (files.xlsx, tmp_path / "p.xlsx", tmp_path / "r.xlsx", tmp_path / "o.xlsx"):
        for ws in load_workbook(book).worksheets:
            for col in range(1, ws.max_column + 1):
                if "小时" not in str(ws.cell(1, col).value or ""):
                    continue
                for row in range(2, ws.max_row + 1):
                    cell = ws.cell(row, col)
                    if isinstance(cell.value, int | float):
                        seen.append((book.name, ws.title, cell.value, cell.number_format))
    assert len({(b, t) for b, t, _v, _f in seen}) >= 6
    assert [s for s in seen if s[3] != "0.0"] == []
