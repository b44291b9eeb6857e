"""Commands: the only way a layout changes.

Every command has ``apply(layout)``, ``revert(layout)`` and a readable ``text`` (shown
in the editor's Edit menu as "Undo Move counter c1"). Commands hold element values, not
references into the layout, so applying and reverting are exact. The editor wraps them
in QUndoCommands; the command objects themselves know nothing of Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any

from .elements import Element, Entrance, Post, Pt
from .layout import Layout, LayoutMeta


class Command:
    """One undoable change of a layout: ``apply`` then ``revert`` leaves the layout as it was."""

    #: what the change is, for the Edit menu ("Move cash1")
    text: str = ""

    def apply(self, layout: Layout) -> None:  # pragma: no cover - interface
        """Make the change in ``layout`` (which notifies its observers)."""
        raise NotImplementedError

    def revert(self, layout: Layout) -> None:  # pragma: no cover - interface
        """Undo the change; only valid right after ``apply`` on the same layout."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.text!r}>"


class AddElement(Command):
    """Add ``element`` (at ``index`` in the layout's order, or last)."""

    def __init__(self, element: Element, index: int | None = None, text: str | None = None) -> None:
        self.element = element
        self.index = index
        self.text = text or f"Add {element.type} {element.id}"

    def apply(self, layout: Layout) -> None:
        layout._insert(self.element, self.index)

    def revert(self, layout: Layout) -> None:
        layout._remove(self.element.id)


class RemoveElement(Command):
    """Remove the element ``element_id`` (revert puts it back at the same place in the order)."""

    def __init__(self, element_id: str, text: str | None = None) -> None:
        self.element_id = element_id
        self.text = text or f"Delete {element_id}"
        self._removed: tuple[Element, int] | None = None

    def apply(self, layout: Layout) -> None:
        self._removed = layout._remove(self.element_id)

    def revert(self, layout: Layout) -> None:
        assert self._removed is not None, "revert before apply"
        element, index = self._removed
        layout._insert(element, index)


class ReplaceElement(Command):
    """Replace an element by a new value with the same id (move, resize, rotate, edit)."""

    def __init__(self, old: Element, new: Element, text: str | None = None) -> None:
        if old.id != new.id:
            raise ValueError("ReplaceElement keeps the id; use remove + add to change it")
        self.old, self.new = old, new
        self.text = text or f"Edit {new.id}"

    def apply(self, layout: Layout) -> None:
        layout._replace(self.new)

    def revert(self, layout: Layout) -> None:
        layout._replace(self.old)


class MacroCommand(Command):
    """Several commands as one undo step (a multi-element move, a delete with dependents)."""

    def __init__(self, children: Iterable[Command], text: str) -> None:
        self.children = list(children)
        self.text = text

    def apply(self, layout: Layout) -> None:
        done: list[Command] = []
        try:
            for c in self.children:
                c.apply(layout)
                done.append(c)
        except Exception:
            for c in reversed(done):
                c.revert(layout)
            raise

    def revert(self, layout: Layout) -> None:
        for c in reversed(self.children):
            c.revert(layout)


# --- builders for the edits the editor offers ---------------------------------------


def dependents(layout: Layout, element_id: str) -> list[str]:
    """Ids of elements that cannot exist without ``element_id``: entrances are door
    segments in the boundary or a wall, so they go when their host goes."""
    host = layout.get(element_id)
    if host is None or host.type not in ("boundary", "wall"):
        return []
    g = host.geometry.boundary if host.type == "boundary" else host.geometry
    out = []
    for e in layout.entrances():
        if e.geometry.distance(g) <= 0.05:
            out.append(e.id)
    return out


def delete_elements(layout: Layout, ids: Iterable[str]) -> Command:
    """Delete the elements and their dependents in one step."""
    ids = list(dict.fromkeys(ids))
    seen: set[str] = set()
    order: list[str] = []
    for i in ids:
        for d in dependents(layout, i) + [i]:
            if d not in seen and d in layout:
                seen.add(d)
                order.append(d)
    children = [RemoveElement(i) for i in order]
    text = f"Delete {ids[0]}" if len(ids) == 1 else f"Delete {len(ids)} elements"
    if len(order) > len(ids):
        text += f" (and {len(order) - len(ids)} dependent)"
    return MacroCommand(children, text)


def move_elements(layout: Layout, ids: Iterable[str], dx: float, dy: float) -> Command:
    """Move the elements by (dx, dy) metres in one step."""
    ids = list(dict.fromkeys(ids))
    children = [ReplaceElement(layout[i], layout[i].translated(dx, dy)) for i in ids]
    text = f"Move {ids[0]}" if len(ids) == 1 else f"Move {len(ids)} elements"
    return MacroCommand(children, text)


def rotate_elements(layout: Layout, ids: Iterable[str], angle_deg: float, origin: Pt | None = None) -> Command:
    """Rotate the elements by ``angle_deg`` (counter-clockwise) about ``origin``, or each about its own
    anchor, in one step."""
    ids = list(dict.fromkeys(ids))
    children = [ReplaceElement(layout[i], layout[i].rotated(angle_deg, origin)) for i in ids]
    text = f"Rotate {ids[0]}" if len(ids) == 1 else f"Rotate {len(ids)} elements"
    return MacroCommand(children, text)


def set_properties(layout: Layout, element_id: str, **changes: Any) -> Command:
    """Edit fields of one element (name, kind, size, rotation, points ...)."""
    old = layout[element_id]
    new = replace(old, **changes)
    what = ", ".join(sorted(changes))
    return ReplaceElement(old, new, f"Edit {what} of {element_id}")


def add_elements(layout: Layout, elements: Iterable[Element], text: str | None = None) -> Command:
    """Add the elements (with the ids they have) in one step."""
    elements = list(elements)
    if len(elements) == 1:
        return AddElement(elements[0], text=text)
    return MacroCommand([AddElement(e) for e in elements], text or f"Add {len(elements)} elements")


def duplicate_elements(layout: Layout, ids: Iterable[str], dx: float = 0.5, dy: float = -0.5) -> Command:
    """Copies of the elements, offset and with fresh ids."""
    copies = fresh_copies(layout, [layout[i] for i in ids], dx, dy)
    return MacroCommand(
        [AddElement(c) for c in copies], f"Duplicate {len(copies)} element" + ("s" if len(copies) != 1 else "")
    )


def fresh_copies(layout: Layout, elements: Iterable[Element], dx: float, dy: float) -> list[Element]:
    """Copies of the elements offset by (dx, dy) metres, each with an id free in ``layout``: the
    copied id's stem and the first free number ('cash3' -> 'cash4' when 'cash1'..'cash3' exist)."""
    taken = set(layout.ids())
    out: list[Element] = []
    for e in elements:
        base = e.id.rstrip("0123456789") or e.type
        n = 1
        while f"{base}{n}" in taken:
            n += 1
        taken.add(f"{base}{n}")
        out.append(replace(e.translated(dx, dy), id=f"{base}{n}"))
    return out


class PasteElements(MacroCommand):
    """Copies of elements (from this layout or a clipboard) added as one step, offset by
    (dx, dy) metres, each with a fresh id (see ``fresh_copies``)."""

    def __init__(self, layout: Layout, elements: Iterable[Element], dx: float = 0.5, dy: float = -0.5):
        self.copies = fresh_copies(layout, elements, dx, dy)
        n = len(self.copies)
        super().__init__([AddElement(c) for c in self.copies], f"Paste {n} element" + ("s" if n != 1 else ""))

    @property
    def ids(self) -> list[str]:
        """The ids of the pasted copies (to select them after the paste)."""
        return [c.id for c in self.copies]


class AddPost(AddElement):
    """A new lobby post zone over ``polygon``: the lowest post number not yet used, named
    厅堂N号 / Lobby post N as the case names them."""

    def __init__(self, layout: Layout, polygon: Sequence[Pt]):
        used = {p.number for p in layout.posts()}
        number = next(n for n in range(1, len(used) + 2) if n not in used)
        post = Post(
            layout.new_id("post"),
            polygon=tuple((float(x), float(y)) for x, y in polygon),
            number=number,
            name_zh=f"厅堂{number}号",
            name_en=f"Lobby post {number}",
        )
        super().__init__(post, text=f"Add post {post.id}")


class ReplaceContent(Command):
    """Replace every element and the metadata of a layout by another layout's, as one step (the
    editor recovering the unsaved edits of a session that crashed, on top of the saved file)."""

    def __init__(self, layout: Layout, other: Layout, text: str = "Recover unsaved changes"):
        self.text = text
        self._old, self._new = list(layout), list(other)
        self._old_meta, self._new_meta = layout.meta, other.meta

    @staticmethod
    def _put(layout: Layout, elements: list[Element], meta: LayoutMeta) -> None:
        for e in list(layout):
            layout._remove(e.id)
        for e in elements:
            layout._insert(e)
        layout.meta = meta

    def apply(self, layout: Layout) -> None:
        self._put(layout, self._new, self._new_meta)

    def revert(self, layout: Layout) -> None:
        self._put(layout, self._old, self._old_meta)


#: alignment -> (axis: 0 = x, 1 = y; the side of the bounds aligned; how the common value is chosen)
_ALIGNMENTS: dict[str, tuple[int, str, Callable[[list[float]], float]]] = {
    "left": (0, "low", min),
    "right": (0, "high", max),
    "bottom": (1, "low", min),
    "top": (1, "high", max),
    "hcenter": (0, "centre", lambda vs: sum(vs) / len(vs)),
    "vcenter": (1, "centre", lambda vs: sum(vs) / len(vs)),
}


def align_elements(layout: Layout, ids: Iterable[str], how: str) -> Command:
    """Align the anchors of the elements: 'left', 'right', 'top', 'bottom', 'hcenter', 'vcenter'."""
    if how not in _ALIGNMENTS:
        raise ValueError(f"unknown alignment '{how}'")
    axis, side, choose = _ALIGNMENTS[how]
    ids = list(dict.fromkeys(ids))
    els = [layout[i] for i in ids]
    values = [_side_of(e.geometry.bounds, axis, side) for e in els]
    target = choose(values)
    deltas = [(target - v, 0.0) if axis == 0 else (0.0, target - v) for v in values]
    children = [ReplaceElement(e, e.translated(dx, dy)) for e, (dx, dy) in zip(els, deltas) if dx or dy]
    return MacroCommand(children, f"Align {len(ids)} elements {how}")


def _side_of(bounds: tuple[float, float, float, float], axis: int, side: str) -> float:
    low, high = bounds[axis], bounds[axis + 2]
    return low if side == "low" else high if side == "high" else (low + high) / 2


__all__ = [
    "Command",
    "AddElement",
    "RemoveElement",
    "ReplaceElement",
    "MacroCommand",
    "dependents",
    "delete_elements",
    "move_elements",
    "rotate_elements",
    "set_properties",
    "add_elements",
    "duplicate_elements",
    "fresh_copies",
    "PasteElements",
    "AddPost",
    "ReplaceContent",
    "align_elements",
    "Entrance",
]
