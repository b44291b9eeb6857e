"""Typed reading of scenario documents: the shared :class:`lobbysim.model.jsonio.Reader` with
what scenarios add (clock times, time spans, maps keyed by day or code), so every field of
every section is type-checked before use and a problem is one line naming the file, the
element (a dotted path such as ``policies.flex_rota``) and the field."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from lobbysim.model.jsonio import Reader, json_type, short

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_clock_text(v: Any) -> float | None:
    """'HH:MM' or 'HH:MM:SS' -> seconds since midnight (None when it is not a clock time)."""
    if not isinstance(v, str):
        return None
    parts = v.strip().split(":")
    try:
        nums = [float(p) for p in parts]
    except ValueError:
        return None
    if (
        2 <= len(nums) <= 3
        and all(math.isfinite(n) and n >= 0 for n in nums)
        and nums[1] < 60
        and (len(nums) < 3 or nums[2] < 60)
        and nums[0] <= 48
    ):
        return nums[0] * 3600 + nums[1] * 60 + (nums[2] if len(nums) == 3 else 0.0)
    return None


def fmt_clock(s: float) -> str:
    """Seconds since midnight -> 'HH:MM' (or 'HH:MM:SS' when there are seconds)."""
    s = round(s)
    h, m, sec = int(s // 3600), int(s % 3600 // 60), int(s % 60)
    return f"{h:02d}:{m:02d}" + (f":{sec:02d}" if sec else "")


class ScenarioReader(Reader):
    """The shared typed reader plus the field types of scenarios."""

    def section(self, d: dict, key: str, allowed: Iterable[str], el: str | None = None) -> dict:
        """The object under ``key`` with its keys checked ({} when absent or null)."""
        return self.obj(d, key, el, allowed=set(allowed))

    def clock(self, d: dict, key: str, el: str | None, default: str | None = None) -> float:
        if key in d:
            v = d[key]
        elif default is not None:
            v = default
        else:
            self.fail(f"field '{key}' is missing", el)
        s = parse_clock_text(v)
        if s is None:
            self.fail(f"field '{key}' must be a clock time like \"09:00\", got {short(v)}", el)
        return s

    def spans(self, d: dict, key: str, el: str | None, default: list | None = None, limit: int = 12) -> tuple:
        """A list of ["HH:MM", "HH:MM"] spans, sorted, each ending after it starts, not overlapping."""
        items = d.get(key, default)
        if items is None:
            return ()
        if not isinstance(items, list):
            self.fail(f'field \'{key}\' must be a list of ["HH:MM", "HH:MM"], got {json_type(items)}', el)
        if len(items) > limit:
            self.fail(f"field '{key}' has {len(items)} spans; at most {limit} are allowed", el)
        out = []
        for i, sp in enumerate(items):
            if not isinstance(sp, list) or len(sp) != 2:
                self.fail(f'field \'{key}\' item {i + 1} must be ["HH:MM", "HH:MM"], got {short(sp)}', el)
            a, b = parse_clock_text(sp[0]), parse_clock_text(sp[1])
            if a is None or b is None:
                self.fail(f"field '{key}' item {i + 1} must hold clock times like \"09:00\", got {short(sp)}", el)
            if b <= a:
                self.fail(f"field '{key}' item {i + 1} ends before it starts ({sp[0]}–{sp[1]})", el)
            out.append((a, b))
        out.sort()
        for (a0, b0), (a1, b1) in zip(out, out[1:]):
            if a1 < b0:
                self.fail(f"'{key}' overlap: {fmt_clock(a0)}–{fmt_clock(b0)} and {fmt_clock(a1)}–{fmt_clock(b1)}", el)
        return tuple(out)

    def text_or_none(self, d: dict, key: str, el: str | None) -> str | None:
        """An optional element id: text, or absent / null."""
        v = d.get(key)
        if v is None:
            return None
        if not isinstance(v, str):
            self.fail(f"field '{key}' must be an element id (text), got {json_type(v)}", el)
        return v

    def strings(self, d: dict, key: str, el: str | None, choices: Iterable[str] | None = None, default=()) -> tuple:
        """A list of texts (each one of ``choices`` when given)."""
        if key not in d or d[key] is None:
            return tuple(default)
        items = self.lst(d, key, el)
        allowed = tuple(choices) if choices is not None else None
        for v in items:
            if not isinstance(v, str):
                self.fail(f"field '{key}' must hold texts, got {short(v)}", el)
            if allowed is not None and v not in allowed:
                self.fail(f"field '{key}' has '{v}', expected one of: {', '.join(allowed)}", el)
        return tuple(items)

    def shares(self, d: dict, key: str, el: str | None, names: Iterable[str], what: str, tol: float) -> dict:
        """{name: share} over known ``names``, each in [0, 1], summing to 1."""
        m = self.obj(d, key, el, required=True)
        sub = f"{el}.{key}" if el else key
        self.keys(m, set(names), sub)
        out = {k: self.number(m, k, sub, min=0, max=1) for k in m}
        if not out:
            self.fail(f"field '{key}' must name at least one {what}", el)
        total = sum(out.values())
        if abs(total - 1.0) > tol:
            self.fail(f"field '{key}': shares sum to {total:.4f}, not 1", el)
        return out

    def objects(self, d: dict, key: str, el: str, most: int, what: str) -> list[tuple[str, dict]]:
        """The list of objects under ``key`` as (``el.key[i]``, object), refusing more than ``most``
        and any item that is not an object."""
        items = self.lst(d, key, el)
        sub = f"{el}.{key}" if el else key
        self.limit(len(items), most, what, sub)
        out = []
        for i, x in enumerate(items):
            where = f"{sub}[{i + 1}]"
            if not isinstance(x, dict):
                self.fail(f"must be an object, got {json_type(x)}", where)
            out.append((where, x))
        return out

    def limit(self, n: int, most: int, what: str, el: str | None) -> None:
        """Refuse more than ``most`` items of ``what`` (a documented limit: see the scenario module)."""
        if n > most:
            self.fail(f"has {n} {what}; at most {most} are allowed", el)
