"""One way to build a runnable variant: a layout and a scenario, checked together before anything runs.

Every way of simulating builds its variant here — ``lobbysim run``, the experiment commands
(``compare``, ``assign``, ``sweep``, ``report``) through ``experiments.load_variant``, the
editor's Simulate dock and its quick estimate — so they all refuse the same inputs with the
same one-line message (a :class:`VariantError` or the scenario's own error), never simulate a
layout that ``lobbysim validate`` calls broken:

1. the layout is within the run limits below (counted first, so that a huge plan is refused
   before its geometry is computed);
2. the layout validates: the plan's own checks and, on its walkable floor, every point of
   interest (service and staff points, seats, entrances) reachable from an entrance, so a floor
   split by a wall is an error instead of customers "served" through it;
3. the scenario reads (strictly) and can run on this layout (``Scenario.check_against``: its
   counters, desks, posts and businesses exist there).

Run limits (documented; a lobby has hundreds of elements and a few hundred seats): at most
``MAX_RUN_ELEMENTS`` elements and ``MAX_RUN_SEATS`` seats.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from lobbysim.errors import LobbysimError
from lobbysim.model.fileformat import layout_from_dict, layout_to_dict
from lobbysim.model.jsonio import read_json
from lobbysim.model.layout import Layout

from .scenario import Scenario, default_scenario

#: elements of a layout that can be simulated (the editor draws more; the walking graph grows with them)
MAX_RUN_ELEMENTS = 2_000
#: seats of a layout that can be simulated (each seat is a point customers walk to)
MAX_RUN_SEATS = 1_000


class VariantError(LobbysimError):
    """The layout cannot be simulated (it does not validate, or it is beyond the run limits)."""

    exit_code = 1


@dataclass(frozen=True)
class RunnableVariant:
    """A layout and a scenario that were checked together (see the module docstring)."""

    layout: Layout
    scenario: Scenario
    #: the documents they were read from (what travels to worker processes)
    layout_doc: dict
    scenario_doc: dict
    layout_path: str | None = None
    scenario_path: str | None = None


def build_variant(
    layout: Layout | dict,
    scenario: Scenario | dict,
    *,
    layout_path: str | os.PathLike | None = None,
    scenario_path: str | os.PathLike | None = None,
    clearance: float = 0.25,
) -> RunnableVariant:
    """Check ``layout`` and ``scenario`` (objects or the documents of their files) together; the
    paths name the files in messages. Raises a LobbysimError, one line, on the first problem."""
    lpath = None if layout_path is None else str(layout_path)
    spath = None if scenario_path is None else str(scenario_path)
    lay = layout if isinstance(layout, Layout) else layout_from_dict(layout, path=lpath)
    check_run_limits(lay, lpath)
    check_layout(lay, lpath, clearance)
    layout_doc = layout_to_dict(lay) if isinstance(layout, Layout) else layout
    if isinstance(scenario, Scenario):
        scen, scenario_doc = scenario, scenario.to_dict()
    else:
        scen, scenario_doc = Scenario.from_dict(scenario, path=spath), scenario
    scen.check_against(lay)
    return RunnableVariant(lay, scen, layout_doc, scenario_doc, lpath, spath)


def load_variant_files(
    layout_path: str | os.PathLike, scenario_path: str | os.PathLike | None = None, *, clearance: float = 0.25
) -> RunnableVariant:
    """The variant of a layout file and a scenario file (None: the built-in calibrated sample)."""
    layout_doc = read_json(layout_path, what="lobbysim layout")
    if scenario_path is None:
        return build_variant(layout_doc, default_scenario(), layout_path=layout_path, clearance=clearance)
    scenario_doc = read_json(scenario_path, what="lobbysim scenario")
    return build_variant(
        layout_doc, scenario_doc, layout_path=layout_path, scenario_path=scenario_path, clearance=clearance
    )


def check_run_limits(layout: Layout, path: str | None = None) -> None:
    if len(layout) > MAX_RUN_ELEMENTS:
        raise VariantError(
            f"has {len(layout)} elements; a layout to simulate has at most {MAX_RUN_ELEMENTS}", path=path
        )
    seats = sum(b.seat_count for b in layout.seat_blocks())
    if seats > MAX_RUN_SEATS:
        raise VariantError(f"has {seats} seats; a layout to simulate has at most {MAX_RUN_SEATS}", path=path)


def check_layout(layout: Layout, path: str | None = None, clearance: float = 0.25) -> None:
    """Raise VariantError naming the first error of ``lobbysim validate`` (and how many more)."""
    from lobbysim.geo import layout_findings

    errors = [f for f in layout_findings(layout, clearance) if f.severity == "error"]
    if errors:
        f = errors[0]
        more = f" (and {len(errors) - 1} more; see 'lobbysim validate')" if len(errors) > 1 else ""
        raise VariantError(f"the layout does not validate: {f.element_id or '-'}: {f.message}{more}", path=path)


__all__ = [
    "MAX_RUN_ELEMENTS",
    "MAX_RUN_SEATS",
    "RunnableVariant",
    "VariantError",
    "build_variant",
    "check_layout",
    "check_run_limits",
    "load_variant_files",
]
