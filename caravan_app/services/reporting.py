"""Report use cases: gather a report's figures through storage queries, hand plain data to
``reports/`` to draw, and check a printed visit report's verification code against the data."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..domain import rules
from ..domain.errors import DomainError, NotFound
from ..domain.vocab import (
    COUNTIES,
    GROUP_LABELS,
    PERSON_ROLE_LABELS,
    SIGNIN_GROUP_LABELS,
    SITE_KIND_LABELS,
    VISIT_STATUS_LABELS,
    Group,
    MovementKind,
    SiteKind,
    label,
)
from ..reports import model as rm
from ..reports.fmt import months_between, period_label
from ..reports.verify import Figures, parse, report_number
from ..storage import merges
from ..storage import models as m
from ..storage import queries as q
from ..storage import stats_queries as sq
from .base import Service
from .period_stats import PeriodLine, duty_minutes, group_lines, volunteer_lines
from .visits import VisitService, VisitSummary

if TYPE_CHECKING:
    from .settings import SettingsService

Progress = Callable[[int, int, str], None]
METHOD_LABELS = {"phone": "扫码", "badge": "胸卡", "manual": "手工"}
SCHOOL_KINDS = (SiteKind.PRIMARY.value, SiteKind.JUNIOR.value, SiteKind.SENIOR.value, SiteKind.SCHOOL.value)
ALL_VANS = "全部大篷车"


def _no_progress(_done: int, _total: int, _text: str = "") -> None:
    return None


@dataclass(frozen=True)
class VerifyResult:
    """Whether a printed visit report still matches the data, and words for a person."""

    ok: bool
    visit_id: str
    site_name: str = ""
    date: str = ""
    zh: str = ""
    en: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "visit_id": self.visit_id,
            "site": self.site_name,
            "date": self.date,
            "zh": self.zh,
            "en": self.en,
        }


@dataclass
class PeriodFiles:
    pdf: Path | None = None
    xlsx: Path | None = None
    csv: list[Path] = field(default_factory=list)
    paragraph: str = ""  # the work-report paragraph, for the 报告 page's copy button


def _figures(summ: VisitSummary) -> Figures:
    v = summ.visit
    books: dict[str, int] = {}
    for t, _r, n in summ.distributed:
        books[t] = books.get(t, 0) + n
    return Figures(
        visit_id=v["id"],
        date=v["date"],
        site_id=v["site_id"],
        caravan_id=v["caravan_id"],
        tallies=summ.tallies,
        signins=summ.signins,
        books=books,
        crew_minutes={p: round(h * 60) for p, h in summ.crew_hours.items()},
        reopens=len(summ.reopens),
    )


def _van(c: m.Caravan | None) -> str:
    if c is None:
        return "?"
    return f"{c.name}（{c.plate}）" if c.plate else c.name


def _unit(t: m.Title | None) -> str:
    return (t.unit or "册") if t is not None else "册"


def _now() -> str:
    return rules.timestamp().replace("T", " ")


class ReportService(Service):
    def __init__(self, db: Any, visits: VisitService | None = None, settings: SettingsService | None = None) -> None:
        super().__init__(db)
        self.visits = visits or VisitService(db)
        self.settings = settings  # the issuer: who a school calls to check a report
        # Warnings of the last PDF written (e.g. characters the font lacks, printed as □);
        # also logged. The 报告 page shows them after a report is made.
        self.last_warnings: list[str] = []
        # r17 (issue #17), set by App: mileage (km on the day receipt and period report) and
        # certificates (``verify`` checks their codes too).
        self.mileage: Any = None
        self.certificates: Any = None

    # --- visit report -------------------------------------------------------------------------

    def figures(self, visit_id: str) -> Figures:
        """The figures a visit report certifies, as the data holds them now."""
        return _figures(self.visits.summary(visit_id))

    def visit_data(self, visit_id: str) -> rm.VisitReport:
        summ = self.visits.summary(visit_id)
        fig = _figures(summ)
        v, site = summ.visit, summ.site or {}
        with self.read() as s:
            van = s.get(m.Caravan, v["caravan_id"])
            events = q.duty_events(s, visit_id)
            people = {p.id: p for p in q.rows_by_ids(s, m.Person, list({e.person_id for e in events}))}
            titles = {t.id: t for t in q.rows_by_ids(s, m.Title, list({t for t, _r, _n in summ.distributed}))}
            signins = sq.signin_rows(s, visit_id)
        minutes = duty_minutes([(e.person_id, e.kind, e.at) for e in events], v.get("left_at") or None)
        first_on: dict[str, str] = {}
        last_off: dict[str, str] = {}
        for e in events:
            if e.kind == "on":
                first_on.setdefault(e.person_id, e.at)
            else:
                last_off[e.person_id] = e.at
        crew = []
        for pid in sorted(summ.crew_hours, key=lambda p: (first_on.get(p, "~"), p)):
            p = people.get(pid)
            crew.append(
                rm.CrewLine(
                    name=p.name if p else "?",
                    role=label(PERSON_ROLE_LABELS, p.role) if p else "",
                    team=(p.team or "") if p else "",
                    volunteer_no=(p.volunteer_no or "") if p else "",
                    on_at=first_on.get(pid),
                    off_at=last_off.get(pid),
                    minutes=minutes.get(pid, round(summ.crew_hours[pid] * 60)),
                )
            )
        books = [
            rm.BookLine(
                titles[t].name if t in titles else "?", r or "", n, (titles[t].unit or "册") if t in titles else "册"
            )
            for t, r, n in sorted(
                summ.distributed, key=lambda x: (titles[x[0]].name if x[0] in titles else "", x[1] or "")
            )
        ]
        return rm.VisitReport(
            visit_id=visit_id,
            date=v["date"],
            status=label(VISIT_STATUS_LABELS, v["status"]),
            site_name=site.get("name") or "?",
            county=site.get("county") or "",
            site_kind=label(SITE_KIND_LABELS, site.get("kind") or "") if site.get("kind") else "",
            address=" ".join(x for x in (site.get("town"), site.get("address")) if x),
            contact=" ".join(x for x in (site.get("contact"), site.get("phone")) if x),
            caravan=_van(van),
            theme=v.get("theme") or "",
            activities=v.get("activities") or "",
            arrived_at=v.get("arrived_at"),
            left_at=v.get("left_at"),
            notes=v.get("notes") or "",
            crew=crew,
            attendance=[(GROUP_LABELS[g][0], summ.tallies.get(g.value, 0)) for g in Group],
            signins=[
                rm.SigninLine(n, label(SIGNIN_GROUP_LABELS, g), o or "", METHOD_LABELS.get(meth, meth), at)
                for n, g, o, meth, at in signins
            ],
            books=books,
            payload=fig.payload(),
            generated_at=_now(),
            reopened=[  # c10b
                f"已于 {(x['at'] or '').replace('T', ' ')[:16]} 重新打开：原因：{x['reason']}"
                + (f"（{x['by']}）" if x.get("by") else "")
                for x in summ.reopens
            ],
            report_no=fig.report_no(),
            code=fig.digest(),
            completed=v["status"] == "completed",
            cancelled=v["status"] == "cancelled",
            checked_by=self._checked_by(),
        )

    def _checked_by(self) -> str:
        return self.settings.issuer().contact() if self.settings is not None else ""

    def visit_pdf(self, visit_id: str, out: Path | IO[bytes], progress: Progress | None = None) -> Path | None:
        """活动记录表 as an A4 PDF."""
        from ..reports.visit_pdf import render_visit

        progress = progress or _no_progress
        progress(0, 2, "读取活动数据")
        data = self.visit_data(visit_id)
        progress(1, 2, f"排版（签到 {len(data.signins)} 人）")
        self.last_warnings = render_visit(data, out)
        progress(2, 2, "完成")
        return Path(out) if isinstance(out, str | Path) else None

    def verify(self, payload: str) -> VerifyResult:
        """Check a scanned verification code against the data on this device (a visit report's,
        or a volunteer service certificate's: r17)."""
        from ..reports.certificate_code import is_certificate

        if self.certificates is not None and is_certificate(payload):
            ok, pid, name, period, zh, en = self.certificates.verify(payload)
            return VerifyResult(ok, pid, name, period, zh, en)
        p = parse(payload)
        visit_id = p.visit_id
        if visit_id is None:  # typed "报告编号 核验码": the report number names a visit of its date
            day = f"{p.report_no[:4]}-{p.report_no[4:6]}-{p.report_no[6:8]}" if p.report_no else ""
            try:
                found = [x["id"] for x in self.visits.list(day, day) if report_number(x["id"], day) == p.report_no]
            except DomainError:
                found = []
            visit_id = found[0] if found else str(p.report_no)
        v = self.visits.get(visit_id) if p.visit_id or visit_id != p.report_no else None
        if v is None:
            return VerifyResult(
                False,
                visit_id,
                zh="本机数据中找不到该活动（请先同步）",
                en="visit not found in this device's data (sync first)",
            )
        site = None
        with self.read() as s:
            site = s.get(m.Site, v["site_id"])
        name = site.name if site else "?"
        if self.figures(visit_id).matches(p.version, p.digest):
            return VerifyResult(
                True,
                visit_id,
                name,
                v["date"],
                zh="核验通过：报告数字与数据一致",
                en="verified: the report's figures match the data",
            )
        return VerifyResult(
            False,
            visit_id,
            name,
            v["date"],
            zh="核验失败：报告打印后数据已变更，或报告数字被改动",
            en="verification failed: the data changed after printing, or the report was altered",
        )

    # --- day receipt --------------------------------------------------------------------------

    def day_data(self, date: object, caravan_id: str | None = None) -> rm.DayReport:
        day = rules.date("date", date)
        nxt = (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()
        with self.read() as s:
            if caravan_id:
                if s.get(m.Caravan, caravan_id) is None:
                    raise NotFound("caravan_id", "找不到该大篷车", f"no such caravan: {caravan_id}")
                ids = [caravan_id]
            else:
                ids = list(sq.caravans_active(s, day, nxt))
            vans = {c.id: c for c in q.rows_by_ids(s, m.Caravan, ids)}
        ids.sort(key=lambda c: (vans[c].name if c in vans else "", c))
        return rm.DayReport(day, [self._day_section(day, nxt, cid, vans.get(cid)) for cid in ids], _now())

    def _day_section(self, day: str, nxt: str, cid: str, van: m.Caravan | None) -> rm.DaySection:
        visits = []
        # In arrival order (a visit not yet arrived last, in planned order).
        day_visits = [v for v in self.visits.list(day, day, cid) if v["status"] != "cancelled"]
        day_visits.sort(key=lambda v: (v.get("arrived_at") is None, v.get("arrived_at") or "", v["id"]))
        for v in day_visits:
            summ = self.visits.summary(v["id"])
            visits.append(
                rm.DayVisitLine(
                    v["site_name"],
                    v.get("county") or "",
                    label(VISIT_STATUS_LABELS, v["status"]),
                    v.get("arrived_at"),
                    v.get("left_at"),
                    summ.attendance,
                    summ.signins,
                    summ.books,
                )
            )
        with self.read() as s:
            start = q.stock_balances(s, cid, until_at=day)
            sums = sq.movement_sums(s, cid, day, nxt)
            close = sq.last_day_close(s, cid, day)
            # a day close made before two titles were merged names either id: count the survivor's
            lines = (
                {merges.survivor(s, ln["title_id"]) or ln["title_id"]: ln for ln in json.loads(close.lines)}
                if close
                else {}
            )
            title_ids = set(start) | {t for t, _k, _n in sums} | set(lines)
            titles = {t.id: t for t in q.rows_by_ids(s, m.Title, list(title_ids))}
        by: dict[str, dict[str, int]] = {}
        for t, kind, n in sums:
            by.setdefault(t, {})[kind] = n
        stock = []
        for t in sorted(title_ids, key=lambda t: (titles[t].name if t in titles else "", t)):
            k = by.get(t, {})
            loaded = k.get(MovementKind.LOAD, 0) + k.get(MovementKind.TRANSFER_IN, 0)
            out = -(k.get(MovementKind.DISTRIBUTE, 0) + k.get(MovementKind.UNDO, 0))
            returned = k.get(MovementKind.RETURN, 0)
            other = k.get(MovementKind.UNLOAD, 0) + k.get(MovementKind.TRANSFER_OUT, 0) + k.get(MovementKind.ADJUST, 0)
            st = start.get(t, 0)
            end = st + sum(k.values())
            ln = lines.get(t)
            if not (st or end or k or ln):
                continue
            stock.append(
                rm.StockLine(
                    titles[t].name if t in titles else "?",
                    st,
                    loaded,
                    out,
                    returned,
                    other,
                    end,
                    int(ln["counted"]) if ln else (0 if close else None),
                    int(ln["difference"]) if ln else (None if not close else 0),
                    _unit(titles.get(t)),
                )
            )
        km = self.mileage.day(cid, day) if self.mileage is not None else None  # r17
        return rm.DaySection(
            _van(van),
            visits,
            stock,
            close.at if close else None,
            (close.note or "") if close else "",
            km.out_km if km else None,
            km.back_km if km else None,
        )

    def day_pdf(
        self, date: object, out: Path | IO[bytes], caravan_id: str | None = None, progress: Progress | None = None
    ) -> Path | None:
        """日结单 as an A4 PDF: one page (or more) per van active that day."""
        from ..reports.day_pdf import render_day

        progress = progress or _no_progress
        progress(0, 2, "读取当日数据")
        data = self.day_data(date, caravan_id)
        progress(1, 2, "排版")
        self.last_warnings = render_day(data, out)
        progress(2, 2, "完成")
        return Path(out) if isinstance(out, str | Path) else None

    # --- period statistics ----------------------------------------------------------------------

    def period_data(self, start: object, end: object, caravan_id: str | None = None) -> rm.PeriodReport:
        a, b = rules.date("date", start), rules.date("date", end)
        if a > b:
            from ..domain.errors import ValidationError

            raise ValidationError("to", "结束日期早于开始日期", "the end date is before the start date")
        with self.read() as s:
            van = s.get(m.Caravan, caravan_id) if caravan_id else None
            if caravan_id and van is None:
                raise NotFound("caravan_id", "找不到该大篷车", f"no such caravan: {caravan_id}")
            titles_raw = sq.period_titles(s, a, b, caravan_id)
            visit_rows = sq.period_visits(s, a, b, caravan_id)
            # every van's duty: a person at two overlapping visits counts once (period_stats)
            duty = sq.period_duty_events(s, a, b, None)
            vans = {c.id: c for c in q.rows_by_ids(s, m.Caravan, list({r[2] for r in visit_rows}))}
            titles = {t.id: t for t in q.rows_by_ids(s, m.Title, [t for t, _n, _v in titles_raw])}
            people = {p.id: p for p in q.rows_by_ids(s, m.Person, list({e[1] for e in duty}))}
            groups = sq.period_groups(s, a, b, caravan_id)
            towns = sq.site_towns(s)
            year_a, year_b = f"{b[:4]}-01-01", f"{b[:4]}-12-31"
            year_towns = sq.period_towns(s, year_a, year_b, None)

        lines = [PeriodLine(*r) for r in visit_rows]
        order = {c: i for i, c in enumerate(COUNTIES)}
        by_county = group_lines(lines, lambda x: x.county or "?")
        by_month = {r.key: r for r in group_lines(lines, lambda x: x.date[:7])}
        schools = [x for x in lines if x.kind in SCHOOL_KINDS]
        report = rm.PeriodReport(
            start=a,
            end=b,
            label=period_label(a, b),
            scope=_van(van) if van else ALL_VANS,
            totals=(group_lines(lines, lambda _x: "合计") or [rm.Row("合计")])[0],
            schools=len({x.site_id for x in schools}),
            counties=len({x.county for x in lines if x.county}),
            by_county=sorted(by_county, key=lambda r: (order.get(r.key, 99), r.key)),
            by_caravan=sorted(group_lines(lines, lambda x: _van(vans.get(x.caravan_id))), key=lambda r: r.key),
            by_title=[
                rm.Row(titles[t].name if t in titles else "?", v, 0, n, 0, unit=_unit(titles.get(t)))
                for t, n, v in titles_raw
            ],
            by_month=[by_month.get(k) or rm.Row(k) for k in months_between(a, b)],
            visits=[
                rm.PeriodVisitLine(
                    x.date,
                    vans[x.caravan_id].name if x.caravan_id in vans else "?",
                    x.county or "",
                    x.site_name or "?",
                    x.theme or "",
                    x.people,
                    x.signins,
                    x.books,
                )
                for x in lines
            ],
            volunteers=volunteer_lines(duty, people, {x.id for x in lines} if caravan_id else None),
            school_visits=len(schools),
            generated_at=_now(),
        )
        report.top_titles = [x.key for x in report.by_title if x.unit in rm.BOOK_UNITS]
        for x in report.by_title:
            report.books_by_unit[x.unit] = report.books_by_unit.get(x.unit, 0) + x.books
        report.van_name = van.name if van else ""
        report.by_group = [(GROUP_LABELS[g][0], groups.get(g.value, 0)) for g in Group]
        counties_in_scope = {x.county for x in lines if x.county} if caravan_id else None
        by_town = {}
        for r in group_lines(lines, lambda x: f"{x.county or ''}\t{x.town or '（未填乡镇）'}"):
            county, town = r.key.split("\t")
            r.key, r.parent = town, county
            by_town[(county, town)] = r
        report.by_town = sorted(by_town.values(), key=lambda r: (order.get(r.parent, 99), r.parent, r.key))
        report.towns_not_visited = [
            (c, t)
            for c, t in sorted(towns, key=lambda x: (order.get(x[0], 99), x[0], x[1]))
            if (c, t) not in year_towns and (counties_in_scope is None or c in counties_in_scope)
        ]
        self._office_figures(report, lines, duty, people, a, b, caravan_id, vans)  # r17
        from ..reports.period_text import work_paragraph

        report.paragraph = work_paragraph(report)
        return report

    # --- r17 (issue #17): mileage, activity kinds and the 科普统计 indicators -------------------

    def _office_figures(
        self,
        report: rm.PeriodReport,
        lines: list[PeriodLine],
        duty: list[tuple[str, str, str, str, str | None]],
        people: dict[str, m.Person],
        a: str,
        b: str,
        caravan_id: str | None,
        vans: dict[str, m.Caravan],
    ) -> None:
        from ..domain.vocab import ACTIVITY_KIND_LABELS, ActivityKind, guess_activity_kind
        from ..reports.stats import by_category, stat_lines

        kinds: dict[str, list[int]] = {k.value: [0, 0] for k in ActivityKind}
        for x in lines:
            k = x.activity_kind if x.activity_kind in kinds else guess_activity_kind(x.theme, x.activities)
            kinds[k][0] += 1
            kinds[k][1] += int(x.people)
        report.by_kind = [(ACTIVITY_KIND_LABELS[k][0], kinds[k.value][0], kinds[k.value][1]) for k in ActivityKind]
        report.survey_visits = _survey_visits(lines, {c.id: _van(c) for c in vans.values()})
        report.by_kind = [(label, n, p) for _c, label, n, p in by_category(report.survey_visits)]
        if self.mileage is not None:
            readings = self.mileage.readings(a, b, caravan_id)
            with self.read() as s:
                more = {c.id: c for c in q.rows_by_ids(s, m.Caravan, list({x.caravan_id for x in readings}))}
            names = {**more, **vans}
            per: dict[tuple[str, str], int] = {}
            for x in readings:
                key = (_van(names.get(x.caravan_id)), x.date[:7])
                per[key] = per.get(key, 0) + x.km
            report.km_rows = sorted((v, mth, km) for (v, mth), km in per.items())
            for x in readings:  # a day out with no visit is a day in the field too
                report.field_days.setdefault(_van(names.get(x.caravan_id)), set()).add(x.date)
            by_van: dict[str, int] = {}
            for v, _mth, km in report.km_rows:
                by_van[v] = by_van.get(v, 0) + km
            report.km_by_van = sorted(by_van.items())
            report.km_total = sum(by_van.values())
        in_scope = {x.id for x in lines}
        on_duty = {pid for vid, pid, *_ in duty if vid in in_scope}
        roles = [people[p] for p in on_duty if p in people]
        crew = sum(1 for p in roles if p.role == "crew")
        vols = [p for p in roles if p.role == "volunteer"]
        report.stats = stat_lines(report, crew, len(vols), sum(1 for p in vols if p.volunteer_no))

    def stats_xlsx(self, year: int, out: Path, caravan_id: str | None = None) -> rm.PeriodReport:
        """`caravan report stats --year Y --xlsx F`: the 科普统计 indicator sheet of a year."""
        from ..reports.stats import export_stats_xlsx

        data = self.period_data(f"{int(year):04d}-01-01", f"{int(year):04d}-12-31", caravan_id)
        iss = self.settings.issuer() if self.settings is not None else None
        header = rm.StatsHeader(
            iss.name if iss else "",
            iss.head if iss else "",
            iss.clerk if iss else "",
            iss.phone if iss else "",
            self.clock.today().isoformat(),
        )  # the form's header block: the issuer of this laptop's settings, today as 报出日期
        export_stats_xlsx(data, Path(out), header)
        return data

    def period_files(
        self,
        start: object,
        end: object,
        pdf: Path | IO[bytes] | None = None,
        caravan_id: str | None = None,
        xlsx: Path | None = None,
        csv_dir: Path | None = None,
        progress: Progress | None = None,
    ) -> PeriodFiles:
        """Period statistics as a PDF and/or XLSX workbook and/or a folder of CSV files."""
        from ..reports.exports import export_csv, export_xlsx
        from ..reports.period_pdf import render_period

        progress = progress or _no_progress
        steps = 1 + sum(x is not None for x in (pdf, xlsx, csv_dir))
        progress(0, steps, "统计数据")
        data = self.period_data(start, end, caravan_id)
        files = PeriodFiles(paragraph=data.paragraph)
        done = 1
        if pdf is not None:
            progress(done, steps, "排版 PDF")
            self.last_warnings = render_period(data, pdf)
            files.pdf = Path(pdf) if isinstance(pdf, str | Path) else None
            done += 1
        if xlsx is not None:
            progress(done, steps, "写入 Excel")
            files.xlsx = export_xlsx(data, Path(xlsx))
            done += 1
        if csv_dir is not None:
            progress(done, steps, "写入 CSV")
            files.csv = export_csv(data, Path(csv_dir))
            done += 1
        progress(steps, steps, "完成")
        return files


def _survey_visits(lines: list[PeriodLine], van_names: dict[str, str]) -> list[rm.SurveyVisit]:
    """The period's visits as the 科普统计 survey counts them (every category each one held)."""
    from ..domain.vocab import guess_activity_kind
    from ..reports.stats import kinds_held

    out = []
    for x in lines:
        recorded = x.activity_kind or guess_activity_kind(x.theme, x.activities)
        out.append(
            rm.SurveyVisit(
                x.date,
                van_names.get(x.caravan_id, x.caravan_id),
                kinds_held(recorded, x.theme, x.activities),
                x.kind or "",
                int(x.people),
                x.theme or "",
            )
        )
    return out
