"""Big layouts made from small ones, for the scaling tests and benchmarks (issue 19).

``tiled(layout, nx, ny)`` puts ``nx`` x ``ny`` copies of a lobby side by side inside one
boundary: every element of each copy is moved by the tile's offset and renamed
``<id>@<col>.<row>`` (the first tile keeps its ids); the copies drop their boundary, their
entrances and their lobby posts, so the block has one entrance and the first tile's posts
(as the issue measured it: 2 x 2 of the railway-station after-layout is 153 elements and 241
points of interest, 3 x 3 is 338 and 541). The block's lobbies are open to each other.

``grid_plan(n)`` is a plan of ``n`` elements on a square grid (fixtures of four kinds and
seat blocks, 2 m apart, one door): the editor's redraw benchmark at 2,000 and 10,000 elements.
"""

from __future__ import annotations

from lobbysim.model.elements import Boundary, Element, Entrance, Fixture, Post, SeatBlock
from lobbysim.model.layout import Layout, LayoutMeta


def tiled(layout: Layout, nx: int, ny: int | None = None) -> Layout:
    """``nx`` x ``ny`` copies of ``layout`` in one boundary (see the module docstring)."""
    ny = nx if ny is None else ny
    b = layout.boundary
    if b is None:
        raise ValueError("a layout without a boundary cannot be tiled")
    x0, y0, x1, y1 = b.geometry.bounds
    w, h = x1 - x0, y1 - y0
    els: list[Element] = [
        Boundary(
            b.id,
            b.name_zh,
            b.name_en,
            polygon=((x0, y0), (x0 + nx * w, y0), (x0 + nx * w, y0 + ny * h), (x0, y0 + ny * h)),
        )
    ]
    for j in range(ny):
        for i in range(nx):
            first = i == 0 and j == 0
            for e in layout:
                if isinstance(e, Boundary) or (not first and isinstance(e, (Entrance, Post))):
                    continue
                moved = e.translated(i * w, j * h) if not first else e
                els.append(moved if first else _renamed(moved, f"{e.id}@{i}.{j}"))
    meta = LayoutMeta(
        layout.meta.name_zh, f"{layout.meta.name_en} ({nx} x {ny} tiles)", layout.meta.branch, layout.meta.variant
    )
    return Layout(els, meta)


def _renamed(e: Element, new_id: str) -> Element:
    from dataclasses import replace

    return replace(e, id=new_id)


def grid_plan(n: int = 2000) -> Layout:
    """A plan of ``n`` elements: a square room with one door and a grid of fixtures and seat blocks."""
    side = int(n**0.5) + 1
    els: list[Element] = [
        Boundary("b", polygon=((0, 0), (side * 2.0, 0), (side * 2.0, side * 2.0), (0, side * 2.0))),
        Entrance("door", a=(1, 0), b=(3, 0)),
    ]
    kinds = ["cash_counter", "smart_counter", "self_service", "staff_desk"]
    i = 0
    while len(els) < n:
        x, y = 1.0 + 2.0 * (i % side), 1.0 + 2.0 * (i // side)
        if i % 5 == 4:
            els.append(SeatBlock(f"s{i}", x=x, y=y, rows=1, seats_per_row=2))
        else:
            els.append(Fixture(f"f{i}", fixture_kind=kinds[i % 4], x=x, y=y, width=0.8, depth=0.5))
        i += 1
    return Layout(els)
