"""A scale bar drawn over the bottom-left corner of the canvas, following the zoom.

It is a small child widget of the view (not a scene item, so it is never part of the plan, the
selection or a rebuild); it repaints whenever the viewport does.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from .scale import scale_bar_label, scale_bar_length


class ScaleBar(QWidget):
    MARGIN = 12

    def __init__(self, view):
        super().__init__(view)
        self.view = view
        self.setAttribute(Qt.WA_TransparentForMouseEvents, True)
        self.resize(190, 34)
        self._watch = _Watcher(self)
        view.viewport().installEventFilter(self._watch)
        self.place()
        self.show()

    def pixels_per_metre(self) -> float:
        return abs(self.view.transform().m11())

    def bar(self) -> tuple[float, float]:
        return scale_bar_length(self.pixels_per_metre(), self.width() - 20)

    def place(self):
        vp = self.view.viewport().geometry()
        self.move(vp.left() + self.MARGIN, vp.bottom() - self.height() - self.MARGIN)

    def paintEvent(self, event):
        try:
            metres, px = self.bar()
        except ValueError:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        p.fillRect(self.rect(), QColor(255, 255, 255, 200))
        x0, y = 10.0, self.height() - 10.0
        pen = QPen(QColor("#222222"))
        pen.setWidthF(2)
        p.setPen(pen)
        p.drawLine(x0, y, x0 + px, y)
        for x in (x0, x0 + px / 2, x0 + px):
            p.drawLine(x, y - (6 if x != x0 + px / 2 else 3), x, y)
        p.drawText(QRectF(x0, 2, max(px, 60), y - 8), Qt.AlignLeft | Qt.AlignBottom, scale_bar_label(metres))
        p.end()


class _Watcher(QObject):
    def __init__(self, bar):
        super().__init__(bar)
        self.bar = bar

    def eventFilter(self, obj, event):
        t = event.type()
        if t == QEvent.Resize:
            self.bar.place()
        if t in (QEvent.Paint, QEvent.Resize):
            self.bar.update()
        return False


__all__ = ["ScaleBar"]
