"""The vocabulary of a bank lobby: kinds of areas and fixtures, with their labels.

Each kind has a stable code name (used in files and code), a Chinese and an English
label (used in the UI and in charts), and for fixtures the defaults a consultant
expects when placing one: size, whether it is an obstacle, whether it blocks sight,
and where the customer and the staff member stand relative to it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AreaKind:
    """A kind of functional area: its code in files, its Chinese and English labels, its colour."""

    code: str
    zh: str
    en: str
    color: str  # a fill colour for plans and charts


AREA_KINDS: dict[str, AreaKind] = {
    k.code: k
    for k in (
        AreaKind("waiting", "等候区", "Waiting area", "#cfe8ff"),
        AreaKind("integrated_service", "综合服务区", "Integrated service area", "#d9f2d0"),
        AreaKind("cash", "现金区", "Cash area", "#ffe2c6"),
        AreaKind("non_cash", "非现金区", "Non-cash area", "#fff3c4"),
        AreaKind("smart_service", "智能服务区", "Smart-service area", "#dff5ec"),
        AreaKind("self_service", "自助服务区", "Self-service area", "#e6f0d8"),
        AreaKind("wealth_room", "理财室", "Wealth room", "#f3dcf5"),
        AreaKind("vip_room", "贵宾室", "VIP room", "#f8d5de"),
        AreaKind("worker_rest", "劳动者港湾", "Worker rest area", "#fde3b0"),
        AreaKind("back_office", "集中办公区", "Back-office pool", "#e3e3f0"),
        AreaKind("office", "办公室", "Office", "#e8e8e8"),
        AreaKind("public_education", "公众教育区", "Public-education area", "#e0f4f4"),
        AreaKind("user", "自定义区域", "User-defined area", "#eeeeee"),
    )
}


@dataclass(frozen=True, slots=True)
class FixtureKind:
    """Defaults for a kind of fixture.

    Local frame of a fixture: the footprint is ``width`` along local x and ``depth``
    along local y, centred on the fixture's position; local +y is the customer side
    (front). ``service_offset`` is where a customer stands, ``staff_offset`` where the
    staff member stands (behind a counter, beside a smart counter), both in local
    coordinates, or None when the kind has no such point.
    """

    code: str
    zh: str
    en: str
    width: float
    depth: float
    obstacle: bool
    blocks_sight: bool
    service_offset: tuple[float, float] | None
    staff_offset: tuple[float, float] | None
    color: str


def _front(depth: float, gap: float = 0.5) -> tuple[float, float]:
    return (0.0, round(depth / 2 + gap, 3))


def _back(depth: float, gap: float = 0.45) -> tuple[float, float]:
    return (0.0, round(-(depth / 2 + gap), 3))


FIXTURE_KINDS: dict[str, FixtureKind] = {
    k.code: k
    for k in (
        FixtureKind(
            "cash_counter", "高柜", "Cash (high) counter", 1.6, 0.8, True, True, _front(0.8), _back(0.8), "#d9822b"
        ),
        FixtureKind("low_counter", "低柜", "Low counter", 1.6, 0.8, True, False, _front(0.8), _back(0.8), "#e0a458"),
        FixtureKind(
            "smart_counter", "智能柜台", "Smart counter", 0.9, 0.7, True, True, _front(0.7), (0.85, 0.6), "#3a9d7a"
        ),
        FixtureKind(
            "self_service", "自助设备", "Self-service device / ATM", 0.8, 0.7, True, True, _front(0.7), None, "#6aa84f"
        ),
        FixtureKind(
            "ticket_dispenser", "叫号机", "Ticket dispenser", 0.5, 0.4, True, False, _front(0.4, 0.4), None, "#3c78d8"
        ),
        FixtureKind(
            "reception_desk",
            "大堂服务台",
            "Reception / lobby desk",
            1.4,
            0.7,
            True,
            False,
            _front(0.7),
            _back(0.7),
            "#8e7cc3",
        ),
        FixtureKind("staff_desk", "办公桌", "Staff desk", 1.4, 0.7, True, False, _front(0.7), _back(0.7), "#a0a0c8"),
        FixtureKind(
            "call_station", "外呼设备", "Outbound-call station", 0.8, 0.6, True, False, None, _back(0.6), "#cc4125"
        ),
        FixtureKind("security_gate", "安检门", "Security gate", 0.9, 0.6, False, False, None, None, "#999999"),
        FixtureKind("other", "其他设施", "Other fixture", 0.8, 0.8, True, False, None, None, "#b7b7b7"),
    )
}

#: fixture kinds at which customers are served (queueing points of the simulation)
SERVICE_FIXTURE_KINDS = ("cash_counter", "low_counter", "smart_counter", "self_service", "reception_desk")

SEAT_BLOCK = FixtureKind("seat_block", "座椅", "Seat block", 0.55, 0.5, True, False, None, None, "#7f9fbf")

ELEMENT_TYPES = ("boundary", "wall", "pillar", "entrance", "area", "post", "fixture", "seat_block")

ELEMENT_TYPE_LABELS: dict[str, tuple[str, str]] = {
    "boundary": ("外墙", "Boundary"),
    "wall": ("墙", "Wall"),
    "pillar": ("柱", "Pillar"),
    "entrance": ("出入口", "Entrance"),
    "area": ("功能区", "Area"),
    "post": ("厅堂岗位", "Lobby post"),
    "fixture": ("设施", "Fixture"),
    "seat_block": ("座椅", "Seat block"),
}
