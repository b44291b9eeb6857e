"""The Elements, Findings and Walking docks: what the drawing holds, what is wrong with it and
the walks the consultant watches, refreshed (debounced) after every change of the model.

A click on an element or on a finding selects it on the plan. Findings are the model's and the
walkable floor's (``lobbysim.geo.layout_findings``); the walks are ``lobbysim.geo.readout``'s,
on a walkable floor kept up to date from the edits.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from .i18n_text import tr

CONTEXT = "EditorWindow"  # the docks' texts sit with the window's in the translation file


class LivePanels(QObject):
    DEBOUNCE_MS = 80

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.elements, self.findings, self.walking = QListWidget(), QListWidget(), QListWidget()
        self.findings.setWordWrap(True)  # a long finding wraps instead of being cut off
        self.elements.itemClicked.connect(lambda it: window.select_ids([it.data(Qt.UserRole)]))
        self.findings.itemClicked.connect(lambda it: it.data(Qt.UserRole) and window.select_ids([it.data(Qt.UserRole)]))
        self._floor = self._floor_of = None
        self._failed: tuple | None = None  # (id of the layout, revision) the walking engine refused
        self._why: Exception = RuntimeError("no walking engine")
        self._shown: dict[QListWidget, list] = {}  # the rows each list shows (see _fill)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(self.DEBOUNCE_MS)
        self.timer.timeout.connect(self.refresh)

    def t(self, text: str) -> str:
        return tr(CONTEXT, text, self.window.lang)

    def changed(self, _change=None) -> None:
        """The model changed: refresh soon (many changes of one edit refresh once)."""
        self.timer.start()

    def new_document(self) -> None:
        self._floor = self._failed = None

    def refresh(self) -> None:
        from lobbysim.geo import layout_findings

        w = self.window
        kinds = {t: self.t(t) for t in {e.type for e in w.layout}}  # once per type, not per element
        names = [(f"{e.id}  [{kinds[e.type]}]  {e.label_for(w.lang)}", None, e.id) for e in w.layout]
        self._fill(self.elements, names)
        rows: list[tuple[str, str | None, str | None]] = []
        try:
            found = layout_findings(w.layout, floor=self._current_floor())
        except Exception as exc:  # noqa: BLE001 - a broken drawing must not crash the editor
            found = []
            rows.append((f"error: {exc}", None, None))
        for f in found:
            text = f"{f.severity}: {f.element_id or '-'}: {f.message}"
            rows.append((text, text, f.element_id))
        if not found:
            rows.append((self.t("no problems found"), None, None))
        self._fill(self.findings, rows)
        self.refresh_walking()

    def _fill(self, widget: QListWidget, rows: list[tuple[str, str | None, str | None]]) -> None:
        """Show ``rows`` (text, tool tip, element id) in ``widget``: nothing is done when they are
        what it shows, the items are rewritten in place when only their texts changed (an edit
        changes a few distances, not the list), and the list is rebuilt otherwise."""
        if self._shown.get(widget) == rows and widget.count() == len(rows):
            return
        self._shown[widget] = rows
        if widget.count() != len(rows):
            widget.clear()
            for _ in rows:
                widget.addItem(QListWidgetItem())
        for i, (text, tip, data) in enumerate(rows):
            it = widget.item(i)
            it.setText(text)
            it.setToolTip(tip or "")
            it.setData(Qt.UserRole, data)

    def _current_floor(self):
        """The drawing's walking engine brought up to date (one kept across edits, shared by the
        findings and the walks); None when the drawing has none."""
        from lobbysim.geo import build_floor

        layout = self.window.layout
        if self._floor is None and self._failed is not None and self._failed == (id(layout), layout.revision):
            return None  # refused at this revision already (a plan too large is refused again at each ask)
        try:
            if self._floor is None or self._floor_of is not layout:
                self._floor, self._floor_of = build_floor(layout), layout
            elif self._floor.layout_revision != layout.revision:
                self._floor.update(layout)
        except Exception as exc:  # noqa: BLE001 - the findings and the read-out say why
            self._floor, self._failed, self._why = None, (id(layout), layout.revision), exc
        return self._floor

    def walking_readout(self):
        """The rows of ``lobbysim.geo.readout`` for the drawing (none without an outline)."""
        from lobbysim.geo.readout import walking_readout

        layout = self.window.layout
        if layout.boundary is None:
            return []
        floor = self._current_floor()
        if floor is None:  # say why: the refusal of the walking engine at this revision
            raise self._why
        return walking_readout(layout, floor)

    def refresh_walking(self) -> None:
        try:
            rows = self.walking_readout()
        except Exception as exc:  # noqa: BLE001 - a drawing the geometry engine rejects has no read-out
            self._fill(self.walking, [(f"error: {exc}", None, None)])
            return
        shown = []
        for r in rows:
            label = f"{self._name(r.source)} → {self._name(r.target)}"
            metres = f"{r.metres:.1f} m" if r.metres != float("inf") else self.t("no path")
            shown.append((f"{label}: {metres}", r.key, None))
        self._fill(self.walking, shown)

    def _name(self, element_id: str) -> str:
        """The element's name in the interface language (its id when it has none)."""
        e = self.window.layout.get(element_id)
        return element_id if e is None else e.label_for(self.window.lang)


__all__ = ["LivePanels"]
