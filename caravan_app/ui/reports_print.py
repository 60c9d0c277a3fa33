"""Printing a report through the system's printing: page images painted on a QPrinter.

QtPdf is not in PySide6-Essentials, so the PDF is not handed to the printer as a PDF: its pages
are rasterised (200 dpi, off the UI thread) and each image is scaled to the printable area.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

PRINT_DPI = 200


def a4_printer(doc_name: str) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setDocName(doc_name)
    return printer


def paint_pages(printer: QPrinter, pngs: list[bytes]) -> bool:
    """One page image per printer page, aspect kept; False when the printer cannot start."""
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        for i, png in enumerate(pngs):
            if i:
                printer.newPage()
            img = QImage.fromData(png)
            area = painter.viewport()
            size = img.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.save()
            painter.setViewport(area.x(), area.y(), size.width(), size.height())
            painter.setWindow(img.rect())
            painter.drawImage(0, 0, img)
            painter.restore()
    finally:
        painter.end()
    return True
