"""The KPI tables of the Simulate dock and the compare dialog, in the interface language.

One run: KPI | mean | 95% interval. A comparison: the first variant, then each other variant
with its paired difference to the first (the comparison JSON of ``compare()``), cells coloured
by the verdict, and for two variants the interval of B − A and the verdict in words. Numbers
and verdicts are written as the command line and the report write them (``experiments.labels``:
shares in percent, minutes and metres with sensible decimals, counts whole), every KPI named
with its unit.
"""

from __future__ import annotations

import math

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from lobbysim.experiments.labels import UNITS, fmt_value, verdict_word
from lobbysim.sim.kpis import KPI_INFO

from .i18n_text import tr

CONTEXT = "KpiTable"
COLOURS = {"better": "#d5f5d5", "worse": "#f9d6d5", "changed": "#dde8f6"}


def _t(text: str, lang: str) -> str:
    return tr(CONTEXT, text, lang)


def kpi_label(name: str, lang: str) -> str:
    """A KPI's name in ``lang`` with its unit after it ('Mean wait (min)'); the unit's name is the
    report's (lobbysim.report.figures.UNITS)."""
    info = KPI_INFO.get(name)
    if info is None:
        return name
    en, zh, unit, _better = info
    u_zh, u_en = UNITS.get(unit, ("", ""))
    name, unit = (zh, u_zh) if lang == "zh" else (en, u_en)
    return _t("{name} ({unit})", lang).format(name=name, unit=unit) if unit else name


def unit_of(name: str) -> str:
    info = KPI_INFO.get(name)
    return info[2] if info else ""


def value(v, name: str, sign: bool = False) -> str:
    return fmt_value(v, unit_of(name), sign)


def interval(lo, hi, name: str, sign: bool = False) -> str:
    if lo is None or hi is None or not (math.isfinite(lo) and math.isfinite(hi)):
        return "-"
    return f"[{value(lo, name, sign)}, {value(hi, name, sign)}]"


def verdict_text(word: str, lang: str) -> str:
    """A verdict in words, as the command line and the report print it."""
    return verdict_word(word, lang)


def prepare(table: QTableWidget) -> None:
    """A read-only table that never widens its dock: columns share the width, the KPI column
    stretches and long names are elided (the full name is the cell's tool tip)."""
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 6)
    h = table.horizontalHeader()
    h.setStretchLastSection(False)
    h.setMinimumSectionSize(40)


def fill(table: QTableWidget, header: list[str], rows: list[list[str]], verdicts: list[list[str]] | None = None):
    """Show the rows (texts) with their cells coloured by verdict; returns (header, rows, verdicts)."""
    table.clear()
    table.setColumnCount(len(header))
    table.setHorizontalHeaderLabels(header)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            it = QTableWidgetItem(text)
            it.setToolTip(text)
            word = verdicts[r][c] if verdicts else ""
            if word in COLOURS:
                it.setBackground(QColor(COLOURS[word]))
            table.setItem(r, c, it)
    h = table.horizontalHeader()
    table.resizeColumnsToContents()
    h.setSectionResizeMode(0, QHeaderView.Stretch)
    for c in range(1, len(header)):
        h.setSectionResizeMode(c, QHeaderView.ResizeToContents)
    return header, rows, verdicts or [[""] * len(header) for _ in rows]


def fill_summary(table: QTableWidget, result, day: str, lang: str):
    """One variant: KPI | mean | 95% interval."""
    rows = []
    for name in result.kpi_names():
        e = result.estimate(result.variants[0], day, name)
        rows.append([kpi_label(name, lang), value(e.mean, name), interval(e.lo, e.hi, name) if e.has_interval else "-"])
    return fill(table, [_t("KPI", lang), _t("mean", lang), _t("95% CI", lang)], rows)


def fill_comparison(table: QTableWidget, result, cmps: dict, day: str, lang: str):
    """Two or more variants on the same customers: differences to the first, coloured by verdict;
    returns (header, rows, verdicts), a row's verdicts being the comparison's words per cell."""
    base = result.variants[0]
    others = [v for v in result.variants[1:] if v in cmps]
    label = result.labels
    if len(others) == 1:
        b = others[0]
        header = [_t("KPI", lang), label.get(base, base), label.get(b, b), _t("B-A", lang)]
        header += [_t("95% CI of B-A", lang), _t("verdict", lang)]
    else:
        header = [_t("KPI", lang), label.get(base, base)]
        for v in others:
            header += [label.get(v, v), f"{label.get(v, v)} − {label.get(base, base)}"]
    rows, verdicts = [], []
    for name in result.kpi_names():
        per = [cmps[v]["days"][day]["kpis"].get(name) for v in others]
        if any(k is None for k in per):
            continue
        row, ver = [kpi_label(name, lang), value(per[0]["a"]["mean"], name)], ["", ""]
        if len(others) == 1:
            k = per[0]
            lo, hi = k["diff"]["ci95"]
            row += [value(k["b"]["mean"], name), value(k["diff"]["mean"], name, sign=True)]
            row += [interval(lo, hi, name, sign=True), verdict_text(k["verdict"], lang)]
            ver += [k["verdict"]] * 4
        else:
            for k in per:
                lo, hi = k["diff"]["ci95"]
                row += [
                    value(k["b"]["mean"], name),
                    f"{value(k['diff']['mean'], name, sign=True)} {interval(lo, hi, name, sign=True)}",
                ]
                ver += [k["verdict"], k["verdict"]]
        rows.append(row)
        verdicts.append(ver)
    return fill(table, header, rows, verdicts)


__all__ = ["fill_summary", "fill_comparison", "kpi_label", "prepare"]
