"""File > Import DXF…: which layers of a CAD drawing hold the walls and the outline, and the
drawing's units (the dialog), and the walls and outline added to the open drawing as one
undoable step; reading the drawing itself is ``lobbysim.model.dxf_import``."""

from __future__ import annotations

from pathlib import Path

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

from lobbysim.errors import LobbysimError
from lobbysim.model import commands as C

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


def import_dxf_file(window, path: str) -> bool:
    """Walls (and the boundary, when the drawing has none yet) from the DXF file at ``path``,
    on the layers the window's ``ask_dxf_options`` chooses, pushed on its undo stack as one step;
    a file that cannot be read or holds nothing on those layers is one message."""
    from lobbysim.model.dxf_import import dxf_layers, import_dxf

    layout = window.layout
    try:
        opts = window.ask_dxf_options(dxf_layers(path))
        if opts is None:
            return False
        walls, outline, units = opts
        res = import_dxf(path, wall_layers=walls, outline_layer=outline, units=units, id_prefix=layout.new_id("dxf"))
    except LobbysimError as exc:
        window.show_error(str(exc))
        return False
    els = list(res.walls)
    if res.boundary is not None and layout.boundary is None:
        els.insert(0, res.boundary)
    if not els:
        window.show_error(tr(CONTEXT, "{path}: nothing to import on the chosen layers", window.lang).format(path=path))
        return False
    window.push(C.add_elements(layout, els, f"Import {len(els)} elements from {Path(path).name}"))
    window.view.fit()
    return True


__all__ = ["DxfOptionsDialog", "ask_dxf_options", "import_dxf_file"]
