"""Validation findings on hand-made layouts."""

from __future__ import annotations

from pathlib import Path

from lobbysim.model import commands as C
from lobbysim.model.elements import Area, Boundary, Entrance, Fixture, Post, Wall
from lobbysim.model.fileformat import load_layout
from lobbysim.model.layout import Layout
from lobbysim.model.validate import validate_layout

ROOT = Path(__file__).resolve().parents[1]
R = lambda x0, y0, x1, y1: ((x0, y0), (x1, y0), (x1, y1), (x0, y1))  # noqa: E731


def _base():
    return Layout(
        [
            Boundary("b", polygon=R(0, 0, 12, 8)),
            Entrance("door", a=(5, 0), b=(7, 0)),
            Area("wait", area_kind="waiting", polygon=R(2, 2, 10, 6)),
            Fixture("t", fixture_kind="ticket_dispenser", x=3, y=1),
            Fixture("c1", fixture_kind="cash_counter", x=6, y=6.8, rotation=180),
        ]
    )


def codes(layout):
    return {(f.code, f.element_id) for f in validate_layout(layout)}


def test_samples_have_no_findings():
    for v in ("before", "after"):
        assert validate_layout(load_layout(ROOT / f"layouts/railway_station/{v}.lobby.json")) == []


def test_clean_base_layout():
    assert codes(_base()) == set()


def test_each_problem_is_found_and_named():
    lay = _base()
    C.add_elements(
        lay,
        [
            Area("bow", area_kind="waiting", polygon=((0, 0), (2, 2), (2, 0), (0, 2))),  # self-intersecting
            Fixture("out", fixture_kind="smart_counter", x=11.9, y=4),  # sticks out
            Fixture("c2", fixture_kind="cash_counter", x=6.5, y=6.8, rotation=180),  # overlaps c1
            Wall("w", points=((9, 1), (9, 5))),
            Fixture("inwall", fixture_kind="self_service", x=9, y=3),  # in the wall
            Entrance("floating", a=(4, 4), b=(5, 4)),  # not on the boundary
        ],
    ).apply(lay)
    findings = validate_layout(lay)
    assert [(f.severity, f.code, f.element_id, f.message, f.location) for f in findings] == [
        (
            "error",
            "invalid-polygon",
            "bow",
            "area polygon is invalid: it crosses or touches itself (Self-intersection[1 1])",
            (0.0, 0.0),
        ),
        ("error", "outside-boundary", "out", "smart counter 'out' is (partly) outside the boundary", (12.175, 4.0)),
        ("error", "entrance-off-boundary", "floating", "entrance is not on the boundary", (4.5, 4.0)),
        ("error", "fixtures-overlap", "c2", "cash counter 'c2' overlaps cash counter 'c1' by 0.88 m²", (6.25, 6.8)),
        ("error", "fixture-in-wall", "inwall", "self service 'inwall' overlaps wall 'w'", (9.0, 3.0)),
        ("error", "point-outside", "out", "staff point of smart counter 'out' is outside the boundary", (12.75, 4.6)),
        ("error", "point-blocked", "inwall", "service point of self service 'inwall' is inside wall 'w'", (9.0, 3.85)),
    ]


def test_missing_essentials_and_uncovered_waiting_area():
    lay = Layout([Boundary("b", polygon=R(0, 0, 10, 10))])
    found = {c for c, _ in codes(lay)}
    assert {"no-entrance", "no-waiting-area"} <= found
    lay = _base()
    C.AddElement(Post("p1", number=1, polygon=R(2, 2, 4, 6))).apply(lay)
    assert ("waiting-uncovered", "wait") in codes(lay)
    C.AddElement(Post("p2", number=1, polygon=R(4, 2, 10, 6))).apply(lay)
    found = codes(lay)
    assert ("waiting-uncovered", "wait") not in found and ("duplicate-post", "p2") in found


def test_blocked_service_point():
    lay = _base()
    # a desk standing right where customers of c1 must stand
    C.AddElement(Fixture("desk", fixture_kind="staff_desk", x=6, y=5.9)).apply(lay)
    assert ("point-blocked", "c1") in codes(lay)


def test_degenerate_geometry_is_a_finding_not_an_exception():
    lay = _base()
    C.add_elements(lay, [Area("flat", polygon=((1, 1), (2, 2), (3, 3))), Wall("dot", points=((1, 1), (1, 1)))]).apply(
        lay
    )
    found = codes(lay)
    assert ("degenerate-polygon", "flat") in found and ("degenerate-wall", "dot") in found


def test_seats_outside_the_boundary_are_counted():
    from lobbysim.model.elements import SeatBlock

    lay = _base()
    # a block of two rows of six seats whose right end pokes through the east wall (x = 12)
    C.AddElement(SeatBlock("sb", x=11.0, y=4.0, rows=2, seats_per_row=6)).apply(lay)
    found = [f for f in validate_layout(lay) if f.code == "seat-outside"]
    assert [f.element_id for f in found] == ["sb"]
    xs = sorted({round(p[0], 3) for _, p in SeatBlock("sb", x=11.0, y=4.0, rows=2, seats_per_row=6).seats})
    outside_per_row = sum(x >= 12 for x in xs)
    assert found[0].message.startswith(f"{2 * outside_per_row} seat(s) of ")
