"""Certificates as issued documents: a period never ends after the issue date, each issued
certificate has its own number in the register and keeps verifying after later service, a
reprint says 补发 and names the original, the issuer must be complete, IDs per person and in
batches, the 公示 carries its 公示期 and whom to call, and the paper names a telephone, not a
command."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from caravan_app.domain.errors import ValidationError
from caravan_app.services.app import App

from . import pdfcheck
from .test_certificates import season  # noqa: F401 - the fixture

TODAY = dt.date.today().isoformat()


def test_the_period_ends_on_the_issue_date(app: App, season: dict[str, Any], tmp_path: Path) -> None:  # noqa: F811
    year = dt.date.today().year
    c = app.certificates.pdf(season["vol"], f"{year}-01-01", f"{year}-12-31", tmp_path / "c.pdf")
    assert c.end == min(f"{year}-12-31", TODAY) and c.issued_on == TODAY
    flat = pdfcheck.flat(tmp_path / "c.pdf")
    d = dt.date.fromisoformat(c.end)
    assert f"至{d.year}年{d.month}月{d.day}日期间" in flat
    if c.end < f"{year}-12-31":
        assert f"{year}年12月31日" not in flat
    with pytest.raises(ValidationError) as e:
        app.certificates.certificate(season["vol"], f"{year + 1}-01-01", f"{year + 1}-12-31")
    assert e.value.field == "from" and "出具日期" in e.value.zh


def test_each_issue_is_registered_under_its_own_number_and_later_service_never_breaks_it(
    app: App,
    season: dict[str, Any],  # noqa: F811
    tmp_path: Path,
) -> None:
    first = app.certificates.pdf(season["vol"], "2026-01-01", "2026-12-31", tmp_path / "a.pdf")
    # more service, then a second certificate of the same person and period: another number
    s = app.sites.add(name="喻屯镇中心小学", county="任城区", kind="小学")
    v = app.visits.add(s, app.catalog.caravans()[0].id, "2026-06-01")
    app.visits.arrive(v, dt.datetime(2026, 6, 1, 9))
    app.visits.duty(v, season["vol"], "on", dt.datetime(2026, 6, 1, 9))
    app.visits.complete(v, dt.datetime(2026, 6, 1, 10))
    second = app.certificates.pdf(season["vol"], "2026-01-01", "2026-12-31", tmp_path / "b.pdf")
    assert first.number != second.number and second.minutes == first.minutes + 60
    register = app.certificates.issued(season["vol"])
    assert [(r.number, r.minutes, len(r.services)) for r in register] == [
        (first.number, 400, 3),
        (second.number, 460, 4),
    ]
    assert register[0].issued_on == TODAY and register[0].role == "volunteer"
    # both papers verify, each against the figures it certified
    r1, r2 = app.certificates.check(first.payload), app.certificates.check(second.payload)
    assert r1.ok and r1.minutes == 400 and r1.services == 3
    assert r2.ok and r2.minutes == 460
    with pytest.raises(Exception):  # noqa: B017 - the register is append-only (a trigger refuses it)
        with app.db.write() as w:
            from sqlalchemy import text

            w.execute(text("UPDATE certificate_issues SET minutes = 1"))


def test_a_reprint_says_so_and_names_the_original(app: App, season: dict[str, Any], tmp_path: Path) -> None:  # noqa: F811
    orig = app.certificates.pdf(season["vol"], "2026-01-01", "2026-12-31", tmp_path / "a.pdf")
    again = app.certificates.reprint(orig.number, tmp_path / "r.pdf")
    assert again.number != orig.number and again.reprint_of == orig.number
    assert again.minutes == orig.minutes
    flat = pdfcheck.flat(tmp_path / "r.pdf")
    assert "志愿服务记录证明（补发）" in flat and f"原证明编号{orig.number}" in flat
    assert app.certificates.check(again.payload).ok
    r = app.certificates.check(orig.payload)
    assert r.ok and again.number in r.zh and "补发" in r.zh  # the office learns it was replaced


def test_no_certificate_without_a_complete_issuer(app: App, season: dict[str, Any], tmp_path: Path) -> None:  # noqa: F811
    app.db.set_meta("settings.issuer", '{"name": "济宁市科学技术协会", "head": "", "clerk": "", "phone": ""}')
    with pytest.raises(ValidationError) as e:
        app.certificates.pdf(season["vol"], "2026-01-01", "2026-12-31", tmp_path / "c.pdf")
    assert "负责人" in e.value.zh and "联系电话" in e.value.zh and "caravan settings issuer" in e.value.zh
    assert not (tmp_path / "c.pdf").exists() and app.certificates.issued() == []
    with pytest.raises(ValidationError):
        app.certificates.publicity("2026-01-01", "2026-12-31", tmp_path / "p.pdf")


def test_the_paper_says_whom_to_call_and_has_lines_to_sign(app: App, season: dict[str, Any], tmp_path: Path) -> None:  # noqa: F811
    app.certificates.pdf(season["vol"], "2026-01-01", "2026-12-31", tmp_path / "c.pdf")
    flat = pdfcheck.flat(tmp_path / "c.pdf")
    assert "caravan" not in flat.lower()  # no command of this program on paper
    assert "致电出具单位（济宁市科学技术协会，电话0537-2345678）" in flat
    assert "负责人：张主任签字：" in flat and "经办人：李经办签字：" in flat
    # the issuer's caption in the stamp box, and no school caption hidden under a white patch
    assert "出具单位盖章" in flat and "学校（站点）盖章" not in flat


def test_ids_per_person_and_in_batches(app: App, season: dict[str, Any], tmp_path: Path) -> None:  # noqa: F811
    ids = tmp_path / "ids.csv"
    ids.write_text(
        "姓名,志愿者编号,证件类型,证件号码\n王志愿,,居民身份证,370811200801011234\n,SD2026002,护照,E12345678\n",
        encoding="gbk",
    )
    docs = app.certificates.read_ids(ids)
    certs = app.certificates.all_pdf("2026-01-01", "2026-12-31", tmp_path / "all.pdf", docs)
    flat = pdfcheck.flat(tmp_path / "all.pdf")
    assert "居民身份证370***********1234" in flat and "护照E1*****78" in flat
    assert "370811200801011234" not in flat and "E12345678" not in flat
    assert {c.id_type for c in certs} == {"居民身份证", "护照"}
    bad = tmp_path / "bad.csv"
    bad.write_text("姓名,证件类型,证件号码\n王志愿,居民身份证,1234\n", encoding="utf-8")
    with pytest.raises(ValidationError) as e:
        app.certificates.read_ids(bad)
    assert "第 2 行" in e.value.zh
    c = app.certificates.pdf(
        season["other"], "2026-01-01", "2026-12-31", tmp_path / "o.pdf", "H1234567", "港澳居民来往内地通行证"
    )
    assert c.id_masked == "H1****67" and "港澳居民来往内地通行证H1****67" in pdfcheck.flat(tmp_path / "o.pdf")


def test_the_publicity_has_at_least_seven_days_and_a_contact(app: App, season: dict[str, Any], tmp_path: Path) -> None:  # noqa: F811
    with pytest.raises(ValidationError) as e:
        app.certificates.publicity("2026-01-01", "2026-12-31", tmp_path / "p.pdf", days=5)
    assert "不少于 7 天" in e.value.zh
    app.certificates.publicity("2026-01-01", "2026-12-31", tmp_path / "p.pdf", days=10, from_day="2026-12-07")
    flat = pdfcheck.flat(tmp_path / "p.pdf")
    assert "公示期：2026年12月7日至2026年12月16日（10天）" in flat
    assert "如有异议，请在公示期内向济宁市科学技术协会（电话：0537-2345678）反映" in flat


def test_a_name_no_font_can_draw_gets_no_certificate(app: App, season: dict[str, Any], tmp_path: Path) -> None:  # noqa: F811
    app.catalog.update_person(season["vol"], name="王\U0010fffd")
    with pytest.raises(ValidationError) as e:
        app.certificates.pdf(season["vol"], "2026-01-01", "2026-12-31", tmp_path / "c.pdf")
    assert "U+10FFFD" in e.value.zh and not (tmp_path / "c.pdf").exists()
    assert app.certificates.issued() == []


def test_the_period_and_volunteer_record_sheets_have_date_cells_and_totals(
    app: App,
    season: dict[str, Any],  # noqa: F811
    tmp_path: Path,
) -> None:
    from openpyxl import load_workbook

    app.certificates.record_xlsx("2026-01-01", "2026-12-31", tmp_path / "r.xlsx")
    ws = load_workbook(tmp_path / "r.xlsx")["志愿服务情况"]
    head = [c.value for c in ws[1]]
    col = head.index("服务日期") + 1
    assert all(ws.cell(r, col).is_date for r in range(2, ws.max_row))  # real dates, not text
    assert ws.cell(ws.max_row, 1).value == "合计"
    assert ws.cell(ws.max_row, head.index("时长（分钟）") + 1).value == sum(
        ws.cell(r, head.index("时长（分钟）") + 1).value for r in range(2, ws.max_row)
    )
    files = app.reports.period_files("2026-01-01", "2026-12-31", xlsx=tmp_path / "p.xlsx")
    wb = load_workbook(files.xlsx)
    details = wb["活动明细"]
    assert all(details.cell(r, 1).is_date for r in range(2, details.max_row))
    summary = wb["汇总"]
    assert summary["C2"].is_date and summary["D2"].is_date  # 开始日期, 结束日期
    for name in ("按县市区", "按车辆", "按月份", "活动明细", "志愿服务时长", "按人群"):
        last = [c.value for c in wb[name][wb[name].max_row]]
        assert last[0] == "合计", name  # every table has its total row


def test_the_office_export_lists_the_register(app: App, season: dict[str, Any], tmp_path: Path) -> None:  # noqa: F811
    from openpyxl import load_workbook

    from caravan_app.services.export import export

    c = app.certificates.pdf(season["vol"], "2026-01-01", "2026-12-31", tmp_path / "c.pdf")
    again = app.certificates.reprint(c.number, tmp_path / "r.pdf")
    (x,) = export(app.db, tmp_path / "office.xlsx")
    ws = load_workbook(x)["证明出具登记"]
    rows = {r[1]: r for r in ws.iter_rows(min_row=2, values_only=True) if r[1]}
    assert rows[c.number][2] == "王志愿" and rows[c.number][5:8] == (3, 400, c.hours)
    assert rows[c.number][10] == "志愿服务记录证明"
    assert rows[again.number][8] == c.number  # the 补发 names the original
    assert ws.cell(2, 1).is_date


def test_a_paper_that_could_not_be_registered_is_not_left_behind(
    app: App,
    season: dict[str, Any],  # noqa: F811
    tmp_path: Path,
) -> None:
    from caravan_app.domain.errors import StorageError

    # a database that refuses writes (as a read-only folder does): printing works, registering fails
    app.close()  # everything written reaches the file (a read-only open does not read the WAL)
    ro = App.open(app.data_dir, read_only=True)
    try:
        with pytest.raises(StorageError):
            ro.certificates.pdf(season["vol"], "2026-01-01", "2026-12-31", tmp_path / "c.pdf")
        assert not (tmp_path / "c.pdf").exists()
    finally:
        ro.close()
