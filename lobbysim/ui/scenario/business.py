"""The Business mix tab: one row per kind of business with its share, the fixture kinds that
serve it and its service time (a distribution and its parameters, such as ``mean=5, cv=0.8``)."""

from __future__ import annotations

import copy
import json
import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QTableWidgetItem, QWidget

from lobbysim.sim.dists import DIST_NAMES

from .tables import free_id, remove_selected, row_of, table_tab
from .values import _is_num, _put, fmt_list, fmt_value, parse_list, parse_number

#: parameters a service-time distribution needs, with a starting value when the distribution changes
DIST_PARAMS = {
    "exponential": {"mean": 5},
    "lognormal": {"mean": 5, "cv": 0.8},
    "gamma": {"mean": 5, "cv": 0.8},
    "deterministic": {"value": 5},
    "empirical": {"values": [5]},
    "weibull": {"mean": 5, "shape": 2},
    "normal": {"mean": 5, "sd": 1, "min": 0.5, "max": 30},
    "uniform": {"min": 2, "max": 8},
}
BUSINESS_COLS = (
    "code",
    "name_zh",
    "name_en",
    "share",
    "fixtures",
    "dist",
    "params",
    "by_kind",
    "vip_share",
    "conversion",
    "authorisation",
    "triage",
)


def fmt_params(dist: dict) -> str:
    return ", ".join(
        f"{k}={fmt_value(v) if not isinstance(v, list) else json.dumps(v)}" for k, v in dist.items() if k != "dist"
    )


def fmt_by_kind(by_kind) -> str:
    """{"smart_counter": {"dist": "lognormal", "mean": 4, "cv": 0.5}} -> 'smart_counter: lognormal mean=4, cv=0.5'."""
    if not isinstance(by_kind, dict):
        return ""
    return "; ".join(
        f"{kind}: {d.get('dist', '')} {fmt_params(d)}".rstrip() if isinstance(d, dict) else f"{kind}: {fmt_value(d)}"
        for kind, d in by_kind.items()
    )


def parse_by_kind(text: str) -> dict:
    """The inverse of ``fmt_by_kind``: 'kind: dist name=value, ...' entries separated by ';'."""
    out = {}
    for part in re.split(r"[;；]", text):
        if not part.strip():
            continue
        kind, _, rest = part.partition(":")
        words = rest.strip().split(None, 1)
        dist = words[0] if words and "=" not in words[0] else ""
        params = parse_params(words[1] if dist and len(words) > 1 else ("" if dist else rest))
        out[kind.strip()] = {"dist": dist, **params} if dist else params
    return out


def parse_params(text: str) -> dict:
    """'mean=5, cv=0.8' (or 'values=[1, 2]') -> {"mean": 5, "cv": 0.8}."""
    out = {}
    for k, v in re.findall(r"([A-Za-z_]\w*)\s*[=:]\s*(\[[^\]]*\]|[^,;\s]+)", text):
        if v.startswith("["):
            try:
                out[k] = json.loads(v)
            except ValueError:
                out[k] = v
        else:
            out[k] = parse_number(v)
    return out


class BusinessTab:
    """The Business mix tab of the scenario editor: one row per kind of business with its share,
    where it is served and its service time."""

    def _build_business(self) -> QWidget:
        self.business_sum = QLabel()
        self.scale_business_button = QPushButton()
        self.scale_business_button.clicked.connect(self.scale_business_shares)
        tail = QWidget()
        h = QHBoxLayout(tail)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(self.scale_business_button)
        h.addWidget(self.business_sum, 1)
        w, self.business_table, self.add_business_button, self.remove_business_button = table_tab(
            BUSINESS_COLS, self._business_item_changed, self.add_business, self.remove_selected_business, tail
        )
        return w

    def scale_business_shares(self) -> bool:
        """Scale every business share so they sum to 1 (False when they cannot be: a share that
        is not a number, or all zero)."""
        col = BUSINESS_COLS.index("share")
        items = [self.business_table.item(r, col) for r in range(self.business_table.rowCount())]
        values = [parse_number(it.text()) if it is not None else 0 for it in items]
        if not values or not all(_is_num(v) and v >= 0 for v in values) or sum(values) <= 0:
            return False
        total = sum(values)
        for it, v in zip(items, values):
            if it is not None:
                it.setText(fmt_value(round(v / total, 6)))
        return True

    def add_business(self, spec: dict | None = None) -> int:
        """Append a business row (a new kind of business with share 0 if ``spec`` is None)."""
        t = self.business_table
        if spec is None:
            spec = {
                "code": free_id(t, "business"),
                "name_en": "",
                "name_zh": "",
                "share": 0.0,
                "fixtures": ["cash_counter"],
                "service": {"dist": "lognormal", "mean": 5, "cv": 0.8},
            }
            self._touch()
        loading, self._loading = self._loading, True
        r = t.rowCount()
        t.insertRow(r)
        for c, key in enumerate(BUSINESS_COLS):
            if key in ("dist", "authorisation", "triage"):
                continue
            if key == "fixtures":
                text = fmt_list(spec.get("fixtures", []))
            elif key == "by_kind":
                text = fmt_by_kind(spec.get("service_by_kind"))
            elif key == "params":
                svc = spec.get("service")
                text = (
                    fmt_params(svc)
                    if isinstance(svc, dict)
                    else (f"value={fmt_value(svc)}" if _is_num(svc) else fmt_value(svc))
                )
            else:
                text = fmt_value(spec.get(key))
            it = QTableWidgetItem(text)
            if c == 0:
                it.setData(Qt.UserRole, self._keep_source(spec))
            t.setItem(r, c, it)
        dist = QComboBox()
        for name in DIST_NAMES:
            dist.addItem(name, name)
        svc = spec.get("service")
        cur = svc.get("dist") if isinstance(svc, dict) else ("deterministic" if _is_num(svc) else None)
        if cur is not None and dist.findData(cur) < 0:
            dist.addItem(str(cur), cur)
        dist.setCurrentIndex(max(0, dist.findData(cur)))
        dist.currentIndexChanged.connect(lambda _i, cb=dist: self._dist_changed(cb))
        t.setCellWidget(r, BUSINESS_COLS.index("dist"), dist)
        for key in ("authorisation", "triage"):
            it = QTableWidgetItem()
            it.setFlags(Qt.ItemIsEnabled | Qt.ItemIsUserCheckable | Qt.ItemIsSelectable)
            it.setCheckState(Qt.Checked if spec.get(key) is True else Qt.Unchecked)
            t.setItem(r, BUSINESS_COLS.index(key), it)
        self._loading = loading
        self._update_sums()
        return r

    def _dist_changed(self, cb: QComboBox) -> None:
        """A new service distribution keeps the mean and asks for the parameters it needs."""
        t = self.business_table
        for r in range(t.rowCount()):
            if t.cellWidget(r, BUSINESS_COLS.index("dist")) is cb:
                item = t.item(r, BUSINESS_COLS.index("params"))
                old = parse_params(item.text())
                new = dict(DIST_PARAMS.get(cb.currentData(), {}))
                for k in new:
                    if k in old:
                        new[k] = old[k]
                    elif k in ("mean", "value") and ("mean" in old or "value" in old):
                        new[k] = old.get("mean", old.get("value"))
                item.setText(fmt_params(new))
        self._touch()

    def remove_selected_business(self) -> None:
        if remove_selected(self.business_table):
            self._update_sums()
            self._touch()

    def business_row(self, code: str) -> int:
        return row_of(self.business_table, code)

    def business_cell(self, row: int, key: str) -> QTableWidgetItem:
        return self.business_table.item(row, BUSINESS_COLS.index(key))

    def _business_item_changed(self, item) -> None:
        if BUSINESS_COLS[item.column()] == "share":
            self._update_sums()
        self._touch()

    def _business_docs(self) -> list[dict]:
        t = self.business_table
        out = []
        for r, src in self._loaded_rows(t):
            b = copy.deepcopy(src)
            cell = lambda k, r=r: t.item(r, BUSINESS_COLS.index(k)).text()  # noqa: E731
            b["code"] = cell("code").strip()
            for key in ("name_zh", "name_en"):
                if cell(key).strip() or key in src:
                    b[key] = cell(key).strip()
            for key in ("share", "vip_share", "conversion"):
                text = cell(key).strip()
                if text != fmt_value(src.get(key)):
                    _put(b, key, parse_number(text) if text else None)
            fixtures = parse_list(cell("fixtures"))
            if fixtures != src.get("fixtures"):
                b["fixtures"] = fixtures
            dist = t.cellWidget(r, BUSINESS_COLS.index("dist")).currentData()
            params = parse_params(cell("params"))
            svc = src.get("service")
            if not (isinstance(svc, dict) and svc.get("dist") == dist and parse_params(fmt_params(svc)) == params):
                b["service"] = {"dist": dist, **params}
            by_kind = cell("by_kind").strip()
            if by_kind != fmt_by_kind(src.get("service_by_kind")):
                _put(b, "service_by_kind", parse_by_kind(by_kind) or None)
            for key in ("authorisation", "triage"):
                on = t.item(r, BUSINESS_COLS.index(key)).checkState() == Qt.Checked
                if on or key in src:
                    b[key] = on
            out.append(b)
        return out
