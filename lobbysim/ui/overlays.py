"""Result overlays on the plan (issue 9): where customers spent their time, the customer flows
and the staff paths of the last simulation, drawn over the drawing in the editor.

Each is a toggle in the View menu. They show the variant whose layout is in the editor
(variant "A" of a run, the editor's side of a comparison) on the Results dock's day, from the
records the run kept; they are drawn again when a new result arrives and removed when switched
off. They lie above the floor, areas, fixtures and posts and below the replay markers, ignore
the mouse, and use cosmetic pens so that lines keep their width at any zoom. Scene decorations
only, never part of the model.
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np
import shiboken6
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsPixmapItem

from lobbysim.report.results_charts import records_for

from .i18n_text import tr
from .legend import Entry

#: the context of this module's texts in lobbysim/ui/i18n/lobbysim_zh_CN.ts (English source texts)
CONTEXT = "ResultOverlays"
#: overlay -> English text of its View-menu toggle
LAYERS = {
    "heat": "Result: occupancy heat map",
    "flows": "Result: customer flow lines",
    "staff": "Result: staff paths",
}


def _t(text: str, lang: str) -> str:
    return tr(CONTEXT, text, lang)


#: why a customer walks (the records' purposes) -> English words for the flow lines' tool tips
PURPOSES = {
    "to_ticket": "to the ticket dispenser",
    "to_seat": "to a seat",
    "to_stand": "to a place to stand",
    "to_counter": "to the counter",
    "to_machine": "to a machine",
    "to_exit": "leaving",
}

#: above areas (0), boundary, walls, fixtures, seats, entrance and posts (1-6); below the replay markers (20)
Z = {"heat": 7.0, "flows": 8.0, "staff": 9.0}
CELL = 0.25  # metres per heat-map pixel
HEAT_ALPHA = (0.3, 0.75)  # opacity of the faintest and the busiest cell


def _path(points) -> QPainterPath:
    p = QPainterPath()
    x, y = points[0]
    p.moveTo(x, -y)
    for x, y in points[1:]:
        p.lineTo(x, -y)
    return p


def _offset(points, d: float):
    """The polyline moved ``d`` metres to its left (bundled flows of several businesses side by side)."""
    if abs(d) < 1e-9 or len(points) < 2:
        return points
    from shapely.geometry import LineString

    try:
        g = LineString(points).offset_curve(d, join_style="mitre", mitre_limit=2.0)
    except Exception:  # noqa: BLE001 - a degenerate path is drawn where it is
        return points
    if g.is_empty or g.geom_type != "LineString":
        return points
    return list(g.coords)


def heat_image(grid: np.ndarray, inside: np.ndarray | None = None):
    """RGBA bytes (rows top = highest y) of an occupancy grid (rows y upwards): the report's
    YlOrRd colours on a log scale, more opaque where customers spend more time, clear where
    nobody was or outside the plan. Returns (uint8 array h x w x 4, vmax)."""
    import matplotlib
    from matplotlib.colors import LogNorm

    vmax = float(grid.max()) if grid.size else 0.0
    if vmax <= 0:
        return None, 0.0
    vmin = max(vmax / 1000.0, 0.05)
    if vmin >= vmax:
        vmin = vmax / 10
    norm = LogNorm(vmin=vmin, vmax=vmax)
    t = np.clip(np.asarray(norm(np.clip(grid, vmin, vmax)), dtype=float), 0.0, 1.0)
    rgba = matplotlib.colormaps["YlOrRd"](0.15 + 0.85 * t)
    a0, a1 = HEAT_ALPHA
    alpha = a0 + (a1 - a0) * t
    alpha[grid < vmin] = 0.0
    if inside is not None:
        alpha[~inside] = 0.0
    rgba[..., 3] = alpha
    return np.ascontiguousarray((rgba[::-1] * 255).round().astype(np.uint8)), vmax


class ResultOverlays:
    """The three result overlays of an editor window; their View-menu toggles are the window's
    actions ``overlay_heat``, ``overlay_flows`` and ``overlay_staff``."""

    STALE_OPACITY = 0.35

    def __init__(self, window):
        self.window = window
        self.items: dict[str, list[QGraphicsItem]] = {k: [] for k in LAYERS}
        self.info: dict[str, str] = {}
        #: which overlays are switched on
        self.on: dict[str, bool] = dict.fromkeys(LAYERS, False)
        #: the drawing was edited since the result arrived: the overlays are drawn faded
        self.stale = False
        window.sim.result_changed.connect(self._on_result)
        window.undo_stack.indexChanged.connect(self._edited)

    def enabled(self, key: str) -> bool:
        return self.on[key]

    def set_enabled(self, key: str, on: bool) -> None:
        """Switch an overlay on or off (its View-menu toggle follows)."""
        self.on[key] = bool(on)
        action = self.window.menu_actions.get(f"overlay_{key}")
        if action is not None and action.isChecked() != bool(on):
            action.blockSignals(True)
            action.setChecked(bool(on))
            action.blockSignals(False)
        self._clear(key)
        if on:
            self._draw(key)
            self._fade()

    def retranslate(self, lang: str) -> None:
        self.refresh()  # tool tips and legends in the new language

    def _edited(self, *_) -> None:
        """An edit after the run: the overlays no longer match the drawing; fade them and say so."""
        if self.stale or not any(self.items.values()):
            return
        self.stale = True
        self._fade()
        self._status(
            _t(
                "The overlays show the last run, from before your latest edits: run again to update them.",
                self.window.lang,
            )
        )

    def _fade(self) -> None:
        for items in self.items.values():
            for it in items:
                if shiboken6.isValid(it):
                    it.setOpacity(self.STALE_OPACITY if self.stale else 1.0)

    def _on_result(self) -> None:
        self.stale = False
        self.refresh()

    def refresh(self) -> None:
        """Draw every overlay that is on from the current result (none when there is none)."""
        for key in LAYERS:
            self._clear(key)
            if self.on[key]:
                self._draw(key)
        self._fade()

    # --- what to draw -------------------------------------------------------------------------------------
    def source(self):
        """(layout, records of the day, variant, day) for the drawing in the editor, or None
        when there is no result, the run kept no records, or the result is of another drawing."""
        w = self.window
        res = w.sim.result
        if res is None or not res.variants:
            return None
        variant = next((v for v, lay in w.sim.variant_layouts.items() if lay is w.layout), None)
        if variant is None:
            return None
        day = w.results.current_day() or w.sim.current_day()
        if day not in res.days:
            day = res.days[0]
        recs = records_for(res, variant, day)
        if not recs:
            return None
        return w.layout, recs, variant, day

    def _clear(self, key: str) -> None:
        for it in self.items[key]:
            if shiboken6.isValid(it) and it.scene() is not None:
                it.scene().removeItem(it)
        self.items[key] = []
        self.info.pop(key, None)
        self.window.legend.clear_section(key)

    def _add(self, key: str, item: QGraphicsItem) -> None:
        item.setZValue(Z[key])
        item.setAcceptedMouseButtons(Qt.NoButton)
        item.setAcceptHoverEvents(False)
        item.setData(0, f"result_{key}")
        self.window.scene.addItem(item)
        self.items[key].append(item)

    def _draw(self, key: str) -> None:
        src = self.source()
        lang = self.window.lang
        if src is None:
            self._status(_t("No simulation result of this drawing to show: run a simulation first.", lang))
            return
        layout, recs, variant, day = src
        try:
            {"heat": self._draw_heat, "flows": self._draw_flows, "staff": self._draw_staff}[key](layout, recs)
        except Exception as exc:  # noqa: BLE001 - an overlay that cannot be drawn is explained, never a crash
            self._clear(key)
            self._status(f"{_t(LAYERS[key], lang)}: {type(exc).__name__}: {exc}")
            return
        if key in self.info:
            self._status(self.info[key])

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 10000)

    # --- the three overlays ---------------------------------------------------------------------------------
    def _draw_heat(self, layout, recs) -> None:
        import shapely

        from lobbysim.report.figures import occupancy_grid

        b = layout.boundary
        if b is None or b.geometry.is_empty:
            return
        x0, y0, x1, y1 = b.geometry.bounds
        grid = occupancy_grid(layout, recs, (x0, x1, y0, y1), cell=CELL)
        ny, nx = grid.shape
        cx = x0 + (np.arange(nx) + 0.5) * CELL
        cy = y0 + (np.arange(ny) + 0.5) * CELL
        X, Y = np.meshgrid(cx, cy)
        inside = shapely.contains_xy(b.geometry, X, Y)
        img, vmax = heat_image(grid, inside)
        if img is None:
            return
        qimg = QImage(img.data, nx, ny, 4 * nx, QImage.Format_RGBA8888).copy()
        item = QGraphicsPixmapItem(QPixmap.fromImage(qimg))
        item.setTransformationMode(Qt.SmoothTransformation)
        item.setShapeMode(QGraphicsPixmapItem.BoundingRectShape)
        item.setScale(CELL)
        item.setPos(QPointF(x0, -(y0 + ny * CELL)))
        self._add("heat", item)
        lang = self.window.lang
        self.info["heat"] = _t(
            "Occupancy: customer-minutes per m² per day, peak {peak:.0f} (mean of {reps} replications)", lang
        ).format(peak=vmax, reps=len(recs))
        import matplotlib

        cmap = matplotlib.colormaps["YlOrRd"]
        self.window.legend.set_section(
            "heat",
            _t("Occupancy (customer-minutes per m² a day)", lang),
            [
                Entry(matplotlib.colors.to_hex(cmap(0.15 + 0.85 * f)), f"{vmax * f:.0f}" if f else "0", "box")
                for f in (1.0, 0.5, 0.1)
            ],
        )

    def _draw_flows(self, layout, recs) -> None:
        from lobbysim.report.figures import business_colours, customer_flows

        flows = customer_flows(recs)
        if not flows:
            return
        order = list(dict.fromkeys(c.business for r in recs for c in r.customers))
        colours = business_colours(order)
        present = [b for b in order if any(f.business == b for f in flows)]
        offsets = {b: (i - (len(present) - 1) / 2) * 0.13 for i, b in enumerate(present)}
        top = max(f.per_day for f in flows)
        lang = self.window.lang
        names = self.window.sim.business_names(lang) or {}
        for f in sorted(flows, key=lambda f: -f.per_day):  # thick first, thin on top
            if f.per_day < 0.005 * top or len(f.path) < 2:
                continue
            leaving = f.purpose == "to_exit"
            c = QColor(colours.get(f.business, "#555555"))
            c.setAlphaF(0.4 if leaving else 0.7)
            pen = QPen(c)
            pen.setCosmetic(True)
            pen.setWidthF((1.0 + 9.0 * f.per_day / top) * (0.6 if leaving else 1.0))
            pen.setCapStyle(Qt.RoundCap)
            pen.setJoinStyle(Qt.RoundJoin)
            if leaving:
                pen.setStyle(Qt.DashLine)
            item = QGraphicsPathItem(_path(_offset(list(f.path), offsets.get(f.business, 0.0))))
            item.setPen(pen)
            purpose = _t(PURPOSES[f.purpose], lang) if f.purpose in PURPOSES else f.purpose
            item.setToolTip(
                _t("{business} ({purpose}): {per_day:.1f} a day", lang).format(
                    business=names.get(f.business, f.business), purpose=purpose, per_day=f.per_day
                )
            )
            self._add("flows", item)
        self.info["flows"] = _t("Customer flows: width by customers a day, colour by business, dashed: leaving", lang)
        entries = [Entry(colours[b], names.get(b, b), "line") for b in present]
        entries.append(Entry("#555555", _t(PURPOSES["to_exit"], lang), "dash"))
        self.window.legend.set_section("flows", _t("Customer flows (width: customers a day)", lang), entries)

    def _draw_staff(self, layout, recs) -> None:
        from lobbysim.report.figures import ROLE_COLOURS, ROLE_LABELS

        walks: dict[str, list] = defaultdict(list)
        for w in recs[0].walks:  # one day as walked, like the spaghetti chart
            if w.actor == "staff" and len(w.path) >= 2:
                walks[w.actor_id].append(w)
        lang = self.window.lang
        seen_in_role: dict[str, int] = defaultdict(int)
        for sid in sorted(walks, key=lambda s: (walks[s][0].group, s)):
            ws = sorted(walks[sid], key=lambda w: w.start)
            role = ws[0].group
            path = QPainterPath()
            last = None
            for w in ws:
                pts = list(w.path)
                if last is None or math.dist(last, pts[0]) > 0.5:
                    path.moveTo(pts[0][0], -pts[0][1])  # a jump (not walked): no line across it
                for x, y in pts[1:]:
                    path.lineTo(x, -y)
                last = pts[-1]
            i = seen_in_role[role]
            seen_in_role[role] += 1
            c = QColor(ROLE_COLOURS.get(role, "#333333"))
            if i:  # several staff of one role: alternately darker and lighter shades of its colour
                c = c.darker(100 + 30 * ((i + 1) // 2)) if i % 2 else c.lighter(100 + 25 * (i // 2))
            c.setAlphaF(0.7)
            pen = QPen(c)
            pen.setCosmetic(True)
            pen.setWidthF(1.6)
            pen.setJoinStyle(Qt.RoundJoin)
            item = QGraphicsPathItem(path)
            item.setPen(pen)
            metres = sum(w.metres for w in ws)
            zh, en = ROLE_LABELS.get(role, (role, role))  # the report's role names (data, not interface text)
            item.setToolTip(f"{sid} · {zh if lang == 'zh' else en} · {metres:.0f} m")
            self._add("staff", item)
        roles = list(dict.fromkeys(walks[s][0].group for s in sorted(walks, key=lambda s: (walks[s][0].group, s))))
        zh = lang == "zh"
        self.window.legend.set_section(
            "staff",
            _t("Staff paths", lang),
            [Entry(ROLE_COLOURS.get(r, "#333333"), ROLE_LABELS.get(r, (r, r))[0 if zh else 1], "line") for r in roles],
        )
        total = sum(w.metres for ws in walks.values() for w in ws)
        self.info["staff"] = _t("Staff paths: {n} staff, {metres:.0f} m in all (replication 1)", lang).format(
            n=len(walks), metres=total
        )


__all__ = ["ResultOverlays", "heat_image", "LAYERS", "Z"]
