"""Issue 22: the editor's Run works where worker processes can only be spawned (Windows, macOS,
a frozen bundle), and a replication's KPIs do not depend on how its worker process started."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lobbysim.experiments.experiment import load_variant, run_experiment
from lobbysim.experiments.runner import START_METHOD_ENV, LocalPoolExecutor, choose_start_method
from lobbysim.model.fileformat import load_layout
from lobbysim.samples import DEFAULT_SCENARIO, sample_file

ROOT = Path(__file__).resolve().parents[1]
BEFORE = str(ROOT / "layouts/railway_station/before.lobby.json")


def _kpis(result) -> str:
    """One variant's KPIs as JSON text (a KPI without data is NaN, which != itself once pickled)."""
    (per_day,) = result.kpis.values()
    return json.dumps(per_day, sort_keys=True)


def test_the_editors_run_with_spawned_workers_gives_the_kpis_of_forked_workers(make_editor, qtbot, monkeypatch):
    monkeypatch.setenv(START_METHOD_ENV, "spawn")
    w = make_editor(load_layout(BEFORE), BEFORE)  # its own pool, started the way the variable says
    w.sim.reps.setValue(3)
    w.sim.seed.setValue(7)
    w.sim.run()
    qtbot.waitUntil(lambda: not w.sim.running, timeout=120_000)  # spawned workers import everything anew
    assert not w.errors, w.errors
    pool = w.jobs.executor()
    assert pool.start_method == "spawn" and pool.workers >= 2 and pool._pool is not None
    forked = run_experiment(
        [load_variant("A", BEFORE, str(sample_file(DEFAULT_SCENARIO)))],
        ["mon"],
        3,
        7,
        executor=LocalPoolExecutor(2, start_method="fork"),
        keep_records="none",
    )
    assert _kpis(w.sim.result) == _kpis(forked)
    w.close()


def test_the_start_method_is_chosen_in_one_place(monkeypatch):
    monkeypatch.delenv(START_METHOD_ENV, raising=False)
    import multiprocessing as mp
    import sys

    cli, editor = choose_start_method(), choose_start_method(threads=True)
    assert cli in mp.get_all_start_methods() and editor in mp.get_all_start_methods()
    assert editor != "fork"  # never fork a process that runs threads
    if sys.platform.startswith("linux"):
        assert (cli, editor) == ("fork", "forkserver")
    monkeypatch.setattr(sys, "platform", "win32")
    assert choose_start_method() == choose_start_method(threads=True) == "spawn"
    assert LocalPoolExecutor(2).start_method == "spawn"
    monkeypatch.setenv(START_METHOD_ENV, "nonsense")
    from lobbysim.errors import UsageError

    with pytest.raises(UsageError, match="LOBBYSIM_START_METHOD=nonsense"):
        choose_start_method()
