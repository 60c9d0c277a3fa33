"""What the 报告 page asks for, and making it off the UI thread (no widgets here).

``generate`` runs in the task runner: it writes the PDF into the data folder's ``reports``
directory (so "Open" and "Print" work on a real file) and rasterises a preview.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..reports import raster
from ..services.app import App

PREVIEW_PAGES = 12
PREVIEW_DPI = 80


@dataclass(frozen=True)
class ReportJob:
    kind: str  # visit | day | period
    visit_id: str | None = None
    date: str | None = None
    start: str | None = None
    end: str | None = None
    caravan_id: str | None = None
    name: str = "report"  # file name stem people see, e.g. 活动记录表_鱼台县第一中学_2026-03-02


@dataclass
class Generated:
    job: ReportJob
    pdf: Path
    pages: int
    previews: list[bytes] = field(default_factory=list)
    preview_error: str = ""
    paragraph: str = ""  # period report: the work-report paragraph (the page's copy button)
    warnings: list[str] = field(default_factory=list)  # e.g. characters the font lacks (printed as □)


def safe_name(text: str) -> str:
    """A file name Windows accepts: no \\ / : * ? " < > |, no trailing dots, at most 80 chars."""
    s = re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("._")
    return s[:80] or "report"


def reports_dir(app: App) -> Path:
    d = app.data_dir / "reports"
    d.mkdir(parents=True, exist_ok=True)
    return d


def generate(app: App, job: ReportJob, progress=None) -> Generated:  # noqa: ANN001 - runner's progress callback
    """Write the job's PDF and render up to ``PREVIEW_PAGES`` preview images."""
    progress = progress or (lambda *_a: None)
    out = reports_dir(app) / f"{safe_name(job.name)}.pdf"
    try:
        paragraph = _write(app, job, out, progress)
    except PermissionError:
        # Windows: the previous copy is still open in a PDF viewer and cannot be replaced.
        out = out.with_name(f"{out.stem}_{dt.datetime.now():%H%M%S}.pdf")
        paragraph = _write(app, job, out, progress)
    progress(0, 0, "")
    gen = Generated(job, out, raster.page_count(out), paragraph=paragraph, warnings=list(app.reports.last_warnings))
    try:
        gen.previews = raster.page_pngs(out, PREVIEW_DPI, 1, PREVIEW_PAGES)
    except (raster.RasterUnavailable, OSError) as exc:
        gen.preview_error = str(exc)
    return gen


def _write(app: App, job: ReportJob, out: Path, progress) -> str:  # noqa: ANN001
    """Write the PDF; returns the work-report paragraph of a period report ("" otherwise)."""
    if job.kind == "visit":
        assert job.visit_id
        app.reports.visit_pdf(job.visit_id, out, progress=progress)
    elif job.kind == "day":
        app.reports.day_pdf(job.date, out, job.caravan_id, progress=progress)
    else:
        return app.reports.period_files(job.start, job.end, out, job.caravan_id, progress=progress).paragraph
    return ""


def print_images(pdf: Path, dpi: int, first: int = 1, last: int | None = None) -> list[bytes]:
    """Pages for the printer (rasterised off the UI thread, painted on it)."""
    return raster.page_pngs(pdf, dpi, first, last)
