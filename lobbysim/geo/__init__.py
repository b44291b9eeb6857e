"""Geometry of the floor: walkable area, shortest paths, distance matrices, sightlines (shapely, numpy)."""

from .floor import Floor, build_floor, points_of_interest, reachability_findings, reflex_vertices  # noqa: F401
