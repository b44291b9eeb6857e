"""The Results dock and the result exports of the editor.

After a run or a comparison in the Simulate dock, the dock shows the report layer's charts of
the result (``lobbysim.report.results_charts``: customer flow, staff paths, occupancy heat map,
waits, staff time, and the KPI table of each variant against the first when variants were
compared) for the chosen day, every variant side by side. Nothing is simulated here: each chart
is drawn from the records the run kept. A chart is shown at a size its labels can be read at,
scrolled in a small dock (float or widen the dock to see more of it). File → Export writes every
chart of the result as PNG or SVG in the background, or the KPI tables as an Excel workbook,
each file atomically.
"""

from __future__ import annotations

from pathlib import Path

import shiboken6
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg, NavigationToolbar2QT
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from lobbysim.errors import LobbysimError
from lobbysim.report.results_charts import CHARTS, build_chart, chart_keys, kpi_variant, table_sheets, write_figures

from .i18n_text import tr

#: the context of this module's texts in lobbysim/ui/i18n/lobbysim_zh_CN.ts (English source texts)
CONTEXT = "Results"
#: the chart tool bar's buttons: matplotlib's English tool tip -> the one looked up here
TOOL_TIPS = {
    "Reset original view": "Reset original view",
    "Back to previous view": "Back to previous view",
    "Forward to next view": "Forward to next view",
    "Left button pans, Right button zooms\nx/y fixes axis, CTRL fixes aspect": (
        "Pan: drag with the left button; zoom: drag with the right button"
    ),
    "Zoom to rectangle\nx/y fixes axis": "Zoom to a rectangle",
    "Configure subplots": "Margins of the chart",
    "Edit axis, curve and image parameters": "Axes, lines and images",
    "Save the figure": "Save the chart as a file",
}


def _t(text: str, lang: str) -> str:
    """``text`` (English) in the interface language, from the translation file."""
    return tr(CONTEXT, text, lang)


def chart_label(result, key: str, lang: str) -> str:
    """The name of a chart in the chart chooser."""
    if key.startswith("kpis_"):
        lab = result.labels
        base, v = result.variants[0], kpi_variant(result, key)
        return f"{_t(CHARTS['kpis'], lang)}: {lab.get(v, v)} − {lab.get(base, base)}"
    return _t(CHARTS[key], lang)


# --- the chart on screen ---------------------------------------------------------------------------------
class ChartCanvas(FigureCanvasQTAgg):
    """A matplotlib canvas showing a report page at a chosen number of pixels per inch (the page
    keeps its size in inches, so labels never squeeze into each other). It draws with the
    report's fonts (Chinese glyphs on any machine): matplotlib resolves font families when it
    draws, not when a text is made."""

    def __init__(self, figure):
        self.page = tuple(float(v) for v in figure.get_size_inches())
        super().__init__(figure)

    def show_at(self, dpi: float) -> None:
        """Show the page at ``dpi`` logical pixels per inch (the widget takes the page's size)."""
        self.figure.set_dpi(dpi * self.device_pixel_ratio)
        self.setFixedSize(round(self.page[0] * dpi), round(self.page[1] * dpi))

    def draw(self):
        from lobbysim.report.figures import style

        with style():
            super().draw()

    def print_figure(self, *args, **kwargs):
        from lobbysim.report.figures import style

        with style():
            super().print_figure(*args, **kwargs)


class ChartView(QScrollArea):
    """The page scaled to the room it has, but never below READABLE_DPI (1 pt = 1 pixel: the
    report's 8-pt labels stay 8 pixels high); below that it scrolls."""

    READABLE_DPI, MAX_DPI = 72.0, 150.0

    def __init__(self):
        super().__init__()
        self.setWidgetResizable(False)
        self.setAlignment(Qt.AlignCenter)
        self.canvas: ChartCanvas | None = None

    def set_canvas(self, canvas: ChartCanvas | None) -> None:
        old = self.takeWidget()
        if old is not None:
            old.hide()
            old.deleteLater()
        self.canvas = canvas
        if canvas is not None:
            self.setWidget(canvas)
            self.fit()

    def dpi(self) -> float:
        if self.canvas is None:
            return 0.0
        vp = self.viewport().size()
        pw, ph = self.canvas.page
        fit = min(vp.width() / pw, vp.height() / ph)
        return max(self.READABLE_DPI, min(self.MAX_DPI, fit))

    def fit(self) -> None:
        if self.canvas is not None and shiboken6.isValid(self.canvas):
            self.canvas.show_at(self.dpi())

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self.fit()

    def sizeHint(self):
        return QSize(480, 360)  # modest: a docked chart must not widen the dock and squeeze the plan


class ChartToolbar(NavigationToolbar2QT):
    """matplotlib's chart tool bar with its tool tips in the interface language."""

    def retranslate(self, lang: str) -> None:
        for a in self.actions():
            src = a.property("lobbysim_tip") or a.toolTip()
            if src in TOOL_TIPS:
                a.setProperty("lobbysim_tip", src)
                a.setToolTip(_t(TOOL_TIPS[src], lang))
                a.setText(_t(TOOL_TIPS[src], lang))


class ResultsDock(QDockWidget):
    """The Results dock: a chart selector, a day selector and the chart."""

    def __init__(self, window):
        super().__init__(window)
        self.win = window
        self.setObjectName("Results")
        self.result = None
        self.figure = None
        self.toolbar: ChartToolbar | None = None
        body = QWidget()
        v = QVBoxLayout(body)
        v.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        self.chart_label = QLabel()
        self.chart = QComboBox()
        self.chart.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)  # long chart names
        self.chart.setMinimumContentsLength(14)
        self.day_label = QLabel()
        self.day = QComboBox()
        for w in (self.chart_label, self.chart, self.day_label, self.day):
            row.addWidget(w)
        row.addStretch(1)
        v.addLayout(row)
        self.toolbar_row = QHBoxLayout()
        v.addLayout(self.toolbar_row)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignCenter)
        v.addWidget(self.note)
        self.view = ChartView()
        v.addWidget(self.view, 1)
        self.setWidget(body)
        self.chart.currentIndexChanged.connect(lambda _i: self.redraw())
        self.day.currentIndexChanged.connect(self._on_day)
        self.topLevelChanged.connect(self._on_float)
        window.sim.result_changed.connect(self.on_result)

    @property
    def canvas(self) -> ChartCanvas | None:
        return self.view.canvas

    # --- labels ---------------------------------------------------------------------------------------
    def retranslate(self, lang: str) -> None:
        self.setWindowTitle(_t("Results", lang))
        self.chart_label.setText(_t("chart", lang))
        self.day_label.setText(_t("day", lang))
        self._fill_selectors()
        if self.result is None:
            self._show_note(_t("No results yet: run a simulation or a comparison in the Simulate dock.", lang))
        else:
            self.redraw()

    def _fill_selectors(self) -> None:
        from lobbysim.report.figures import day_name

        lang = self.win.lang
        key, day = self.chart.currentData(), self.day.currentData()
        for box in (self.chart, self.day):
            box.blockSignals(True)
            box.clear()
        if self.result is not None:
            for d in self.result.days:
                self.day.addItem(day_name(d, lang), d)
            self.day.setCurrentIndex(max(0, self.day.findData(day)))
            for k in chart_keys(self.result, self.day.currentData()):
                self.chart.addItem(chart_label(self.result, k, lang), k)
            self.chart.setCurrentIndex(max(0, self.chart.findData(key)))
        for box in (self.chart, self.day):
            box.blockSignals(False)

    # --- following the Simulate dock --------------------------------------------------------------------
    def on_result(self) -> None:
        """A result arrived (drawn now) or was dropped (the dock says there is none)."""
        self.result = self.win.sim.result
        self._fill_selectors()
        if self.result is None:
            self._show_note(_t("No results yet: run a simulation or a comparison in the Simulate dock.", self.win.lang))
        else:
            self.redraw()

    def current_day(self) -> str | None:
        return self.day.currentData()

    def _on_day(self, _i) -> None:
        key = self.chart.currentData()
        self.chart.blockSignals(True)
        self.chart.clear()
        for k in chart_keys(self.result, self.day.currentData()) if self.result is not None else ():
            self.chart.addItem(chart_label(self.result, k, self.win.lang), k)
        self.chart.setCurrentIndex(max(0, self.chart.findData(key)))
        self.chart.blockSignals(False)
        self.redraw()
        self.win.result_overlays.refresh()

    def _on_float(self, floating: bool) -> None:
        if floating:  # a floating dock opens at the size of a chart page
            self.resize(max(self.width(), 900), max(self.height(), 720))

    # --- drawing ------------------------------------------------------------------------------------------
    def _show_note(self, text: str) -> None:
        self._drop_canvas()
        self.note.setText(text)
        self.note.setVisible(True)

    def _drop_canvas(self) -> None:
        if self.toolbar is not None and shiboken6.isValid(self.toolbar):
            self.toolbar_row.removeWidget(self.toolbar)
            self.toolbar.hide()
            self.toolbar.deleteLater()
        self.view.set_canvas(None)
        self.toolbar = self.figure = None

    def redraw(self) -> None:
        """Build the chosen chart from the records and show it."""
        from lobbysim.report.figures import style

        lang = self.win.lang
        if self.result is None:
            return
        key, day = self.chart.currentData(), self.day.currentData()
        if key is None or day is None:
            self._show_note(_t("This run kept no records to draw.", lang))
            return
        sim = self.win.sim
        QGuiApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            with style():
                fig = build_chart(
                    key, self.result, day, sim.layouts_of(self.result), lang, sim.comparisons, sim.business_names(lang)
                )
        except LobbysimError as exc:
            self._show_note(str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - a chart that cannot be drawn is explained, never a crash
            self._show_note(_t("Cannot draw this chart: {error}", lang).format(error=f"{type(exc).__name__}: {exc}"))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._drop_canvas()
        self.figure = fig
        canvas = ChartCanvas(fig)
        self.view.set_canvas(canvas)
        self.toolbar = ChartToolbar(canvas, self)
        self.toolbar.retranslate(lang)
        self.toolbar_row.addWidget(self.toolbar)
        self.note.setVisible(False)
        canvas.draw_idle()


# --- exports ---------------------------------------------------------------------------------------------------
class FigureExportDialog(QDialog):
    """Folder and format (PNG or SVG) for File → Export → Figures."""

    def __init__(self, parent, lang: str, folder: str = ""):
        super().__init__(parent)
        self.lang = lang
        self.setWindowTitle(_t("Export figures", lang))
        form = QFormLayout(self)
        row = QHBoxLayout()
        self.folder = QLineEdit(folder)
        browse = QPushButton("…")
        browse.setToolTip(_t("Export to folder", lang))
        browse.clicked.connect(self._browse)
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form.addRow(_t("folder", lang), row)
        self.format = QComboBox()
        self.format.addItem(_t("PNG images", lang), "png")
        self.format.addItem(_t("SVG drawings", lang), "svg")
        form.addRow(_t("format", lang), self.format)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Ok).setText(_t("Export", lang))
        self.buttons.button(QDialogButtonBox.Cancel).setText(_t("Cancel", lang))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def _browse(self):
        d = QFileDialog.getExistingDirectory(self, _t("Export to folder", self.lang), self.folder.text())
        if d:
            self.folder.setText(d)


class ResultExports:
    """File → Export → Figures (PNG/SVG)… and Tables (XLSX)… of the current result; the menu
    entries are the window's actions ``export_figures`` and ``export_tables``."""

    def __init__(self, window):
        self.win = window
        self.last_folder = ""
        self.last_files: list[Path] | None = None
        window.sim.result_changed.connect(self.update_enabled)

    @property
    def result(self):
        return self.win.sim.result

    def retranslate(self, lang: str) -> None:
        self.update_enabled()

    def no_result_message(self) -> str:
        return _t("Nothing to export yet: run a simulation in the Simulate dock first.", self.win.lang)

    def update_enabled(self) -> None:
        has = self.result is not None
        tip = "" if has else self.no_result_message()
        for key in ("export_figures", "export_tables"):
            a = self.win.menu_actions[key]
            a.setEnabled(has)
            a.setToolTip(tip)
            a.setStatusTip(tip)
        self.win.menus["export"].setToolTipsVisible(True)

    # --- choosing (replaceable in tests) --------------------------------------------------------------
    def ask_figure_target(self):
        """(folder, 'png' or 'svg'), or None when cancelled."""
        dlg = FigureExportDialog(self.win, self.win.lang, self.last_folder)
        if dlg.exec() != QDialog.Accepted or not dlg.folder.text().strip():
            return None
        return dlg.folder.text().strip(), dlg.format.currentData()

    def ask_xlsx_path(self):
        """The workbook to write, or None when cancelled."""
        start = str(Path(self.last_folder or ".") / "lobbysim_results.xlsx")
        path, _ = QFileDialog.getSaveFileName(self.win, _t("Export tables", self.win.lang), start, "Excel (*.xlsx)")
        return path or None

    # --- writing ---------------------------------------------------------------------------------------
    def _guarded(self, what, fn):
        """Run fn; a problem becomes one message to the user, never a traceback."""
        QGuiApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            return fn()
        except LobbysimError as exc:
            self.win.show_error(str(exc))
        except OSError as exc:
            self.win.show_error(f"{exc.filename or what}: cannot be written ({exc.strerror or exc})")
        except Exception as exc:  # noqa: BLE001 - shown to the user, never a silent crash
            self.win.show_error(f"{what}: {type(exc).__name__}: {exc}")
        finally:
            QGuiApplication.restoreOverrideCursor()
        return None

    def export_figures_dialog(self) -> bool | None:
        if self.result is None:
            self.win.show_error(self.no_result_message())
            return None
        choice = self.ask_figure_target()
        if not choice:
            return None
        folder, fmt = choice
        return self.export_figures(folder, fmt)

    def export_figures(self, folder, fmt: str) -> bool:
        """Write every chart in the background (the job runner: the Simulate dock's progress bar
        and Cancel button); the files are in ``last_files`` when the job has ended. False (and a
        message) when it cannot start."""
        from lobbysim.report.results_charts import check_figure_target, figure_plan

        res, lang = self.result, self.win.lang
        if res is None:
            self.win.show_error(self.no_result_message())
            return False
        if self.win.jobs.running:
            self.win.show_error(_t("wait for the current run to finish, then export", lang))
            return False
        ok = self._guarded(str(folder), lambda: (check_figure_target(folder, fmt), figure_plan(res)))
        if ok is None:
            return False
        if not ok[1]:
            self.win.show_error(_t("The result has no charts to export (the run kept no records).", lang))
            return False
        sim = self.win.sim
        # read on the GUI thread; the job only draws and writes
        layouts, names = sim.layouts_of(res), sim.business_names(lang)
        self.last_files = None

        def done(files):
            self.last_files = files
            self.last_folder = str(folder)
            n = len(files)
            sim.set_status(lambda: _t("{n} figures written to {folder}", self.win.lang).format(n=n, folder=folder))
            self.win.statusBar().showMessage(sim.status.text(), 8000)

        self.win.jobs.start(
            "export figures",
            lambda progress, cancel: write_figures(res, folder, fmt, layouts, lang, names, progress, cancel),
            on_done=done,
        )
        sim.set_status(lambda: _t("exporting figures…", self.win.lang))
        return True

    def export_tables_dialog(self) -> Path | None:
        if self.result is None:
            self.win.show_error(self.no_result_message())
            return None
        path = self.ask_xlsx_path()
        if not path:
            return None
        return self.export_tables(path)

    def export_tables(self, path) -> Path | None:
        from lobbysim.experiments.export import write_xlsx

        if self.result is None:
            self.win.show_error(self.no_result_message())
            return None
        path = Path(path)
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        lang = self.win.lang

        def write():
            write_xlsx(path, table_sheets(self.result, lang, lambda s: _t(s, lang)))
            return path

        out = self._guarded(str(path), write)
        if out is not None:
            self.last_folder = str(path.parent)
            self.win.statusBar().showMessage(_t("Tables written to {path}", lang).format(path=path), 8000)
        return out


__all__ = ["ResultsDock", "ResultExports", "ChartCanvas", "ChartView", "chart_label", "FigureExportDialog"]
