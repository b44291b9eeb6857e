"""The editor's paste, recovery and new-post edits as model commands: fresh ids, exact undo,
observers told of every change, post numbers and names from the model."""

from __future__ import annotations

from pathlib import Path

import pytest

from lobbysim.model import commands as C
from lobbysim.model.elements import Boundary, Post
from lobbysim.model.fileformat import dumps_layout, load_layout
from lobbysim.model.layout import Layout

ROOT = Path(__file__).resolve().parents[1]
AFTER = ROOT / "layouts/railway_station/after.lobby.json"
BEFORE = ROOT / "layouts/railway_station/before.lobby.json"


def test_paste_gives_fresh_ids_offsets_and_undoes_exactly():
    lay = load_layout(AFTER)
    start = dumps_layout(lay)
    clipboard = [lay["cash3"], lay["atm1"]]
    cmd = C.PasteElements(lay, clipboard)
    assert cmd.text == "Paste 2 elements" and cmd.ids == ["cash4", "atm3"]
    cmd.apply(lay)
    assert lay["cash4"].x == pytest.approx(lay["cash3"].x + 0.5)
    assert lay["cash4"].y == pytest.approx(lay["cash3"].y - 0.5)
    assert lay["atm3"].fixture_kind == "self_service"
    again = C.PasteElements(lay, clipboard, dx=1.0, dy=0.0)  # pasting twice: the next free numbers
    assert again.ids == ["cash5", "atm4"] and C.PasteElements(lay, [lay["cash1"]]).text == "Paste 1 element"
    cmd.revert(lay)
    assert dumps_layout(lay) == start


def test_paste_copies_of_elements_deleted_meanwhile():
    lay = load_layout(AFTER)
    clipboard = [lay["water"]]
    C.delete_elements(lay, ["water"]).apply(lay)
    cmd = C.PasteElements(lay, clipboard)
    cmd.apply(lay)
    assert cmd.ids == ["water1"] and lay["water1"].fixture_kind == clipboard[0].fixture_kind


def test_duplicate_keeps_its_text_and_ids():
    lay = load_layout(AFTER)
    cmd = C.duplicate_elements(lay, ["atm1"])
    cmd.apply(lay)
    assert cmd.text == "Duplicate 1 element" and "atm3" in lay


def test_replace_content_applies_and_reverts_exactly_and_tells_observers():
    lay, other = load_layout(BEFORE), load_layout(AFTER)
    start = dumps_layout(lay)
    seen = []
    lay.subscribe(seen.append)
    cmd = C.ReplaceContent(lay, other)
    cmd.apply(lay)
    assert lay.same_as(other) and dumps_layout(lay) == dumps_layout(other)
    assert {c.element_id for c in seen} >= set(load_layout(BEFORE).ids()) | set(other.ids())
    cmd.revert(lay)
    assert dumps_layout(lay) == start and cmd.text == "Recover unsaved changes"


def test_a_new_post_takes_the_lowest_free_number_and_the_case_names():
    lay = Layout([Boundary("b", polygon=((0, 0), (10, 0), (10, 10), (0, 10)))])
    square = ((1, 1), (3, 1), (3, 3), (1, 3))
    for _ in range(3):
        C.AddPost(lay, square).apply(lay)
    assert [(p.number, p.name_zh, p.name_en) for p in lay.posts()] == [
        (1, "厅堂1号", "Lobby post 1"),
        (2, "厅堂2号", "Lobby post 2"),
        (3, "厅堂3号", "Lobby post 3"),
    ]
    C.delete_elements(lay, [lay.posts()[1].id]).apply(lay)
    cmd = C.AddPost(lay, square)
    assert isinstance(cmd.element, Post) and cmd.element.number == 2  # the gap is filled first
    cmd.apply(lay)
    assert cmd.text == f"Add post {cmd.element.id}" and C.AddPost(lay, square).element.number == 4
