"""The 'Details' dock: the type-specific properties of the one selected element, edited as one
set_properties command per Apply (one undo step).

Fixture: kind, width x depth, service and staff points (local offsets; empty = the kind's
default), blocks sight (kind default / yes / no). Seat block: rows, seats per row, seat width,
row pitch. Area: kind. Post: number. Wall: thickness. Entrance: direction.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from lobbysim.model.elements import Area, Entrance, Fixture, Post, SeatBlock, Wall
from lobbysim.model.kinds import AREA_KINDS, FIXTURE_KINDS

from .i18n_text import tr
from .inspector import PropertyForm

#: the context of this module's texts in lobbysim/ui/i18n/lobbysim_zh_CN.ts
CONTEXT = "DetailsDock"


def _t(text: str, lang: str) -> str:
    return tr(CONTEXT, text, lang)


def _spin(lo, hi, step, dec=3):
    s = QDoubleSpinBox()
    s.setRange(lo, hi)
    s.setDecimals(dec)
    s.setSingleStep(step)
    return s


class _Offset(QWidget):
    """A local offset (x, y) that may be left to the kind's default."""

    def __init__(self):
        from PySide6.QtWidgets import QHBoxLayout

        super().__init__()
        h = QHBoxLayout(self)
        h.setContentsMargins(0, 0, 0, 0)
        self.own = QCheckBox()
        self.x = _spin(-20, 20, 0.1)
        self.y = _spin(-20, 20, 0.1)
        for w in (self.own, self.x, self.y):
            h.addWidget(w)
        self.own.toggled.connect(lambda on: (self.x.setEnabled(on), self.y.setEnabled(on)))

    def set(self, value, fallback):
        self.own.setChecked(value is not None)
        v = value if value is not None else (fallback or (0.0, 0.0))
        self.x.setValue(v[0])
        self.y.setValue(v[1])
        self.x.setEnabled(value is not None)
        self.y.setEnabled(value is not None)

    def get(self):
        return (round(self.x.value(), 6), round(self.y.value(), 6)) if self.own.isChecked() else None


#: an entrance's direction values (the file format's words; shown translated)
DIRECTIONS = ("both", "in", "out")


class DetailsPanel(PropertyForm):
    def __init__(self, window):
        super().__init__()
        self.window = window
        lang = window.lang
        zh = lang == "zh"

        def t(s):
            return _t(s, lang)

        self.form = QFormLayout(self)
        self.title = QLabel("-")
        self.kind = QComboBox()
        self.width_ = _spin(0.05, 50, 0.1)
        self.depth = _spin(0.05, 50, 0.1)
        self.service = _Offset()
        self.staff = _Offset()
        self.sight = QComboBox()
        for label, v in ((t("default"), None), (t("yes"), True), (t("no"), False)):
            self.sight.addItem(label, v)
        self.rows = QSpinBox()
        self.rows.setRange(1, 50)
        self.per_row = QSpinBox()
        self.per_row.setRange(1, 100)
        self.seat_w = _spin(0.3, 2, 0.05)
        self.pitch = _spin(0.5, 5, 0.1)
        self.number = QSpinBox()
        self.number.setRange(1, 99)
        self.thickness = _spin(0.02, 2, 0.05)
        self.direction = QComboBox()
        for d in DIRECTIONS:
            self.direction.addItem(t(d), d)
        for off in (self.service, self.staff):
            off.own.setToolTip(t("own"))
        self.apply_btn = QPushButton(t("Apply"))
        self.apply_btn.clicked.connect(self.apply)
        self.rows_by_field = {}
        self.labels = {}
        for key, label, w in (
            ("title", "", self.title),
            ("kind", "kind", self.kind),
            ("width", "width (m)", self.width_),
            ("depth", "depth (m)", self.depth),
            ("service_offset", "service point", self.service),
            ("staff_offset", "staff point", self.staff),
            ("blocks_sight", "blocks sight", self.sight),
            ("rows", "rows", self.rows),
            ("seats_per_row", "seats per row", self.per_row),
            ("seat_width", "seat width (m)", self.seat_w),
            ("row_pitch", "row pitch (m)", self.pitch),
            ("number", "post number", self.number),
            ("thickness", "thickness (m)", self.thickness),
            ("direction", "direction", self.direction),
            ("apply", "", self.apply_btn),
        ):
            self.form.addRow(t(label) if label else "", w)
            self.rows_by_field[key] = w
            self.labels[key] = label
        self.zh = zh
        self.lang = lang
        self.element_id: str | None = None
        self.show_element(None)

    def retranslate(self, lang: str) -> None:
        self.zh = lang == "zh"
        for key, en in self.labels.items():
            lab = self.form.labelForField(self.rows_by_field[key])
            if lab is not None and en:
                lab.setText(_t(en, lang))
        for off in (self.service, self.staff):
            off.own.setToolTip(_t("own", lang))
        self.apply_btn.setText(_t("Apply", lang))
        for i, key in enumerate(("default", "yes", "no")):
            self.sight.setItemText(i, _t(key, lang))
        for i, d in enumerate(DIRECTIONS):
            self.direction.setItemText(i, _t(d, lang))
        self.lang = lang
        e = self.window.layout.get(self.element_id) if self.element_id else None
        self.show_element(e)

    def follow(self, *_) -> None:
        """Show the window's selection (after a selection change or any undo-stack step)."""
        ids = self.window.scene.selected_ids()
        self.show_element(self.window.layout.get(ids[0]) if len(ids) == 1 else None)

    def _visible(self, fields):
        for key, w in self.rows_by_field.items():
            on = key in fields or key == "title"
            self.form.setRowVisible(w, on)

    def show_element(self, e) -> None:
        self.element_id = e.id if e is not None else None
        if e is None:
            self.title.setText("-")
            self._visible(())
            return
        self.title.setText(f"{e.id} [{tr('EditorWindow', e.type, self.lang)}]")
        self.kind.blockSignals(True)
        self.kind.clear()
        if isinstance(e, Fixture):
            for code, k in FIXTURE_KINDS.items():
                self.kind.addItem(k.zh if self.zh else k.en, code)
            self.kind.setCurrentIndex(self.kind.findData(e.fixture_kind))
            w, d = e.size
            self.width_.setValue(w)
            self.depth.setValue(d)
            self.service.set(e.service_offset, e.kind_info.service_offset)
            self.staff.set(e.staff_offset, e.kind_info.staff_offset)
            self.sight.setCurrentIndex(self.sight.findData(e.blocks_sight))
            self._visible(("kind", "width", "depth", "service_offset", "staff_offset", "blocks_sight", "apply"))
        elif isinstance(e, Area):
            for code, k in AREA_KINDS.items():
                self.kind.addItem(k.zh if self.zh else k.en, code)
            self.kind.setCurrentIndex(self.kind.findData(e.area_kind))
            self._visible(("kind", "apply"))
        elif isinstance(e, SeatBlock):
            self.rows.setValue(e.rows)
            self.per_row.setValue(e.seats_per_row)
            self.seat_w.setValue(e.seat_width)
            self.pitch.setValue(e.row_pitch)
            self._visible(("rows", "seats_per_row", "seat_width", "row_pitch", "apply"))
        elif isinstance(e, Post):
            self.number.setValue(e.number)
            self._visible(("number", "apply"))
        elif isinstance(e, Wall):
            self.thickness.setValue(e.thickness)
            self._visible(("thickness", "apply"))
        elif isinstance(e, Entrance):
            self.direction.setCurrentIndex(self.direction.findData(e.direction))
            self._visible(("direction", "apply"))
        else:
            self._visible(())
        self.kind.blockSignals(False)

    def changes(self) -> dict:
        """The edited fields that differ from the element."""
        e = self.window.layout.get(self.element_id) if self.element_id else None
        if e is None:
            return {}
        want = {}
        if isinstance(e, Fixture):
            want = {
                "fixture_kind": self.kind.currentData(),
                "service_offset": self.service.get(),
                "staff_offset": self.staff.get(),
                "blocks_sight": self.sight.currentData(),
            }
            w, d = round(self.width_.value(), 6), round(self.depth.value(), 6)
            if abs(w - e.size[0]) > 1e-6 or abs(d - e.size[1]) > 1e-6:
                want.update(width=w, depth=d)
        elif isinstance(e, Area):
            want = {"area_kind": self.kind.currentData()}
        elif isinstance(e, SeatBlock):
            want = {
                "rows": self.rows.value(),
                "seats_per_row": self.per_row.value(),
                "seat_width": round(self.seat_w.value(), 6),
                "row_pitch": round(self.pitch.value(), 6),
            }
        elif isinstance(e, Post):
            want = {"number": self.number.value()}
        elif isinstance(e, Wall):
            want = {"thickness": round(self.thickness.value(), 6)}
        elif isinstance(e, Entrance):
            want = {"direction": self.direction.currentData()}
        return self.differing(e, want)


__all__ = ["DetailsPanel", "DIRECTIONS"]
