"""The editor's main window: the plan, the element list, the inspector, live findings and
live walking distances, with every edit going through the model's commands on a QUndoStack.

The window builds its parts explicitly, in one place (``__init__``): the canvas and what is
drawn over it, the docks, the tool bars, the menus (from the declarative table of
``menus.py``) and the background-job runner that every long task goes through. A part gets
the window and uses its public attributes (``layout``, ``scene``, ``view``, ``undo_stack``,
``jobs``, ``sim``, ``legend``, ``actions`` ...) and its two signals: ``document_changed`` (another
drawing was opened: runs and results of the old one are dropped) and the undo stack's.
A language switch relabels every part in place (nothing is rebuilt but the plan's items).
"""

from __future__ import annotations

import os
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QTabBar,
)

from lobbysim.errors import LobbysimError
from lobbysim.model import commands as C
from lobbysim.model.elements import Fixture, SeatBlock
from lobbysim.model.fileformat import load_layout, save_layout
from lobbysim.model.kinds import FIXTURE_KINDS
from lobbysim.model.layout import Layout, LayoutMeta
from lobbysim.samples import DEFAULT_LAYOUT, EMPTY_TEMPLATE, sample_file

from .background import BackgroundLayer
from .compare_view import CompareDialog
from .details_dock import DetailsPanel
from .i18n_text import tr
from .inspector import Inspector
from .jobs import JobRunner
from .legend import PlanLegend
from .live_panels import LivePanels
from .menus import build_menus, retranslate_menus
from .navigation import Navigation
from .overlays import ResultOverlays
from .plan_scene import PlanScene
from .plan_view import PlanView
from .quick_estimate import QuickEstimate
from .recovery import RecoveryCopies
from .replay_player import ReplayPlayer
from .resize_handles import ResizeHandles
from .results_view import ResultExports, ResultsDock
from .scale_bar import ScaleBar
from .scenario.host import ScenarioEditorHost
from .settings import add_recent, recent_files, remembered_language, settings
from .shape_tools import ShapeTools
from .sight_overlay import SightOverlay
from .sim_panel import SimPanel

CONTEXT = "EditorWindow"
#: the tool bar's placing tools after Select: every fixture kind, then a seat block
SEAT_TOOL = "seat_block"


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


class EditorWindow(QMainWindow):
    #: another drawing was opened (New, Open, a recent file, the sample, a recovered copy)
    document_changed = Signal()

    def __init__(self, layout: Layout | None = None, path: str | None = None, lang: str | None = None, estimate=False):
        super().__init__()
        self.lang = lang if lang in ("en", "zh") else remembered_language()
        self.path = path
        self.layout = layout or Layout([], LayoutMeta())
        self.tool = "select"
        self._clipboard: list = []
        #: False for a window that must not change the user's settings (a screenshot)
        self.keeps_settings = True
        self.undo_stack = QUndoStack(self)
        self.undo_action = self.undo_stack.createUndoAction(self)
        self.undo_action.setShortcut(QKeySequence.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self)
        self.redo_action.setShortcut(QKeySequence.Redo)
        self.jobs = JobRunner(self, document=lambda: self.layout)
        # the plan and what is drawn over it
        self.scene = PlanScene(self.layout, self.lang)
        self.view = PlanView(self.scene, self.place_at)
        self.setCentralWidget(self.view)
        self.legend = PlanLegend(self.view)
        self.scale_bar = ScaleBar(self.view)
        self.navigation = Navigation(self.view)
        self.background = BackgroundLayer(self.scene, self.view, self, self.lang)
        self.shape_tools = ShapeTools(self)
        self.resize_handles = ResizeHandles(self)
        self.sight_overlay = SightOverlay(self)
        self.replay = ReplayPlayer(self)
        # the docks and the parts that follow a result
        self.live = LivePanels(self)
        self.element_list, self.findings_list, self.walk_list = (
            self.live.elements,
            self.live.findings,
            self.live.walking,
        )
        self.inspector = Inspector(self)
        self.details = DetailsPanel(self)
        self.sim = SimPanel(self)
        self.take_scenario_beside(path)
        self.results = ResultsDock(self)
        self.result_overlays = ResultOverlays(self)
        self.result_exports = ResultExports(self)
        self.scenario_editor = ScenarioEditorHost(self)
        self.quick_estimate = QuickEstimate(self) if estimate else None
        self.recovery = RecoveryCopies(self)
        self.compare_dialog: CompareDialog | None = None
        self.assign_dialog = None
        self.queue_log_dialog = None
        self.deck_export = None
        self.robustness_dialog = None
        self.suggest_dialog = None
        self.docks = self._build_docks()
        self.tool_actions = self._build_tool_bars()
        self.menu_actions, self.menus = build_menus(self)
        self.menu_actions[f"lang_{self.lang}"].setChecked(True)
        self._connect()
        self.resize(1366, 768)
        geo = settings().value("geometry")
        if geo is not None:
            self.restoreGeometry(geo)
        self.retranslate()
        self.refresh_panels()
        self._update_title()
        if self.quick_estimate is not None:
            self.quick_estimate.timer.start()  # the first estimate at once

    def t(self, s: str) -> str:
        """``s`` in the interface language (Qt translation file; English is the source)."""
        return tr(CONTEXT, s, self.lang)

    # --- building --------------------------------------------------------------------------------
    def _build_docks(self) -> dict[str, QDockWidget]:
        """Left: findings, walking distances and the element list (tabs) over the inspector and
        the details (tabs); right: the Simulate dock with the Results dock as a second tab, the
        whole height, so the KPI table has room."""
        left_top = [("Findings", self.findings_list), ("Walking", self.walk_list), ("Elements", self.element_list)]
        docks: dict[str, QDockWidget] = {}
        for key, widget in [
            *left_top,
            ("Inspector", self.inspector),
            ("Details", self.details),
            ("Simulate", self.sim),
        ]:
            d = QDockWidget(self)
            d.setObjectName(key)
            d.setWidget(widget)
            docks[key] = d
        docks["Results"] = self.results
        for key, d in docks.items():
            d.setWindowTitle(key)  # titled before tabbing (Qt leaves a stray tab bar for untitled ones)
        for first, others, area in (
            ("Findings", ("Walking", "Elements"), Qt.LeftDockWidgetArea),
            ("Inspector", ("Details",), Qt.LeftDockWidgetArea),
            ("Simulate", ("Results",), Qt.RightDockWidgetArea),
        ):
            self.addDockWidget(area, docks[first])
            for key in others:
                self.tabifyDockWidget(docks[first], docks[key])
        for key in ("Findings", "Inspector", "Simulate"):
            docks[key].raise_()
        self.resizeDocks([docks["Findings"], docks["Simulate"]], [270, 470], Qt.Horizontal)
        return docks

    def showEvent(self, event):
        super().showEvent(event)
        QTimer.singleShot(0, self._hide_stray_tab_bars)

    def _hide_stray_tab_bars(self) -> None:
        """Qt 6 leaves a copy of a dock group's tab bar behind when a second group is tabbed
        before the window is shown, drawn over the docks or the plan; the bars in use lie beside
        their docks, so a bar over a dock or the plan is a stray one."""
        if not shiboken6.isValid(self):
            return
        taken = [d.geometry() for d in self.docks.values() if d.isVisible()] + [self.view.geometry()]
        for bar in self.findChildren(QTabBar, options=Qt.FindDirectChildrenOnly):
            if bar.isVisible() and any(bar.geometry().intersects(r) for r in taken):
                bar.hide()

    def _build_tool_bars(self) -> dict[str, QAction]:
        """The placing tools (Select, every fixture kind, a seat block), then on a second row the
        shape tools and the replay's play/pause (and the quick estimate in ``lobbysim gui``)."""
        tb = self.addToolBar("")
        tb.setObjectName("tools")
        self.tool_bar = tb
        group = QActionGroup(self)
        actions = {}
        for key in ("select", *FIXTURE_KINDS, SEAT_TOOL):
            a = QAction(self)
            a.setCheckable(True)
            a.setChecked(key == "select")
            a.triggered.connect(lambda checked=False, k=key: self._tool_chosen(k))
            group.addAction(a)
            tb.addAction(a)
            actions[key] = a
        self.addToolBarBreak()
        self.addToolBar(self.shape_tools.toolbar)
        self.addToolBar(self.replay.toolbar)
        if self.quick_estimate is not None:
            self.estimate_bar = self.addToolBar("")
            self.estimate_bar.setObjectName("quick_estimate")
            self.estimate_bar.addWidget(self.quick_estimate.label)
        return actions

    def _tool_chosen(self, key: str) -> None:
        self.shape_tools.set_tool(None)
        self.set_tool(key)

    def _connect(self) -> None:
        self.scene.moved.connect(self.on_moved)
        self.scene.selectionChanged.connect(self.on_selection)
        self.undo_stack.indexChanged.connect(self.details.follow)
        self.undo_stack.cleanChanged.connect(self._update_title)
        self.layout.subscribe(self.live.changed)

    # --- language ---------------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Every text of the window and its parts in ``self.lang``."""
        lang = self.lang
        retranslate_menus(self, lang)
        self.undo_action.setText(self.t("Undo"))
        self.redo_action.setText(self.t("Redo"))
        for key, dock in self.docks.items():
            dock.setWindowTitle(tr({"Details": "DetailsDock", "Results": "Results"}.get(key, CONTEXT), key, lang))
        zh = lang == "zh"
        for key, a in self.tool_actions.items():
            if key in FIXTURE_KINDS:
                a.setText(FIXTURE_KINDS[key].zh if zh else FIXTURE_KINDS[key].en)
            else:
                a.setText(self.t("Select") if key == "select" else self.t("Seats 2x4"))
        self.tool_bar.setWindowTitle(self.t("Tools"))
        if self.quick_estimate is not None:
            self.estimate_bar.setWindowTitle(self.t("Quick estimate"))
        self.background.lang = lang
        for part in (self.inspector, self.details, self.sim, self.replay, self.results, self.result_exports):
            part.retranslate(lang)
        for part in (self.result_overlays, self.shape_tools, self.sight_overlay, self.scenario_editor):
            part.retranslate(lang)
        for part in (self.quick_estimate, self.compare_dialog, self.assign_dialog, self.suggest_dialog):
            if part is not None:
                part.retranslate(lang)

    def set_language(self, lang: str) -> None:
        """Switch the interface and the plan's labels between Chinese and English, and remember it."""
        if lang not in ("en", "zh"):
            return
        self.lang = lang
        self.menu_actions[f"lang_{lang}"].setChecked(True)
        self.scene.lang = lang
        self.scene.rebuild()  # the element items only: markers and overlays stay
        self.retranslate()
        self.refresh_panels()
        st = settings()
        st.setValue("lang", lang)
        st.sync()

    # --- dialogs (replaceable in tests) ------------------------------------------------------------
    def show_error(self, message: str) -> None:
        QMessageBox.critical(self, "lobbysim", message)

    def _ask(self, text: str) -> bool:
        return QMessageBox.question(self, "lobbysim", text, QMessageBox.Yes | QMessageBox.No) == QMessageBox.Yes

    def ask_discard(self) -> bool:
        return self.undo_stack.isClean() or self._ask(self.t("Discard unsaved changes?"))

    def ask_stop_run(self) -> bool:
        return self._ask(self.t("A simulation is still running. Stop it and close?"))

    def ask_recover(self, path: Path) -> bool:
        text = self.t("lobbysim did not close properly. Recover the unsaved changes from {name}?")
        return self._ask(text.format(name=path.name))

    def ask_dxf_options(self, layers):
        """(wall layers, outline layer, units) of a DXF import, or None when cancelled."""
        from .dxf_dialog import ask_dxf_options

        return ask_dxf_options(self, layers, self.lang)

    def ask_open_path(self, title: str, filters: str) -> str:
        path, _ = QFileDialog.getOpenFileName(self, title, "", filters)
        return path

    def ask_save_path(self, title: str, start: str, filters: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, title, start, filters)
        return path

    # --- tools that open dialogs ---------------------------------------------------------------------
    def open_compare(self) -> CompareDialog:
        if self.compare_dialog is None:
            self.compare_dialog = CompareDialog(self)
        return self.compare_dialog.present()

    def open_assign(self):
        from .assign_view import AssignDialog

        if self.assign_dialog is None:
            self.assign_dialog = AssignDialog(self)
        return self.assign_dialog.present()

    def open_deck_export(self):
        """Simulate > Export deck…: the leadership deck (PowerPoint) in the background."""
        from .deck_export import open_deck_export

        return open_deck_export(self)

    def open_robustness(self):
        """Simulate > Robustness…: the verdicts against the scenario's ranges, in the background."""
        from .robustness_view import open_robustness

        return open_robustness(self)

    def open_queue_log_import(self):
        """File > Import queue log…: calibrate a scenario from a queue-machine export."""
        from .queue_log_import import open_queue_log_import

        return open_queue_log_import(self)

    def export_report_dialog(self) -> None:
        other = self.ask_open_path(self.t("Compare with layout (B)"), self.t("Layouts") + " (*.lobby.json)")
        if not other:
            return
        out = self.ask_save_path(self.t("Report"), "report.pdf", "PDF (*.pdf)")
        if out:
            self.sim.export_report(other, out, self.lang)

    # --- drawing tools -------------------------------------------------------------------------------
    def set_tool(self, tool: str) -> None:
        self.tool = tool
        if tool in self.tool_actions:
            self.tool_actions[tool].setChecked(True)

    def place_at(self, p) -> bool:
        """Place a fixture or a seat block of the active tool at plan point p (snapped to the grid,
        vertices and edges); False for 'select' (walls, areas, posts and doors are the Shapes
        tool bar's)."""
        from lobbysim.model.snapping import layout_snap_targets, snap

        if self.tool == "select":
            return False
        verts, edges = layout_snap_targets(self.layout)
        (x, y), _ = snap(p, grid=0.1, vertices=verts, edges=edges, tolerance=0.15)
        if self.tool == SEAT_TOOL:
            e = SeatBlock(self.layout.new_id("seats"), x=x, y=y, rows=2, seats_per_row=4)
        else:
            e = Fixture(self.layout.new_id(self.tool.split("_")[0]), fixture_kind=self.tool, x=x, y=y)
        self.push(C.AddElement(e, text=f"Add {self.tool.replace('_', ' ')} {e.id}"))
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
        if self._clipboard:
            cmd = C.PasteElements(self.layout, self._clipboard)
            self.push(cmd)
            self.select_ids(cmd.ids)

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

    def select_ids(self, ids):
        self.scene.clearSelection()
        for i in ids:
            item = self.scene.items_by_id.get(i)
            if item is not None:
                item.setSelected(True)
                self.view.ensureVisible(item)

    def on_selection(self):
        if shiboken6.isValid(self) and shiboken6.isValid(self.scene) and shiboken6.isValid(self.inspector):
            self.inspector.show_selection()
            self.details.follow()

    # --- live panels (the Elements, Findings and Walking docks) ------------------------------------
    def refresh_panels(self):
        self.live.refresh()

    def refresh_walking(self):
        self.live.refresh_walking()

    def walking_readout(self) -> list[tuple[str, float]]:
        """(from → to, metres) of the Walking dock."""
        return [(r.key, r.metres) for r in self.live.walking_readout()]

    # --- files -------------------------------------------------------------------------------------
    def _update_title(self, *_):
        name = Path(self.path).name if self.path else "untitled"
        self.setWindowTitle(f"{name}[*] — lobbysim")
        self.setWindowModified(not self.undo_stack.isClean())

    def set_layout(self, layout: Layout, path: str | None):
        """Open another drawing: runs of the old one stop, its results and replay go."""
        self.jobs.detach(self.t("stopped: another drawing was opened"))
        self.layout.unsubscribe(self.live.changed)
        self.layout = layout
        self.path = path
        self.undo_stack.clear()
        self.live.new_document()
        self.shape_tools.cancel()
        self.scene.set_layout(layout)
        layout.subscribe(self.live.changed)
        self.sim.clear_result()
        self.take_scenario_beside(path)
        self.document_changed.emit()
        self.refresh_panels()
        self._update_title()
        self.view.fit()

    def take_scenario_beside(self, path: str | None) -> None:
        """A branch's folder holds its scenario (``scenario.json``, as the samples do): simulate with it."""
        beside = Path(path).parent / "scenario.json" if path else None
        if beside is not None and beside.is_file() and str(beside) != self.sim.scenario_path():
            self.sim.use_scenario(str(beside))

    def new_file(self):
        if self.ask_discard():
            try:  # the bundled empty template (a boundary and a door), wherever lobbysim is installed
                layout = load_layout(sample_file(EMPTY_TEMPLATE))
            except LobbysimError as exc:
                self.show_error(str(exc))
                layout = Layout([], LayoutMeta())
            self.set_layout(layout, None)

    def open_dialog(self):
        if self.ask_discard():
            path = self.ask_open_path(self.t("Open…"), self.t("Layouts") + " (*.lobby.json *.json)")
            if path:
                self.open_file(path)

    def open_sample(self) -> bool:
        try:
            path = sample_file(DEFAULT_LAYOUT)  # the bundled sample, in a checkout or an installed wheel
        except LobbysimError as exc:
            self.show_error(str(exc))
            return False
        return self.ask_discard() and self.open_file(str(path))

    def open_recent(self, path: str) -> bool:
        return self.ask_discard() and self.open_file(path)

    def open_file(self, path: str) -> bool:
        try:
            layout = load_layout(path)
        except LobbysimError as exc:
            self.show_error(str(exc))
            return False
        self.set_layout(layout, path)
        add_recent(path)
        return True

    def fill_recent(self, menu) -> None:
        menu.clear()
        for path in recent_files():
            a = menu.addAction(path)
            a.triggered.connect(lambda checked=False, p=path: self.open_recent(p))

    def save(self) -> bool:
        return self.save_to(self.path) if self.path else self.save_as()

    def save_as(self) -> bool:
        path = self.ask_save_path(self.t("Save as…"), self.path or "", self.t("Layouts") + " (*.lobby.json)")
        return self.save_to(path) if path else False

    def save_to(self, path: str) -> bool:
        try:
            save_layout(self.layout, path)
        except LobbysimError as exc:
            self.show_error(str(exc))
            return False
        self.recovery.drop()
        self.path = path
        self.undo_stack.setClean()
        self._update_title()
        add_recent(path)
        return True

    def import_dxf_dialog(self):
        path = self.ask_open_path(self.t("Import DXF…"), "DXF (*.dxf)")
        if path:
            self.import_dxf_file(path)

    def import_dxf_file(self, path: str) -> bool:
        """Walls (and the boundary) from a DXF drawing, added as one undoable step."""
        from .dxf_dialog import import_dxf_file

        return import_dxf_file(self, path)

    # --- closing -----------------------------------------------------------------------------------
    def closeEvent(self, event):
        if not self.scenario_editor.may_close() or not self.ask_discard():
            event.ignore()
            return
        if self.jobs.running and not self.ask_stop_run():
            event.ignore()
            return
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Stop the background work (within a few seconds), drop the recovery copy, remember the
        window's geometry and language."""
        self.jobs.shutdown(4.0)
        if self.quick_estimate is not None:
            self.quick_estimate.jobs.shutdown(1.0)
        for dialog in (self.queue_log_dialog, self.deck_export, self.robustness_dialog):
            if dialog is not None:
                dialog.close()  # stops its background job
        self.recovery.stop()
        self.layout.unsubscribe(self.live.changed)
        self.layout.unsubscribe(self.scene.on_change)
        # the window's parts follow these; nothing is followed while the window is torn down
        for source in (self.undo_stack, self.scene, self.sim, self.jobs):
            source.blockSignals(True)
        if self.keeps_settings:
            st = settings()
            st.setValue("geometry", self.saveGeometry())
            st.setValue("lang", self.lang)
            st.sync()


def screenshot(path_in: str | None, out: str, lang: str | None = None, size=(1366, 768)) -> None:
    """Render the editor with a file loaded to a PNG (works offscreen); the user's settings are
    read (the remembered language when ``lang`` is None), never changed."""
    from .qt_app import ensure_app

    app = ensure_app()
    layout = load_layout(path_in) if path_in else None
    w = EditorWindow(layout, path_in, lang)
    w.keeps_settings = False
    w.resize(*size)
    w.show()
    app.processEvents()
    w.view.fit()
    app.processEvents()
    img = w.grab()
    try:
        if not img.save(os.fspath(out)):
            raise LobbysimError("cannot be written as PNG", path=os.fspath(out))
    finally:
        w.undo_stack.setClean()
        w.close()


__all__ = ["EditorWindow", "ModelCommand", "screenshot"]
