"""The Simulate dock: scenario, days, replications and seed; run, compare and export the report
in the background; the KPI table of the last result and the replay of its day.

Every run goes through the window's job runner (``lobbysim/ui/jobs.py``): the window keeps
answering, the progress bar and the Cancel button follow any job, and a result arrives on the
GUI thread only while the drawing it was run on is still open. Before anything runs, each
variant is checked the way ``lobbysim run`` checks it: a layout with errors or a scenario that
cannot run on it is refused with the problem in one line.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from lobbysim.errors import LobbysimError
from lobbysim.experiments.labels import DAYS, WEEK, day_name
from lobbysim.samples import DEFAULT_SCENARIO, sample_file

from . import kpi_table
from .i18n_text import tr
from .jobs import CANCELLED, DETACHED, FAILED

CONTEXT = "EditorWindow"  # the dock's texts sit with the window's in the translation file
#: the weekdays and 'week' (the seven days combined, weighted as they occur; experiments/week.py)
CODES = (*DAYS, WEEK)


@dataclass(frozen=True)
class VariantSpec:
    """One variant to compare: a layout file (None: the drawing in the editor) and a scenario
    file (None: the scenario chosen in the Simulate dock), with an optional label."""

    layout: str | None
    scenario: str | None
    label: str = ""


def substitution_lines(result, lang: str) -> list[str]:
    """What each variant's layout made of the scenario's roster (a post it lacks, worked at a desk
    instead: issue 13 wants every output to list it), from the records the run kept, in ``lang``."""
    from lobbysim.sim.checks import substitution_fields

    lines: list[str] = []
    for (variant, _day, _rep), rec in result.records.items():
        label = result.labels.get(variant, variant)
        for line in rec.substitutions:
            f = substitution_fields(line)
            text = (
                tr(CONTEXT, "{variant}: {sid} works at {desk} ({post} is not on this layout)", lang).format(
                    variant=label, **f
                )
                if f is not None
                else f"{label}: {line}"
            )
            if text not in lines:
                lines.append(text)
    return lines


def runnable_variant(key: str, layout, layout_doc: dict, layout_path: str, scenario_path: str, label: str = ""):
    """An experiment Variant of a layout and a scenario file, checked by the one check every way
    of simulating uses (``lobbysim.sim.variant.build_variant``): a layout that does not validate
    or whose floor is split, a scenario that does not parse or does not fit the layout is a
    LobbysimError naming the file, the element and the problem."""
    from lobbysim.experiments.runner import Variant
    from lobbysim.model.jsonio import read_json
    from lobbysim.sim.variant import build_variant

    doc = read_json(scenario_path, what="lobbysim scenario")
    where = layout_path or "the drawing in the editor"
    build_variant(layout, doc, layout_path=where, scenario_path=scenario_path)
    return Variant(key, layout_doc, doc, label or key, layout_path or "", scenario_path)


def default_scenario() -> str:
    """The bundled sample scenario the dock starts with, in a checkout or an installed wheel
    (``lobbysim.samples``); empty when the installation has no samples (a run then asks for one)."""
    try:
        return str(sample_file(DEFAULT_SCENARIO))
    except LobbysimError:
        return ""


class DaysButton(QToolButton):
    """The weekdays to simulate: a button naming them and a menu of check boxes (at least one
    stays checked). ``codes()`` gives the chosen codes in week order; ``currentText()`` the first
    (the day a replay shows), ``setCurrentText(code)`` chooses that day alone."""

    def __init__(self):
        super().__init__()
        self.lang = "en"
        self.setPopupMode(QToolButton.InstantPopup)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        menu = QMenu(self)
        self.day_actions = {}
        for code in CODES:
            if code == WEEK:
                menu.addSeparator()
            a = menu.addAction(code)
            a.setCheckable(True)
            a.toggled.connect(lambda on, a=a: self._toggled(a, on))
            self.day_actions[code] = a
        self.setMenu(menu)
        self.day_actions["mon"].setChecked(True)

    def _toggled(self, action, on: bool) -> None:
        if not on and not self.codes():  # never no day at all
            action.blockSignals(True)
            action.setChecked(True)
            action.blockSignals(False)
        self.setText(self.label())

    def codes(self) -> list[str]:
        return [c for c in CODES if self.day_actions[c].isChecked()]

    def set_codes(self, codes) -> None:
        codes = [c for c in codes if c in CODES] or ["mon"]
        for c, a in self.day_actions.items():
            a.blockSignals(True)
            a.setChecked(c in codes)
            a.blockSignals(False)
        self.setText(self.label())

    def currentText(self) -> str:  # noqa: N802 - the name of the single-day chooser it replaced
        return self.codes()[0]

    def setCurrentText(self, code: str) -> None:  # noqa: N802
        self.set_codes([code])

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        for code, a in self.day_actions.items():
            a.setText(day_name(code, lang))
        self.setText(self.label())

    def label(self, code: str | None = None) -> str:
        """One day's name, or the names of all chosen days."""
        if code is not None:
            return day_name(code, self.lang)
        return ", ".join(day_name(c, self.lang) for c in self.codes())


class SimPanel(QWidget):
    """The Simulate dock (see the module's description)."""

    #: the scenario file to simulate changed (another file chosen, or the file was saved again)
    scenario_changed = Signal(str)
    #: a new result arrived, or the result was dropped (another drawing was opened)
    result_changed = Signal()

    def __init__(self, window):
        super().__init__()
        self.win = window
        self.jobs = window.jobs
        self.result = None
        #: variant -> its comparison with the first variant, of the current result
        self.comparisons: dict = {}
        #: variant key -> model Layout of the current result
        self.variant_layouts: dict = {}
        self.last_report: dict | None = None
        #: (header, rows, verdicts) of the KPI table shown: its texts, and each cell's verdict word
        self.table_rows: tuple | None = None
        self._status = lambda: ""
        v = QVBoxLayout(self)
        row = QHBoxLayout()
        self.scenario = QLineEdit(default_scenario())
        self.scenario.editingFinished.connect(lambda: self.scenario_changed.emit(self.scenario.text()))
        self.pick_button = QPushButton("…")
        self.pick_button.clicked.connect(self.pick_scenario)
        self.labels = {k: QLabel() for k in ("scenario", "day", "reps", "seed", "precision")}
        for w in (self.labels["scenario"], self.scenario, self.pick_button):
            row.addWidget(w)
        v.addLayout(row)
        row = QHBoxLayout()
        self.day = DaysButton()
        self.reps = QSpinBox(minimum=1, maximum=1000, value=5)
        self.seed = QSpinBox(minimum=0, maximum=10**9, value=1)
        for key, w in (("day", self.day), ("reps", self.reps), ("seed", self.seed)):
            row.addWidget(self.labels[key])
            row.addWidget(w, 2 if w is self.day else 1)
        v.addLayout(row)
        row = QHBoxLayout()
        # --precision: 0 runs the replications asked; otherwise more until precise enough (max 200)
        self.precision = QDoubleSpinBox(minimum=0.0, maximum=0.5, singleStep=0.01, decimals=2, value=0.0)
        row.addWidget(self.labels["precision"])
        row.addWidget(self.precision, 1)
        v.addLayout(row)
        row = QHBoxLayout()
        self.run_button, self.compare_button, self.cancel_button = QPushButton(), QPushButton(), QPushButton()
        self.run_button.clicked.connect(self.run)
        self.compare_button.clicked.connect(self.pick_compare)
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        for b in (self.run_button, self.compare_button, self.cancel_button):
            row.addWidget(b)
        v.addLayout(row)
        self.bar = QProgressBar()
        self.bar.setMaximumHeight(self.fontMetrics().height() + 4)
        v.addWidget(self.bar)
        self.status = QLabel("")
        self.status.setWordWrap(True)  # a long message must not widen the dock and squeeze the plan
        v.addWidget(self.status)
        self.table_day = QComboBox()
        self.table_day.setVisible(False)
        self.table_day.currentIndexChanged.connect(lambda i: self.show_day(self.table_day.itemData(i)))
        v.addWidget(self.table_day)
        self.table = QTableWidget(0, 3)
        kpi_table.prepare(self.table)
        v.addWidget(self.table, 1)
        v.addLayout(window.replay.row())
        self.jobs.started.connect(self._job_started)
        self.jobs.progressed.connect(self._job_progress)
        self.jobs.finished.connect(self._job_finished)

    def t(self, text: str) -> str:
        return tr(CONTEXT, text, self.win.lang)

    def retranslate(self, lang: str) -> None:
        """Labels in the window's interface language (again after a language switch)."""
        for key, label in self.labels.items():
            label.setText(self.t(key))
        self.pick_button.setToolTip(self.t("Choose the scenario file"))
        self.run_button.setText(self.t("Run"))
        self.compare_button.setText(self.t("Compare with…"))
        self.cancel_button.setText(self.t("Cancel"))
        self.precision.setSpecialValueText(self.t("off"))
        self.precision.setToolTip(
            self.t("Add replications until each watched KPI's 95% interval is within this share of its mean")
        )
        self.day.retranslate(lang)
        for i in range(self.table_day.count()):
            self.table_day.setItemText(i, self.day.label(self.table_day.itemData(i)))
        self._show_status()
        if self.result is not None and self.table_day.count():
            self.show_day(self.table_day.currentData())  # KPI names in the new language
        else:
            self.table.setHorizontalHeaderLabels([self.t("KPI"), self.t("mean"), self.t("95% CI")])

    def set_status(self, text) -> None:
        """Show ``text()`` in the status line, again in the new language after a switch."""
        self._status = text
        self._show_status()

    def _show_status(self) -> None:
        # the dock's layout does not ask a wrapped label for its height: give it what its lines need
        self.status.setText(self._status())
        # an empty label has no height for a width (-1, which Qt warns about as a minimum)
        self.status.setMinimumHeight(max(0, self.status.heightForWidth(max(self.status.width(), 200))))

    # --- files (dialogs replaceable in tests) ---------------------------------------------------------
    def scenario_path(self) -> str:
        return self.scenario.text().strip()

    def use_scenario(self, path: str) -> None:
        """Simulate with this scenario file from now on (also after it was saved again in place)."""
        self.scenario.setText(str(path))
        self.scenario_changed.emit(str(path))

    def business_names(self, lang: str) -> dict | None:
        """Business code -> name in ``lang`` from the dock's scenario (None when it cannot be read)."""
        from lobbysim.model.jsonio import read_json
        from lobbysim.report.results_charts import business_names

        try:
            doc = read_json(self.scenario_path(), what="lobbysim scenario")
        except (LobbysimError, OSError, ValueError):
            return None
        return business_names(doc, lang)

    def pick_scenario(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.t("scenario"), "", self.t("Scenarios") + " (*.json)")
        if path:
            self.use_scenario(path)

    def pick_compare(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.t("Compare with layout (B)"), "", self.t("Layouts") + " (*.lobby.json)"
        )
        if path:
            self.compare_with(path)

    # --- variants --------------------------------------------------------------------------------------
    def variant(self, key: str, scenario_path: str | None = None):
        """The drawing in the editor with a scenario file (the dock's when None), checked."""
        from lobbysim.model.fileformat import layout_to_dict

        w = self.win
        return runnable_variant(
            key, w.layout, layout_to_dict(w.layout), w.path or "", scenario_path or self.scenario_path()
        )

    def variants_of(self, specs: list[VariantSpec]):
        """(variants A, B, C, …, their layouts by key) of the specs, or None after telling the user
        why a file cannot be read or a variant cannot run."""
        from lobbysim.model.fileformat import layout_from_dict, layout_to_dict
        from lobbysim.model.jsonio import read_json

        variants, layouts = [], {}
        try:
            for i, spec in enumerate(specs):
                key = chr(ord("A") + i) if i < 26 else f"V{i + 1}"
                if spec.layout is None:
                    doc, path, layout = layout_to_dict(self.win.layout), self.win.path or "", self.win.layout
                else:
                    doc, path = read_json(spec.layout, what="lobbysim layout"), spec.layout
                    layout = layout_from_dict(doc, spec.layout)
                scenario = spec.scenario or self.scenario_path()
                v = runnable_variant(key, layout, doc, path, scenario)
                variants.append(replace(v, label=spec.label or self.label(spec)))
                layouts[key] = layout
        except LobbysimError as exc:
            self.win.show_error(str(exc))
            return None
        return variants, layouts

    def label(self, spec: VariantSpec) -> str:
        """A variant's default label: its file name (with the scenario's when it has its own)."""
        path = spec.layout or self.win.path
        name = Path(path).name.removesuffix(".lobby.json").removesuffix(".json") if path else self.t("this layout")
        if spec.layout is None:
            name = self.t("{name} (editor)").format(name=name)
        if spec.scenario is not None and spec.scenario != self.scenario_path():
            name += f" + {Path(spec.scenario).stem}"
        return name

    # --- running -----------------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.jobs.running

    def cancel(self) -> None:
        if self.jobs.cancel():
            self.set_status(lambda: self.t("cancelling…"))

    def _busy(self) -> bool:
        if self.jobs.running:
            self.win.show_error(self.t("wait for the current run to finish (or cancel it) first"))
            return True
        return False

    def run(self) -> None:
        """Simulate the drawing in the editor on the chosen days."""
        from lobbysim.experiments.experiment import run_experiment

        if self._busy():
            return
        try:
            a = self.variant("A")
        except LobbysimError as exc:
            self.win.show_error(str(exc))
            return
        a = replace(a, label=self.label(VariantSpec(None, None)))
        days, reps, seed = self.day.codes(), self.reps.value(), self.seed.value()
        ex, layout, precision = self.jobs.executor(), self.win.layout, self.precision_rule(reps)
        self.jobs.start(
            "simulate",
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
            on_done=lambda res: self.show_result(res, {res.variants[0]: layout}),
        )
        label = self.day.label()
        self.set_status(lambda: self.t("running {reps} replication(s) of {day}…").format(reps=reps, day=label))

    def precision_rule(self, reps: int, pair=None):
        """The Precision of the precision box (None when it is off)."""
        from lobbysim.experiments.experiment import Precision

        rel = self.precision.value()
        return None if rel <= 0 else Precision(rel, max_reps=max(200, reps), pair=pair)

    def _stopping_words(self, res) -> str:
        s = res.stopping
        if s is None or s.reason == "fixed":
            return ""
        return (
            " (" + self.t({"precise": "precise enough", "max_reps": "stopped at the most replications"}[s.reason]) + ")"
        )

    def compare_with(self, other_path: str) -> None:
        """Compare the layout in the editor (A) with another layout file (B) on the same customers."""
        self.compare_variants([VariantSpec(None, None), VariantSpec(other_path, None)])

    def compare_variants(self, specs: list[VariantSpec], then=None) -> bool:
        """Run two or more variants (layouts and/or scenarios) on the same customers; the table
        shows them side by side with paired differences to the first; ``then()`` runs after the
        result is shown. False when nothing started (the user was told why)."""
        from lobbysim.experiments.experiment import run_experiment

        if len(specs) < 2:
            self.win.show_error(self.t("choose at least two variants to compare"))
            return False
        if self._busy():
            return False
        got = self.variants_of(specs)
        if got is None:
            return False
        variants, layouts = got
        days, reps, seed = self.day.codes(), self.reps.value(), self.seed.value()
        ex = self.jobs.executor()
        pair = (variants[0].key, variants[1].key) if len(variants) == 2 else None
        precision = self.precision_rule(reps, pair)

        def done(res):
            self.show_result(res, layouts)
            if then is not None:
                then()

        self.jobs.start(
            "compare",
            lambda progress, cancel: run_experiment(
                variants,
                days,
                reps,
                seed,
                executor=ex,
                progress=progress,
                cancel=cancel,
                keep_records="first",
                precision=precision,
            ),
            on_done=done,
        )
        n, label = len(variants), self.day.label()
        self.set_status(
            lambda: self.t("comparing {n} variants on {reps} replication(s) of {day}…").format(
                n=n, reps=reps, day=label
            )
        )
        return True

    def export_report(self, other_path: str, out: str, lang: str = "en") -> bool:
        """The leadership report of this layout (A) against another (B), in the background."""
        from lobbysim.report.document import make_report

        if self._busy():
            return False
        got = self.variants_of([VariantSpec(None, None), VariantSpec(other_path, None)])
        if got is None:
            return False
        a, b = got[0]
        days, reps, seed = self.day.codes(), self.reps.value(), self.seed.value()
        ex = self.jobs.executor()

        def done(res):
            self.last_report = res
            self.set_status(lambda: self.t("report written: {pages} pages").format(pages=res["pages"]))

        self.jobs.start(
            "report",
            lambda progress, cancel: make_report(
                a, b, days, reps, seed, out, lang=lang, executor=ex, progress=progress
            ),
            on_done=done,
        )
        self.set_status(lambda: self.t("writing the report…"))
        return True

    # --- following the job runner ----------------------------------------------------------------------
    def _job_started(self, job) -> None:
        self.run_button.setEnabled(False)
        self.compare_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.bar.setMaximum(100)
        self.bar.setValue(0)

    def _job_progress(self, done: int, total: int) -> None:
        self.bar.setMaximum(max(total, 1))
        self.bar.setValue(done)

    def _job_finished(self, job) -> None:
        self.run_button.setEnabled(True)
        self.compare_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        if job.state == FAILED:
            message = job.message
            self.set_status(lambda: message)
            self.win.show_error(message)
        elif job.state == CANCELLED:
            self.set_status(lambda: self.t("cancelled"))
        elif job.state == DETACHED:
            self.set_status(lambda: self.t("stopped: the drawing it was started on was closed"))

    # --- the result --------------------------------------------------------------------------------------
    def show_result(self, result, layouts: dict) -> None:
        """Show a run's or a comparison's result (``layouts``: variant -> model Layout)."""
        from lobbysim.report.results_charts import comparisons

        self.result, self.variant_layouts = result, dict(layouts)
        self.comparisons = comparisons(result)
        self.table_day.blockSignals(True)
        self.table_day.clear()
        for d in result.days:
            self.table_day.addItem(self.day.label(d), d)
        self.table_day.blockSignals(False)
        self.table_day.setVisible(len(result.days) > 1)
        self.show_day(result.days[0])
        n, reps, days = len(result.variants), result.reps, list(result.days)
        base = result.labels.get(result.variants[0], result.variants[0])

        def status():
            subs = "".join("\n" + line for line in substitution_lines(result, self.win.lang))
            names = ", ".join(self.day.label(d) for d in days)
            if n == 1:
                done = self.t("{reps} replication(s) of {day} done").format(reps=reps, day=names)
                return done + self._stopping_words(result) + subs
            return self.t("comparison of {n} variants done (differences to {base})").format(n=n, base=base) + subs

        self.set_status(status)
        self.result_changed.emit()

    def clear_result(self) -> None:
        """Drop the result (its drawing was closed): table, replay and everything drawn from it."""
        self.result, self.comparisons, self.variant_layouts = None, {}, {}
        self.table_rows = None
        self.table_day.clear()
        self.table_day.setVisible(False)
        self.table.setRowCount(0)
        self.win.replay.clear()
        self.result_changed.emit()

    def layouts_of(self, result) -> dict:
        """variant -> model Layout of a result (the editor's drawing for a variant not known)."""
        return {v: self.variant_layouts.get(v) or self.win.layout for v in result.variants}

    def show_day(self, day: str) -> None:
        """The table (and, after a single run, the replay) of one day of the result."""
        res = self.result
        if res is None or day not in res.days:
            return
        i = self.table_day.findData(day)
        if i >= 0 and i != self.table_day.currentIndex():
            self.table_day.setCurrentIndex(i)  # comes back here through the signal
            return
        lang = self.win.lang
        if len(res.variants) == 1:
            self.table_rows = kpi_table.fill_summary(self.table, res, day, lang)
            rec = res.records.get((res.variants[0], day, 0))
            if rec is not None:
                self.win.replay.start(rec, self.layouts_of(res)[res.variants[0]])
        else:
            self.table_rows = kpi_table.fill_comparison(self.table, res, self.comparisons, day, lang)

    def current_day(self) -> str | None:
        return self.table_day.currentData() if self.table_day.count() else None


__all__ = ["SimPanel", "VariantSpec", "DaysButton", "runnable_variant", "default_scenario"]
