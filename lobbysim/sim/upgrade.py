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


def _v1_to_v2(doc: Doc) -> list[str]:
    """Version 2 reads the same sections as version 1, strictly (unknown keys are errors)."""
    doc["version"] = 2
    return []


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
