"""The editor's main window: the plan, the element list, the inspector, live findings and
live walking distances, with every edit going through the model's commands on a QUndoStack."""

from __future__ import annotations

import math
import os
from pathlib import Path

import shiboken6
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QPainter, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QDockWidget,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGraphicsView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QWidget,
)

from lobbysim.errors import LobbysimError
from lobbysim.model import commands as C
from lobbysim.model.elements import Fixture, SeatBlock
from lobbysim.model.fileformat import load_layout, save_layout
from lobbysim.model.layout import Layout, LayoutMeta

from .i18n_text import I18N, tr, translator  # noqa: F401 - I18N and translator stay importable here
from .plan_scene import PlanScene

SAMPLE = Path(__file__).resolve().parents[2] / "layouts" / "railway_station" / "after.lobby.json"


def config_dir() -> Path:
    """Where settings and recovery copies live (the platform's place; LOBBYSIM_CONFIG_DIR overrides)."""
    import platformdirs

    d = Path(os.environ.get("LOBBYSIM_CONFIG_DIR") or platformdirs.user_config_dir("lobbysim", appauthor=False))
    d.mkdir(parents=True, exist_ok=True)
    return d


def settings() -> QSettings:
    return QSettings(str(config_dir() / "lobbysim.ini"), QSettings.IniFormat)


def recovery_dir() -> Path:
    d = config_dir() / "recovery"
    d.mkdir(parents=True, exist_ok=True)
    return d


class ModelCommand(QUndoCommand):
    """A model command on the Qt undo stack: redo applies it, undo reverts it."""

    def __init__(self, layout, command):
        super().__init__(command.text)
        self.layout = layout
        self.command = command

    def redo(self):
        self.command.apply(self.layout)

    def undo(self):
        self.command.revert(self.layout)


class PlanView(QGraphicsView):
    """The canvas: zoom with the wheel, a metre grid behind the plan, clicks handed to the
    active drawing tool."""

    GRID = 1.0  # metres between grid lines

    def __init__(self, scene, on_place=None):
        super().__init__(scene)
        self.on_place = on_place
        self.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing)
        self.setDragMode(QGraphicsView.RubberBandDrag)
        self.setTransformationAnchor(QGraphicsView.AnchorUnderMouse)

    def wheelEvent(self, event):
        f = 1.15 if event.angleDelta().y() > 0 else 1 / 1.15
        self.scale(f, f)

    def drawBackground(self, painter, rect):
        from PySide6.QtGui import QColor, QPen

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

    def mousePressEvent(self, event):
        if self.on_place is not None and event.button() == Qt.LeftButton:
            p = self.mapToScene(event.position().toPoint())
            if self.on_place((p.x(), -p.y())):
                event.accept()
                return
        super().mousePressEvent(event)

    def paintEvent(self, event):
        # labels keep their size on screen: place them again when the zoom or the items changed
        sc = self.scene()
        key = (round(self.transform().m11(), 6), getattr(sc, "label_revision", 0))
        if key != getattr(self, "_labels_key", None) and hasattr(sc, "place_labels"):
            self._labels_key = key
            sc.place_labels(abs(self.transform().m11()))
        super().paintEvent(event)

    def fit(self):
        r = self.scene().sceneRect()
        if not r.isEmpty():
            self.fitInView(r, Qt.KeepAspectRatio)


class EditorWindow(QMainWindow):
    def __init__(self, layout: Layout | None = None, path: str | None = None, lang: str | None = None):
        super().__init__()
        self.lang = lang or str(settings().value("lang", "en"))
        self.path = path
        self.layout = layout or Layout([], LayoutMeta())
        self.undo_stack = QUndoStack(self)
        self.scene = PlanScene(self.layout, lang)
        self.scene.moved.connect(self.on_moved)
        self.scene.selectionChanged.connect(self.on_selection)
        self.tool = "select"
        self.view = PlanView(self.scene, self.place_at)
        self.setCentralWidget(self.view)
        self._floor = None
        self._build_docks()
        self._build_menus()
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(80)
        self._refresh.timeout.connect(self.refresh_panels)
        self.layout.subscribe(self._on_model_change)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self.resize(1400, 850)
        from .addons import install_addons

        # background image, scale bar, shape tools, details dock, sightline overlay
        install_addons(self)
        self._autosave = QTimer(self)
        self._autosave.setInterval(30_000)
        self._autosave.timeout.connect(self.autosave)
        self._autosave.start()
        self._restore_settings()
        self.refresh_panels()
        self._update_title()

    def _alive(self) -> bool:
        return shiboken6.isValid(self) and shiboken6.isValid(self.scene)

    def _on_clean_changed(self, clean: bool) -> None:
        if self._alive():
            self._update_title()

    def t(self, s: str) -> str:
        """``s`` in the interface language (Qt translation file; English is the source)."""
        return tr("EditorWindow", s, self.lang)

    # --- building --------------------------------------------------------------------------------
    def _build_docks(self):
        self.element_list = QListWidget()
        self.element_list.itemClicked.connect(lambda it: self.select_ids([it.data(Qt.UserRole)]))
        self.findings_list = QListWidget()
        self.findings_list.itemClicked.connect(
            lambda it: it.data(Qt.UserRole) and self.select_ids([it.data(Qt.UserRole)])
        )
        self.walk_list = QListWidget()
        insp = QWidget()
        form = QFormLayout(insp)
        self.insp_id = QLabel("-")
        self.insp_zh = QLineEdit()
        self.insp_en = QLineEdit()
        self.insp_x = QDoubleSpinBox(decimals=3, minimum=-1e4, maximum=1e4, singleStep=0.1)
        self.insp_y = QDoubleSpinBox(decimals=3, minimum=-1e4, maximum=1e4, singleStep=0.1)
        self.insp_rot = QDoubleSpinBox(decimals=1, minimum=-360, maximum=360, singleStep=15)
        for w in (self.insp_x, self.insp_y, self.insp_rot):
            w.setSpecialValueText(" ")
        self.insp_apply = QPushButton(self.t("Apply"))
        self.insp_apply.clicked.connect(self.apply_inspector)
        self._insp_labels = {}
        for key, w in (
            ("id", self.insp_id),
            ("name (Chinese)", self.insp_zh),
            ("name (English)", self.insp_en),
            ("x (m)", self.insp_x),
            ("y (m)", self.insp_y),
            ("rotation (°)", self.insp_rot),
        ):
            self._insp_labels[key] = QLabel(self.t(key))
            form.addRow(self._insp_labels[key], w)
        form.addRow("", self.insp_apply)
        from .sim_panel import SimPanel

        self.sim = SimPanel(self)
        self.docks = {}
        for title, widget, area in (
            ("Elements", self.element_list, Qt.LeftDockWidgetArea),
            ("Inspector", insp, Qt.LeftDockWidgetArea),
            ("Findings", self.findings_list, Qt.RightDockWidgetArea),
            ("Walking", self.walk_list, Qt.RightDockWidgetArea),
            ("Simulate", self.sim, Qt.RightDockWidgetArea),
        ):
            d = QDockWidget(self.t(title), self)
            d.setObjectName(title)
            d.setWidget(widget)
            self.addDockWidget(area, d)
            self.docks[title] = d

    def _build_menus(self):
        mb = self.menuBar()
        before = set(mb.actions())
        fm = mb.addMenu(self.t("File"))
        for text, key, fn in (
            (self.t("New"), QKeySequence.New, self.new_file),
            (self.t("Open…"), QKeySequence.Open, self.open_dialog),
            (self.t("Open sample"), None, lambda: self.open_file(str(SAMPLE))),
            (self.t("Save"), QKeySequence.Save, self.save),
            (self.t("Save as…"), QKeySequence.SaveAs, self.save_as),
        ):
            a = QAction(text, self)
            if key is not None:
                a.setShortcut(key)
            a.triggered.connect(fn)
            fm.addAction(a)
        a = QAction(self.t("Import DXF…"), self)
        a.triggered.connect(self.import_dxf_dialog)
        fm.addAction(a)
        from .queue_log_import import add_queue_log_action

        add_queue_log_action(self, fm)
        self.recent_menu = fm.addMenu(self.t("Recent files"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        fm.addSeparator()
        q = QAction(self.t("Quit"), self)
        q.setShortcut(QKeySequence.Quit)
        q.triggered.connect(self.close)
        fm.addAction(q)
        em = mb.addMenu(self.t("Edit"))
        self.undo_action = self.undo_stack.createUndoAction(self, self.t("Undo"))
        self.undo_action.setShortcut(QKeySequence.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, self.t("Redo"))
        self.redo_action.setShortcut(QKeySequence.Redo)
        em.addAction(self.undo_action)
        em.addAction(self.redo_action)
        d = QAction(self.t("Delete"), self)
        d.setShortcut(QKeySequence.Delete)
        d.triggered.connect(self.delete_selected)
        em.addAction(d)
        for text, key, fn in (
            (self.t("Copy"), QKeySequence.Copy, self.copy_selected),
            (self.t("Paste"), QKeySequence.Paste, self.paste),
            (self.t("Duplicate"), QKeySequence("Ctrl+D"), self.duplicate_selected),
            (self.t("Rotate 90°"), QKeySequence("Ctrl+R"), lambda: self.rotate_selected(90.0)),
        ):
            a = QAction(text, self)
            a.setShortcut(key)
            a.triggered.connect(fn)
            em.addAction(a)
        al = em.addMenu(self.t("Align"))
        for how, text in (
            ("left", "Align left"),
            ("right", "Align right"),
            ("top", "Align top"),
            ("bottom", "Align bottom"),
            ("hcenter", "Centre horizontally"),
            ("vcenter", "Centre vertically"),
        ):
            a = QAction(self.t(text), self)
            a.triggered.connect(lambda checked=False, h=how: self.align_selected(h))
            al.addAction(a)
        from PySide6.QtGui import QActionGroup

        from lobbysim.model.kinds import FIXTURE_KINDS

        lm = mb.addMenu(self.t("Language"))
        for code, label in (("en", "English"), ("zh", "中文")):
            a = QAction(label, self)
            a.setCheckable(True)
            a.setChecked(code == self.lang)
            a.triggered.connect(lambda checked=False, c=code: self.set_language(c))
            lm.addAction(a)
        if getattr(self, "_toolbar", None) is not None:
            self.removeToolBar(self._toolbar)
        tb = self.addToolBar(self.t("Tools"))
        self._toolbar = tb
        tb.setObjectName("tools")
        group = QActionGroup(self)
        tools = [("select", self.t("Select"))]
        tools += [(k, info.zh if self.lang == "zh" else info.en) for k, info in FIXTURE_KINDS.items()]
        # walls, areas (rectangle or polygon), post zones and entrances: the shape tools' bar
        tools += [("seat_block", self.t("Seats 2x4"))]
        self.tool_actions = {}
        for key, label in tools:
            a = QAction(label, self)
            a.setCheckable(True)
            a.setChecked(key == "select")
            a.triggered.connect(lambda checked=False, k=key: self.set_tool(k))
            group.addAction(a)
            tb.addAction(a)
            self.tool_actions[key] = a
        sm = mb.addMenu(self.t("Simulate"))
        for text, fn in (
            (self.t("Run"), self.sim.run),
            (self.t("Compare with…"), self.sim._pick_compare),
            (self.t("Compare variants…"), self.open_compare),
            (self.t("Assign staff to posts…"), self.open_assign),
            (self.t("Export report…"), self.export_report_dialog),
        ):
            a = QAction(text, self)
            a.triggered.connect(fn)
            sm.addAction(a)
        vm = mb.addMenu(self.t("View"))
        f = QAction(self.t("Fit to plan"), self)
        f.triggered.connect(self.view.fit)
        vm.addAction(f)
        self._menus = [a.menu() for a in mb.actions() if a not in before and a.menu() is not None]

    def open_compare(self):
        from .compare_view import open_compare_dialog

        return open_compare_dialog(self)

    def open_assign(self):
        from .assign_view import open_assign_dialog

        return open_assign_dialog(self)

    def export_report_dialog(self):
        other, _ = QFileDialog.getOpenFileName(
            self, self.t("Compare with layout (B)"), "", self.t("Layouts") + " (*.lobby.json)"
        )
        if not other:
            return
        out, _ = QFileDialog.getSaveFileName(self, self.t("Report"), "report.pdf", "PDF (*.pdf)")
        if out:
            self.sim.export_report(other, out, "zh" if self.lang == "zh" else "en")

    # --- dialogs (replaceable in tests) ------------------------------------------------------------
    def ask_recover(self, path: Path) -> bool:
        r = QMessageBox.question(
            self,
            "lobbysim",
            self.t("lobbysim did not close properly. Recover the unsaved changes from {name}?").format(name=path.name),
            QMessageBox.Yes | QMessageBox.No,
        )
        return r == QMessageBox.Yes

    # --- settings, recent files, autosave and recovery -------------------------------------------------
    def _restore_settings(self):
        st = settings()
        geo = st.value("geometry")
        if geo is not None:
            self.restoreGeometry(geo)

    def remember(self):
        st = settings()
        st.setValue("geometry", self.saveGeometry())
        st.setValue("lang", self.lang)
        st.sync()

    def _fill_recent(self):
        self.recent_menu.clear()
        for path in self.recent_files():
            a = self.recent_menu.addAction(path)
            a.triggered.connect(lambda checked=False, p=path: self.ask_discard() and self.open_file(p))

    def recent_files(self) -> list[str]:
        v = settings().value("recent", [])
        return [v] if isinstance(v, str) else list(v or [])

    def _add_recent(self, path: str):
        path = os.path.abspath(path)
        rec = [p for p in self.recent_files() if p != path]
        st = settings()
        st.setValue("recent", [path] + rec[:9])
        st.sync()

    def recovery_path(self) -> Path:
        stem = Path(self.path).name.replace(".lobby.json", "") if self.path else "untitled"
        return recovery_dir() / f"{stem}.{os.getpid()}.lobby.json"

    def autosave(self):
        """Write a recovery copy of unsaved work (every 30 s); a clean document has none."""
        if self.undo_stack.isClean():
            self._drop_recovery()
            return
        try:
            save_layout(self.layout, self.recovery_path())
            (self.recovery_path().with_suffix(".origin")).write_text(self.path or "", "utf-8")
        except (LobbysimError, OSError):
            pass

    def _drop_recovery(self):
        for p in (self.recovery_path(), self.recovery_path().with_suffix(".origin")):
            try:
                p.unlink()
            except OSError:
                pass

    def offer_recovery(self) -> bool:
        """After a crash: offer the recovery copies left behind by editors that are gone."""
        for p in sorted(recovery_dir().glob("*.lobby.json")):
            try:
                pid = int(p.name.split(".")[-3])
            except (ValueError, IndexError):
                continue
            if pid == os.getpid():
                continue
            try:
                os.kill(pid, 0)
                continue  # that editor is still running
            except ProcessLookupError:
                pass
            except PermissionError:
                continue
            if not self.ask_recover(p):
                continue
            try:
                layout = load_layout(p)
            except LobbysimError as exc:
                self.show_error(str(exc))
                continue
            origin = p.with_suffix(".origin")
            src = origin.read_text("utf-8") if origin.exists() else ""
            self.set_layout(load_layout(src) if src and Path(src).exists() else Layout(), src or None)
            # the recovered edits as one undoable step on top of the saved file
            self.push(_Replace(self.layout, layout))
            for q in (p, origin):
                try:
                    q.unlink()
                except OSError:
                    pass
            return True
        return False

    def choose_dxf_options(self, layers):
        """Ask which layers hold walls and the outline, and the drawing's units."""
        from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QVBoxLayout
        from PySide6.QtWidgets import QListWidget as LW

        dlg = QDialog(self)
        dlg.setWindowTitle(self.t("Import DXF…"))
        v = QVBoxLayout(dlg)
        v.addWidget(QLabel(self.t("Wall layers")))
        walls = LW()
        for name in layers:
            it = QListWidgetItem(name)
            it.setFlags(it.flags() | Qt.ItemIsUserCheckable)
            it.setCheckState(Qt.Checked)
            walls.addItem(it)
        v.addWidget(walls)
        v.addWidget(QLabel(self.t("Outline layer (closed polyline becomes the boundary)")))
        outline = QComboBox()
        outline.addItem(self.t("(none)"), None)
        for name in layers:
            outline.addItem(name, name)
        v.addWidget(outline)
        v.addWidget(QLabel(self.t("Units")))
        units = QComboBox()
        units.addItems(["auto", "mm", "cm", "m"])
        v.addWidget(units)
        bb = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        bb.accepted.connect(dlg.accept)
        bb.rejected.connect(dlg.reject)
        v.addWidget(bb)
        if dlg.exec() != QDialog.Accepted:
            return None
        chosen = {walls.item(i).text() for i in range(walls.count()) if walls.item(i).checkState() == Qt.Checked}
        return chosen, outline.currentData(), units.currentText()

    def import_dxf_dialog(self):
        path, _ = QFileDialog.getOpenFileName(self, self.t("Import DXF…"), "", "DXF (*.dxf)")
        if path:
            self.import_dxf_file(path)

    def import_dxf_file(self, path: str) -> bool:
        """Walls (and the boundary) from a DXF drawing, added as one undoable step."""
        from lobbysim.model.dxf_import import dxf_layers, import_dxf

        try:
            layers = dxf_layers(path)
            opts = self.choose_dxf_options(layers)
            if opts is None:
                return False
            wall_layers, outline, units = opts
            res = import_dxf(
                path, wall_layers=wall_layers, outline_layer=outline, units=units, id_prefix=self.layout.new_id("dxf")
            )
        except LobbysimError as exc:
            self.show_error(str(exc))
            return False
        els = list(res.walls)
        if res.boundary is not None and self.layout.boundary is None:
            els.insert(0, res.boundary)
        if not els:
            self.show_error(f"{path}: nothing to import on the chosen layers")
            return False
        self.push(C.add_elements(self.layout, els, f"Import {len(els)} elements from {Path(path).name}"))
        self.view.fit()
        return True

    def show_error(self, message: str) -> None:
        QMessageBox.critical(self, "lobbysim", message)

    def ask_discard(self) -> bool:
        if self.undo_stack.isClean():
            return True
        r = QMessageBox.question(self, "lobbysim", self.t("Discard unsaved changes?"), QMessageBox.Yes | QMessageBox.No)
        return r == QMessageBox.Yes

    # --- language ---------------------------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        """Switch the interface and the plan's labels between Chinese and English, and remember it."""
        if lang not in ("en", "zh"):
            return
        self.lang = lang
        for m in getattr(self, "_menus", []):
            self.menuBar().removeAction(m.menuAction())
        self._build_menus()
        for key, dock in self.docks.items():
            dock.setWindowTitle(self.t(key))
        self.insp_apply.setText(self.t("Apply"))
        for key, label in self._insp_labels.items():
            label.setText(self.t(key))
        self.sim.retranslate(lang)
        for dlg in (getattr(self, "compare_dialog", None), getattr(self, "assign_dialog", None)):
            if dlg is not None:
                dlg.retranslate(lang)
        from .addons import retranslate_addons

        retranslate_addons(self, lang)
        # the add-ons' menus (Background, Scenario) go back after the window's own rebuilt ones
        mb = self.menuBar()
        for a in [a for a in mb.actions() if a.menu() is not None and a.menu() not in self._menus]:
            mb.removeAction(a)
            mb.addAction(a)
        self.scene.lang = lang
        self.scene.rebuild()
        self.refresh_panels()
        st = settings()
        st.setValue("lang", lang)
        st.sync()

    # --- drawing tools -------------------------------------------------------------------------------
    def set_tool(self, tool: str) -> None:
        self.tool = tool
        self._first_click = None
        if tool in getattr(self, "tool_actions", {}):
            self.tool_actions[tool].setChecked(True)

    def place_at(self, p) -> bool:
        """Place an element of the active tool at plan point p (snapped); False for 'select'."""
        from lobbysim.model.elements import Fixture as Fx
        from lobbysim.model.elements import SeatBlock as Sb
        from lobbysim.model.snapping import layout_snap_targets, snap

        if self.tool == "select":
            return False
        verts, edges = layout_snap_targets(self.layout)
        first = getattr(self, "_first_click", None)
        (x, y), _ = snap(
            p,
            grid=0.1,
            vertices=verts,
            edges=edges,
            tolerance=0.15,
            previous=first if self.tool in ("wall", "entrance") else None,
        )
        if self.tool in ("wall", "area", "post", "entrance"):
            # two clicks: a segment (wall, entrance) or the corners of a rectangle (area, post)
            if first is None:
                self._first_click = (x, y)
                return True
            self._first_click = None
            return self._place_two_clicks(first, (x, y))
        if self.tool == "seat_block":
            e = Sb(self.layout.new_id("seats"), x=x, y=y, rows=2, seats_per_row=4)
        else:
            e = Fx(self.layout.new_id(self.tool.split("_")[0]), fixture_kind=self.tool, x=x, y=y)
        self.push(C.AddElement(e, text=f"Add {self.tool.replace('_', ' ')} {e.id}"))
        self.select_ids([e.id])
        return True

    def _place_two_clicks(self, a, b) -> bool:
        from lobbysim.model.elements import Area as Ar
        from lobbysim.model.elements import Entrance as En
        from lobbysim.model.elements import Post as Po
        from lobbysim.model.elements import Wall as Wa

        if a == b:
            return True
        if self.tool == "wall":
            e = Wa(self.layout.new_id("wall"), points=(a, b))
        elif self.tool == "entrance":
            e = En(self.layout.new_id("entrance"), a=a, b=b)
        else:
            (x0, y0), (x1, y1) = a, b
            rect = (
                (min(x0, x1), min(y0, y1)),
                (max(x0, x1), min(y0, y1)),
                (max(x0, x1), max(y0, y1)),
                (min(x0, x1), max(y0, y1)),
            )
            if self.tool == "area":
                e = Ar(self.layout.new_id("area"), polygon=rect, area_kind="waiting")
            else:
                number = max([q.number for q in self.layout.posts()] or [0]) + 1
                e = Po(
                    self.layout.new_id("post"),
                    polygon=rect,
                    number=number,
                    name_zh=f"厅堂{number}号",
                    name_en=f"Lobby post {number}",
                )
        self.push(C.AddElement(e, text=f"Add {self.tool} {e.id}"))
        self.select_ids([e.id])
        return True

    # --- editing through commands ------------------------------------------------------------------
    def push(self, command) -> None:
        self.undo_stack.push(ModelCommand(self.layout, command))

    def on_moved(self, ids, dx, dy):
        self.push(C.move_elements(self.layout, ids, dx, dy))

    def delete_selected(self):
        ids = self.scene.selected_ids()
        if ids:
            self.push(C.delete_elements(self.layout, ids))

    def copy_selected(self):
        self._clipboard = [self.layout[i] for i in self.scene.selected_ids()]

    def paste(self):
        """Paste copies of the copied elements, offset by half a metre, with fresh ids."""
        from dataclasses import replace

        items = getattr(self, "_clipboard", [])
        if not items:
            return
        taken = set(self.layout.ids())
        copies = []
        for e in items:
            base = e.id.rstrip("0123456789") or e.type
            n = 1
            while f"{base}{n}" in taken:
                n += 1
            taken.add(f"{base}{n}")
            copies.append(replace(e.translated(0.5, -0.5), id=f"{base}{n}"))
        self.push(
            C.add_elements(self.layout, copies, f"Paste {len(copies)} element" + ("s" if len(copies) > 1 else ""))
        )
        self.select_ids([c.id for c in copies])

    def duplicate_selected(self):
        ids = self.scene.selected_ids()
        if ids:
            before = set(self.layout.ids())
            self.push(C.duplicate_elements(self.layout, ids))
            self.select_ids([i for i in self.layout.ids() if i not in before])

    def rotate_selected(self, angle: float):
        ids = self.scene.selected_ids()
        if ids:
            self.push(C.rotate_elements(self.layout, ids, angle))

    def align_selected(self, how: str):
        ids = self.scene.selected_ids()
        if len(ids) > 1:
            self.push(C.align_elements(self.layout, ids, how))

    def apply_inspector(self):
        ids = self.scene.selected_ids()
        if len(ids) != 1:
            return
        e = self.layout[ids[0]]
        changes = {}
        if self.insp_zh.text() != e.name_zh:
            changes["name_zh"] = self.insp_zh.text()
        if self.insp_en.text() != e.name_en:
            changes["name_en"] = self.insp_en.text()
        if isinstance(e, (Fixture, SeatBlock)):
            for key, w in (("x", self.insp_x), ("y", self.insp_y), ("rotation", self.insp_rot)):
                if abs(w.value() - getattr(e, key)) > 1e-9:
                    changes[key] = w.value()
        if changes:
            self.push(C.set_properties(self.layout, e.id, **changes))

    def select_ids(self, ids):
        self.scene.clearSelection()
        for i in ids:
            item = self.scene.items_by_id.get(i)
            if item is not None:
                item.setSelected(True)
                self.view.ensureVisible(item)

    def on_selection(self):
        if not self._alive():
            return
        ids = self.scene.selected_ids()
        e = self.layout.get(ids[0]) if len(ids) == 1 else None
        self.insp_id.setText(e.id if e else ("-" if not ids else f"{len(ids)} selected"))
        self.insp_zh.setText(e.name_zh if e else "")
        self.insp_en.setText(e.name_en if e else "")
        placed = isinstance(e, (Fixture, SeatBlock))
        for key, w in (("x", self.insp_x), ("y", self.insp_y), ("rotation", self.insp_rot)):
            w.setEnabled(placed)
            # blank (the spin box's minimum shows its special text) when the selection has no position
            w.setValue(getattr(e, key) if placed else w.minimum())
        self.insp_zh.setEnabled(e is not None)
        self.insp_en.setEnabled(e is not None)
        self.insp_apply.setEnabled(e is not None)

    # --- live panels ----------------------------------------------------------------------------------
    def _on_model_change(self, change):
        self._refresh.start()

    def refresh_panels(self):
        from lobbysim.geo import layout_findings

        if not self._alive():
            return
        self.element_list.clear()
        for e in self.layout:
            kind = self.t(e.type)  # the element type in the interface language
            it = QListWidgetItem(f"{e.id}  [{kind}]  {e.label_for(self.lang)}")
            it.setData(Qt.UserRole, e.id)
            self.element_list.addItem(it)
        self.findings_list.clear()
        try:
            found = layout_findings(self.layout)
        except Exception as exc:  # noqa: BLE001 - a broken drawing must not crash the editor
            found = []
            self.findings_list.addItem(f"error: {exc}")
        for f in found:
            it = QListWidgetItem(f"{f.severity}: {f.element_id or '-'}: {f.message}")
            it.setData(Qt.UserRole, f.element_id)
            self.findings_list.addItem(it)
        if not found:
            self.findings_list.addItem(self.t("no problems found"))
        self.refresh_walking()

    def walking_readout(self) -> list[tuple[str, float]]:
        """Walking metres the consultant watches (``lobbysim.geo.readout``): from the nearest
        entrance to each counter and machine, and from each desk to the nearest smart counter."""
        from lobbysim.geo import build_floor
        from lobbysim.geo.readout import walking_readout

        if self.layout.boundary is None:
            return []
        if self._floor is None:
            self._floor = build_floor(self.layout)
        else:
            self._floor.update(self.layout)
        return [(r.key, r.metres) for r in walking_readout(self.layout, self._floor)]

    def refresh_walking(self):
        self.walk_list.clear()
        try:
            rows = self.walking_readout()
        except Exception as exc:  # noqa: BLE001
            self.walk_list.addItem(f"error: {exc}")
            return
        for key, d in rows:
            label = " → ".join(self._element_name(i) for i in key.split(" → "))
            item = QListWidgetItem(f"{label}: {d:.1f} m" if d != float("inf") else f"{label}: {self.t('no path')}")
            item.setToolTip(key)
            self.walk_list.addItem(item)

    def _element_name(self, element_id: str) -> str:
        """The element's name in the interface language (its id when it has none)."""
        e = self.layout.get(element_id)
        if e is None:
            return element_id
        return (e.name_zh or e.name_en or e.id) if self.lang == "zh" else (e.name_en or e.name_zh or e.id)

    # --- files -------------------------------------------------------------------------------------
    def _update_title(self):
        name = Path(self.path).name if self.path else "untitled"
        self.setWindowTitle(f"{name}[*] — lobbysim")
        self.setWindowModified(not self.undo_stack.isClean())

    def set_layout(self, layout: Layout, path: str | None):
        self.layout.unsubscribe(self._on_model_change)
        self.layout = layout
        self.path = path
        self.undo_stack.clear()
        self._floor = None
        self.scene.set_layout(layout)
        layout.subscribe(self._on_model_change)
        self.refresh_panels()
        self._update_title()
        self.view.fit()
        host = getattr(self, "scenario_editor", None)
        if host is not None:
            host.layout_changed(layout)  # the roster's counter, desk and post drop-downs

    def new_file(self):
        if self.ask_discard():
            self.set_layout(
                load_layout(Path(__file__).resolve().parents[2] / "layouts/templates/empty.lobby.json")
                if (Path(__file__).resolve().parents[2] / "layouts/templates/empty.lobby.json").exists()
                else Layout(),
                None,
            )

    def open_dialog(self):
        if not self.ask_discard():
            return
        path, _ = QFileDialog.getOpenFileName(self, self.t("Open…"), "", self.t("Layouts") + " (*.lobby.json *.json)")
        if path:
            self.open_file(path)

    def open_file(self, path: str) -> bool:
        try:
            layout = load_layout(path)
        except LobbysimError as exc:
            self.show_error(str(exc))
            return False
        self.set_layout(layout, path)
        self._add_recent(path)
        return True

    def save(self) -> bool:
        if not self.path:
            return self.save_as()
        return self.save_to(self.path)

    def save_as(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(
            self, self.t("Save as…"), self.path or "", self.t("Layouts") + " (*.lobby.json)"
        )
        return self.save_to(path) if path else False

    def save_to(self, path: str) -> bool:
        try:
            save_layout(self.layout, path)
        except LobbysimError as exc:
            self.show_error(str(exc))
            return False
        self._drop_recovery()
        self.path = path
        self.undo_stack.setClean()
        self._update_title()
        self._add_recent(path)
        return True

    def closeEvent(self, event):
        host = getattr(self, "scenario_editor", None)
        if host is not None and not host.may_close():
            event.ignore()
            return
        if self.ask_discard():
            self.layout.unsubscribe(self._on_model_change)
            self.layout.unsubscribe(self.scene.on_change)
            self._autosave.stop()
            self._drop_recovery()
            self.remember()
            event.accept()
        else:
            event.ignore()


class _Replace(C.Command):
    """Replace the whole content of a layout by another's (recovering a crashed session)."""

    def __init__(self, layout, other):
        self.text = "Recover unsaved changes"
        self._old = list(layout)
        self._new = list(other)
        self._old_meta, self._new_meta = layout.meta, other.meta

    def apply(self, layout):
        for e in list(layout):
            layout._remove(e.id)
        for e in self._new:
            layout._insert(e)
        layout.meta = self._new_meta

    def revert(self, layout):
        for e in list(layout):
            layout._remove(e.id)
        for e in self._old:
            layout._insert(e)
        layout.meta = self._old_meta


def screenshot(path_in: str | None, out: str, lang: str = "en", size=(1400, 850)) -> None:
    """Render the editor with a file loaded to a PNG (works offscreen)."""
    from .qt_app import ensure_app

    app = ensure_app()
    layout = load_layout(path_in) if path_in else None
    w = EditorWindow(layout, path_in, lang)
    w.resize(*size)
    w.show()
    app.processEvents()
    w.view.fit()
    app.processEvents()
    img = w.grab()
    if not img.save(os.fspath(out)):
        raise LobbysimError("cannot be written as PNG", path=os.fspath(out))
    w.undo_stack.setClean()
    w.remember = lambda: None  # a screenshot does not change the user's settings
    w.close()


__all__ = ["EditorWindow", "ModelCommand", "screenshot", "QSettings"]
