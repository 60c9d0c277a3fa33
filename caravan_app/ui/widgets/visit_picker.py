"""Choosing the visit a page works on: this van's visits of today first, open ones preselected."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from ...domain.records.visits import VisitListing
from ...domain.vocab import VISIT_STATUS_LABELS, VisitStatus
from ...services.app import App
from .. import i18n


class VisitPicker(QComboBox):
    visit_changed = Signal(object)  # visit id or None

    def __init__(self, app: App, parent: QWidget | None = None, include_planned: bool = True) -> None:
        super().__init__(parent)
        self.app = app
        self.include_planned = include_planned
        self.setMinimumHeight(40)
        self.setMinimumContentsLength(24)
        self.currentIndexChanged.connect(lambda _i: self.visit_changed.emit(self.visit_id()))
        self.reload()

    def _visits(self) -> list[VisitListing]:
        van = self.app.catalog.current_caravan_id()
        day = self.app.clock.today()  # the corrected clock
        today = day.isoformat()
        week_ago = (day - dt.timedelta(days=7)).isoformat()
        rows = self.app.visits.list(week_ago, today, van)
        keep = {VisitStatus.IN_PROGRESS.value}
        if self.include_planned:
            keep.add(VisitStatus.PLANNED.value)
        out = [v for v in rows if v.status in keep or (v.date == today and v.status != VisitStatus.CANCELLED)]
        out.sort(key=lambda v: (v.status != VisitStatus.IN_PROGRESS, v.date != today, v.date))
        return out

    def reload(self, select: str | None = None) -> None:
        current = select or self.visit_id()
        self.blockSignals(True)
        self.clear()
        for v in self._visits():
            status = i18n.label(VISIT_STATUS_LABELS, v.status)
            self.addItem(f"{v.date}  {v.site_name}  [{status}]", v.id)
        if self.count() == 0:
            self.addItem(self.tr("No open visit today"), None)
        idx = self.findData(current) if current else -1
        if idx < 0 and current:
            chosen = self.app.visits.get(current)
            if chosen is not None:  # a visit from the list page, outside today's window
                site = self.app.sites.get(chosen.site_id)
                self.insertItem(0, f"{chosen.date}  {site.name if site else '?'}", current)
                idx = 0
        self.setCurrentIndex(max(idx, 0))
        self.blockSignals(False)
        self.visit_changed.emit(self.visit_id())

    def visit_id(self) -> str | None:
        data = self.currentData()
        return str(data) if data else None

    def set_visit(self, visit_id: str | None) -> None:
        self.reload(select=visit_id)
