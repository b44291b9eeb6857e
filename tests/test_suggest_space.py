"""lobbysim suggest: what may move, where it may go, and the edits a candidate stands for (pure, no
simulation)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import shapely
from shapely.geometry import Point

from lobbysim.errors import UsageError
from lobbysim.experiments.suggest import Rules, Space
from lobbysim.experiments.suggest.site import EXIT_DEPTH_M, footprint_template, point_templates
from lobbysim.experiments.suggest.space import customer_floor, grow_zones
from lobbysim.model.elements import Post, is_obstacle
from lobbysim.model.fileformat import load_layout
from lobbysim.sim.scenario import Scenario

SAMPLE = Path(__file__).resolve().parents[1] / "layouts" / "railway_station"


@pytest.fixture(scope="module")
def before():
    return load_layout(SAMPLE / "before.lobby.json")


@pytest.fixture(scope="module")
def scenario():
    return Scenario.from_dict(json.loads((SAMPLE / "scenario.json").read_text("utf-8")))


@pytest.fixture(scope="module")
def space(before, scenario):
    return Space(before, scenario, ["vp_desk", "call_station", "seats1", "lobby_desk"], draw_posts=True)


# --- what may move ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "movable, kinds, draw, message",
    [
        (["vp_dsk"], [], False, "no element 'vp_dsk' (did you mean 'vp_desk'?)"),
        (["cash1"], [], False, "'cash1' is a cash counter, which stays where it is"),
        (["smart1"], [], False, "'smart1' is a smart counter"),
        (["wall_cash_e"], [], False, "'wall_cash_e' is a wall; suggest moves fixtures, seat blocks and post zones"),
        (["post2"], [], False, "add --draw-posts"),
        ([], ["sofa"], False, "--movable-kinds: unknown kind 'sofa'"),
        ([], ["cash_counter"], False, "cash_counter is immovable"),
        ([], [], False, "nothing to move"),
        ([], ["post"], False, "nothing to move"),
    ],
)
def test_wrong_movables_are_one_line_usage_errors(before, scenario, movable, kinds, draw, message):
    with pytest.raises(UsageError) as exc:
        Space(before, scenario, movable, kinds, draw_posts=draw)
    assert message in str(exc.value)
    assert "\n" not in str(exc.value) and exc.value.exit_code == 2


def test_kinds_and_drawn_posts(before, scenario):
    sp = Space(before, scenario, [], ["staff_desk", "seat_block"], draw_posts=True)
    assert sp.ids == ["wm_desk", "director_desk", "vp_desk", "seats1", "seats2", "post1", "post2", "post3"]
    assert [z.number for z in sp.new_zones] == [1, 2, 3]
    # a cash counter may be named once it is no longer immovable
    assert Space(before, scenario, ["cash3"], immovable_kinds=("smart_counter",)).ids == ["cash3"]


# --- where each may go: every allowed placement meets the rules of the fixed plan --------------------------------
def _placed(piece, k, sample=None):
    e = piece.element
    rot = (e.rotation + 90.0 * k) % 360.0
    tpl = np.asarray(footprint_template(e, rot).exterior.coords)
    centres = piece.grids[k]
    if sample is not None and len(centres) > sample:
        centres = centres[np.random.default_rng(k).choice(len(centres), sample, replace=False)]
    polys = shapely.polygons(tpl[None, :, :] + centres[:, None, :])
    service, staff = point_templates(e, rot)
    return centres, polys, service, staff


def test_placements_keep_clear_of_the_fixed_plan(space, before):
    boundary = before.boundary.geometry.buffer(0.01)
    fixed = [e.geometry for e in before if is_obstacle(e) and e.id not in space.ids]
    doors = [e for e in before.entrances()]
    for piece in space.pieces:
        assert sum(len(g) for g in piece.grids) > 100, piece.id
        for k in range(4):
            centres, polys, service, staff = _placed(piece, k, sample=150)
            assert shapely.contains(boundary, polys).all()
            for f in fixed:
                assert (shapely.area(shapely.intersection(polys, f)) <= 1e-3).all(), piece.id
            for off in service + staff:
                pts = shapely.points(centres + np.asarray(off))
                assert not any(shapely.intersects(f, pts).any() for f in fixed)
            for d in doors:  # nothing in front of the door: the exit keeps its clear width
                xa, xb = sorted((d.a[0], d.b[0]))
                apron = shapely.box(xa + 0.01, 0.0, xb - 0.01, EXIT_DEPTH_M - 0.01)
                assert not shapely.intersects(apron, polys).any(), piece.id


def test_cash_and_non_cash_areas_stay_apart(before, scenario):
    """GA 38-2015: customers' things never come into the cash area; the cash counters' staff side
    never leaves it; staff-only furniture (the VP's desk, the call station) may cross."""
    sp = Space(before, scenario, ["seats1", "lobby_desk", "vp_desk", "call_station", "cash3"], immovable_kinds=())
    # seats and the lobby desk serve customers: their service side stays out of the cash area
    cash = shapely.union_all([a.geometry for a in before.areas("cash")])
    pieces = {p.id: p for p in sp.pieces}
    for pid in ("seats1", "lobby_desk"):
        for k in range(4):
            centres, polys, service, _ = _placed(pieces[pid], k, sample=400)
            if pid == "seats1":
                assert (shapely.area(shapely.intersection(polys, cash)) <= 1e-3).all()
            for off in service:
                assert not shapely.covers(cash, shapely.points(centres + np.asarray(off))).any()
    for k in range(4):
        centres, _, service, staff = _placed(pieces["cash3"], k)
        for off in staff:
            assert shapely.covers(cash, shapely.points(centres + np.asarray(off))).all()
    inside = lambda c: cash.covers(Point(c))  # noqa: E731
    for pid in ("vp_desk", "call_station"):
        centres = np.concatenate(pieces[pid].grids)
        assert any(inside(c) for c in centres) and not all(inside(c) for c in centres), pid


def test_keep_areas_keeps_each_kind_in_its_areas(before, scenario):
    sp = Space(before, scenario, ["call_station", "seats2"], rules=Rules(keep_areas=True))
    wealth = shapely.union_all([a.geometry for a in before.areas("wealth_room")])
    waiting = shapely.union_all([a.geometry for a in before.areas("waiting")])
    pieces = {p.id: p for p in sp.pieces}
    assert all(wealth.covers(Point(c)) for c in np.concatenate(pieces["call_station"].grids))
    assert all(waiting.covers(Point(c)) for c in np.concatenate(pieces["seats2"].grids))
    free = Space(before, scenario, ["call_station"])
    assert not all(wealth.covers(Point(c)) for c in np.concatenate(free.pieces[0].grids))


# --- from a point of the space to edits and one command --------------------------------------------------------
def _params(space, **moves):
    rng = np.random.default_rng(0)
    p = space.random_params(rng)
    for k in list(p):
        if k.endswith((":move", ":draw")):
            p[k] = 0
    for k, v in moves.items():
        p[k.replace("__", ":")] = v
    return p


def test_a_design_is_one_command_that_undoes_exactly(space, before):
    p = _params(space, vp_desk__move=1, vp_desk__x=16.0, vp_desk__y=7.6, vp_desk__turn=3, post3__draw=1)
    p.update({"post3:x": 12.5, "post3:y": 6.1})
    d = space.design(p)
    assert [e.id for e in d.edits] == ["vp_desk", "post3"]
    vp = d.edits[0].new
    assert (vp.x, vp.y, vp.rotation) == (16.0, 7.6, 90.0)
    lay = before.copy()
    cmd = d.command()
    assert cmd.text.startswith("Suggestion: move vp_desk to (16.0, 7.6), turned to 90°; draw post3")
    cmd.apply(lay)
    assert lay["vp_desk"] == vp and isinstance(lay["post3"], Post) and lay["post3"].number == 3
    cmd.revert(lay)
    assert lay.same_as(before)
    assert d.describe()[0] == {
        "id": "vp_desk",
        "action": "move",
        "from": {"x": 7.8, "y": 12.6, "rotation": 180.0},
        "to": {"x": 16.0, "y": 7.6, "rotation": 90.0},
        "distance_m": round(float(np.hypot(16.0 - 7.8, 7.6 - 12.6)), 3),
    }


def test_a_point_goes_to_the_nearest_allowed_placement(space):
    # (12.0, 12.0) is inside the director's office wall zone? whatever it is, the placement is allowed
    for x, y in [(0.0, 0.0), (12.0, 10.0), (6.5, 5.0), (24.0, 14.0)]:
        d = space.design(_params(space, vp_desk__move=1, vp_desk__x=x, vp_desk__y=y, vp_desk__turn=0))
        new = d.edits[0].new
        grid = space.pieces[[p.id for p in space.pieces].index("vp_desk")].grids[0]
        assert any(np.allclose(g, (new.x, new.y)) for g in grid)
        dist = np.hypot(grid[:, 0] - x, grid[:, 1] - y).min()
        assert np.hypot(new.x - x, new.y - y) == pytest.approx(dist, abs=1e-6)


def test_max_moves(before, scenario):
    sp = Space(before, scenario, ["vp_desk", "call_station"], rules=Rules(max_moves=1))
    both = _params(sp, vp_desk__move=1, call_station__move=1)
    assert sp.design(both) == "max moves"
    assert len(sp.design(_params(sp, vp_desk__move=1)).edits) == 1


def test_drawn_posts_share_the_customer_floor_and_their_holders_stand_in_the_middle(space, before):
    spots = {"post1": (13.0, 1.4), "post2": (3.5, 4.7), "post3": (12.5, 6.1)}
    p = _params(space)
    for pid, (x, y) in spots.items():
        p.update({f"{pid}:draw": 1, f"{pid}:x": x, f"{pid}:y": y})
    posts = [e.new for e in space.design(p).edits]
    floor = customer_floor(before)
    for a in posts:
        rp = a.geometry.representative_point()  # where the simulation puts the holder
        assert (rp.x, rp.y) == pytest.approx(spots[a.id], abs=1e-6)
        assert floor.buffer(1e-6).covers(a.geometry)
        for b in posts:
            if a is not b:
                assert a.geometry.intersection(b.geometry).area < 1e-6
    # grown until they meet: none could grow further along either axis
    zones = grow_zones(floor, list(spots.values()))
    assert sum(z.area for z in zones) > 0.5 * floor.area
    # two holders on the same spot are one post too many
    p.update({"post2:x": 13.2, "post2:y": 1.5})
    assert space.design(p) == "post zone"
