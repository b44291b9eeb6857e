"""Play/pause and speed for the Simulate dock's replay slider (issue 9.4).

A timer advances the slider by ``speed`` simulated seconds per real second; the dock's own
slider handler draws the markers, clock and queue counts. Playback stops at the end of the day.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QPushButton

from .i18n_text import tr

CONTEXT = "ReplayPlayer"  # of this module's texts in lobbysim/ui/i18n/lobbysim_zh_CN.ts
SPEEDS = (10, 60, 300, 900)  # simulated seconds per real second


def next_time(t: float, speed: float, dt_s: float, end: float) -> tuple[float, bool]:
    """(time after dt_s real seconds at speed, whether the end was reached). Pure."""
    n = t + speed * dt_s
    return (end, True) if n >= end else (n, False)


class ReplayPlayer:
    TICK_MS = 50

    def __init__(self, window):
        self.window = window
        self.slider = window.sim.slider
        self.speed = 60
        self.t = float(self.slider.value())
        self.timer = QTimer(window)
        self.timer.setInterval(self.TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.button = QPushButton("▶")
        self.retranslate(getattr(window, "lang", "en"))
        self.button.setFixedWidth(36)
        self.button.clicked.connect(self.toggle)
        self.speed_box = QComboBox()
        for s in SPEEDS:
            self.speed_box.addItem(f"×{s}", s)
        self.speed_box.setCurrentIndex(SPEEDS.index(60))
        self.speed_box.currentIndexChanged.connect(lambda i: self.set_speed(self.speed_box.itemData(i)))

    def retranslate(self, lang: str) -> None:
        if shiboken6.isValid(self.button):
            self.button.setToolTip(tr(CONTEXT, "Play / pause the replay", lang))
        tb = getattr(self, "toolbar", None)
        if tb is not None and shiboken6.isValid(tb):
            tb.setWindowTitle(tr(CONTEXT, "Replay", lang))

    @property
    def playing(self) -> bool:
        return self.timer.isActive()

    def set_speed(self, s) -> None:
        self.speed = float(s)

    def play(self) -> bool:
        if not self.slider.isEnabled():  # nothing simulated yet
            return False
        if self.slider.value() >= self.slider.maximum():
            self.slider.setValue(self.slider.minimum())
        self.t = float(self.slider.value())
        self.timer.start()
        self.button.setText("⏸")
        return True

    def pause(self) -> None:
        self.timer.stop()
        if shiboken6.isValid(self.button):
            self.button.setText("▶")

    def toggle(self) -> None:
        self.pause() if self.playing else self.play()

    def tick(self) -> None:
        if not shiboken6.isValid(self.slider):
            self.timer.stop()
            return
        if abs(self.slider.value() - self.t) >= 1:  # the user moved the slider meanwhile
            self.t = float(self.slider.value())
        self.t, done = next_time(self.t, self.speed, self.TICK_MS / 1000, self.slider.maximum())
        self.slider.setValue(int(self.t))
        if done:
            self.pause()


def install_replay_player(window) -> ReplayPlayer:
    """Play/pause and speed controls in a 'Replay' tool bar of the window."""
    p = ReplayPlayer(window)
    tb = window.addToolBar(tr(CONTEXT, "Replay", getattr(window, "lang", "en")))
    p.toolbar = tb
    tb.setObjectName("replay_player")
    tb.addWidget(p.button)
    tb.addWidget(p.speed_box)
    window.replay_player = p
    return p
