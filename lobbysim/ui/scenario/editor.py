"""The scenario editor: a scenario *document* (the parsed JSON dict) in four tabs, opened,
validated and saved.

The editor never loses what it does not show: :meth:`ScenarioEditor.document` starts from a
copy of the loaded document and writes back only the fields its widgets hold, so unknown keys
and sections survive a save. A cell that does not parse (a clock like ``9h``) goes into the
document as typed, and the scenario parser (``Scenario.from_dict``) then explains the problem
in one line; a document that does not parse is never written.
"""

from __future__ import annotations

import copy
import math
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lobbysim.errors import FormatError, LobbysimError
from lobbysim.model.jsonio import atomic_write_text, dumps_pretty, read_json
from lobbysim.report.figures import DAY_NAMES
from lobbysim.sim.scenario import ABILITIES, DAYS, FORMAT, SERVICE_KINDS, VERSION, Scenario

from .behaviour_tree import BehaviourTab
from .business import BUSINESS_COLS, BusinessTab
from .demand import DemandTab
from .roster import STAFF_COLS, RosterTab
from .steps import StepsTab
from .texts import BUSINESS_HEADERS, STAFF_HEADERS, _t, ability_label, header
from .values import _is_num, parse_number, structure_problem


def _first_difference(a, b, where: str = "") -> str | None:
    """The dotted path of the first value that differs between two JSON documents (numbers
    compared as numbers), or None."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in list(a) + [k for k in b if k not in a]:
            if k not in a or k not in b:
                return f"{where}{k}"
            d = _first_difference(a[k], b[k], f"{where}{k}.")
            if d is not None:
                return d
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return where.rstrip(".")
        for i, (x, y) in enumerate(zip(a, b)):
            d = _first_difference(x, y, f"{where}{i}.")
            if d is not None:
                return d
        return None
    if _is_num(a) and _is_num(b):
        return None if abs(a - b) <= 1e-9 * max(1.0, abs(a)) else where.rstrip(".")
    return None if a == b and type(a) is type(b) else where.rstrip(".")


class ScenarioEditor(RosterTab, DemandTab, BusinessTab, StepsTab, BehaviourTab, QWidget):
    """Edits one scenario document: staff roster, demand, business mix, transaction steps,
    behaviour and policies;
    opens, validates and saves it. ``layout`` (a model Layout, optional) fills the counter, desk
    and post drop-downs."""

    modifiedChanged = Signal(bool)
    saved = Signal(str)
    #: any edit of the document (for the quick estimate; not sent while a file is being loaded)
    edited = Signal()

    def __init__(self, layout=None, lang: str = "en", parent=None):
        super().__init__(parent)
        self.layout = layout
        self.lang = lang if lang in ("en", "zh") else "en"
        self.path: str | None = None
        self.modified = False
        self._doc: dict = {}
        self._loading = False
        self._shares: list[float] = []
        self._shares_edited = False
        #: what the status line shows, in the current language (None: nothing yet)
        self._status_text = None
        #: the loaded staff and business entries by row key (a Qt item would sort a dict's keys)
        self._sources: dict[int, dict] = {}
        #: how errors reach the user (tests replace it); the label always shows them too
        self.show_error = lambda msg: QMessageBox.warning(self, "lobbysim", msg)
        self._build()
        self.retranslate(self.lang)

    # --- building ---------------------------------------------------------------------------------------
    def _build(self) -> None:
        v = QVBoxLayout(self)
        row = QHBoxLayout()
        self.open_button, self.save_button = QPushButton(), QPushButton()
        self.save_as_button, self.validate_button = QPushButton(), QPushButton()
        self.open_button.clicked.connect(self.open_dialog)
        self.save_button.clicked.connect(self.save)
        self.save_as_button.clicked.connect(lambda: self.save_as())
        self.validate_button.clicked.connect(self.show_validation)
        for b in (self.open_button, self.save_button, self.save_as_button, self.validate_button):
            row.addWidget(b)
        self.path_label = QLabel()
        self.path_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        row.addWidget(self.path_label, 1)
        v.addLayout(row)
        row = QHBoxLayout()
        self.name_label = QLabel()
        self.name_edit = QLineEdit()
        self.name_edit.textEdited.connect(self._touch)
        row.addWidget(self.name_label)
        row.addWidget(self.name_edit, 1)
        v.addLayout(row)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_staff(), "")
        self.tabs.addTab(self._build_demand(), "")
        self.tabs.addTab(self._build_business(), "")
        self.tabs.addTab(self._build_steps(), "")
        self.tabs.addTab(self._build_behaviour(), "")
        self.tabs.currentChanged.connect(lambda i: self._refresh_steps() if i == 3 else None)
        v.addWidget(self.tabs, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextSelectableByMouse)
        v.addWidget(self.status)

    # --- texts ------------------------------------------------------------------------------------------
    def retranslate(self, lang: str) -> None:
        """Show every label in ``lang`` ('en' or 'zh'); the document is not touched."""
        self.lang = lang if lang in ("en", "zh") else "en"
        lang = self.lang
        self.open_button.setText(_t("Open…", lang))
        self.save_button.setText(_t("Save", lang))
        self.save_as_button.setText(_t("Save as…", lang))
        self.validate_button.setText(_t("Validate", lang))
        self.add_staff_button.setText(_t("Add staff member", lang))
        self.remove_staff_button.setText(_t("Remove selected", lang))
        self.add_hour_button.setText(_t("+ hour", lang))
        self.remove_hour_button.setText(_t("− hour", lang))
        self.normalise_button.setText(_t("Scale to 100 %", lang))
        self.add_business_button.setText(_t("Add business", lang))
        self.scale_business_button.setText(_t("Scale to 100 %", lang))
        self.remove_business_button.setText(_t("Remove selected", lang))
        self.name_label.setText(_t("Scenario name", lang))
        self.per_day_label.setText(_t("Customers on a day with factor 1", lang))
        self.date_factor_label.setText(_t("Date factor (holidays, paydays)", lang))
        self.day_label.setText(_t("Day factors", lang))
        self.start_hour_label.setText(_t("First hour", lang))
        for i, text in enumerate(
            (
                _t("Staff roster", lang),
                _t("Demand", lang),
                _t("Business mix", lang),
                _t("Transaction steps", lang),
                _t("Behaviour and policies", lang),
            )
        ):
            self.tabs.setTabText(i, text)
        self.staff_table.setHorizontalHeaderLabels([header(STAFF_HEADERS, c, lang) for c in STAFF_COLS])
        self.staff_table.horizontalHeaderItem(STAFF_COLS.index("shifts")).setToolTip(
            _t("09:00–17:00; … (empty: the opening hours)", lang)
        )
        can_tip = ", ".join(f"{a} ({ability_label(a, lang)})" for a in ABILITIES)
        self.staff_table.horizontalHeaderItem(STAFF_COLS.index("can")).setToolTip(can_tip)
        self.business_table.setHorizontalHeaderLabels([header(BUSINESS_HEADERS, c, lang) for c in BUSINESS_COLS])
        self.business_table.horizontalHeaderItem(BUSINESS_COLS.index("fixtures")).setToolTip(", ".join(SERVICE_KINDS))
        self.day_table.setHorizontalHeaderLabels(
            [DAY_NAMES[d][0] if lang == "zh" else DAY_NAMES[d][1][:3] for d in DAYS]
        )
        self.day_table.setVerticalHeaderLabels([_t("Factor", lang), _t("Customers", lang)])
        self.tree.setHeaderLabels([_t("Key", lang), _t("Value", lang), _t("Meaning", lang)])
        loading, self._loading = self._loading, True
        try:
            for r in range(self.staff_table.rowCount()):
                self._fill_role_combo(self.staff_table.cellWidget(r, STAFF_COLS.index("role")))
                for col in ("counter", "desk", "post"):  # "(none)" and the fixture kinds in ``lang``
                    cb = self.staff_table.cellWidget(r, STAFF_COLS.index(col))
                    if cb is not None:
                        self._fill_place_combo(cb, col, cb.currentData())
                self.staff_abilities(r).retranslate(self.lang)
            self._gloss_tree()
        finally:
            self._loading = loading
        self._update_sums()
        self._update_path_label()
        self._retranslate_steps(lang)
        self._refresh_chart(rescale=True)
        if self._status_text is not None:
            self.status.setText(self._status_text())

    def _update_path_label(self) -> None:
        name = self.path if self.path else _t("(not saved yet)", self.lang)
        self.path_label.setText(("● " if self.modified else "") + str(name))

    # --- loading ----------------------------------------------------------------------------------------
    def load(self, path) -> bool:
        """Open a scenario file through the scenario parser: a file the parser refuses, or one the
        editor cannot show exactly as it is, leaves the editor as it was and says why (the
        status line and a message box, in the parser's one line)."""
        try:
            doc = read_json(path, what="lobbysim scenario")
            self.set_document(doc, str(path))
        except LobbysimError as exc:
            self._fail(str(exc))
            return False
        return True

    def is_empty(self) -> bool:
        """True before any scenario was opened."""
        return not self._doc

    def set_document(self, doc: dict, path: str | None = None) -> None:
        """Show ``doc`` (a scenario document) for editing; ``path`` is where Save writes it.

        The scenario parser reads it first: a document it refuses raises its error and is not
        shown. Then the editor checks that every value it shows is the value it read (a spin box
        cannot hold every number): a document it would change just by showing it raises a
        FormatError naming the field, and the editor keeps what it showed before."""
        Scenario.from_dict(doc, path)
        problem = structure_problem(doc)
        if problem is not None:
            raise FormatError(problem, path=path)
        previous = (self._doc, self.path, self.modified)
        self._show_document(doc, path)
        where = _first_difference(doc, self.document())
        if where is not None:
            if previous[0]:
                self._show_document(previous[0], previous[1])
                self._set_modified(previous[2])
            raise FormatError(f"field '{where}' cannot be shown in the editor as it is in the file", path=path)

    def _show_document(self, doc: dict, path: str | None) -> None:
        self._doc = copy.deepcopy(doc)
        self.path = path
        self._sources = {}
        self._step_edits = {}
        self._loading = True
        try:
            self.name_edit.setText(str(doc.get("name", "")))
            self.staff_table.setRowCount(0)
            for s in doc.get("staff", []):
                self.add_staff(s)
            self._show_arrivals(doc.get("arrivals", {}))
            self.business_table.setRowCount(0)
            for b in doc.get("business", []):
                self.add_business(b)
            self._fill_tree(doc)
        finally:
            self._loading = False
        self.staff_table.resizeColumnsToContents()
        self.business_table.resizeColumnsToContents()
        self._update_day_customers()
        self._update_sums()
        self._refresh_chart(rescale=True)
        self._refresh_steps()
        self._set_modified(False)
        err = self.validate()
        self._show_status(err)

    def _keep_source(self, spec: dict) -> int:
        key = len(self._sources) + 1
        self._sources[key] = copy.deepcopy(spec)
        return key

    def _loaded_rows(self, table):
        """(row, the entry it was loaded from, {} for a new row) for each row of a staff or business table."""
        for r in range(table.rowCount()):
            yield r, self._sources.get(table.item(r, 0).data(Qt.UserRole), {})

    # --- sums -------------------------------------------------------------------------------------------
    def _update_sums(self) -> None:
        total = 0.0
        for r in range(self.business_table.rowCount()):
            item = self.business_table.item(r, BUSINESS_COLS.index("share"))
            v = parse_number(item.text()) if item is not None else 0
            total += v if _is_num(v) else float("nan")
        self.business_sum.setText(_t("Sum of shares {s:.4f} (must be 1)", self.lang, s=total))
        ok = math.isfinite(total) and abs(total - 1) <= 1e-3
        self.business_sum.setStyleSheet("" if ok else "color: #b00020")
        self.hourly_sum.setText(
            _t("Sum {s:.2f} % (scaled to 100 % on save)", self.lang, s=sum(getattr(self, "_shares", [])) * 100)
        )

    # --- the document -----------------------------------------------------------------------------------
    def document(self) -> dict:
        """The edited scenario document: the loaded one with every edit applied (unknown keys kept;
        hourly shares scaled to sum to 1 if they were edited)."""
        doc = copy.deepcopy(self._doc)
        doc.setdefault("format", FORMAT)
        doc.setdefault("version", VERSION)
        name = self.name_edit.text()
        if name or "name" in doc:
            doc["name"] = name
        arr = self._arrivals_doc()
        if arr or "arrivals" in doc:
            doc["arrivals"] = arr
        doc["business"] = self._with_step_edits(self._business_docs())
        doc["staff"] = self._staff_docs()
        for i in range(self.tree.topLevelItemCount()):
            it = self.tree.topLevelItem(i)
            doc[it.data(0, Qt.UserRole)] = self._read_item(it)
        # the staff roster is the last tab but was the fifth key of the file: keep the file's order
        order = list(self._doc) + [k for k in doc if k not in self._doc]
        return {k: doc[k] for k in order if k in doc}

    def validate(self) -> str | None:
        """The one-line message of what is wrong with the edited scenario, or None if it is valid."""
        try:
            Scenario.from_dict(self.document(), self.path)
        except LobbysimError as exc:
            return str(exc)
        return None

    def layout_problem(self) -> str | None:
        """Why the (valid) scenario cannot run on the editor's layout, or None."""
        if self.layout is None:
            return None
        try:
            Scenario.from_dict(self.document(), self.path).check_against(self.layout)
        except LobbysimError as exc:
            return str(exc)
        return None

    def show_validation(self) -> str | None:
        err = self.validate()
        self._show_status(err)
        return err

    def _show_status(self, err: str | None) -> None:
        if err is not None:
            self._set_status(lambda: err, "color: #b00020")
            return
        warn = self.layout_problem()
        if warn is None:
            self._set_status(lambda: _t("The scenario is valid.", self.lang), "color: #2e7d32")
        else:
            self._set_status(lambda: _t("Valid; but on the current layout: {m}", self.lang, m=warn), "color: #b26a00")

    def _set_status(self, text, style: str) -> None:
        """Show ``text()`` in the status line; called again on a language switch (a message of
        the scenario parser stays as it is)."""
        self._status_text = text
        self.status.setText(text())
        self.status.setStyleSheet(style)

    # --- files ------------------------------------------------------------------------------------------
    def open_dialog(self) -> bool:
        if self.modified and not self.ask_discard():
            return False
        path = self.ask_open_path()
        return self.load(path) if path else False

    def save(self) -> bool:
        return self.save_to(self.path) if self.path else self.save_as()

    def save_as(self, path: str | None = None) -> bool:
        path = path or self.ask_save_path()
        return self.save_to(path) if path else False

    def save_to(self, path) -> bool:
        """Validate, then write the document atomically; an invalid scenario is never written."""
        path = str(path)
        doc = self.document()
        try:
            Scenario.from_dict(doc, path)
            atomic_write_text(path, dumps_pretty(doc))
        except (LobbysimError, ValueError) as exc:  # ValueError: a number JSON cannot hold
            self._fail(_t("Not saved: {m}", self.lang, m=str(exc)))
            return False
        self._doc = doc
        self.path = path
        self._shares_edited = False
        self._shares = [float(s) for s in doc.get("arrivals", {}).get("hourly", {}).get("shares", self._shares)]
        self._show_shares()
        self._set_modified(False)
        self._show_status(None)
        status = self._status_text
        self._set_status(lambda: status() + "  " + _t("Saved {p}", self.lang, p=path), self.status.styleSheet())
        self.saved.emit(path)
        return True

    def _fail(self, message: str) -> None:
        self._set_status(lambda: message, "color: #b00020")
        self.show_error(message)

    # dialogs, replaceable in tests
    def ask_open_path(self) -> str:
        path, _ = QFileDialog.getOpenFileName(
            self,
            _t("Scenario", self.lang),
            str(Path(self.path).parent) if self.path else "",
            _t("Scenarios (*.json)", self.lang),
        )
        return path

    def ask_save_path(self) -> str:
        path, _ = QFileDialog.getSaveFileName(
            self, _t("Scenario", self.lang), self.path or "scenario.json", _t("Scenarios (*.json)", self.lang)
        )
        return path

    def ask_discard(self) -> bool:
        r = QMessageBox.question(
            self,
            "lobbysim",
            _t("Discard the unsaved changes to the scenario?", self.lang),
            QMessageBox.Yes | QMessageBox.No,
        )
        return r == QMessageBox.Yes

    # --- modified flag ----------------------------------------------------------------------------------
    def _touch(self, *_):
        if not self._loading:
            self._set_modified(True)
            self.edited.emit()

    def _set_modified(self, on: bool) -> None:
        changed = on != self.modified
        self.modified = on
        self._update_path_label()
        if changed:
            self.modifiedChanged.emit(on)
