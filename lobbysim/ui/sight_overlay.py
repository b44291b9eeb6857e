"""Overlay: what the selected staff member sees (issue 9.3, sightlines of the selected staff).

When exactly one fixture or post with a staff position is selected, the isovist from its staff
point (the part of the floor visible from there, walls and sight-blocking fixtures in the way)
is drawn translucent over the plan, clipped to the post zone for a post. It is recomputed,
debounced, after every edit; it is a scene decoration, never part of the model.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsPathItem

from lobbysim.model.elements import Fixture, Post

from .i18n_text import tr
from .legend import Entry
from .plan_scene import geometry_path

CONTEXT = "SightOverlay"  # of this module's texts in lobbysim/ui/i18n/lobbysim_zh_CN.ts
FILL = QColor(255, 200, 0)


def viewpoint(element):
    """(staff point, clip polygon or None) of an element, or None when it has no staff position."""
    if isinstance(element, Fixture) and element.staff_point is not None:
        return element.staff_point, None
    if isinstance(element, Post):
        c = element.geometry.representative_point()
        return (c.x, c.y), element.geometry
    return None


class SightOverlay:
    Z = 40

    def __init__(self, window, delay_ms: int = 120):
        self.window = window
        self.enabled = True
        self.item: QGraphicsPathItem | None = None
        self.polygon = None
        self.element_id: str | None = None
        self.timer = QTimer(window)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.update)
        window.scene.selectionChanged.connect(self.timer.start)
        window.undo_stack.indexChanged.connect(self.timer.start)

    def set_enabled(self, on: bool) -> None:
        """Show or hide the overlay (its View-menu toggle follows)."""
        self.enabled = bool(on)
        action = self.window.menu_actions.get("sightlines")
        if action is not None and action.isChecked() != self.enabled:
            action.blockSignals(True)
            action.setChecked(self.enabled)
            action.blockSignals(False)
        self.update()

    def retranslate(self, lang: str) -> None:
        if self.item is not None:
            self._legend()

    def _legend(self) -> None:
        lang = self.window.lang
        self.window.legend.set_section(
            "sight",
            tr(CONTEXT, "Sightlines", lang),
            [Entry(FILL.name(), tr(CONTEXT, "what the selected staff member sees", lang), "box")],
        )

    def _clear(self):
        if self.item is not None and shiboken6.isValid(self.item) and self.item.scene() is not None:
            self.item.scene().removeItem(self.item)
        self.item, self.polygon, self.element_id = None, None, None
        self.window.legend.clear_section("sight")

    def update(self) -> None:
        w = self.window
        self._clear()
        if not self.enabled:
            return
        ids = w.scene.selected_ids()
        e = w.layout.get(ids[0]) if len(ids) == 1 else None
        vp = viewpoint(e) if e is not None else None
        if vp is None or w.layout.boundary is None:
            return
        from lobbysim.geo import build_floor

        try:
            floor = build_floor(w.layout)
            poly = floor.visible_polygon(vp[0], vp[1], rays=360)
        except Exception:  # noqa: BLE001 - a drawing the geometry engine rejects has no overlay
            return
        if poly.is_empty:
            return
        item = QGraphicsPathItem(geometry_path(poly))
        item.setBrush(QBrush(QColor(FILL.red(), FILL.green(), FILL.blue(), 70)))
        pen = QPen(QColor(200, 140, 0))
        pen.setCosmetic(True)
        item.setPen(pen)
        item.setZValue(self.Z)
        item.setAcceptedMouseButtons(Qt.NoButton)
        item.setData(0, "sight")
        w.scene.addItem(item)
        self.item, self.polygon, self.element_id = item, poly, e.id
        self._legend()


__all__ = ["SightOverlay", "viewpoint"]
