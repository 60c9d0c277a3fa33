"""A table model over a list of record ids whose rows load in pages, only when shown.

Lists that may hold a decade of data (sign-ins, movements) never load every row: the model
knows ids (itself fetched page by page through ``more_ids`` when given), and asks ``loader``
for the rows of one page of ids when the view first paints them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
Row = Any  # a mapping or a record (a frozen dataclass the services return)


def field_of(row: Row, key: str) -> Any:
    """A row's value under ``key``, whether the row is a mapping or a record."""
    return row.get(key) if isinstance(row, Mapping) else getattr(row, key, None)


@dataclass(frozen=True)
class Column:
    """One column: header text, the row key, and an optional formatter of the value."""

    title: str
    key: str
    fmt: Callable[[Any, Row], str] | None = None
    align: Qt.AlignmentFlag | None = None


class LazyTableModel(QAbstractTableModel):
    """Rows are ``loader(ids) -> list[dict]`` (same order; missing ids show blank)."""

    def __init__(
        self,
        columns: Sequence[Column],
        loader: Callable[[list[str]], list[Row]],
        page_size: int = 200,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.loader = loader
        self.page_size = page_size
        self._ids: list[str] = []
        self._shown = 0
        self._more: Callable[[str | None, int], list[str]] | None = None
        self._exhausted = True
        self._cache: dict[int, list[Row | None]] = {}  # page number -> rows
        self.loads = 0  # loader calls (for tests and benchmarks)

    # --- feeding ids ------------------------------------------------------------------------
    def set_ids(self, ids: Sequence[str], more_ids: Callable[[str | None, int], list[str]] | None = None) -> None:
        """Show these ids; ``more_ids(last_id, n)`` (optional) returns the ids after ``last_id``."""
        self.beginResetModel()
        self._ids = list(ids)
        self._more = more_ids
        self._exhausted = more_ids is None
        self._cache.clear()
        self._shown = min(len(self._ids), self.page_size)
        self.endResetModel()

    def set_pager(self, more_ids: Callable[[str | None, int], list[str]]) -> None:
        """Start from nothing and pull ids page by page (keyset paging for huge lists)."""
        first = more_ids(None, self.page_size)
        self.set_ids(first, more_ids)
        if len(first) < self.page_size:
            self._exhausted = True

    def ids(self) -> list[str]:
        return self._ids[: self._shown]

    def id_at(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < self._shown else None

    def row_dict(self, row: int) -> Row | None:
        if not 0 <= row < self._shown:
            return None
        page, off = divmod(row, self.page_size)
        rows = self._cache.get(page)
        if rows is None:
            chunk = self._ids[page * self.page_size : (page + 1) * self.page_size]
            loaded = {field_of(r, "id"): r for r in self.loader(chunk)}
            self.loads += 1
            rows = [loaded.get(i) for i in chunk]
            self._cache[page] = rows
        return rows[off] if off < len(rows) else None

    def invalidate(self) -> None:
        """Forget loaded rows (after an edit) but keep the ids and scroll position."""
        self._cache.clear()
        if self._shown:
            self.dataChanged.emit(self.index(0, 0), self.index(self._shown - 1, len(self.columns) - 1))

    # --- Qt model API -----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
                return self.columns[section].title
            if orientation == Qt.Orientation.Vertical:
                return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and col.align is not None:
            return int(col.align | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.UserRole):
            return None
        row = self.row_dict(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.UserRole:
            return row
        value = field_of(row, col.key)
        if col.fmt is not None:
            return col.fmt(value, row)
        return "" if value is None else str(value)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid():
            return False
        return self._shown < len(self._ids) or not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        if self._shown >= len(self._ids) and not self._exhausted and self._more is not None:
            last = self._ids[-1] if self._ids else None
            new = self._more(last, self.page_size)
            if len(new) < self.page_size:
                self._exhausted = True
            self._ids.extend(new)
        n = min(self.page_size, len(self._ids) - self._shown)
        if n <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + n - 1)
        self._shown += n
        self.endInsertRows()
