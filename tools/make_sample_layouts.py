"""Generate the sample branch (railway-station sub-branch, 火车站支行) before/after layouts.

The JSON files in layouts/railway_station/ are the source of truth; this script records
how they were first drawn (24 m x 14 m, about 336 m²) and can regenerate them.
Elements that are the same in both variants keep their id.
"""

from __future__ import annotations

import sys
from pathlib import Path

from lobbysim.model.elements import Area, Boundary, Entrance, Fixture, Pillar, Post, SeatBlock, Wall
from lobbysim.model.fileformat import save_layout
from lobbysim.model.layout import Layout, LayoutMeta

R = lambda x0, y0, x1, y1: ((x0, y0), (x1, y0), (x1, y1), (x0, y1))  # noqa: E731


def common():
    return [
        Boundary("boundary", "网点外墙", "Outer walls", polygon=R(0, 0, 24, 14)),
        Entrance("entrance", "正门", "Main entrance", a=(10.5, 0.0), b=(12.5, 0.0)),
        # counter line: three cash windows between wall pieces, a staff door at x 8.6-9.6
        Wall("wall_cl_w", "柜台线", "Counter line", points=((0, 10), (1.4, 10))),
        Wall("wall_cl_e", "柜台线", "Counter line", points=((6.2, 10), (8.6, 10))),
        Wall("wall_office_s", "办公室墙", "Office wall", points=((9.6, 10), (11.8, 10))),
        Wall("wall_office_s2", "办公室墙", "Office wall", points=((12.8, 10), (14, 10))),
        Wall("wall_cash_e", "现金区隔墙", "Cash-area wall", points=((10, 10), (10, 14))),
        Wall("wall_office_e", "办公室隔墙", "Office wall", points=((14, 10), (14, 14))),
        Wall("wall_wealth_w1", "理财室墙", "Wealth-room wall", points=((18, 14), (18, 10.2))),
        Wall("wall_wealth_w2", "理财室墙", "Wealth-room wall", points=((18, 9.2), (18, 8))),
        Wall("wall_wealth_s", "理财室墙", "Wealth-room wall", points=((18, 8), (24, 8))),
        Pillar("pillar1", "柱", "Pillar", polygon=R(6.2, 4.7, 6.8, 5.3)),
        Pillar("pillar2", "柱", "Pillar", polygon=R(16.7, 4.7, 17.3, 5.3)),
        Area("area_cash", "现金区", "Cash area", area_kind="cash", polygon=R(0, 10, 10, 14)),
        Area("area_self", "自助服务区", "Self-service area", area_kind="self_service", polygon=R(14, 10, 18, 14)),
        Area("area_wealth", "理财室", "Wealth room", area_kind="wealth_room", polygon=R(18, 8, 24, 14)),
        Fixture("cash1", "1号高柜", "Cash window 1", fixture_kind="cash_counter", x=2.2, y=10, rotation=180),
        Fixture("cash2", "2号高柜", "Cash window 2", fixture_kind="cash_counter", x=3.8, y=10, rotation=180),
        Fixture("cash3", "3号高柜", "Cash window 3", fixture_kind="cash_counter", x=5.4, y=10, rotation=180),
        Fixture("smart1", "智能柜台", "Smart counter", fixture_kind="smart_counter", x=0.6, y=4.0, rotation=-90),
        Fixture("atm1", "ATM 1", "ATM 1", fixture_kind="self_service", x=15.0, y=13.45, rotation=180),
        Fixture("atm2", "ATM 2", "ATM 2", fixture_kind="self_service", x=16.8, y=13.45, rotation=180),
        Fixture("ticket", "叫号机", "Ticket dispenser", fixture_kind="ticket_dispenser", x=9.2, y=1.6, rotation=-90),
        Fixture("lobby_desk", "大堂服务台", "Lobby desk", fixture_kind="reception_desk", x=14.5, y=1.8, rotation=90),
        Fixture("wm_desk", "理财经理", "Wealth manager's desk", fixture_kind="staff_desk", x=21, y=12.8, rotation=180),
        Fixture(
            "director_desk", "网点主任", "Branch director's desk", fixture_kind="staff_desk", x=12, y=12.8, rotation=180
        ),
    ]


def before() -> Layout:
    els = common() + [
        Area("area_office", "主任办公室", "Director's office", area_kind="office", polygon=R(10, 10, 14, 14)),
        Area("area_smart", "智能服务区", "Smart-service area", area_kind="smart_service", polygon=R(0, 1.5, 5, 8)),
        Area("area_waiting", "等候区", "Waiting area", area_kind="waiting", polygon=R(6, 2.8, 17, 8.6)),
        Area(
            "area_education",
            "公众教育区",
            "Public-education area",
            area_kind="public_education",
            polygon=R(19, 0, 24, 4),
        ),
        Fixture("low1", "低柜", "Low counter", fixture_kind="low_counter", x=21, y=10.6, rotation=180),
        Fixture("vp_desk", "内勤行长", "Operations VP's desk", fixture_kind="staff_desk", x=7.8, y=12.6, rotation=180),
        Fixture("call_station", "外呼设备", "Outbound-call station", fixture_kind="call_station", x=22.8, y=9.6),
        SeatBlock("seats1", "等候座椅", "Waiting seats", x=9.0, y=5.2, rows=3, seats_per_row=6),
        SeatBlock("seats2", "等候座椅", "Waiting seats", x=13.5, y=5.2, rows=3, seats_per_row=6),
    ]
    meta = LayoutMeta(
        "火车站支行（改造前）",
        "Railway-station sub-branch (before)",
        "火车站支行 Railway-station sub-branch",
        "before",
        "Before the 13-day lobby transformation: low counter inside the wealth room, "
        "operations VP behind the counter line, outbound-call station in the wealth room, "
        "branch director in a separate office, seats in rows, no lobby posts.",
    )
    return Layout(els, meta)


def after() -> Layout:
    els = common() + [
        Area("area_backoffice", "集中办公区", "Back-office pool", area_kind="back_office", polygon=R(10, 10, 14, 14)),
        Area(
            "area_integrated",
            "综合服务区",
            "Integrated service area",
            area_kind="integrated_service",
            polygon=R(0, 1.5, 6, 8),
        ),
        Area("area_waiting", "等候区", "Waiting area", area_kind="waiting", polygon=R(7, 2.8, 17, 8.6)),
        Area("area_worker_rest", "劳动者港湾", "Worker rest area", area_kind="worker_rest", polygon=R(19, 0, 24, 4)),
        Fixture("low1", "低柜", "Low counter", fixture_kind="low_counter", x=4.0, y=6.0, rotation=-90),
        Fixture("vp_desk", "内勤行长", "Operations VP's desk", fixture_kind="staff_desk", x=16.0, y=7.6, rotation=90),
        Fixture("call_station", "外呼设备", "Outbound-call station", fixture_kind="call_station", x=4.0, y=13.0),
        Fixture("bo_desk2", "集中办公", "Back-office desk", fixture_kind="staff_desk", x=12, y=11.2, rotation=0),
        Fixture("water", "饮水机", "Water dispenser", fixture_kind="other", x=23.4, y=0.6, width=0.5, depth=0.5),
        SeatBlock("seats1", "等候座椅", "Waiting seats", x=9.6, y=6.4, rows=2, seats_per_row=6),
        SeatBlock("seats2", "等候座椅", "Waiting seats", x=13.6, y=6.4, rows=2, seats_per_row=5),
        SeatBlock("seats3", "等候座椅", "Waiting seats", x=11.6, y=3.6, rows=1, seats_per_row=6),
        SeatBlock("seats_rest", "劳动者港湾座椅", "Worker rest seats", x=21.4, y=2.0, rows=2, seats_per_row=4),
        Post("post1", "厅堂1号", "Lobby post 1", number=1, polygon=R(7, 0, 19, 2.8)),
        Post("post2", "厅堂2号", "Lobby post 2", number=2, polygon=R(0, 0, 7, 9.4)),
        Post("post3", "厅堂3号", "Lobby post 3", number=3, polygon=R(7, 2.8, 18, 9.4)),
    ]
    meta = LayoutMeta(
        "火车站支行（改造后）",
        "Railway-station sub-branch (after)",
        "火车站支行 Railway-station sub-branch",
        "after",
        "After the transformation: integrated service area with the smart counter and the "
        "low counter, worker rest area (劳动者港湾), operations VP's desk in the outer lobby, "
        "back-office pool with the branch director, call station in the cash area, seats "
        "re-arranged, lobby posts 1/2/3.",
    )
    return Layout(els, meta)


def empty() -> Layout:
    """A blank room to start from: a boundary, a door and a waiting area, nothing else."""
    els = [
        Boundary("boundary", "网点外墙", "Outer walls", polygon=R(0, 0, 20, 12)),
        Entrance("entrance", "正门", "Main entrance", a=(9.0, 0.0), b=(11.0, 0.0)),
        Area("area_waiting", "等候区", "Waiting area", area_kind="waiting", polygon=R(6, 3, 14, 8)),
    ]
    return Layout(
        els,
        LayoutMeta(
            "空白平面",
            "Empty plan",
            "",
            "template",
            "Start a new branch here: adjust the "
            "boundary, then place the counters, the ticket dispenser and the seats.",
        ),
    )


if __name__ == "__main__":
    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    save_layout(before(), root / "layouts/railway_station/before.lobby.json")
    save_layout(after(), root / "layouts/railway_station/after.lobby.json")
    save_layout(empty(), root / "layouts/templates/empty.lobby.json")
