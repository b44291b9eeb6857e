"""A quick estimate after every edit of the drawing or the scenario: a few simulated days of the
scenario on the current drawing, in a background thread, shown as a KPI strip with the change since the file was opened.

Edits restart a debounce timer; when it fires, a copy of the layout is simulated (``reps``
replications of ``day``, common seeds, so two drawings are compared on the same random
customers). Only one run at a time: an edit during a run schedules one more run afterwards, and
the result of a run is dropped when the drawing changed since it started. No simulation runs
in the GUI thread.
"""

from __future__ import annotations

import threading
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel

from lobbysim.errors import LobbysimError
from lobbysim.sim.variant import build_variant

SAMPLE_SCENARIO = Path(__file__).resolve().parents[2] / "layouts" / "railway_station" / "scenario.json"
SHOWN = ("wait_mean_min", "wait_p90_min", "share_wait_over_15min", "served")


def estimate_kpis(layout, scenario, day: str = "mon", reps: int = 3, seed: int = 1) -> dict[str, float]:
    """Mean of each KPI over ``reps`` replications, through the one replication loop and the one
    statistics module (in the caller's thread: no worker processes for a few replications)."""
    from lobbysim.experiments.experiment import run_experiment
    from lobbysim.experiments.runner import SerialExecutor, Variant
    from lobbysim.model.fileformat import layout_to_dict

    v = Variant("quick", layout_to_dict(layout), scenario.to_dict(), "quick")
    res = run_experiment([v], [day], reps, seed, executor=SerialExecutor(), keep_records="none")
    return {k: e.mean for k, e in res.summary("quick", day).items()}


def format_strip(kpis: dict, baseline: dict | None, lang: str = "en") -> str:
    from lobbysim.sim.kpis import KPI_INFO

    parts = []
    for k in SHOWN:
        if k not in kpis:
            continue
        en, zh, unit, _better = KPI_INFO.get(k, (k, k, "", ""))
        v = kpis[k]
        pct = k.startswith("share_")
        val = f"{v * 100:.1f}%" if pct else (f"{v:.0f}" if unit in ("", "customers", "count") else f"{v:.1f} {unit}")
        if baseline and k in baseline and abs(v - baseline[k]) > 1e-12:
            d = v - baseline[k]
            val += f" ({d * 100:+.1f} pt)" if pct else f" ({d:+.1f})"
        parts.append(f"{zh if lang == 'zh' else en}: {val}")
    return " · ".join(parts)


class QuickEstimate(QObject):
    finished = Signal(int, object, str)  # generation, kpis or None, error text

    def __init__(self, window, scenario_path=None, day: str = "mon", reps: int = 3, seed: int = 1, delay_ms: int = 600):
        super().__init__(window)
        self.window = window
        self.day, self.reps, self.seed = day, reps, seed
        self.scenario = None
        self.error = ""
        sim = getattr(window, "sim", None)
        self.set_scenario(scenario_path or (sim.scenario.text() if sim is not None else SAMPLE_SCENARIO))
        if sim is not None and hasattr(sim, "scenario_changed"):
            sim.scenario_changed.connect(self.scenario_edited)
        self.generation = 0  # bumps at every edit
        self.running = False
        self.pending = False
        self.kpis: dict | None = None
        self.baseline: dict | None = None
        self.runs_done = 0
        self.label = QLabel("")
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.start)
        self.finished.connect(self._done)
        window.undo_stack.indexChanged.connect(self.edited)
        window.undo_stack.cleanChanged.connect(self._maybe_new_file)
        self._layout_id = id(window.layout)

    def set_scenario(self, path) -> None:
        from lobbysim.sim.scenario import load_scenario

        try:
            self.scenario = load_scenario(path)
            self.error = ""
        except LobbysimError as exc:
            self.scenario, self.error = None, str(exc)

    def use_document(self, doc: dict, where: str) -> None:
        """Estimate with a scenario being edited (not saved yet), against the same baseline: the
        strip then shows what the edit changes."""
        from lobbysim.sim.scenario import Scenario

        try:
            self.scenario, self.error = Scenario.from_dict(doc, where), ""
        except LobbysimError as exc:
            self.scenario, self.error = None, str(exc)
        self.edited()

    def scenario_edited(self, path) -> None:
        """The scenario changed (another file, or the same file saved again): estimate again
        against a new baseline, since the old one was another scenario."""
        self.set_scenario(path)
        self.baseline = None
        self.edited()

    def _maybe_new_file(self, *_):
        if id(self.window.layout) != self._layout_id:  # another file was opened: new baseline
            self._layout_id = id(self.window.layout)
            self.baseline = None

    def edited(self, *_):
        self._maybe_new_file()
        self.generation += 1
        self.timer.start()

    def start(self) -> bool:
        """Start a run now (in a worker thread); False when one is running (it runs again after)."""
        if self.running:
            self.pending = True
            return False
        if self.scenario is None:
            self._show(self.error or "no scenario")
            return False
        self.running = True
        gen, layout = self.generation, self.window.layout.copy()
        scenario, day, reps, seed = self.scenario, self.day, self.reps, self.seed
        self._show("…")

        def work():
            try:
                v = build_variant(layout, scenario)  # refused as `lobbysim run` refuses it
                k = estimate_kpis(v.layout, v.scenario, day, reps, seed)
                self.finished.emit(gen, k, "")
            except LobbysimError as exc:
                self.finished.emit(gen, None, str(exc))
            except Exception as exc:  # noqa: BLE001 - a failed estimate must not take the editor down
                self.finished.emit(gen, None, f"estimate failed: {exc}")

        self.thread = threading.Thread(target=work, name="quick-estimate", daemon=True)
        self.thread.start()
        return True

    def _done(self, gen, kpis, err):
        self.running = False
        self.runs_done += 1
        if not shiboken6.isValid(self.label):
            return
        if gen == self.generation:
            if kpis is None:
                self.kpis = None
                self._show(err)
            else:
                self.kpis = kpis
                if self.baseline is None:
                    self.baseline = kpis
                self._show(format_strip(kpis, self.baseline, getattr(self.window, "lang", "en")))
        if self.pending or gen != self.generation:
            self.pending = False
            self.timer.start()

    def _show(self, text):
        if shiboken6.isValid(self.label):
            self.label.setText(text)


def install_quick_estimate(window, **kw) -> QuickEstimate:
    """A tool bar strip under the menus with the quick estimate; the first run starts at once."""
    from PySide6.QtCore import Qt

    q = QuickEstimate(window, **kw)
    window.addToolBarBreak(Qt.TopToolBarArea)
    tb = window.addToolBar(window.t("Quick estimate") if hasattr(window, "t") else "Quick estimate")
    tb.setObjectName("quick_estimate")
    tb.addWidget(q.label)
    window.quick_estimate = q
    q.timer.start()
    return q
