"""Days, day names, KPI labels and number formats: the one home of the words and numbers that the
command line, the exports, the report and the editor print.

``fmt_number`` writes a plain number for tables (three significant figures or so); ``fmt_value``
writes a KPI value for people (shares as percent, counts without decimals, minutes with one or
two decimals). Every printed KPI figure goes through one of them, so the same value reads the
same on every page.
"""

from __future__ import annotations

import math

from lobbysim.sim.scenario import DAYS

#: the pseudo-day of a whole week (the seven days weighted as they occur; see ``week.py``)
WEEK = "week"

#: day code -> (Chinese, English)
DAY_NAMES: dict[str, tuple[str, str]] = {
    "mon": ("周一", "Monday"),
    "tue": ("周二", "Tuesday"),
    "wed": ("周三", "Wednesday"),
    "thu": ("周四", "Thursday"),
    "fri": ("周五", "Friday"),
    "sat": ("周六", "Saturday"),
    "sun": ("周日", "Sunday"),
    WEEK: ("一周", "Week"),
}

#: unit of a KPI -> (Chinese, English) as written after a number ('' for none)
UNITS: dict[str, tuple[str, str]] = {
    "min": ("分钟", "min"),
    "m": ("米", "m"),
    "customers": ("人", ""),
    "contacts": ("次", ""),
    "conversions": ("个", ""),
    "calls": ("次", ""),
    "leads": ("个", ""),
    "alerts": ("次", ""),
    "authorisations": ("次", ""),
    "transactions": ("笔", ""),
    "seats": ("个", ""),
    "share": ("%", "%"),
}

#: verdict -> (Chinese, English) as printed in tables
VERDICT_WORDS: dict[str, tuple[str, str]] = {
    "better": ("改善", "better"),
    "worse": ("变差", "worse"),
    "changed": ("有变化", "changed"),
    "same": ("无实质变化", "no meaningful change"),
    "inconclusive": ("尚无定论", "inconclusive"),
    "n/a": ("无法判断", "cannot judge"),
}

__all__ = [
    "DAYS",
    "WEEK",
    "DAY_NAMES",
    "UNITS",
    "VERDICT_WORDS",
    "T",
    "day_name",
    "kpi_label",
    "kpi_unit",
    "fmt_number",
    "fmt_value",
    "fmt_with_unit",
    "verdict_word",
]


def T(zh: str, en: str, lang: str) -> str:
    """A label in the chosen language ('both' puts Chinese first)."""
    if lang == "zh":
        return zh
    if lang == "both":
        return f"{zh} {en}" if zh != en else zh
    return en


def day_name(day: str, lang: str) -> str:
    return T(*DAY_NAMES.get(day, (day, day)), lang)


def kpi_label(name: str, lang: str) -> str:
    """The KPI's label from ``KPI_INFO`` in the language ('both': Chinese and English)."""
    from lobbysim.sim.kpis import KPI_INFO

    info = KPI_INFO.get(name)
    return name if info is None else T(info[1], info[0], lang)


def kpi_unit(name: str) -> str:
    from lobbysim.sim.kpis import KPI_INFO

    info = KPI_INFO.get(name)
    return info[2] if info else ""


def verdict_word(verdict: str, lang: str) -> str:
    return T(*VERDICT_WORDS.get(verdict, (verdict, verdict)), lang)


def _missing(v: object) -> bool:
    return v is None or (isinstance(v, float) and not math.isfinite(v))


def fmt_number(v: float | None, sign: bool = False) -> str:
    """A plain number for tables: no decimals from 100, one from 10, two below, three significant
    figures for tiny values; '-' for none."""
    if v is None or _missing(v):
        return "-"
    s = "+" if sign and v > 0 else ""
    av = abs(v)
    if av >= 100:
        return f"{s}{v:.0f}"
    if av >= 10:
        return f"{s}{v:.1f}"
    if av >= 0.01 or v == 0:
        return f"{s}{v:.2f}"
    return f"{s}{v:.3g}"


def _share_text(v: float, sign: bool) -> str:
    x = 100 * v
    txt = f"{x:.1f}"
    if txt in ("-0.0", "0.0"):
        return "0.0%"
    return ("+" if sign and x > 0 else "") + txt + "%"


def _plain_text(v: float, unit: str) -> str:
    """Minutes with one or two decimals, metres with none from 100, counts without decimals."""
    if unit == "min":
        return f"{v:.2f}" if abs(v) < 1 else f"{v:.1f}"
    if unit == "m":
        return f"{v:.1f}" if abs(v) < 100 else f"{v:.0f}"
    if abs(v - round(v)) < 1e-9 or abs(v) >= 100:
        return f"{v:.0f}"  # a count
    return f"{v:.1f}" if abs(v) >= 1 else f"{v:.2f}"


def fmt_value(v: float | None, unit: str, sign: bool = False) -> str:
    """A KPI value for people: shares as percent, counts without needless decimals."""
    if v is None or _missing(v):
        return "-"
    if unit == "share":
        return _share_text(v, sign)
    txt = _plain_text(v, unit)
    if float(txt) == 0:
        if v == 0:
            return txt.lstrip("-")
        txt = f"{v:.1g}"  # small but not zero: one significant digit
    return ("+" if sign and v > 0 else "") + txt


def fmt_with_unit(v: float | None, unit: str, lang: str, sign: bool = False) -> str:
    """``fmt_value`` followed by the unit's word in the language ('3.2 min', '3.2 分钟', '12.5%')."""
    s = fmt_value(v, unit, sign)
    if unit == "share" or s == "-":
        return s
    uz, ue = UNITS.get(unit, ("", ""))
    u = ue if lang in ("en", "both") else uz
    return f"{s} {u}".rstrip() if u else s
