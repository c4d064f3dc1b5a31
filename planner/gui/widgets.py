"""Widgets the tabs share."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHeaderView, QTableView, QVBoxLayout, QWidget

from planner.gui.models import DataFrameModel


def table(model: DataFrameModel, name: str) -> QTableView:
    """A sortable table over ``model``: sorting on the raw numbers, never on display text."""
    view = QTableView()
    proxy = QSortFilterProxyModel(view)
    proxy.setSourceModel(model)
    proxy.setSortRole(Qt.ItemDataRole.UserRole)
    proxy.setFilterKeyColumn(-1)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    view.setModel(proxy)
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # file order
    view.setSortingEnabled(True)
    view.setAlternatingRowColors(True)
    view.setAccessibleName(name)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().setVisible(False)
    model.fit.connect(view.resizeColumnsToContents)
    return view


def selected_source_row(view: QTableView) -> int | None:
    """The model row of the selected row (or cell) of ``view``, through its sort proxy."""
    selection = view.selectionModel()
    if selection is None:
        return None
    rows = selection.selectedRows() or selection.selectedIndexes()[:1]
    if not rows:
        return None
    proxy = view.model()
    assert isinstance(proxy, QSortFilterProxyModel)
    return int(proxy.mapToSource(rows[0]).row())


class WhenShown(QObject):
    """Calls ``show`` on ``widget`` now if the user can see it - or, when it sits behind
    another tab of a window on screen, the next time it is shown: a re-plan then paints only
    what is in view. A window not yet on screen is painted at once (it has no tab in view)."""

    def __init__(self, widget: QWidget, show: Callable[[], None]) -> None:
        super().__init__(widget)
        self.widget = widget
        self.show = show
        self.stale = False
        widget.installEventFilter(self)

    def __call__(self) -> None:
        if self.widget.window().isVisible() and not self.widget.isVisible():
            self.stale = True
            return
        self.stale = False
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget and event.type() == QEvent.Type.Show and self.stale:
            self.stale = False
            self.show()
        return False


class LazyTab(QWidget):
    """A tab whose content is built the first time it is shown, or asked for: the window
    opens without building the charts of tabs nobody has looked at yet (a pyqtgraph plot costs
    about 20 ms to build). The content, once built, follows the state as any tab does."""

    def __init__(self, build: Callable[[], QWidget]) -> None:
        super().__init__()
        self._build = build
        self._tab: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def tab(self) -> QWidget:
        if self._tab is None:
            self._tab = self._build()
            self._layout.addWidget(self._tab)
        return self._tab

    def showEvent(self, event: QShowEvent) -> None:
        self.tab().show()  # a child added to a widget being shown is not shown with it
        super().showEvent(event)
