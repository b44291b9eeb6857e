"""What the staff roster and the business mix tables share: a table of rows with add and remove
buttons under it, removing the selected rows, a row found by its first column and a new row's free id."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QPushButton, QTableWidget, QVBoxLayout, QWidget


def table_tab(columns, on_item_changed, on_add, on_remove, tail: QWidget | None = None):
    """A tab of one table with ``columns`` (whole rows selected) and an add and a remove button
    under it, followed by ``tail`` (stretched) or empty space; returns (tab, table, add, remove)."""
    w = QWidget()
    v = QVBoxLayout(w)
    table = QTableWidget(0, len(columns))
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.verticalHeader().setVisible(False)
    table.itemChanged.connect(on_item_changed)
    table.horizontalHeader().setStretchLastSection(True)
    v.addWidget(table, 1)
    row = QHBoxLayout()
    add_button, remove_button = QPushButton(), QPushButton()
    add_button.clicked.connect(lambda: on_add())
    remove_button.clicked.connect(on_remove)
    row.addWidget(add_button)
    row.addWidget(remove_button)
    if tail is None:
        row.addStretch(1)
    else:
        row.addWidget(tail, 1)
    v.addLayout(row)
    return w, table, add_button, remove_button


def remove_selected(table: QTableWidget) -> bool:
    """Remove the selected rows (else the current one, if any); whether a row was removed."""
    rows = sorted({i.row() for i in table.selectedIndexes()} or ({table.currentRow()} - {-1}), reverse=True)
    for r in rows:
        table.removeRow(r)
    return bool(rows)


def row_of(table: QTableWidget, key: str) -> int:
    """The row whose first cell reads ``key``."""
    for r in range(table.rowCount()):
        if table.item(r, 0).text().strip() == key:
            return r
    raise KeyError(key)


def free_id(table: QTableWidget, prefix: str) -> str:
    """``prefix`` and the smallest number from 1 that no row's first cell holds yet."""
    ids = {table.item(r, 0).text() for r in range(table.rowCount()) if table.item(r, 0)}
    n = 1
    while f"{prefix}{n}" in ids:
        n += 1
    return f"{prefix}{n}"
