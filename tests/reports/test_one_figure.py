"""One figure on every paper: the same (person, visit) prints the same hours on the visit report,
the certificate, the hours CSV, the period PDF/XLSX, the 公示 and the volunteer record; every
printed column adds to its printed total; 册, 份 and 本 never share a number; staff time is not
volunteer service; ``verify`` says what the paper should say; a re-completion keeps the
departure time. Figures are read back from the PDFs' text and the XLSX cells, and recomputed
independently from ``caravan export``."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from caravan_app.cli.main import main
from caravan_app.domain.errors import DomainError
from caravan_app.services.app import App

from . import pdfcheck

D1, D2 = dt.date(2026, 6, 10), dt.date(2026, 6, 11)


def at(d: dt.date, h: int, m: int = 0) -> dt.datetime:
    return dt.datetime.combine(d, dt.time(h, m))


@pytest.fixture
def mixed(app: App) -> dict[str, Any]:
    """Two visits: volunteers and a staff member on duty for 164, 9, 225, 237 and 9 minutes;
    books (册), leaflets (份) and magazines (本) handed out."""
    c = app.catalog.add_caravan("1号车", "鲁H11111", "任城区")
    app.catalog.set_this_device("办公室笔记本", c)
    s1 = app.sites.add(name="唐口中心小学", county="任城区", kind="小学")
    s2 = app.sites.add(name="新驿镇文化广场", county="兖州区", kind="村/社区")
    book = app.catalog.add_title("身边的科学")
    leaflet = app.catalog.add_title("防灾减灾宣传单", kind="leaflet", unit="份")
    mag = app.catalog.add_title("科学画报", unit="本")
    for t in (book, leaflet, mag):
        app.stock.load(c, t, 500, at=at(D1, 7))
    vol = app.catalog.add_person(name="王志愿", role="volunteer", team="青少年科普服务队", volunteer_no="SD001")
    vol2 = app.catalog.add_person(name="李同学", role="volunteer", team="教育科普服务队", volunteer_no="SD002")
    crew = app.catalog.add_person(name="赵司机", role="crew")
    a = app.visits.add(s1, c, D1, theme="科技进校园")
    app.visits.arrive(a, at(D1, 8))
    for p in (vol, vol2, crew):
        app.visits.duty(a, p, "on", at(D1, 8))
    app.visits.duty(a, vol, "off", at(D1, 10, 44))  # 164 min
    app.visits.duty(a, vol2, "off", at(D1, 8, 9))  # 9 min
    app.attendance.tally(a, "primary", 300, at=at(D1, 9))
    app.attendance.tally(a, "teacher", 12, at=at(D1, 9))
    app.stock.distribute(c, book, 60, a, "三年级", at=at(D1, 9))
    app.stock.distribute(c, leaflet, 76, a, "家长", at=at(D1, 9))
    app.stock.distribute(c, mag, 30, a, "图书室", at=at(D1, 9))
    app.visits.complete(a, at(D1, 11, 45))  # the crew still on duty: 225 min
    b = app.visits.add(s2, c, D2, theme="科普进乡村")
    app.visits.arrive(b, at(D2, 9))
    for p in (vol, vol2, crew):
        app.visits.duty(b, p, "on", at(D2, 9))
    app.visits.duty(b, vol2, "off", at(D2, 9, 9))  # 9 min
    app.visits.duty(b, crew, "off", at(D2, 9, 9))  # the same 9 min for another person
    app.attendance.tally(b, "parent", 80, at=at(D2, 10))
    app.stock.distribute(c, leaflet, 40, b, "村委会", at=at(D2, 10))
    app.visits.complete(b, at(D2, 12, 57))  # the volunteer: 237 min
    app.settings.set_issuer("济宁市科学技术协会", "张主任", "李经办", "0537-2345678")
    return {"a": a, "b": b, "vol": vol, "vol2": vol2, "crew": crew, "caravan": c}


# hours by the one rule: per (person, visit) minutes/60 half up to 0.1; a person's period = the sum
EXPECTED = {
    ("王志愿", D1): (164, 2.7),
    ("李同学", D1): (9, 0.2),
    ("赵司机", D1): (225, 3.8),
    ("王志愿", D2): (237, 4.0),
    ("李同学", D2): (9, 0.2),
    ("赵司机", D2): (9, 0.2),
}


def _minutes_from_export(app: App, tmp_path: Path) -> dict[tuple[str, str], int]:
    """Minutes per (person name, date) recomputed from `caravan export` alone (duty events and
    visits), independently of the report code."""
    out = tmp_path / "export.json"
    assert main(["--data-dir", str(app.data_dir), "export", str(out)]) == 0
    records = {k: [r for r in v if not r["deleted"]] for k, v in json.loads(out.read_text("utf-8"))["entities"].items()}
    people = {p["id"]: p["name"] for p in records["person"]}
    visits = {v["id"]: v for v in records["visit"]}
    started: dict[tuple[str, str], dt.datetime] = {}
    secs: dict[tuple[str, str], float] = {}
    for e in sorted(records["duty_event"], key=lambda e: (e["at"], e["id"])):
        key = (e["person_id"], e["visit_id"])
        t = dt.datetime.fromisoformat(e["at"])
        if e["kind"] == "on":
            started.setdefault(key, t)
        elif key in started:
            secs[key] = secs.get(key, 0.0) + (t - started.pop(key)).total_seconds()
    return {(people[p], visits[v]["date"]): round(s / 60) for (p, v), s in secs.items()}


def _hours_rows(text: str, names: list[str]) -> dict[str, tuple[int, float]]:
    """(minutes, hours) per name from a visit report's crew table as printed."""
    out = {}
    for n in names:
        m = re.search(rf"{n} .*?\d\d:\d\d (?:\d\d:\d\d|—) ([\d,]+) (\d+\.\d)", text)
        assert m, (n, text[:800])
        out[n] = (int(m[1].replace(",", "")), float(m[2]))
    return out


def test_every_paper_prints_the_same_hours_and_every_column_adds_up(
    app: App, mixed: dict[str, Any], tmp_path: Path
) -> None:
    data = ["--data-dir", str(app.data_dir)]
    # the minutes in the data, recomputed from the export, are the stored truth every paper starts from
    truth = _minutes_from_export(app, tmp_path)
    assert {(n, d.isoformat()): m for (n, d), (m, _h) in EXPECTED.items()} == truth

    # 1. the visit reports: each line by the rule, the 合计 the sum of the lines
    for vid, day in ((mixed["a"], D1), (mixed["b"], D2)):
        pdf = app.reports.visit_pdf(vid, tmp_path / f"visit-{day}.pdf")
        text = pdfcheck.text(pdf)
        rows = _hours_rows(text, ["王志愿", "李同学", "赵司机"])
        assert rows == {n: EXPECTED[(n, d)] for (n, d) in EXPECTED if d == day}
        total = re.search(r"合计 ([\d,]+) (\d+\.\d)", text)
        assert total and float(total[2]) == pytest.approx(sum(h for _m, h in rows.values()))
        assert int(total[1].replace(",", "")) == sum(m for m, _h in rows.values())

    # 2. the hours CSV for the volunteer platform: volunteers only, the same hours per service
    hours_csv = tmp_path / "hours.csv"
    assert main([*data, "hours", "export", "--out", str(hours_csv)]) == 0
    with hours_csv.open(encoding="utf-8-sig") as f:
        platform = {(r["姓名"], r["日期"]): float(r["服务时长(小时)"]) for r in csv.DictReader(f)}
    assert platform == {(n, d.isoformat()): h for (n, d), (_m, h) in EXPECTED.items() if n != "赵司机"}

    # 3. the certificate: the same rows, the 合计 their sum (2.7 + 4.0)
    cert_pdf = tmp_path / "cert.pdf"
    assert main([*data, "report", "certificate", "王志愿", "--year", "2026", "--out", str(cert_pdf)]) == 0
    ctext = pdfcheck.text(cert_pdf)
    assert re.search(r"2026-06-10 唐口中心小学 .*? 2\.7 ", ctext) and re.search(
        r"2026-06-11 新驿镇文化广场 .*? 4\.0 ", ctext
    )
    assert "合计 6.7" in ctext

    # 4. the period XLSX and the volunteer record: the same per-person hours, volunteers only
    files = app.reports.period_files("2026-01-01", "2026-12-31", tmp_path / "y.pdf", xlsx=tmp_path / "y.xlsx")
    wb = load_workbook(files.xlsx)
    vols = {r[0]: (r[4], r[5]) for r in wb["志愿服务时长"].iter_rows(min_row=2, values_only=True) if r[0] != "合计"}
    assert vols == {"王志愿": (401, 6.7), "李同学": (18, 0.4)}  # 0.2 + 0.2, not 18 min re-rounded to 0.3
    (total,) = [r for r in wb["志愿服务时长"].iter_rows(min_row=2, values_only=True) if r[0] == "合计"]
    assert (total[4], total[5]) == (419, 7.1)  # the 合计 row: the sum of the printed lines (6.7 + 0.4)
    staff = {
        r[0]: (r[4], r[5]) for r in wb["工作人员工作时长"].iter_rows(min_row=2, values_only=True) if r[0] != "合计"
    }
    assert staff == {"赵司机": (234, 4.0)}
    record = tmp_path / "record.xlsx"
    assert main([*data, "report", "volunteer-record", "--year", "2026", "--xlsx", str(record)]) == 0
    rw = load_workbook(record)
    summary = {
        r[0]: (r[3], r[4])
        for r in rw["志愿服务汇总"].iter_rows(min_row=2, values_only=True)
        if r[0] not in (None, "合计")
    }
    assert summary == vols  # the volunteer record equals the period XLSX
    services = [r for r in rw["志愿服务情况"].iter_rows(min_row=2, values_only=True) if r[0]]
    for name, (_m, h) in summary.items():
        assert sum(r[6] for r in services if r[0] == name) == pytest.approx(h)  # lines add to the summary

    # 5. the period PDF's hours table adds to its 合计; the 科普统计 P4 is the volunteers' hours only
    ptext = pdfcheck.text(files.pdf)
    m = re.search(r"志愿服务时长（2 名志愿者） .*? 合计 \d+ ([\d,]+) (\d+\.\d)", ptext)
    assert m and float(m[2]) == pytest.approx(7.1) and int(m[1]) == 419
    stats = {x.code: x.value for x in app.reports.period_data("2026-01-01", "2026-12-31").stats}
    assert stats["P4"] == pytest.approx(7.1) and stats["P6"] == pytest.approx(4.0) and stats["P2"] == 2
    assert stats["P1"] == 1 and stats["P5"] == 0.0

    # 6. the 公示: each certificate's hours, the column adds to its 合计
    pub_pdf, pub_xlsx = tmp_path / "pub.pdf", tmp_path / "pub.xlsx"
    assert main([*data, "report", "publicity", "--year", "2026", "--out", str(pub_pdf), "--xlsx", str(pub_xlsx)]) == 0
    rows = list(load_workbook(pub_xlsx)["公示"].iter_rows(min_row=2, values_only=True))
    pub = [r for r in rows if r[1] and "合计" not in (r[0], r[1])]
    assert {r[1]: r[5] for r in pub} == {n: h for n, (_m, h) in vols.items()}  # crew is not on the 公示
    total = re.search(r"合计 2 人 \d+ (\d+\.\d)", pdfcheck.text(pub_pdf))
    assert total and float(total[1]) == pytest.approx(sum(r[5] for r in pub)) == pytest.approx(7.1)


def test_units_are_never_summed(app: App, mixed: dict[str, Any], tmp_path: Path) -> None:
    # the visit report: one total per unit, never "166 册（件）"
    flat = pdfcheck.flat(app.reports.visit_pdf(mixed["a"], tmp_path / "a.pdf"))
    assert "合计60册、76份、30本" in flat and "合计（册）60册" in flat and "合计（份）76份" in flat
    assert "166" not in flat and "册（件）" not in flat
    # the day receipt says 40 份 for the leaflets, not 40 册
    day = pdfcheck.flat(app.reports.day_pdf(D2.isoformat(), tmp_path / "d.pdf", mixed["caravan"]))
    assert "发放40份" in day and "发放40册" not in day
    day1 = pdfcheck.flat(app.reports.day_pdf(D1.isoformat(), tmp_path / "d1.pdf", mixed["caravan"]))
    assert "发放（册）发放（份）发放（本）" in day1 and "合计（份）" in day1 and "发放60册、76份、30本" in day1
    # the period report: key figures, paragraph, XLSX 汇总 and tables per unit
    files = app.reports.period_files(
        "2026-01-01", "2026-12-31", tmp_path / "y.pdf", xlsx=tmp_path / "y.xlsx", csv_dir=tmp_path / "csv"
    )
    assert "图书60册、30本" in files.paragraph and "资料116份" in files.paragraph
    ws = load_workbook(files.xlsx)["汇总"]
    row = {ws.cell(1, c).value: ws.cell(2, c).value for c in range(1, ws.max_column + 1)}
    assert row["发放图书（册）"] == 60 and row["发放资料（份）"] == 116 and row["发放（本）"] == 30
    county = load_workbook(files.xlsx)["按县市区"]
    assert [c.value for c in county[1]] == [
        "县市区",
        "场次",
        "人次",
        "发放图书（册）",
        "发放资料（份）",
        "发放（本）",
        "站点数",
    ]
    ptext = pdfcheck.flat(files.pdf)
    assert "发放图书和物资" not in ptext and "册=活动中发放的图书和物资" not in ptext
    assert "不同单位从不相加" in ptext
    stats = {x.code: (x.unit, x.value) for x in app.reports.period_data("2026-01-01", "2026-12-31").stats}
    assert stats["B1"] == ("册", 60) and stats["B2"] == ("份", 116) and stats["B3"] == ("本", 30)


def test_staff_are_not_volunteers(app: App, mixed: dict[str, Any], tmp_path: Path) -> None:
    data = ["--data-dir", str(app.data_dir)]
    with pytest.raises(DomainError) as e:
        app.certificates.certificate(mixed["crew"], "2026-01-01", "2026-12-31")
    assert "不是志愿者" in e.value.zh and "--staff" in e.value.zh
    assert main([*data, "report", "certificate", "赵司机", "--year", "2026", "--out", str(tmp_path / "x.pdf")]) == 1
    assert not (tmp_path / "x.pdf").exists()
    out = tmp_path / "staff.pdf"
    assert main([*data, "report", "certificate", "赵司机", "--year", "2026", "--staff", "--out", str(out)]) == 0
    flat = pdfcheck.flat(out)
    assert "工作时长证明" in flat and "志愿服务记录证明" not in flat and "合计4.0" in flat
    certs = app.certificates.period_certificates("2026-01-01", "2026-12-31")
    assert sorted(c.name for c in certs) == ["李同学", "王志愿"]
    with pytest.raises(DomainError):
        app.certificates.record_xlsx("2026-01-01", "2026-12-31", tmp_path / "r.xlsx", mixed["crew"])


def _verify_json(app: App, payload: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any]]:
    capsys.readouterr()
    rc = main(["--data-dir", str(app.data_dir), "--json", "verify", payload])
    return rc, json.loads(capsys.readouterr().out)


def test_verify_says_the_status_and_the_figures(
    app: App, mixed: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    a = mixed["a"]
    code = app.reports.figures(a).payload()
    rc, doc = _verify_json(app, code, capsys)
    assert rc == 0 and doc["ok"] and doc["level"] == "ok"
    v = doc["visit"]
    assert v["status"] == "completed" and v["attendance"] == 312 and dict(v["groups"])["小学生"] == 300
    assert [(p["name"], p["minutes"], p["hours"]) for p in v["volunteers"]] == [
        ("王志愿", 164, 2.7),
        ("李同学", 9, 0.2),
    ]
    assert [(p["name"], p["minutes"], p["hours"]) for p in v["staff"]] == [("赵司机", 225, 3.8)]
    assert {(c["title"], c["unit"]): c["copies"] for c in v["copies"]} == {
        ("身边的科学", "册"): 60, ("防灾减灾宣传单", "份"): 76, ("科学画报", "本"): 30
    }  # fmt: skip
    # the text names the figures too, to compare with the paper
    capsys.readouterr()
    assert main(["--data-dir", str(app.data_dir), "verify", code]) == 0
    text = capsys.readouterr().out
    assert "王志愿 164 分钟 2.7 小时" in text and "身边的科学 60 册" in text and "60册、76份、30本" in text

    # reopened after printing: not valid until completed again
    app.visits.reopen(a, "补录一位老师")
    rc, doc = _verify_json(app, code, capsys)
    assert rc == 1 and doc["level"] == "fail" and "重新打开" in doc["zh"] and "补录一位老师" in doc["zh"]
    # completed again with nothing changed: the figures match, a warning to use the reprint
    app.visits.complete(a)
    rc, doc = _verify_json(app, code, capsys)
    assert rc == 2 and doc["level"] == "warn" and "数字未变" in doc["zh"] and not doc["ok"]
    # a figure changed: fails, and shows what the data holds now
    app.visits.reopen(a, "补录")
    app.attendance.tally(a, "teacher", 1)
    app.visits.complete(a)
    rc, doc = _verify_json(app, code, capsys)
    assert rc == 1 and "核验失败" in doc["zh"] and dict(doc["visit"]["groups"])["教师"] == 13

    # planned, in progress and cancelled papers never verify, even when the digest matches
    s = app.sites.add(name="鱼台县实验小学", county="鱼台县", kind="小学")
    planned = app.visits.add(s, mixed["caravan"], dt.date.today())
    rc, doc = _verify_json(app, app.reports.figures(planned).payload(), capsys)
    assert rc == 1 and doc["matches"] and "计划中" in doc["zh"]
    app.visits.arrive(planned)
    rc, doc = _verify_json(app, app.reports.figures(planned).payload(), capsys)
    assert rc == 1 and "进行中" in doc["zh"] and "草稿" in doc["zh"]
    other = app.visits.add(s, mixed["caravan"], dt.date.today())
    app.visits.cancel(other)
    rc, doc = _verify_json(app, app.reports.figures(other).payload(), capsys)
    assert rc == 1 and doc["matches"] and "已取消" in doc["zh"]


def test_verify_of_a_certificate_shows_its_figures(
    app: App, mixed: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    c = app.certificates.pdf(mixed["vol"], "2026-01-01", "2026-12-31", tmp_path / "c.pdf")  # issued
    rc, doc = _verify_json(app, c.payload, capsys)
    assert rc == 0 and doc["kind"] == "certificate"
    cert = doc["certificate"]
    assert cert["number"] == c.number and cert["person"]["name"] == "王志愿"
    assert (cert["person"]["minutes"], cert["person"]["hours"]) == (401, 6.7)
    assert [(x["date"], x["minutes"], x["hours"]) for x in cert["services"]] == [
        ("2026-06-10", 164, 2.7), ("2026-06-11", 237, 4.0)
    ]  # fmt: skip
    # a staff member's 工作时长证明 is issued into the same register, under its own number
    staff = app.certificates.pdf(mixed["crew"], "2026-01-01", "2026-12-31", tmp_path / "s.pdf", staff=True)
    assert staff.number.startswith("ZM") and staff.number != c.number
    rc, doc = _verify_json(app, staff.payload, capsys)
    assert rc == 0 and doc["certificate"]["title"] == "工作时长证明" and doc["certificate"]["number"] == staff.number
    assert (doc["certificate"]["person"]["minutes"], doc["certificate"]["person"]["hours"]) == (234, 4.0)
    # its 补发 keeps the title, marked as a reprint, on paper and in verify
    again = app.certificates.reprint(staff.number, tmp_path / "s2.pdf")
    assert again.title == "工作时长证明" and again.reprint_of == staff.number
    assert "工作时长证明（补发）" in pdfcheck.flat(tmp_path / "s2.pdf")
    rc, doc = _verify_json(app, again.payload, capsys)
    assert rc == 0 and doc["certificate"]["title"] == "工作时长证明（补发）"
    assert doc["certificate"]["reprint_of"] == staff.number
    assert [r.number for r in app.certificates.issued(mixed["crew"])] == [staff.number, again.number]


def test_recompleting_a_reopened_visit_keeps_the_departure_time(
    app: App, mixed: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = mixed["a"]
    assert app.visits.get(a).left_at == "2026-06-10T11:45:00"  # type: ignore[union-attr]
    app.visits.reopen(a, "补录一个班的人数")
    app.attendance.tally(a, "primary", 30, at=at(D1, 13))
    data = ["--data-dir", str(app.data_dir)]
    capsys.readouterr()
    assert main([*data, "visit", "complete", a]) == 0
    assert "离开时间保留为原来的 11:45" in capsys.readouterr().out
    assert app.visits.get(a).left_at == "2026-06-10T11:45:00"  # type: ignore[union-attr]
    assert "离开11:45" in pdfcheck.flat(app.reports.visit_pdf(a, tmp_path / "a.pdf"))
    # a wrong leave time is corrected by an edit (a synced change of the visit)
    assert main([*data, "visit", "edit", a, "--left-at", "11:50"]) == 0
    assert app.visits.get(a).left_at == "2026-06-10T11:50:00"  # type: ignore[union-attr]
    assert main([*data, "visit", "edit", a, "--left-at", "07:00"]) == 1  # before the arrival: refused
    assert main([*data, "visit", "edit", a, "--left-at", "noon"]) == 1
    # asked for explicitly, a re-completion takes the time given
    app.visits.reopen(a, "再补录")
    assert main([*data, "visit", "complete", a, "--left-at", "12:05"]) == 0
    assert app.visits.get(a).left_at == "2026-06-10T12:05:00"  # type: ignore[union-attr]
    # an edit of an open visit's leave time is refused: it is set when the visit completes
    app.visits.reopen(a, "再补录")
    with pytest.raises(DomainError) as e:
        app.visits.update(a, left_at="12:00")
    assert e.value.field == "left_at"


@pytest.mark.slow
def test_demo_data_every_paper_agrees_per_person_and_visit(app: App, tmp_path: Path) -> None:
    """Over a season of demo data: the hours each visit report prints for each person are the
    hours of the hours CSV, the certificates and the volunteer record; every person's period
    hours are the sum of their visits'; crew never appear as volunteers; no table adds units."""
    from caravan_app.services.demo import load_demo

    today = dt.date(2026, 11, 20)
    load_demo(app, seed=1, visits=40, today=today)
    start, end = (today - dt.timedelta(days=365)).isoformat(), today.isoformat()
    roles = {p.name: p.role for p in app.catalog.people()}
    done = [v for v in app.visits.list(start, end) if v.status == "completed"]
    printed: dict[tuple[str, str], tuple[int, float]] = {}  # (name, visit id) -> (minutes, hours) printed
    for v in done:
        text = pdfcheck.text(app.reports.visit_pdf(v.id, tmp_path / f"{v.id}.pdf"))
        crew = app.reports.visit_data(v.id).crew
        rows = _hours_rows(text, [c.name for c in crew]) if crew else {}
        for name, mh in rows.items():
            printed[(name, v.id)] = mh
        total = re.search(r"合计 ([\d,]+) (\d+\.\d)", text)
        if rows:
            assert total and float(total[2]) == pytest.approx(sum(h for _m, h in rows.values())), v.id
        assert "册（件）" not in text
    assert printed
    volunteer_printed = {k: h for k, (m, h) in printed.items() if roles[k[0]] == "volunteer" and m > 0}
    assert any(roles[n] != "volunteer" for n, _v in printed)  # the demo has staff on duty too
    # the hours CSV: exactly the volunteers' (person, visit) hours of the visit reports
    rows = app.hours.rows(start, end)
    assert {(r.name, r.visit_id): r.hours for r in rows} == volunteer_printed
    # the volunteer record and the period XLSX: per person the sum of the visit reports' hours
    record = tmp_path / "record.xlsx"
    app.certificates.record_xlsx(start, end, record)
    summary = {
        r[0]: r[4]
        for r in load_workbook(record)["志愿服务汇总"].iter_rows(min_row=2, values_only=True)
        if r[0] not in (None, "合计")
    }
    files = app.reports.period_files(start, end, xlsx=tmp_path / "y.xlsx")
    wb = load_workbook(files.xlsx)
    period = {
        r[0]: r[5] for r in wb["志愿服务时长"].iter_rows(min_row=2, values_only=True) if r[0] not in (None, "合计")
    }
    assert summary == period
    for name, h in period.items():
        assert roles[name] == "volunteer"
        assert h == pytest.approx(sum(x for (n, _v), x in volunteer_printed.items() if n == name)), name
    staff = {r[0] for r in wb["工作人员工作时长"].iter_rows(min_row=2, values_only=True) if r[0] not in (None, "合计")}
    assert staff and all(roles[n] != "volunteer" for n in staff) and not staff & set(period)
    # the certificates print the same per-visit hours and total
    for c in app.certificates.period_certificates(start, end):
        assert c.hours == pytest.approx(period[c.name])
    # no table adds 册 and 份: every 发放 column names one unit
    for ws in wb.worksheets:
        heads = [str(c.value or "") for c in ws[1]]
        assert not [h for h in heads if h.startswith("发放") and h.endswith("）") and h[-2] not in "册份本套"]
        assert "发放（册/份）" not in heads and "发放（册）" not in heads


def test_the_office_export_names_each_quantitys_unit(app: App, mixed: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "office.xlsx"
    assert main(["--data-dir", str(app.data_dir), "export", str(out)]) == 0
    ws = load_workbook(out)["库存流水"]
    heads = [c.value for c in ws[1]]
    rows = [dict(zip(heads, r, strict=False)) for r in ws.iter_rows(min_row=2, values_only=True)]
    out_by_unit: dict[str, int] = {}
    for r in rows:
        if r["类型"] == "发放":
            out_by_unit[r["单位"]] = out_by_unit.get(r["单位"], 0) - r["数量"]
    assert out_by_unit == {"册": 60, "份": 116, "本": 30}
