"""Scenario > Edit scenario… of an editor window: the scenario editor in a non-modal dialog on
the scenario chosen in the Simulate dock."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QDialog, QVBoxLayout

from .editor import ScenarioEditor
from .texts import _t


class ScenarioEditorHost(QObject):
    """The (non-modal) dialog holding the scenario editor of an editor window."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.dialog: QDialog | None = None
        self.editor: ScenarioEditor | None = None
        window.document_changed.connect(lambda: self.layout_changed(window.layout))
        # unsaved edits reach the quick estimate too, once they make a valid scenario (debounced)
        self._estimate_timer = QTimer(self)
        self._estimate_timer.setSingleShot(True)
        self._estimate_timer.setInterval(500)
        self._estimate_timer.timeout.connect(self._estimate)

    def _estimate(self) -> None:
        q, ed = self.window.quick_estimate, self.editor
        if q is None or ed is None or not shiboken6.isValid(ed) or ed.validate() is not None:
            return
        q.use_document(ed.document(), ed.path or "the scenario being edited")

    def may_close(self) -> bool:
        """False when the scenario has unsaved edits the user wants to keep (the window stays open)."""
        ed = self.editor
        if ed is None or not shiboken6.isValid(ed) or not ed.modified:
            return True
        return ed.ask_discard()

    def layout_changed(self, layout) -> None:
        """Another drawing was opened: the open editor's drop-downs list its fixtures and posts."""
        ed = self.editor
        if ed is not None and shiboken6.isValid(ed):
            ed.set_layout(layout)

    def scenario_path(self) -> str:
        return self.window.sim.scenario_path()

    def open(self) -> ScenarioEditor:
        """Show the editor on the scenario chosen in the Simulate dock (the sample if none)."""
        lang = self.window.lang
        if self.editor is None or not shiboken6.isValid(self.editor):
            self.dialog = QDialog(self.window)
            self.dialog.setModal(False)
            self.dialog.resize(1150, 720)
            self.editor = ScenarioEditor(self.window.layout, lang, self.dialog)
            self.editor.show_error = self.window.show_error
            self.editor.saved.connect(self._saved)
            self.editor.modifiedChanged.connect(lambda _on: self._title())
            self.editor.edited.connect(self._estimate_timer.start)
            QVBoxLayout(self.dialog).addWidget(self.editor)
        ed = self.editor
        ed.set_layout(self.window.layout)
        path = self.scenario_path()
        if path:
            if (ed.path is None or Path(path).resolve() != Path(ed.path).resolve()) and (
                not ed.modified or ed.ask_discard()
            ):
                ed.load(path)
        elif ed.is_empty():  # no scenario chosen: start from the sample, saved under a new name
            from lobbysim.sim.sample import sample_scenario_doc

            ed.set_document(sample_scenario_doc(), None)
        self._title()
        self.dialog.show()
        self.dialog.raise_()
        return ed

    def _saved(self, path: str) -> None:
        self.window.sim.use_scenario(path)  # also when saved in place: the quick estimate runs again
        self._title()

    def _title(self) -> None:
        if self.dialog is not None and shiboken6.isValid(self.dialog) and self.editor is not None:
            lang = self.editor.lang
            name = Path(self.editor.path).name if self.editor.path else _t("(not saved yet)", lang)
            self.dialog.setWindowTitle(f"{_t('Scenario', lang)} — {name}{' *' if self.editor.modified else ''}")

    def retranslate(self, lang: str) -> None:
        if self.editor is not None and shiboken6.isValid(self.editor):
            self.editor.retranslate(lang)
            self._title()


__all__ = ["ScenarioEditorHost"]
