"""Walking paths: exact cases with known answers, properties on random layouts, sightlines, findings."""

from __future__ import annotations

import heapq
import math
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, Point

from lobbysim.geo import build_floor, reachability_findings
from lobbysim.model.elements import Area, Boundary, Entrance, Fixture, Pillar, Post, SeatBlock, Wall
from lobbysim.model.fileformat import load_layout
from lobbysim.model.layout import Layout

ROOT = Path(__file__).resolve().parents[1]
R = lambda x0, y0, x1, y1: ((x0, y0), (x1, y0), (x1, y1), (x0, y1))  # noqa: E731


def room(*extra, w=10, h=10):
    return Layout([Boundary("b", polygon=R(0, 0, w, h)), Entrance("door", a=(4, 0), b=(6, 0)), *extra])


# --- exact cases -------------------------------------------------------------------------------
def test_pillar_between_two_points():
    f = build_floor(room(Pillar("p", polygon=R(4.5, 4.5, 5.5, 5.5))))
    expected = 2 * math.hypot(2.25, 0.75) + 1.5  # around the pillar grown by 0.25 m
    assert f.distance((2, 5), (8, 5)) == pytest.approx(expected, abs=1e-3)
    path = f.path((2, 5), (8, 5))
    assert path[0] == (2, 5) and path[-1] == (8, 5) and len(path) == 4


def test_l_shaped_room():
    lay = Layout([Boundary("b", polygon=((0, 0), (10, 0), (10, 4), (4, 4), (4, 10), (0, 10)))])
    f = build_floor(lay)
    # the walls keep people 0.25 m away, so the inner corner they turn at is (3.75, 3.75)
    assert f.distance((8, 2), (2, 8)) == pytest.approx(2 * math.hypot(4.25, 1.75), abs=1e-3)
    assert f.path((8, 2), (2, 8))[1] == pytest.approx((3.75, 3.75))
    assert f.distance((2, 2), (2, 8)) == pytest.approx(6.0, abs=1e-3)  # straight, in sight


def test_corridor_with_a_door():
    lay = room(Wall("w1", points=((5, 0), (5, 4))), Wall("w2", points=((5, 6), (5, 10))))
    f = build_floor(lay)
    expected = 2 * math.hypot(4.65 - 2, 4.25 - 1) + 0.7
    assert f.distance((2, 1), (8, 1)) == pytest.approx(expected, abs=1e-3)
    assert f.distance((2, 5), (8, 5)) == pytest.approx(6.0, abs=1e-3)  # straight through the door


def test_points_of_interest_are_snapped_and_named():
    lay = room(
        Fixture("c1", fixture_kind="cash_counter", x=5, y=8.8, rotation=180),
        SeatBlock("s", x=5, y=4, rows=2, seats_per_row=3),
    )
    f = build_floor(lay)
    assert {"door", "c1.service", "c1.staff", "s.r1s1", "s.r2s3"} <= set(f.poi)
    assert f.poi["door"][1] > 0.25  # just inside the door
    ids, m = f.poi_matrix()
    assert m.shape == (len(ids), len(ids)) and np.allclose(m, m.T) and np.isfinite(m).all()


# --- properties on random layouts -----------------------------------------------------------------
@st.composite
def random_room(draw):
    rects = []
    for i in range(draw(st.integers(0, 5))):
        x = draw(st.floats(1.5, 10.5))
        y = draw(st.floats(1.5, 6.5))
        w = draw(st.floats(0.3, 3.0))
        d = draw(st.floats(0.3, 2.0))
        rot = draw(st.sampled_from([0.0, 30.0, 90.0]))
        rects.append(Fixture(f"f{i}", fixture_kind="other", x=x, y=y, width=w, depth=d, rotation=rot))
    pts = [(draw(st.floats(0.3, 11.7)), draw(st.floats(0.3, 7.7))) for _ in range(3)]
    return Layout([Boundary("b", polygon=R(0, 0, 12, 8)), *rects]), pts


def reference_distance(f, p, q) -> float:
    """A plain visibility graph with networkx over every vertex of the free floor."""
    verts = []
    for ring_geom in [f.free] if f.free.geom_type == "Polygon" else list(f.free.geoms):
        verts += list(ring_geom.exterior.coords)[:-1]
        for h in ring_geom.interiors:
            verts += list(h.coords)[:-1]
    sp, sq = f.snap(p)[0], f.snap(q)[0]
    if sp is None or sq is None:
        return math.inf
    nodes = [sp, sq] + verts
    g = nx.Graph()
    test = f.free.buffer(1e-6)
    for i in range(len(nodes)):
        for j in range(i + 1, len(nodes)):
            a, b = nodes[i], nodes[j]
            if a == b or test.covers(LineString([a, b])):
                g.add_edge(i, j, weight=math.dist(a, b))
    try:
        return nx.dijkstra_path_length(g, 0, 1)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return math.inf


def grid_distance(f, p, q, h=0.1) -> float:
    """8-connected grid Dijkstra on the free floor: never shorter than the true geodesic
    (up to snapping the ends to the grid)."""
    minx, miny, maxx, maxy = f.free.bounds
    xs = np.arange(minx, maxx + h, h)
    ys = np.arange(miny, maxy + h, h)
    X, Y = np.meshgrid(xs, ys)
    ok = shapely.covers(f.free.buffer(1e-9), shapely.points(X.ravel(), Y.ravel())).reshape(X.shape)
    sp, sq = f.snap(p)[0], f.snap(q)[0]
    if sp is None or sq is None:
        return math.inf

    def cell(pt):
        i, j = int(round((pt[1] - miny) / h)), int(round((pt[0] - minx) / h))
        return (i, j) if 0 <= i < ok.shape[0] and 0 <= j < ok.shape[1] and ok[i, j] else None

    s, t = cell(sp), cell(sq)
    if s is None or t is None:
        return math.inf
    dist = {s: 0.0}
    pq = [(0.0, s)]
    steps = [(di, dj, h * math.hypot(di, dj)) for di in (-1, 0, 1) for dj in (-1, 0, 1) if di or dj]
    while pq:
        d, (i, j) = heapq.heappop(pq)
        if (i, j) == t:
            return d
        if d > dist.get((i, j), math.inf):
            continue
        for di, dj, c in steps:
            a, b = i + di, j + dj
            if 0 <= a < ok.shape[0] and 0 <= b < ok.shape[1] and ok[a, b]:
                # a diagonal step must not cut an obstacle corner
                if di and dj and not (ok[i + di, j] and ok[i, j + dj]):
                    continue
                nd = d + c
                if nd < dist.get((a, b), math.inf):
                    dist[(a, b)] = nd
                    heapq.heappush(pq, (nd, (a, b)))
    return math.inf


@settings(max_examples=40, deadline=None)
@given(random_room())
def test_paths_are_geodesics(case):
    lay, (a, b, c) = case
    f = build_floor(lay)
    dab, dbc, dac = f.distance(a, b), f.distance(b, c), f.distance(a, c)
    sa, sb = f.snap(a)[0], f.snap(b)[0]
    ref = reference_distance(f, a, b)
    if not math.isfinite(ref):
        assert not math.isfinite(dab)
        return
    assert dab == pytest.approx(ref, abs=1e-6)  # same as the full visibility graph
    assert dab >= math.dist(sa, sb) - 1e-9  # never shorter than the straight line
    path = f.path(a, b)
    assert sum(math.dist(u, v) for u, v in zip(path, path[1:])) == pytest.approx(dab, abs=1e-6)
    assert f.free.buffer(1e-6).covers(LineString(path)) if len(path) > 1 else True  # never crosses an obstacle
    if math.isfinite(dbc) and math.isfinite(dac):
        assert dac <= dab + dbc + 1e-6  # triangle inequality


@settings(max_examples=8, deadline=None)
@given(random_room())
def test_a_fine_grid_is_never_shorter(case):
    lay, (a, b, _) = case
    f = build_floor(lay)
    d = f.distance(a, b)
    g = grid_distance(f, a, b, h=0.1)
    if math.isfinite(g):
        # the grid path starts and ends at grid points up to h*sqrt(2)/2 away from the true ends
        assert g >= d - 2 * 0.1 * math.sqrt(2) / 2 - 1e-9


def test_matrix_agrees_with_single_queries():
    f = build_floor(load_layout(ROOT / "layouts/railway_station/after.lobby.json"))
    ids, m = f.poi_matrix()
    rng = np.random.default_rng(1)
    for i, j in rng.integers(0, len(ids), size=(40, 2)):
        assert m[i, j] == pytest.approx(f.distance(f.poi[ids[i]], f.poi[ids[j]]), abs=1e-9)


def test_query_from_anywhere_matches_single_distances():
    f = build_floor(load_layout(ROOT / "layouts/railway_station/after.lobby.json"))
    ids, _ = f.poi_matrix()
    rng = np.random.default_rng(3)
    for _ in range(25):
        p = (float(rng.uniform(0.5, 23.5)), float(rng.uniform(0.5, 13.5)))
        _, d = f.distances_from(p)
        e = np.array([f.distance(p, f.poi[i]) for i in ids])
        assert np.array_equal(np.isinf(d), np.isinf(e)) and np.allclose(d[np.isfinite(d)], e[np.isfinite(e)])


def test_incremental_update_matches_a_fresh_build():
    lay = load_layout(ROOT / "layouts/railway_station/after.lobby.json")
    f = build_floor(lay)
    f.poi_matrix()
    from lobbysim.model import commands as C

    for eid, dx, dy in [
        ("seats1", 0.6, -0.4),
        ("vp_desk", -1.0, 0.3),
        ("pillar2", 0.5, 0.5),
        ("seats3", -2.0, 0.0),
        ("seats1", -0.6, 0.4),
    ]:
        C.move_elements(lay, [eid], dx, dy).apply(lay)
        f.update(lay)
        fresh = build_floor(lay)
        ids, m = f.poi_matrix()
        ids2, m2 = fresh.poi_matrix()
        assert ids == ids2
        assert np.array_equal(np.isfinite(m), np.isfinite(m2)) and np.allclose(m[np.isfinite(m)], m2[np.isfinite(m2)])


def _same_distances(m, m2):
    return np.array_equal(np.isfinite(m), np.isfinite(m2)) and np.allclose(
        m[np.isfinite(m)], m2[np.isfinite(m2)], atol=1e-6, rtol=0
    )


def test_edits_of_every_kind_match_a_fresh_build():
    """Move a seat block, add a pillar (in the middle of many paths), delete a fixture, an edit
    that changes nothing, and two edits without a matrix in between: the incrementally updated
    engine answers exactly as one built from scratch, for the matrix, queries and paths."""
    from lobbysim.model import commands as C

    lay = load_layout(ROOT / "layouts/railway_station/after.lobby.json")
    f = build_floor(lay)
    f.poi_matrix()
    edits = [
        [C.move_elements(lay, ["seats1"], 0.3, 0.0)],
        [C.add_elements(lay, [Pillar("pillar_new", polygon=R(11.0, 5.0, 11.6, 5.6))])],
        [C.delete_elements(lay, ["vp_desk"])],
        [],
        [C.move_elements(lay, ["seats3"], 0.0, 0.5), C.move_elements(lay, ["pillar2"], -0.4, 0.2)],
    ]
    rng = np.random.default_rng(5)
    for step in edits:
        for k, cmd in enumerate(step):
            cmd.apply(lay)
            if k < len(step) - 1:
                f.update(lay)  # an update without a matrix before the next edit
        f.update(lay)
        fresh = build_floor(lay)
        ids, m = f.poi_matrix()
        ids2, m2 = fresh.poi_matrix()
        assert ids == ids2 and _same_distances(m, m2)
        for _ in range(10):
            p = (float(rng.uniform(0.5, 23.5)), float(rng.uniform(0.5, 13.5)))
            assert _same_distances(f.distances_from(p)[1], fresh.distances_from(p)[1])
        a, b = f.poi["seats1.r1s1"], f.poi["atm2.service"]
        assert f.distance(a, b) == pytest.approx(fresh.distance(a, b), abs=1e-6)
        pa, pb = np.array(f.path(a, b)), np.array(fresh.path(a, b))
        assert pa.shape == pb.shape and np.allclose(pa, pb, atol=1e-6, rtol=0)
    assert "pillar_new" in {o.element_id for o in f._obstacles} and "vp_desk.service" not in f.poi


def test_paths_turn_only_at_corners_and_add_up():
    f = build_floor(load_layout(ROOT / "layouts/railway_station/after.lobby.json"))
    ids, m = f.poi_matrix()
    corners = {tuple(map(float, c)) for c in f.nodes}
    for i, j in [(0, len(ids) - 1), (3, 40), (10, 55)]:
        path = f.path(f.poi[ids[i]], f.poi[ids[j]])
        assert all(c in corners for c in path[1:-1])
        assert sum(math.dist(u, v) for u, v in zip(path, path[1:])) == pytest.approx(m[i, j], abs=1e-9)
        assert f.free.buffer(1e-6).covers(LineString(path))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(*[st.sampled_from([0.0, 1.0, 2.0, 3.0]) | st.floats(-1, 4)] * 4), min_size=1, max_size=8))
def test_segment_box_test_agrees_with_shapely(segs):
    from lobbysim.geo.floor import segments_meet_boxes

    boxes = [(1.0, 1.0, 2.0, 2.0), (2.5, 0.0, 3.0, 0.5)]
    a = np.array([s[:2] for s in segs])
    b = np.array([s[2:] for s in segs])
    got = segments_meet_boxes(a, b, boxes)
    lines = [LineString([p, q]) if tuple(p) != tuple(q) else Point(p) for p, q in zip(a, b)]
    want = np.array([any(g.intersects(shapely.box(*bx)) for bx in boxes) for g in lines])
    near = np.array([min(g.distance(shapely.box(*bx)) for bx in boxes) <= 1e-9 for g in lines])
    assert not (want & ~got).any()  # never misses a box: an edit's answers are re-tested
    assert not (got & ~want & ~near).any()  # and flags only segments that meet one or touch it


def test_rectangle_sieve_agrees_with_shapely():
    # the certain-block sieve of an edit: a segment meets a (turned) rectangle shrunk by RECT_MARGIN
    from lobbysim.geo.primitives import RECT_MARGIN, Rects

    rng = np.random.default_rng(7)
    shapes = [shapely.affinity.rotate(shapely.box(0, 0, 2, 1), 30, origin=(0, 0)), shapely.box(3, 3, 4, 5)]
    a, b = rng.uniform(-2, 6, (4000, 2)), rng.uniform(-2, 6, (4000, 2))
    b[:40] = a[:40]  # points
    b[40:80, 0] = a[40:80, 0]  # upright segments
    b[80:120] = a[80:120] + [0.0, 0.0] + rng.choice([-1, 1], (40, 1)) * [1.0, 0.0]  # flat ones
    got = Rects.of(shapes).block(a, b)
    lines = shapely.linestrings(np.stack([a, b + (np.abs(a - b).sum(axis=1) == 0)[:, None] * 1e-12], axis=1))
    want = np.zeros(len(a), dtype=bool)
    for g in shapes:
        want |= shapely.intersects(shapely.buffer(g, -RECT_MARGIN, join_style="mitre"), lines)
    assert got.sum() > 500 and np.array_equal(got, want)


def _fan_agrees(f, sources) -> int:
    """Check the fan against the per-segment test from each source to every corner and point;
    returns how many segments were compared."""
    from lobbysim.geo.fan import fan_visible, floor_edges

    w = f._walk
    e1, e2 = floor_edges(w._test)
    ends = np.concatenate([f.nodes, np.array(list(f.poi.values()), dtype=float).reshape(-1, 2)])
    n = 0
    for p in sources:
        q = f.snap(p)[0]
        if q is None:
            continue
        other = np.abs(ends - np.array(q)).sum(axis=1) > 0  # a segment of no length is not one
        got = fan_visible(e1, e2, q, ends[other])
        assert np.array_equal(got, w.visible(np.array([q]), ends[other])), q
        n += int(other.sum())
    return n


@settings(max_examples=40, deadline=None)
@given(random_room())
def test_fan_sight_agrees_with_the_segment_test(case):
    lay, pts = case
    f = build_floor(lay)
    _fan_agrees(f, [*pts, *map(tuple, f.nodes.tolist())])


def test_fan_sight_agrees_along_walls_through_gaps_and_at_corners():
    # seat blocks in rows and a counter exactly 0.5 m from the wall (its grown shape touches the
    # shrunk outline: no gap), a pillar 0.6 m from it (a 0.1 m gap), sources on corners and points
    lay = room(
        Fixture("c", fixture_kind="other", x=5.0, y=9.0, width=3.0, depth=1.0),  # 0.5 m from the north wall
        Pillar("p", polygon=R(0.6, 4.0, 1.6, 5.0)),  # 0.6 m from the west wall
        SeatBlock("s1", x=3.0, y=3.0, rows=2, seats_per_row=4),
        SeatBlock("s2", x=7.0, y=3.0, rows=2, seats_per_row=4),
        Wall("w", points=((3.0, 6.0), (9.5, 6.0)), thickness=0.2),
    )
    f = build_floor(lay)
    assert f.distance((1.0, 3.0), (1.0, 6.0)) > 3.0 + 1e-6  # the 0.1 m gap is closed to walkers
    rng = np.random.default_rng(5)
    sources = [*map(tuple, f.nodes.tolist()), *f.poi.values(), *rng.uniform(0.3, 9.7, (30, 2)).tolist()]
    assert _fan_agrees(f, sources) > 2000


def _same_hair(f) -> None:
    """The floor's test polygon (rings grown from a cache) is the whole floor grown by the hair."""
    from lobbysim.geo.primitives import EPS

    want = f.free.buffer(EPS * 10, join_style="mitre")
    got = f._walk._test
    assert got.is_valid and shapely.get_num_geometries(got) == shapely.get_num_geometries(want)
    assert shapely.hausdorff_distance(got.boundary, want.boundary) <= 1e-9


@settings(max_examples=30, deadline=None)
@given(random_room())
def test_the_floor_grown_by_a_hair_ring_by_ring_is_the_floor_grown(case):
    from lobbysim.model import commands as C

    lay, _ = case
    f = build_floor(lay)
    _same_hair(f)
    for e in list(lay)[1:3]:  # edits: the rings kept from the cache and the new ones
        C.move_elements(lay, [e.id], 0.37, -0.21).apply(lay)
        f.update(lay)
        _same_hair(f)


def test_the_floor_grown_by_a_hair_where_obstacles_touch_the_wall_and_each_other():
    from lobbysim.model import commands as C

    lay = room(
        Fixture("c", fixture_kind="other", x=5.0, y=9.0, width=3.0, depth=1.0),  # touches the shrunk outline
        Pillar("corner", polygon=R(0.5, 0.5, 1.5, 1.5)),  # touches it at a corner of the floor
        Pillar("p1", polygon=R(3.0, 3.0, 4.0, 4.0)),
        Pillar("p2", polygon=R(4.5, 4.5, 5.5, 5.5)),  # grown shapes meeting p1's at one point
        Wall("split", points=((0.0, 6.0), (10.0, 6.0)), thickness=0.2),  # two floors
    )
    f = build_floor(lay)
    assert shapely.get_num_geometries(f.free) == 2
    _same_hair(f)
    C.move_elements(lay, ["p2"], 0.0, 0.5).apply(lay)
    f.update(lay)
    _same_hair(f)


def _same_free(f) -> None:
    """The floor kept by clusters is the outline minus the union of every grown obstacle."""
    w = f._walk
    union = shapely.union_all([g for o, g in w._grown.values() if o is not None])
    want = w._inner.difference(union)
    assert f.free.is_valid and f.free.symmetric_difference(want).area < 1e-12
    assert shapely.hausdorff_distance(f.free.boundary, want.boundary) < 1e-9


@settings(max_examples=30, deadline=None)
@given(random_room(), st.integers(0, 4), st.floats(-3, 3), st.floats(-3, 3))
def test_the_floor_kept_by_clusters_is_the_outline_minus_the_obstacles(case, k, dx, dy):
    from lobbysim.model import commands as C

    lay, _ = case
    f = build_floor(lay)
    _same_free(f)
    fixtures = [e.id for e in lay if isinstance(e, Fixture)]
    if fixtures:  # an edit: clusters split, merge, touch the outline or leave it
        C.move_elements(lay, [fixtures[k % len(fixtures)]], dx, dy).apply(lay)
        f.update(lay)
        _same_free(f)
        C.delete_elements(lay, [fixtures[0]]).apply(lay)
        f.update(lay)
        _same_free(f)


def test_the_floor_kept_by_clusters_where_obstacles_ring_in_floor_and_split_it():
    from lobbysim.model import commands as C

    ring = [
        Wall(f"w{i}", points=pts, thickness=0.2)
        for i, pts in enumerate([((3, 3), (7, 3)), ((7, 3), (7, 7)), ((7, 7), (3, 7)), ((3, 7), (3, 3))])
    ]
    lay = room(*ring, Pillar("inside", polygon=R(4.5, 4.5, 5.0, 5.0)), Pillar("p", polygon=R(8.0, 1.0, 8.5, 1.5)))
    f = build_floor(lay)
    assert shapely.get_num_geometries(f.free) == 2  # the ringed-in floor is a piece of its own
    _same_free(f)
    C.move_elements(lay, ["p"], -0.5, 0.0).apply(lay)  # a hole of the floor moves
    f.update(lay)
    _same_free(f)
    C.add_elements(lay, [Wall("split", points=((0, 8.5), (10, 8.5)), thickness=0.2)]).apply(lay)
    f.update(lay)
    assert shapely.get_num_geometries(f.free) == 3
    _same_free(f)
    C.move_elements(lay, ["p"], 0.0, 7.5).apply(lay)  # into the piece beyond the new wall
    f.update(lay)
    _same_free(f)


def test_the_boxes_of_an_edit_are_merged_only_where_their_union_is_a_box():
    from lobbysim.geo.walkable import _boxes

    a = shapely.box(0, 0, 2, 1)
    along = _boxes([a, shapely.box(0.3, 0, 2.3, 1)])  # moved along x: one box
    assert len(along) == 1 and np.allclose(along[0], (-1e-3, -1e-3, 2.301, 1.001), atol=1e-12, rtol=0)
    assert len(_boxes([a, shapely.box(0, 0.5, 2, 1.5)])) == 1  # along y
    assert len(_boxes([a, shapely.box(0.3, 0.2, 2.3, 1.2)])) == 2  # diagonally: the union is no box
    assert len(_boxes([a, shapely.box(5, 0, 7, 1)])) == 2  # apart on one line: the gap is no box


# --- sightlines -----------------------------------------------------------------------------------------
def test_pillars_block_sight_low_counters_and_seats_do_not():
    lay = room(
        Pillar("p", polygon=R(4.5, 4.5, 5.5, 5.5)),
        Fixture("low", fixture_kind="low_counter", x=5, y=8),
        Fixture("atm", fixture_kind="self_service", x=2, y=8),
        SeatBlock("s", x=8, y=3, rows=2, seats_per_row=2),
    )
    f = build_floor(lay)
    assert not f.can_see((2, 5), (8, 5))
    assert f.can_see((5, 9.5), (5, 6.5))  # over the low counter
    assert f.can_see((8, 1), (8, 5))  # over the seats
    assert not f.can_see((2, 9.5), (2, 6.5))  # the ATM blocks
    mask = f.visible_mask((2, 5), [(8, 5), (2, 2), (8, 9)])
    assert mask.tolist() == [False, True, True]
    iso = f.visible_polygon((2, 5))
    assert 0 < iso.area < 100 and not iso.contains(Point(8, 5)) and iso.contains(Point(2, 2))
    clipped = f.visible_polygon((2, 5), clip=Post("p1", polygon=R(0, 0, 5, 5)).geometry)
    assert clipped.area <= 25 + 1e-6 and clipped.area < iso.area


# --- findings -------------------------------------------------------------------------------------------
def test_a_floor_split_in_two_is_a_finding():
    lay = room(
        Wall("split", points=((0, 6), (10, 6))),
        SeatBlock("s", x=5, y=8, rows=1, seats_per_row=3),
        Area("wait", area_kind="waiting", polygon=R(1, 1, 9, 5)),
    )
    found = {(x.code, x.element_id) for x in reachability_findings(lay)}
    assert ("cut-off", "s") in found


def test_a_point_inside_an_obstacle_is_a_finding():
    lay = room(Fixture("c1", fixture_kind="cash_counter", x=5, y=5), Pillar("p", polygon=R(4, 5.3, 6, 7)))
    found = {(x.code, x.element_id) for x in reachability_findings(lay)}
    assert ("point-unreachable", "c1") in found
    assert math.isinf(build_floor(lay).distance((1, 1), (5, 6)))


def test_findings_on_the_editors_kept_floor_are_a_fresh_builds():
    """The editor hands its walking engine to the findings; a stale engine is never used."""
    from lobbysim.geo import layout_findings
    from lobbysim.model import commands as C

    lay = room(
        Wall("split", points=((0, 6), (10, 6))),
        SeatBlock("s", x=5, y=8, rows=1, seats_per_row=3),
        Fixture("c1", fixture_kind="cash_counter", x=2, y=3),
        Area("wait", area_kind="waiting", polygon=R(1, 1, 9, 5)),
    )
    kept = build_floor(lay)
    found = layout_findings(lay, floor=kept)
    assert found == layout_findings(lay) and ("cut-off", "s") in [(f.code, f.element_id) for f in found]
    C.move_elements(lay, ["split"], 0.0, 5.0).apply(lay)  # the wall onto the outline: one floor again
    assert reachability_findings(lay, floor=kept) == reachability_findings(lay) == []  # stale: not used
    assert layout_findings(lay, floor=kept) == layout_findings(lay)
    kept.update(lay)
    assert reachability_findings(lay, floor=kept) == []
    C.move_elements(lay, ["split"], 0.0, -5.0).apply(lay)
    kept.update(lay)
    assert [(f.code, f.element_id) for f in reachability_findings(lay, floor=kept)] == [("cut-off", "s")]
    # a 0.45 m gap at the wall's end: too narrow with 0.25 m of clearance, open with 0.1 m
    C.set_properties(lay, "split", points=((0, 6), (9.55, 6))).apply(lay)
    kept.update(lay)
    assert [f.code for f in reachability_findings(lay, floor=kept)] == ["cut-off"]
    assert reachability_findings(lay, clearance=0.1, floor=kept) == []  # a floor of another clearance


def test_bad_geometry_gives_findings_not_exceptions():
    bowtie = ((0, 0), (4, 4), (4, 0), (0, 4))
    bad = Layout([Boundary("b", polygon=bowtie), Entrance("d", a=(1, 0), b=(2, 0))])
    found = reachability_findings(bad)
    assert [(f.severity, f.code, f.element_id) for f in found] == [("error", "point-unreachable", "d")]
    assert found[0].message == "entrance cannot be reached: the layout has no walkable floor (no valid boundary)"
    # a self-crossing pillar in a sound room is the model's finding; the walking engine walks around nothing
    room_with_bad_pillar = room(Pillar("p", polygon=tuple((x + 3, y + 3) for x, y in bowtie)))
    assert reachability_findings(room_with_bad_pillar) == []
    f = build_floor(room_with_bad_pillar)
    assert f.distance((1, 1), (9, 9)) == pytest.approx(math.hypot(8, 8))
    f = build_floor(Layout([]))
    assert math.isinf(f.distance((0, 0), (1, 1))) and f.poi == {} and f.path((0, 0), (1, 1)) == ()


def test_samples_have_no_reachability_findings():
    for v in ("before", "after"):
        assert reachability_findings(load_layout(ROOT / f"layouts/railway_station/{v}.lobby.json")) == []
