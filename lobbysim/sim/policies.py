"""The ``policies`` section of a scenario: how the branch works (walking, triage, authorisation,
lobby marketing, the flexible rota, the cover protocol, the operations VP, micro-salons), each
part parsed into its own frozen dataclass (see :mod:`lobbysim.sim.sections` for the rules)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import dists
from . import limits as L
from .dists import Dist
from .reading import ScenarioReader
from .sections import SHARE_TOL, TASK_PLACES, StaffSpec


@dataclass(frozen=True, slots=True)
class Triage:
    """The greeter's triage: greeting time, and the share of customers who accept the smart
    counter when the greeter suggests it (because its expected wait is shorter)."""

    greet_s: float = 45.0
    divert_share: float = 0.5


@dataclass(frozen=True, slots=True)
class Authorisation:
    """``business.authorisation: true`` is short for three steps at the smart counter: the service
    up to ``at_fraction``, an authorisation of ``auth_s``, the rest. ``remote``: counter
    authorisations (steps needing a supervisor) are approved from wherever the supervisor is,
    without walking (远程授权)."""

    auth_s: float = 30.0
    at_fraction: float = 0.5
    remote: bool = False


@dataclass(frozen=True, slots=True)
class Marketing:
    """Lobby marketing: a free staff member approaches a waiting customer they can see with the
    probability ``1 / (1 + (d / half_distance_m) ** steepness)`` at walking distance d (one half
    at the half-distance, falling off smoothly), if the customer is open to it (``contact_rate``)
    and the walk plus ``min_contact_s`` fits in the customer's expected remaining wait."""

    contact: Dist = field(default_factory=lambda: dists.Lognormal("lognormal", 180.0, 0.5))
    contact_rate: float = 0.6
    half_distance_m: float = 6.0
    steepness: float = 2.0
    min_contact_s: float = 60.0

    def propensity(self, metres: float) -> float:
        return willingness(metres, self.half_distance_m, self.steepness)


@dataclass(frozen=True, slots=True)
class CallList:
    """The list of people to call, shared by everyone who calls: ``size`` numbers worked through
    in ``working_days``; a day's part of it caps that day's calls.

    The day's part is not a quota: each number on the list falls due on one of the working days
    at random (new merchants register when they do), so a day's part is binomial with ``size``
    trials and probability ``1 / working_days``: ``size / working_days`` on average (20 in the
    sample), varying from day to day (standard deviation about 4.2 in the sample). It is drawn
    from its own random stream, so two layouts compared on the same replication get the same list."""

    size: int
    working_days: int

    @property
    def per_day(self) -> float:
        """The day's part on average."""
        return self.size / self.working_days

    def day_part(self, rng: np.random.Generator) -> int:
        """The numbers due on one day (see the class docstring)."""
        return int(rng.binomial(self.size, 1.0 / self.working_days))


def willingness(metres: float, half: float, steepness: float) -> float:
    """How willing someone is to walk ``metres`` for something: 1 / (1 + (metres / half) ** steepness),
    one half at the half-distance, falling off smoothly, never zero."""
    return 1.0 / (1.0 + (metres / half) ** steepness)


@dataclass(frozen=True, slots=True)
class FlexRota:
    """Flexible rota: a counter member whose queue has been empty for ``idle_s`` weighs going to
    the nearest call station: they go with the probability that the idle spell lasts longer than
    the walk there and back plus ``min_call_s`` (the spell taken as exponential with the length
    they can expect: idle colleagues of the same kind over the rate at which tickets for that kind
    have come in lately), times their willingness to leave the window for a walk of that length
    (``willingness`` with ``half_distance_m`` and ``steepness``); if not, they weigh it again after
    another ``idle_s``. A ticket for their counter (``return_queue`` waiting) ends the session
    after the current call."""

    enabled: bool = True
    idle_s: float = 300.0
    return_queue: int = 1
    call: Dist = field(default_factory=lambda: dists.Lognormal("lognormal", 180.0, 0.6))
    min_call_s: float = 180.0
    half_distance_m: float = 10.0
    steepness: float = 2.0
    outcomes: tuple[tuple[str, float], ...] = (("no_answer", 0.4), ("talked", 0.5), ("lead", 0.1))
    call_list: CallList | None = None


@dataclass(frozen=True, slots=True)
class CoverRule:
    rule: str  # 'open_window' or 'cover_post'
    staff: str
    fixture: str | None = None
    post: str | None = None
    open_at: int = 6
    close_at: int = 1


@dataclass(frozen=True, slots=True)
class VpTask:
    """One of the VP's daily tasks: 'counter' tasks are done inside the counter area, 'floor'
    tasks on the lobby floor, 'anywhere' tasks at the VP's desk, wherever that is.
    ``floor_activity``: the task is floor management (6S inspection, coaching, VIP care)."""

    name: str
    seconds: float
    where: str  # one of TASK_PLACES
    floor_activity: bool = False


@dataclass(frozen=True, slots=True)
class OpsVp:
    """The operations VP's daily task list. ``task_cv``: how much a task's time varies from day to
    day (the coefficient of variation of a gamma draw with the listed minutes as its mean; 0: every
    task takes exactly its minutes), so the VP's day, and the share of it on the floor, is not the
    same every day."""

    staff: str | None = None
    counter_place: str | None = None
    tasks: tuple[VpTask, ...] = ()
    task_cv: float = 0.0

    def task_seconds(self, rng: np.random.Generator) -> list[float]:
        """How long each task takes on one day (see the class docstring)."""
        cv = self.task_cv
        if cv <= 0:
            return [t.seconds for t in self.tasks]
        k = 1.0 / cv**2
        return [float(x) for x in rng.gamma(k, [t.seconds / k for t in self.tasks])] if self.tasks else []


@dataclass(frozen=True, slots=True)
class Salon:
    start_s: float
    seconds: float
    staff: str


@dataclass(frozen=True, slots=True)
class Policies:
    walking: bool = True
    staff_walk_speed: float = 1.34
    triage: Triage = field(default_factory=Triage)
    authorisation: Authorisation = field(default_factory=Authorisation)
    marketing: Marketing = field(default_factory=Marketing)
    flex: FlexRota = field(default_factory=FlexRota)
    cover: tuple[CoverRule, ...] = ()
    ops_vp: OpsVp = field(default_factory=OpsVp)
    salons: tuple[Salon, ...] = ()


_KEYS = (
    "walking",
    "staff_walk_speed",
    "triage",
    "authorisation",
    "marketing",
    "flex_rota",
    "cover",
    "ops_vp",
    "micro_salons",
)


def _minutes(r: ScenarioReader, d: dict, key: str, el: str, default: float) -> float:
    return r.number(d, key, el, default=default, min=0, max=L.MAX_ACTION_MIN) * 60


def _action_dist(r: ScenarioReader, d: dict, key: str, el: str, default: dict) -> Dist:
    return dists.from_dict(d.get(key, default), where=f"{el}.{key}", path=r.path, scale=60, max_mean=L.MAX_ACTION_MIN)


def _triage(r: ScenarioReader, p: dict) -> Triage:
    el = "policies.triage"
    t = r.section(p, "triage", ("greet_min", "divert_share"), "policies")
    return Triage(_minutes(r, t, "greet_min", el, 0.75), r.number(t, "divert_share", el, default=0.5, min=0, max=1))


def _authorisation(r: ScenarioReader, p: dict) -> Authorisation:
    el = "policies.authorisation"
    a = r.section(p, "authorisation", ("minutes", "at_fraction", "remote"), "policies")
    return Authorisation(
        _minutes(r, a, "minutes", el, 0.5),
        r.number(a, "at_fraction", el, default=0.5, min=0, max=1),
        bool(r.boolean(a, "remote", el, False)),
    )


def _marketing(r: ScenarioReader, p: dict) -> Marketing:
    el = "policies.marketing"
    keys = ("contact_min", "contact_rate", "half_distance_m", "steepness", "min_contact_min")
    m = r.section(p, "marketing", keys, "policies")
    return Marketing(
        _action_dist(r, m, "contact_min", el, {"dist": "lognormal", "mean": 3, "cv": 0.5}),
        r.number(m, "contact_rate", el, default=0.6, min=0, max=1),
        r.number(m, "half_distance_m", el, default=6.0, min=0.1, max=1000),
        r.number(m, "steepness", el, default=2.0, min=0.5, max=20),
        _minutes(r, m, "min_contact_min", el, 1.0),
    )


_FLEX_KEYS = (
    "enabled",
    "idle_min",
    "return_queue",
    "call_min",
    "min_call_min",
    "half_distance_m",
    "steepness",
    "outcomes",
    "call_list",
)


def _flex(r: ScenarioReader, p: dict) -> FlexRota:
    el = "policies.flex_rota"
    f = r.section(p, "flex_rota", _FLEX_KEYS, "policies")
    outs = f.get("outcomes", {"no_answer": 0.4, "talked": 0.5, "lead": 0.1})
    if not isinstance(outs, dict) or not outs:
        r.fail("field 'outcomes' must be an object {outcome: share}", el)
    oc = tuple((str(k), r.number(outs, k, f"{el}.outcomes", min=0, max=1)) for k in outs)
    if abs(sum(v for _, v in oc) - 1) > SHARE_TOL:
        r.fail(f"call outcome shares sum to {sum(v for _, v in oc):.4f}, not 1", el)
    call_list = None
    if f.get("call_list") is not None:
        cl = r.section(f, "call_list", ("size", "working_days"), el)
        cel = f"{el}.call_list"
        call_list = CallList(
            r.number(cl, "size", cel, min=0, max=1_000_000, integer=True),
            r.number(cl, "working_days", cel, min=1, max=366, integer=True),
        )
    return FlexRota(
        enabled=bool(r.boolean(f, "enabled", el, True)),
        idle_s=r.number(f, "idle_min", el, default=5, min=0, max=L.MAX_SERVICE_MIN) * 60,
        return_queue=r.number(f, "return_queue", el, default=1, min=1, max=10_000, integer=True),
        call=_action_dist(r, f, "call_min", el, {"dist": "lognormal", "mean": 3, "cv": 0.6}),
        min_call_s=_minutes(r, f, "min_call_min", el, 3.0),
        half_distance_m=r.number(f, "half_distance_m", el, default=10.0, min=0.1, max=1000),
        steepness=r.number(f, "steepness", el, default=2.0, min=0.5, max=20),
        outcomes=oc,
        call_list=call_list,
    )


def _cover(r: ScenarioReader, p: dict, ids: set[str]) -> tuple[CoverRule, ...]:
    rules = []
    for el, cr in r.objects(p, "cover", "policies", L.MAX_RULES, "cover rules"):
        kind = r.choice(cr, "rule", el, ("open_window", "cover_post"))
        staff = r.string(cr, "staff", el)
        if staff not in ids:
            r.fail(f"names staff '{staff}', who is not on the staff list", el)
        if kind == "open_window":
            r.keys(cr, {"rule", "staff", "fixture", "open_at", "close_at"}, el)
            rules.append(
                CoverRule(
                    kind,
                    staff,
                    fixture=r.string(cr, "fixture", el),
                    open_at=r.number(cr, "open_at", el, default=6, min=1, max=10_000, integer=True),
                    close_at=r.number(cr, "close_at", el, default=1, min=0, max=10_000, integer=True),
                )
            )
        else:
            r.keys(cr, {"rule", "staff", "post"}, el)
            rules.append(CoverRule(kind, staff, post=r.string(cr, "post", el)))
    return tuple(rules)


def _ops_vp(r: ScenarioReader, p: dict, staff: tuple[StaffSpec, ...]) -> OpsVp:
    el = "policies.ops_vp"
    vp = r.section(p, "ops_vp", ("staff", "counter_place", "tasks", "task_cv"), "policies")
    tasks = []
    for tel, t in r.objects(vp, "tasks", el, L.MAX_RULES, "tasks"):
        r.keys(t, {"name", "minutes", "where", "floor_activity"}, tel)
        minutes = r.number(t, "minutes", tel, positive=True, max=L.MAX_TASK_MIN)
        where = r.choice(t, "where", tel, TASK_PLACES, "anywhere")
        floor = bool(r.boolean(t, "floor_activity", tel, where == "floor"))
        tasks.append(VpTask(r.string(t, "name", tel), minutes * 60, where, floor))
    sid = r.text_or_none(vp, "staff", el)
    if sid is not None:
        spec = next((s for s in staff if s.id == sid), None)
        if spec is None:
            r.fail(f"names staff '{sid}', who is not on the staff list", el)
        if spec.role != "ops_vp":
            r.fail(f"staff '{sid}' runs the VP task list but has role '{spec.role}'", el)
    cv = r.number(vp, "task_cv", el, default=0.0, min=0.0, max=L.MAX_DAY_CV)
    return OpsVp(sid, r.text_or_none(vp, "counter_place", el), tuple(tasks), cv)


def _salons(r: ScenarioReader, p: dict, ids: set[str]) -> tuple[Salon, ...]:
    out = []
    for el, sl in r.objects(p, "micro_salons", "policies", L.MAX_RULES, "micro-salons"):
        r.keys(sl, {"start", "minutes", "staff"}, el)
        st = r.string(sl, "staff", el)
        if st not in ids:
            r.fail(f"names staff '{st}', who is not on the staff list", el)
        minutes = r.number(sl, "minutes", el, positive=True, max=L.MAX_TASK_MIN)
        out.append(Salon(r.clock(sl, "start", el), minutes * 60, st))
    return tuple(out)


def parse_policies(d: dict, r: ScenarioReader, staff: tuple[StaffSpec, ...], day_s: float) -> Policies:
    p = r.section(d, "policies", _KEYS)
    ids = {s.id for s in staff}
    pol = Policies(
        walking=bool(r.boolean(p, "walking", "policies", True)),
        staff_walk_speed=r.number(
            p, "staff_walk_speed", "policies", default=1.34, min=L.MIN_WALK_SPEED, max=L.MAX_WALK_SPEED
        ),
        triage=_triage(r, p),
        authorisation=_authorisation(r, p),
        marketing=_marketing(r, p),
        flex=_flex(r, p),
        cover=_cover(r, p, ids),
        ops_vp=_ops_vp(r, p, staff),
        salons=_salons(r, p, ids),
    )
    if sum(t.seconds for t in pol.ops_vp.tasks) > day_s:
        r.fail("the VP's tasks take longer than the opening hours", "policies.ops_vp")
    return pol


def cover_rules(pol: Policies, rule: str) -> list[CoverRule]:
    return [r for r in pol.cover if r.rule == rule]
