"""Simulate → Export deck…: the leadership deck (``lobbysim deck``) from the editor.

The dialog takes layout B (the editor's drawing is A), the language, an optional client template
and the output file; days, replications and seed are the Simulate dock's. The simulation and the
slides run in the background (:class:`lobbysim.ui.jobs.JobRunner`, the runner's worker processes)
with progress and cancel; a problem is one line in the dialog, and a cancelled or failed export
leaves no file (the deck is written atomically, last).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .i18n_text import tr
from .job_dialog import JobDialog

CONTEXT = "DeckExport"


def _t(text: str, lang: str) -> str:
    return tr(CONTEXT, text, lang)


def deck_job(a, b, days, reps, seed, out, lang, template, executor, progress, cancel) -> dict:
    """Simulate A and B (progress over the replications), then the slides (progress per family)."""
    from lobbysim.report.deck import check_deck_output, make_deck
    from lobbysim.report.deck.template import open_deck
    from lobbysim.report.document import compute_report

    check_deck_output(out)
    open_deck(template)  # a missing template is refused before the simulation
    data = compute_report(a, b, days, reps, seed, executor=executor, progress=progress, cancel=cancel)
    return make_deck(data, out, lang=lang, template=template, progress=progress)


class DeckExportDialog(JobDialog):
    def __init__(self, window):
        super().__init__(window)
        self.result: dict | None = None
        self.setWindowTitle(_t("Export deck", self.lang))
        self.resize(640, 260)
        self._build()

    def _file_row(self, browse) -> tuple[QLineEdit, QWidget]:
        edit = QLineEdit()
        button = QPushButton(_t("Browse…", self.lang))
        button.clicked.connect(browse)
        row = QWidget()
        h = QHBoxLayout(row)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(edit, 1)
        h.addWidget(button)
        return edit, row

    def _build(self) -> None:
        lang = self.lang
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.other_edit, row = self._file_row(self._browse_other)
        form.addRow(_t("Compare with layout (B)", lang), row)
        self.lang_combo = QComboBox()
        self.lang_combo.addItem(_t("Chinese", lang), "zh")
        self.lang_combo.addItem(_t("English", lang), "en")
        self.lang_combo.setCurrentIndex(0 if lang == "zh" else 1)
        form.addRow(_t("Language of the slides", lang), self.lang_combo)
        self.template_edit, row = self._file_row(self._browse_template)
        self.template_edit.setPlaceholderText(_t("built-in style", lang))
        form.addRow(_t("Template (optional)", lang), row)
        self.out_edit, row = self._file_row(self._browse_out)
        form.addRow(_t("Write deck to", lang), row)
        lay.addLayout(form)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        lay.addWidget(self.progress)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        buttons = QHBoxLayout()
        self.run_button = QPushButton(_t("Export", lang))
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

    def _browse_other(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, _t("Compare with layout (B)", self.lang), "", "*.lobby.json")
        if path:
            self.other_edit.setText(path)

    def _browse_template(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, _t("Template (optional)", self.lang), "", "*.pptx *.potx")
        if path:
            self.template_edit.setText(path)

    def _browse_out(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, _t("Write deck to", self.lang), "deck.pptx", "PowerPoint (*.pptx)")
        if path:
            self.out_edit.setText(path)

    def run(self) -> bool:
        """Start the export in the background; False when nothing was started."""
        from .sim_panel import VariantSpec

        if self.runner.running:
            return False
        other, out = self.other_edit.text().strip(), self.out_edit.text().strip()
        if not other or not out:
            self.status.setText(_t("Choose layout B and the file to write.", self.lang))
            return False
        sim = self.window_.sim
        got = sim.variants_of([VariantSpec(None, None), VariantSpec(other, None)])
        if got is None:
            return False  # the editor showed why
        (a, b), _ = got
        days, reps, seed = sim.day.codes(), sim.reps.value(), sim.seed.value()
        lang, template = self.lang_combo.currentData(), self.template_edit.text().strip() or None
        executor = self.runner.executor()

        def work(progress, cancel):
            return deck_job(a, b, days, reps, seed, out, lang, template, executor, progress, cancel)

        self.result = None
        self.status.setText(_t("Simulating and drawing the slides…", self.lang))
        self.progress.setRange(0, 0)
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        return self.runner.start("deck", work, on_done=self._done, on_end=self._ended) is not None

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _done(self, res: dict) -> None:
        self.result = res
        text = _t("Deck written: {slides} slides.", self.lang).format(slides=res["slides"])
        self.status.setText("\n".join([text] + list(res["notices"])))

    def _ended(self, job) -> None:
        self.show_job_end(job, _t("Cancelled: no deck was written.", self.lang), self.status.setText)


def open_deck_export(window) -> DeckExportDialog:
    dlg = DeckExportDialog(window)
    dlg.show()
    window.deck_export = dlg
    return dlg


__all__ = ["DeckExportDialog", "deck_job", "open_deck_export"]
