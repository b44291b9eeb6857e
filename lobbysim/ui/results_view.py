"""The Results dock and the result exports of the editor (issue 9).

After a run or a comparison in the Simulate dock, the dock shows the report layer's charts of
the result (customer flow, staff paths, occupancy heat map, waits, staff time, and the KPI table
of each variant against the first when variants were compared) for the chosen day, every variant
side by side. Nothing is
simulated here: each chart is drawn from the records the run kept. File → Export writes every
chart of the result as PNG or SVG, or the KPI tables as an Excel workbook, each file atomically.

``install_results(window)`` adds the dock, the canvas overlays (overlays.py) and the export
menu to an editor window that has a Simulate dock; ``retranslate_results(window, lang)``
relabels them after a language switch.
"""

from __future__ import annotations

import math
from pathlib import Path

import shiboken6
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg, NavigationToolbar2QT
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
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
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lobbysim.errors import LobbysimError

from .i18n_text import tr

#: the context of this module's texts in lobbysim/ui/i18n/lobbysim_zh_CN.ts (English source texts)
CONTEXT = "Results"
#: chart key (also the file name after the day, as in the PDF report) -> English name;
#: with more than two variants there is one KPI table per variant, 'kpis_<variant>'.
CHARTS = {
    "customer_flow": "Customer flow",
    "staff_spaghetti": "Staff paths",
    "occupancy": "Occupancy heat map",
    "waits": "Waits",
    "staff_time": "Staff time",
    "kpis": "KPI table",
}
#: pixels per inch of a chart page on screen before the canvas fits it to its room
SCREEN_DPI = 72
FORMATS = ("png", "svg")


def _t(text: str, lang: str) -> str:
    """``text`` (English) in the interface language, from the translation file."""
    return tr(CONTEXT, text, lang)


# --- what a result holds (no Qt) --------------------------------------------------------------------------
def records_for(result, variant: str, day: str) -> list:
    """The kept records of one variant and day, replication order."""
    return [result.records[(variant, day, r)] for r in range(result.reps) if (variant, day, r) in result.records]


def charted_variants(result, day: str) -> list[str]:
    """The variants with records on ``day`` (a compare that kept none has nothing to draw)."""
    return [v for v in result.variants if records_for(result, v, day)]


def kpi_keys(result) -> list[str]:
    """The KPI-table charts: 'kpis' for two variants, 'kpis_<variant>' for each variant against
    the first when there are more."""
    others = result.variants[1:]
    return ["kpis"] if len(others) == 1 else [f"kpis_{v}" for v in others]


def kpi_variant(result, key: str) -> str:
    """The variant a KPI-table chart compares with the first."""
    return result.variants[1] if key == "kpis" else key[len("kpis_") :]


def chart_keys(result, day: str) -> list[str]:
    """The charts this result can draw for ``day``: the record charts when records were kept,
    the KPI tables when there are variants to compare."""
    keys = [k for k in CHARTS if k != "kpis"] if charted_variants(result, day) else []
    if day in result.days:
        keys += kpi_keys(result)
    return keys


def chart_label(result, key: str, lang: str) -> str:
    if key.startswith("kpis_"):
        lab = result.labels
        base, v = result.variants[0], kpi_variant(result, key)
        return f"{_t(CHARTS['kpis'], lang)}: {lab.get(v, v)} − {lab.get(base, base)}"
    return _t(CHARTS[key], lang)


def comparisons(result) -> dict:
    """variant -> its comparison with the first variant (paired on the same customers)."""
    from lobbysim.experiments.experiment import compare

    if result is None:
        return {}
    base = result.variants[0]
    return {v: compare(result, base, v) for v in result.variants[1:]}


def result_layouts(window, result) -> dict:
    """variant -> model Layout of the result: the Simulate dock's ``variant_layouts`` where it has
    them, the layout in the editor for the rest."""
    known = getattr(window.sim, "variant_layouts", None) or {}
    return {v: known.get(v) or window.layout for v in result.variants}


def business_names(window, lang: str) -> dict | None:
    """Business code -> name in the interface language, from the Simulate dock's scenario (None
    when it cannot be read: the charts then show the codes)."""
    from lobbysim.model.jsonio import read_json

    try:
        doc = read_json(window.sim.scenario.text(), what="lobbysim scenario")
    except (LobbysimError, OSError, ValueError):
        return None
    out = {}
    for b in doc.get("business", []) if isinstance(doc, dict) else []:
        if isinstance(b, dict) and "code" in b:
            out[b["code"]] = b.get("name_zh" if lang == "zh" else "name_en") or b["code"]
    return out or None


def build_chart(
    key: str, result, day: str, layouts: dict, lang: str = "en", cmps: dict | None = None, names: dict | None = None
):
    """The report layer's Figure of chart ``key`` for ``day``, every variant with records side by
    side, titled with the result's labels."""
    from lobbysim.report import figures as F

    if key == "kpis" or key.startswith("kpis_"):
        from lobbysim.sim.kpis import KPI_INFO

        if len(result.variants) < 2:
            raise LobbysimError("the KPI table needs two variants: compare this layout with another")
        cmps = cmps if cmps is not None else comparisons(result)
        return F.figure_kpi_table(cmps[kpi_variant(result, key)], day, lang, KPI_INFO)
    variants = charted_variants(result, day)
    if not variants:
        raise LobbysimError(f"the run kept no records for {F.day_name(day, 'en')}: nothing to draw")
    titles = [f"{result.labels.get(v, v)} · {F.day_name(day, lang)}" for v in variants]
    recs = [records_for(result, v, day) for v in variants]
    lays = [layouts[v] for v in variants]
    if key == "customer_flow":
        return F.figure_customer_flow(lays, recs, titles, lang, names)
    if key == "staff_spaghetti":
        return F.figure_staff_spaghetti(lays, recs, titles, lang)
    if key == "occupancy":
        return F.figure_heatmaps(lays, recs, titles, lang)
    if key == "waits":
        return F.figure_waits(recs, titles, lang)
    if key == "staff_time":
        return F.figure_staff_time(recs, titles, lang)
    raise KeyError(key)


def _save_figure(fig, path, fmt: str) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    fig.savefig(path, format=fmt, dpi=150 if fmt == "png" else None)


def check_figure_target(folder, fmt: str) -> Path:
    if fmt not in FORMATS:
        raise LobbysimError(f"unknown figure format '{fmt}'; use png or svg")
    folder = Path(folder)
    if not folder.is_dir():
        raise LobbysimError("is not a folder", path=str(folder))
    return folder


def figure_job(window, result, folder, fmt: str):
    """A job (progress, cancel) -> files writing every chart of every day of ``result`` into
    ``folder`` as ``<day>_<chart>.<fmt>``, each atomically. The window is read here, in the GUI
    thread; the job only draws, so it runs in a worker thread."""
    from lobbysim.experiments.runner import Cancelled
    from lobbysim.model.jsonio import atomic_write_bytes
    from lobbysim.report import figures as F

    folder = check_figure_target(folder, fmt)
    lang = window.lang
    layouts = result_layouts(window, result)
    cmps = comparisons(result)
    names = business_names(window, lang)
    todo = [(day, key) for day in result.days for key in chart_keys(result, day)]
    if not todo:
        raise LobbysimError("the result has no charts to export (the run kept no records)")

    def job(progress=None, cancel=None) -> list[Path]:
        out = []
        with F.style():
            for i, (day, key) in enumerate(todo):
                if cancel is not None and cancel.is_set():
                    raise Cancelled("export cancelled; the figures written so far are complete files")
                fig = build_chart(key, result, day, layouts, lang, cmps, names)
                path = folder / f"{day}_{key}.{fmt}"
                atomic_write_bytes(path, lambda tmp, f=fig: _save_figure(f, tmp, fmt))
                out.append(path)
                if progress is not None:
                    progress(i + 1, len(todo))
        return out

    return job


def table_sheets(result, lang: str = "en") -> dict:
    """Worksheets {name: (header, rows)}: per day the KPI summary (mean and 95% interval as
    text, as on screen), the same as numbers (mean, low, high per variant), and the comparison
    with the first variant when there are more: B against A for two, every variant against the
    first side by side for more."""
    from lobbysim.experiments.experiment import comparison_rows, multi_comparison_rows, summary_rows
    from lobbysim.report.figures import day_name
    from lobbysim.sim.kpis import KPI_INFO

    cmps = comparisons(result)
    sheets = {}
    for day in result.days:
        dn = day_name(day, lang)
        sheets[_t("{day} KPIs", lang).format(day=dn)] = summary_rows(result, day, lang)
        header = [_t("KPI", lang), _t("code", lang), _t("unit", lang)]
        for v in result.variants:
            lab = result.labels.get(v, v)
            header += [f"{lab} " + _t("mean", lang), f"{lab} " + _t("95% low", lang), f"{lab} " + _t("95% high", lang)]
        rows = []
        for name in result.kpi_names():
            info = KPI_INFO.get(name)
            row = [name if info is None else (info[1] if lang == "zh" else info[0]), name, info[2] if info else ""]
            for v in result.variants:
                e = result.estimate(v, day, name)
                row += [_num(e.mean), _num(e.lo), _num(e.hi)]
            rows.append(row)
        sheets[_t("{day} values", lang).format(day=dn)] = (header, rows)
        if len(cmps) == 1:
            sheets[_t("{day} B-A", lang).format(day=dn)] = comparison_rows(next(iter(cmps.values())), day, lang)
        elif cmps:
            header, rows, _verdicts = multi_comparison_rows(result, day, lang=lang)
            sheets[_t("{day} comparison", lang).format(day=dn)] = (header, rows)
    return sheets


def _num(v):
    return float(v) if v is not None and math.isfinite(v) else None


# --- the chart canvas -----------------------------------------------------------------------------------------
class ChartCanvas(FigureCanvasQTAgg):
    """A matplotlib canvas that shows a report page whole, like a page viewer: the page keeps its
    size in inches and the canvas scales it to the room it has (its pixels per inch follow the
    widget), so labels never squeeze into each other in a small dock, they only get smaller
    (enlarge or float the dock, or zoom with the tool bar, to read them). It draws with the
    report's fonts (Chinese glyphs on any machine): matplotlib resolves font families when it
    draws, not when a text is made."""

    MIN_DPI, MAX_DPI = 12.0, 150.0

    def __init__(self, figure):
        self.page = tuple(float(v) for v in figure.get_size_inches())
        figure.set_dpi(SCREEN_DPI)
        super().__init__(figure)
        self.setMinimumSize(160, 120)

    def page_dpi(self, width: int, height: int) -> float:
        """Pixels per inch at which the whole page fits width x height (logical pixels)."""
        return max(self.MIN_DPI, min(self.MAX_DPI, width / self.page[0], height / self.page[1]))

    def resizeEvent(self, event):
        size = event.size()
        if self.figure is not None and size.width() > 0 and size.height() > 0:
            self.figure.set_dpi(self.page_dpi(size.width(), size.height()) * self.device_pixel_ratio)
        super().resizeEvent(event)

    def sizeHint(self):
        from PySide6.QtCore import QSize

        # modest: a docked chart must not widen the dock and squeeze the plan (float it to enlarge)
        w = 480
        return QSize(w, int(w * self.page[1] / self.page[0]))

    def draw(self):
        from lobbysim.report.figures import style

        with style():
            super().draw()

    def print_figure(self, *args, **kwargs):
        from lobbysim.report.figures import style

        with style():
            super().print_figure(*args, **kwargs)


class ResultsDock(QDockWidget):
    """The Results dock: a chart selector, a day selector and the chart."""

    def __init__(self, window):
        super().__init__(window)
        self.win = window
        self.setObjectName("Results")
        self.result = None
        self.layouts: dict = {}
        self.cmps: dict = {}
        self.names: dict | None = None
        self.figure = None
        self.canvas: ChartCanvas | None = None
        self.toolbar: NavigationToolbar2QT | None = None
        body = QWidget()
        v = QVBoxLayout(body)
        v.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        self.chart_label = QLabel()
        self.chart = QComboBox()
        self.chart.setSizeAdjustPolicy(QComboBox.AdjustToContents)  # the chart names are long
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
        self.chart_box = QVBoxLayout()
        v.addLayout(self.chart_box, 1)
        self.setWidget(body)
        self.chart.currentIndexChanged.connect(lambda _i: self.redraw())
        self.day.currentIndexChanged.connect(self._on_day)
        self.topLevelChanged.connect(self._on_float)
        window.sim.finished.connect(self.on_finished)
        self.retranslate(window.lang)

    # --- labels ---------------------------------------------------------------------------------------
    def retranslate(self, lang: str) -> None:
        self.setWindowTitle(_t("Results", lang))
        self.chart_label.setText(_t("chart", lang))
        self.day_label.setText(_t("day", lang))
        self._fill_selectors()
        if self.result is None:
            self._show_note(_t("No results yet: run a simulation or a comparison in the Simulate dock.", lang))
        else:
            self.names = business_names(self.win, lang)
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
            i = self.day.findData(day)
            self.day.setCurrentIndex(max(0, i))
            for k in chart_keys(self.result, self.day.currentData()):
                self.chart.addItem(chart_label(self.result, k, lang), k)
            i = self.chart.findData(key)
            self.chart.setCurrentIndex(max(0, i))
        for box in (self.chart, self.day):
            box.blockSignals(False)

    # --- following the Simulate dock --------------------------------------------------------------------
    def on_finished(self) -> None:
        """A run or comparison ended: draw its result (a cancelled or failed run leaves the last)."""
        res = getattr(self.win.sim, "result", None)
        if res is None or res is self.result:
            return
        self.set_result(res)

    def set_result(self, result) -> None:
        self.result = result
        self.layouts = result_layouts(self.win, result)
        self.cmps = comparisons(result)
        self.names = business_names(self.win, self.win.lang)
        self._fill_selectors()
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
        ov = getattr(self.win, "result_overlays", None)
        if ov is not None:
            ov.refresh()

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
            self.toolbar.deleteLater()
        if self.canvas is not None and shiboken6.isValid(self.canvas):
            self.chart_box.removeWidget(self.canvas)
            self.canvas.deleteLater()
        self.toolbar = self.canvas = self.figure = None

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
        QGuiApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            with style():
                fig = build_chart(key, self.result, day, self.layouts, lang, self.cmps, self.names)
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
        self.canvas = ChartCanvas(fig)
        self.chart_box.addWidget(self.canvas)
        self.toolbar = NavigationToolbar2QT(self.canvas, self)
        self.toolbar_row.addWidget(self.toolbar)
        self.note.setVisible(False)
        self.canvas.draw_idle()


# --- exports ---------------------------------------------------------------------------------------------------
class FigureExportDialog(QDialog):
    """Folder and format (PNG or SVG) for File → Export → Figures."""

    def __init__(self, parent, lang: str, folder: str = ""):
        super().__init__(parent)
        self.setWindowTitle(_t("Export figures", lang))
        form = QFormLayout(self)
        row = QHBoxLayout()
        self.folder = QLineEdit(folder)
        browse = QPushButton("…")
        browse.clicked.connect(self._browse)
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form.addRow(_t("folder", lang), row)
        self.format = QComboBox()
        self.format.addItem(_t("PNG images", lang), "png")
        self.format.addItem(_t("SVG drawings", lang), "svg")
        form.addRow(_t("format", lang), self.format)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.lang = lang

    def _browse(self):
        d = QFileDialog.getExistingDirectory(self, _t("Export to folder", self.lang), self.folder.text())
        if d:
            self.folder.setText(d)


class ResultExports:
    """File → Export → Figures (PNG/SVG)… and Tables (XLSX)… of the current result."""

    def __init__(self, window):
        self.win = window
        self.last_folder = ""
        self.menu = QMenu(window)
        self.figures_action = QAction(window)
        self.figures_action.triggered.connect(self.export_figures_dialog)
        self.tables_action = QAction(window)
        self.tables_action.triggered.connect(self.export_tables_dialog)
        self.menu.addAction(self.figures_action)
        self.menu.addAction(self.tables_action)
        window.sim.finished.connect(self.update_enabled)
        self.retranslate(window.lang)

    @property
    def result(self):
        return getattr(self.win.sim, "result", None)

    def retranslate(self, lang: str) -> None:
        self.menu.setTitle(_t("Export", lang))
        self.figures_action.setText(_t("Figures (PNG/SVG)…", lang))
        self.tables_action.setText(_t("Tables (XLSX)…", lang))
        self.update_enabled()
        attach_to_file_menu(self.win, self.menu)

    def no_result_message(self) -> str:
        return _t("Nothing to export yet: run a simulation in the Simulate dock first.", self.win.lang)

    def update_enabled(self) -> None:
        has = self.result is not None
        tip = "" if has else self.no_result_message()
        for a in (self.figures_action, self.tables_action):
            a.setEnabled(has)
            a.setToolTip(tip)
            a.setStatusTip(tip)
        self.menu.setToolTipsVisible(True)

    # --- choosing (replaceable in tests) --------------------------------------------------------------
    def _pick_figure_target(self):
        """(folder, 'png' or 'svg'), or None when cancelled."""
        dlg = FigureExportDialog(self.win, self.win.lang, self.last_folder)
        if dlg.exec() != QDialog.Accepted or not dlg.folder.text().strip():
            return None
        return dlg.folder.text().strip(), dlg.format.currentData()

    def _pick_xlsx_path(self):
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
        choice = self._pick_figure_target()
        if not choice:
            return None
        folder, fmt = choice
        return self.export_figures(folder, fmt)

    def export_figures(self, folder, fmt: str) -> bool:
        """Write every chart in the background (the Simulate dock's worker: progress bar and
        cancel); the files are in ``last_files`` when ``window.sim.finished`` fires. False (and a
        message) when it cannot start."""
        if self.result is None:
            self.win.show_error(self.no_result_message())
            return False
        job = self._guarded(str(folder), lambda: figure_job(self.win, self.result, folder, fmt))
        if job is None:
            return False
        sim = self.win.sim
        self.last_files = None

        def done(files):
            self.last_files = files
            self.last_folder = str(folder)
            msg = _t("{n} figures written to {folder}", self.win.lang).format(n=len(files), folder=folder)
            sim.status.setText(msg)
            self.win.statusBar().showMessage(msg, 8000)

        if not sim._start(lambda progress, cancel: job(progress, cancel), done):
            self.win.show_error(_t("wait for the current run to finish, then export", self.win.lang))
            return False
        sim.status.setText(_t("exporting figures…", self.win.lang))
        return True

    def export_tables_dialog(self) -> Path | None:
        if self.result is None:
            self.win.show_error(self.no_result_message())
            return None
        path = self._pick_xlsx_path()
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

        def write():
            write_xlsx(path, table_sheets(self.result, self.win.lang))
            return path

        out = self._guarded(str(path), write)
        if out is not None:
            self.last_folder = str(path.parent)
            self.win.statusBar().showMessage(_t("Tables written to {path}", self.win.lang).format(path=path), 8000)
        return out


def _menu_named(window, names):
    return next(
        (a.menu() for a in window.menuBar().actions() if a.menu() is not None and a.text().replace("&", "") in names),
        None,
    )


def attach_to_file_menu(window, menu: QMenu) -> None:
    """Put the Export menu in the window's current File menu, before Quit (menus may be rebuilt
    on a language switch)."""
    fm = _menu_named(window, {"File", tr("EditorWindow", "File", getattr(window, "lang", "en"))})
    if fm is None:
        fm = window.menuBar().addMenu("File")
    if menu.menuAction() in fm.actions():
        return
    quit_key = QKeySequence(QKeySequence.Quit)  # empty on some platforms: then the label
    quit_texts = {"Quit", tr("EditorWindow", "Quit", getattr(window, "lang", "en"))}
    quit_action = next(
        (a for a in fm.actions() if a.text() in quit_texts or (not quit_key.isEmpty() and a.shortcut() == quit_key)),
        None,
    )
    if quit_action is not None:
        fm.insertMenu(quit_action, menu)
    else:
        fm.addMenu(menu)


# --- installing --------------------------------------------------------------------------------------------------
def install_results(window):
    """The Results dock (tabbed with the Simulate dock), the result overlays in the View menu and
    File → Export; only for a window with a Simulate dock. Returns the dock (None without one)."""
    if not hasattr(window, "sim"):
        return None
    if getattr(window, "results", None) is not None:
        return window.results
    from .overlays import install_overlays

    dock = ResultsDock(window)
    window.addDockWidget(Qt.RightDockWidgetArea, dock)
    sim_dock = getattr(window, "docks", {}).get("Simulate")
    if sim_dock is not None:
        window.tabifyDockWidget(sim_dock, dock)
        sim_dock.raise_()
    window.results = dock
    window.result_exports = ResultExports(window)
    install_overlays(window)
    # a result that arrived before the install
    if getattr(window.sim, "result", None) is not None:
        dock.on_finished()
    return dock


def retranslate_results(window, lang: str) -> None:
    """Relabel the dock, the overlay toggles and the Export menu, and put the toggles and the
    menu back into the View and File menus (a language switch rebuilds the menus); the charts
    and the overlays are drawn again in the new language after the scene has been rebuilt."""
    dock = getattr(window, "results", None)
    if dock is None or not shiboken6.isValid(dock):
        return
    dock.retranslate(lang)
    window.result_exports.retranslate(lang)
    ov = getattr(window, "result_overlays", None)
    if ov is not None:
        ov.retranslate(lang)
        # the window rebuilds its scene after relabelling the add-ons: draw the overlays after that
        QTimer.singleShot(0, ov.refresh)


__all__ = [
    "ResultsDock",
    "ResultExports",
    "ChartCanvas",
    "install_results",
    "retranslate_results",
    "build_chart",
    "chart_keys",
    "comparisons",
    "records_for",
    "table_sheets",
    "figure_job",
    "CHARTS",
]
