"""Dates and times as queue machines write them.

``2024-09-12 09:03:27``, ``2024/9/12 9:03``, ``2024年9月12日 9:03``, ``2024-09-12T09:03:27``, a
date and a time in separate columns, Excel serial numbers (``45547.377``: days since
1899-12-30) and the date/time objects a spreadsheet reader hands out. :func:`parse` returns
``(day, seconds)``: the day as a count of days since 1970-01-01 (or None when the value holds
no date) and the seconds since midnight (or None when it holds no time). Fast on purpose:
a million-row log has several million of these.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np

EPOCH = dt.date(1970, 1, 1)
#: Excel's serial day number of 1970-01-01
EXCEL_1970 = 25569
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*(?:[T\s]\s*(.*))?$")
_TIME = re.compile(r"^\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}(?:\.\d+)?))?\s*秒?\s*$")
_NUM = re.compile(r"^\s*\d+(?:\.\d+)?\s*$")

Parsed = tuple[int | None, float | None]
_date_cache: dict[tuple[int, int, int], int | None] = {}


def _day(y: int, m: int, d: int) -> int | None:
    key = (y, m, d)
    hit = _date_cache.get(key, -1)
    if hit != -1:
        return hit
    try:
        out: int | None = (dt.date(y, m, d) - EPOCH).days
    except ValueError:
        out = None
    if len(_date_cache) < 100_000:
        _date_cache[key] = out
    return out


def parse_time_text(s: str) -> float | None:
    """'09:03', '9:03:27', '09:03:27.5' -> seconds since midnight (None when not a time)."""
    if len(s) == 8 and s[2] == ":" and s[5] == ":":  # the common 'HH:MM:SS', without a regex
        try:
            h, m, sec = int(s[:2]), int(s[3:5]), int(s[6:])
        except ValueError:
            return None
        return h * 3600.0 + m * 60.0 + sec if h < 24 and m < 60 and sec < 60 else None
    mt = _TIME.match(s)
    if mt is None:
        return None
    h, m = int(mt.group(1)), int(mt.group(2))
    secs = float(mt.group(3)) if mt.group(3) else 0.0
    if h >= 24 or m >= 60 or secs >= 60:
        return None
    return h * 3600.0 + m * 60.0 + secs


def parse_text(s: str) -> Parsed | None:
    """A date and/or time written as text; None when it is neither."""
    s = s.strip()
    if not s:
        return None
    if len(s) == 19 and s[4] == "-" and s[7] == "-" and s[10] in " T":  # ISO, the usual case
        try:
            day = _day(int(s[:4]), int(s[5:7]), int(s[8:10]))
        except ValueError:
            day = None
        t = parse_time_text(s[11:])
        return (day, t) if day is not None and t is not None else None
    md = _DATE.match(s)
    if md is not None:
        day = _day(int(md.group(1)), int(md.group(2)), int(md.group(3)))
        if day is None:
            return None
        rest = md.group(4)
        if not rest:
            return (day, None)
        t = parse_time_text(rest)
        return (day, t) if t is not None else None
    t = parse_time_text(s)
    if t is not None:
        return (None, t)
    if _NUM.match(s):
        return parse_serial(float(s))
    return None


def parse_serial(v: float) -> Parsed | None:
    """An Excel serial number: whole days since 1899-12-30 plus the fraction of the day."""
    if not 0 <= v < 2_958_466:  # up to the year 9999
        return None
    whole = int(v)
    secs = round((v - whole) * 86400.0, 3)
    if v < 1:
        return (None, secs)
    return (whole - EXCEL_1970, secs if secs > 0 else None)


def parse(v) -> Parsed | None:
    """Any cell value (text, number, date/time object) -> (day, seconds) or None."""
    if v is None:
        return None
    if isinstance(v, str):
        return parse_text(v)
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return parse_serial(float(v))
    if isinstance(v, dt.datetime):
        return ((v.date() - EPOCH).days, v.hour * 3600.0 + v.minute * 60.0 + v.second + v.microsecond / 1e6)
    if isinstance(v, dt.date):
        return ((v - EPOCH).days, None)
    if isinstance(v, dt.time):
        return (None, v.hour * 3600.0 + v.minute * 60.0 + v.second + v.microsecond / 1e6)
    if isinstance(v, dt.timedelta):
        secs = v.total_seconds()
        return (None, secs) if 0 <= secs < 86400 else None
    return None


def day_name(day: int) -> str:
    """'2024-09-12' for a day number."""
    return (EPOCH + dt.timedelta(days=int(day))).isoformat()


def weekday(day: int) -> int:
    """0 = Monday ... 6 = Sunday."""
    return (int(day) + 3) % 7  # 1970-01-01 was a Thursday


def parse_day_name(s: str) -> int | None:
    got = parse_text(s)
    return got[0] if got is not None and got[1] is None else None


def parse_column(values: list) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A column of cells -> (day or -1, seconds or nan, unparseable) arrays. ISO text and datetime
    objects are converted by numpy in one go; anything else cell by cell with :func:`parse`."""
    n = len(values)
    day = np.full(n, -1, dtype=np.int64)
    sec = np.full(n, np.nan)
    bad = np.zeros(n, dtype=bool)
    # ISO text ('2024-09-02 09:03:27') and datetime objects go to numpy; the test is inline for speed
    fast = [
        i
        for i, v in enumerate(values)
        if (type(v) is str and len(v) == 19 and v[4] == "-" and v[10] in " T") or isinstance(v, dt.datetime)
    ]
    slow = set(range(n)).difference(fast) if len(fast) < n else set()
    if fast:
        try:
            stamps = np.array([values[i] for i in fast], dtype="datetime64[s]").astype(np.int64)
        except (ValueError, TypeError, OverflowError):
            slow.update(fast)
        else:
            idx = np.array(fast)
            day[idx] = stamps // 86400
            sec[idx] = stamps % 86400
    for i in slow:
        v = values[i]
        if v is None or (isinstance(v, str) and not v.strip()):
            continue
        got = parse(v)
        if got is None:
            bad[i] = True
            continue
        if got[0] is not None:
            day[i] = got[0]
        if got[1] is not None:
            sec[i] = got[1]
        elif got[0] is not None:
            sec[i] = np.nan  # a date without a time
    return day, sec, bad
