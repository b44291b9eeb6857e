"""File > Import DXF…: which layers of a CAD drawing hold the walls and the outline, and the
drawing's units (the dialog); the import itself is ``lobbysim.model.dxf_import``."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from .i18n_text import tr

CONTEXT = "EditorWindow"
UNITS = ("auto", "mm", "cm", "m")


class DxfOptionsDialog(QDialog):
    def __init__(self, parent, layers: list[str], lang: str):
        super().__init__(parent)

        def t(s):
            return tr(CONTEXT, s, lang)

        self.setWindowTitle(t("Import DXF…"))
        v = QVBoxLayout(self)
        v.addWidget(QLabel(t("Wall layers")))
        self.walls = QListWidget()
        for name in layers:
            it = QListWidgetItem(name)
            it.setFlags(it.flags() | Qt.ItemIsUserCheckable)
            it.setCheckState(Qt.Checked)
            self.walls.addItem(it)
        v.addWidget(self.walls)
        v.addWidget(QLabel(t("Outline layer (closed polyline becomes the boundary)")))
        self.outline = QComboBox()
        self.outline.addItem(t("(none)"), None)
        for name in layers:
            self.outline.addItem(name, name)
        v.addWidget(self.outline)
        v.addWidget(QLabel(t("Units")))
        self.units = QComboBox()
        for u in UNITS:
            self.units.addItem(t("automatic (from the drawing)") if u == "auto" else u, u)
        v.addWidget(self.units)
        bb = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        bb.button(QDialogButtonBox.Ok).setText(t("Import"))
        bb.button(QDialogButtonBox.Cancel).setText(t("Cancel"))
        bb.accepted.connect(self.accept)
        bb.rejected.connect(self.reject)
        v.addWidget(bb)

    def choice(self) -> tuple[set[str], str | None, str]:
        """(wall layers, outline layer or None, units)."""
        walls = self.walls
        chosen = {walls.item(i).text() for i in range(walls.count()) if walls.item(i).checkState() == Qt.Checked}
        return chosen, self.outline.currentData(), self.units.currentData()


def ask_dxf_options(parent, layers: list[str], lang: str):
    """The user's choice of layers and units, or None when cancelled."""
    dlg = DxfOptionsDialog(parent, layers, lang)
    return dlg.choice() if dlg.exec() == QDialog.Accepted else None


__all__ = ["DxfOptionsDialog", "ask_dxf_options"]
