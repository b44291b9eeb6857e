"""The Suggest dialog's Advanced tab: the settings ``lobbysim suggest`` takes as ``--weights``,
``--move-cost``, ``--no-worse``, ``--sampler`` and ``--immovable-kinds``.

The panel only collects what the user typed or ticked, in the command line's own form (the
weights and the guards as the option's text, the kinds and the sampler as codes); the checks are
the core's (``make_objective``, ``Settings.check``), so the dialog and the command line refuse the
same values with the same messages.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

#: the translation context of the texts (the Suggest dialog's)
CONTEXT = "Suggest"
#: key -> English text (the Chinese is in lobbysim/ui/i18n/lobbysim_zh_CN.ts, context "Suggest")
TEXTS = {
    "weights": "Weights of the objectives",
    "weight": "Weight",
    "objective": "Objective",
    "move_cost": "Cost of each change (minimum effects)",
    "sampler": "First-stage sampler",
    "sampler_cmaes": "CMA-ES (optuna)",
    "sampler_tpe": "TPE (optuna)",
    "sampler_nsga2": "NSGA-II: objectives and number of changes",
    "sampler_random": "Random search",
    "no_worse": "Must not get worse",
    "no_worse_hint": "KPI[=tolerance], separated by commas; empty: the mean wait within its minimum effect; "
    "'none': no guard",
    "immovable": "Kinds that never move",
}


class AdvancedPanel(QWidget):
    """The five advanced settings; ``changed_kinds`` fires when the immovable kinds change (the
    dialog then lists what may move again)."""

    changed_kinds = Signal()

    def __init__(self, t, default_sampler: str) -> None:
        from lobbysim.experiments.suggest import DEFAULT_IMMOVABLE, SAMPLERS
        from lobbysim.model.kinds import FIXTURE_KINDS

        super().__init__()
        self.t = t
        #: the weight typed for each objective, kept while it is unticked
        self._weights: dict[str, str] = {}
        self.weights = QTableWidget(0, 2)
        self.weights.verticalHeader().hide()
        self.weights.setSelectionMode(QAbstractItemView.NoSelection)
        self.weights.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.weights.itemChanged.connect(self._weight_typed)
        self.move_cost = QDoubleSpinBox(minimum=0.0, maximum=1000.0, value=1.0, singleStep=0.5, decimals=2)
        self.sampler = QComboBox()
        for code in SAMPLERS:
            self.sampler.addItem(code, code)
        self.sampler.setCurrentIndex(SAMPLERS.index(default_sampler))
        self.no_worse = QLineEdit()
        self.no_worse.setPlaceholderText("wait_mean_min")
        self.kinds = QListWidget()
        for code in FIXTURE_KINDS:
            item = QListWidgetItem()
            item.setData(Qt.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if code in DEFAULT_IMMOVABLE else Qt.Unchecked)
            self.kinds.addItem(item)
        self.kinds.itemChanged.connect(lambda _item: self.changed_kinds.emit())
        self._build()

    def _build(self) -> None:
        self.labels = {k: QLabel() for k in ("weights", "move_cost", "sampler", "no_worse", "immovable")}
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        row = QHBoxLayout(self)
        col = QVBoxLayout()
        col.addWidget(self.labels["weights"])
        col.addWidget(self.weights, 1)
        form = QFormLayout()
        form.addRow(self.labels["move_cost"], self.move_cost)
        form.addRow(self.labels["sampler"], self.sampler)
        col.addLayout(form)
        row.addLayout(col, 3)
        col = QVBoxLayout()
        col.addWidget(self.labels["no_worse"])
        col.addWidget(self.no_worse)
        col.addWidget(self.hint)
        col.addStretch(1)
        row.addLayout(col, 2)
        col = QVBoxLayout()
        col.addWidget(self.labels["immovable"])
        col.addWidget(self.kinds, 1)
        row.addLayout(col, 2)

    def retranslate(self, lang: str) -> None:
        from lobbysim.model.kinds import FIXTURE_KINDS

        for key, label in self.labels.items():
            label.setText(self.t(key))
        self.hint.setText(self.t("no_worse_hint"))
        self.weights.setHorizontalHeaderLabels([self.t("objective"), self.t("weight")])
        for i in range(self.sampler.count()):
            code = self.sampler.itemData(i)
            self.sampler.setItemText(i, f"{code} — {self.t('sampler_' + code)}")
        self.no_worse.setToolTip(self._kpi_tip(lang))
        for i in range(self.kinds.count()):
            item = self.kinds.item(i)
            kind = FIXTURE_KINDS[item.data(Qt.UserRole)]
            item.setText(kind.zh if lang == "zh" else kind.en)

    @staticmethod
    def _kpi_tip(lang: str) -> str:
        """The KPIs a guard may name, each with its label (the names are the command line's)."""
        from lobbysim.sim.kpis import KPI_INFO

        lines = [
            f"{name}: {zh if lang == 'zh' else en}"
            for name, (en, zh, _unit, better) in KPI_INFO.items()
            if better in ("lower", "higher")
        ]
        return "\n".join(lines)

    # --- the weights, one per ticked objective ---------------------------------------------------------------
    def show_objectives(self, names: list[str], labels: list[str]) -> None:
        """One weight row for each ticked objective (a weight typed before comes back)."""
        self.weights.blockSignals(True)
        self.weights.setRowCount(len(names))
        for r, (name, label) in enumerate(zip(names, labels)):
            head = QTableWidgetItem(label)
            head.setFlags(Qt.ItemIsEnabled)
            head.setData(Qt.UserRole, name)
            self.weights.setItem(r, 0, head)
            self.weights.setItem(r, 1, QTableWidgetItem(self._weights.get(name, "1")))
        self.weights.blockSignals(False)

    def _weight_typed(self, item: QTableWidgetItem) -> None:
        if item.column() == 1:
            name = self.weights.item(item.row(), 0).data(Qt.UserRole)
            self._weights[name] = item.text()

    def set_weight(self, name: str, text: str) -> None:
        """Type a weight for an objective (ticked or not)."""
        self._weights[name] = text
        for r in range(self.weights.rowCount()):
            if self.weights.item(r, 0).data(Qt.UserRole) == name:
                self.weights.item(r, 1).setText(text)

    # --- the values, as the command line would take them ---------------------------------------------------------
    def weights_text(self) -> str | None:
        """``--weights``: the weights in the objectives' order."""
        return ",".join(self.weights.item(r, 1).text().strip() for r in range(self.weights.rowCount()))

    def no_worse_text(self) -> str | None:
        """``--no-worse`` (None when empty: the default guard)."""
        return self.no_worse.text().strip() or None

    def sampler_code(self) -> str:
        return self.sampler.currentData()

    def immovable(self) -> tuple[str, ...]:
        """``--immovable-kinds``: the ticked kinds."""
        return tuple(
            self.kinds.item(i).data(Qt.UserRole)
            for i in range(self.kinds.count())
            if self.kinds.item(i).checkState() == Qt.Checked
        )

    def set_immovable(self, kinds) -> None:
        kinds = set(kinds)
        for i in range(self.kinds.count()):
            item = self.kinds.item(i)
            item.setCheckState(Qt.Checked if item.data(Qt.UserRole) in kinds else Qt.Unchecked)

    def set_sampler(self, code: str) -> None:
        self.sampler.setCurrentIndex(self.sampler.findData(code))


__all__ = ["TEXTS", "AdvancedPanel"]
