"""Small hand-built layouts and scenarios for tests and benchmarks of the simulation.

``tiny_layout`` is a 20 m x 12 m room: an entrance in the south wall, ``c`` cash windows
along the north wall, optionally a smart counter, a ticket dispenser, a row of seats, a
call station and posts. ``mmc_scenario`` is the textbook M/M/c queue on it (walking off,
exponential service, Poisson arrivals, no balking, no reneging, no no-shows).
"""

from __future__ import annotations

import copy

from lobbysim.model.elements import Area, Boundary, Entrance, Fixture, Post, SeatBlock, Wall
from lobbysim.model.layout import Layout, LayoutMeta

from .scenario import Scenario


def tiny_layout(
    c: int = 1,
    *,
    smart: bool = False,
    ticket: bool = True,
    seats: int = 0,
    call_station: tuple[float, float] | None = None,
    posts: tuple[str, ...] = (),
    desk: bool = True,
    vp_desk: tuple[float, float] | None = None,
    low: bool = False,
    wall: tuple | None = None,
) -> Layout:
    W, H = 20.0, 12.0
    els = [
        Boundary("boundary", polygon=((0, 0), (W, 0), (W, H), (0, H))),
        Entrance("entrance", a=(9.0, 0.0), b=(11.0, 0.0)),
        Area("area_cash", area_kind="cash", polygon=((0, 9), (W, 9), (W, H), (0, H))),
        Wall("counter_line", points=((0.0, 9.0), (16.0, 9.0)), thickness=0.2),
        Area("area_waiting", area_kind="waiting", polygon=((5, 3), (15, 3), (15, 7), (5, 7))),
    ]
    for i in range(c):
        els.append(
            Fixture(
                f"cash{i + 1}",
                fixture_kind="cash_counter",
                x=2.0 + 1.8 * i,
                y=9.0,
                rotation=180.0,
                service_offset=(0.0, 0.9),
                staff_offset=(0.0, -0.9),
            )
        )
    if low:
        els.append(Fixture("low1", fixture_kind="low_counter", x=17.0, y=5.0, rotation=90.0))
    if smart:
        els.append(Fixture("smart1", fixture_kind="smart_counter", x=1.0, y=4.0, rotation=-90.0))
    if ticket:
        els.append(Fixture("ticket", fixture_kind="ticket_dispenser", x=13.0, y=1.0))
    if desk:
        els.append(Fixture("lobby_desk", fixture_kind="reception_desk", x=16.0, y=1.5))
    if vp_desk is not None:
        els.append(Fixture("vp_desk", fixture_kind="staff_desk", x=vp_desk[0], y=vp_desk[1]))
    if call_station is not None:
        els.append(
            Fixture("call_station", fixture_kind="call_station", x=call_station[0], y=call_station[1], rotation=180.0)
        )
    if seats:
        els.append(SeatBlock("seats1", x=10.0, y=4.5, rows=1, seats_per_row=seats))
    if wall is not None:
        els.append(Wall("view_wall", points=wall, thickness=0.2))
    post_polys = {
        "post1": ((7, 0), (20, 0), (20, 3), (7, 3)),
        "post2": ((0, 0), (7, 0), (7, 8.9), (0, 8.9)),
        "post3": ((7, 3), (20, 3), (20, 8.9), (7, 8.9)),
    }
    for pid in posts:
        els.append(Post(pid, number=int(pid[-1]), polygon=post_polys[pid]))
    return Layout(els, LayoutMeta(name_en="tiny test branch"))


def base_doc(**over) -> dict:
    """A minimal scenario document: one cash business, one teller on cash1, walking off."""
    d = {
        "format": "lobbysim.scenario",
        "version": 2,
        "name": "test",
        "hours": {"open": "09:00", "close": "17:00", "after_close_min": 600},
        "arrivals": {"per_day": 100},
        "business": [
            {"code": "cash", "share": 1.0, "fixtures": ["cash_counter"], "service": {"dist": "exponential", "mean": 4}}
        ],
        "customers": {"patience": None, "balking": None, "no_show_share": 0.0, "known_share": 0.0},
        "staff": [{"id": "t1", "role": "cs_counter", "counter": "cash1", "shifts": [["09:00", "17:00"]]}],
        "policies": {"walking": False, "flex_rota": {"enabled": False}},
    }
    d.update(copy.deepcopy(over))
    return d


def mmc_scenario(c: int, rho: float, service_min: float = 1.0, hours: float = 20.0) -> Scenario:
    """M/M/c with utilisation ``rho`` over ``hours`` of arrivals (from 00:00), everyone served."""
    lam_per_min = rho * c / service_min
    close_h = int(hours)
    doc = base_doc(
        hours={"open": "00:00", "close": f"{close_h:02d}:00", "after_close_min": 24 * 60},
        arrivals={"per_day": lam_per_min * 60 * close_h},
        business=[
            {
                "code": "cash",
                "share": 1.0,
                "fixtures": ["cash_counter"],
                "service": {"dist": "exponential", "mean": service_min},
            }
        ],
        staff=[
            {
                "id": f"t{i + 1}",
                "role": "cs_counter",
                "counter": f"cash{i + 1}",
                "shifts": [["00:00", f"{close_h:02d}:00"]],
            }
            for i in range(c)
        ],
    )
    return Scenario.from_dict(doc)
