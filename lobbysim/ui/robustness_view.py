"""Simulate → Robustness…: how robust the before/after verdicts are to the scenario's uncertain
inputs (``lobbysim robustness`` in the editor).

The dialog takes layout B (the editor's drawing is A), the number of parameter sets and the
design; the scenario (with its ``ranges``), days, replications and seed are the Simulate dock's.
The run goes to the background (:class:`lobbysim.ui.jobs.JobRunner`, its worker processes) with
progress and cancel; a problem (a bad range, a layout that does not validate) is one line in the
dialog. The result shows the report's table (per headline KPI and day: the verdict, the share of
plausible settings in which it holds, the range of the difference, the clear drivers) and the
tornado charts of a chosen day, and exports as an Excel workbook, the JSON of the command, or
the report's pages as PNG.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .i18n_text import tr
from .job_dialog import JobDialog

CONTEXT = "Robustness"


def _t(text: str, lang: str) -> str:
    return tr(CONTEXT, text, lang)


def robustness_job(a, b, days, samples, reps, seed, design, executor, progress, cancel) -> dict:
    """Draw the parameter sets over the scenario's ranges and compare A and B on each."""
    from lobbysim.experiments.robustness import run_robustness

    return run_robustness(
        a, b, days, samples, reps, seed, design=design, executor=executor, progress=progress, cancel=cancel
    )


def export_result(res: dict, path: str | Path, lang: str, scenario_doc: dict | None = None) -> list[Path]:
    """Write a robustness result by the file's suffix: .xlsx (the tables), .json (the command's
    JSON) or .png (the report's pages, one file each beside the name given). Returns the files."""
    from lobbysim.errors import UsageError
    from lobbysim.model.jsonio import atomic_write_text

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from lobbysim.experiments.export import write_xlsx
        from lobbysim.experiments.robustness_tables import sheets

        write_xlsx(str(path), sheets(res, "zh" if lang == "zh" else "en"))
        return [path]
    if suffix == ".json":
        atomic_write_text(path, json.dumps(res, ensure_ascii=False, indent=2) + "\n")
        return [path]
    if suffix == ".png":
        return _export_pages(res, path, lang, scenario_doc)
    raise UsageError(f"{path}: export to .xlsx, .json or .png")


def _export_pages(res: dict, path: Path, lang: str, scenario_doc: dict | None) -> list[Path]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from lobbysim.model.jsonio import atomic_write_bytes
    from lobbysim.report.page import style
    from lobbysim.report.robustness import robustness_pages
    from lobbysim.sim.kpis import KPI_INFO

    out = []
    with style():
        for stem, fig in robustness_pages(res, "zh" if lang == "zh" else "en", KPI_INFO, scenario_doc):
            target = path.with_name(f"{path.stem}_{stem}.png")
            FigureCanvasAgg(fig)
            atomic_write_bytes(target, lambda tmp, f=fig: f.savefig(tmp, format="png", dpi=150))
            out.append(target)
    return out


class RobustnessDialog(JobDialog):
    def __init__(self, window):
        super().__init__(window)
        self.result: dict | None = None
        self.scenario_doc: dict | None = None
        self.canvas = None
        self.setWindowTitle(_t("Robustness", self.lang))
        self.resize(1100, 760)
        self._build()

    # --- the dialog -----------------------------------------------------------------------------------
    def _build(self) -> None:
        lang = self.lang
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.other_edit = QLineEdit()
        browse = QPushButton(_t("Browse…", lang))
        browse.clicked.connect(self._browse_other)
        row = QWidget()
        h = QHBoxLayout(row)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(self.other_edit, 1)
        h.addWidget(browse)
        form.addRow(_t("Compare with layout (B)", lang), row)
        self.samples = QSpinBox()
        self.samples.setRange(8, 10_000)
        self.samples.setValue(64)
        form.addRow(_t("Parameter sets", lang), self.samples)
        self.design = QComboBox()
        self.design.addItem(_t("Latin hypercube", lang), "lhs")
        self.design.addItem(_t("Sobol' (a power of two sets)", lang), "sobol")
        form.addRow(_t("Design", lang), self.design)
        lay.addLayout(form)
        self.note = QLabel(
            _t(
                "The scenario, days, replications and seed are the Simulate dock's; each parameter set is "
                "drawn over the scenario's ranges and compared on the same customers.",
                lang,
            )
        )
        self.note.setWordWrap(True)
        lay.addWidget(self.note)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        lay.addWidget(self.progress)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        self._build_results(lay)
        self._build_buttons(lay)

    def _build_results(self, lay) -> None:
        from .results_view import ChartView

        self.table = QTableWidget(0, 0)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        charts = QWidget()
        box = QVBoxLayout(charts)
        box.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel(_t("Drivers on", self.lang)))
        self.day = QComboBox()
        self.day.currentIndexChanged.connect(self._show_chart)
        row.addWidget(self.day)
        row.addStretch(1)
        box.addLayout(row)
        # the tornado page scaled to the room it has, never below a readable size (then it scrolls)
        self.chart = ChartView()
        box.addWidget(self.chart, 1)
        self.split = QSplitter(Qt.Vertical)
        self.split.addWidget(self.table)
        self.split.addWidget(charts)
        self.split.setStretchFactor(1, 1)
        lay.addWidget(self.split, 1)

    def _build_buttons(self, lay) -> None:
        lang = self.lang
        buttons = QHBoxLayout()
        self.run_button = QPushButton(_t("Run", lang))
        self.run_button.clicked.connect(self.run)
        self.cancel_button = QPushButton(_t("Cancel", lang))
        self.cancel_button.clicked.connect(self.runner.cancel)
        self.cancel_button.setEnabled(False)
        self.export_button = QPushButton(_t("Export…", lang))
        self.export_button.clicked.connect(self._export_dialog)
        self.export_button.setEnabled(False)
        close = QPushButton(_t("Close", lang))
        close.clicked.connect(self.close)
        buttons.addStretch(1)
        for b in (self.run_button, self.cancel_button, self.export_button, close):
            buttons.addWidget(b)
        lay.addLayout(buttons)

    def _browse_other(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, _t("Compare with layout (B)", self.lang), "", "*.lobby.json")
        if path:
            self.other_edit.setText(path)

    # --- running ------------------------------------------------------------------------------------------
    def run(self) -> bool:
        """Start the run in the background; False when nothing was started."""
        from .sim_panel import VariantSpec

        if self.runner.running:
            return False
        other = self.other_edit.text().strip()
        if not other:
            self.status.setText(_t("Choose layout B.", self.lang))
            return False
        sim = self.window_.sim
        got = sim.variants_of([VariantSpec(None, None), VariantSpec(other, None)])
        if got is None:
            return False  # the editor showed why
        (a, b), _ = got
        days, reps, seed = sim.day.codes(), sim.reps.value(), sim.seed.value()
        samples, design = self.samples.value(), self.design.currentData()
        executor = self.runner.executor()
        self.scenario_doc = a.scenario_doc

        def work(progress, cancel):
            return robustness_job(a, b, days, samples, reps, seed, design, executor, progress, cancel)

        self.result = None
        self.status.setText(
            _t("Simulating {n} parameter sets…", self.lang).format(n=samples),
        )
        self.progress.setRange(0, 0)
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.export_button.setEnabled(False)
        return self.runner.start("robustness", work, on_done=self._done, on_end=self._ended) is not None

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _done(self, res: dict) -> None:
        self.result = res
        self.export_button.setEnabled(True)
        text = _t("{valid} of {n} parameter sets compared, {reps} replications each.", self.lang).format(
            valid=res["valid_samples"], n=res["samples"], reps=res["reps"]
        )
        skipped = [f"{_t('set', self.lang)} {b['sample']}: {b['reason']}" for b in res["invalid"][:3]]
        self.status.setText("\n".join([text] + skipped))
        self._fill_table(res)
        self.day.blockSignals(True)
        self.day.clear()
        from lobbysim.experiments.labels import day_name

        for d in res["days"]:
            self.day.addItem(day_name(d, self.lang), d)
        self.day.blockSignals(False)
        self._show_chart()

    def _ended(self, job) -> None:
        self.show_job_end(job, _t("Cancelled.", self.lang), self.status.setText)

    # --- the results -----------------------------------------------------------------------------------
    def _fill_table(self, res: dict) -> None:
        from lobbysim.report.robustness import robustness_table
        from lobbysim.sim.kpis import KPI_INFO

        header, rows, colours = robustness_table(res, self.lang, KPI_INFO, self.scenario_doc)
        self.table.clear()
        self.table.setColumnCount(len(header))
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels([h.replace("\n", " ") for h in header])
        for r, (row, cols) in enumerate(zip(rows, colours)):
            for c, (text, colour) in enumerate(zip(row, cols)):
                item = QTableWidgetItem(text)
                item.setBackground(QColor(colour))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        # the whole table when it takes at most half the room, the charts the rest
        t = self.table
        want = t.horizontalHeader().height() + sum(t.rowHeight(r) for r in range(t.rowCount())) + 2 * t.frameWidth()
        want += t.horizontalScrollBar().sizeHint().height()
        total = sum(self.split.sizes())
        if total > 0:
            top = min(want, total // 2)
            self.split.setSizes([top, total - top])

    def _show_chart(self) -> None:
        from lobbysim.report.robustness import figure_tornados
        from lobbysim.sim.kpis import KPI_INFO

        from .results_view import ChartCanvas

        day = self.day.currentData()
        if self.result is None or day is None:
            return
        fig = figure_tornados(self.result, day, self.lang, KPI_INFO, self.scenario_doc)
        self.canvas = ChartCanvas(fig)
        self.chart.set_canvas(self.canvas)

    # --- export ------------------------------------------------------------------------------------------
    def export(self, path: str | Path) -> list[Path]:
        """Write the result (see ``export_result``); the files written, or [] (and why) on a problem."""
        from lobbysim.errors import LobbysimError

        if self.result is None:
            return []
        try:
            files = export_result(self.result, path, self.lang, self.scenario_doc)
        except LobbysimError as exc:
            self.status.setText(str(exc))
            return []
        self.status.setText(_t("Written: {files}", self.lang).format(files=", ".join(f.name for f in files)))
        return files

    def _export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            _t("Export…", self.lang),
            "robustness.xlsx",
            _t("Excel workbook", self.lang) + " (*.xlsx);;JSON (*.json);;PNG (*.png)",
        )
        if path:
            self.export(path)


def open_robustness(window) -> RobustnessDialog:
    dlg = RobustnessDialog(window)
    dlg.show()
    window.robustness_dialog = dlg
    return dlg


__all__ = ["RobustnessDialog", "export_result", "open_robustness", "robustness_job"]
