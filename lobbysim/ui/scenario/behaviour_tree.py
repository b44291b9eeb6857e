"""The Behaviour and policies tab: every section of a scenario the other tabs do not hold
(opening hours, customers, policies, notes) as a tree of keys and values."""

from __future__ import annotations

import json

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from .texts import _t, gloss
from .values import _same_type, fmt_value, parse_number

#: the sections the tabs hold; the tree shows every other top-level key
TABBED = ("format", "version", "name", "arrivals", "business", "staff")

KIND_ROLE = Qt.UserRole + 1  # what a tree value is: "bool", "number", "text", "json"
ORIG_ROLE = Qt.UserRole + 2  # the value as loaded (numbers keep int/float)


class _ValueDelegate(QStyledItemDelegate):
    """Edits only the value column; numbers in a line edit that takes numbers only."""

    def createEditor(self, parent, option, index):
        if index.column() != 1 or index.data(KIND_ROLE) in (None, "bool", "node"):
            return None
        ed = QLineEdit(parent)
        if index.data(KIND_ROLE) == "number":
            val = QDoubleValidator(ed)
            val.setLocale(QLocale.c())
            val.setNotation(QDoubleValidator.StandardNotation)
            ed.setValidator(val)
        return ed

    def setEditorData(self, editor, index):
        editor.setText(str(index.data(Qt.DisplayRole) or ""))

    def setModelData(self, editor, model, index):
        model.setData(index, editor.text(), Qt.EditRole)


class BehaviourTab:
    """The Behaviour and policies tab of the scenario editor: every section the other tabs do not
    hold, as a tree of keys and values."""

    def _build_behaviour(self) -> QWidget:
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setItemDelegate(_ValueDelegate(self.tree))
        self.tree.setEditTriggers(
            QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed | QAbstractItemView.SelectedClicked
        )
        self.tree.itemChanged.connect(self._tree_changed)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeToContents)
        return self.tree

    def _fill_tree(self, doc: dict) -> None:
        self.tree.clear()
        notes = doc.get("notes") if isinstance(doc.get("notes"), dict) else {}
        for key, value in doc.items():
            if key in TABBED:
                continue
            item = self._tree_item(None, key, value, key, notes)
            item.setExpanded(key in ("hours", "customers", "policies"))
        self._gloss_tree()
        self.tree.resizeColumnToContents(0)

    def _tree_item(self, parent, key, value, dotted: str, notes: dict) -> QTreeWidgetItem:
        item = QTreeWidgetItem([str(key), "", ""])
        item.setData(0, Qt.UserRole, key)
        (parent.addChild(item) if parent is not None else self.tree.addTopLevelItem(item))
        if dotted in notes and isinstance(notes[dotted], str):
            item.setToolTip(0, notes[dotted])
        if isinstance(value, dict) and value:
            item.setData(1, KIND_ROLE, "node")
            item.setData(1, ORIG_ROLE, "dict")
            for k, v in value.items():
                self._tree_item(item, k, v, f"{dotted}.{k}", notes)
            return item
        if isinstance(value, list) and value and all(isinstance(x, dict) for x in value):
            item.setData(1, KIND_ROLE, "node")
            item.setData(1, ORIG_ROLE, "list")
            for i, v in enumerate(value):
                child = self._tree_item(item, i + 1, v, dotted, {})
                child.setText(0, f"[{i + 1}]")
                hint = v.get("name") or v.get("rule") or v.get("staff") or ""
                child.setText(2, str(hint))
            return item
        item.setFlags(item.flags() | Qt.ItemIsEditable)
        if isinstance(value, bool):
            item.setData(1, KIND_ROLE, "bool")
            item.setFlags((item.flags() | Qt.ItemIsUserCheckable) & ~Qt.ItemIsEditable)
            item.setCheckState(1, Qt.Checked if value else Qt.Unchecked)
        elif isinstance(value, (int, float)):
            item.setData(1, KIND_ROLE, "number")
            item.setData(1, ORIG_ROLE, value)
            item.setText(1, fmt_value(value))
        elif isinstance(value, str):
            item.setData(1, KIND_ROLE, "text")
            item.setText(1, value)
        else:  # null, a list of values, an empty list or object: edited as JSON text
            item.setData(1, KIND_ROLE, "json")
            item.setText(1, json.dumps(value, ensure_ascii=False))
        return item

    def _gloss_tree(self) -> None:
        blocked = self.tree.blockSignals(True)
        stack = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        while stack:
            it = stack.pop()
            meaning = gloss(it.data(0, Qt.UserRole), self.lang)
            if meaning is not None:
                it.setText(2, meaning)
            if it.data(1, KIND_ROLE) == "bool":  # English shows the check box alone
                yes_no = _t("yes", self.lang) if it.checkState(1) == Qt.Checked else _t("no", self.lang)
                it.setText(1, yes_no if self.lang == "zh" else "")
            stack.extend(it.child(i) for i in range(it.childCount()))
        self.tree.blockSignals(blocked)

    def _tree_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._loading:
            return
        if item.data(1, KIND_ROLE) == "bool":
            self._gloss_tree()
        top = item
        while top.parent() is not None:
            top = top.parent()
        if top.data(0, Qt.UserRole) == "hours":
            self._refresh_chart()
        self._touch()

    def _read_item(self, item: QTreeWidgetItem):
        kind = item.data(1, KIND_ROLE)
        if kind == "node":
            if item.data(1, ORIG_ROLE) == "list":
                return [self._read_item(item.child(i)) for i in range(item.childCount())]
            return {
                item.child(i).data(0, Qt.UserRole): self._read_item(item.child(i)) for i in range(item.childCount())
            }
        if kind == "bool":
            return item.checkState(1) == Qt.Checked
        text = item.text(1)
        if kind == "number":
            orig = item.data(1, ORIG_ROLE)
            if text == fmt_value(orig):
                return orig
            return _same_type(orig, parse_number(text))
        if kind == "json":
            try:
                return json.loads(text)
            except ValueError:
                return text
        return text

    def tree_item(self, *keys) -> QTreeWidgetItem:
        """The tree item at ``keys`` (e.g. 'customers', 'no_show_share'; list items by number from 1)."""
        items = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        found = None
        for k in keys:
            found = next((it for it in items if it.data(0, Qt.UserRole) == k), None)
            if found is None:
                raise KeyError(keys)
            items = [found.child(i) for i in range(found.childCount())]
        return found

    def _tree_value(self, key: str):
        try:
            return self._read_item(self.tree_item(key))
        except KeyError:
            return None
