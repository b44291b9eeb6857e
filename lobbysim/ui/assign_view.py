"""Post-assignment search from the editor: which floor staff member should hold post 1, 2, 3?

The dialog runs the experiments layer's search (every assignment, or a local search when there
are many) through the window's job runner (the Simulate dock's progress bar and Cancel), shows
the ranking with 95% intervals and the confirmation runs, and applies the chosen assignment by
saving it as a new scenario file that the Simulate dock then uses.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from lobbysim.errors import LobbysimError

from . import kpi_table
from .dialogs import ToolDialog

#: key -> English text (the Chinese is in lobbysim/ui/i18n/lobbysim_zh_CN.ts, context "Assign")
TEXTS = {
    "title": "Assign staff to posts",
    "objective": "Objective",
    "reps": "Replications",
    "confirm": "Confirm best",
    "budget": "Most assignments to try",
    "search": "Search",
    "apply": "Apply selected…",
    "close": "Close",
    "rank": "Rank",
    "assignment": "Assignment",
    "mean": "Mean",
    "ci": "95% CI",
    "confirmed": "Confirmed mean",
    "current": "Current",
    "running": "searching…",
    "done": ("{n} assignments ranked by {objective}; the best {k} confirmed with more replications"),
    "applied": "scenario saved as {path}; the Simulate dock now uses it",
    "pick": "Select a row of the ranking first",
    "busy": "wait for the current run to finish (or cancel it) first",
    "scenarios": "Scenarios",
}


class AssignDialog(ToolDialog):
    TEXTS = TEXTS
    CONTEXT = "Assign"

    def __init__(self, window):
        super().__init__(window)
        self.result = None
        self.base = None
        #: the objective of the ranking shown
        self.searched_for: str | None = None
        v = QVBoxLayout(self)
        form = QFormLayout()
        self.objective = QComboBox()
        self.reps = QSpinBox(minimum=1, maximum=200, value=3)
        self.confirm = QSpinBox(minimum=0, maximum=20, value=3)
        self.budget = QSpinBox(minimum=2, maximum=2000, value=60)
        self._labels = {}
        for key, w in (
            ("objective", self.objective),
            ("reps", self.reps),
            ("confirm", self.confirm),
            ("budget", self.budget),
        ):
            self._labels[key] = QLabel()
            form.addRow(self._labels[key], w)
        v.addLayout(form)
        self.table = QTableWidget(0, 6)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        v.addWidget(self.table, 1)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        v.addWidget(self.status)
        self.search_button, self.apply_button, self.close_button = self.button_row(
            v, self.search, self.apply_selected, self.close
        )
        self.apply_button.setEnabled(False)
        self.resize(820, 420)
        self.retranslate(self.lang)

    def retranslate(self, lang: str) -> None:
        from lobbysim.sim.kpis import KPI_INFO

        self.lang = lang
        self.setWindowTitle(self.t("title"))
        for key, label in self._labels.items():
            label.setText(self.t(key))
        chosen = self.objective.currentData() or "wait_mean_min"
        self.objective.clear()
        for name, (en, zh, _unit, better) in KPI_INFO.items():
            if better in ("lower", "higher"):
                arrow = "↓" if better == "lower" else "↑"
                self.objective.addItem(f"{zh if lang == 'zh' else en} {arrow}", name)
        self.objective.setCurrentIndex(max(0, self.objective.findData(chosen)))
        self.table.setHorizontalHeaderLabels(
            [self.t(k) for k in ("rank", "assignment", "mean", "ci", "confirmed", "current")]
        )
        self.search_button.setText(self.t("search"))
        self.apply_button.setText(self.t("apply"))
        self.close_button.setText(self.t("close"))
        if self.result is not None:
            self._fill()  # the status line in the new language

    # --- the search ------------------------------------------------------------------------------
    def search(self) -> None:
        from lobbysim.experiments.assign import search_assignments

        sim, jobs = self.win.sim, self.win.jobs
        if jobs.running:
            self.win.show_error(self.t("busy"))
            return
        try:
            base = sim.variant("A")
        except LobbysimError as exc:
            self.win.show_error(str(exc))
            return
        self.base = base
        objective, day, seed = self.objective.currentData(), sim.day.currentText(), sim.seed.value()
        self.searched_for = objective
        reps, confirm, budget = self.reps.value(), self.confirm.value(), self.budget.value()
        ex = jobs.executor()
        self.result = None
        self.status.setText(self.t("running"))
        self.apply_button.setEnabled(False)
        self.search_button.setEnabled(False)

        def job(progress, cancel):
            return search_assignments(
                base,
                objective,
                day,
                reps,
                seed,
                confirm_top=confirm,
                budget=budget,
                executor=ex,
                progress=progress,
                cancel=cancel,
            )

        jobs.start("assign", job, on_done=self._on_result, on_end=self._on_end)

    def _on_end(self, job) -> None:
        self.search_button.setEnabled(True)
        if job.state != "done":
            self.status.setText(self.win.sim.status.text() if job.state != "failed" else job.message)

    def _on_result(self, res) -> None:
        self.result = res
        self._fill()

    def _fill(self) -> None:
        res = self.result
        name = self.searched_for or ""

        def _fmt(v) -> str:
            return kpi_table.value(v, name)

        self.table.setRowCount(len(res.candidates))
        for r, c in enumerate(res.candidates):
            cells = [
                str(r + 1),
                c.label(res.staff),
                _fmt(c.estimate.mean),
                "-" if not math.isfinite(c.estimate.lo) else f"[{_fmt(c.estimate.lo)}, {_fmt(c.estimate.hi)}]",
                "" if c.confirmed is None else _fmt(c.confirmed.mean),
                "✓" if c.assignment == res.current else "",
            ]
            for col, text in enumerate(cells):
                self.table.setItem(r, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        if res.candidates:
            self.table.selectRow(0)
        self.apply_button.setEnabled(bool(res.candidates))
        k = sum(1 for c in res.candidates if c.confirmed is not None)
        objective = self.objective.itemText(max(0, self.objective.findData(self.searched_for or "")))
        self.status.setText(self.t("done").format(n=len(res.candidates), objective=objective, k=k))

    # --- applying ---------------------------------------------------------------------------------
    def ask_save_path(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, self.t("apply"), suggested, self.t("scenarios") + " (*.json)")
        return path

    def apply_selected(self) -> str | None:
        """Save the base scenario with the selected assignment under a new name and use it."""
        from lobbysim.experiments.assign import apply_assignment
        from lobbysim.model.jsonio import atomic_write_text, dumps_pretty
        from lobbysim.sim.scenario import Scenario

        rows = {i.row() for i in self.table.selectedIndexes()}
        if self.result is None or not rows:
            self.win.show_error(self.t("pick"))
            return None
        cand = self.result.candidates[min(rows)]
        doc = apply_assignment(self.base.scenario_doc, self.result.staff, cand.assignment)
        src = Path(self.base.scenario_path or "scenario.json")
        path = self.ask_save_path(str(src.with_name(src.stem + "_assigned.json")))
        if not path:
            return None
        try:
            Scenario.from_dict(doc, path)
            atomic_write_text(path, dumps_pretty(doc))
        except (LobbysimError, OSError) as exc:
            self.win.show_error(f"{path}: {exc}" if isinstance(exc, OSError) else str(exc))
            return None
        self.win.sim.use_scenario(path)
        self.status.setText(self.t("applied").format(path=path))
        return path


__all__ = ["AssignDialog"]
