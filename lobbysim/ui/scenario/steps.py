"""The Transaction steps tab: the steps of one business at one fixture kind, in order (card
opening at the smart counter: form, identity check, staff authorisation, PIN, card printing),
each with its time distribution, who must come for it and the share of transactions that have
it; steps are added, removed, moved and edited here.

What the table shows is what the simulation does (``lobbysim.sim.service.steps_of``): the
business's own ``steps_by_kind`` entry for that kind; else, for a business marked
``authorisation`` at the smart counter, the service time split around an authorisation step;
else the one-step case, the plain service time. Editing derived or plain steps writes them as the
business's own steps (an explicit list); "Plain service time" drops that list again.

Every edit goes through the scenario parser (``Scenario.from_dict``) before it is kept: a value
the parser refuses is refused with its one-line message, and the table and the document stay as
they were. There are no second rules here.
"""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lobbysim.errors import LobbysimError
from lobbysim.model.kinds import FIXTURE_KINDS
from lobbysim.sim.dists import DIST_NAMES
from lobbysim.sim.policies import Authorisation
from lobbysim.sim.scenario import SERVICE_KINDS, Scenario
from lobbysim.sim.service import mean_seconds

from .business import BUSINESS_COLS, fmt_params, parse_params
from .texts import _t
from .values import _is_num, _put, fmt_value, parse_list, parse_number

STEP_COLS = ("name", "dist", "params", "needs", "share")
#: column headers of the steps table
STEP_HEADERS = {
    "name": "Step",
    "dist": "Time",
    "params": "Parameters (min)",
    "needs": "Needs staff",
    "share": "Share of transactions (0–1)",
}
#: who a step waits for (the scenario's ``needs`` values; "" for nobody)
NEEDS_LABELS = {
    "": "nobody",
    "authorisation": "authorisation (smart counter)",
    "supervisor": "counter authorisation (supervisor)",
}
#: where the shown steps come from
SOURCE_NOTES = {
    "own": "The business's own steps at this fixture kind.",
    "derived": "Derived from the service time and the Authorisation flag; an edit writes them as "
    "steps (the two parts of the service are then drawn independently).",
    "plain": "One step: the plain service time; an edit writes it as steps.",
}


def scaled(minutes, f: float):
    """A service time (a number or a distribution dict) times ``f``: the same shape, its scale
    parameters multiplied (a gamma or lognormal keeps its cv)."""
    if _is_num(minutes):
        return round(minutes * f, 4)
    if not isinstance(minutes, dict):
        return minutes
    out = dict(minutes)
    for k in ("mean", "value", "sd", "min", "max"):
        if _is_num(out.get(k)):
            out[k] = round(out[k] * f, 4)
    if isinstance(out.get("values"), list):
        out["values"] = [round(v * f, 4) if _is_num(v) else v for v in out["values"]]
    return out


def shown_steps(b: dict, kind: str, auth: Authorisation) -> tuple[list[dict], str]:
    """The steps business document ``b`` has at ``kind`` as step dicts, and where they come from
    ('own', 'derived' or 'plain'; see the module docstring)."""
    own = (b.get("steps_by_kind") or {}).get(kind)
    if isinstance(own, list) and own:
        return copy.deepcopy(own), "own"
    by_kind = b.get("service_by_kind") or {}
    svc = copy.deepcopy(by_kind.get(kind, b.get("service")) if isinstance(by_kind, dict) else b.get("service"))
    if b.get("authorisation") is True and kind == "smart_counter":
        f = auth.at_fraction
        return [
            {"name": "before authorisation", "minutes": scaled(svc, f)},
            {"name": "authorisation", "minutes": round(auth.auth_s / 60, 4), "needs": "authorisation"},
            {"name": "after authorisation", "minutes": scaled(svc, 1 - f)},
        ], "derived"
    return [{"name": "service", "minutes": svc}], "plain"


def step_cells(st: dict) -> tuple[str, str, str, str, str]:
    """A step dict as the table's (name, distribution, parameters, needs, share)."""
    m = st.get("minutes")
    if isinstance(m, dict):
        dist, params = str(m.get("dist", "")), fmt_params(m)
    else:
        dist, params = "deterministic", f"value={fmt_value(m)}"
    needs = st.get("needs") or ""
    return fmt_value(st.get("name")), dist, params, needs if isinstance(needs, str) else "", fmt_value(st.get("share"))


def step_doc(name: str, dist: str, params: str, needs: str, share: str) -> dict:
    """The inverse of ``step_cells``: a fixed time is written as a plain number of minutes; a
    value that is not a number goes in as typed, for the scenario parser to name."""
    p = parse_params(params)
    st: dict = {"name": name.strip()}
    st["minutes"] = p["value"] if dist == "deterministic" and set(p) == {"value"} else {"dist": dist, **p}
    if needs:
        st["needs"] = needs
    if share.strip():
        st["share"] = parse_number(share)
    return st


class StepsTab:
    """The Transaction steps tab of the scenario editor (see the module docstring)."""

    def _build_steps(self) -> QWidget:
        #: row key of a business -> fixture kind -> its edited steps (None: back to the plain time)
        self._step_edits: dict[int, dict[str, list[dict] | None]] = {}
        self._steps_filling = False
        w = QWidget()
        v = QVBoxLayout(w)
        row = QHBoxLayout()
        self.steps_business_label, self.steps_kind_label = QLabel(), QLabel()
        self.steps_business, self.steps_kind = QComboBox(), QComboBox()
        self.steps_business.currentIndexChanged.connect(lambda _i: self._steps_filling or self._refresh_steps())
        self.steps_kind.currentIndexChanged.connect(lambda _i: self._show_steps())
        for x in (self.steps_business_label, self.steps_business, self.steps_kind_label, self.steps_kind):
            row.addWidget(x)
        row.addStretch(1)
        v.addLayout(row)
        self.steps_source = QLabel()
        self.steps_source.setWordWrap(True)
        v.addWidget(self.steps_source)
        t = self.steps_table = QTableWidget(0, len(STEP_COLS))
        t.setSelectionBehavior(QAbstractItemView.SelectRows)
        t.setSelectionMode(QAbstractItemView.SingleSelection)
        t.horizontalHeader().setStretchLastSection(True)
        t.itemChanged.connect(lambda _it: self._steps_table_edited())  # deferred: see there
        v.addWidget(t, 1)
        row = QHBoxLayout()
        self.add_step_button, self.remove_step_button = QPushButton(), QPushButton()
        self.step_up_button, self.step_down_button, self.plain_steps_button = (
            QPushButton(),
            QPushButton(),
            QPushButton(),
        )
        self.add_step_button.clicked.connect(self.add_step)
        self.remove_step_button.clicked.connect(self.remove_step)
        self.step_up_button.clicked.connect(lambda: self.move_step(-1))
        self.step_down_button.clicked.connect(lambda: self.move_step(1))
        self.plain_steps_button.clicked.connect(self.plain_steps)
        for b in (
            self.add_step_button,
            self.remove_step_button,
            self.step_up_button,
            self.step_down_button,
            self.plain_steps_button,
        ):
            row.addWidget(b)
        self.steps_mean = QLabel()
        row.addWidget(self.steps_mean, 1)
        v.addLayout(row)
        return w

    def _retranslate_steps(self, lang: str) -> None:
        self.steps_business_label.setText(_t("Business", lang))
        self.steps_kind_label.setText(_t("at", lang))
        self.add_step_button.setText(_t("Add step", lang))
        self.remove_step_button.setText(_t("Remove step", lang))
        self.step_up_button.setText(_t("Move up", lang))
        self.step_down_button.setText(_t("Move down", lang))
        self.plain_steps_button.setText(_t("Plain service time", lang))
        self.steps_table.setHorizontalHeaderLabels([_t(STEP_HEADERS[c], lang) for c in STEP_COLS])
        self.steps_table.horizontalHeaderItem(STEP_COLS.index("share")).setToolTip(
            _t("empty: every transaction has the step", lang)
        )
        self.steps_table.horizontalHeaderItem(STEP_COLS.index("params")).setToolTip(
            _t("mean=5, cv=0.8 (minutes); a fixed time: value=1", lang)
        )
        self._refresh_steps()

    # --- what is chosen ---------------------------------------------------------------------------------
    def _refresh_steps(self) -> None:
        """Refill the business and fixture-kind drop-downs from the business table (keeping the
        choice where it still exists), then the table."""
        filling, self._steps_filling = self._steps_filling, True
        try:
            t, lang = self.business_table, self.lang
            key = self.steps_business.currentData()
            self.steps_business.clear()
            for r in range(t.rowCount()):
                code = t.item(r, 0).text().strip()
                name = t.item(r, BUSINESS_COLS.index("name_zh" if lang == "zh" else "name_en")).text().strip()
                self.steps_business.addItem(f"{code} — {name}" if name else code, t.item(r, 0).data(Qt.UserRole))
            self.steps_business.setCurrentIndex(max(0, self.steps_business.findData(key)))
            kind = self.steps_kind.currentData()
            self.steps_kind.clear()
            r = self._steps_row()
            fixtures = parse_list(t.item(r, BUSINESS_COLS.index("fixtures")).text()) if r is not None else []
            for k in fixtures:
                if k in SERVICE_KINDS:
                    fk = FIXTURE_KINDS.get(k)
                    self.steps_kind.addItem(f"{fk.zh if lang == 'zh' else fk.en} ({k})" if fk else k, k)
            self.steps_kind.setCurrentIndex(max(0, self.steps_kind.findData(kind)))
        finally:
            self._steps_filling = filling
        self._show_steps()

    def _steps_row(self) -> int | None:
        key = self.steps_business.currentData()
        t = self.business_table
        return next((r for r in range(t.rowCount()) if t.item(r, 0).data(Qt.UserRole) == key), None)

    def show_steps_of(self, code: str, kind: str) -> None:
        """Choose business ``code`` at fixture kind ``kind`` (as a user would in the drop-downs)."""
        self._refresh_steps()
        self.steps_business.setCurrentIndex(self.steps_business.findData(self._row_key(self.business_row(code))))
        i = self.steps_kind.findData(kind)
        if i < 0:
            raise KeyError(kind)
        self.steps_kind.setCurrentIndex(i)

    def _row_key(self, r: int) -> int:
        return self.business_table.item(r, 0).data(Qt.UserRole)

    # --- the table --------------------------------------------------------------------------------------
    def current_steps(self) -> tuple[list[dict], str]:
        """The shown steps (as step dicts) and where they come from; ([], '') when nothing is chosen."""
        r, kind = self._steps_row(), self.steps_kind.currentData()
        if r is None or kind is None:
            return [], ""
        doc = self.document()
        try:
            auth = Scenario.from_dict(doc, self.path).policies.authorisation
        except LobbysimError:
            auth = Authorisation()
        return shown_steps(doc["business"][r], kind, auth)

    def _show_steps(self) -> None:
        if self._steps_filling:
            return
        steps, source = self.current_steps()
        filling, self._steps_filling = self._steps_filling, True
        t = self.steps_table
        try:
            t.setRowCount(0)
            for st in steps:
                self._add_step_row(st)
        finally:
            self._steps_filling = filling
        t.resizeColumnsToContents()
        self.steps_source.setText(_t(SOURCE_NOTES[source], self.lang) if source else "")
        self._show_steps_mean()

    def _add_step_row(self, st: dict) -> None:
        t, lang = self.steps_table, self.lang
        r = t.rowCount()
        t.insertRow(r)
        name, dist, params, needs, share = step_cells(st)
        for key, text in (("name", name), ("params", params), ("share", share)):
            t.setItem(r, STEP_COLS.index(key), QTableWidgetItem(text))
        cb = QComboBox()
        for d in DIST_NAMES if dist in DIST_NAMES else (*DIST_NAMES, dist):
            cb.addItem(d, d)
        cb.setCurrentIndex(cb.findData(dist))
        cb.currentIndexChanged.connect(lambda _i: self._steps_table_edited())
        t.setCellWidget(r, STEP_COLS.index("dist"), cb)
        cb = QComboBox()
        for code, label in NEEDS_LABELS.items():
            cb.addItem(_t(label, lang), code)
        cb.setCurrentIndex(max(0, cb.findData(needs)))
        cb.currentIndexChanged.connect(lambda _i: self._steps_table_edited())
        t.setCellWidget(r, STEP_COLS.index("needs"), cb)

    def _table_steps(self) -> list[dict]:
        t = self.steps_table
        out = []
        for r in range(t.rowCount()):
            text = lambda k, r=r: t.item(r, STEP_COLS.index(k)).text()  # noqa: E731
            combo = lambda k, r=r: t.cellWidget(r, STEP_COLS.index(k)).currentData()  # noqa: E731
            out.append(step_doc(text("name"), combo("dist"), text("params"), combo("needs"), text("share")))
        return out

    def _show_steps_mean(self) -> None:
        r, kind = self._steps_row(), self.steps_kind.currentData()
        text = ""
        if r is not None and kind is not None:
            try:
                sc = Scenario.from_dict(self.document(), self.path)
                m = mean_seconds(sc, sc.business[r], kind) / 60
                text = _t(
                    "Mean time of the transaction here: {m:.2f} min (waits for staff not counted)", self.lang, m=m
                )
            except (LobbysimError, IndexError):
                text = ""
        self.steps_mean.setText(text)

    # --- edits ------------------------------------------------------------------------------------------
    def _steps_table_edited(self) -> None:
        """A cell or a drop-down of the table changed: commit once the signal has returned (a
        refused value rebuilds the table, which must not delete the widget still sending it)."""
        if not self._steps_filling and not self._loading:
            QTimer.singleShot(0, lambda: self._commit_steps(self._table_steps(), rebuild=False))

    def _commit_steps(self, steps: list[dict] | None, select: int | None = None, rebuild: bool = True) -> bool:
        """Keep ``steps`` (None: the plain service time) for the chosen business and kind if the
        scenario parser accepts the result; else say why and change nothing (the table shows the
        kept steps again). ``rebuild``: refill the table after an accepted edit too."""
        r, kind = self._steps_row(), self.steps_kind.currentData()
        if r is None or kind is None:
            return False
        edits = self._step_edits.setdefault(self._row_key(r), {})
        had, before = kind in edits, edits.get(kind)
        doc_before, err_before = self.document(), self.validate()
        edits[kind] = copy.deepcopy(steps)
        err = self.validate()
        ok = err is None or err == err_before
        if not ok:
            if had:
                edits[kind] = before
            else:
                edits.pop(kind)
        if rebuild or not ok:
            self._show_steps()
        else:
            self.steps_source.setText(_t(SOURCE_NOTES["own"], self.lang))
            self._show_steps_mean()
        if select is not None and ok:
            self.steps_table.selectRow(select)
        if not ok:
            self._fail(_t("Step not changed: {m}", self.lang, m=err))
        else:
            self._show_status(err)  # a refusal shown before is over
            if self.document() != doc_before:
                self._touch()
        return ok

    def _selected_step(self) -> int | None:
        rows = {i.row() for i in self.steps_table.selectedIndexes()}
        return min(rows) if rows else (self.steps_table.currentRow() if self.steps_table.currentRow() >= 0 else None)

    def add_step(self) -> bool:
        """Append a step of one minute (before the selected one, if a step is selected)."""
        steps = self._table_steps()
        at = self._selected_step()
        at = len(steps) if at is None else at
        steps.insert(at, {"name": _t("new step", self.lang), "minutes": 1})
        return self._commit_steps(steps, at)

    def remove_step(self) -> bool:
        at = self._selected_step()
        if at is None:
            return False
        steps = self._table_steps()
        del steps[at]
        return self._commit_steps(steps, min(at, len(steps) - 1) if steps else None)

    def move_step(self, by: int) -> bool:
        at = self._selected_step()
        steps = self._table_steps()
        if at is None or not 0 <= at + by < len(steps):
            return False
        steps[at], steps[at + by] = steps[at + by], steps[at]
        return self._commit_steps(steps, at + by)

    def plain_steps(self) -> bool:
        """Drop the business's own steps at this kind: back to the plain (or derived) service."""
        return self._commit_steps(None)

    def _with_step_edits(self, docs: list[dict]) -> list[dict]:
        """The business documents with the steps edited here written into their ``steps_by_kind``."""
        t = self.business_table
        for r, b in enumerate(docs):
            edits = self._step_edits.get(t.item(r, 0).data(Qt.UserRole))
            if not edits:
                continue
            sbk = copy.deepcopy(b.get("steps_by_kind")) if isinstance(b.get("steps_by_kind"), dict) else {}
            for kind, steps in edits.items():
                if steps is None:
                    sbk.pop(kind, None)
                else:
                    sbk[kind] = copy.deepcopy(steps)
            _put(b, "steps_by_kind", sbk or None)
        return docs
