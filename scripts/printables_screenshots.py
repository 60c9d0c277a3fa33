#!/usr/bin/env python3
"""Render every printable with demo data to PNG (pdftoppm): visit report, its sign-in appendix,
day receipt, period report, sign-in poster, sign-in sheet, badges, a volunteer service
certificate (its volunteer renamed 𠮷田堃: a CJK Ext-B name), the certificates' 公示 list, a
cancelled visit's paper (marked 已取消) and the 科普统计 sheet (XLSX printed to PDF by LibreOffice
headless).

    .venv/bin/python scripts/printables_screenshots.py [--out docs/screenshots] [--dpi 60] [--only certificate,stats]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from caravan_app.reports import printables  # noqa: E402
from caravan_app.services.app import App  # noqa: E402
from caravan_app.services.demo import load_demo  # noqa: E402


def png(pdf: Path, out: Path, dpi: int, page: int = 1) -> None:
    stem = out.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-png", "-singlefile", "-r", str(dpi), "-f", str(page), "-l", str(page), str(pdf), str(stem)],
        check=True,
    )
    print(out.relative_to(ROOT) if out.is_relative_to(ROOT) else out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    ap.add_argument("--dpi", type=int, default=60)
    ap.add_argument(
        "--only",
        default="",
        help="comma-separated: visit, day, period, signin, badges, certificate, publicity, cancelled, stats",
    )
    args = ap.parse_args()
    only = set(filter(None, args.only.split(",")))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="caravan-printables-"))
    app = App.open(tmp / "data")
    load_demo(app)
    visits = [v for v in app.visits.list() if v.status == "completed"]
    # The visit with the most crew and sign-ins shows the fullest report.
    best = max(visits, key=lambda v: (len(app.visits.crew_hours(v.id)), app.visits.summary(v.id).signins))
    year = best.date[:4]

    def want(name: str) -> bool:
        return not only or name in only

    if want("visit"):
        pdf = tmp / "visit.pdf"
        app.reports.visit_pdf(best.id, pdf)
        png(pdf, out / "report_visit.png", args.dpi)
        png(pdf, out / "report_visit_signins.png", args.dpi, page=2 if app.visits.summary(best.id).signins else 1)
    if want("day"):
        day = tmp / "day.pdf"
        app.reports.day_pdf(best.date, day)
        png(day, out / "report_day.png", args.dpi)
    if want("period"):
        period = tmp / "period.pdf"
        app.reports.period_files(f"{year}-01-01", f"{year}-12-31", pdf=period)
        png(period, out / "report_period.png", args.dpi)
        png(period, out / "report_period_tables.png", args.dpi, page=2)
    if want("signin"):
        planned = next((v for v in app.visits.list() if v.status != "completed"), best)
        app.visits.new_signin_token(planned.id)
        token = app.visits.get(planned.id).signin_token
        info = app.reports.printable_visit(planned.id, f"http://192.168.137.1:8765/s/{token}")
        printables.poster(tmp / "poster.pdf", info, wifi="Caravan-5")
        png(tmp / "poster.pdf", out / "signin_poster.png", args.dpi)
        printables.sheet(tmp / "sheet.pdf", info)
        png(tmp / "sheet.pdf", out / "signin_sheet.png", args.dpi)
    if want("badges"):
        people = [p for p in app.catalog.people() if p.role in ("crew", "volunteer")]
        printables.badge_sheets(tmp / "badges.pdf", [p.to_dict() for p in people])
        png(tmp / "badges.pdf", out / "badges.png", args.dpi)
    app.settings.set_issuer("济宁市科学技术协会", "张主任", "李经办", "0537-2345678")
    if want("certificate"):
        hours = app.hours.rows(f"{year}-01-01", f"{year}-12-31")
        vol = next(r.person_id for r in hours if getattr(app.catalog.person(r.person_id), "role", None) == "volunteer")
        app.catalog.update_person(vol, name="\U00020bb7田堃")  # a CJK Ext-B name: drawn from the fallback font
        cert = tmp / "certificate.pdf"
        app.certificates.pdf(vol, f"{year}-01-01", f"{year}-12-31", cert, "370811200801011234")
        png(cert, out / "report_certificate.png", max(args.dpi, 80))
    if want("publicity"):
        pub = tmp / "publicity.pdf"
        app.certificates.publicity(f"{year}-01-01", f"{year}-12-31", pub)
        png(pub, out / "report_publicity.png", max(args.dpi, 80))
    if want("cancelled"):
        gone = next((v for v in app.visits.list() if v.status == "cancelled"), None)
        if gone is None:
            gone = next(v for v in app.visits.list() if v.status == "planned")
            app.visits.cancel(gone.id)
        pdf = tmp / "cancelled.pdf"
        app.reports.visit_pdf(gone.id, pdf)
        png(pdf, out / "report_visit_cancelled.png", args.dpi)
    if want("stats"):
        xlsx = tmp / "科普统计.xlsx"
        app.reports.stats_xlsx(int(year), xlsx)
        sheet = _only_sheet(xlsx, "科普统计", tmp / "stats_sheet.xlsx")
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{tmp / 'lo'}", "--headless", "--convert-to", "pdf",
             "--outdir", str(tmp), str(sheet)],
            check=True, capture_output=True, timeout=240,
        )  # fmt: skip
        png(tmp / "stats_sheet.pdf", out / "report_stats_sheet.png", max(args.dpi, 80))
    app.close()


def _only_sheet(src: Path, name: str, out: Path) -> Path:
    from openpyxl import load_workbook

    wb = load_workbook(src)
    for ws in list(wb.worksheets):
        if ws.title != name:
            wb.remove(ws)
    wb.save(out)
    return out


if __name__ == "__main__":
    main()
