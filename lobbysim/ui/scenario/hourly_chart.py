"""The Demand tab's bar chart of the hourly shares of a day's arrivals, edited by dragging a bar."""

from __future__ import annotations

import math

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QSizePolicy

from lobbysim.fonts import use_fonts

from .texts import _t


class HourlyChart(FigureCanvasQTAgg):
    """Hourly shares of a day's arrivals as bars (in % of the day); a click or a drag on a bar
    sets its height. ``edited(index, share)`` tells which bar the mouse changed."""

    edited = Signal(int, float)

    def __init__(self, parent=None):
        self.fig = Figure(figsize=(7, 2.6), dpi=100, layout="constrained")
        super().__init__(self.fig)
        self.setParent(parent)
        self.ax = self.fig.add_subplot(1, 1, 1)
        self.start_hour = 8
        self.shares: list[float] = []
        self.open_hours = (0.0, 24.0)
        self.lang = "en"
        self._dragging = False
        self._drag_index: int | None = None
        self._ymax = 20.0
        self.setMinimumHeight(200)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.mpl_connect("button_press_event", self._press)
        self.mpl_connect("motion_notify_event", self._motion)
        self.mpl_connect("button_release_event", self._release)

    def draw(self):
        # text is matched to fonts when drawn: draw with the CJK font so Chinese shows as glyphs
        use_fonts()
        super().draw()

    def set_data(self, start_hour: int, shares: list[float], open_hours=(0.0, 24.0), lang: str = "en") -> None:
        self.start_hour, self.shares = int(start_hour), list(shares)
        self.open_hours, self.lang = open_hours, lang
        self.refresh(rescale=True)

    def refresh(self, rescale: bool = False) -> None:
        ax = self.ax
        ax.clear()
        if rescale or not self._dragging:
            self._ymax = max([20.0] + [s * 100 * 1.25 for s in self.shares])
        hours = [self.start_hour + i for i in range(len(self.shares))]
        o, c = self.open_hours
        colours = ["#2a6fbb" if o <= h + 0.5 <= c else "#b9c7d8" for h in hours]
        bars = ax.bar(hours, [s * 100 for s in self.shares], width=0.8, color=colours, edgecolor="#1b4a7a")
        for b, s in zip(bars, self.shares):
            ax.annotate(
                f"{s * 100:.1f}",
                (b.get_x() + b.get_width() / 2, b.get_height()),
                ha="center",
                va="bottom",
                fontsize=7,
                xytext=(0, 1),
                textcoords="offset points",
            )
        ax.set_xlim(self.start_hour - 0.6, self.start_hour + max(len(self.shares), 1) - 0.4)
        ax.set_ylim(0, self._ymax)
        ax.set_xticks(hours, [f"{h:02d}" for h in hours], fontsize=8)
        ax.tick_params(axis="y", labelsize=8)
        ax.set_ylabel("%", fontsize=8)
        ax.set_title(_t("Hourly shares of a day's arrivals (%): drag a bar to set it", self.lang), fontsize=9)
        if any(c == "#b9c7d8" for c in colours):
            ax.legend(
                handles=[Patch(color="#b9c7d8", label=_t("outside opening hours", self.lang))],
                loc="upper right",
                fontsize=7,
                frameon=False,
            )
        ax.grid(axis="y", alpha=0.3)
        self.draw_idle()

    def bar_at(self, xdata) -> int | None:
        if xdata is None:
            return None
        i = int(math.floor(xdata - self.start_hour + 0.5))
        return i if 0 <= i < len(self.shares) else None

    def _set_from_event(self, event) -> None:
        # the bar pressed keeps following the pointer, also above the top of the axes
        i = self._drag_index
        if i is None or event.x is None or event.y is None or i >= len(self.shares):
            return
        _, y = self.ax.transData.inverted().transform((event.x, event.y))
        v = round(max(0.0, min(float(y), 100.0)) / 100, 5)
        self.shares[i] = v
        self.refresh()
        self.edited.emit(i, v)

    def _press(self, event):
        if event.button == 1 and event.inaxes is self.ax:
            self._drag_index = self.bar_at(event.xdata)
            if self._drag_index is not None:
                self._dragging = True
                self._set_from_event(event)

    def _motion(self, event):
        if self._dragging:
            self._set_from_event(event)

    def _release(self, event):
        if self._dragging:
            self._set_from_event(event)
            self._dragging, self._drag_index = False, None
            self.refresh(rescale=True)

    def pixel_of(self, index: int, share: float):
        """Widget pixel (x, y) of bar ``index`` at height ``share`` (where a click sets that height)."""
        self.draw()
        x, y = self.ax.transData.transform((self.start_hour + index, share * 100))
        r = self.devicePixelRatioF() or 1.0
        return x / r, (self.fig.bbox.height - y) / r
