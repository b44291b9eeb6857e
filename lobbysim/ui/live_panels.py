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
        self._floor = None

    def refresh(self) -> None:
        from lobbysim.geo import layout_findings

        w = self.window
        self.elements.clear()
        for e in w.layout:
            it = QListWidgetItem(f"{e.id}  [{self.t(e.type)}]  {e.label_for(w.lang)}")
            it.setData(Qt.UserRole, e.id)
            self.elements.addItem(it)
        self.findings.clear()
        try:
            found = layout_findings(w.layout, floor=self._current_floor())
        except Exception as exc:  # noqa: BLE001 - a broken drawing must not crash the editor
            found = []
            self.findings.addItem(f"error: {exc}")
        for f in found:
            text = f"{f.severity}: {f.element_id or '-'}: {f.message}"
            it = QListWidgetItem(text)
            it.setToolTip(text)
            it.setData(Qt.UserRole, f.element_id)
            self.findings.addItem(it)
        if not found:
            self.findings.addItem(self.t("no problems found"))
        self.refresh_walking()

    def _current_floor(self):
        """The drawing's walking engine brought up to date (one kept across edits, shared by the
        findings and the walks); None when the drawing has none."""
        from lobbysim.geo import build_floor

        layout = self.window.layout
        try:
            if self._floor is None or self._floor_of is not layout:
                self._floor, self._floor_of = build_floor(layout), layout
            elif self._floor.layout_revision != layout.revision:
                self._floor.update(layout)
        except Exception:  # noqa: BLE001 - the findings say why (a plan too large, bad geometry)
            self._floor = None
        return self._floor

    def walking_readout(self):
        """The rows of ``lobbysim.geo.readout`` for the drawing (none without an outline)."""
        from lobbysim.geo.readout import walking_readout

        layout = self.window.layout
        if layout.boundary is None:
            return []
        floor = self._current_floor()
        if floor is None:  # say why, as before
            from lobbysim.geo import build_floor

            floor = build_floor(layout)
        return walking_readout(layout, floor)

    def refresh_walking(self) -> None:
        self.walking.clear()
        try:
            rows = self.walking_readout()
        except Exception as exc:  # noqa: BLE001 - a drawing the geometry engine rejects has no read-out
            self.walking.addItem(f"error: {exc}")
            return
        for r in rows:
            label = f"{self._name(r.source)} → {self._name(r.target)}"
            item = QListWidgetItem(
                f"{label}: {r.metres:.1f} m" if r.metres != float("inf") else f"{label}: {self.t('no path')}"
            )
            item.setToolTip(r.key)
            self.walking.addItem(item)

    def _name(self, element_id: str) -> str:
        """The element's name in the interface language (its id when it has none)."""
        e = self.window.layout.get(element_id)
        return element_id if e is None else e.label_for(self.window.lang)


__all__ = ["LivePanels"]
