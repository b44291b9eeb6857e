"""The pure model of a bank lobby: elements, layouts, commands and the file format (no Qt, no SimPy)."""

from .elements import (  # noqa: F401
    Area,
    Boundary,
    Element,
    Entrance,
    Fixture,
    Pillar,
    Post,
    SeatBlock,
    Wall,
    blocks_sight,
    is_obstacle,
)
from .layout import Change, Layout, LayoutMeta  # noqa: F401
