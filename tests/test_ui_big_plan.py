"""The editor on a 10,000-element synthetic plan (issue 19: a drawing far larger than any branch
stays usable): the docks refresh after an edit, the walking engine's refusal is asked once per
revision, and validation's per-element memo follows the edits."""

from __future__ import annotations

import pytest

from lobbysim.geo.synthetic import grid_plan
from lobbysim.model import commands as C
from lobbysim.model.validate import validate_layout


@pytest.fixture(scope="module")
def big():
    return grid_plan(10000)


def _codes(layout, element_id):
    return {f.code for f in validate_layout(layout) if f.element_id == element_id}


def test_validation_follows_each_edit_of_a_big_plan(big):
    """Per-element results are memoised by the element's value: moving a fixture out of the
    boundary and back gives the finding, then none (a memo keyed by id would keep either)."""
    lay = grid_plan(300)
    assert _codes(lay, "f5") == set()
    far = lay.boundary.geometry.bounds[2] + 50
    C.move_elements(lay, ["f5"], far, 0.0).apply(lay)
    assert "outside-boundary" in _codes(lay, "f5")
    C.move_elements(lay, ["f5"], -far, 0.0).apply(lay)
    assert _codes(lay, "f5") == set()


def test_the_docks_of_a_10000_element_plan_after_an_edit(make_editor, big, monkeypatch):
    import lobbysim.geo as geo

    w = make_editor(big)
    w.refresh_panels()
    asked = []
    real = geo.build_floor
    monkeypatch.setattr(geo, "build_floor", lambda *a, **k: asked.append(1) or real(*a, **k))
    w.push(C.move_elements(w.layout, ["f5"], 0.3, 0.0))
    w.live.timer.stop()
    w.refresh_panels()
    assert w.live.elements.count() == len(w.layout) == 10000
    findings = [w.live.findings.item(i).text() for i in range(w.live.findings.count())]
    assert any("no waiting area" in f for f in findings), findings  # the synthetic plan is only fixtures
    (walk,) = [w.live.walking.item(i).text() for i in range(w.live.walking.count())]
    assert "obstacles" in walk  # the one-line refusal, not a freeze
    assert len(asked) == 1  # the read-out reuses the refusal of this revision instead of asking again
    w.refresh_walking()
    assert len(asked) == 1
    w.push(C.move_elements(w.layout, ["f5"], -0.3, 0.0))
    w.refresh_walking()
    assert len(asked) == 2  # a new revision is asked again
    w.undo_stack.setClean()
