"""The plan on a QGraphicsScene: one item per model element, kept in step with the model.

The scene never changes the model itself: it draws what the layout holds and rebuilds an
element's item when the layout reports a Change. Scene coordinates are metres with y
pointing down (scene y = -plan y), so text stays upright. A drag moves items visually; on
release the scene reports the move, and the window pushes one model command for it.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainterPath, QPainterPathStroker, QPen, QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsScene, QGraphicsSimpleTextItem

from lobbysim.model.elements import Area, Boundary, Entrance, Fixture, Pillar, Post, SeatBlock, Wall


def two_lines(text: str) -> str | None:
    """The text broken in two near its middle (at a space, or between Chinese characters)."""
    if "\n" in text or len(text) < 4:
        return None
    mid = len(text) / 2
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    if spaces:
        i = min(spaces, key=lambda i: abs(i - mid))
        return text[:i] + "\n" + text[i + 1 :]
    if any("\u4e00" <= ch <= "\u9fff" for ch in text):
        i = round(mid)
        return text[:i] + "\n" + text[i:]
    return None


def _point(x, y):
    from shapely.geometry import Point

    return Point(x, y)


Z = {"area": 0, "boundary": 1, "post": 6, "wall": 3, "pillar": 3, "fixture": 4, "seat_block": 4, "entrance": 5}


def geometry_path(geom) -> QPainterPath:
    path = QPainterPath()
    polys = getattr(geom, "geoms", [geom])
    for g in polys:
        if g.is_empty:
            continue
        if g.geom_type == "LineString":
            pts = list(g.coords)
            path.moveTo(pts[0][0], -pts[0][1])
            for x, y in pts[1:]:
                path.lineTo(x, -y)
            continue
        for ring in [g.exterior, *g.interiors]:
            pts = list(ring.coords)
            path.moveTo(pts[0][0], -pts[0][1])
            for x, y in pts[1:]:
                path.lineTo(x, -y)
            path.closeSubpath()
    return path


SEAT_FILL, SEAT_EDGE = "#cfe3ee", "#3d6e8c"


def seats_path(block) -> QPainterPath:
    """Every seat of a seat block as a small square with its back towards the rear of the row."""
    path = QPainterPath()
    w, d = block.size
    seat, back = block.seat_width * 0.86, block.bench_depth
    for r in range(block.rows):
        y = d / 2 - back / 2 - r * block.row_pitch
        for i in range(block.seats_per_row):
            x = -w / 2 + (i + 0.5) * block.seat_width
            corners = [(x - seat / 2, y - back / 2), (x + seat / 2, y - back / 2), (x + seat / 2, y + back / 2)]
            corners.append((x - seat / 2, y + back / 2))
            pts = [block.to_world(px, py) for px, py in corners]
            path.moveTo(pts[0][0], -pts[0][1])
            for px, py in pts[1:]:
                path.lineTo(px, -py)
            path.closeSubpath()
            bx0, by = block.to_world(x - seat / 2, y - back / 2 + back * 0.22)  # the seat's back rest
            bx1, by1 = block.to_world(x + seat / 2, y - back / 2 + back * 0.22)
            path.moveTo(bx0, -by)
            path.lineTo(bx1, -by1)
    return path


class ElementItem(QGraphicsPathItem):
    """The drawing of one element; ``element_id`` links it to the model."""

    def __init__(self, element, lang: str = "en", labels: bool = True):
        super().__init__()
        self.element_id = element.id
        self.element_type = element.type
        self.setPath(geometry_path(element.geometry))
        self.setZValue(Z.get(element.type, 2))
        pen = QPen(QColor("#333333"))
        pen.setCosmetic(True)
        # a hairline (one pixel): Qt's hit shape then is the geometry itself (a wider cosmetic pen
        # counts as metres there and hollowed small fixtures, so clicks fell through them)
        pen.setWidthF(0.0)
        brush = QBrush(Qt.NoBrush)
        label = ""
        if isinstance(element, Area):
            brush = QBrush(QColor(element.kind_info.color))
            pen = QPen(Qt.NoPen)
            label = (
                element.label_for(lang)
                if element.name_zh or element.name_en
                else (element.kind_info.zh if lang == "zh" else element.kind_info.en)
            )
        elif isinstance(element, Boundary):
            pen.setWidthF(3.0)
        elif isinstance(element, (Wall, Pillar)):
            brush = QBrush(QColor("#333333"))
        elif isinstance(element, Fixture):
            brush = QBrush(QColor(element.kind_info.color))
            label = element.label_for(lang) if lang != "both" else (element.name_zh or element.name_en)
        elif isinstance(element, SeatBlock):
            # each seat drawn (a bench of seats reads as waiting seats, not as one more desk)
            self.setPath(seats_path(element))
            brush = QBrush(QColor(SEAT_FILL))
            pen = QPen(QColor(SEAT_EDGE))
            pen.setCosmetic(True)
        elif isinstance(element, Post):
            pen = QPen(QColor("#c0392b"))
            pen.setCosmetic(True)
            pen.setWidthF(2.0)
            pen.setStyle(Qt.DashLine)
            label = element.label_for(lang)
        elif isinstance(element, Entrance):
            pen = QPen(QColor("#2ca02c"))
            pen.setCosmetic(True)
            pen.setWidthF(6.0)
            label = element.label_for(lang)
        self.setPen(pen)
        self.setBrush(brush)
        self.setToolTip(element.label_for(lang) if lang != "both" else element.label_for("zh"))
        movable = not isinstance(element, Boundary)
        self.setFlag(QGraphicsItem.ItemIsSelectable, True)
        self.setFlag(QGraphicsItem.ItemIsMovable, movable)
        self.label: QGraphicsSimpleTextItem | None = None
        if label and (labels or not isinstance(element, Fixture)):
            t = QGraphicsSimpleTextItem(label, self)
            # a click on the name is a click on the element (a label taking it made the click
            # fall through to the boundary underneath)
            t.setAcceptedMouseButtons(Qt.NoButton)
            self.label = t
            self.label_text = label
            f = QFont()
            f.setPointSizeF(7 if isinstance(element, Fixture) else 8)
            t.setFont(f)
            t.setFlag(QGraphicsItem.ItemIgnoresTransformations, True)
            c = element.geometry.representative_point()
            if isinstance(element, Post):
                t.setBrush(QBrush(QColor("#c0392b")))
            if isinstance(element, Entrance):
                mx, my = element.midpoint
                t.setPos(QPointF(mx, -my + 0.2))
            else:
                t.setPos(QPointF(c.x, -c.y))
            br = t.boundingRect()  # centre the label on its anchor (in screen pixels)
            t.setTransform(QTransform.fromTranslate(-br.width() / 2, -br.height() / 2))


class LineHitItem(ElementItem):
    """The boundary, a post zone or a door: hit along its line only (see ``hit_shape``), so a
    click inside a post zone reaches what lies there. Only these few items override ``shape``
    (a Python override costs on every redraw)."""

    def __init__(self, element, lang: str = "en", labels: bool = True):
        super().__init__(element, lang, labels)
        self._shape = hit_shape(self.path(), element)

    def shape(self):
        return self._shape


#: metres either side of a line (door, outline) within which a click hits it
HIT_BAND = 0.15


def hit_shape(path: QPainterPath, element) -> QPainterPath:
    """Where a click hits a door, the boundary or a post zone: a band of HIT_BAND metres along
    its line, so a click inside a post zone or on the empty floor reaches what lies there (or
    starts a rubber band). Qt's default shape would add the thick cosmetic pen as metres."""
    stroker = QPainterPathStroker()
    stroker.setWidth(2 * HIT_BAND)
    band = stroker.createStroke(path)
    band.setFillRule(Qt.WindingFill)
    return band


def snapped_offset(x: float, y: float, step: float) -> tuple[float, float]:
    """A drag offset rounded to the snapping step (metres); unchanged when step <= 0."""
    if step <= 0:
        return x, y
    return round(x / step) * step, round(y / step) * step


class LabelPlacer:
    """Places the plan's labels for one zoom: post names first (in a corner of their zone), then
    door names (outside the door), area names, then fixture names. Each label takes the first
    spot, and the first wording (one line, or two), that crosses no label placed before it, no
    wall or pillar and not the outline; among those it prefers spots covering the least
    furniture. A label with no such spot is hidden (the element's tool tip still names it)."""

    ORDER = {"post": 0, "entrance": 1, "area": 2, "fixture": 3, "seat_block": 3}
    MARGIN = 0.12  # metres between a label and the edge of its area or zone

    def __init__(self, scene, px_per_m: float):
        self.scene, self.s = scene, px_per_m

    def place(self) -> None:
        """Measure every wording and list every candidate spot, test all their boxes against the
        walls and the furniture at once (that does not depend on the order), then take the labels
        in order, each avoiding the labels placed before it."""
        import numpy as np

        layout = self.scene.layout
        items = sorted(
            (i for i in self.scene.items_by_id.values() if i.label is not None),
            key=lambda i: self.ORDER.get(i.element_type, 2),
        )
        options = []  # per item: [(text, first row in boxes, number of spots, spots)]
        rows: list[tuple[float, float, float, float]] = []
        owners: list[str] = []
        for item in items:
            e = layout.get(item.element_id)
            full = item.label_text
            texts = [full] + ([two_lines(full)] if item.element_type in ("area", "fixture") and two_lines(full) else [])
            opts = []
            for text in texts:
                item.label.setText(text)
                br = item.label.boundingRect()
                w, h = br.width() / self.s, br.height() / self.s
                spots = self._spots(item, e, w, h)
                opts.append((text, len(rows), len(spots), spots))
                rows += [(cx - w / 2, -cy - h / 2, cx + w / 2, -cy + h / 2) for cx, cy in spots]
                owners += [item.element_id] * len(spots)
            options.append(opts)
        boxes = np.array(rows, dtype=float).reshape(-1, 4)
        blocked, covered = self._barrier_and_furniture(boxes, np.array(owners, dtype=object))
        placed = np.empty((0, 4))  # the boxes of the labels placed so far
        for item, opts in zip(items, options):
            best = self._choose(opts, boxes, blocked, covered, placed)
            t = item.label
            t.setVisible(best is not None)
            # a name that lies partly over other furniture is drawn above it: its element is raised
            # over its neighbours (which it does not overlap), else a counter drawn later hid its end
            raised = best is not None and best[0][0] > 0 and item.element_type in ("fixture", "seat_block")
            item.setZValue(Z.get(item.element_type, 2) + (0.5 if raised else 0.0))
            if best is not None:
                _, cx, cy, row, text = best
                if t.text() != text:
                    t.setText(text)
                br = t.boundingRect()  # centre the label on its spot (in screen pixels)
                t.setTransform(QTransform.fromTranslate(-br.width() / 2, -br.height() / 2))
                t.setPos(QPointF(cx, cy))
                placed = np.vstack([placed, boxes[row]])
        # the extent of the shown labels (plan metres: x0, y0, x1, y1), for fitting the view to it
        self.scene.label_bounds = (
            (float(placed[:, 0].min()), float(placed[:, 1].min()), float(placed[:, 2].max()), float(placed[:, 3].max()))
            if len(placed)
            else None
        )

    @staticmethod
    def _choose(opts, boxes, blocked, covered, placed):
        """(score, x, y, row, text) of a label's best spot among its wordings ``opts``: free of
        walls and of the ``placed`` labels' boxes (touching counts as crossing), least covered,
        then the first wording and spot; None when no spot is free."""
        import numpy as np

        best = None
        for n_text, (text, start, n, spots) in enumerate(opts):
            free = ~blocked[start : start + n]
            if len(placed):
                r = boxes[start : start + n, None, :]
                free &= ~(
                    (r[..., 0] <= placed[:, 2])
                    & (placed[:, 0] <= r[..., 2])
                    & (r[..., 1] <= placed[:, 3])
                    & (placed[:, 1] <= r[..., 3])
                ).any(axis=1)
            if not free.any():
                continue
            idx = np.flatnonzero(free)
            k = int(idx[np.argmin(covered[start + idx])])  # the first of the least covered
            score = (float(covered[start + k]), n_text, k)
            if best is None or score < best[0]:
                best = (score, *spots[k], start + k, text)
            if score[0] == 0.0:
                break
        return best

    def _barrier_and_furniture(self, boxes, owners):
        """For plan-metre boxes (x0, y0, x1, y1): whether each touches a wall, a pillar or the
        outline, and the share of it over furniture other than its owner's element (to 0.01)."""
        import numpy as np
        import shapely

        layout = self.scene.layout
        geoms = shapely.box(boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3])
        lines = [w.geometry for w in layout.walls()] + [p.geometry for p in layout.pillars()]
        b = layout.boundary
        if b is not None and not b.geometry.is_empty:
            lines.append(b.geometry.exterior)
        blocked = np.zeros(len(boxes), dtype=bool)
        if lines and len(boxes):
            hit, _ = shapely.STRtree(lines).query(geoms, predicate="intersects")
            blocked[hit] = True
        furniture = [e for e in layout if e.type in ("fixture", "seat_block")]
        area = np.zeros(len(boxes))
        if furniture and len(boxes):
            ids = np.array([e.id for e in furniture], dtype=object)
            shapes = np.array([e.geometry for e in furniture], dtype=object)
            g, f = shapely.STRtree(shapes).query(geoms)
            keep = (ids[f] != owners[g]) & ~blocked[g]  # a blocked box is never taken
            g, f = g[keep], f[keep]
            # a rectangle's overlap with a box from their bounds; shapely for other shapes
            fb = shapely.bounds(shapes)
            rect = np.isclose(shapely.area(shapes), (fb[:, 2] - fb[:, 0]) * (fb[:, 3] - fb[:, 1]), rtol=1e-9)
            over = np.zeros(len(g))
            r, bb, fr = rect[f], boxes[g], fb[f]
            w = np.minimum(bb[:, 2], fr[:, 2]) - np.maximum(bb[:, 0], fr[:, 0])
            h = np.minimum(bb[:, 3], fr[:, 3]) - np.maximum(bb[:, 1], fr[:, 1])
            over[r] = (np.maximum(w, 0) * np.maximum(h, 0))[r]
            if (~r).any():
                over[~r] = shapely.area(shapely.intersection(geoms[g[~r]], shapes[f[~r]]))
            area = np.bincount(g, weights=over, minlength=len(boxes))
        size = np.maximum((boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1]), 1e-12)
        return blocked, np.round(area / size, 2)

    def _spots(self, item, e, w, h) -> list[tuple[float, float]]:
        """Candidate label centres (scene coordinates) in order of preference."""
        m = self.MARGIN
        if isinstance(e, Entrance):
            mx, my = e.midpoint
            dx, dy = e.b[0] - e.a[0], e.b[1] - e.a[1]
            n = (dx * dx + dy * dy) ** 0.5 or 1.0
            nx, ny = -dy / n, dx / n
            gap = 0.25 + (abs(nx) * w + abs(ny) * h) / 2
            b = self.scene.layout.boundary
            spots = [(mx + sgn * nx * gap, my + sgn * ny * gap) for sgn in (1, -1)]
            spots.sort(key=lambda p: b is not None and b.geometry.contains(_point(*p)))  # outside first
            return [(x, -y) for x, y in spots]
        if e is None:
            return []
        x0, y0, x1, y1 = e.geometry.bounds  # plan metres
        inner = [
            (x0 + m + w / 2, y1 - m - h / 2),
            (x1 - m - w / 2, y1 - m - h / 2),
            (x0 + m + w / 2, y0 + m + h / 2),
            (x1 - m - w / 2, y0 + m + h / 2),
        ]
        if isinstance(e, Post):
            return [(x, -y) for x, y in inner]
        c = e.geometry.representative_point()
        centre = (c.x, c.y)
        if item.element_type == "area":
            xm, ym = (x0 + x1) / 2, (y0 + y1) / 2
            sides = [(xm, y1 - m - h / 2), (xm, y0 + m + h / 2), (x0 + m + w / 2, ym), (x1 - m - w / 2, ym)]
            return [(x, -y) for x, y in [centre, *inner, *sides]]
        # a fixture: on it, else just beside it (above, below, right, left)
        g = 0.08
        around = [
            (centre[0], y1 + g + h / 2),
            (centre[0], y0 - g - h / 2),
            (x1 + g + w / 2, centre[1]),
            (x0 - g - w / 2, centre[1]),
        ]
        return [(x, -y) for x, y in [centre, *around]]


class PlanScene(QGraphicsScene):
    """Draws a layout and follows its changes."""

    #: a drag moves elements in steps of this many metres (hold Alt for a free move)
    SNAP_STEP = 0.05

    #: ids of the items dragged, and the move in plan metres (dx, dy)
    moved = Signal(list, float, float)

    def __init__(self, layout, lang: str = "en"):
        super().__init__()
        self.lang = lang
        self.items_by_id: dict[str, ElementItem] = {}
        self.fixture_labels = True
        self._press_pos: dict[str, QPointF] = {}
        #: bumped whenever items change, so the view knows to place the labels again
        self.label_revision = 0
        #: the outline's box with a margin (scene coordinates; None without an outline), and the
        #: extent of the labels last placed (plan metres x0, y0, x1, y1; None before or without labels)
        self.plan_rect: QRectF | None = None
        self.label_bounds: tuple[float, float, float, float] | None = None
        self.layout = None
        self.set_layout(layout)

    def set_layout(self, layout) -> None:
        if self.layout is not None:
            self.layout.unsubscribe(self.on_change)
        self.layout = layout
        layout.subscribe(self.on_change)
        self.rebuild()

    #: above this many fixtures their names are not drawn (a crowded plan stays readable and fast)
    MAX_LABELLED_FIXTURES = 300

    def rebuild(self) -> None:
        self.label_revision += 1
        self.fixture_labels = len(self.layout.fixtures()) <= self.MAX_LABELLED_FIXTURES
        for item in self.items_by_id.values():  # decorations (replay markers, overlays, the background) stay
            self.removeItem(item)
        self.items_by_id.clear()
        for e in self.layout:
            self._add(e)
        b = self.layout.boundary
        self.plan_rect = None
        if b is not None and not b.geometry.is_empty:
            x0, y0, x1, y1 = b.geometry.bounds
            self.plan_rect = QRectF(x0 - 2, -y1 - 2, (x1 - x0) + 4, (y1 - y0) + 4)
            self.setSceneRect(self.plan_rect)

    def _add(self, e) -> None:
        try:
            cls = LineHitItem if isinstance(e, (Boundary, Post, Entrance)) else ElementItem
            item = cls(e, self.lang, self.fixture_labels)
        except Exception:  # noqa: BLE001 - an element that cannot be drawn is still in the list and findings
            return
        self.addItem(item)
        self.items_by_id[e.id] = item

    def on_change(self, change) -> None:
        """The model changed: replace the element's item (the only way items change)."""
        self.label_revision += 1
        old = self.items_by_id.pop(change.element_id, None)
        selected = old.isSelected() if old is not None else False
        if old is not None:
            self.removeItem(old)
        if change.new is not None:
            self._add(change.new)
            item = self.items_by_id.get(change.element_id)
            if item is not None and selected:
                item.setSelected(True)

    # --- labels: none crosses another label, a wall or the outline; names avoid furniture -----------
    def place_labels(self, px_per_m: float) -> None:
        """Place and show or hide the labels for a view showing ``px_per_m`` pixels per metre
        (labels keep their size on screen; see ``LabelPlacer``)."""
        if px_per_m > 0:
            LabelPlacer(self, px_per_m).place()

    def label_rect(self) -> QRectF | None:
        """The labels last placed, as one scene rectangle (None when none is shown)."""
        if self.label_bounds is None:
            return None
        x0, y0, x1, y1 = self.label_bounds
        return QRectF(x0, -y1, x1 - x0, y1 - y0)

    def selected_ids(self) -> list[str]:
        return [i.element_id for i in self.selectedItems() if isinstance(i, ElementItem)]

    # --- drags: one model command per drag, reported on release ------------------------------
    def mousePressEvent(self, event):
        super().mousePressEvent(event)
        self._press_pos = {i.element_id: QPointF(i.pos()) for i in self.selectedItems() if isinstance(i, ElementItem)}

    def mouseMoveEvent(self, event):
        super().mouseMoveEvent(event)
        # a drag moves in SNAP_STEP steps (Alt: freely): items sit at (0, 0) until the model moves
        # them, so their position is the drag's offset
        if self._press_pos and event.buttons() & Qt.LeftButton and not event.modifiers() & Qt.AltModifier:
            for it in self.selectedItems():
                if isinstance(it, ElementItem) and it.flags() & QGraphicsItem.ItemIsMovable:
                    x, y = snapped_offset(it.pos().x(), it.pos().y(), self.SNAP_STEP)
                    if (x, y) != (it.pos().x(), it.pos().y()):
                        it.setPos(QPointF(x, y))

    def mouseReleaseEvent(self, event):
        super().mouseReleaseEvent(event)
        self.finish_drag()

    def finish_drag(self) -> None:
        """Turn the items' visual offset into a move of the model (pushed by the window)."""
        items = [i for i in self.selectedItems() if isinstance(i, ElementItem)]
        if not items:
            return
        d = items[0].pos() - self._press_pos.get(items[0].element_id, QPointF(0, 0))
        if abs(d.x()) < 1e-9 and abs(d.y()) < 1e-9:
            return
        ids = [i.element_id for i in items]
        for i in items:
            i.setPos(QPointF(0, 0))
        self._press_pos = {}
        self.moved.emit(ids, float(d.x()), float(-d.y()))
