"""File → Import queue log…: calibrate a scenario from a queue-machine export in the editor.

The dialog previews the first rows of the chosen log (the cells of columns that will not be
read, such as customer names or phone numbers, are masked), shows which column holds each field
in a table the user can correct (remembered per source: per header row, so the next export of
the same machine opens with the same choices), and runs :func:`lobbysim.calib.calibrate.calibrate`
on the window's layout in the background (:class:`lobbysim.ui.jobs.JobRunner`) with progress and
cancel. The calibrated scenario is written atomically; the summary is shown in the dialog.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .i18n_text import tr
from .job_dialog import JobDialog

CONTEXT = "QueueLogImport"
PREVIEW_ROWS = 12
MASK = "•••"
#: field -> its label in the mapping table (English; Chinese in the translation file)
LABELS = {
    "ticket": "Ticket number",
    "business": "Business",
    "issued": "Ticket issued",
    "called": "Called",
    "finished": "Finished",
    "window": "Window",
    "start": "Service started",
    "status": "Status",
    "vip": "Customer class",
    "date": "Date",
}


def _t(text: str, lang: str) -> str:
    return tr(CONTEXT, text, lang)


def source_key(header: list[str]) -> str:
    """The key a mapping is remembered under: the export's header row."""
    return hashlib.sha1("\x1f".join(h.strip() for h in header).encode("utf-8")).hexdigest()[:16]


def read_preview(path: str) -> tuple[list[str], list[list], str]:
    """(header, first rows, encoding) of a log; raises LobbysimError for a file that is not one."""
    from lobbysim.calib.columns import header_finder
    from lobbysim.calib.tables import open_table

    table = open_table(path, header_finder({}))
    rows = []
    for row in table.rows:
        if len(rows) >= PREVIEW_ROWS:
            break
        if any(c not in (None, "") for c in row):
            rows.append(list(row))
    close = getattr(table.rows, "close", None)
    if close is not None:
        close()  # a CSV's rows are a generator holding the file open
    return table.header, rows, table.encoding


class QueueLogDialog(JobDialog):
    """The import dialog (see the module docstring)."""

    def __init__(self, window):
        super().__init__(window)
        self.header: list[str] = []
        self.rows: list[list] = []
        self.setWindowTitle(_t("Import queue log", self.lang))
        self.resize(960, 820)
        self._build()

    # --- widgets -------------------------------------------------------------------------------
    def _build(self) -> None:
        lang = self.lang
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.log_edit, row = self._file_row(self._browse_log)
        form.addRow(_t("Queue log", lang), row)
        self.base_edit, row = self._file_row(self._browse_base)
        sim = getattr(self.window_, "sim", None)
        if sim is not None:
            self.base_edit.setText(sim.scenario.text())
        else:
            from lobbysim.samples import DEFAULT_SCENARIO, sample_file

            self.base_edit.setText(str(sample_file(DEFAULT_SCENARIO)))
        form.addRow(_t("Base scenario", lang), row)
        self.out_edit, row = self._file_row(self._browse_out)
        form.addRow(_t("Write scenario to", lang), row)
        self.holdout = QSpinBox()
        self.holdout.setRange(-1, 365)
        self.holdout.setValue(-1)
        self.holdout.setSpecialValueText(_t("a fifth of the days", lang))
        form.addRow(_t("Days held out for the model check", lang), self.holdout)
        lay.addLayout(form)
        self.encoding = QLabel("")
        lay.addWidget(self.encoding)
        self.preview = QTableWidget(0, 0)
        lay.addWidget(QLabel(_t("First rows (columns not read are masked)", lang)))
        lay.addWidget(self.preview, 3)
        lay.addWidget(QLabel(_t("Which column holds what", lang)))
        self.mapping = QTableWidget(len(LABELS), 2)
        self.mapping.setHorizontalHeaderLabels([_t("Field", lang), _t("Column", lang)])
        self.mapping.horizontalHeader().setStretchLastSection(True)
        self.combos: dict[str, QComboBox] = {}
        for i, (f, label) in enumerate(LABELS.items()):
            self.mapping.setItem(i, 0, QTableWidgetItem(_t(label, lang)))
            cb = QComboBox()
            cb.currentIndexChanged.connect(self._mask_preview)
            self.combos[f] = cb
            self.mapping.setCellWidget(i, 1, cb)
        lay.addWidget(self.mapping, 3)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        lay.addWidget(self.progress)
        self.summary = QPlainTextEdit()
        self.summary.setReadOnly(True)
        lay.addWidget(self.summary, 1)
        buttons = QHBoxLayout()
        self.run_button = QPushButton(_t("Calibrate", lang))
        self.run_button.clicked.connect(self.run)
        self.cancel_button = QPushButton(_t("Cancel", lang))
        self.cancel_button.clicked.connect(self.runner.cancel)
        self.cancel_button.setEnabled(False)
        close = QPushButton(_t("Close", lang))
        close.clicked.connect(self.close)
        buttons.addStretch(1)
        for b in (self.run_button, self.cancel_button, close):
            buttons.addWidget(b)
        lay.addLayout(buttons)

    def _file_row(self, browse) -> tuple[QLineEdit, QWidget]:
        w = QWidget()
        h = QHBoxLayout(w)
        h.setContentsMargins(0, 0, 0, 0)
        edit = QLineEdit()
        b = QPushButton(_t("Browse…", self.lang))
        b.clicked.connect(browse)
        h.addWidget(edit, 1)
        h.addWidget(b)
        return edit, w

    def _browse_log(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, _t("Queue log", self.lang), "", "Queue logs (*.csv *.txt *.xlsx *.xls)"
        )
        if path:
            self.load(path)

    def _browse_base(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, _t("Base scenario", self.lang), "", "Scenario (*.json)")
        if path:
            self.base_edit.setText(path)

    def _browse_out(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, _t("Write scenario to", self.lang), self.out_edit.text(), "Scenario (*.scenario.json)"
        )
        if path:
            self.out_edit.setText(path)

    # --- the log ---------------------------------------------------------------------------------
    def load(self, path: str) -> bool:
        """Preview ``path`` and fill the mapping (the remembered one for this source, else detected)."""
        from lobbysim.calib.columns import detect
        from lobbysim.errors import LobbysimError

        try:
            self.header, self.rows, enc = read_preview(path)
        except LobbysimError as exc:
            self.summary.setPlainText(str(exc))
            return False
        self.log_edit.setText(path)
        if not self.out_edit.text():
            p = Path(path)
            self.out_edit.setText(str(p.with_name(p.stem + ".scenario.json")))
        self.encoding.setText(_t("Encoding: {enc}", self.lang).format(enc=enc))
        remembered = self._remembered()
        index = {f: self.header.index(h) for f, h in remembered.items() if h in self.header} or detect(self.header)
        for f, cb in self.combos.items():
            cb.blockSignals(True)
            cb.clear()
            cb.addItem(_t("(none)", self.lang), None)
            for h in self.header:
                cb.addItem(h, h)
            cb.setCurrentIndex(index[f] + 1 if f in index else 0)
            cb.blockSignals(False)
        self._fill_preview()
        return True

    def chosen(self) -> dict[str, str]:
        """field -> header as the table says now."""
        return {f: cb.currentData() for f, cb in self.combos.items() if cb.currentData()}

    def _fill_preview(self) -> None:
        self.preview.clear()
        self.preview.setColumnCount(len(self.header))
        self.preview.setRowCount(len(self.rows))
        self.preview.setHorizontalHeaderLabels(self.header)
        self._mask_preview()

    def _mask_preview(self) -> None:
        read = set(self.chosen().values())
        for r, row in enumerate(self.rows):
            for c, h in enumerate(self.header):
                value = row[c] if c < len(row) else ""
                text = ("" if value is None else str(value)) if h in read else MASK
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemIsEditable)
                self.preview.setItem(r, c, item)

    # --- remembered mappings -------------------------------------------------------------------------
    def _remembered(self) -> dict[str, str]:
        from .editor_window import settings

        raw = settings().value(f"queue_log_mappings/{source_key(self.header)}", "")
        try:
            got = json.loads(raw) if raw else {}
        except (TypeError, ValueError):
            return {}
        return got if isinstance(got, dict) else {}

    def _remember(self) -> None:
        from .editor_window import settings

        s = settings()
        s.setValue(f"queue_log_mappings/{source_key(self.header)}", json.dumps(self.chosen(), ensure_ascii=False))
        s.sync()

    # --- running ------------------------------------------------------------------------------------
    def run(self) -> bool:
        """Start the calibration in the background; False when nothing was started."""
        if self.runner.running or not self.header:
            return False
        self._remember()
        log, base_path, out = self.log_edit.text(), self.base_edit.text(), self.out_edit.text()
        columns = ",".join(f"{f}={h}" for f, h in self.chosen().items())
        holdout = None if self.holdout.value() < 0 else self.holdout.value()
        layout = self.window_.layout

        def work(progress, cancel):
            return calibrate_job(log, base_path, out, layout, columns, holdout, progress, cancel)

        self.summary.setPlainText(_t("Calibrating…", self.lang))
        self.progress.setRange(0, 0)
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        return self.runner.start("calibrate", work, on_done=self._done, on_end=self._ended) is not None

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _done(self, lines: list[str]) -> None:
        self.summary.setPlainText("\n".join(lines))

    def _ended(self, job) -> None:
        self.show_job_end(job, _t("Cancelled: no scenario was written.", self.lang), self.summary.setPlainText)


def calibrate_job(log, base_path, out, layout, columns, holdout, progress, cancel) -> list[str]:
    """The background work: read, fit, write; returns the summary lines."""
    from lobbysim.calib.calibrate import calibrate
    from lobbysim.calib.output import write_scenario
    from lobbysim.calib.summary import text_lines
    from lobbysim.experiments.runner import Cancelled
    from lobbysim.sim.scenario import load_scenario

    base = load_scenario(base_path)
    base.check_against(layout)
    try:
        cal = calibrate(
            [log], layout, base, columns=columns or None, holdout=holdout, progress=progress, cancel=cancel.is_set
        )
    except InterruptedError:
        raise Cancelled() from None
    if cancel.is_set():
        raise Cancelled()
    write_scenario(cal.doc, out, layout)
    return text_lines(cal.summary) + [f"→ {out}"]


def open_queue_log_import(window) -> QueueLogDialog:
    dlg = getattr(window, "queue_log_dialog", None)
    if dlg is None:
        dlg = window.queue_log_dialog = QueueLogDialog(window)
    dlg.show()
    dlg.raise_()
    return dlg
