"""Choice of a scale-bar length (pure: no Qt): a round number of metres (1, 2 or 5 x 10^k)
whose drawn length is close to, and not above, the room available."""

from __future__ import annotations

import math


def scale_bar_length(pixels_per_metre: float, max_pixels: float = 150.0) -> tuple[float, float]:
    """(metres, pixels) of the longest 1/2/5 x 10^k metre bar that fits in max_pixels."""
    if not (pixels_per_metre > 0 and math.isfinite(pixels_per_metre)) or max_pixels <= 0:
        raise ValueError("pixels_per_metre and max_pixels must be positive")
    limit = max_pixels / pixels_per_metre
    k = math.floor(math.log10(limit))
    best = 10.0 ** (k - 1) * 5
    for m in (1, 2, 5, 10):
        v = m * 10.0**k
        if v <= limit * (1 + 1e-12):
            best = v
    best = float(f"{best:.6g}")
    return best, best * pixels_per_metre


def scale_bar_label(metres: float) -> str:
    if metres >= 1:
        return f"{metres:g} m"
    return f"{metres * 100:g} cm"
