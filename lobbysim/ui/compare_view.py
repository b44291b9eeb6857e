"""Pick two or more variants (layouts and/or scenarios) and compare them side by side.

The dialog only collects the variants; the Simulate dock runs them in the background on the
same customers (common random numbers) and shows the table, which the dialog then shows too,
larger; the Results dock draws the charts of every variant from the records.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from . import kpi_table
from .dialogs import ToolDialog
from .sim_panel import VariantSpec

#: key -> English text (the Chinese is in lobbysim/ui/i18n/lobbysim_zh_CN.ts, context "Compare")
TEXTS = {
    "title": "Compare variants",
    "hint": (
        "Each row is a variant: a layout (the drawing in the editor or a file) with a scenario. "
        "All run on the same customers; differences are to the first row."
    ),
    "label": "Label",
    "layout": "Layout",
    "scenario": "Scenario",
    "add_layout": "Add layout…",
    "add_scenario": "Add scenario…",
    "remove": "Remove",
    "compare": "Compare",
    "close": "Close",
    "editor": "(the drawing in the editor)",
    "chosen": "(the scenario of the Simulate dock)",
    "layouts": "Layouts",
    "scenarios": "Scenarios",
}


class CompareDialog(ToolDialog):
    TEXTS = TEXTS
    CONTEXT = "Compare"

    def __init__(self, window):
        super().__init__(window)
        self._rows: list[VariantSpec] = []
        v = QVBoxLayout(self)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        v.addWidget(self.hint)
        self.table = QTableWidget(0, 3)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        v.addWidget(self.table, 1)
        self.results = QTableWidget(0, 0)
        kpi_table.prepare(self.results)
        self.results.setVisible(False)
        v.addWidget(self.results, 3)
        (
            self.add_layout_button,
            self.add_scenario_button,
            self.remove_button,
            self.compare_button,
            self.close_button,
        ) = self.button_row(
            v,
            lambda: self._add_from(self.ask_layout(), None),
            lambda: self._add_from(None, self.ask_scenario()),
            self.remove_selected,
            self.compare,
            self.close,
        )
        self.compare_button.setDefault(True)
        self.resize(760, 300)
        self.add(VariantSpec(None, None))
        self.retranslate(self.lang)

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.setWindowTitle(self.t("title"))
        self.hint.setText(self.t("hint"))
        self.table.setHorizontalHeaderLabels([self.t("label"), self.t("layout"), self.t("scenario")])
        if self.results.isVisible():
            self.show_results()  # the table's words and numbers in the new language
        for b, key in (
            (self.add_layout_button, "add_layout"),
            (self.add_scenario_button, "add_scenario"),
            (self.remove_button, "remove"),
            (self.compare_button, "compare"),
            (self.close_button, "close"),
        ):
            b.setText(self.t(key))
        self._refill()

    # --- choosing files (replaceable in tests) -----------------------------------------------------
    def ask_layout(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self, self.t("add_layout"), "", self.t("layouts") + " (*.lobby.json)")
        return path

    def ask_scenario(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self, self.t("add_scenario"), "", self.t("scenarios") + " (*.json)")
        return path

    # --- the rows ------------------------------------------------------------------------------------
    def _add_from(self, layout: str | None, scenario: str | None) -> None:
        if layout or scenario:
            self.add(VariantSpec(layout or None, scenario or None))

    def add(self, spec: VariantSpec) -> None:
        self._take_labels()
        self._rows.append(spec)
        self._refill()

    def remove_selected(self) -> None:
        self._take_labels()
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for r in rows:
            del self._rows[r]
        self._refill()

    def _take_labels(self) -> None:
        """Keep the labels the user typed in the table."""
        for r, spec in enumerate(self._rows):
            it = self.table.item(r, 0)
            if it is not None and it.text() != self.win.sim.label(spec):
                self._rows[r] = VariantSpec(spec.layout, spec.scenario, it.text().strip())

    def _refill(self) -> None:
        self.table.setRowCount(len(self._rows))
        for r, spec in enumerate(self._rows):
            cells = (
                spec.label or self.win.sim.label(spec),
                spec.layout or self.t("editor"),
                spec.scenario or self.t("chosen"),
            )
            for c, text in enumerate(cells):
                it = QTableWidgetItem(text)
                if c:
                    it.setToolTip(text)
                    it.setFlags(it.flags() & ~Qt.ItemIsEditable)
                self.table.setItem(r, c, it)
        self.compare_button.setEnabled(len(self._rows) >= 2)

    def specs(self) -> list[VariantSpec]:
        self._take_labels()
        return list(self._rows)

    def compare(self) -> None:
        specs = self.specs()
        if len(specs) < 2:
            self.win.show_error(self.t("hint"))
            return
        for spec in specs:
            for path in (spec.layout, spec.scenario):
                if path is not None and not Path(path).is_file():
                    self.win.show_error(f"{path}: file not found")
                    return
        self.results.setVisible(False)
        self.win.sim.compare_variants(specs, then=self.show_results)

    def show_results(self) -> None:
        """The side-by-side table of the Simulate dock's comparison, here too and larger."""
        sim = self.win.sim
        res, day = sim.result, sim.current_day()
        if res is None or len(res.variants) < 2 or day is None:
            return
        kpi_table.fill_comparison(self.results, res, sim.comparisons, day, self.lang)
        self.results.setVisible(True)
        self.resize(max(self.width(), 1000), max(self.height(), 640))
