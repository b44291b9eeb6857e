"""The replay of a simulated day on the plan: customers and staff as markers coloured by what
they are doing, a time slider with the clock and the queue, and play/pause at a chosen speed.

The markers are drawn from the records of one replication (``lobbysim.report.replay``); they are
scene decorations above the plan, never part of the model, and the legend box of the plan says
what their colours mean while they are shown. Playing advances the slider by ``speed``
simulated seconds per real second and stops at the end of the day.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, QPointF, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QGraphicsEllipseItem,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QToolBar,
)

from lobbysim.report.replay import STATE_COLOURS, STATE_LABELS, Replay, clock

from .i18n_text import tr
from .legend import Entry

CONTEXT = "ReplayPlayer"  # of this module's texts in lobbysim/ui/i18n/lobbysim_zh_CN.ts
SPEEDS = (10, 60, 300, 900)  # simulated seconds per real second
Z_MARKERS = 20


def next_time(t: float, speed: float, dt_s: float, end: float) -> tuple[float, bool]:
    """(time after dt_s real seconds at speed, whether the end was reached). Pure."""
    n = t + speed * dt_s
    return (end, True) if n >= end else (n, False)


class ReplayPlayer(QObject):
    TICK_MS = 50

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        #: the replay of the day shown (None before a run)
        self.current: Replay | None = None
        self.markers: list[QGraphicsEllipseItem] = []
        self.speed = 60.0
        self.t = 0.0
        self.slider = QSlider(Qt.Horizontal)
        self.slider.setEnabled(False)
        self.slider.valueChanged.connect(self.show_time)
        self.clock = QLabel("--:--:--")
        self.label = QLabel()
        self.timer = QTimer(self)
        self.timer.setInterval(self.TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.button = QPushButton("▶")
        self.button.setFixedWidth(36)
        self.button.clicked.connect(self.toggle)
        self.speed_box = QComboBox()
        for s in SPEEDS:
            self.speed_box.addItem(f"×{s}", s)
        self.speed_box.setCurrentIndex(SPEEDS.index(60))
        self.speed_box.currentIndexChanged.connect(lambda i: self.set_speed(self.speed_box.itemData(i)))
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("replay_player")
        self.toolbar.addWidget(self.button)
        self.toolbar.addWidget(self.speed_box)

    def row(self) -> QHBoxLayout:
        """The slider row of the Simulate dock: label, slider, clock and counts."""
        row = QHBoxLayout()
        row.addWidget(self.label)
        row.addWidget(self.slider, 1)
        row.addWidget(self.clock)
        return row

    def lang(self) -> str:
        return self.window.lang

    def retranslate(self, lang: str) -> None:
        self.label.setText(tr(CONTEXT, "Replay", lang))
        self.button.setToolTip(tr(CONTEXT, "Play / pause the replay", lang))
        self.speed_box.setToolTip(tr(CONTEXT, "Simulated seconds per second", lang))
        self.toolbar.setWindowTitle(tr(CONTEXT, "Replay", lang))
        if self.current is not None:
            self.show_time(self.slider.value())  # the clock line and the legend in the new language

    # --- the day shown -------------------------------------------------------------------------------
    def start(self, records, layout) -> None:
        """Show the day of ``records`` on ``layout``, from an hour after opening."""
        self.current = Replay(records, layout)
        self.slider.blockSignals(True)
        self.slider.setRange(int(self.current.start), int(self.current.end))
        self.slider.setSingleStep(60)
        self.slider.setPageStep(900)
        self.slider.setValue(int(self.current.start + 3600))
        self.slider.blockSignals(False)
        self.slider.setEnabled(True)
        self.show_time(self.slider.value())

    def clear(self) -> None:
        """No day to show (another drawing was opened, or the result was dropped)."""
        self.pause()
        self.current = None
        self._remove_markers()
        self.slider.setEnabled(False)
        self.clock.setText("--:--:--")
        self.window.legend.clear_section("replay")

    def _remove_markers(self) -> None:
        for m in self.markers:
            if shiboken6.isValid(m) and m.scene() is not None:
                m.scene().removeItem(m)
        self.markers = []

    def show_time(self, t) -> None:
        if self.current is None:
            return
        self._remove_markers()
        scene = self.window.scene
        for mk in self.current.markers(float(t)):
            r = 0.22 if mk.actor == "customer" else 0.3
            item = QGraphicsEllipseItem(-r, -r, 2 * r, 2 * r)
            item.setPos(QPointF(mk.x, -mk.y))
            item.setBrush(QBrush(QColor(STATE_COLOURS.get(mk.state, "#000000"))))
            pen = QPen(QColor("#000000") if mk.actor == "staff" else Qt.NoPen)
            pen.setCosmetic(True)
            item.setPen(pen)
            item.setZValue(Z_MARKERS)
            item.setAcceptedMouseButtons(Qt.NoButton)
            item.setData(0, (mk.actor, mk.actor_id, mk.state))
            scene.addItem(item)
            self.markers.append(item)
        c = self.current.counts(float(t))
        lang = self.lang()
        self.clock.setText(
            tr(CONTEXT, "{clock}  inside {inside}  queue {queue}", lang).format(
                clock=clock(t), inside=c["inside"], queue=c["queue"]
            )
        )
        zh = lang == "zh"
        self.window.legend.set_section(
            "replay",
            tr(CONTEXT, "Replay: staff ringed in black", lang),
            [Entry(STATE_COLOURS[k], STATE_LABELS[k][0 if zh else 1]) for k in STATE_COLOURS if k in STATE_LABELS],
        )

    def marker_positions(self) -> dict:
        """(actor, id) -> scene position of every marker shown."""
        return {m.data(0)[:2]: (m.pos().x(), m.pos().y()) for m in self.markers}

    # --- playing ---------------------------------------------------------------------------------------
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
        self.button.setText("▶")

    def toggle(self) -> None:
        self.pause() if self.playing else self.play()

    def tick(self) -> None:
        if abs(self.slider.value() - self.t) >= 1:  # the user moved the slider meanwhile
            self.t = float(self.slider.value())
        self.t, done = next_time(self.t, self.speed, self.TICK_MS / 1000, self.slider.maximum())
        self.slider.setValue(int(self.t))
        if done:
            self.pause()


__all__ = ["ReplayPlayer", "next_time", "SPEEDS"]
