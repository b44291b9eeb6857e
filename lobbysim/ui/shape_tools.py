"""Drawing tools for shapes drawn point by point: area (rectangle or polygon, of a chosen kind),
wall, post zone and entrance; every finished shape is one AddElement on the window's undo stack.

The tools sit in front of the canvas as an event filter on the view's viewport; their tool bar
(``toolbar``) goes where the window puts it. Points
snap with lobbysim.model.snapping (vertices, edges, grid; right angles for walls and polygons).

Mouse: rectangle, post and entrance take two clicks; polygon and wall take a click per point
and end with a double click or Enter (Esc cancels, Backspace removes the last point).
"""

from __future__ import annotations

import math

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QAction, QActionGroup, QColor, QPainterPath, QPen
from PySide6.QtWidgets import QComboBox, QGraphicsPathItem, QToolBar

from lobbysim.model import commands as C
from lobbysim.model.elements import Area, Entrance, Wall
from lobbysim.model.kinds import AREA_KINDS
from lobbysim.model.snapping import layout_snap_targets, nearest_on_segment, snap, snap_to_grid

from .i18n_text import tr

TWO_CLICK = ("area_rect", "post", "entrance")
MULTI_CLICK = ("area_polygon", "wall")
#: tool -> its English label (the Chinese is in lobbysim/ui/i18n/lobbysim_zh_CN.ts, context "ShapeTools")
LABELS = {
    "area_rect": "Area ▭",
    "area_polygon": "Area ⬠",
    "wall": "Wall",
    "post": "Post zone",
    "entrance": "Entrance",
}
#: tool -> English tool tip
TIPS = {
    "area_rect": "Draw an area: click two corners",
    "area_polygon": "Draw an area: click each corner, double-click the last",
    "wall": "Draw a wall: click each point, double-click or Enter to end",
    "post": "Draw a lobby post zone: click two corners",
    "entrance": "Draw an entrance: click both ends on a wall or the outline",
}
CONTEXT = "ShapeTools"


def rect_points(a, b):
    x0, x1 = sorted((a[0], b[0]))
    y0, y1 = sorted((a[1], b[1]))
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))


class ShapeTools(QObject):
    def __init__(self, window, grid: float = 0.1, tolerance: float = 0.15):
        super().__init__(window)
        self.window = window
        self.grid, self.tolerance = grid, tolerance
        self.tool: str | None = None
        self.area_kind = "waiting" if "waiting" in AREA_KINDS else next(iter(AREA_KINDS))
        self.wall_thickness = 0.2
        self.points: list[tuple[float, float]] = []
        self.preview: QGraphicsPathItem | None = None
        self.actions: dict[str, QAction] = {}
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("shape_tools")
        group = QActionGroup(self)
        group.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
        for key in LABELS:
            a = QAction(self)
            a.setCheckable(True)
            a.triggered.connect(lambda checked, k=key: self.set_tool(k if checked else None))
            group.addAction(a)
            self.toolbar.addAction(a)
            self.actions[key] = a
        self.kind_box = QComboBox()
        for code in AREA_KINDS:
            self.kind_box.addItem(code, code)
        self.kind_box.setCurrentIndex(max(0, self.kind_box.findData(self.area_kind)))
        self.kind_box.currentIndexChanged.connect(lambda i: setattr(self, "area_kind", self.kind_box.itemData(i)))
        self.toolbar.addWidget(self.kind_box)
        vp = window.view.viewport()
        vp.setMouseTracking(True)
        vp.installEventFilter(self)

    # --- tool state -------------------------------------------------------------------------------------
    def set_tool(self, tool: str | None) -> None:
        """Activate a shape tool (None: back to the window's own tools)."""
        self.cancel()
        self.tool = tool
        if tool is not None:
            self.window.set_tool("select")  # the window's placing tools stay out of the way
        for k, a in self.actions.items():
            a.setChecked(k == tool)

    def retranslate(self, lang: str) -> None:
        zh = lang == "zh"
        for key, a in self.actions.items():
            a.setText(tr(CONTEXT, LABELS[key], lang))
            a.setToolTip(tr(CONTEXT, TIPS[key], lang))
        self.toolbar.setWindowTitle(tr(CONTEXT, "Shapes", lang))
        self.kind_box.setToolTip(tr(CONTEXT, "Kind of the areas drawn", lang))
        for i in range(self.kind_box.count()):
            info = AREA_KINDS[self.kind_box.itemData(i)]
            self.kind_box.setItemText(i, info.zh if zh else info.en)

    def cancel(self) -> None:
        self.points = []
        self._clear_preview()

    def snapped(self, p):
        verts, edges = layout_snap_targets(self.window.layout)
        prev = self.points[-1] if self.points and self.tool in MULTI_CLICK else None
        q, how = snap(
            (float(p[0]), float(p[1])),
            grid=self.grid,
            vertices=verts,
            edges=edges,
            tolerance=self.tolerance,
            previous=prev,
        )
        if how == "edge" and self.grid > 0:
            # on an edge, prefer the grid point of that edge when there is one (walls along axes)
            g = snap_to_grid(q, self.grid)
            if any(math.dist(g, nearest_on_segment(g, a, b)) < 1e-9 for a, b in edges):
                q = g
        return (round(q[0], 6), round(q[1], 6))

    # --- input ------------------------------------------------------------------------------------
    def click(self, p) -> None:
        """A click at plan point p with the active tool."""
        if self.tool is None:
            return
        q = self.snapped(p)
        if self.points and q == self.points[-1]:
            return
        self.points.append(q)
        if self.tool in TWO_CLICK and len(self.points) == 2:
            self.finish()
        else:
            self._update_preview(q)

    def finish(self) -> str | None:
        """Turn the points into an element and push it; returns its id (None if too few points)."""
        pts, tool = list(self.points), self.tool
        self.cancel()
        lay = self.window.layout
        e = None
        if tool == "area_rect" and len(pts) == 2:
            e = Area(lay.new_id("area"), polygon=rect_points(*pts), area_kind=self.area_kind)
        elif tool == "area_polygon" and len(pts) >= 3:
            e = Area(lay.new_id("area"), polygon=tuple(pts), area_kind=self.area_kind)
        elif tool == "wall" and len(pts) >= 2:
            e = Wall(lay.new_id("wall"), points=tuple(pts), thickness=self.wall_thickness)
        elif tool == "post" and len(pts) == 2:
            e = C.AddPost(lay, rect_points(*pts)).element
        elif tool == "entrance" and len(pts) == 2:
            e = Entrance(lay.new_id("entrance"), a=pts[0], b=pts[1])
        if e is None:
            return None
        if e.geometry.is_empty or (hasattr(e, "polygon") and e.geometry.area <= 1e-9):
            return None
        self.window.push(C.AddElement(e, text=f"Add {e.type.replace('_', ' ')} {e.id}"))
        self.window.select_ids([e.id])
        return e.id

    def eventFilter(self, obj, event):
        if self.tool is None or not (shiboken6.isValid(self.window) and shiboken6.isValid(self.window.view)):
            return False
        if self.window.tool != "select":
            # the window's own placing tool was chosen since: it takes the clicks
            self.cancel()
            self.tool = None
            for a in self.actions.values():
                a.setChecked(False)
            return False
        t = event.type()
        if t in (QEvent.MouseButtonPress, QEvent.MouseButtonDblClick, QEvent.MouseMove):
            sp = self.window.view.mapToScene(event.position().toPoint())
            p = (sp.x(), -sp.y())
            if t == QEvent.MouseMove:
                if self.points:
                    self._update_preview(self.snapped(p))
                return False
            if event.button() == Qt.RightButton:
                if self.tool in MULTI_CLICK:
                    self.finish()
                else:
                    self.cancel()
                return True
            if event.button() != Qt.LeftButton:
                return False
            if t == QEvent.MouseButtonDblClick:
                if self.tool in MULTI_CLICK:
                    self.click(p)  # the double-clicked point is the last vertex (a repeat is ignored)
                    self.finish()
                return True
            self.click(p)
            return True
        if t == QEvent.KeyPress:
            k = event.key()
            if k in (Qt.Key_Return, Qt.Key_Enter) and self.tool in MULTI_CLICK:
                self.finish()
                return True
            if k == Qt.Key_Escape:
                if self.points:
                    self.cancel()
                else:
                    self.set_tool(None)
                return True
            if k == Qt.Key_Backspace and self.points:
                self.points.pop()
                self._update_preview(self.points[-1] if self.points else None)
                return True
        return False

    # --- preview (a scene item, never part of the model) -----------------------------------------------
    def _clear_preview(self):
        if self.preview is not None and shiboken6.isValid(self.preview) and self.preview.scene() is not None:
            self.preview.scene().removeItem(self.preview)
        self.preview = None

    def _update_preview(self, cursor):
        if not self.points:
            self._clear_preview()
            return
        pts = list(self.points)
        if self.tool in ("area_rect", "post") and cursor is not None:
            pts = list(rect_points(pts[0], cursor)) + [rect_points(pts[0], cursor)[0]]
        elif cursor is not None:
            pts.append(cursor)
        path = QPainterPath(QPointF(pts[0][0], -pts[0][1]))
        for x, y in pts[1:]:
            path.lineTo(x, -y)
        if self.preview is None or not shiboken6.isValid(self.preview) or self.preview.scene() is None:
            self.preview = QGraphicsPathItem()
            pen = QPen(QColor("#1f77b4"))
            pen.setCosmetic(True)
            pen.setWidthF(1.5)
            pen.setStyle(Qt.DashLine)
            self.preview.setPen(pen)
            self.preview.setZValue(50)
            self.preview.setData(0, "preview")
            self.window.scene.addItem(self.preview)
        self.preview.setPath(path)


__all__ = ["ShapeTools", "rect_points", "LABELS"]
