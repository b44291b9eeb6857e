"""A quick estimate after every edit of the drawing or the scenario: a few simulated days of the
scenario on the current drawing, in a background thread, shown as a KPI strip with the change since the file was opened.

Edits restart a debounce timer; when it fires, a copy of the layout is simulated (``reps``
replications of ``day``, common seeds, so two drawings are compared on the same random
customers). Only one run at a time: an edit during a run schedules one more run afterwards, and
the result of a run is dropped when the drawing changed since it started. No simulation runs
in the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel

from lobbysim.errors import LobbysimError

from .jobs import DONE, FAILED, JobRunner

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


def checked_estimate(layout, scenario, day: str, reps: int, seed: int) -> dict[str, float]:
    """``estimate_kpis`` of a drawing and a scenario refused as ``lobbysim run`` refuses them."""
    from lobbysim.sim.variant import build_variant

    v = build_variant(layout, scenario)
    return estimate_kpis(v.layout, v.scenario, day, reps, seed)


def format_strip(kpis: dict, baseline: dict | None, lang: str = "en") -> str:
    """The strip's text: each shown KPI with its unit, and its change against the baseline."""
    from .kpi_table import kpi_label, value

    parts = []
    for k in SHOWN:
        if k not in kpis:
            continue
        v = kpis[k]
        text = f"{kpi_label(k, lang)}: {value(v, k)}"
        if baseline and k in baseline and abs(v - baseline[k]) > 1e-12:
            text += f" ({value(v - baseline[k], k, sign=True)})"
        parts.append(text)
    return " · ".join(parts)


class QuickEstimate(QObject):
    """The quick-estimate strip of an editor window (``label``), run by its own job runner so it
    never waits for, or blocks, the Simulate dock's runs."""

    def __init__(self, window, scenario_path=None, day: str = "mon", reps: int = 3, seed: int = 1, delay_ms: int = 600):
        super().__init__(window)
        self.window = window
        self.day, self.reps, self.seed = day, reps, seed
        self.scenario = None
        self.error = ""
        self.jobs = JobRunner(self, document=lambda: window.layout)
        self.set_scenario(scenario_path or window.sim.scenario_path())
        window.sim.scenario_changed.connect(self.scenario_edited)
        self.generation = 0  # bumps at every edit
        self.pending = False
        self.kpis: dict | None = None
        self.baseline: dict | None = None
        self.runs_done = 0
        self.label = QLabel("")
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.start)
        window.undo_stack.indexChanged.connect(self.edited)
        window.document_changed.connect(self.new_document)

    @property
    def running(self) -> bool:
        return self.jobs.running

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

    def new_document(self) -> None:
        """Another drawing was opened: its first estimate is the new baseline."""
        self.baseline = None
        self.edited()

    def edited(self, *_):
        self.generation += 1
        self.timer.start()

    def start(self) -> bool:
        """Start a run now (in a worker thread); False when one is running (it runs again after)."""
        if self.jobs.running:
            self.pending = True
            return False
        if self.scenario is None:
            self._show(self.error or "no scenario")
            return False
        gen, layout = self.generation, self.window.layout.copy()
        scenario, day, reps, seed = self.scenario, self.day, self.reps, self.seed
        self._show("…")
        self.jobs.start(
            "quick estimate",
            lambda progress, cancel: checked_estimate(layout, scenario, day, reps, seed),
            on_end=lambda job: self._done(gen, job),
        )
        return True

    def _done(self, gen: int, job) -> None:
        self.runs_done += 1
        if gen == self.generation:
            if job.state == DONE:
                self.kpis = job.result
                if self.baseline is None:
                    self.baseline = job.result
                self._show(format_strip(job.result, self.baseline, self.window.lang))
            elif job.state == FAILED:
                self.kpis = None
                self._show(job.message)
        if self.pending or gen != self.generation:
            self.pending = False
            self.timer.start()

    def retranslate(self, lang: str) -> None:
        if self.kpis is not None:
            self._show(format_strip(self.kpis, self.baseline, lang))

    def _show(self, text):
        self.label.setText(text)


__all__ = ["QuickEstimate", "estimate_kpis", "format_strip", "SHOWN"]
