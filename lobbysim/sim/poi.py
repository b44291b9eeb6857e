"""Names of the points of interest the simulation walks between.

A point of interest is named by text so that distances, paths and sightlines can be cached
in plain dictionaries: an element id (``"entrance"``, ``"post3"``, a seat ``"seats1.r1s2"``),
or a fixture's service or staff point (``"cash1.service"`` where the customer stands,
``"cash1.staff"`` where the teller sits), or the standing spot of a waiting area
(``"area_wait.standing"``; ``"standing"`` when the layout has no waiting area). This module is
the one place that builds and reads those names.
"""

from __future__ import annotations

from functools import lru_cache

SERVICE = "service"
STAFF = "staff"
#: where customers wait standing when no seat is free and the layout has no waiting area
STANDING = "standing"

_SUFFIXES = ("." + SERVICE, "." + STAFF, "." + STANDING)


def service(fixture_id: str) -> str:
    """The point where a customer stands to be served at ``fixture_id``."""
    return f"{fixture_id}.{SERVICE}"


def staff(fixture_id: str) -> str:
    """The point where staff sit or stand to work at ``fixture_id``."""
    return f"{fixture_id}.{STAFF}"


def standing(area_id: str) -> str:
    """The spot where customers stand in the waiting area ``area_id`` when no seat is free."""
    return f"{area_id}.{STANDING}"


def is_standing(at: str | None) -> bool:
    if not at:
        return False
    return at == STANDING or at.endswith("." + STANDING)


@lru_cache(maxsize=4096)
def element_of(poi: str | None) -> str:
    """The element a point of interest belongs to: ``'cash1.staff'`` -> ``'cash1'``; ``''`` for none
    (remembered: staff ask it at every change of activity, of a handful of points)."""
    if not poi:
        return ""
    return poi.rsplit(".", 1)[0] if poi.endswith(_SUFFIXES) else poi


def staff_point_of(fixture_id: str, known) -> str:
    """Where staff work at ``fixture_id``: its staff point, else its service point, else the
    fixture itself, whichever ``known`` (a container of point names) has."""
    for name in (staff(fixture_id), service(fixture_id)):
        if name in known:
            return name
    return fixture_id
