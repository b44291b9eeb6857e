"""Simulate, compare, replay and export from the editor.

Runs go to a worker thread that drives the experiments layer (whose replications run in
worker processes), so the window keeps answering; progress and results come back as Qt
signals, and a cancel button sets the run's cancel event. The replay draws customers and
staff as markers coloured by state from the records of replication 0.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QPointF, Qt, QThread, Signal
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QGraphicsEllipseItem, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton,
    QSlider, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from lobbysim.errors import LobbysimError
from lobbysim.report.replay import STATE_COLOURS, Replay, clock

SAMPLE_SCENARIO = Path(__file__).resolve().parents[2] / "layouts" / "railway_station" / "scenario.json"


class Worker(QObject):
    """Runs one job (a callable taking progress and cancel) off the GUI thread."""

    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)

    def __init__(self, job):
        super().__init__()
        self.job = job
        self.cancel = threading.Event()

    def run(self):
        try:
            res = self.job(lambda d, t: self.progress.emit(d, t), self.cancel)
        except LobbysimError as exc:
            self.failed.emit(str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - shown to the user, never a silent crash
            self.failed.emit(f"{type(exc).__name__}: {exc}")
            return
        self.done.emit(res)


class SimPanel(QWidget):
    """The Simulate dock: scenario, days, replications, seed; run/cancel; KPI table; replay;
    compare with another layout; export the report."""

    finished = Signal()

    def __init__(self, window):
        super().__init__()
        self.win = window
        self.result = None
        self.replay = None
        self._markers: list[QGraphicsEllipseItem] = []
        self._thread: QThread | None = None
        self._worker: Worker | None = None
        self.executor = None
        v = QVBoxLayout(self)
        row = QHBoxLayout()
        self.scenario = QLineEdit(str(SAMPLE_SCENARIO))
        pick = QPushButton("…")
        pick.clicked.connect(self._pick_scenario)
        row.addWidget(QLabel("scenario"))
        row.addWidget(self.scenario)
        row.addWidget(pick)
        v.addLayout(row)
        row = QHBoxLayout()
        self.day = QComboBox()
        self.day.addItems(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])
        self.reps = QSpinBox(minimum=1, maximum=1000, value=5)
        self.seed = QSpinBox(minimum=0, maximum=10 ** 9, value=1)
        for label, w in (("day", self.day), ("reps", self.reps), ("seed", self.seed)):
            row.addWidget(QLabel(label))
            row.addWidget(w)
        v.addLayout(row)
        row = QHBoxLayout()
        self.run_button = QPushButton("Run")
        self.run_button.clicked.connect(self.run)
        self.compare_button = QPushButton("Compare with…")
        self.compare_button.clicked.connect(self._pick_compare)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        for b in (self.run_button, self.compare_button, self.cancel_button):
            row.addWidget(b)
        v.addLayout(row)
        self.bar = QProgressBar()
        v.addWidget(self.bar)
        self.status = QLabel("")
        v.addWidget(self.status)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["KPI", "mean", "95% CI"])
        v.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.slider = QSlider(Qt.Horizontal)
        self.slider.setEnabled(False)
        self.slider.valueChanged.connect(self.show_time)
        self.clock = QLabel("--:--:--")
        row.addWidget(QLabel("replay"))
        row.addWidget(self.slider, 1)
        row.addWidget(self.clock)
        v.addLayout(row)

    # --- choosing files (replaceable in tests) ---------------------------------------------------------
    def _pick_scenario(self):
        path, _ = QFileDialog.getOpenFileName(self, "Scenario", "", "Scenarios (*.json)")
        if path:
            self.scenario.setText(path)

    def _pick_compare(self):
        path, _ = QFileDialog.getOpenFileName(self, "Layout to compare", "", "Layouts (*.lobby.json)")
        if path:
            self.compare_with(path)

    # --- running -----------------------------------------------------------------------------------------
    def _variant(self, key, layout_doc, layout_path):
        from lobbysim.experiments.runner import Variant
        from lobbysim.model.jsonio import read_json
        from lobbysim.sim.scenario import Scenario

        path = self.scenario.text()
        doc = read_json(path, what="lobbysim scenario")
        Scenario.from_dict(doc, path)
        return Variant(key, layout_doc, doc, key, layout_path or "", path)

    def _executor(self):
        from lobbysim.experiments.runner import LocalPoolExecutor

        if self.executor is None:
            self.executor = LocalPoolExecutor(start_method="forkserver")
        return self.executor

    def _start(self, job, on_done):
        if self._thread is not None:
            return False
        self._thread = QThread()
        self._worker = Worker(job)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self._on_progress)
        self._worker.done.connect(on_done)
        self._worker.failed.connect(self._on_failed)
        self._worker.done.connect(self._stop)
        self._worker.failed.connect(self._stop)
        self.run_button.setEnabled(False)
        self.compare_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.bar.setValue(0)
        self._thread.start()
        return True

    def _stop(self, *_):
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
        self._thread = None
        self._worker = None
        self.run_button.setEnabled(True)
        self.compare_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.finished.emit()

    @property
    def running(self) -> bool:
        return self._thread is not None

    def cancel(self):
        if self._worker is not None:
            self._worker.cancel.set()
            self.status.setText("cancelling…")

    def _on_progress(self, done, total):
        self.bar.setMaximum(total)
        self.bar.setValue(done)

    def _on_failed(self, message):
        self.status.setText(message)
        self.win.show_error(message)

    def run(self):
        """Simulate the layout in the editor on the chosen day."""
        from lobbysim.experiments.experiment import run_experiment
        from lobbysim.model.fileformat import layout_to_dict

        try:
            a = self._variant("A", layout_to_dict(self.win.layout), self.win.path)
        except LobbysimError as exc:
            self.win.show_error(str(exc))
            return
        day, reps, seed = self.day.currentText(), self.reps.value(), self.seed.value()
        ex = self._executor()
        self.status.setText(f"running {reps} replication(s) of {day}…")
        self._start(lambda progress, cancel: run_experiment([a], [day], reps, seed, executor=ex, progress=progress,
                                                            cancel=cancel, keep_records="first"), self._on_result)

    def _on_result(self, res):
        from lobbysim.experiments.stats import estimate
        from lobbysim.sim.kpis import KPI_INFO

        self.result = res
        day = res.days[0]
        names = res.kpi_names()
        self.table.setColumnCount(3)
        self.table.setHorizontalHeaderLabels(["KPI", "mean", "95% CI"])
        self.table.setRowCount(len(names))
        for r, n in enumerate(names):
            e = estimate(res.values(res.variants[0], day, n))
            info = KPI_INFO.get(n)
            label = n if info is None else (info[1] if self.win.lang == "zh" else info[0])
            self.table.setItem(r, 0, QTableWidgetItem(label))
            self.table.setItem(r, 1, QTableWidgetItem(f"{e.mean:.3g}"))
            self.table.setItem(r, 2, QTableWidgetItem(f"[{e.lo:.3g}, {e.hi:.3g}]" if e.n > 1 else "-"))
        self.table.resizeColumnsToContents()
        rec = res.records.get((res.variants[0], day, 0))
        if rec is not None:
            self.start_replay(rec)
        self.status.setText(f"{res.reps} replication(s) of {day} done")

    def _this_and_other(self, other_path: str):
        """(A = the layout in the editor, B = the layout file), both with the chosen scenario;
        None (and a message) when either cannot be read."""
        from lobbysim.model.fileformat import layout_from_dict, layout_to_dict
        from lobbysim.model.jsonio import read_json

        try:
            a = self._variant("A", layout_to_dict(self.win.layout), self.win.path)
            bdoc = read_json(other_path, what="lobbysim layout")
            layout_from_dict(bdoc, other_path)
            return a, self._variant("B", bdoc, other_path)
        except LobbysimError as exc:
            self.win.show_error(str(exc))
            return None

    def compare_with(self, other_path: str):
        """Compare the layout in the editor (A) with another layout file (B) on the same customers."""
        from lobbysim.experiments.experiment import compare, run_experiment

        pair = self._this_and_other(other_path)
        if pair is None:
            return
        a, b = pair
        day, reps, seed = self.day.currentText(), self.reps.value(), self.seed.value()
        ex = self._executor()
        self.status.setText(f"comparing on {reps} replication(s) of {day}…")

        def job(progress, cancel):
            res = run_experiment([a, b], [day], reps, seed, executor=ex, progress=progress, cancel=cancel,
                                 keep_records="none")
            return compare(res, "A", "B")

        self._start(job, self._on_compare)

    def _on_compare(self, cmp):
        from lobbysim.experiments.experiment import comparison_rows

        self.comparison = cmp
        day = next(iter(cmp["days"]))
        header, rows = comparison_rows(cmp, day, self.win.lang)
        self.table.setColumnCount(len(header))
        self.table.setHorizontalHeaderLabels(header)
        self.table.setRowCount(len(rows))
        colours = {"better": QColor("#d5f5d5"), "worse": QColor("#f9d6d5")}
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                it = QTableWidgetItem(f"{v:.3g}" if isinstance(v, float) else ("-" if v is None else str(v)))
                if row[-1] in colours:
                    it.setBackground(colours[row[-1]])
                self.table.setItem(r, c, it)
        self.table.resizeColumnsToContents()
        self.status.setText("comparison done (B = the other layout)")

    # --- replay --------------------------------------------------------------------------------------------
    def start_replay(self, records):
        self.replay = Replay(records, self.win.layout)
        self.slider.setEnabled(True)
        self.slider.setRange(int(self.replay.start), int(self.replay.end))
        self.slider.setSingleStep(60)
        self.slider.setPageStep(900)
        self.slider.setValue(int(self.replay.start + 3600))
        self.show_time(self.slider.value())

    def show_time(self, t):
        if self.replay is None:
            return
        scene = self.win.scene
        for m in self._markers:
            if m.scene() is scene:
                scene.removeItem(m)
        self._markers = []
        for mk in self.replay.markers(float(t)):
            r = 0.22 if mk.actor == "customer" else 0.3
            item = QGraphicsEllipseItem(-r, -r, 2 * r, 2 * r)
            item.setPos(QPointF(mk.x, -mk.y))
            item.setBrush(QBrush(QColor(STATE_COLOURS.get(mk.state, "#000000"))))
            pen = QPen(QColor("#000000") if mk.actor == "staff" else Qt.NoPen)
            pen.setCosmetic(True)
            item.setPen(pen)
            item.setZValue(20)
            item.setData(0, (mk.actor, mk.actor_id, mk.state))
            scene.addItem(item)
            self._markers.append(item)
        c = self.replay.counts(float(t))
        self.clock.setText(f"{clock(t)}  inside {c['inside']}  queue {c['queue']}")

    def marker_positions(self) -> dict:
        return {m.data(0)[:2]: (m.pos().x(), m.pos().y()) for m in self._markers}

    def export_report(self, other_path: str, out: str, lang: str = "en"):
        """The leadership report of this layout (A) against another (B), in the background."""
        from lobbysim.report.document import make_report

        pair = self._this_and_other(other_path)
        if pair is None:
            return
        a, b = pair
        day, reps, seed = self.day.currentText(), self.reps.value(), self.seed.value()
        ex = self._executor()
        self._start(lambda progress, cancel: make_report(a, b, [day], reps, seed, out, lang=lang, executor=ex,
                                                         progress=progress), self._on_report)

    def _on_report(self, res):
        self.status.setText(f"report written: {res['pages']} pages")
        self.last_report = res


__all__ = ["SimPanel", "Worker", "json"]
