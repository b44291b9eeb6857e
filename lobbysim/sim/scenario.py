"""The ``*.scenario.json`` file, version 2: who comes to the branch, what they want, who serves them.

::

    {
      "format": "lobbysim.scenario", "version": 2,
      "name": ..., "notes": {PARAMETER: "where the value comes from", ...},
      "hours": {"open": "09:00", "close": "17:00", "after_close_min": 60},
      "arrivals": {"per_day": 250, "day_factors": {"mon": 1.0, ...}, "date_factor": 1.0,
                   "day_cv": 0.1,                                    # gamma-Poisson day level
                   "hourly": {"start_hour": 8, "shares": [...]},
                   "hourly_by_day": {"sat": {"start_hour", "shares"}},   # overrides "hourly" that day
                   "mix_by_day": {"sat": {"cash": 0.5, ...}},            # overrides the shares that day
                   "trace": [{"time": "09:01:30", "business": "cash"}, ...]},   # instead of the above
      "business": [{"code", "name_en", "name_zh", "share", "fixtures": [kind, ...],
                    "service": DIST (minutes), "service_by_kind": {kind: DIST}, "vip_share",
                    "authorisation": bool, "triage": bool, "conversion"}, ...],
      "customers": {"walk_speed": DIST (m/s), "elderly_share", "elderly_walk_speed": DIST,
                    "patience": DIST (minutes) | null, "balking": {"threshold": DIST} | null,
                    "no_show_share", "no_show_call_s", "known_share", "seat_areas": [area kinds]},
      "staff": [{"id", "role", "name", "counter" | "desk", "post", "shifts": [["09:00", "17:00"]],
                 "breaks": [...], "can": ["authorise", "market", "call", "cover", "greet"]}, ...],
      "policies": {"walking", "staff_walk_speed", "triage", "authorisation", "marketing",
                   "flex_rota", "cover": [...], "ops_vp", "micro_salons": [...]},
      "analysis": {"headline_kpis": [KPI, ...], "min_effects": {KPI: number > 0}},
      "ranges": {"dotted.path": [lo, hi] | {"range": [lo, hi], "dist": "triangular" | "pert" | "uniform",
                                           "fitted": true}}    # see lobbysim.experiments.uncertainty
    }

Clock times are "HH:MM" (or "HH:MM:SS"); durations are minutes in the file and seconds in the
model. Reading is strict: an unknown key is an error with a did-you-mean suggestion, every field's
JSON type is checked before use, and the limits of :mod:`lobbysim.sim.limits` (at most 20,000
customers a day, 500 staff, 100 kinds of business, a mean service time of 8 hours ...) refuse a
scenario that would make a run explode before anything runs. A version-1 file is upgraded on load
(:mod:`lobbysim.sim.upgrade`) with a one-line notice naming what changed; ``lobbysim migrate``
writes the upgrade. :class:`Scenario` holds one dataclass per section; ``to_dict`` gives the
(upgraded) document back; ``check_against(layout)`` refuses a scenario that cannot run on a
layout (an unknown counter, a business nothing can serve ...) before anything is simulated.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

from lobbysim.errors import FormatError, ScenarioError
from lobbysim.model.jsonio import read_json

from .policies import CoverRule, OpsVp, Policies, Salon, VpTask, parse_policies
from .reading import DAYS, ScenarioReader, fmt_clock, parse_clock_text
from .sections import (
    ABILITIES,
    DESK_KINDS,
    MACHINE_KINDS,
    RANGE_DISTS,
    ROLES,
    SERVICE_KINDS,
    SHARE_TOL,
    STAFFED_KINDS,
    TASK_PLACES,
    Arrivals,
    Business,
    CustomerBehaviour,
    HourlyProfile,
    Hours,
    ParamRange,
    StaffSpec,
    parse_analysis,
    parse_arrivals,
    parse_business,
    parse_customers,
    parse_hours,
    parse_notes,
    parse_ranges,
    parse_staff,
)
from .upgrade import upgrade

FORMAT = "lobbysim.scenario"
VERSION = 2
TOP_KEYS = (
    "format",
    "version",
    "name",
    "notes",
    "hours",
    "arrivals",
    "business",
    "customers",
    "staff",
    "policies",
    "analysis",
    "ranges",
)

log = logging.getLogger("lobbysim.scenario")

__all__ = [
    "ABILITIES",
    "DAYS",
    "DESK_KINDS",
    "FORMAT",
    "MACHINE_KINDS",
    "RANGE_DISTS",
    "ROLES",
    "SERVICE_KINDS",
    "SHARE_TOL",
    "STAFFED_KINDS",
    "TASK_PLACES",
    "VERSION",
    "Arrivals",
    "Business",
    "CoverRule",
    "CustomerBehaviour",
    "HourlyProfile",
    "Hours",
    "OpsVp",
    "ParamRange",
    "Policies",
    "Salon",
    "Scenario",
    "StaffSpec",
    "VpTask",
    "default_scenario",
    "fmt_clock",
    "load_scenario",
    "parse_clock_text",
]


class Scenario:
    """A parsed, validated scenario document (see the module docstring)."""

    def __init__(self, doc: dict, path: str | None = None, upgraded_from: int | None = None, notice: str = ""):
        self._doc = copy.deepcopy(doc)
        self.path = path
        #: the version the file had when it was older than this lobbysim's (None: it was current)
        self.upgraded_from = upgraded_from
        #: one line saying what the upgrade changed ('' when nothing was upgraded)
        self.upgrade_notice = notice
        r = ScenarioReader(path)
        d = self._doc
        r.keys(d, set(TOP_KEYS), None)
        self.name: str = r.string(d, "name", None, "")
        self.notes: dict[str, str] = parse_notes(d, r)
        self.hours: Hours = parse_hours(d, r)
        self.business: tuple[Business, ...] = parse_business(d, r)
        self.arrivals: Arrivals = parse_arrivals(d, r, tuple(b.code for b in self.business))
        self.customers: CustomerBehaviour = parse_customers(d, r)
        self.staff: tuple[StaffSpec, ...] = parse_staff(d, r, self.hours)
        self.policies: Policies = parse_policies(d, r, self.staff, self.hours.close_s - self.hours.open_s)
        self.analysis: dict[str, Any] = parse_analysis(d, r)
        self.ranges: dict[str, ParamRange] = parse_ranges(d, r)

    # --- construction ---------------------------------------------------------------------
    @classmethod
    def from_dict(cls, doc: Any, path: str | None = None) -> Scenario:
        """Parse a scenario document; a version-1 document is upgraded first (see ``upgrade_notice``)."""
        if not isinstance(doc, dict):
            raise FormatError("a scenario must be a JSON object", path=path)
        fmt = doc.get("format", FORMAT)
        if fmt != FORMAT:
            raise FormatError(f"is a '{fmt}' document, not a lobbysim scenario ('{FORMAT}')", path=path)
        ver = doc.get("version", VERSION)
        if not isinstance(ver, int) or isinstance(ver, bool):
            raise FormatError(f"field 'version' must be a whole number, got {ver!r}", path=path)
        if ver > VERSION:
            raise FormatError(f"is scenario version {ver}; this lobbysim reads up to version {VERSION}", path=path)
        if ver < 1:
            raise FormatError(f"field 'version' must be 1 or more, got {ver}", path=path)
        if ver < VERSION:
            new, notice = upgrade(doc, path)
            return cls(new, path, upgraded_from=ver, notice=notice)
        return cls(doc, path)

    def to_dict(self) -> dict:
        """The document (upgraded to the current version), as it would be written."""
        d = copy.deepcopy(self._doc)
        d["format"], d["version"] = FORMAT, VERSION
        return d

    # --- the hours, for the model ---------------------------------------------------------
    @property
    def open_s(self) -> float:
        return self.hours.open_s

    @property
    def close_s(self) -> float:
        return self.hours.close_s

    @property
    def after_close_s(self) -> float:
        return self.hours.after_close_s

    def day_index(self, day: str) -> int:
        if not isinstance(day, str) or day.lower() not in DAYS:
            raise ScenarioError(f"'{day}' is not a day; expected one of: {', '.join(DAYS)}")
        return DAYS.index(day.lower())

    # --- checks against a layout --------------------------------------------------------------
    def check_against(self, layout: Any) -> None:
        """Raise ScenarioError if this scenario cannot run on ``layout``."""
        from .checks import check_against

        check_against(self, layout)

    def substitutions(self, layout: Any) -> list[str]:
        """What ``layout`` makes of the roster (posts it lacks, worked at a desk as the staff entry
        says), one line each; every output that shows results lists these."""
        from .checks import substitutions

        return substitutions(self, layout)


_NOTIFIED: set[str] = set()


def load_scenario(path: Any) -> Scenario:
    """Read a scenario file. A version-1 file is upgraded in memory and a one-line notice is
    logged (once per file and process) on the ``lobbysim.scenario`` logger, which prints it
    on stderr when nothing else is set up; ``lobbysim migrate`` writes the upgrade."""
    sc = Scenario.from_dict(read_json(path, what="lobbysim scenario"), path=str(path))
    if sc.upgrade_notice and str(path) not in _NOTIFIED:
        _NOTIFIED.add(str(path))
        log.warning("lobbysim: %s: %s", path, sc.upgrade_notice)
    return sc


def default_scenario() -> Scenario:
    """The calibrated sample scenario of the railway-station sub-branch (see its ``notes``)."""
    from .sample import sample_scenario_doc

    return Scenario.from_dict(sample_scenario_doc())
