"""What the editor's tool dialogs share: translated texts, a row of buttons, showing in front."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton

from .i18n_text import tr


class ToolDialog(QDialog):
    """A non-modal dialog of the editor window with its texts in a ``TEXTS`` table of
    key -> English text, translated under the context ``CONTEXT`` of the Qt translation file
    (lobbysim/ui/i18n/lobbysim_zh_CN.ts); subclasses implement ``retranslate(lang)``."""

    TEXTS: dict[str, str] = {}
    CONTEXT = ""

    def __init__(self, window):
        super().__init__(window)
        self.win = window
        self.lang = window.lang

    def t(self, key: str) -> str:
        return tr(self.CONTEXT, self.TEXTS[key], self.lang)

    def button_row(self, layout, *handlers) -> list[QPushButton]:
        """Buttons (texts set by ``retranslate``) connected to the handlers, in one row."""
        row = QHBoxLayout()
        buttons = []
        for fn in handlers:
            b = QPushButton()
            b.clicked.connect(fn)
            row.addWidget(b)
            buttons.append(b)
        layout.addLayout(row)
        return buttons

    def retranslate(self, lang: str) -> None:  # pragma: no cover - every dialog has its own
        raise NotImplementedError

    def present(self):
        """Show the dialog in the window's language, in front."""
        self.retranslate(self.win.lang)
        self.show()
        self.raise_()
        return self
