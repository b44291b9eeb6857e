"""Replay playback: the slider advances at the chosen speed, markers move, stops at the end."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lobbysim.model.fileformat import load_layout
from lobbysim.ui.editor_window import EditorWindow
from lobbysim.ui.qt_app import ensure_app
from lobbysim.ui.replay_player import install_replay_player, next_time

AFTER = str(Path(__file__).resolve().parents[1] / "layouts/railway_station/after.lobby.json")


def test_next_time():
    assert next_time(100.0, 60, 0.05, 1000) == (pytest.approx(103.0), False)
    assert next_time(999.0, 60, 0.05, 1000) == (1000, True)


def test_play_pause_speed_and_end(qtbot):
    ensure_app()
    w = EditorWindow(load_layout(AFTER), AFTER, lang="en")
    w.ask_discard = lambda: True
    errors = []
    w.show_error = errors.append
    qtbot.addWidget(w)
    w.show()
    p = install_replay_player(w)
    assert not p.play()  # nothing to replay before a run
    w.sim.reps.setValue(1)
    w.sim.run()
    qtbot.waitUntil(lambda: not w.sim.running, timeout=60_000)
    assert not errors, errors
    w.sim.slider.setValue(10 * 3600)
    before = w.sim.marker_positions()
    p.speed_box.setCurrentIndex(p.speed_box.findData(900))
    assert p.speed == 900
    assert p.play() and p.playing and p.button.text() == "⏸"
    qtbot.waitUntil(lambda: w.sim.slider.value() >= 10 * 3600 + 300, timeout=5000)
    p.pause()
    assert not p.playing
    t = w.sim.slider.value()
    qtbot.wait(150)
    assert w.sim.slider.value() == t  # paused
    assert w.sim.marker_positions() != before
    assert re.match(r"\d\d:\d\d:\d\d", w.sim.clock.text())
    w.sim.slider.setValue(w.sim.slider.maximum() - 20)
    p.play()
    qtbot.waitUntil(lambda: not p.playing, timeout=5000)  # stops at the end of the day
    assert w.sim.slider.value() == w.sim.slider.maximum()
