"""Two-point calibration of a background image (pure: no Qt).

The consultant clicks two points on the scanned plan (image pixels) and types their real
distance in metres; the image is then drawn at that scale with the first point placed at a
chosen plan position. Image y points down, plan y up.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from lobbysim.errors import LobbysimError

Pt = tuple[float, float]


@dataclass(frozen=True)
class Calibration:
    metres_per_pixel: float
    #: plan position (metres) of the image's top-left pixel corner
    origin: Pt

    def to_plan(self, px: Pt) -> Pt:
        return (self.origin[0] + px[0] * self.metres_per_pixel, self.origin[1] - px[1] * self.metres_per_pixel)


def calibrate(p1: Pt, p2: Pt, distance_m: float, p1_plan: Pt = (0.0, 0.0)) -> Calibration:
    """Scale from two clicked image points and their real distance; p1 lands on p1_plan."""
    if not (distance_m > 0 and math.isfinite(distance_m)):
        raise LobbysimError(f"calibration distance must be a positive number of metres, not {distance_m}")
    d_px = math.hypot(p2[0] - p1[0], p2[1] - p1[1])
    if d_px < 1e-9:
        raise LobbysimError("calibration needs two different points")
    s = distance_m / d_px
    return Calibration(s, (p1_plan[0] - p1[0] * s, p1_plan[1] + p1[1] * s))
