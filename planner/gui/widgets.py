"""Widgets the tabs share."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QHeaderView, QTableView

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
    model.modelReset.connect(view.resizeColumnsToContents)
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
