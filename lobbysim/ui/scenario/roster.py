"""The Staff roster tab: one row per staff member; role, counter, desk and lobby post are
drop-downs filled from the scenario format and the current layout; shifts and breaks are clock
spans such as ``09:00–17:00``; what a member may do is a drop-down of check boxes."""

from __future__ import annotations

import copy
import json
import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QMenu, QSizePolicy, QTableWidgetItem, QToolButton, QWidget

from lobbysim.model.kinds import FIXTURE_KINDS
from lobbysim.report.figures import ROLE_LABELS
from lobbysim.sim.scenario import ABILITIES, DESK_KINDS, ROLES, STAFFED_KINDS

from .tables import free_id, remove_selected, row_of, table_tab
from .texts import _t, ability_label
from .values import _put, fmt_list, fmt_value

#: the posts a scenario may name when the layout has none drawn (the seed's lobby posts 1, 2, 3)
DEFAULT_POSTS = ("post1", "post2", "post3")
STAFF_COLS = ("id", "name", "role", "counter", "desk", "post", "shifts", "breaks", "can")


def fmt_spans(spans) -> str:
    """[["09:00", "17:00"], ...] -> '09:00–17:00; ...' (anything else as JSON, to be fixed by hand)."""
    if not isinstance(spans, list):
        return json.dumps(spans, ensure_ascii=False)
    out = []
    for sp in spans:
        if isinstance(sp, list) and len(sp) == 2 and all(isinstance(x, str) for x in sp):
            out.append(f"{sp[0]}–{sp[1]}")
        else:
            out.append(json.dumps(sp, ensure_ascii=False))
    return "; ".join(out)


def parse_spans(text: str) -> list:
    """'09:00–12:00; 13:00-17:00' -> [["09:00", "12:00"], ["13:00", "17:00"]]; a part without a
    dash stays a one-element list, which the parser rejects with a message naming the field."""
    out = []
    for part in re.split(r"[;,，；]", text):
        part = part.strip()
        if not part:
            continue
        ab = [x.strip() for x in re.split(r"\s*[-–—~～至到]\s*", part, maxsplit=1)]
        out.append(ab if len(ab) == 2 else [part])
    return out


class AbilitiesButton(QToolButton):
    """What a staff member may do (the scenario's ``can`` list) as a drop-down of check boxes."""

    changed = Signal()

    def __init__(self, abilities, lang: str = "en", parent=None):
        super().__init__(parent)
        self.setPopupMode(QToolButton.InstantPopup)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
        self._menu = QMenu(self)
        self.setMenu(self._menu)
        self.actions_by_code: dict[str, QAction] = {}
        # abilities the format does not know stay listed (and checked), so the parser can name them
        for code in list(ABILITIES) + [a for a in abilities if a not in ABILITIES]:
            a = QAction(str(code), self._menu)
            a.setCheckable(True)
            a.setChecked(code in abilities)
            a.toggled.connect(self._toggled)
            self._menu.addAction(a)
            self.actions_by_code[code] = a
        self._order = list(abilities)
        self.retranslate(lang)

    def abilities(self) -> list:
        on = [c for c, a in self.actions_by_code.items() if a.isChecked()]
        return [c for c in self._order if c in on] + [c for c in on if c not in self._order]

    def set_checked(self, code: str, on: bool = True) -> None:
        self.actions_by_code[code].setChecked(on)

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        for code, a in self.actions_by_code.items():
            label = ability_label(code, lang)
            a.setText(f"{label} ({code})" if label != code else code)
        self._update_text()

    def _toggled(self, _on):
        self._update_text()
        self.changed.emit()

    def _update_text(self) -> None:
        lang = getattr(self, "lang", "en")
        self.setText(", ".join(ability_label(c, lang) for c in self.abilities()) or "—")


class RosterTab:
    """The Staff roster tab of the scenario editor: one row per staff member, whose role, counter,
    desk and lobby post are drop-downs filled from the scenario format and the current layout."""

    def _build_staff(self) -> QWidget:
        w, self.staff_table, self.add_staff_button, self.remove_staff_button = table_tab(
            STAFF_COLS, self._touch, self.add_staff, self.remove_selected_staff
        )
        return w

    def set_layout(self, layout) -> None:
        """Fill the counter, desk and post drop-downs from another layout (the edits are kept)."""
        self.layout = layout
        loading, self._loading = self._loading, True
        try:
            for r in range(self.staff_table.rowCount()):
                for col in ("counter", "desk", "post"):
                    cb = self.staff_table.cellWidget(r, STAFF_COLS.index(col))
                    self._fill_place_combo(cb, col, cb.currentData())
        finally:
            self._loading = loading

    def _place_choices(self, col: str) -> list[tuple[str, str]]:
        """(id, label) of the layout's elements a staff member can be assigned to in column ``col``."""
        if col == "post":
            ids = [p.id for p in self.layout.posts()] if self.layout is not None else []
            return [(i, i) for i in (ids or DEFAULT_POSTS)]
        kinds = STAFFED_KINDS if col == "counter" else DESK_KINDS
        out = []
        if self.layout is not None:
            for f in self.layout.fixtures():
                if f.fixture_kind in kinds:
                    k = FIXTURE_KINDS.get(f.fixture_kind)
                    label = (k.zh if self.lang == "zh" else k.en) if k is not None else f.fixture_kind
                    out.append((f.id, f"{f.id} — {label}"))
        return out

    def _fill_place_combo(self, cb: QComboBox, col: str, current) -> None:
        blocked = cb.blockSignals(True)
        cb.clear()
        cb.addItem(_t("(none)", self.lang), None)
        for i, label in self._place_choices(col):
            cb.addItem(label, i)
        if current is not None and cb.findData(current) < 0:
            cb.addItem(str(current), current)  # kept although the layout does not have it
        cb.setCurrentIndex(max(0, cb.findData(current)) if current is not None else 0)
        cb.blockSignals(blocked)

    def _fill_role_combo(self, cb: QComboBox, current=None) -> None:
        if cb is None:
            return
        blocked = cb.blockSignals(True)
        if current is None:
            current = cb.currentData()
        cb.clear()
        for r in ROLES:
            zh, en = ROLE_LABELS.get(r, (r, r))
            cb.addItem(f"{zh if self.lang == 'zh' else en} ({r})", r)
        if current is not None and cb.findData(current) < 0:
            cb.addItem(str(current), current)
        cb.setCurrentIndex(max(0, cb.findData(current)))
        cb.blockSignals(blocked)

    def add_staff(self, spec: dict | None = None) -> int:
        """Append a staff row (a new member with the opening hours as shift if ``spec`` is None)."""
        t = self.staff_table
        if spec is None:
            hours = self._tree_value("hours") or {}
            spec = {
                "id": free_id(t, "staff"),
                "role": "cs_counter",
                "shifts": [[hours.get("open", "09:00"), hours.get("close", "17:00")]],
            }
            self._touch()
        loading, self._loading = self._loading, True
        r = t.rowCount()
        t.insertRow(r)
        it = QTableWidgetItem(fmt_value(spec.get("id", "")))
        it.setData(Qt.UserRole, self._keep_source(spec))
        t.setItem(r, 0, it)
        t.setItem(r, 1, QTableWidgetItem(fmt_value(spec.get("name", ""))))
        role = QComboBox()
        self._fill_role_combo(role, spec.get("role"))
        role.currentIndexChanged.connect(self._touch)
        t.setCellWidget(r, 2, role)
        for col in ("counter", "desk", "post"):
            cb = QComboBox()
            self._fill_place_combo(cb, col, spec.get(col))
            cb.currentIndexChanged.connect(self._touch)
            t.setCellWidget(r, STAFF_COLS.index(col), cb)
        t.setItem(r, 6, QTableWidgetItem(fmt_spans(spec["shifts"]) if "shifts" in spec else ""))
        t.setItem(r, 7, QTableWidgetItem(fmt_spans(spec["breaks"]) if "breaks" in spec else ""))
        can = spec.get("can", [])
        can_button = AbilitiesButton(can if isinstance(can, list) else [], self.lang)
        can_button.changed.connect(self._touch)
        t.setCellWidget(r, 8, can_button)
        if not isinstance(can, list):  # not a list: keep the text, the parser will say what is wrong
            t.setItem(r, 8, QTableWidgetItem(fmt_list(can)))
        self._loading = loading
        return r

    def remove_selected_staff(self) -> None:
        if remove_selected(self.staff_table):
            self._touch()

    def staff_combo(self, row: int, col: str) -> QComboBox:
        """The drop-down of staff row ``row`` in column ``col`` ('role', 'counter', 'desk', 'post')."""
        return self.staff_table.cellWidget(row, STAFF_COLS.index(col))

    def staff_abilities(self, row: int) -> AbilitiesButton:
        return self.staff_table.cellWidget(row, STAFF_COLS.index("can"))

    def staff_row(self, staff_id: str) -> int:
        return row_of(self.staff_table, staff_id)

    def _staff_docs(self) -> list[dict]:
        t = self.staff_table
        out = []
        for r, src in self._loaded_rows(t):
            s = copy.deepcopy(src)
            s["id"] = t.item(r, 0).text().strip()
            _put(s, "name", t.item(r, 1).text().strip() or None)
            s["role"] = self.staff_combo(r, "role").currentData()
            for col in ("counter", "desk", "post"):
                _put(s, col, self.staff_combo(r, col).currentData())
            for c, key in ((6, "shifts"), (7, "breaks")):
                spans = parse_spans(t.item(r, c).text())
                if spans:
                    if spans != src.get(key):
                        s[key] = spans
                elif src.get(key) != []:
                    s.pop(key, None)  # no shift: the opening hours; no break: none
            can = self.staff_abilities(r).abilities()
            if not isinstance(src.get("can", []), list):
                pass  # kept as loaded
            elif can != src.get("can", []):
                s["can"] = can
            out.append(s)
        return out
