"""Reopen what ``lobbysim suggest --json OUT`` found, so that the editor can show a search run on the
command line (or a cluster) over the drawing and apply a suggestion as one undoable step.

Each suggestion's edits are the differences between the input layout and the suggested layout the
command wrote (``STEM.suggestN.lobby.json``): an element changed is a replacement, an element only in
the suggestion is drawn; the gains, intervals and guards are the ones the command confirmed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lobbysim.errors import FormatError, LobbysimError
from lobbysim.model.fileformat import load_layout
from lobbysim.model.jsonio import read_json
from lobbysim.model.layout import Layout
from lobbysim.sim.kpis import KPI_INFO

from .objective import Guard, Objective
from .result import Suggestion, SuggestResult
from .space import Design, Edit

WHAT = "result of lobbysim suggest --json"


def _file(name: str, json_path: Path) -> Path:
    """A file the result names: as written (absolute or from where the command ran), else beside the
    result file."""
    p = Path(name)
    if p.is_file():
        return p
    beside = json_path.parent / p.name
    return beside if beside.is_file() else p


def design_between(before: Layout, after: Layout, path: str = "") -> Design:
    """The edits that turn ``before`` into ``after`` (in ``after``'s element order)."""
    gone = [e.id for e in before if after.get(e.id) is None]
    if gone:
        raise FormatError(f"removes {', '.join(gone)}: a suggestion only moves and draws elements", path=path)
    edits = [Edit(e.id, before.get(e.id), e) for e in after if before.get(e.id) != e]
    return Design(tuple(edits))


def _objective(doc: dict) -> Objective:
    o = doc["objective"]
    kpis = tuple(str(k) for k in o["kpis"])
    signs = tuple(1.0 if KPI_INFO[k][3] == "higher" else -1.0 for k in kpis)
    units = tuple(float(o["min_effects"][k]) for k in kpis)
    guards = tuple(Guard(g["kpi"], float(g["tolerance"]), str(KPI_INFO[g["kpi"]][3])) for g in doc.get("no_worse", []))
    return Objective(kpis, tuple(float(w) for w in o["weights"]), signs, units, guards, float(o["move_cost"]))


def _suggestion(s: dict, base: Layout, json_path: Path) -> Suggestion:
    file = _file(str(s["file"]), json_path)
    layout = load_layout(file)
    design = design_between(base, layout, str(file))
    sug = Suggestion(int(s["rank"]), f"s{s['rank']}", design, layout, s["comparison"], float(s["gain"]), {}, [])
    sug.guards = dict(s.get("guards", {}))
    sug.file = str(file)
    return sug


def load_result(path: str) -> SuggestResult:
    """Read a ``lobbysim suggest --json`` file and the layouts it names; a file that is not one, or
    names a layout that cannot be read, is a one-line LobbysimError."""
    p = Path(path)
    doc: Any = read_json(p, what=WHAT)
    try:
        base = load_layout(_file(str(doc["input"]), p))
        objective = _objective(doc)
        suggestions = [_suggestion(s, base, p) for s in doc["suggestions"] if s.get("file")]
        return SuggestResult(
            str(doc["input"]),
            str(doc.get("scenario") or ""),
            [str(d) for d in doc["days"]],
            int(doc["seed"]),
            int(doc["budget"]),
            objective,
            dict(doc.get("settings", {})),
            suggestions,
            dict(doc.get("stage1", {})),
            dict(doc.get("stage2", {})),
            dict(doc.get("baseline", {})),
        )
    except LobbysimError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise FormatError(f"is not a {WHAT} file ({type(exc).__name__}: {exc})", path=str(p)) from None


__all__ = ["design_between", "load_result"]
