"""A table model over a pandas DataFrame: formatted text to show, the raw number to sort on."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

Index = QModelIndex | QPersistentModelIndex

_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.UserRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ToolTipRole,
    }
)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

#: column kind -> how a value is shown
FORMATS = {
    "money": lambda v: f"-${-v:,.2f}" if v < 0 else f"${v:,.2f}",
    "int": lambda v: f"{v:,.0f}",
    "pct": lambda v: f"{100 * v:.1f}%",
    "shares": lambda v: f"{v:,.4f}".rstrip("0").rstrip("."),
    "number": lambda v: f"{v:,.2f}",
    "score": lambda v: f"{v:+.2f}",
}


class DataFrameModel(QAbstractTableModel):
    """``kinds`` maps a column to money / pct / shares / number / score (else text).
    DisplayRole is the formatted text, UserRole the raw value (what sorting uses), numbers are
    right-aligned. ``highlight`` names a boolean column whose true rows are tinted.

    ``fit`` asks the views to size their columns to the new contents; a frame set with
    ``keep_widths`` (a re-plan of the household on screen) keeps the widths the columns have -
    the advisor's own among them - unless its columns are not those shown."""

    fit = Signal()

    def __init__(
        self,
        frame: pd.DataFrame | None = None,
        kinds: Mapping[str, str] | None = None,
        highlight: str | None = None,
        tooltips: str | None = None,
    ) -> None:
        super().__init__()
        self._kinds = dict(kinds or {})
        self._highlight = highlight
        self._tooltips = tooltips
        self._hidden = {c for c in (highlight, tooltips) if c}
        self._load(frame if frame is not None else pd.DataFrame())

    @property
    def frame(self) -> pd.DataFrame:
        return self._frame

    def _load(self, frame: pd.DataFrame) -> None:
        """The frame, and its cells as plain Python lists per column: a view asks for every
        cell many times (sizing, painting, sorting), and a list index is what it can afford."""
        self._frame = frame
        self._shown = [str(c) for c in frame.columns if c not in self._hidden]
        self._cells = {str(c): frame[c].tolist() for c in frame.columns}
        self._rows = len(frame)

    def _columns(self) -> list[str]:
        return self._shown

    def _cell(self, row: int, column: str) -> Any:
        return self._cells[column][row]

    def set_frame(self, frame: pd.DataFrame, keep_widths: bool = False) -> None:
        before = self._shown
        self.beginResetModel()
        self._load(frame.reset_index(drop=True))
        self.endResetModel()
        if not (keep_widths and self._shown == before):
            self.fit.emit()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            cols = self._columns()
            return cols[section] if 0 <= section < len(cols) else None
        return str(section + 1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid():  # a view asks for many roles per cell
            return None
        col = self._shown[index.column()]
        value: Any = self._cell(index.row(), col)
        kind = self._kinds.get(col)
        missing = value is None or value is pd.NA or (isinstance(value, float) and value != value)
        if role == Qt.ItemDataRole.DisplayRole:
            if missing:
                return ""
            if kind in FORMATS and isinstance(value, int | float):
                return FORMATS[kind](float(value))
            return str(value)
        if role == Qt.ItemDataRole.UserRole:
            return None if missing else value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if kind in FORMATS else _LEFT
        if role == Qt.ItemDataRole.BackgroundRole and self._highlight:
            flag = self._cell(index.row(), self._highlight)
            if bool(flag):
                return QBrush(QColor(255, 235, 180))
        if role == Qt.ItemDataRole.ToolTipRole and self._tooltips:
            tip = self._cell(index.row(), self._tooltips)
            return str(tip) if tip else None
        return None
