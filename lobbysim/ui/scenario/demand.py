"""The Demand tab: customers per day, day factors, and the hourly shares of a day's arrivals as
a bar chart whose bars are dragged to their height (spin boxes give the exact value); the shares
are scaled to sum to 1 when the document is taken."""

from __future__ import annotations

import copy
import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lobbysim.sim.scenario import DAYS

from .hourly_chart import HourlyChart
from .values import _hour_of, _is_num, _kept, _normalised, _same_type, fmt_value, parse_number


class DemandTab:
    """The Demand tab of the scenario editor: customers per day, day factors, and the hourly
    shares of a day's arrivals as a bar chart and as spin boxes with the exact values."""

    def _build_demand(self) -> QWidget:
        #: the hourly shares shown (fractions) and whether they differ from the file's
        self._shares: list[float] = []
        self._shares_edited = False
        w = QWidget()
        v = QVBoxLayout(w)
        row = QHBoxLayout()
        self.per_day = QSpinBox(minimum=0, maximum=100_000, singleStep=10)
        self.date_factor = QDoubleSpinBox(decimals=3, minimum=0, maximum=100, singleStep=0.05)
        self.per_day_label, self.date_factor_label = QLabel(), QLabel()
        for x in (self.per_day_label, self.per_day, self.date_factor_label, self.date_factor):
            row.addWidget(x)
        row.addStretch(1)
        self.per_day.valueChanged.connect(self._demand_changed)
        self.date_factor.valueChanged.connect(self._demand_changed)
        v.addLayout(row)
        self.day_label = QLabel()
        v.addWidget(self.day_label)
        self.day_table = QTableWidget(2, len(DAYS))
        self.day_table.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.day_table.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.day_table.setFixedHeight(
            self.day_table.horizontalHeader().sizeHint().height()
            + 2 * self.day_table.verticalHeader().defaultSectionSize()
            + 2 * self.day_table.frameWidth()
        )
        self.day_table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.day_table.itemChanged.connect(self._day_item_changed)
        v.addWidget(self.day_table)
        self.chart = HourlyChart(w)
        self.chart.edited.connect(self._bar_edited)
        v.addWidget(self.chart, 1)
        self.hour_grid = QGridLayout()
        self.hour_spins: list[QDoubleSpinBox] = []
        self.hour_labels: list[QLabel] = []
        v.addLayout(self.hour_grid)
        row = QHBoxLayout()
        self.start_hour_label = QLabel()
        self.start_hour = QSpinBox(minimum=0, maximum=23)
        self.start_hour.valueChanged.connect(self._start_hour_changed)
        self.add_hour_button, self.remove_hour_button, self.normalise_button = (
            QPushButton(),
            QPushButton(),
            QPushButton(),
        )
        self.add_hour_button.clicked.connect(self.add_hour)
        self.remove_hour_button.clicked.connect(self.remove_hour)
        self.normalise_button.clicked.connect(self.normalise_hourly)
        self.hourly_sum = QLabel()
        for x in (
            self.start_hour_label,
            self.start_hour,
            self.add_hour_button,
            self.remove_hour_button,
            self.normalise_button,
        ):
            row.addWidget(x)
        row.addWidget(self.hourly_sum, 1)
        v.addLayout(row)
        return w

    def _show_arrivals(self, arr: dict) -> None:
        """Fill the tab from the document's ``arrivals`` (while loading)."""
        self.per_day.setValue(int(round(arr.get("per_day", 250))) if _is_num(arr.get("per_day", 250)) else 250)
        self.date_factor.setValue(arr.get("date_factor", 1.0) if _is_num(arr.get("date_factor", 1.0)) else 1.0)
        df = arr.get("day_factors", {})
        self.day_table.blockSignals(True)
        for j, d in enumerate(DAYS):
            self.day_table.setItem(0, j, QTableWidgetItem(fmt_value(df.get(d, 1.0))))
            it = QTableWidgetItem()
            it.setFlags(Qt.ItemIsEnabled)
            self.day_table.setItem(1, j, it)
        self.day_table.blockSignals(False)
        hourly = arr.get("hourly", {})
        self.start_hour.setValue(int(hourly.get("start_hour", 0)) if _is_num(hourly.get("start_hour", 0)) else 0)
        shares = hourly.get("shares", [])
        self._shares = [float(s) if _is_num(s) else 0.0 for s in shares]
        self._shares_edited = not all(_is_num(s) for s in shares)
        self._rebuild_hour_spins()

    def _rebuild_hour_spins(self) -> None:
        while self.hour_grid.count():
            w = self.hour_grid.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        self.hour_spins, self.hour_labels = [], []
        for i, s in enumerate(self._shares):
            lab = QLabel(f"{self.start_hour.value() + i:02d}")
            lab.setAlignment(Qt.AlignCenter)
            sp = QDoubleSpinBox(decimals=3, minimum=0, maximum=100, singleStep=0.5)
            sp.setValue(s * 100)
            sp.valueChanged.connect(lambda val, i=i: self._spin_edited(i, val))
            self.hour_grid.addWidget(lab, 0, i)
            self.hour_grid.addWidget(sp, 1, i)
            self.hour_labels.append(lab)
            self.hour_spins.append(sp)

    def _spin_edited(self, i: int, percent: float) -> None:
        if self._loading:
            return
        self._shares[i] = round(percent / 100, 6)
        self._shares_edited = True
        self._refresh_chart()
        self._update_sums()
        self._touch()

    def _bar_edited(self, i: int, share: float) -> None:
        self._shares[i] = share
        self._shares_edited = True
        sp = self.hour_spins[i]
        blocked = sp.blockSignals(True)
        sp.setValue(share * 100)
        sp.blockSignals(blocked)
        self._update_sums()
        self._touch()

    def hourly_shares(self) -> list[float]:
        """The hourly shares as shown (not yet scaled to sum to 1)."""
        return list(self._shares)

    def set_hourly_share(self, i: int, share: float) -> None:
        self.hour_spins[i].setValue(share * 100)

    def add_hour(self) -> None:
        self._shares.append(0.0)
        self._hours_changed()

    def remove_hour(self) -> None:
        if self._shares:
            self._shares.pop()
            self._hours_changed()

    def _hours_changed(self) -> None:
        self._shares_edited = True
        self._rebuild_hour_spins()
        self._refresh_chart(rescale=True)
        self._update_sums()
        self._touch()

    def normalise_hourly(self) -> None:
        total = sum(self._shares)
        if total > 0:
            self._shares = _normalised(self._shares)
            self._shares_edited = True
            self._show_shares()
            self._touch()

    def _show_shares(self) -> None:
        """Set the spin boxes and the chart to ``_shares`` (not an edit)."""
        loading, self._loading = self._loading, True
        for sp, s in zip(self.hour_spins, self._shares):
            sp.setValue(s * 100)
        self._loading = loading
        self._refresh_chart(rescale=True)
        self._update_sums()

    def _start_hour_changed(self, h: int) -> None:
        for i, lab in enumerate(self.hour_labels):
            lab.setText(f"{h + i:02d}")
        self._refresh_chart(rescale=True)
        self._touch()

    def _refresh_chart(self, rescale: bool = False) -> None:
        hours = self._tree_value("hours") or {}
        o, c = _hour_of(hours.get("open", "00:00"), 0.0), _hour_of(hours.get("close", "24:00"), 24.0)
        self.chart.start_hour, self.chart.shares, self.chart.lang = self.start_hour.value(), self._shares, self.lang
        self.chart.open_hours = (o, c)
        self.chart.refresh(rescale=rescale)

    def _demand_changed(self, *_):
        self._update_day_customers()
        self._touch()

    def _day_item_changed(self, item) -> None:
        if item.row() == 0:
            self._update_day_customers()
            self._touch()

    def _update_day_customers(self) -> None:
        if self.day_table.item(1, 0) is None:
            return
        blocked = self.day_table.blockSignals(True)
        for j in range(len(DAYS)):
            f = parse_number(self.day_table.item(0, j).text()) if self.day_table.item(0, j) else 1.0
            n = self.per_day.value() * self.date_factor.value() * f if _is_num(f) else float("nan")
            self.day_table.item(1, j).setText("?" if math.isnan(n) else f"{n:.0f}")
        self.day_table.blockSignals(blocked)

    def _arrivals_doc(self) -> dict:
        arr = copy.deepcopy(self._doc.get("arrivals", {}))
        if "per_day" in arr or self.per_day.value() != 250:
            arr["per_day"] = _kept(arr.get("per_day"), self.per_day.value(), 0.5)
        df = arr.setdefault("day_factors", {}) if "day_factors" in arr else {}
        for j, d in enumerate(DAYS):
            v = parse_number(self.day_table.item(0, j).text())
            if d in df or v != 1.0:
                df[d] = _same_type(df.get(d), v)
        if df and "day_factors" not in arr:
            arr["day_factors"] = df
        if "date_factor" in arr or abs(self.date_factor.value() - 1.0) > 1e-12:
            arr["date_factor"] = _kept(arr.get("date_factor"), self.date_factor.value(), 5e-4)
        if "hourly" in arr or self._shares:
            hourly = arr.setdefault("hourly", {})
            if "start_hour" in hourly or self.start_hour.value() != 0:
                hourly["start_hour"] = _kept(hourly.get("start_hour"), self.start_hour.value(), 0.5)
            if self._shares_edited:
                total = sum(self._shares)
                hourly["shares"] = (
                    _normalised(self._shares) if total > 0 and abs(total - 1) > 1e-9 else list(self._shares)
                )
        return arr
