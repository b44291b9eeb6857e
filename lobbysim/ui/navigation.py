"""Keyboard and mouse navigation of the canvas: + / - zoom, 0 or F fits the plan, arrow keys
pan, the middle button (or Space held with the left button) drags the view. An event filter
on the plan view (``PlanView``: ``zoom``, ``pan``, ``fit``).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt

ZOOM_STEP = 1.25
PAN_PIXELS = 60


class Navigation(QObject):
    def __init__(self, view):
        super().__init__(view)
        self.view = view
        self._viewport = view.viewport()
        self._drag_from = None
        self._space = False
        view.installEventFilter(self)
        view.viewport().installEventFilter(self)
        view.setFocusPolicy(Qt.StrongFocus)

    def zoom(self, factor: float) -> None:
        self.view.zoom(factor)

    def pan(self, dx: int, dy: int) -> None:
        self.view.pan(dx, dy)

    def eventFilter(self, obj, event):
        if not (shiboken6.isValid(self.view) and shiboken6.isValid(self._viewport)):
            return False  # the view is being destroyed
        t = event.type()
        if t == QEvent.KeyPress:
            k = event.key()
            if k in (Qt.Key_Plus, Qt.Key_Equal):
                self.zoom(ZOOM_STEP)
            elif k == Qt.Key_Minus:
                self.zoom(1 / ZOOM_STEP)
            elif k in (Qt.Key_0, Qt.Key_F) and not event.modifiers() & Qt.ControlModifier:
                self.view.fit()
            elif k in (Qt.Key_Left, Qt.Key_Right, Qt.Key_Up, Qt.Key_Down):
                dx = {Qt.Key_Left: -PAN_PIXELS, Qt.Key_Right: PAN_PIXELS}.get(k, 0)
                dy = {Qt.Key_Up: -PAN_PIXELS, Qt.Key_Down: PAN_PIXELS}.get(k, 0)
                self.pan(dx, dy)
            elif k == Qt.Key_Space and not event.isAutoRepeat():
                self._space = True
                return False
            else:
                return False
            return True
        if t == QEvent.KeyRelease and event.key() == Qt.Key_Space and not event.isAutoRepeat():
            self._space = False
            return False
        if obj is self._viewport:
            if t == QEvent.MouseButtonPress and (
                event.button() == Qt.MiddleButton or (self._space and event.button() == Qt.LeftButton)
            ):
                self._drag_from = event.position().toPoint()
                self.view.viewport().setCursor(Qt.ClosedHandCursor)
                return True
            if t == QEvent.MouseMove and self._drag_from is not None:
                p = event.position().toPoint()
                d = p - self._drag_from
                self._drag_from = p
                self.pan(-d.x(), -d.y())
                return True
            if t == QEvent.MouseButtonRelease and self._drag_from is not None:
                self._drag_from = None
                self.view.viewport().unsetCursor()
                return True
        return False


__all__ = ["Navigation", "ZOOM_STEP", "PAN_PIXELS"]
