"""Commands: every change is undoable exactly, observers see every change."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lobbysim.model import commands as C
from lobbysim.model.elements import Fixture, SeatBlock
from lobbysim.model.fileformat import dumps_layout, load_layout
from lobbysim.model.layout import Layout

ROOT = Path(__file__).resolve().parents[1]
AFTER = ROOT / "layouts/railway_station/after.lobby.json"


def _layout():
    return load_layout(AFTER)


@st.composite
def command_sequences(draw):
    """Operations described as data, turned into commands against the current layout."""
    ops = []
    for _ in range(draw(st.integers(1, 12))):
        ops.append(
            (
                draw(st.sampled_from(["move", "rotate", "delete", "add", "props", "duplicate", "align"])),
                draw(st.integers(0, 10_000)),
                draw(st.floats(-3, 3, allow_nan=False)),
                draw(st.floats(-3, 3, allow_nan=False)),
            )
        )
    return ops


def _make(layout, op):
    kind, pick, a, b = op
    ids = layout.ids()
    if not ids and kind != "add":
        kind = "add"
    target = ids[pick % len(ids)] if ids else None
    if kind == "move":
        return C.move_elements(layout, [target, ids[(pick // 7) % len(ids)]], a, b)
    if kind == "rotate":
        return C.rotate_elements(layout, [target], a * 30)
    if kind == "delete":
        return C.delete_elements(layout, [target])
    if kind == "add":
        new_id = layout.new_id("c")
        if pick % 2:
            return C.AddElement(Fixture(new_id, fixture_kind="cash_counter", x=a, y=b), index=pick % (len(ids) + 1))
        return C.AddElement(SeatBlock(new_id, x=a, y=b, rows=2, seats_per_row=3))
    if kind == "props":
        return C.set_properties(layout, target, name_en=f"renamed {pick}")
    if kind == "duplicate":
        return C.duplicate_elements(layout, [target])
    return C.align_elements(layout, [target, ids[(pick // 3) % len(ids)]], ["left", "top", "hcenter"][pick % 3])


@settings(max_examples=80, deadline=None)
@given(command_sequences())
def test_random_command_sequences_undone_in_reverse_restore_the_layout(ops):
    layout = _layout()
    original = dumps_layout(layout)
    reference = layout.copy()
    seen = []
    layout.subscribe(seen.append)
    done = []
    for op in ops:
        cmd = _make(layout, op)
        cmd.apply(layout)
        done.append(cmd)
        assert cmd.text
    n_changes = len(seen)
    for cmd in reversed(done):
        cmd.revert(layout)
    assert layout.same_as(reference)
    assert dumps_layout(layout) == original
    assert len(seen) == 2 * n_changes  # every applied change was reported, and every revert
    # redo after undo gives the same layout as the first time
    for cmd in done:
        cmd.apply(layout)
    again = dumps_layout(layout)
    for cmd in reversed(done):
        cmd.revert(layout)
    for cmd in done:
        cmd.apply(layout)
    assert dumps_layout(layout) == again


def test_delete_boundary_takes_its_entrance_in_one_step():
    layout = _layout()
    cmd = C.delete_elements(layout, ["boundary"])
    cmd.apply(layout)
    assert "boundary" not in layout and "entrance" not in layout
    assert "dependent" in cmd.text
    cmd.revert(layout)
    assert layout.ids() == _layout().ids()


def test_change_notifications_carry_old_and_new_values():
    layout = _layout()
    changes = []
    layout.subscribe(changes.append)
    rev = layout.revision
    cmd = C.move_elements(layout, ["cash1"], 1.0, 0.0)
    cmd.apply(layout)
    assert [c.kind for c in changes] == ["changed"]
    assert changes[0].new.x == changes[0].old.x + 1.0
    assert layout.revision == rev + 1
    assert cmd.text == "Move cash1"


def test_failed_macro_rolls_back():
    layout = _layout()
    before = dumps_layout(layout)
    bad = C.MacroCommand([C.move_elements(layout, ["cash1"], 1, 1), C.RemoveElement("no-such-id")], "broken")
    try:
        bad.apply(layout)
    except (KeyError, ValueError):
        pass
    assert dumps_layout(layout) == before


@pytest.mark.parametrize(
    "how,expected",
    [
        ("left", [(1.0, 1.0), (1.5, 5.0)]),  # left edges at x = 0.5
        ("right", [(5.5, 1.0), (5.0, 5.0)]),  # right edges at x = 6
        ("bottom", [(1.0, 1.0), (5.0, 1.5)]),  # bottom edges at y = 0.5
        ("top", [(1.0, 5.5), (5.0, 5.0)]),  # top edges at y = 6
        ("hcenter", [(3.0, 1.0), (3.0, 5.0)]),
        ("vcenter", [(1.0, 3.0), (5.0, 3.0)]),
    ],
)
def test_align_moves_each_element_to_the_common_side(how, expected):
    from lobbysim.model.elements import Pillar

    sq = lambda cx, cy, h: ((cx - h, cy - h), (cx + h, cy - h), (cx + h, cy + h), (cx - h, cy + h))  # noqa: E731
    lay = Layout([Pillar("p", polygon=sq(1, 1, 0.5)), Pillar("q", polygon=sq(5, 5, 1.0))])
    C.align_elements(lay, ["p", "q"], how).apply(lay)
    assert [lay[i].anchor() for i in ("p", "q")] == [pytest.approx(e) for e in expected]
    with pytest.raises(ValueError, match="unknown alignment"):
        C.align_elements(lay, ["p", "q"], "diagonal")
