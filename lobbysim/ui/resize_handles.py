"""Resize and reshape handles on the canvas for the one selected element.

Small squares (a fixed size on screen) sit on the element's handles from
lobbysim.model.reshape: the corners and edge midpoints of a fixture or seat block, the
vertices of an area, pillar, post zone or the boundary, the ends of a wall or an entrance.
Dragging one shows the new outline; releasing it pushes one undoable command. Handles are a
scene decoration, rebuilt after every selection change and every model change.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsRectItem

from lobbysim.model.reshape import handles, reshape_command, reshaped

from .plan_scene import geometry_path

CURSORS = {
    "1,1": Qt.SizeBDiagCursor,
    "-1,-1": Qt.SizeBDiagCursor,
    "1,-1": Qt.SizeFDiagCursor,
    "-1,1": Qt.SizeFDiagCursor,
    "1,0": Qt.SizeHorCursor,
    "-1,0": Qt.SizeHorCursor,
    "0,1": Qt.SizeVerCursor,
    "0,-1": Qt.SizeVerCursor,
}


class HandleItem(QGraphicsRectItem):
    SIZE = 8  # pixels

    def __init__(self, owner: ResizeHandles, name: str, pos):
        h = self.SIZE
        super().__init__(-h / 2, -h / 2, h, h)
        self.owner, self.name = owner, name
        self.setPos(pos[0], -pos[1])
        self.setFlag(QGraphicsItem.ItemIgnoresTransformations, True)
        self.setZValue(60)
        self.setBrush(QBrush(QColor("#ffffff")))
        pen = QPen(QColor("#1565c0"))
        pen.setCosmetic(True)
        pen.setWidthF(1.5)
        self.setPen(pen)
        self.setCursor(CURSORS.get(name, Qt.SizeAllCursor))
        self.setData(0, "handle")
        self.setAcceptedMouseButtons(Qt.LeftButton)

    def mousePressEvent(self, event):
        event.accept()

    def mouseMoveEvent(self, event):
        p = event.scenePos()
        self.owner.preview(self.name, (p.x(), -p.y()))

    def mouseReleaseEvent(self, event):
        p = event.scenePos()
        self.owner.commit(self.name, (p.x(), -p.y()))


class ResizeHandles:
    """The handles of the window's single selected element."""

    def __init__(self, window, grid: float = 0.05):
        self.window = window
        self.grid = grid
        self.enabled = True
        self.element_id: str | None = None
        self.items: list[HandleItem] = []
        self._removed: list = []  # kept alive one generation: a handle may still be in its own event handler
        self.outline: QGraphicsPathItem | None = None
        window.scene.selectionChanged.connect(self.update)
        window.undo_stack.indexChanged.connect(self.update)

    def _scene_ok(self) -> bool:
        w = self.window
        return shiboken6.isValid(w) and shiboken6.isValid(w.scene)

    def _clear(self) -> None:
        self._removed = self.items + ([self.outline] if self.outline is not None else [])
        for it in self._removed:
            if shiboken6.isValid(it) and it.scene() is not None:
                it.scene().removeItem(it)
        self.items, self.outline, self.element_id = [], None, None

    def update(self) -> None:
        if not self._scene_ok():
            return
        self._clear()
        w = self.window
        ids = w.scene.selected_ids()
        e = w.layout.get(ids[0]) if len(ids) == 1 and self.enabled else None
        if e is None:
            return
        self.element_id = e.id
        for name, pos in handles(e):
            item = HandleItem(self, name, pos)
            w.scene.addItem(item)
            self.items.append(item)

    def handle_pos(self, name: str):
        """Scene position of a handle (for tests and tools)."""
        return next(i.scenePos() for i in self.items if i.name == name)

    def preview(self, name: str, p) -> None:
        e = self.window.layout.get(self.element_id) if self.element_id else None
        if e is None or not self._scene_ok():
            return
        try:
            geom = reshaped(e, name, p, self.grid).geometry
        except Exception:  # noqa: BLE001 - an impossible intermediate shape just has no preview
            return
        if self.outline is None or not shiboken6.isValid(self.outline):
            self.outline = QGraphicsPathItem()
            pen = QPen(QColor("#1565c0"))
            pen.setCosmetic(True)
            pen.setStyle(Qt.DashLine)
            self.outline.setPen(pen)
            self.outline.setZValue(59)
            self.outline.setAcceptedMouseButtons(Qt.NoButton)
            self.window.scene.addItem(self.outline)
        self.outline.setPath(geometry_path(geom))

    def commit(self, name: str, p) -> bool:
        """Drop the handle at plan point p: one command on the undo stack (False if nothing changed)."""
        w = self.window
        if self.element_id is None or self.element_id not in w.layout:
            return False
        cmd = reshape_command(w.layout, self.element_id, name, p, self.grid)
        if cmd is None:
            self.update()
            return False
        w.push(cmd)
        return True


__all__ = ["ResizeHandles", "HandleItem"]
