"""A visit's photos as a strip of thumbnails with captions (docs/photos.md).

The model holds the photos' records a page at a time: the first page is read on the task runner
when the visit is chosen, the next ones when the strip is scrolled to its end (Qt's
``fetchMore``). Opening a visit is one task whatever its size: the first page's records, the
visit's counts and the first ``FIRST_THUMBS`` thumbnails, read and decoded off the UI thread and
shown together. Any other thumbnail is read — or made from the display copy — on the task runner
when the view asks for it (it scrolls into sight), ``THUMB_BATCH`` at a time, one batch per turn
of the event loop, so a visit with 300 photos opens as fast as one with 3 and keys and clicks
never wait for thumbnails. Import (file dialog, a folder, drag and drop), 精选, 公开, caption
and removal go through the operation path like every write.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QImage, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...services.app import App
from ...services.photos import PhotoPage, PhotoRecord
from ..operations import run_op
from ..tasks import TaskRunner

THUMB = 160
PAGE = 12  # records read at once: a screen-full and a bit (1920 px / 184 px a photo ≈ 10)
# Thumbnails read with the records when a visit opens: the same number for every visit of at least
# that many photos, so the open costs the same for 3 photos and for 300 (docs/benchmarks.md).
FIRST_THUMBS = 3
THUMB_BATCH = 4  # thumbnails read in one task afterwards (one batch per turn of the event loop)
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")

Index = QModelIndex | QPersistentModelIndex


class PhotoModel(QAbstractListModel):
    def __init__(self, app: App, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.runner = runner
        self.photos: list[PhotoRecord] = []  # the pages read so far
        self.visit_id: str | None = None
        self.total = 0  # photos in the visit
        self.chosen = 0
        self._fetching = False
        self.reading = 0  # counts the times the rows were replaced
        self._thumbs: dict[str, QPixmap] = {}
        self._asked: set[str] = set()
        self._wanted: list[PhotoRecord] = []  # thumbnails asked for by the view, not read yet
        self._reading = False
        self._scheduled = False  # a batch of ``_wanted`` is due at the next turn of the loop
        self.loaded = 0  # thumbnails loaded since the last reset (tests, the benchmark)
        # Shown until a thumbnail arrives; the same size, so the uniform item size the view
        # takes from the first item holds the thumbnail and its caption.
        self._placeholder = QPixmap(THUMB, THUMB * 3 // 4)
        self._placeholder.fill(QColor("#E3E7EC"))

    def set_photos(self, photos: list[PhotoRecord]) -> None:
        self.show_page(PhotoPage(photos, 0, len(photos), sum(1 for p in photos if p.chosen)), None)

    def forget_thumbnails(self) -> None:
        """Drop the thumbnails held (the benchmark opens a visit as the first time)."""
        self._thumbs.clear()
        self._asked.clear()
        self.loaded = 0

    def held(self) -> frozenset[str]:
        """The hashes of the thumbnails held (on the UI thread: a snapshot for a task)."""
        return frozenset(self._thumbs)

    def open_visit(
        self, visit_id: str, held: frozenset[str] = frozenset()
    ) -> tuple[PhotoPage, list[tuple[str, QImage | None]]]:
        """Off the UI thread: what opening a visit shows at once — its first page of records with
        the visit's counts, and the first ``FIRST_THUMBS`` thumbnails decoded (but those in
        ``held``, the thumbnails the strip holds, taken on the UI thread)."""
        page = self.app.photos.page_of(visit_id, 0, PAGE)
        return page, self._read_thumbs([p for p in page.photos[:FIRST_THUMBS] if p.file_hash not in held])

    def show_opened(self, opened: tuple[PhotoPage, list[tuple[str, QImage | None]]], visit_id: str | None) -> None:
        """Take what ``open_visit`` read: the rows, and the first thumbnails in place before the
        view paints them."""
        page, thumbs = opened
        for sha, image in thumbs:
            self._take_thumb(sha, image)
        self.show_page(page, visit_id)

    def show_page(self, page: PhotoPage, visit_id: str | None, reading: int | None = None) -> None:
        """Take a page read by the strip: the first one replaces the rows, a later one (from the
        ``fetchMore`` of ``reading``) is added."""
        if page.offset == 0:
            self.reading += 1  # pages still on their way belong to the rows replaced here
            self.beginResetModel()
            self.visit_id = visit_id
            self.photos = list(page.photos)
            self._asked = {p for p in self._asked if p in self._thumbs}
            self._wanted.clear()  # the view asks again for what it shows of the new rows
            self.total, self.chosen = page.total, page.chosen
            self._fetching = False
            self.endResetModel()
            return
        if reading != self.reading:
            return  # a page of rows replaced meanwhile
        self._fetching = False
        if visit_id != self.visit_id or page.offset != len(self.photos):
            return
        known = {p.id for p in self.photos}
        new = [p for p in page.photos if p.id not in known]
        self.total, self.chosen = page.total, page.chosen
        if not new:
            self.total = len(self.photos)  # photos went meanwhile: nothing more to read
            return
        first = len(self.photos)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        self.photos += new
        self.endInsertRows()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008 - Qt's signature
        return not parent.isValid() and self.visit_id is not None and len(self.photos) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008 - Qt's signature
        """The view reached the end of the rows it has: read the next page off the UI thread."""
        if parent.isValid() or self._fetching or not self.canFetchMore():
            return
        self._fetching = True
        vid, reading = self.visit_id, self.reading
        assert vid is not None
        self.runner.submit(
            self.app.photos.page_of,
            vid,
            len(self.photos),
            PAGE,
            on_done=lambda page: self.show_page(page, vid, reading),
            on_error=lambda _e: self._fetch_failed(reading),
            label="",
        )

    def _fetch_failed(self, reading: int) -> None:
        if reading == self.reading:
            self._fetching = False  # the next scroll to the end tries again

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's signature
        return 0 if parent.isValid() else len(self.photos)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.photos):
            return None
        p = self.photos[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            marks = ("★ " if p.chosen else "") + ("🌐 " if p.public else "")
            return marks + (p.caption or (p.taken_at or p.at)[:16].replace("T", " "))
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{p.caption}\n{p.width}×{p.height}  {(p.taken_at or p.at).replace('T', ' ')}"
        if role == Qt.ItemDataRole.DecorationRole:
            pix = self._thumbs.get(p.file_hash)
            if pix is None and p.file_hash not in self._asked:
                self._asked.add(p.file_hash)
                self._wanted.append(p)
                if not self._scheduled:  # what the view asks in this paint goes as one batch
                    self._scheduled = True
                    QTimer.singleShot(0, self, self._next_thumb)
            return pix or self._placeholder
        if role == Qt.ItemDataRole.UserRole:
            return p.id
        return None

    def _next_thumb(self) -> None:
        """One batch of the thumbnails the view asked for at a time, in the order it asked: the
        batch shows as soon as it is read, and the task runner's other thread stays free for the
        records and the app."""
        self._scheduled = False
        if self._reading:
            return
        batch: list[PhotoRecord] = []
        while self._wanted and len(batch) < THUMB_BATCH:
            p = self._wanted.pop(0)
            if p.file_hash not in self._thumbs and all(p.file_hash != b.file_hash for b in batch):
                batch.append(p)
        if batch:
            self._reading = True
            self.runner.submit(
                self._read_thumbs, batch, on_done=self._thumbs_ready, on_error=self._thumb_failed, label=""
            )

    def _thumb_failed(self, _error: BaseException) -> None:
        self._reading = False  # a thumbnail that cannot be read keeps its placeholder
        self._schedule()

    def _schedule(self) -> None:
        if self._wanted and not self._scheduled:
            self._scheduled = True
            QTimer.singleShot(0, self, self._next_thumb)

    def _read_thumbs(self, batch: list[PhotoRecord]) -> list[tuple[str, QImage | None]]:
        out = []
        for p in batch:
            try:
                out.append(self._read_thumb(p))
            except OSError:
                out.append((p.file_hash, None))  # one unreadable file keeps its placeholder only
        return out

    def _read_thumb(self, p: PhotoRecord) -> tuple[str, QImage | None]:
        """Off the UI thread: the thumbnail's file (made if missing) read and scaled into a
        QImage, so the UI thread only turns it into a pixmap."""
        path = self.app.photos.thumbnail(p)
        image = QImage(str(path)) if path is not None else None
        if image is None or image.isNull():
            return p.file_hash, None
        size = QSize(THUMB, THUMB * 3 // 4)
        if image.width() > size.width() or image.height() > size.height():
            image = image.scaled(size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
        return p.file_hash, image

    def _take_thumb(self, sha: str, image: QImage | None) -> bool:
        if image is None or sha in self._thumbs:
            return False
        self._thumbs[sha] = QPixmap.fromImage(image)
        self._asked.add(sha)
        self.loaded += 1
        return True

    def _thumbs_ready(self, results: list[tuple[str, QImage | None]]) -> None:
        self._reading = False
        got = {sha for sha, image in results if self._take_thumb(sha, image)}
        if got:
            for row, p in enumerate(self.photos):
                if p.file_hash in got:
                    ix = self.index(row)
                    self.dataChanged.emit(ix, ix, [Qt.ItemDataRole.DecorationRole])
        self._schedule()  # the next batch at the next turn: input waiting is handled first


class PhotoStrip(QWidget):
    """Thumbnails of one visit's photos with the actions on them."""

    photos_changed = Signal()

    def __init__(self, app: App, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.runner = runner
        self.visit_id: str | None = None
        self.setAcceptDrops(True)
        self.model = PhotoModel(app, runner, self)
        self.view = QListView(self)
        self.view.setObjectName("photo_strip")
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setFlow(QListView.Flow.LeftToRight)
        self.view.setWrapping(False)
        self.view.setUniformItemSizes(True)  # the view asks only for the thumbnails in sight
        self.view.setIconSize(QSize(THUMB, THUMB))
        self.view.setGridSize(QSize(THUMB + 24, THUMB + 44))
        self.view.setWordWrap(True)
        self.view.setMinimumHeight(THUMB + 60)
        # One row of thumbnails: the visits table above keeps the rest of a 1024×600 screen.
        self.view.setMaximumHeight(THUMB + 70)
        self.view.setVisible(False)  # no visit yet, so no photos: shown by _counted
        self.view.setModel(self.model)
        self.view.doubleClicked.connect(lambda _ix: self.edit_caption())
        self.count = QLabel(self)
        self.count.setObjectName("photo_count")
        buttons = QHBoxLayout()
        self.import_button = self._button(self.tr("Add photos…"), "photo_add", self.import_files)
        self.folder_button = self._button(self.tr("Add a folder…"), "photo_folder", self.import_folder)
        self.chosen_button = self._button(self.tr("Chosen (精选)"), "photo_chosen", self.toggle_chosen)
        self.public_button = self._button(self.tr("Public"), "photo_public", self.toggle_public)
        self.caption_button = self._button(self.tr("Caption…"), "photo_caption", self.edit_caption)
        self.remove_button = self._button(self.tr("Remove…"), "photo_remove", self.remove)
        for b in (
            self.import_button,
            self.folder_button,
            self.chosen_button,
            self.public_button,
            self.caption_button,
            self.remove_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.count)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(buttons)
        lay.addWidget(self.view)
        self._enable()

    def _button(self, text: str, name: str, slot: Any) -> QPushButton:
        b = QPushButton(text, self)
        b.setObjectName(name)
        b.clicked.connect(slot)
        return b

    # --- showing ------------------------------------------------------------------------------

    def set_visit(self, visit_id: str | None) -> None:
        self.visit_id = visit_id
        self.reload()

    def reload(self) -> None:
        """Read the first page of the visit's photos on the task runner: the page never waits
        for them, and a visit with hundreds of photos reads only what the strip can show."""
        vid = self.visit_id
        if vid is None:
            self._show(PhotoPage([], 0, 0, 0), None)
            return
        self.runner.submit(
            self.model.open_visit,
            vid,
            self.model.held(),
            on_done=lambda got: self._opened(got, vid),
            label="",
        )

    def _opened(self, opened: tuple[PhotoPage, list[Any]], vid: str | None) -> None:
        if vid != self.visit_id:
            return  # another visit was chosen meanwhile
        self.model.show_opened(opened, vid)
        self._counted(opened[0])

    def _show(self, page: PhotoPage, vid: str | None) -> None:
        if vid != self.visit_id:
            return
        self.model.show_page(page, vid)
        self._counted(page)

    def _counted(self, page: PhotoPage) -> None:
        self.count.setText(self.tr("{n} photos, {c} chosen").format(n=page.total, c=page.chosen))
        # No empty box under the table: the row of thumbnails shows once the visit has a photo
        # (the buttons, the count and dropping files on the strip stay).
        self.view.setVisible(page.total > 0)
        self._enable()

    def _enable(self) -> None:
        has_visit = self.visit_id is not None
        for b in (self.import_button, self.folder_button):
            b.setEnabled(has_visit)
        for b in (self.chosen_button, self.public_button, self.caption_button, self.remove_button):
            b.setEnabled(has_visit and bool(self.model.photos))

    def selected(self) -> PhotoRecord | None:
        ix = self.view.currentIndex()
        return self.model.photos[ix.row()] if ix.isValid() and ix.row() < len(self.model.photos) else None

    # --- actions --------------------------------------------------------------------------------

    def add_paths(self, paths: list[Path]) -> None:
        """Import files off the UI thread; refused files are listed in one message."""
        files = [p for p in paths if p.suffix.lower() in IMAGE_SUFFIXES]
        if not files or self.visit_id is None:
            return
        run_op(self, self.app.photos.add_many, self.visit_id, files, on_success=self._added)

    def _added(self, results: list[Any]) -> None:
        self.reload()
        self.photos_changed.emit()
        refused = [r.error.zh for r in results if r.error is not None]
        if refused:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, self.tr("Some files were not added"), "\n".join(refused))

    def import_files(self) -> None:
        names, _f = QFileDialog.getOpenFileNames(
            self, self.tr("Add photos"), "", self.tr("Photos (*.jpg *.jpeg *.png *.webp)")
        )
        self.add_paths([Path(n) for n in names])

    def import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add the photos of a folder (a camera card)"))
        if folder:
            self.add_paths(sorted(p for p in Path(folder).rglob("*") if p.is_file()))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and self.visit_id is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths: list[Path] = []
        for url in event.mimeData().urls():
            p = Path(url.toLocalFile())
            paths += sorted(x for x in p.rglob("*") if x.is_file()) if p.is_dir() else [p]
        self.add_paths(paths)
        event.acceptProposedAction()

    def _done(self, _result: object = None) -> None:
        self.reload()
        self.photos_changed.emit()

    def toggle_chosen(self) -> None:
        p = self.selected()
        if p is not None:
            run_op(self, self.app.photos.set_chosen, p.id, not p.chosen, on_success=self._done)

    def toggle_public(self) -> None:
        p = self.selected()
        if p is not None:
            run_op(self, self.app.photos.set_public, p.id, not p.public, on_success=self._done)

    def edit_caption(self) -> None:
        p = self.selected()
        if p is None:
            return
        text, ok = QInputDialog.getText(self, self.tr("Caption"), self.tr("Caption of the photo"), text=p.caption)
        if ok:
            run_op(self, self.app.photos.set_caption, p.id, text, on_success=self._done)

    def remove(self) -> None:
        p = self.selected()
        if p is None:
            return
        reason, ok = QInputDialog.getText(
            self, self.tr("Remove photo"), self.tr("Why is this photo removed? (kept with the record)")
        )
        if ok:
            run_op(self, self.app.photos.remove, p.id, reason, on_success=self._done)
