"""Upgrading older scenario documents to the current version.

Each step takes a document of version ``n`` to ``n + 1`` and says, in a few words, what it
changed; :func:`upgrade` applies the steps in turn and joins what they said into the one-line
notice that ``load_scenario`` logs and ``lobbysim migrate`` prints.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

Doc = dict[str, Any]


def _obj(d: Any, *keys: str) -> dict | None:
    """The object at ``keys`` inside ``d`` (None when any level is missing or not an object:
    the parser names such problems after the upgrade)."""
    for k in keys:
        if not isinstance(d, dict):
            return None
        d = d.get(k)
    return d if isinstance(d, dict) else None


def _drop(doc: Doc, keys: tuple[str, ...], name: str, said: list[str], why: str) -> None:
    d = _obj(doc, *keys)
    if d is not None and name in d:
        del d[name]
        said.append(f"{'.'.join(keys)}.{name} removed ({why})")


def _v1_to_v2(doc: Doc) -> list[str]:
    """Version 2: staff behaviour comes from the same rules on every layout, not from settings."""
    said: list[str] = []
    _drop(
        doc,
        ("policies", "marketing"),
        "desk_reach_m",
        said,
        "staff approach whoever they can see, less often the farther",
    )
    _drop(doc, ("policies", "flex_rota"), "max_walk_m", said, "the walk to the call station is weighed, not cut off")
    _drop(
        doc,
        ("policies", "flex_rota"),
        "daily_quota",
        said,
        "calls come from idle time; a shared call_list may cap them",
    )
    _drop(
        doc,
        ("policies", "ops_vp"),
        "floor_share_from_back",
        said,
        "the VP's floor time comes from tasks and interruptions",
    )
    flex = _obj(doc, "policies", "flex_rota")
    if flex is not None and "idle_min" not in flex:
        flex["idle_min"] = 10  # version 1's default
    staff = doc.get("staff")
    kept = []
    for s in staff if isinstance(staff, list) else []:
        if isinstance(s, dict) and s.get("post") is not None and s.get("desk") is not None and "without_post" not in s:
            s["without_post"] = "desk"
            kept.append(str(s.get("id")))
    if kept:
        said.append(f"staff {', '.join(kept)} stand at their desk on layouts without posts (without_post: desk)")
    doc["version"] = 2
    return said


#: version -> the step that upgrades a document of that version
STEPS: dict[int, Callable[[Doc], list[str]]] = {1: _v1_to_v2}


def upgrade(doc: Doc, path: str | None = None) -> tuple[Doc, str]:
    """A copy of ``doc`` upgraded to the current version, and the notice saying what changed."""
    out = copy.deepcopy(doc)
    start = out.get("version", 1)
    said: list[str] = []
    v = start
    while v in STEPS:
        said += STEPS[v](out)
        v = out["version"]
    what = "; ".join(said) if said else "nothing else changed"
    return out, f"upgraded from scenario version {start} to {v} ({what})"
