"""A lobby layout: an ordered set of elements, changed only through commands.

The layout knows nothing of Qt. Observers (the editor's scene, geometry caches) register
a callable and receive a :class:`Change` for every element added, removed or replaced.
``revision`` increases with every change, so caches can tell whether they are stale.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from .elements import Area, Boundary, Element, Entrance, Fixture, Pillar, Post, SeatBlock, Wall

E = TypeVar("E", bound=Element)


@dataclass(frozen=True, slots=True)
class Change:
    """One element-level change: ``old`` is None for an addition, ``new`` None for a removal."""

    element_id: str
    old: Element | None
    new: Element | None
    index: int

    @property
    def kind(self) -> str:
        """'added', 'removed' or 'changed'."""
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed"


@dataclass(slots=True)
class LayoutMeta:
    """What the layout is: the branch, the variant, free notes."""

    name_zh: str = ""
    name_en: str = ""
    branch: str = ""
    variant: str = ""
    notes: str = ""


class Layout:
    """The floor plan of one branch in one variant (e.g. 'before' or 'after')."""

    def __init__(self, elements: list[Element] | None = None, meta: LayoutMeta | None = None) -> None:
        self.meta = meta or LayoutMeta()
        self._elements: dict[str, Element] = {}
        self._observers: list[Callable[[Change], None]] = []
        self.revision = 0
        for e in elements or []:
            if e.id in self._elements:
                raise ValueError(f"duplicate element id '{e.id}'")
            self._elements[e.id] = e

    # --- reading -----------------------------------------------------------------
    def __iter__(self) -> Iterator[Element]:
        return iter(list(self._elements.values()))

    def __len__(self) -> int:
        return len(self._elements)

    def __contains__(self, element_id: object) -> bool:
        return element_id in self._elements

    def get(self, element_id: str) -> Element | None:
        """The element ``element_id``, or None."""
        return self._elements.get(element_id)

    def __getitem__(self, element_id: str) -> Element:
        return self._elements[element_id]

    def ids(self) -> list[str]:
        """Every element id, in the layout's order (the file's and the drawing order)."""
        return list(self._elements)

    def index_of(self, element_id: str) -> int:
        """The position of ``element_id`` in the layout's order (ValueError when absent)."""
        return list(self._elements).index(element_id)

    def of_type(self, cls: type[E]) -> list[E]:
        """The elements of class ``cls``, in order."""
        return [e for e in self._elements.values() if isinstance(e, cls)]

    @property
    def boundary(self) -> Boundary | None:
        """The outer boundary (the first one; validation reports more than one), or None."""
        b = self.of_type(Boundary)
        return b[0] if b else None

    def walls(self) -> list[Wall]:
        """The interior walls."""
        return self.of_type(Wall)

    def pillars(self) -> list[Pillar]:
        """The pillars."""
        return self.of_type(Pillar)

    def entrances(self) -> list[Entrance]:
        """The entrances."""
        return self.of_type(Entrance)

    def areas(self, area_kind: str | None = None) -> list[Area]:
        """The functional areas, or those of one kind ('waiting', 'cash' ...)."""
        return [a for a in self.of_type(Area) if area_kind is None or a.area_kind == area_kind]

    def posts(self) -> list[Post]:
        """The lobby post zones by number."""
        return sorted(self.of_type(Post), key=lambda p: (p.number, p.id))

    def fixtures(self, fixture_kind: str | None = None) -> list[Fixture]:
        """The fixtures, or those of one kind ('cash_counter', 'atm' ...)."""
        return [f for f in self.of_type(Fixture) if fixture_kind is None or f.fixture_kind == fixture_kind]

    def seat_blocks(self) -> list[SeatBlock]:
        """The seat blocks."""
        return self.of_type(SeatBlock)

    def seats(self) -> list[tuple[str, tuple[float, float]]]:
        """(seat id, aisle point) of every seat of every block (see ``SeatBlock.seats``)."""
        return [s for b in self.seat_blocks() for s in b.seats]

    def new_id(self, prefix: str) -> str:
        """A fresh id 'prefix1', 'prefix2' ... not used in this layout."""
        n = 1
        while f"{prefix}{n}" in self._elements:
            n += 1
        return f"{prefix}{n}"

    def copy(self) -> Layout:
        """An independent layout with the same elements and meta (no observers)."""
        m = self.meta
        return Layout(list(self._elements.values()), LayoutMeta(m.name_zh, m.name_en, m.branch, m.variant, m.notes))

    def same_as(self, other: Layout) -> bool:
        """Same elements in the same order, and the same meta."""
        return list(self._elements.items()) == list(other._elements.items()) and self.meta == other.meta

    # --- observing ---------------------------------------------------------------
    def subscribe(self, observer: Callable[[Change], None]) -> None:
        """Call ``observer`` with a Change after every change of an element."""
        self._observers.append(observer)

    def unsubscribe(self, observer: Callable[[Change], None]) -> None:
        """Stop calling ``observer`` (nothing happens if it was not subscribed)."""
        if observer in self._observers:
            self._observers.remove(observer)

    def _notify(self, change: Change) -> None:
        self.revision += 1
        for obs in list(self._observers):
            obs(change)

    # --- low-level mutation: only commands call these ------------------------------
    def _insert(self, element: Element, index: int | None = None) -> None:
        if element.id in self._elements:
            raise ValueError(f"an element with id '{element.id}' already exists")
        items = list(self._elements.items())
        if index is None or index >= len(items):
            index = len(items)
            self._elements[element.id] = element
        else:
            items.insert(index, (element.id, element))
            self._elements = dict(items)
        self._notify(Change(element.id, None, element, index))

    def _remove(self, element_id: str) -> tuple[Element, int]:
        if element_id not in self._elements:
            raise KeyError(f"no element '{element_id}'")
        index = self.index_of(element_id)
        element = self._elements.pop(element_id)
        self._notify(Change(element_id, element, None, index))
        return element, index

    def _replace(self, new: Element) -> Element:
        old = self._elements[new.id]
        self._elements[new.id] = new
        self._notify(Change(new.id, old, new, -1))
        return old
