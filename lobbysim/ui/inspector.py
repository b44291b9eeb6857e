"""The Inspector dock: the id, the two names and, for a fixture or seat block, the position and
rotation of the one selected element, edited as one ``set_properties`` command per Apply.
With nothing (or several elements) selected every field is blank and disabled."""

from __future__ import annotations

from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QLabel, QLineEdit, QPushButton, QWidget

from lobbysim.model import commands as C
from lobbysim.model.elements import Fixture, SeatBlock

from .i18n_text import tr

CONTEXT = "EditorWindow"  # the Inspector's texts sit with the window's in the translation file
#: field -> English label
LABELS = {
    "id": "id",
    "name_zh": "name (Chinese)",
    "name_en": "name (English)",
    "x": "x (m)",
    "y": "y (m)",
    "rotation": "rotation (°)",
}
PLACED = ("x", "y", "rotation")


def _spin(decimals: int, lo: float, hi: float, step: float) -> QDoubleSpinBox:
    s = QDoubleSpinBox(decimals=decimals, minimum=lo, maximum=hi, singleStep=step)
    s.setSpecialValueText(" ")  # the minimum shows blank: no position to show
    return s


class PropertyForm(QWidget):
    """A form editing fields of the one selected element (``element_id``): ``changes()`` gives
    the fields that differ from the element, ``apply()`` pushes them as one undoable edit."""

    window: object
    element_id: str | None

    def changes(self) -> dict:  # pragma: no cover - every form has its own
        raise NotImplementedError

    @staticmethod
    def differing(e, want: dict) -> dict:
        """The entries of ``want`` that differ from the element's fields (numbers within 1e-9 are equal)."""
        out = {}
        for k, v in want.items():
            cur = getattr(e, k)
            numbers = isinstance(v, float) and isinstance(cur, (int, float)) and not isinstance(cur, bool)
            if (abs(v - cur) > 1e-9) if numbers else (v != cur):
                out[k] = v
        return out

    def apply(self) -> bool:
        """One undoable edit of the selected element (False when nothing changed)."""
        ch = self.changes()
        if not ch:
            return False
        self.window.push(C.set_properties(self.window.layout, self.element_id, **ch))
        return True


class Inspector(PropertyForm):
    def __init__(self, window):
        super().__init__()
        self.window = window
        self.element_id: str | None = None
        form = QFormLayout(self)
        self.id_label = QLabel("-")
        self.name_zh = QLineEdit()
        self.name_en = QLineEdit()
        self.fields = {
            "id": self.id_label,
            "name_zh": self.name_zh,
            "name_en": self.name_en,
            "x": _spin(3, -1e4, 1e4, 0.1),
            "y": _spin(3, -1e4, 1e4, 0.1),
            "rotation": _spin(1, -360, 360, 15),
        }
        self.labels = {}
        for key, w in self.fields.items():
            self.labels[key] = QLabel()
            form.addRow(self.labels[key], w)
        self.apply_button = QPushButton()
        self.apply_button.clicked.connect(self.apply)
        form.addRow("", self.apply_button)
        self.retranslate(window.lang)
        self.show_element(None)

    def spin(self, key: str) -> QDoubleSpinBox:
        return self.fields[key]

    def retranslate(self, lang: str) -> None:
        for key, label in self.labels.items():
            label.setText(tr(CONTEXT, LABELS[key], lang))
        self.apply_button.setText(tr(CONTEXT, "Apply", lang))
        self.show_selection()

    def show_selection(self) -> None:
        """Show the window's selection: one element, or blank fields."""
        ids = self.window.scene.selected_ids()
        e = self.window.layout.get(ids[0]) if len(ids) == 1 else None
        self.show_element(e, len(ids))

    def show_element(self, e, selected: int = 0) -> None:
        self.element_id = e.id if e is not None else None
        self.id_label.setText(e.id if e is not None else ("-" if selected < 2 else f"{selected} ×"))
        self.name_zh.setText(e.name_zh if e else "")
        self.name_en.setText(e.name_en if e else "")
        placed = isinstance(e, (Fixture, SeatBlock))
        for key in PLACED:
            w = self.spin(key)
            w.setEnabled(placed)
            w.setValue(getattr(e, key) if placed else w.minimum())
        for w in (self.name_zh, self.name_en, self.apply_button):
            w.setEnabled(e is not None)

    def changes(self) -> dict:
        """The edited fields that differ from the element."""
        e = self.window.layout.get(self.element_id) if self.element_id else None
        if e is None:
            return {}
        want = {"name_zh": self.name_zh.text(), "name_en": self.name_en.text()}
        if isinstance(e, (Fixture, SeatBlock)):
            want.update({key: float(self.spin(key).value()) for key in PLACED})
        return self.differing(e, want)


__all__ = ["Inspector", "PropertyForm"]
