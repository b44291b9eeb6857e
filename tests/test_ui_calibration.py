"""Two-point calibration of a background image (Qt-free)."""

import math

import pytest

from lobbysim.errors import LobbysimError
from lobbysim.ui.calibration import calibrate


def test_two_point_calibration():
    c = calibrate((100, 200), (400, 600), 10.0, p1_plan=(2.0, 3.0))
    assert c.metres_per_pixel == pytest.approx(10.0 / 500.0)
    assert c.to_plan((100, 200)) == pytest.approx((2.0, 3.0))
    x, y = c.to_plan((400, 600))
    assert math.hypot(x - 2.0, y - 3.0) == pytest.approx(10.0)
    assert y < 3.0  # image y down is plan y up
    with pytest.raises(LobbysimError):
        calibrate((1, 1), (1, 1), 5.0)
    with pytest.raises(LobbysimError):
        calibrate((1, 1), (2, 1), 0.0)
