"""Volunteer service certificates (issue #17): the hours of `caravan hours export`, the four
blocks of the national rules, a unique number that `caravan verify` checks, the 公示 list and
the volunteer record export."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from caravan_app.services.app import App

from . import pdfcheck


@pytest.fixture
def season(app: App) -> dict[str, Any]:
    """Two visits a volunteer served at (one overlapping another van's), the issuer set."""
    c1 = app.catalog.add_caravan("1号车", "鲁H11111", "任城区")
    c2 = app.catalog.add_caravan("2号车", "鲁H22222", "兖州区")
    app.catalog.set_this_device("办公室笔记本", c1)
    s1 = app.sites.add(name="唐口中心小学", county="任城区", kind="小学")
    s2 = app.sites.add(name="新驿镇村文化广场", county="兖州区", kind="村/社区")
    vol = app.catalog.add_person(name="王志愿", role="volunteer", team="青少年科普服务队", volunteer_no="SD2026001")
    other = app.catalog.add_person(name="李同学", role="volunteer", team="教育科普服务队", volunteer_no="SD2026002")
    crew = app.catalog.add_person(name="赵司机", role="crew")
    visits = []
    for day, site, van, start, end in (
        (dt.date(2026, 5, 10), s1, c1, 9, 12),
        (dt.date(2026, 5, 20), s2, c2, 14, 17),
        (dt.date(2026, 5, 20), s1, c1, 16, 18),  # the volunteer went on to the school: 16-17 at both
    ):
        v = app.visits.add(site, van, day, theme="科技进校园", activities="科普展示、科学实验")
        t0 = dt.datetime.combine(day, dt.time(start))
        app.visits.arrive(v, t0)
        for p in (vol, crew) if van == c1 else (vol, other):
            app.visits.duty(v, p, "on", t0 + dt.timedelta(minutes=10))
        app.visits.complete(v, dt.datetime.combine(day, dt.time(end)))
        visits.append(v)
    app.settings.set_issuer("济宁市科学技术协会", "张主任", "李经办", "0537-2345678")
    return {"vol": vol, "other": other, "crew": crew, "visits": visits}


def _csv_rows(path: Path, name: str) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig") as f:
        return [r for r in csv.DictReader(f) if r["姓名"] == name]


def test_certificate_hours_equal_the_hours_export(app: App, season: dict[str, Any], tmp_path: Path) -> None:
    from caravan_app.cli.main import main

    out = tmp_path / "hours.csv"
    assert main(["--data-dir", str(app.data_dir), "hours", "export", "--from", "2026-01-01", "--to", "2026-12-31",
                 "--out", str(out)]) == 0  # fmt: skip
    exported = _csv_rows(out, "王志愿")
    cert = app.certificates.certificate(season["vol"], "2026-01-01", "2026-12-31")
    assert [(s.date, f"{s.hours:.1f}") for s in cert.services] == [(r["日期"], r["服务时长(小时)"]) for r in exported]
    # 2h50 + 2h50 + (16:10-18:00 less the 50 minutes already counted at the other visit) = 6h40
    assert cert.minutes == 170 + 170 + 60 == 400
    # hours per service rounded once (2.8 + 2.8 + 1.0), the total is their sum: 6.6, as printed
    assert sorted(r["服务时长(小时)"] for r in exported) == ["1.0", "2.8", "2.8"]
    assert cert.hours == sum(float(r["服务时长(小时)"]) for r in exported) == pytest.approx(6.6)
    assert cert.volunteer_no == "SD2026001" and cert.issuer_head == "张主任" and cert.issuer_clerk == "李经办"


def test_the_certificate_pdf_prints_the_four_blocks_and_verifies(
    app: App, season: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from caravan_app.cli.main import main

    data = ["--data-dir", str(app.data_dir)]
    pdf = tmp_path / "cert.pdf"
    assert main([*data, "report", "certificate", "王志愿", "--year", "2026", "--id-number", "370811200801011234",
                 "--out", str(pdf)]) == 0  # fmt: skip
    fonts = pdfcheck.fonts(pdf)
    assert fonts and all(fonts.values()), fonts
    flat = pdfcheck.flat(pdf)
    (cert,) = app.certificates.issued(season["vol"])  # the register holds what was issued
    for text in (
        "志愿服务记录证明", "王志愿", "志愿者编号SD2026001", "居民身份证370***********1234",
        "2026-05-10", "唐口中心小学", "新驿镇村文化广场", "科技进校园；科普展示、科学实验", "合计6.6",
        "出具单位：济宁市科学技术协会", "负责人：张主任", "经办人：李经办", "联系电话：0537-2345678",
        "出具日期：", "出具单位盖章", f"证明编号{cert.number}", "不含往返路途时间",
    ):  # fmt: skip
        assert text in flat, text
    assert "370811200801011234" not in flat  # the ID number is masked
    (page,) = pdfcheck.render(pdf, tmp_path / "png", dpi=150, first=1, last=1)
    (payload,) = pdfcheck.qr_payloads(page)
    assert payload == f"CFLC2:{cert.number}:{cert.digest}" and payload.isascii()
    capsys.readouterr()
    assert main([*data, "verify", payload]) == 0
    out = capsys.readouterr().out
    assert "核验通过" in out and cert.number in out and "400 分钟" in out  # the figures, said
    assert app.reports.verify(f"{cert.number} {cert.digest.lower()}").ok  # typed number and code

    # later service (one more visit served after the certificate): the issued paper still verifies
    s = app.sites.add(name="喻屯镇中心小学", county="任城区", kind="小学")
    v = app.visits.add(s, app.catalog.caravans()[0].id, "2026-06-01")
    app.visits.arrive(v, dt.datetime(2026, 6, 1, 9))
    app.visits.duty(v, season["vol"], "on", dt.datetime(2026, 6, 1, 9))
    app.visits.complete(v, dt.datetime(2026, 6, 1, 10))
    r = app.reports.verify(payload)
    assert r.ok and "400 分钟" in r.zh
    # a code that does not belong to the number fails
    forged = f"CFLC2:{cert.number}:{'A' * 10}"
    assert not app.reports.verify(forged).ok and main([*data, "verify", forged]) == 1


def test_all_volunteers_in_one_pdf_and_the_publicity_list(app: App, season: dict[str, Any], tmp_path: Path) -> None:
    certs = app.certificates.all_pdf("2026-01-01", "2026-12-31", tmp_path / "all.pdf")
    assert [c.name for c in certs] == ["李同学", "王志愿"]  # volunteers only (not the crew)
    assert len({c.number for c in certs}) == 2
    pages = pdfcheck.render(tmp_path / "all.pdf", tmp_path / "png", dpi=150)
    assert sorted(p for pg in pages for p in pdfcheck.qr_payloads(pg)) == sorted(c.payload for c in certs)
    assert all(app.reports.verify(c.payload).ok for c in certs)
    fonts = pdfcheck.fonts(tmp_path / "all.pdf")
    assert fonts and all(fonts.values())

    app.certificates.publicity(
        "2026-01-01", "2026-12-31", tmp_path / "pub.pdf", tmp_path / "pub.xlsx", from_day="2026-12-06"
    )
    flat = pdfcheck.flat(tmp_path / "pub.pdf")
    assert "志愿服务记录证明公示" in flat and all(c.name in flat for c in certs)
    assert "公示期：2026年12月6日至2026年12月12日（7天）" in flat and "0537-2345678" in flat
    assert all(pdfcheck.fonts(tmp_path / "pub.pdf").values())
    *rows, total = load_workbook(tmp_path / "pub.xlsx")["公示"].iter_rows(min_row=2, values_only=True)
    assert [(r[1], r[4]) for r in rows] == [(c.name, c.minutes) for c in certs]
    assert total[0] == "合计" and total[4] == sum(c.minutes for c in certs)  # the sheet's own total row


def test_the_volunteer_record_export_has_the_national_blocks(app: App, season: dict[str, Any], tmp_path: Path) -> None:
    from caravan_app.cli.main import main

    out = tmp_path / "record.xlsx"
    assert main(["--data-dir", str(app.data_dir), "report", "volunteer-record", "--year", "2026", "--person", "王志愿",
                 "--xlsx", str(out)]) == 0  # fmt: skip
    wb = load_workbook(out)
    for block in ("个人基本信息", "志愿服务情况", "培训情况", "表彰奖励情况", "评价情况"):
        assert block in wb.sheetnames
    basic = list(wb["个人基本信息"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], r[5]) for r in basic] == [("王志愿", "SD2026001", "青少年科普服务队")]
    *service, total = wb["志愿服务情况"].iter_rows(min_row=2, values_only=True)
    assert total[0] == "合计" and total[5] == sum(r[5] for r in service)
    assert sum(r[5] for r in service) == app.certificates.certificate(season["vol"], "2026-01-01", "2026-12-31").minutes


def test_the_issuer_is_set_once_from_the_cli(app: App, capsys: pytest.CaptureFixture[str]) -> None:
    from caravan_app.cli.main import main

    data = ["--data-dir", str(app.data_dir)]
    assert main([*data, "settings", "issuer", "--name", "梁山县科协", "--head", "孙主席", "--clerk", "周干事",
                 "--phone", "0537-7321234"]) == 0  # fmt: skip
    assert main([*data, "settings", "issuer", "--phone", "0537-7329999"]) == 0
    iss = app.settings.issuer()
    assert (iss.name, iss.head, iss.clerk, iss.phone) == ("梁山县科协", "孙主席", "周干事", "0537-7329999")
    assert main([*data, "settings", "issuer", "--phone", "不是电话"]) == 1


def test_the_certificate_is_fine_paper(app: App, season: dict[str, Any], tmp_path: Path) -> None:
    """Inside the margins, nothing over the QR, no tiny text, and a stamp box a 42 mm seal fits."""
    import re

    from pypdf import PdfReader
    from reportlab.lib.units import mm

    pdf = tmp_path / "cert.pdf"
    app.certificates.pdf(season["vol"], "2026-01-01", "2026-12-31", pdf)
    assert pdfcheck.layout_problems(pdf, tmp_path / "png", min_size=7.5, margin=15 * mm, vmargin=7 * mm,
                                    qr_expected=1, qr_last=1) == []  # fmt: skip
    ops = PdfReader(str(pdf)).pages[0].get_contents().get_data().decode("latin-1")  # type: ignore[union-attr]
    squares = [float(w) for w, h in re.findall(r"(-?[\d.]+) (-?[\d.]+) re", ops) if abs(float(w) - float(h)) < 0.5]
    assert any(w >= 45 * mm for w in squares)


def test_a_person_without_service_gets_no_empty_certificate(app: App, season: dict[str, Any], tmp_path: Path) -> None:
    from caravan_app.domain.errors import ValidationError

    with pytest.raises(ValidationError) as e:
        app.certificates.pdf(season["vol"], "2025-01-01", "2025-12-31", tmp_path / "none.pdf")
    assert "没有志愿服务记录" in e.value.zh and not (tmp_path / "none.pdf").exists()
    with pytest.raises(ValidationError):
        app.certificates.certificate(season["vol"], "2026-01-01", "2026-12-31", id_number="12345")
