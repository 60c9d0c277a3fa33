"""The 报告 page's preview: the generated PDF's first pages as images, one under the other,
each scaled to the preview's width (a whole page width is seen, never cut off at the side)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from .reports_jobs import Generated


class ReportPreview(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.note = QLabel(self.tr("Generate a report to see it here."), self)
        self.note.setObjectName("report_preview_note")
        self.pages_box = QWidget(self)
        self.pages_layout = QVBoxLayout(self.pages_box)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.area = QScrollArea(self)
        self.area.setObjectName("report_preview")
        self.area.setWidgetResizable(True)
        self.area.setWidget(self.pages_box)
        self.area.setStyleSheet("QScrollArea { background: #8a8f96; }")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.note)
        lay.addWidget(self.area, 1)
        self._pages: list[tuple[QLabel, QPixmap]] = []

    def _fit(self) -> None:
        """Scale each page to the width the preview has (never above its rendered size)."""
        margins = self.pages_layout.contentsMargins()
        # Room beside a vertical scroll bar whether it shows yet or not (pages under each other).
        bar = self.area.style().pixelMetric(self.area.style().PixelMetric.PM_ScrollBarExtent)
        frame = 2 * self.area.frameWidth()
        room = self.area.width() - frame - bar - margins.left() - margins.right() - 2
        for lab, full in self._pages:
            width = max(120, min(full.width(), room))
            lab.setPixmap(full.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit()

    def show_report(self, gen: Generated) -> None:
        """Replace the shown pages with ``gen``'s preview images (PNG bytes)."""
        while self.pages_layout.count():
            item = self.pages_layout.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.deleteLater()
        self._pages = []
        for i, png in enumerate(gen.previews, 1):
            lab = QLabel(self.pages_box)
            lab.setObjectName(f"report_page_{i}")
            lab.setStyleSheet("background: white; border: 1px solid #555;")
            self._pages.append((lab, QPixmap.fromImage(QImage.fromData(png))))
            self.pages_layout.addWidget(lab)
        self._fit()
        if gen.preview_error:
            self.note.setText(self.tr("No preview on this computer; the PDF is ready to save, open or print."))
        elif gen.pages > len(gen.previews):
            self.note.setText(
                self.tr("Preview of the first %1 of %2 pages.")
                .replace("%1", str(len(gen.previews)))
                .replace("%2", str(gen.pages))
            )
        else:
            self.note.setText(self.tr("Preview"))
        self.area.verticalScrollBar().setValue(0)

    def page_count(self) -> int:
        items = (self.pages_layout.itemAt(i) for i in range(self.pages_layout.count()))
        return sum(1 for it in items if it is not None and isinstance(it.widget(), QLabel))
