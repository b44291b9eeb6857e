"""The plan's legend: a small box over the top-right corner of the canvas saying what the
colours drawn over the plan mean (replay markers, staff paths, customer flows, the heat map,
the sightline wedge). Each of those drawings sets its own section while it is shown and clears
it when it goes; the box hides when it has nothing to explain. A child widget of the view, never
part of the plan or the selection."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from PySide6.QtCore import QEvent, QRect, Qt, QTimer
from PySide6.QtWidgets import QLabel


@dataclass(frozen=True)
class Entry:
    colour: str
    text: str
    #: "dot" (a marker), "line" (a path), "dash" (a dashed path) or "box" (an area)
    mark: str = "dot"


MARKS = {"dot": "●", "line": "━", "dash": "╍", "box": "■"}
ORDER = ("replay", "staff", "flows", "heat", "sight")


class PlanLegend(QLabel):
    MARGIN = 10

    def __init__(self, view):
        super().__init__(view.viewport())
        self.view = view
        self.sections: dict[str, tuple[str, list[Entry]]] = {}
        self.setTextFormat(Qt.RichText)
        self.setAttribute(Qt.WA_TransparentForMouseEvents, True)
        self.setStyleSheet("QLabel { background: rgba(255, 255, 255, 225); border: 1px solid #b0b0b0; padding: 4px; }")
        view.viewport().installEventFilter(self)  # re-laid out when the canvas changes size
        # ... and once more when the view has settled: when the docks squeeze the canvas, the last
        # size it takes was seen to reach no filter (the legend stayed placed for a wider canvas)
        self._settled = QTimer(self)
        self._settled.setSingleShot(True)
        self._settled.setInterval(0)
        self._settled.timeout.connect(self._update)
        # a fitted plan leaves the legend's corner clear (and is fitted again when the box changes)
        self._kept = None
        view.keep_clear = lambda: self.size() if self.sections else None
        self.hide()

    def set_section(self, key: str, title: str, entries: list[Entry]) -> None:
        self.sections[key] = (title, list(entries))
        self._update()

    def clear_section(self, key: str) -> None:
        if self.sections.pop(key, None) is not None:
            self._update()

    def eventFilter(self, obj, event):
        if obj is not self and event.type() == QEvent.Resize and self.sections:
            self._update()
            self._settled.start()
        return super().eventFilter(obj, event)

    def section_texts(self, key: str) -> list[str]:
        """The texts of a section's entries (for tests and tools)."""
        return [e.text for e in self.sections.get(key, ("", []))[1]]

    MAX_COLUMNS = 4  # entries side by side: the box stays low, in the margin above or below the plan

    def _html(self, columns: int) -> str:
        rows = []
        for key in sorted(self.sections, key=lambda k: ORDER.index(k) if k in ORDER else len(ORDER)):
            title, entries = self.sections[key]
            rows.append(f'<tr><td colspan="{columns}"><b>{escape(title)}</b></td></tr>')
            marks = [f'<span style="color:{e.colour}">{MARKS.get(e.mark, "●")}</span>' for e in entries]
            cells = [f"<td>{m}&nbsp;{escape(e.text)}&nbsp;&nbsp;</td>" for m, e in zip(marks, entries)]
            for i in range(0, len(cells), columns):
                rows.append("<tr>" + "".join(cells[i : i + columns]) + "</tr>")
        return f'<table cellspacing="0" cellpadding="0">{"".join(rows)}</table>' if rows else ""

    def _update(self) -> None:
        room = self.view.viewport().width() - 2 * self.MARGIN
        for columns in range(self.MAX_COLUMNS, 0, -1):  # as many columns as the canvas has room for
            self.setText(self._html(columns))
            self.adjustSize()
            if self.width() <= room:
                break
        self.setVisible(bool(self.sections))
        kept = self.size() if self.sections else None
        if kept != self._kept:
            self._kept = kept
            if self.view.fitted:
                self.view.fit()
        self.place()

    def place(self) -> None:
        """The top-right or the bottom-right corner of the canvas, whichever hides less of the plan."""
        vp = self.view.viewport().rect()
        x = max(0, vp.right() - self.width() - self.MARGIN)
        corners = [QRect(x, self.MARGIN, self.width(), self.height())]
        corners.append(QRect(x, max(0, vp.bottom() - self.height() - self.MARGIN), self.width(), self.height()))
        plan = self.view.mapFromScene(self.view.scene().itemsBoundingRect()).boundingRect()

        def hidden(r: QRect) -> int:
            i = r.intersected(plan)
            return i.width() * i.height() if not i.isEmpty() else 0

        self.move(min(corners, key=hidden).topLeft())


__all__ = ["PlanLegend", "Entry"]
