"""The walking engine on big plans (issue 19 item 2): the tiled sample (2 x 2 here, 3 x 3 in
bench/scale.py) answers exactly as a plain full visibility graph, edits answer as a fresh build,
work is done only when asked for, and a plan too large for exact paths is refused in one line."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from shapely.geometry import LineString

from lobbysim.geo import MAX_CORNERS, MAX_OBSTACLES, PlanTooLarge, build_floor, reachability_findings
from lobbysim.geo.corners import UNKNOWN
from lobbysim.geo.reference import reference_distances
from lobbysim.geo.synthetic import grid_plan, tiled
from lobbysim.model import commands as C
from lobbysim.model.elements import Pillar
from lobbysim.model.fileformat import load_layout

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "layouts/railway_station/after.lobby.json"
R = lambda x0, y0, x1, y1: ((x0, y0), (x1, y0), (x1, y1), (x0, y1))  # noqa: E731


@pytest.fixture(scope="module")
def block():
    return tiled(load_layout(SAMPLE), 2)


def _same(a, b, tol=1e-6):
    a, b = np.asarray(a), np.asarray(b)
    return np.array_equal(np.isfinite(a), np.isfinite(b)) and np.allclose(
        a[np.isfinite(a)], b[np.isfinite(b)], atol=tol
    )


def test_tiles_are_the_block_the_issue_measured(block):
    assert (len(block), len(build_floor(block).poi)) == (153, 241)
    big = tiled(load_layout(SAMPLE), 3)
    assert (len(big), len(build_floor(big).poi)) == (338, 541)
    assert block.boundary.geometry.area == pytest.approx(4 * 336.0)
    assert len(block.entrances()) == 1 and [p.id for p in block.posts()] == ["post1", "post2", "post3"]


def test_2x2_distances_equal_a_full_visibility_graph(block):
    # the slowest geometry test (about 3 s of CPU, measured on a loaded machine): the plain reference tests
    # every pair of the 2 x 2 floor's vertices (about a million segments), as issue 19 asks
    f = build_floor(block)
    ids = [k for k in f.poi if k not in f.unreachable]
    sources = [f.poi[k] for k in ("entrance", "cash2@1.1.service", "seats3@0.1.r1s4", "atm1@1.0.service")]
    targets = [f.poi[k] for k in ids]
    ref = reference_distances(f.free, sources, targets)
    got = np.array([f.distances(s, targets) for s in sources])
    assert _same(got, ref)
    # and the all-pairs matrix agrees with single questions
    mids, m = f.poi_matrix()
    rng = np.random.default_rng(2)
    for i, j in rng.integers(0, len(mids), size=(30, 2)):
        assert m[i, j] == pytest.approx(f.distance(f.poi[mids[i]], f.poi[mids[j]]), abs=1e-9)


def test_2x2_paths_turn_only_at_corners_add_up_and_stay_on_the_floor(block):
    f = build_floor(block)
    corners = {tuple(map(float, c)) for c in f.nodes}
    src = f.poi["entrance"]
    names = ["cash1@1.1.service", "atm2@1.1.service", "wm_desk@0.1.staff", "seats_rest@1.0.r2s4"]
    paths = f.paths(src, [f.poi[k] for k in names])
    dists = f.distances(src, [f.poi[k] for k in names])
    floor = f.free.buffer(1e-6)
    for path, d in zip(paths, dists):
        assert len(path) > 2 and all(c in corners for c in path[1:-1])
        assert sum(math.dist(u, v) for u, v in zip(path, path[1:])) == pytest.approx(d, abs=1e-9)
        assert floor.covers(LineString(path))


def test_2x2_edits_answer_as_a_fresh_build(block):
    lay = block.copy()
    f = build_floor(lay)
    probes = ["entrance", "cash3@1.1.service", "smart1@1.0.service", "seats1@0.1.r2s2"]
    f.distances(f.poi["entrance"], list(f.poi.values()))  # the engine has answers to keep
    edits = [
        [C.move_elements(lay, ["seats1@1.1"], 0.3, 0.0)],
        [C.add_elements(lay, [Pillar("pillar_new", polygon=R(35.0, 19.0, 35.6, 19.6))])],
        [C.delete_elements(lay, ["vp_desk@1.0"])],
        [],
        [C.move_elements(lay, ["seats3"], 0.0, 0.5), C.move_elements(lay, ["pillar2@0.1"], -0.4, 0.2)],
    ]
    for step in edits:
        for k, cmd in enumerate(step):
            cmd.apply(lay)
            if k < len(step) - 1:
                f.update(lay)  # an update without a question before the next edit
        f.update(lay)
        fresh = build_floor(lay)
        targets = list(fresh.poi.values())
        for name in probes:
            assert _same(f.distances(f.poi[name], targets), fresh.distances(fresh.poi[name], targets))
        a, b = f.poi["seats1.r1s1"], f.poi["atm2@1.1.service"]
        pa, pb = np.array(f.path(a, b)), np.array(fresh.path(a, b))
        assert pa.shape == pb.shape and np.allclose(pa, pb, atol=1e-6, rtol=0)
    assert "pillar_new" in {o.element_id for o in f._obstacles} and "vp_desk@1.0.service" not in f.poi


def test_work_is_done_only_when_asked_for(block):
    f = build_floor(block)
    assert f._graph.state is None and f._rows.size == 0  # building tests no segment
    poi = list(f.poi.values())
    f.distances(f.poi["entrance"], poi[:5])
    assert 0 < f._rows.size <= 5  # only targets asked for (and not in plain sight) have rows
    # the last legs are tested lazily: most of the targets' candidate corners stay untested
    st = f._rows.state
    assert np.count_nonzero(st == UNKNOWN) > 0.5 * np.count_nonzero(st >= UNKNOWN)
    # an edit away from a walk keeps its answers: only segments meeting the edit are tested again
    graph = f._graph.state.copy()
    C.move_elements(block, ["seats1@1.1"], 0.3, 0.0).apply(block)
    try:
        f.update(block)
        kept = (graph >= 0).sum()
        assert np.count_nonzero(f._graph.state == UNKNOWN) < 0.2 * kept
    finally:
        C.move_elements(block, ["seats1@1.1"], -0.3, 0.0).apply(block)


def test_a_plan_with_too_many_corners_is_refused_in_one_line():
    lay = grid_plan(2400)  # about 1,900 fixtures of four corners each
    f = build_floor(lay)  # the floor itself is built
    assert len(f.nodes) > MAX_CORNERS
    with pytest.raises(PlanTooLarge) as err:
        f.distance(f.poi["door"], f.poi["f0.service"])
    assert str(err.value) == (
        f"the walkable floor has {len(f.nodes):,} corners; walking paths are computed for plans of up to "
        f"{MAX_CORNERS:,} (a branch has a few hundred)"
    )
    assert err.value.exit_code == 1


def test_nearest_of_several_sources_is_one_tree_and_agrees_with_each_tree(block):
    f = build_floor(block)
    sources = [f.poi[k] for k in ("smart1.staff", "smart1@1.0.staff", "smart1@0.1.staff", "smart1@1.1.staff")]
    targets = [f.poi[k] for k in f.poi if k.endswith(".staff") and k not in f.unreachable]
    table = f.distance_table(sources, targets)
    d, who = f.nearest(sources, targets)
    assert _same(d, table.min(axis=0))
    assert np.array_equal(who, np.argmin(table, axis=0))  # no ties among these walks
    paths = f.nearest_paths(sources, targets)
    for k, (path, m) in enumerate(zip(paths, d)):
        assert path[0] == sources[who[k]] and path[-1] == targets[k]
        assert sum(math.dist(u, v) for u, v in zip(path, path[1:])) == pytest.approx(m, abs=1e-9)
    # a source off the floor is never the nearest, and the others keep their numbers
    d2, who2 = f.nearest([(-50.0, -50.0), *sources], targets)
    assert _same(d2, d) and np.array_equal(who2, who + 1)


def test_a_plan_with_too_many_obstacles_is_refused_before_any_work():
    import time

    lay = grid_plan(10000)
    t = time.perf_counter()
    with pytest.raises(PlanTooLarge) as err:
        build_floor(lay)
    assert time.perf_counter() - t < 1.0  # the floor of this plan alone takes seconds
    assert str(err.value) == (
        f"the plan has 9,998 obstacles; walking paths are computed for plans of up to {MAX_OBSTACLES:,} "
        "(a branch has a few hundred)"
    )
    found = reachability_findings(lay)  # a sound plan: the walking checks are skipped, not failed
    assert [(f.severity, f.code) for f in found] == [("warning", "plan-too-large")]
    assert found[0].message == f"walking checks skipped: {err.value}"


def test_a_path_uses_the_tree_grown_from_its_other_end(block):
    f = build_floor(block)
    p, q = f.poi["seats1@1.1.r1s1"], f.poi["cash1.service"]
    f.tree(q)  # grown from q only
    path = f.path(p, q)
    assert p not in f._trees  # answered from q's tree, reversed
    assert path[0] == p and path[-1] == q
    assert sum(math.dist(u, v) for u, v in zip(path, path[1:])) == pytest.approx(f.distance(p, q), abs=1e-9)
    assert _same(f.distance(p, q), build_floor(block).distance(p, q))


def test_sight_from_one_point_to_many_on_the_fan_agrees_with_each_segment(block):
    # the query from an arbitrary point tests sight on a fan of the floor's edges (lobbysim.geo.fan)
    # when it has many segments: the same answers as the per-segment test, and the same walks
    from lobbysim.geo import walkable

    f = build_floor(block)
    ids, _ = f.poi_matrix()
    ends = np.concatenate([f.nodes, np.array([f.poi[i] for i in ids])])
    assert len(ends) >= walkable.FAN_MIN
    rng = np.random.default_rng(11)
    x0, y0, x1, y1 = block.boundary.geometry.bounds
    pts = rng.uniform((x0, y0), (x1, y1), (400, 2))
    pts = [tuple(p) for p in pts[f._walk.on_floor(pts)][:40]]
    w = f._walk
    for p in [*pts, *map(tuple, f.nodes[::25].tolist())]:
        q = np.array(f.snap(p)[0])
        other = ends[np.abs(ends - q).sum(axis=1) > 0]
        assert np.array_equal(w.visible_from(q, other), w.visible(q[None, :], other))
    for p in pts[:12]:
        _, d = f.distances_from(p)
        assert _same(d, f.distances(p, [f.poi[i] for i in ids]), tol=1e-9)


def test_drags_keep_the_tables_in_place_and_answer_as_a_fresh_build(block):
    # a drag back and forth (what the editor's read-out follows): the corners keep their numbers,
    # the corner table is updated in place, the rows of the moved seats are given up and taken by
    # their new places, and every answer equals a fresh build's
    from lobbysim.geo.readout import walking_readout

    lay = block.copy()
    f = build_floor(lay)
    f.poi_matrix()
    walking_readout(lay, f)
    table, size = f._graph.state, f._rows.size
    seats = sum(1 for i in f.poi if i.startswith("seats1."))
    in_place = 0
    for k, dx in enumerate([0.3, -0.3, 0.3, 0.45, -0.75]):
        before = f.nodes.copy()
        C.move_elements(lay, ["seats1"], dx, 0.0).apply(lay)
        f.update(lay)
        if len(f.nodes) == len(before):  # the same number of corners: only the seat block's are renumbered
            moved = np.any(f.nodes != before, axis=1)
            assert 0 < moved.sum() <= 16 and f._graph.state is table
            assert f._rows._holes  # rows of moved points in the edited boxes are free for new places
            in_place += 1
        table = f._graph.state
        ids, m = f.poi_matrix()
        assert not f._rows._holes and f._rows.size < size + (k + 1) * seats  # and taken by them first
        fresh = build_floor(lay)
        fids, fm = fresh.poi_matrix()
        assert ids == fids and _same(m, fm)
        assert walking_readout(lay, f) == walking_readout(lay, fresh)
        if k == 2:
            _, d = f.distances_from((4.0, 4.0))
            assert _same(d, fresh.distances_from((4.0, 4.0))[1])
    assert in_place >= 3  # and one drag changed the number of corners: the tables were renumbered
