"""The editor simulates only what `lobbysim run` would (issue 17 items 2 and 3): the Simulate dock and
the quick estimate build their variant through lobbysim.sim.variant and show its refusal."""

from __future__ import annotations

from pathlib import Path

import pytest

from lobbysim.model import commands as C
from lobbysim.model.elements import Fixture, Wall
from lobbysim.model.fileformat import load_layout

AFTER = str(Path(__file__).resolve().parents[1] / "layouts/railway_station/after.lobby.json")
SEAL = Wall("seal", points=((8.0, 0.0), (8.0, 2.9), (19.0, 2.9), (19.0, 0.0)))
OUTSIDE = Fixture("out", fixture_kind="self_service", x=30.0, y=5.0)

REFUSALS = {
    "seal": "the layout does not validate: cash1: service point cannot be reached from the entrance (the floor is "
    "split) (and 15 more; see 'lobbysim validate')",
    "out": "the layout does not validate: out: self service 'out' is (partly) outside the boundary (and 1 more; "
    "see 'lobbysim validate')",
}


@pytest.mark.parametrize("element", [SEAL, OUTSIDE], ids=lambda e: e.id)
def test_the_simulate_dock_refuses_what_run_refuses(make_editor, element):
    """Before: the dock simulated a fixture outside the boundary, and a floor split by a wall."""
    w = make_editor(load_layout(AFTER), AFTER)
    w.push(C.AddElement(element))
    w.sim.run()
    assert not w.sim.running
    assert w.errors == [f"{AFTER}: {REFUSALS[element.id]}"]


def test_the_quick_estimate_shows_the_refusal_instead_of_kpis(make_editor, qtbot):
    w = make_editor(load_layout(AFTER), AFTER, estimate=True)
    q = w.quick_estimate
    q.reps = 1
    q.timer.stop()
    qtbot.waitUntil(lambda: not q.running, timeout=20_000)
    done = q.runs_done
    w.push(C.AddElement(SEAL))
    q.timer.stop()
    assert q.start()
    qtbot.waitUntil(lambda: q.runs_done > done and not q.running, timeout=20_000)
    assert q.kpis is None and q.label.text() == REFUSALS["seal"]
