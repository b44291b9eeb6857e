"""Simulate → Suggest placements…: the placement search (``lobbysim suggest``) from the editor.

Choose what may move (ticked in the list, or taken from the plan's selection), whether the posts
the scenario's staff stand at may be drawn, the objectives and the budget; the search runs in the
background through the window's job runner (the Simulate dock's progress bar and Cancel), on the
dock's days, seed and scenario, its replications confirming the best. The suggestions appear in a
table with their gains and 95 % intervals against the drawing; the selected one is drawn over the
plan as ghost outlines, with arrows from where each element stands today and its predicted gains.
Apply makes it one step on the undo stack.
"""

from __future__ import annotations

import math

import shiboken6
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainterPath, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lobbysim.errors import LobbysimError
from lobbysim.model.elements import Fixture, Post, SeatBlock

from . import kpi_table
from .dialogs import ToolDialog
from .plan_scene import geometry_path
from .suggest_advanced import TEXTS as ADVANCED_TEXTS
from .suggest_advanced import AdvancedPanel

#: key -> English text (the Chinese is in lobbysim/ui/i18n/lobbysim_zh_CN.ts, context "Suggest")
TEXTS = {
    "title": "Suggest placements",
    "basic_tab": "Basic",
    "advanced_tab": "Advanced",
    "movable": "Movable elements",
    "use_selection": "Use the plan's selection",
    "draw_posts": "Draw the posts the scenario's staff stand at",
    "objectives": "Objectives",
    "budget": "Candidates to simulate",
    "aisle": "Aisle width (m)",
    "keep_areas": "Keep fixtures in areas of their kind",
    "max_moves": "Most changes",
    "any": "any",
    "search": "Search",
    "open": "Open results…",
    "open_title": "Results of lobbysim suggest --json",
    "apply": "Apply",
    "close": "Close",
    "rank": "Rank",
    "changes": "Changes",
    "gain": "Gain (minimum effects)",
    "running": "searching…",
    "done": "{n} candidates simulated on the same customers as the drawing; the best {k} confirmed on fresh ones",
    "none": "no layout found that beats the drawing on the objectives within the constraints",
    "applied": "suggestion {rank} applied (Edit > Undo takes it back in one step)",
    "pick": "Select a suggestion first",
    "busy": "wait for the current run to finish (or cancel it) first",
    "stale": "the drawing has changed since the search; search again",
    "nothing": "tick at least one movable element (or draw the posts) and one objective",
    "move": "move {id} to ({x}, {y})",
    "turn": "turned to {r}°",
    "shift": "move {id} by ({dx}, {dy}) m",
    "draw": "draw {id}",
    "undo_text": "Apply suggestion {rank}",
}

#: what is ticked as an objective when the dialog opens (the case's three gains)
DEFAULT_OBJECTIVES = ("marketing_contacts", "outbound_calls", "ops_vp_floor_share")
GHOST = QColor(200, 0, 160)


class SuggestDialog(ToolDialog):
    TEXTS = TEXTS | ADVANCED_TEXTS
    CONTEXT = "Suggest"
    #: z of the ghosts: above the plan's elements and overlays
    Z = 60

    def __init__(self, window):
        super().__init__(window)
        self.result = None
        #: first-stage trials (None: from the budget, as ``lobbysim suggest``)
        self.trials: int | None = None
        self.ghosts: list = []
        from lobbysim.experiments.suggest import Settings

        v = QVBoxLayout(self)
        # the choices on a first tab, the command line's advanced options on a second (1366x768 screens)
        self.tabs = QTabWidget()
        basic = QWidget()
        self.advanced = AdvancedPanel(self.t, Settings().sampler)
        self.tabs.addTab(basic, "")
        self.tabs.addTab(self.advanced, "")
        v.addWidget(self.tabs, 1)
        page = QVBoxLayout(basic)
        top = QHBoxLayout()
        self.movable, self.objectives = QListWidget(), QListWidget()
        self.movable_label, self.objectives_label = QLabel(), QLabel()
        for label, lst in ((self.movable_label, self.movable), (self.objectives_label, self.objectives)):
            col = QVBoxLayout()
            col.addWidget(label)
            col.addWidget(lst, 1)
            top.addLayout(col, 1)
        page.addLayout(top)
        self.draw_posts, self.keep_areas = QCheckBox(), QCheckBox()
        form = QFormLayout()
        self.budget = QSpinBox(minimum=4, maximum=3000, value=30)
        self.aisle = QDoubleSpinBox(minimum=0.5, maximum=5.0, value=1.2, singleStep=0.1, decimals=2)
        self.max_moves = QSpinBox(minimum=0, maximum=50, value=0)
        self._labels = {}
        for key, w in (("budget", self.budget), ("aisle", self.aisle), ("max_moves", self.max_moves)):
            self._labels[key] = QLabel()
            form.addRow(self._labels[key], w)
        form.addRow(self.draw_posts)
        form.addRow(self.keep_areas)
        # beside the lists, so they keep their height on a 768-pixel screen
        col = QVBoxLayout()
        col.addLayout(form)
        col.addStretch(1)
        top.addLayout(col, 1)
        self.table = QTableWidget(0, 3)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().hide()  # the rank is a column
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.table.itemSelectionChanged.connect(self.show_ghosts)
        v.addWidget(self.table, 1)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        v.addWidget(self.status)
        buttons = self.button_row(v, self.use_selection, self.search, self.open_result, self.apply_selected, self.close)
        self.selection_button, self.search_button, self.open_button, self.apply_button, self.close_button = buttons
        self.apply_button.setEnabled(False)
        self._fill_lists()
        self.objectives.itemChanged.connect(self._objectives_changed)
        self.advanced.changed_kinds.connect(self._kinds_changed)
        self.resize(1060, 640)
        self.retranslate(self.lang)
        window.document_changed.connect(self._document_changed)

    def _document_changed(self) -> None:
        """Another drawing was opened: its suggestions and ghosts go, its elements are listed."""
        self.result = None
        self.clear_ghosts()
        self.table.setRowCount(0)
        self.apply_button.setEnabled(False)
        self.status.setText("")
        self._fill_lists()
        self.retranslate(self.lang)

    # --- the choices ------------------------------------------------------------------------------------
    def _fill_lists(self) -> None:
        """The drawing's fixtures (those of kinds that may move), seat blocks and posts, ticks kept."""
        immovable = self.advanced.immovable()
        ticked = set(self.movable_ids())
        self.movable.clear()
        for e in self.win.layout:
            if isinstance(e, (SeatBlock, Post)) or (isinstance(e, Fixture) and e.fixture_kind not in immovable):
                item = QListWidgetItem(f"{e.id}  {e.label_for(self.lang)}")
                item.setData(Qt.UserRole, e.id)
                item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
                item.setCheckState(Qt.Checked if e.id in ticked else Qt.Unchecked)
                self.movable.addItem(item)

    def _kinds_changed(self) -> None:
        """The immovable kinds changed: elements of those kinds leave the movable list, others come back."""
        self._fill_lists()

    def _objectives_changed(self, _item=None) -> None:
        """A weight row for each ticked objective (Advanced tab)."""
        names = self.objective_names()
        self.advanced.show_objectives(names, [_kpi(n, self.lang) for n in names])

    def retranslate(self, lang: str) -> None:
        from lobbysim.sim.kpis import KPI_INFO

        self.lang = lang
        self.setWindowTitle(self.t("title"))
        self.movable_label.setText(self.t("movable"))
        self.objectives_label.setText(self.t("objectives"))
        for key, label in self._labels.items():
            label.setText(self.t(key))
        self.max_moves.setSpecialValueText(self.t("any"))
        self.draw_posts.setText(self.t("draw_posts"))
        self.keep_areas.setText(self.t("keep_areas"))
        self.tabs.setTabText(0, self.t("basic_tab"))
        self.tabs.setTabText(1, self.t("advanced_tab"))
        self.advanced.retranslate(lang)
        for i in range(self.movable.count()):
            item = self.movable.item(i)
            e = self.win.layout.get(item.data(Qt.UserRole))
            item.setText(f"{item.data(Qt.UserRole)}  {e.label_for(lang) if e is not None else ''}")
        ticked = set(self.objective_names()) or set(DEFAULT_OBJECTIVES)
        self.objectives.blockSignals(True)
        self.objectives.clear()
        for name, (en, zh, _unit, better) in KPI_INFO.items():
            if better in ("lower", "higher"):
                item = QListWidgetItem(f"{zh if lang == 'zh' else en} {'↓' if better == 'lower' else '↑'}")
                item.setData(Qt.UserRole, name)
                item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
                item.setCheckState(Qt.Checked if name in ticked else Qt.Unchecked)
                self.objectives.addItem(item)
        self.objectives.blockSignals(False)
        self._objectives_changed()
        self.selection_button.setText(self.t("use_selection"))
        self.search_button.setText(self.t("search"))
        self.open_button.setText(self.t("open"))
        self.apply_button.setText(self.t("apply"))
        self.close_button.setText(self.t("close"))
        if self.result is not None:
            self._fill()
        elif self.table.rowCount() == 0:  # before a search: the columns' names, not Qt's numbers
            self.table.setHorizontalHeaderLabels([self.t("rank"), self.t("changes"), self.t("gain")])

    def set_movable(self, ids) -> None:
        """Tick exactly these elements as movable."""
        ids = set(ids)
        for i in range(self.movable.count()):
            item = self.movable.item(i)
            item.setCheckState(Qt.Checked if item.data(Qt.UserRole) in ids else Qt.Unchecked)

    def use_selection(self) -> None:
        """Tick the elements selected on the plan (choosing what may move on the plan itself)."""
        self.set_movable(self.win.scene.selected_ids())

    def set_objectives(self, names) -> None:
        names = set(names)
        self.objectives.blockSignals(True)
        for i in range(self.objectives.count()):
            item = self.objectives.item(i)
            item.setCheckState(Qt.Checked if item.data(Qt.UserRole) in names else Qt.Unchecked)
        self.objectives.blockSignals(False)
        self._objectives_changed()

    def movable_ids(self) -> list[str]:
        return _ticked(self.movable)

    def objective_names(self) -> list[str]:
        return _ticked(self.objectives) if hasattr(self, "objectives") else []

    # --- the search -----------------------------------------------------------------------------------------
    def settings(self):
        from lobbysim.experiments.suggest import Rules, Settings

        sim = self.win.sim
        return Settings(
            days=tuple(sim.day.codes()),
            movable=tuple(self.movable_ids()),
            draw_posts=self.draw_posts.isChecked(),
            rules=Rules(self.aisle.value(), self.keep_areas.isChecked(), self.max_moves.value() or None),
            budget=self.budget.value(),
            seed=sim.seed.value(),
            top=3,
            confirm_reps=max(2, sim.reps.value()),
            trials=self.trials,
            sampler=self.advanced.sampler_code(),
            immovable_kinds=self.advanced.immovable(),
        )

    def objective(self, analysis):
        """The objective from the ticked KPIs and the Advanced tab, through the command line's own
        parsing (``--weights``, ``--no-worse``, ``--move-cost``): a bad value is a usage error."""
        from lobbysim.experiments.suggest import make_objective

        adv = self.advanced
        return make_objective(
            self.objective_names(), analysis, adv.weights_text(), adv.no_worse_text(), adv.move_cost.value()
        )

    def search(self) -> None:
        from lobbysim.experiments.stats import analysis_from
        from lobbysim.experiments.suggest import suggest

        jobs = self.win.jobs
        if jobs.running:
            self.win.show_error(self.t("busy"))
            return
        if not (self.movable_ids() or self.draw_posts.isChecked()) or not self.objective_names():
            self.win.show_error(self.t("nothing"))
            return
        try:
            base = self.win.sim.variant("input")
            analysis = analysis_from(base.scenario_doc, base.scenario_path or None)
            objective = self.objective(analysis)
            settings = self.settings()
            settings.check()
        except LobbysimError as exc:
            self.win.show_error(str(exc))
            return
        ex = jobs.executor()
        self.result = None
        self.clear_ghosts()
        self.table.setRowCount(0)
        self.status.setText(self.t("running"))
        self.apply_button.setEnabled(False)
        self.search_button.setEnabled(False)

        def job(progress, cancel):
            return suggest(base, objective, settings, analysis=analysis, executor=ex, progress=progress, cancel=cancel)

        jobs.start("suggest", job, on_done=self._on_result, on_end=self._on_end)

    def open_result(self, path: str | None = None) -> bool:
        """Show what ``lobbysim suggest --json OUT`` found (a search run on the command line or a
        cluster) as if searched here: listed, drawn over the plan, each applied as one step."""
        from PySide6.QtWidgets import QFileDialog

        from lobbysim.experiments.suggest.reopen import load_result

        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.t("open_title"), "", "JSON (*.json)")
            if not path:
                return False
        try:
            res = load_result(path)
        except LobbysimError as exc:
            self.win.show_error(str(exc))
            return False
        self.clear_ghosts()
        self.table.setRowCount(0)
        self._on_result(res)
        return True

    def _on_end(self, job) -> None:
        """The search ended: a failure's one line is shown here too (the Simulate dock puts it in
        the error dialog), a cancelled run leaves the dock's status."""
        self.search_button.setEnabled(True)
        if job.state == "failed":
            self.status.setText(job.message)
        elif job.state != "done":
            self.status.setText(self.win.sim.status.text())

    def _on_result(self, res) -> None:
        self.result = res
        self._fill()

    def suggestions(self) -> list:
        return [] if self.result is None else [s for s in self.result.suggestions if s.acceptable]

    def _fill(self) -> None:
        res, good = self.result, self.suggestions()
        keep = self.selected()  # the suggestion shown stays shown (the language was switched)
        names = _columns(res.objective)
        headers = [self.t("rank"), self.t("changes"), self.t("gain")] + [_kpi(n, self.lang) for n in names]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(good))
        for r, s in enumerate(good):
            cells = [str(s.rank), "; ".join(self.change_text(e) for e in s.design.edits), f"{s.gain:.1f}"]
            cells += [" / ".join(_diff_text(s, d, n) for d in res.days) for n in names]
            for col, text in enumerate(cells):
                self.table.setItem(r, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.apply_button.setEnabled(bool(good))
        if good:
            self.table.clearSelection()  # selecting again redraws the ghosts in the new texts
            self.table.selectRow(next((i for i, s in enumerate(good) if s is keep), 0))
            self.status.setText(self.t("done").format(n=res.candidates_simulated, k=len(res.suggestions)))
        else:
            self.status.setText(self.t("none"))

    def change_text(self, edit) -> str:
        d = edit.describe()
        if d["action"] == "draw":
            return self.t("draw").format(id=edit.id)
        if "dx" in d:
            return self.t("shift").format(id=edit.id, dx=f"{d['dx']:+.1f}", dy=f"{d['dy']:+.1f}")
        to = d["to"]
        text = self.t("move").format(id=edit.id, x=f"{to['x']:.1f}", y=f"{to['y']:.1f}")
        if to["rotation"] != d["from"]["rotation"]:
            text += ", " + self.t("turn").format(r=f"{to['rotation']:g}")
        return text

    def selected(self):
        rows = {i.row() for i in self.table.selectedIndexes()}
        good = self.suggestions()
        return good[min(rows)] if rows and min(rows) < len(good) else None

    # --- the ghosts on the plan ---------------------------------------------------------------------------------
    def clear_ghosts(self) -> None:
        for item in self.ghosts:
            if shiboken6.isValid(item) and item.scene() is not None:
                item.scene().removeItem(item)
        self.ghosts = []

    def show_ghosts(self) -> None:
        """The selected suggestion over the plan: each changed element's outline where it would
        stand, an arrow from where it stands today, and the predicted gains."""
        self.clear_ghosts()
        s = self.selected()
        if s is None:
            return
        scene = self.win.scene
        pen = QPen(GHOST, 2, Qt.DashLine)
        pen.setCosmetic(True)
        for edit in s.design.edits:
            outline = QGraphicsPathItem(geometry_path(edit.new.geometry))
            outline.setPen(pen)
            outline.setBrush(QBrush(QColor(GHOST.red(), GHOST.green(), GHOST.blue(), 25 if edit.old is None else 60)))
            self._add(scene, outline, f"ghost:{edit.id}")
            if edit.old is not None:
                self._add(scene, _arrow(edit.old.anchor(), edit.new.anchor()), f"arrow:{edit.id}")
        x, y = s.design.edits[0].new.anchor()
        label = QGraphicsSimpleTextItem(self.gain_label(s))
        label.setBrush(QBrush(GHOST.darker(140)))
        label.setFont(QFont(label.font().family(), 10))
        label.setFlag(QGraphicsSimpleTextItem.ItemIgnoresTransformations, True)
        label.setPos(QPointF(x, -y))
        # a pale card behind the lines, so they read over seats and labels
        card = QGraphicsRectItem(label.boundingRect().adjusted(-3, -2, 3, 2), label)
        card.setBrush(QBrush(QColor(255, 255, 255, 215)))
        card.setPen(QPen(GHOST, 1))
        card.setFlag(QGraphicsRectItem.ItemStacksBehindParent, True)
        self._add(scene, label, "gains")

    def gain_label(self, s) -> str:
        """The suggestion's gains, one line per objective: 'Marketing contacts +13.7 (mon)'."""
        lines = []
        for name in _columns(self.result.objective):
            vals = " / ".join(_diff_text(s, d, name, interval=False) for d in self.result.days)
            lines.append(f"{_kpi(name, self.lang)} {vals}")
        return "\n".join(lines)

    def _add(self, scene, item, tag: str) -> None:
        item.setZValue(self.Z)
        item.setAcceptedMouseButtons(Qt.NoButton)
        item.setData(0, tag)
        scene.addItem(item)
        self.ghosts.append(item)

    # --- applying -------------------------------------------------------------------------------------------------
    def apply_selected(self):
        """The selected suggestion as one step on the undo stack (refused when the drawing has changed)."""
        s = self.selected()
        if s is None:
            self.win.show_error(self.t("pick"))
            return None
        layout = self.win.layout
        if any(layout.get(e.id) != e.old for e in s.design.edits):
            self.win.show_error(self.t("stale"))
            return None
        self.clear_ghosts()
        self.win.push(s.command(self.t("undo_text").format(rank=s.rank)))
        self.status.setText(self.t("applied").format(rank=s.rank))
        return s

    def closeEvent(self, event) -> None:
        self.clear_ghosts()
        super().closeEvent(event)


def _ticked(lst: QListWidget) -> list[str]:
    return [lst.item(i).data(Qt.UserRole) for i in range(lst.count()) if lst.item(i).checkState() == Qt.Checked]


def _columns(objective) -> list[str]:
    """The objectives, then the KPIs that must not get worse (mean wait unless told otherwise)."""
    names = list(objective.kpis)
    return names + [g.kpi for g in objective.guards if g.kpi not in names]


def _kpi(name: str, lang: str) -> str:
    from lobbysim.sim.kpis import KPI_INFO

    en, zh, *_ = KPI_INFO[name]
    return zh if lang == "zh" else en


def _diff_text(s, day: str, name: str, interval: bool = True) -> str:
    e = s.diff(day, name)
    text = kpi_table.value(e.mean, name, sign=True)
    if interval and math.isfinite(e.lo):
        text += " " + kpi_table.interval(e.lo, e.hi, name, sign=True)
    return text


def _arrow(a, b) -> QGraphicsPathItem:
    """An arrow from a to b (plan metres; the scene's y points down)."""
    (x0, y0), (x1, y1) = a, b
    path = QPainterPath(QPointF(x0, -y0))
    path.lineTo(x1, -y1)
    length = math.hypot(x1 - x0, y1 - y0)
    if length > 1e-6:
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        for side in (1, -1):
            hx = x1 - 0.5 * ux + side * 0.25 * uy
            hy = y1 - 0.5 * uy - side * 0.25 * ux
            path.moveTo(x1, -y1)
            path.lineTo(hx, -hy)
    item = QGraphicsPathItem(path)
    pen = QPen(GHOST, 2)
    pen.setCosmetic(True)
    item.setPen(pen)
    return item


def open_suggest(window) -> SuggestDialog:
    """Simulate > Suggest placements…: the dialog, ticking what is selected on the plan."""
    dlg = getattr(window, "suggest_dialog", None)
    if dlg is None or not shiboken6.isValid(dlg):
        dlg = window.suggest_dialog = SuggestDialog(window)
    else:
        dlg._fill_lists()
    if window.scene.selected_ids():
        dlg.use_selection()
    return dlg.present()


__all__ = ["SuggestDialog", "open_suggest"]
