"""Replay playback: the slider advances at the chosen speed, markers move, stops at the end."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lobbysim.model.fileformat import load_layout
from lobbysim.ui.replay_player import next_time

AFTER = str(Path(__file__).resolve().parents[1] / "layouts/railway_station/after.lobby.json")


def test_next_time():
    assert next_time(100.0, 60, 0.05, 1000) == (pytest.approx(103.0), False)
    assert next_time(999.0, 60, 0.05, 1000) == (1000, True)


def test_play_pause_speed_and_end(make_editor, qtbot):
    w = make_editor(load_layout(AFTER), AFTER, pool=True)
    p = w.replay
    assert not p.play()  # nothing to replay before a run
    w.sim.reps.setValue(1)
    w.sim.run()
    qtbot.waitUntil(lambda: not w.sim.running, timeout=60_000)
    assert not w.errors, w.errors
    w.replay.slider.setValue(10 * 3600)
    before = w.replay.marker_positions()
    p.speed_box.setCurrentIndex(p.speed_box.findData(900))
    assert p.speed == 900
    assert p.play() and p.playing and p.button.text() == "⏸"
    qtbot.waitUntil(lambda: p.slider.value() >= 10 * 3600 + 300, timeout=5000)
    p.pause()
    assert not p.playing
    t = p.slider.value()
    qtbot.wait(150)
    assert p.slider.value() == t  # paused
    assert p.marker_positions() != before
    assert re.match(r"\d\d:\d\d:\d\d", p.clock.text())
    p.slider.setValue(p.slider.maximum() - 20)
    p.play()
    qtbot.waitUntil(lambda: not p.playing, timeout=5000)  # stops at the end of the day
    assert p.slider.value() == p.slider.maximum()
