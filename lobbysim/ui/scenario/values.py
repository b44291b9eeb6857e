"""Scenario values as the texts of table cells and back, the helpers that keep a number's type
as loaded, and the shape a document needs to be shown in the editor at all."""

from __future__ import annotations

import json
import math
import re

from lobbysim.sim.scenario import FORMAT


def fmt_value(v) -> str:
    """A JSON scalar as the text of a cell (numbers as in the file: 5, 0.38)."""
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    return json.dumps(v, ensure_ascii=False)


def parse_number(text: str):
    """A cell's text as an int or float; text that is not a finite number comes back unchanged, so
    the scenario parser names the field and the bad value."""
    t = text.strip()
    if re.fullmatch(r"[+-]?\d+", t):
        return int(t)
    try:
        v = float(t)
    except ValueError:
        return text
    return v if math.isfinite(v) else text


def fmt_list(v) -> str:
    return ", ".join(str(x) for x in v) if isinstance(v, list) else json.dumps(v, ensure_ascii=False)


def parse_list(text: str) -> list[str]:
    return [x.strip() for x in re.split(r"[,;，；\s]+", text) if x.strip()]


def structure_problem(doc) -> str | None:
    """Why a document cannot be shown in the editor at all (the tables need lists of objects),
    or None. Anything finer is left to the scenario parser, so the user can fix it here."""
    if not isinstance(doc, dict):
        return "a scenario must be a JSON object"
    fmt = doc.get("format", FORMAT)
    if fmt != FORMAT:
        return f"is a '{fmt}' document, not a lobbysim scenario ('{FORMAT}')"
    for key in ("staff", "business"):
        v = doc.get(key, [])
        if not isinstance(v, list) or not all(isinstance(x, dict) for x in v):
            return f"field '{key}' must be a list of objects"
    arr = doc.get("arrivals", {})
    if not isinstance(arr, dict):
        return "field 'arrivals' must be an object"
    for key in ("day_factors", "hourly"):
        if not isinstance(arr.get(key, {}), dict):
            return f"field 'arrivals.{key}' must be an object"
    if not isinstance(arr.get("hourly", {}).get("shares", []), list):
        return "field 'arrivals.hourly.shares' must be a list"
    return None


def _is_num(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _same_type(orig, v):
    """Keep an integer an integer (5, not 5.0) and a float a float (1.0, not 1) when it fits."""
    if not _is_num(v):
        return v
    if isinstance(orig, int) and not isinstance(orig, bool) and float(v).is_integer():
        return int(v)
    if isinstance(orig, float) or isinstance(v, float):
        return float(v)
    return v


def _kept(orig, shown, tol: float):
    """The file's value while a spin box shows it (rounded to its steps), else the spin box's."""
    if _is_num(orig) and abs(orig - shown) < tol:
        return orig
    return _same_type(orig, shown)


def _put(d: dict, key: str, value) -> None:
    """Set ``key``, or drop it when the cell is empty."""
    if value is None or value == "":
        d.pop(key, None)
    else:
        d[key] = value


def _normalised(shares: list[float]) -> list[float]:
    total = sum(shares)
    return [round(s / total, 6) for s in shares]


def _hour_of(clock, default: float) -> float:
    if isinstance(clock, str) and re.fullmatch(r"\d{1,2}:\d{2}(:\d{2})?", clock.strip()):
        h, m = clock.strip().split(":")[:2]
        return int(h) + int(m) / 60
    return default
