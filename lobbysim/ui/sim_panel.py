"""Simulate, compare, replay and export from the editor.

Runs go to a worker thread that drives the experiments layer (whose replications run in
worker processes), so the window keeps answering; progress and results come back as Qt
signals, and a cancel button sets the run's cancel event. The replay draws customers and
staff as markers coloured by state from the records of replication 0.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QObject, QPointF, Qt, QThread, Signal
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QGraphicsEllipseItem,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from lobbysim.errors import LobbysimError
from lobbysim.experiments.labels import DAYS, WEEK, day_name
from lobbysim.report.replay import STATE_COLOURS, STATE_LABELS, Replay, clock

SAMPLE_SCENARIO = Path(__file__).resolve().parents[2] / "layouts" / "railway_station" / "scenario.json"


@dataclass(frozen=True)
class VariantSpec:
    """One variant to compare: a layout file (None: the drawing in the editor) and a scenario
    file (None: the scenario chosen in the Simulate dock), with an optional label."""

    layout: str | None
    scenario: str | None
    label: str = ""


#: the weekdays and 'week' (the seven days combined, weighted as they occur; experiments/week.py)
CODES = (*DAYS, WEEK)


class _DaysButton(QToolButton):
    """The weekdays to simulate: a button naming them and a menu of check boxes (at least one
    stays checked). ``codes()`` gives the chosen codes in week order; ``currentText()`` the first
    (the day a replay shows), ``setCurrentText(code)`` chooses that day alone."""

    def __init__(self):
        super().__init__()
        self.lang = "en"
        self.setPopupMode(QToolButton.InstantPopup)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)  # room for several day names
        menu = QMenu(self)
        self.day_actions = {}
        for code in CODES:
            if code == WEEK:
                menu.addSeparator()
            a = menu.addAction(code)
            a.setCheckable(True)
            a.setData(code)
            a.toggled.connect(self._toggled)
            self.day_actions[code] = a
        self.setMenu(menu)
        self.day_actions["mon"].setChecked(True)

    def _toggled(self, on: bool) -> None:
        if not on and not self.codes():  # never no day at all
            a = self.sender()
            a.blockSignals(True)
            a.setChecked(True)
            a.blockSignals(False)
        self._show()

    def _show(self) -> None:
        self.setText(self.label())
        # the menu arrow is drawn over the text unless there is room for both
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance(self.text()) + 30)

    def codes(self) -> list[str]:
        return [c for c in CODES if self.day_actions[c].isChecked()]

    def set_codes(self, codes) -> None:
        codes = [c for c in codes if c in CODES] or ["mon"]
        for c, a in self.day_actions.items():
            a.blockSignals(True)
            a.setChecked(c in codes)
            a.blockSignals(False)
        self._show()

    def currentText(self) -> str:  # noqa: N802 - the name of the single-day chooser it replaced
        return self.codes()[0]

    def setCurrentText(self, code: str) -> None:  # noqa: N802
        self.set_codes([code])

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        for code, a in self.day_actions.items():
            a.setText(day_name(code, lang))
        self._show()

    def label(self, code: str | None = None) -> str:
        """One day's name, or the names of all chosen days."""
        if code is not None:
            return day_name(code, self.lang)
        return ", ".join(day_name(c, self.lang) for c in self.codes())


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


def fill_table(table: QTableWidget, header, rows, verdicts) -> None:
    """A table with cells coloured by their verdict ('better' green, 'worse' red)."""
    colours = {"better": QColor("#d5f5d5"), "worse": QColor("#f9d6d5")}
    table.setColumnCount(len(header))
    table.setHorizontalHeaderLabels(header)
    table.setRowCount(len(rows))
    for r, (row, ver) in enumerate(zip(rows, verdicts)):
        for c, v in enumerate(row):
            it = QTableWidgetItem(f"{v:.3g}" if isinstance(v, float) else ("-" if v is None else str(v)))
            if ver[c] in colours:
                it.setBackground(colours[ver[c]])
            table.setItem(r, c, it)
    table.resizeColumnsToContents()


class SimPanel(QWidget):
    """The Simulate dock: scenario, days, replications, seed; run/cancel; KPI table; replay;
    compare with another layout; export the report."""

    finished = Signal()
    #: the scenario file to simulate changed (another file chosen, or the file was saved again)
    scenario_changed = Signal(str)

    def __init__(self, window):
        super().__init__()
        self.win = window
        self.result = None
        self.comparison = None
        #: (header, rows, verdicts) of the last comparison table
        self.table_rows = None
        #: variant key -> model Layout of the last run or comparison
        self.variant_layouts: dict = {}
        self.replay = None
        self._markers: list[QGraphicsEllipseItem] = []
        self._thread: QThread | None = None
        self._worker: Worker | None = None
        self.executor = None
        v = QVBoxLayout(self)
        row = QHBoxLayout()
        self.scenario = QLineEdit(str(SAMPLE_SCENARIO))
        self.scenario.editingFinished.connect(lambda: self.scenario_changed.emit(self.scenario.text()))
        pick = QPushButton("…")
        pick.clicked.connect(self._pick_scenario)
        self._labels = {
            "scenario": QLabel(),
            "day": QLabel(),
            "reps": QLabel(),
            "seed": QLabel(),
            "precision": QLabel(),
            "replay": QLabel(),
        }
        row.addWidget(self._labels["scenario"])
        row.addWidget(self.scenario)
        row.addWidget(pick)
        v.addLayout(row)
        row = QHBoxLayout()
        self.day = _DaysButton()
        self.reps = QSpinBox(minimum=1, maximum=1000, value=5)
        self.seed = QSpinBox(minimum=0, maximum=10**9, value=1)
        for label, w in (("day", self.day), ("reps", self.reps), ("seed", self.seed)):
            row.addWidget(self._labels[label])
            row.addWidget(w, 2 if w is self.day else 1)
        v.addLayout(row)
        row = QHBoxLayout()
        # --precision: 0 runs the replications asked; otherwise more until precise enough (max 200)
        self.precision = QDoubleSpinBox(minimum=0.0, maximum=0.5, singleStep=0.01, decimals=2, value=0.0)
        row.addWidget(self._labels["precision"])
        row.addWidget(self.precision, 1)
        v.addLayout(row)
        row = QHBoxLayout()
        self.run_button = QPushButton()
        self.run_button.clicked.connect(self.run)
        self.compare_button = QPushButton()
        self.compare_button.clicked.connect(self._pick_compare)
        self.cancel_button = QPushButton()
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        for b in (self.run_button, self.compare_button, self.cancel_button):
            row.addWidget(b)
        v.addLayout(row)
        self.bar = QProgressBar()
        v.addWidget(self.bar)
        self.status = QLabel("")
        self.status.setWordWrap(True)  # a long message must not widen the dock and squeeze the plan
        v.addWidget(self.status)
        self.table_day = QComboBox()
        self.table_day.setVisible(False)
        self.table_day.currentIndexChanged.connect(lambda i: self.show_day(self.table_day.itemData(i)))
        v.addWidget(self.table_day)
        self.table = QTableWidget(0, 3)
        v.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.slider = QSlider(Qt.Horizontal)
        self.slider.setEnabled(False)
        self.slider.valueChanged.connect(self.show_time)
        self.clock = QLabel("--:--:--")
        row.addWidget(self._labels["replay"])
        row.addWidget(self.slider, 1)
        row.addWidget(self.clock)
        v.addLayout(row)
        self.legend = QLabel()  # what the replay markers' colours mean
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.RichText)
        v.addWidget(self.legend)
        self.retranslate()

    def t(self, text: str) -> str:
        return self.win.t(text)

    def retranslate(self, lang: str | None = None) -> None:
        """Labels in the window's interface language (called again after a language switch)."""
        for key, label in self._labels.items():
            label.setText(self.t(key))
        self.run_button.setText(self.t("Run"))
        self.compare_button.setText(self.t("Compare with…"))
        self.cancel_button.setText(self.t("Cancel"))
        self.precision.setSpecialValueText(self.t("off"))
        self.precision.setToolTip(
            self.t("Add replications until each watched KPI's 95% interval is within this share of its mean")
        )
        self.day.retranslate(self.win.lang)
        zh = self.win.lang == "zh"
        self.legend.setText(
            "&nbsp; ".join(
                f'<span style="color:{STATE_COLOURS[k]}">●</span>&nbsp;'
                + STATE_LABELS[k][0 if zh else 1].replace(" ", "&nbsp;")  # an entry never breaks
                for k in STATE_COLOURS
                if k in STATE_LABELS
            )
        )
        for i in range(self.table_day.count()):
            self.table_day.setItemText(i, self.day.label(self.table_day.itemData(i)))
        if self.result is not None and self.table_day.count():
            self.show_day(self.table_day.currentData())  # KPI names in the new language
        elif self.table.columnCount() == 3:
            self.table.setHorizontalHeaderLabels(["KPI", self.t("mean"), self.t("95% CI")])

    def use_scenario(self, path: str) -> None:
        """Simulate with this scenario file from now on (also after it was saved again in place)."""
        self.scenario.setText(str(path))
        self.scenario_changed.emit(str(path))

    # --- choosing files (replaceable in tests) ---------------------------------------------------------
    def _pick_scenario(self):
        path, _ = QFileDialog.getOpenFileName(self, self.t("scenario"), "", self.t("Scenarios") + " (*.json)")
        if path:
            self.use_scenario(path)

    def _pick_compare(self):
        path, _ = QFileDialog.getOpenFileName(
            self, self.t("Compare with layout (B)"), "", self.t("Layouts") + " (*.lobby.json)"
        )
        if path:
            self.compare_with(path)

    # --- running -----------------------------------------------------------------------------------------
    def _variant(self, key, layout_doc, layout_path, scenario_path=None):
        from lobbysim.experiments.runner import Variant
        from lobbysim.model.jsonio import read_json
        from lobbysim.sim.variant import build_variant

        path = scenario_path or self.scenario.text()
        doc = read_json(path, what="lobbysim scenario")
        build_variant(layout_doc, doc, layout_path=layout_path or None, scenario_path=path)  # what `run` refuses
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
            self.status.setText(self.t("cancelling…"))

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
        days, reps, seed = self.day.codes(), self.reps.value(), self.seed.value()
        ex = self._executor()
        self.status.setText(self.t("running {reps} replication(s) of {day}…").format(reps=reps, day=self.day.label()))
        precision = self.precision_rule(reps)
        self._start(
            lambda progress, cancel: run_experiment(
                [a],
                days,
                reps,
                seed,
                executor=ex,
                progress=progress,
                cancel=cancel,
                keep_records="first",
                precision=precision,
            ),
            self._on_result,
        )

    def precision_rule(self, reps: int, pair=None):
        """The Precision of the precision box (None when it is off)."""
        from lobbysim.experiments.experiment import Precision

        rel = self.precision.value()
        return None if rel <= 0 else Precision(rel, max_reps=max(200, reps), pair=pair)

    def _on_result(self, res):
        self.result = res
        self.comparison = None
        self.variant_layouts = {res.variants[0]: self.win.layout}
        self._set_table_days(res.days)
        self.status.setText(
            self.t("{reps} replication(s) of {day} done").format(
                reps=res.reps, day=", ".join(self.day.label(d) for d in res.days)
            )
            + self._stopping_words(res)
        )

    def _stopping_words(self, res) -> str:
        s = res.stopping
        if s is None or s.reason == "fixed":
            return ""
        return (
            " (" + self.t({"precise": "precise enough", "max_reps": "stopped at the most replications"}[s.reason]) + ")"
        )

    def _set_table_days(self, days) -> None:
        """Offer the result's days above the table (hidden for one day) and show the first."""
        self.table_day.blockSignals(True)
        self.table_day.clear()
        for d in days:
            self.table_day.addItem(self.day.label(d), d)
        self.table_day.blockSignals(False)
        self.table_day.setVisible(len(days) > 1)
        self.show_day(days[0])

    def show_day(self, day: str) -> None:
        """The table (and, after a run, the replay) of one day of the last result."""
        res = self.result
        if res is None or day not in res.days:
            return
        i = self.table_day.findData(day)
        if i >= 0 and i != self.table_day.currentIndex():
            self.table_day.setCurrentIndex(i)  # comes back here through the signal
            return
        if len(res.variants) == 1:
            self._fill_summary(res, day)
            rec = res.records.get((res.variants[0], day, 0))
            if rec is not None:
                self.start_replay(rec)
        else:
            self._fill_comparison(res, day)

    def _fill_summary(self, res, day) -> None:
        from lobbysim.experiments.labels import fmt_number
        from lobbysim.sim.kpis import KPI_INFO

        names = res.kpi_names()
        self.table.setColumnCount(3)
        self.table.setHorizontalHeaderLabels(["KPI", self.t("mean"), self.t("95% CI")])
        self.table.setRowCount(len(names))
        for r, n in enumerate(names):
            e = res.estimate(res.variants[0], day, n)
            info = KPI_INFO.get(n)
            label = n if info is None else (info[1] if self.win.lang == "zh" else info[0])
            self.table.setItem(r, 0, QTableWidgetItem(label))
            self.table.setItem(r, 1, QTableWidgetItem(fmt_number(e.mean)))
            ci = f"[{fmt_number(e.lo)}, {fmt_number(e.hi)}]" if e.has_interval else "-"
            self.table.setItem(r, 2, QTableWidgetItem(ci))
        self.table.resizeColumnsToContents()

    def compare_with(self, other_path: str):
        """Compare the layout in the editor (A) with another layout file (B) on the same customers."""
        self.compare_variants([VariantSpec(None, None), VariantSpec(other_path, None)])

    def variants_of(self, specs: list[VariantSpec]):
        """Experiment variants A, B, C, … of the specs (None layout = the editor's drawing, None
        scenario = the scenario chosen in this dock) with their layouts; None (and a message)
        when a file cannot be read or does not validate."""
        from lobbysim.model.fileformat import layout_from_dict, layout_to_dict
        from lobbysim.model.jsonio import read_json

        variants, layouts = [], {}
        try:
            for i, spec in enumerate(specs):
                key = chr(ord("A") + i) if i < 26 else f"V{i + 1}"
                if spec.layout is None:
                    doc, lpath, layout = layout_to_dict(self.win.layout), self.win.path or "", self.win.layout
                else:
                    doc, lpath = read_json(spec.layout, what="lobbysim layout"), spec.layout
                    layout = layout_from_dict(doc, spec.layout)
                v = self._variant(key, doc, lpath, spec.scenario)
                variants.append(replace(v, label=spec.label or self._label(spec)))
                layouts[key] = layout
        except LobbysimError as exc:
            self.win.show_error(str(exc))
            return None
        return variants, layouts

    def _label(self, spec: VariantSpec) -> str:
        path = spec.layout or self.win.path
        name = Path(path).name.removesuffix(".lobby.json").removesuffix(".json") if path else self.t("this layout")
        if spec.layout is None:
            name = self.t("{name} (editor)").format(name=name)
        if spec.scenario is not None and spec.scenario != self.scenario.text():
            name += f" + {Path(spec.scenario).stem}"
        return name

    def compare_variants(self, specs: list[VariantSpec]):
        """Run two or more variants (layouts and/or scenarios) on the same customers; the table
        shows them side by side with paired differences to the first."""
        from lobbysim.experiments.experiment import run_experiment

        if len(specs) < 2:
            self.win.show_error(self.t("choose at least two variants to compare"))
            return
        got = self.variants_of(specs)
        if got is None:
            return
        variants, layouts = got
        self.table_rows = None
        days, reps, seed = self.day.codes(), self.reps.value(), self.seed.value()
        ex = self._executor()
        self.status.setText(
            self.t("comparing {n} variants on {reps} replication(s) of {day}…").format(
                n=len(variants), reps=reps, day=self.day.label()
            )
        )

        pair = (variants[0].key, variants[1].key) if len(variants) == 2 else None
        precision = self.precision_rule(reps, pair)

        def job(progress, cancel):
            res = run_experiment(
                variants,
                days,
                reps,
                seed,
                executor=ex,
                progress=progress,
                cancel=cancel,
                keep_records="first",
                precision=precision,
            )
            return res, layouts

        self._start(job, self._on_compare)

    def _on_compare(self, got):
        from lobbysim.experiments.experiment import compare

        res, layouts = got
        self.result, self.variant_layouts = res, layouts
        # the public comparison of B against A (all days), as `lobbysim compare` gives it
        self.comparison = compare(res, res.variants[0], res.variants[1]) if len(res.variants) == 2 else None
        self._set_table_days(res.days)
        if len(res.variants) > 2:
            self.status.setText(
                self.t("comparison of {n} variants done (differences to {base})").format(
                    n=len(res.variants), base=res.labels[res.variants[0]]
                )
            )
        else:
            self.status.setText(self.t("comparison done (B = the other layout)"))

    def _fill_comparison(self, res, day) -> None:
        from lobbysim.experiments.experiment import comparison_rows, multi_comparison_rows

        if self.comparison is None:
            header, rows, verdicts = multi_comparison_rows(res, day, lang=self.win.lang)
            self._fill_table(header, rows, verdicts)
        else:
            header, rows = comparison_rows(self.comparison, day, self.win.lang)
            self._fill_table(header, rows, [[row[-1]] * len(row) for row in rows])

    def _fill_table(self, header, rows, verdicts):
        self.table_rows = (header, rows, verdicts)
        fill_table(self.table, header, rows, verdicts)

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
        self.clock.setText(
            self.t("{clock}  inside {inside}  queue {queue}").format(
                clock=clock(t), inside=c["inside"], queue=c["queue"]
            )
        )

    def marker_positions(self) -> dict:
        return {m.data(0)[:2]: (m.pos().x(), m.pos().y()) for m in self._markers}

    def export_report(self, other_path: str, out: str, lang: str = "en"):
        """The leadership report of this layout (A) against another (B), in the background."""
        from lobbysim.report.document import make_report

        got = self.variants_of([VariantSpec(None, None), VariantSpec(other_path, None)])
        if got is None:
            return
        a, b = got[0]
        days, reps, seed = self.day.codes(), self.reps.value(), self.seed.value()
        ex = self._executor()
        self._start(
            lambda progress, cancel: make_report(
                a, b, days, reps, seed, out, lang=lang, executor=ex, progress=progress
            ),
            self._on_report,
        )

    def _on_report(self, res):
        self.status.setText(self.t("report written: {pages} pages").format(pages=res["pages"]))
        self.last_report = res


__all__ = ["SimPanel", "VariantSpec", "Worker", "json"]
