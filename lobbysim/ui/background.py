"""A scanned or photographed plan under the canvas, calibrated by two clicks and a distance.

The image lives in the plan scene below every element (z -100), is neither selectable nor
movable, and is not part of the layout (it is a drawing aid, never saved in the file). Pixel
(u, v) of the image sits at plan (ox + u*s, oy - v*s): with scene y = -plan y that is simply
position (ox, -oy) and scale s, so no flip is needed. The scene may clear all its items when a
layout is opened; the layer then puts a fresh item back.

The editor's Background menu (load, calibrate, opacity, remove) calls the layer; its dialogs
are methods of :class:`BackgroundLayer` so tests replace them.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFileDialog, QGraphicsItem, QGraphicsPixmapItem, QInputDialog, QMessageBox

from lobbysim.errors import LobbysimError

from .calibration import Calibration, calibrate
from .i18n_text import tr

Z_BACKGROUND = -100.0
CONTEXT = "Background"  # of this module's texts in lobbysim/ui/i18n/lobbysim_zh_CN.ts


class BackgroundLayer(QObject):
    """The background image of one plan scene and its two-point calibration."""

    def __init__(self, scene, view=None, parent=None, lang: str = "en"):
        super().__init__(parent)
        self.scene = scene
        self.view = view
        #: the interface language of the layer's messages (the window sets it on a switch)
        self.lang = lang
        self.pixmap: QPixmap | None = None
        self.path: str | None = None
        self.calibration = Calibration(0.01, (0.0, 0.0))  # 1 px = 1 cm until calibrated
        self.opacity = 0.5
        self.item: QGraphicsPixmapItem | None = None
        self._clicks: list[tuple[float, float]] | None = None  # plan points while calibrating
        scene.changed.connect(self._ensure)

    def t(self, text: str) -> str:
        """``text`` in the language of the window this layer belongs to."""
        return tr(CONTEXT, text, self.lang)

    def load_dialog(self) -> None:
        """Background > Load image…: choose a picture; a file that is not one is a message."""
        path, _ = QFileDialog.getOpenFileName(
            self.view, self.t("Load image…"), "", self.t("Images") + " (*.png *.jpg *.jpeg *.bmp)"
        )
        if path:
            try:
                self.load(path)
            except LobbysimError as exc:
                self.show_message(str(exc))

    def opacity_dialog(self) -> None:
        """Background > Opacity…"""
        v, ok = QInputDialog.getInt(
            self.view, self.t("Opacity…"), self.t("Opacity (%):"), int(self.opacity * 100), 0, 100
        )
        if ok:
            self.set_opacity(v / 100)

    # --- the image --------------------------------------------------------------------------------
    def load(self, path: str) -> None:
        pm = QPixmap(str(path))
        if pm.isNull():
            raise LobbysimError("is not an image that can be read (use PNG, JPEG, BMP)", path=str(path))
        self.pixmap, self.path = pm, str(path)
        b = self.scene.layout.boundary
        if b is not None and not b.geometry.is_empty:  # start with the top-left corner at the plan's
            x0, _, _, y1 = b.geometry.bounds
            self.calibration = Calibration(self.calibration.metres_per_pixel, (x0, y1))
        self._ensure()

    def remove(self) -> None:
        self.pixmap, self.path = None, None
        if self._item_alive():
            self.scene.removeItem(self.item)
        self.item = None

    def set_opacity(self, value: float) -> None:
        self.opacity = max(0.0, min(1.0, float(value)))
        if self._item_alive():
            self.item.setOpacity(self.opacity)

    def set_calibration(self, cal: Calibration) -> None:
        self.calibration = cal
        self._place()

    def _item_alive(self) -> bool:
        return self.item is not None and shiboken6.isValid(self.item) and self.item.scene() is self.scene

    def _ensure(self, *_):
        if self.pixmap is None or self._item_alive():
            return
        it = QGraphicsPixmapItem(self.pixmap)
        it.setZValue(Z_BACKGROUND)
        it.setFlag(QGraphicsItem.ItemIsSelectable, False)
        it.setFlag(QGraphicsItem.ItemIsMovable, False)
        it.setAcceptedMouseButtons(Qt.NoButton)
        it.setTransformationMode(Qt.SmoothTransformation)
        it.setData(0, "background")
        self.scene.addItem(it)
        self.item = it
        self.set_opacity(self.opacity)
        self._place()

    def _place(self):
        if self._item_alive():
            ox, oy = self.calibration.origin
            self.item.setScale(self.calibration.metres_per_pixel)
            self.item.setPos(QPointF(ox, -oy))

    def pixel_at(self, plan_pt) -> tuple[float, float]:
        """Image pixel under a plan point."""
        s = self.calibration.metres_per_pixel
        ox, oy = self.calibration.origin
        return ((plan_pt[0] - ox) / s, (oy - plan_pt[1]) / s)

    def plan_rect(self) -> tuple[float, float, float, float] | None:
        """(x0, y0, x1, y1) in plan metres covered by the image."""
        if self.pixmap is None:
            return None
        c = self.calibration
        x0, y1 = c.origin
        return (x0, y1 - self.pixmap.height() * c.metres_per_pixel, x0 + self.pixmap.width() * c.metres_per_pixel, y1)

    # --- calibration by two clicks -------------------------------------------------------------------
    def start_calibration(self) -> bool:
        if self.pixmap is None:
            self.show_message(self.t("Load a background image first."))
            return False
        self._clicks = []
        if self.view is not None:
            self.view.viewport().installEventFilter(self)
            self.view.viewport().setCursor(Qt.CrossCursor)
        return True

    @property
    def calibrating(self) -> bool:
        return self._clicks is not None

    def click(self, plan_pt) -> bool:
        """One calibration click at a plan point; after the second, ask the distance and rescale
        so the first point stays where it is. True when the click was used."""
        if self._clicks is None:
            return False
        self._clicks.append((float(plan_pt[0]), float(plan_pt[1])))
        if len(self._clicks) < 2:
            return True
        (a, b), self._clicks = self._clicks, None
        if self.view is not None:
            self.view.viewport().removeEventFilter(self)
            self.view.viewport().unsetCursor()
        d = self.ask_distance()
        if d is None:
            return True
        try:
            cal = calibrate(self.pixel_at(a), self.pixel_at(b), d, p1_plan=a)
        except LobbysimError as exc:
            self.show_message(str(exc))
            return True
        self.set_calibration(cal)
        return True

    def eventFilter(self, obj, event):
        if self.view is None or not shiboken6.isValid(self.view):
            return False
        if self._clicks is not None and event.type() == QEvent.MouseButtonPress and event.button() == Qt.LeftButton:
            p = self.view.mapToScene(event.position().toPoint())
            self.click((p.x(), -p.y()))
            return True
        return False

    # --- dialogs (replaced in tests) ----------------------------------------------------------------
    def ask_distance(self) -> float | None:
        d, ok = QInputDialog.getDouble(
            self.view,
            self.t("Calibrate (click two points)"),
            self.t("Real distance between the two points (m):"),
            1.0,
            0.001,
            10000.0,
            3,
        )
        return d if ok else None

    def show_message(self, text: str) -> None:
        QMessageBox.information(self.view, "lobbysim", text)


__all__ = ["BackgroundLayer", "Z_BACKGROUND"]
