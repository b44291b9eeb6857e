"""Scale bar: a round length that fits (pure), and the drawn bar follows the zoom."""

from __future__ import annotations

from pathlib import Path

import pytest

from lobbysim.ui.scale import scale_bar_label, scale_bar_length

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "ppm, expect", [(40.0, 2.0), (100.0, 1.0), (7.0, 20.0), (1000.0, 0.1), (31.0, 2.0), (29.0, 5.0)]
)
def test_longest_round_length_that_fits(ppm, expect):
    m, px = scale_bar_length(ppm, 150)
    assert m == pytest.approx(expect)
    assert px == pytest.approx(m * ppm) and px <= 150 + 1e-9
    rounds = sorted(d * 10.0**k for d in (1, 2, 5) for k in range(-3, 4))
    assert next(r for r in rounds if r > m * 1.0001) * ppm > 150  # the next round length would not fit


def test_labels_and_bad_input():
    assert scale_bar_label(2.0) == "2 m" and scale_bar_label(0.5) == "50 cm"
    with pytest.raises(ValueError):
        scale_bar_length(0.0)


def test_bar_follows_the_zoom(make_editor, qtbot):
    from lobbysim.model.fileformat import load_layout

    p = str(ROOT / "layouts/railway_station/after.lobby.json")
    w = make_editor(load_layout(p), p)
    bar = w.scale_bar
    qtbot.wait(20)
    m1, px1 = bar.bar()
    assert px1 == pytest.approx(m1 * abs(w.view.transform().m11()))
    w.view.zoom(4)
    qtbot.wait(20)
    m2, _ = bar.bar()
    assert m2 < m1  # zoomed in: a shorter length fills the bar
    assert bar.isVisible() and w.view.viewport().geometry().contains(bar.geometry())
    img = bar.grab().toImage()
    dark = sum(1 for x in range(img.width()) for y in range(img.height()) if img.pixelColor(x, y).value() < 80)
    assert dark > 50  # the bar and its label are drawn
