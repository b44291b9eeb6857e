"""Paths into a scenario document, as the ``ranges`` section writes them.

Dotted keys; an item of a list of objects is addressed by one of its fields, never by its position
(``business[code=cash]``, ``staff[id=rm3]``, ``policies.cover[rule=open_window]``,
``business[code=cash].steps_by_kind.cash_counter[name=transaction 办理]``); an hourly share by its
clock hour (``arrivals.hourly.shares[hour=10]`` is the share of 10:00-11:00). ``numeric_paths``
lists every number of a document in that spelling (for did-you-mean suggestions and pickers);
``group_of`` names the sum-to-one mix a share belongs to; ``unused_reason`` says when a business's
service time that a path names is never used by the model.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

#: top-level sections that hold no parameters
NOT_PARAMETERS = ("format", "version", "name", "notes", "analysis", "ranges")
#: fields that address an item of a list of objects, in order of preference for canonical paths
_ITEM_KEYS = ("code", "id", "name", "rule", "staff")
#: the sum-to-one groups of a scenario: a member's path pattern -> the group's path
_GROUPS = (
    (re.compile(r"^business\[code=[^\]]*\]\.share$"), "business[*].share"),
    (re.compile(r"^(arrivals\.(?:hourly|hourly_by_day\.[a-z]+)\.shares)\[hour=\d+\]$"), None),
    (re.compile(r"^(arrivals\.mix_by_day\.[a-z]+)\.[^.\[\]]+$"), None),
    (re.compile(r"^(policies\.flex_rota\.outcomes)\.[^.\[\]]+$"), None),
)


# --- paths --------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Step:
    """One step of a path: a key of an object, or the item of a list whose ``field`` is ``value``."""

    key: str
    field: str | None = None

    def text(self) -> str:
        return f"[{self.field}={self.key}]" if self.field is not None else self.key


_TOKEN = re.compile(r"\[([^=\]]+)=([^\]]*)\]|([^.\[\]]+)|(\.)")


def parse_path(text: str) -> tuple[Step, ...]:
    """'business[code=cash].service.mean' -> its steps; a malformed path is a ValueError."""
    steps: list[Step] = []
    pos, dot_ok = 0, False
    s = str(text).strip()
    while pos < len(s):
        m = _TOKEN.match(s, pos)
        if m is None:
            raise ValueError(f"cannot read the path at '{s[pos:]}'")
        if m.group(4):
            if not dot_ok:
                raise ValueError("a dot must follow a key or an item")
            dot_ok = False
        elif m.group(3) is not None:
            if steps and dot_ok:
                raise ValueError(f"a dot is missing before '{m.group(3)}'")
            steps.append(Step(m.group(3).strip()))
            dot_ok = True
        else:
            if not steps:
                raise ValueError("an item selector must follow a list's key")
            steps.append(Step(m.group(2).strip(), m.group(1).strip()))
            dot_ok = True
        pos = m.end()
    if not steps or not dot_ok:
        raise ValueError("the path is empty or ends with a dot")
    return tuple(steps)


def path_text(steps: Sequence[Step]) -> str:
    out = ""
    for st in steps:
        out += st.text() if st.field is not None or not out else "." + st.text()
    return out


def _item_key(items: list) -> str | None:
    """The field that names the items of a list of objects uniquely (None when none does)."""
    if not items or not all(isinstance(x, dict) for x in items):
        return None
    for k in _ITEM_KEYS:
        vals = [x.get(k) for x in items]
        if all(isinstance(v, str) for v in vals) and len(set(vals)) == len(vals):
            return k
    return None


def numeric_paths(doc: Any) -> Iterator[tuple[str, float]]:
    """(canonical path, value) of every number of a scenario document that a range can address."""
    stack: list[tuple[str, Any, Any]] = [(k, v, doc) for k, v in reversed(list(doc.items())) if k not in NOT_PARAMETERS]
    while stack:
        path, v, parent = stack.pop()
        if isinstance(v, bool):
            continue
        if isinstance(v, (int, float)):
            yield path, float(v)
        elif isinstance(v, dict):
            stack.extend((f"{path}.{k}", x, v) for k, x in reversed(list(v.items())))
        elif isinstance(v, list):
            stack.extend(reversed(list(_list_children(path, v, parent))))


def _list_children(path: str, v: list, parent: Any) -> Iterator[tuple[str, Any, Any]]:
    start = parent.get("start_hour") if isinstance(parent, dict) else None
    if path.endswith(".shares") and isinstance(start, int) and not isinstance(start, bool):
        for i, x in enumerate(v):
            yield f"{path}[hour={start + i}]", x, v
        return
    key = _item_key(v)
    if key is not None:
        for x in v:
            yield f"{path}[{key}={x[key]}]", x, v


@dataclass
class _Place:
    """Where a path leads: ``container[slot]`` holds the value."""

    container: Any
    slot: Any

    @property
    def value(self) -> Any:
        return self.container[self.slot]


def locate(doc: Any, steps: Sequence[Step]) -> _Place:
    """The place a path names in ``doc``; a KeyError with the reason when it names nothing."""
    cur: Any = doc
    holder: Any = None
    place: _Place | None = None
    for i, st in enumerate(steps):
        where = path_text(steps[:i]) or "the scenario"
        if st.field is None:
            if not isinstance(cur, dict) or st.key not in cur:
                raise KeyError(f"{where} has no '{st.key}'")
            place = _Place(cur, st.key)
        else:
            if not isinstance(cur, list):
                raise KeyError(f"{where} is not a list, so [{st.field}={st.key}] names nothing")
            place = _Place(cur, _select(cur, st, holder, where))
        holder, cur = cur, place.value
    assert place is not None
    return place


def _select(items: list, st: Step, holder: Any, where: str) -> int:
    if st.field == "hour" and isinstance(holder, dict) and "start_hour" in holder:
        try:
            i = int(st.key) - int(holder["start_hour"])
        except (TypeError, ValueError):
            raise KeyError(f"[hour={st.key}]: the hour must be a whole number") from None
        if not 0 <= i < len(items):
            h0 = int(holder["start_hour"])
            raise KeyError(f"{where} has shares for hours {h0} to {h0 + len(items) - 1}, not {st.key}")
        return i
    hits = [j for j, x in enumerate(items) if isinstance(x, dict) and str(x.get(st.field)) == st.key]
    if not hits:
        raise KeyError(f"{where} has no item with {st.field} = '{st.key}'")
    if len(hits) > 1:
        raise KeyError(f"{where} has {len(hits)} items with {st.field} = '{st.key}'; use a field that names one")
    return hits[0]


def group_of(param: str) -> str | None:
    """The sum-to-one group a canonical path belongs to (None: a value of its own)."""
    for pattern, name in _GROUPS:
        m = pattern.match(param)
        if m:
            return name or m.group(1)
    return None


def group_members(doc: Any, group: str) -> list[tuple[str, float]]:
    """(path, base value) of every member of a sum-to-one group, in the document's order."""
    return [(p, v) for p, v in numeric_paths(doc) if group_of(p) == group]


def unused_reason(doc: Any, steps: Sequence[Step]) -> str | None:
    """Why a business's service time that a path names is never used (None: it is used): a fixture
    kind whose transaction is given as steps (``steps_by_kind``) takes its times from the steps,
    and ``service_by_kind`` overrides the plain ``service`` at its kind."""
    if len(steps) < 3 or steps[0].key != "business" or steps[1].field is None:
        return None
    item = locate(doc, steps[:2]).value
    by_steps = set(item.get("steps_by_kind") or {})
    name = f"business {steps[1].key}"
    if steps[2].key == "service":
        return _plain_service_unused(item, by_steps, name)
    if steps[2].key == "service_by_kind" and len(steps) > 3 and steps[3].key in by_steps:
        return f"is not used: {name} is timed in steps at {steps[3].key}; give the range to a step's minutes"
    return None


def _plain_service_unused(item: dict, by_steps: set, name: str) -> str | None:
    kinds = [k for k in item.get("fixtures", []) if isinstance(k, str)]
    timed = by_steps | set(item.get("service_by_kind") or {})
    if not kinds or not all(k in timed for k in kinds):
        return None
    how = "in steps (steps_by_kind)" if all(k in by_steps for k in kinds) else "by steps_by_kind or service_by_kind"
    return f"is not used: {name} is timed {how} at every fixture kind it uses; give the range to those times"


__all__ = [
    "NOT_PARAMETERS",
    "Step",
    "group_of",
    "group_members",
    "locate",
    "numeric_paths",
    "parse_path",
    "path_text",
    "unused_reason",
]
