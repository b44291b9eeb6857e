"""The canvas: the plan scene in a view with a metre grid behind it, zoom and pan, and clicks
handed to the active placing tool.

The view keeps the whole plan in sight until the user zooms or pans: while it is *fitted*, a
change of its size (a dock opened, widened or closed, the window resized) fits the plan again.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsView


class PlanView(QGraphicsView):
    """Zoom with the wheel, a metre grid behind the plan, left clicks offered to ``on_place``
    (a function of the plan point that returns True when it used the click)."""

    GRID = 1.0  # metres between grid lines

    def __init__(self, scene, on_place=None):
        super().__init__(scene)
        self.on_place = on_place
        #: the plan is fitted to the view and follows its size until the user zooms or pans
        self.fitted = True
        self._labels_key: tuple | None = None
        self._fitting = False
        #: the size (QSize) of a box kept over a corner of the canvas (the legend), or None: a fit
        #: leaves the plan clear of it (set by the legend)
        self.keep_clear = lambda: None
        self.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing)
        self.setDragMode(QGraphicsView.RubberBandDrag)
        self.setTransformationAnchor(QGraphicsView.AnchorUnderMouse)

    # --- zoom and pan -----------------------------------------------------------------------------
    #: rounds of fitting to the labels (each zoom-out makes the labels larger in metres)
    FIT_ROUNDS = 4
    #: the labels never shrink the plan below this share of its plain fit (a canvas narrower than
    #: a name would otherwise chase the names down to a speck)
    MIN_LABEL_FIT = 0.7

    def fit(self) -> None:
        """Show the whole plan with its names; it stays fitted when the view changes size."""
        sc = self.scene()
        r = sc.plan_rect if getattr(sc, "plan_rect", None) is not None else sc.sceneRect()
        if not r.isEmpty() and not self._fitting:
            self._fitting = True  # fitting may show or hide a scroll bar, which resizes the viewport
            try:
                self.fitInView(r, Qt.KeepAspectRatio)
                if hasattr(sc, "label_rect"):
                    r = self._fit_labels(r)
                self._clear_of_box(r)
            finally:
                self._fitting = False
        self.fitted = True

    def _fit_labels(self, r):
        """Widen the fit until the names placed at the fitted zoom are in sight too (a name
        beside a fixture at the outline may lie outside it). Labels keep their size on screen, so
        a zoom-out makes them larger in metres: a few rounds settle it. The scene's scrollable
        rectangle takes the labels in, so that the view can centre them."""
        sc = self.scene()
        plain = self.pixels_per_metre()
        vp = self.viewport().rect()
        for _ in range(self.FIT_ROUNDS):
            ppm = self.pixels_per_metre()
            sc.place_labels(ppm)
            self._labels_key = (round(ppm, 6), sc.label_revision)
            ext = sc.label_rect()
            if ext is None or r.contains(ext):
                break
            wider = r.united(ext)
            if min(vp.width() / wider.width(), vp.height() / wider.height()) < self.MIN_LABEL_FIT * plain:
                break
            r = wider
            sc.setSceneRect(r)
            self.fitInView(r, Qt.KeepAspectRatio)
        return r

    MARGIN = 10  # pixels between the kept-clear box and the plan

    def _clear_of_box(self, r) -> None:
        """Fit ``r`` (the plan and its names) beside or below the box kept clear (the legend):
        the plan is made smaller by whichever of the two costs it less, and the box's corner is
        left empty for it."""
        box = self.keep_clear()
        vp = self.viewport().rect()
        if box is None or box.isEmpty() or r.isEmpty():
            return
        top, right = box.height() + 2 * self.MARGIN, box.width() + 2 * self.MARGIN
        s_top = min(vp.width() / r.width(), (vp.height() - top) / r.height())
        s_right = min((vp.width() - right) / r.width(), vp.height() / r.height())
        if max(s_top, s_right) <= 0:
            return
        r = r.adjusted(0, -top / s_top, 0, 0) if s_top >= s_right else r.adjusted(0, 0, right / s_right, 0)
        self.scene().setSceneRect(self.scene().sceneRect().united(r))
        self.fitInView(r, Qt.KeepAspectRatio)

    def zoom(self, factor: float) -> None:
        self.scale(factor, factor)
        self.fitted = False

    def pan(self, dx: int, dy: int) -> None:
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        h.setValue(h.value() + dx)
        v.setValue(v.value() + dy)
        self.fitted = False

    def pixels_per_metre(self) -> float:
        return abs(self.transform().m11())

    def wheelEvent(self, event):
        self.zoom(1.15 if event.angleDelta().y() > 0 else 1 / 1.15)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if self.fitted:
            self.fit()

    # --- drawing ------------------------------------------------------------------------------------
    def drawBackground(self, painter, rect):
        super().drawBackground(painter, rect)
        pen = QPen(QColor("#e6e6e6"))
        pen.setCosmetic(True)
        painter.setPen(pen)
        g = self.GRID
        x = math.floor(rect.left() / g) * g
        while x <= rect.right():
            painter.drawLine(x, rect.top(), x, rect.bottom())
            x += g
        y = math.floor(rect.top() / g) * g
        while y <= rect.bottom():
            painter.drawLine(rect.left(), y, rect.right(), y)
            y += g

    def paintEvent(self, event):
        # labels keep their size on screen: place them again when the zoom or the items changed
        sc = self.scene()
        key = (round(self.pixels_per_metre(), 6), sc.label_revision)
        if key != self._labels_key:
            self._labels_key = key
            sc.place_labels(self.pixels_per_metre())
        super().paintEvent(event)

    # --- clicks ---------------------------------------------------------------------------------------
    def mousePressEvent(self, event):
        if self.on_place is not None and event.button() == Qt.LeftButton:
            p = self.mapToScene(event.position().toPoint())
            if self.on_place((p.x(), -p.y())):
                event.accept()
                return
        super().mousePressEvent(event)


__all__ = ["PlanView"]
