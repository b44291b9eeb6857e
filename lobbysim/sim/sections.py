"""The sections of a scenario document, each parsed by its own function into a frozen dataclass.

Every parser takes the section's JSON object and a :class:`~lobbysim.sim.reading.ScenarioReader`,
refuses unknown keys (with a did-you-mean suggestion) and values of the wrong type or out of
range, and applies the documented limits of :mod:`lobbysim.sim.limits` before anything runs.
Clock times are seconds since midnight here; durations are seconds (minutes in the file).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import dists
from . import limits as L
from .dists import Dist
from .reading import DAYS, ScenarioReader, fmt_clock

ROLES = (
    "lobby_manager",
    "cs_counter",
    "cs_floor",
    "relationship_manager",
    "wealth_manager",
    "ops_vp",
    "branch_director",
    "security_guard",
)
#: what a staff member may do: authorise (at smart counters and other machines), supervise (counter
#: authorisations, 柜面授权), market, call (outbound calls), cover, greet (and triage)
ABILITIES = ("authorise", "supervise", "market", "call", "cover", "greet")
#: who a step of a transaction needs: an authoriser, or a supervisor (counter authorisation)
NEEDS = {"authorisation": "authorise", "supervisor": "supervise"}
#: what a staff member with a post does on a layout without posts
WITHOUT_POST = ("desk",)
#: fixture kinds served by a machine (no staff at the fixture; customers queue at it)
MACHINE_KINDS = ("smart_counter", "self_service")
#: fixture kinds where a staff member serves (customers take a ticket and wait to be called)
STAFFED_KINDS = ("cash_counter", "low_counter", "reception_desk", "staff_desk")
SERVICE_KINDS = MACHINE_KINDS + STAFFED_KINDS
DESK_KINDS = ("staff_desk", "reception_desk")
TASK_PLACES = ("counter", "anywhere", "floor")
#: how far shares may be from summing to 1
SHARE_TOL = 1e-3
RANGE_DISTS = ("triangular", "pert", "uniform")


# --- hours ------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Hours:
    open_s: float
    close_s: float
    after_close_s: float  # staff finish the queue for at most this long after closing


def parse_hours(d: dict, r: ScenarioReader) -> Hours:
    h = r.section(d, "hours", ("open", "close", "after_close_min"))
    open_s = r.clock(h, "open", "hours", "09:00")
    close_s = r.clock(h, "close", "hours", "17:00")
    if close_s <= open_s:
        r.fail("closing time must be after opening time", "hours")
    after = r.number(h, "after_close_min", "hours", default=60, min=0, max=L.MAX_AFTER_CLOSE_MIN)
    return Hours(open_s, close_s, after * 60)


# --- arrivals ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class HourlyProfile:
    """Shares of the day's arrivals by clock hour, from ``start_hour``."""

    start_hour: float
    shares: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class Arrivals:
    per_day: float
    day_factors: dict[str, float]
    date_factor: float
    #: coefficient of variation of the day's level (gamma): the day's count is gamma–Poisson
    day_cv: float
    hourly: HourlyProfile | None
    hourly_by_day: dict[str, HourlyProfile]
    #: {day: {business code: share}} overriding the business shares on that day
    mix_by_day: dict[str, dict[str, float]]
    trace: tuple[tuple[float, str], ...]  # (seconds since midnight, business code), sorted

    def profile(self, day: str) -> HourlyProfile | None:
        return self.hourly_by_day.get(day, self.hourly)


_ARRIVAL_KEYS = ("per_day", "day_factors", "date_factor", "day_cv", "hourly", "hourly_by_day", "mix_by_day", "trace")


def _hourly(r: ScenarioReader, h: dict, el: str) -> HourlyProfile | None:
    r.keys(h, {"start_hour", "shares"}, el)
    start = r.number(h, "start_hour", el, default=0, min=0, max=23, integer=True)
    raw = r.lst(h, "shares", el)
    if len(raw) > 24:
        r.fail(f"field 'shares' has {len(raw)} hours; a day has 24", el)
    shares = tuple(r.number({"shares": v}, "shares", el, min=0, max=1) for v in raw)
    if shares and abs(sum(shares) - 1.0) > SHARE_TOL:
        r.fail(f"hourly shares sum to {sum(shares):.4f}, not 1", el)
    return HourlyProfile(float(start), shares) if shares else None


def _day_map(r: ScenarioReader, d: dict, key: str, el: str) -> dict:
    m = r.obj(d, key, el)
    sub = f"{el}.{key}"
    for k in m:
        if k not in DAYS:
            r.fail(f"'{k}' is not a day (expected {', '.join(DAYS)})", sub)
    return m


def parse_arrivals(d: dict, r: ScenarioReader, codes: tuple[str, ...]) -> Arrivals:
    el = "arrivals"
    a = r.section(d, el, _ARRIVAL_KEYS)
    per_day = r.number(a, "per_day", el, default=250, min=0, max=L.MAX_PER_DAY)
    date_factor = r.number(a, "date_factor", el, default=1.0, min=0, max=L.MAX_FACTOR)
    df = _day_map(r, a, "day_factors", el)
    day_factors = {k: r.number(df, k, f"{el}.day_factors", default=1.0, min=0, max=L.MAX_FACTOR) for k in DAYS}
    for k, f in day_factors.items():
        if per_day * f * date_factor > L.MAX_PER_DAY:
            r.fail(
                f"per_day x day factor x date factor is {per_day * f * date_factor:g} customers on {k}; "
                f"at most {L.MAX_PER_DAY} a day are allowed",
                el,
            )
    day_cv = r.number(a, "day_cv", el, default=0.0, min=0, max=L.MAX_DAY_CV)
    hourly = _hourly(r, r.obj(a, "hourly", el), f"{el}.hourly")
    hbd = _day_map(r, a, "hourly_by_day", el)
    by_day = {}
    for k in hbd:
        sub = f"{el}.hourly_by_day.{k}"
        prof = _hourly(r, r.obj(hbd, k, f"{el}.hourly_by_day", required=True), sub)
        if prof is None:
            r.fail("needs a list 'shares'", sub)
        by_day[k] = prof
    mbd = _day_map(r, a, "mix_by_day", el)
    mix = {k: r.shares(mbd, k, f"{el}.mix_by_day", codes, "business", SHARE_TOL) for k in mbd}
    return Arrivals(per_day, day_factors, date_factor, day_cv, hourly, by_day, mix, _trace(r, a, codes))


def _trace(r: ScenarioReader, a: dict, codes: tuple[str, ...]) -> tuple[tuple[float, str], ...]:
    out = []
    for el, t in r.objects(a, "trace", "arrivals", L.MAX_TRACE, "trace items"):
        r.keys(t, {"time", "business"}, el)
        code = r.string(t, "business", el)
        if code not in codes:
            r.fail(f"trace names business '{code}', which is not in the business mix", el)
        out.append((r.clock(t, "time", el), code))
    out.sort(key=lambda x: x[0])
    return tuple(out)


# --- business ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Step:
    """One step of a transaction (card opening: form, identity check, authorisation, PIN, card).

    Its time is ``dist`` (seconds), or, when ``dist`` is None, ``fraction`` of the business's
    service time at that fixture kind (so a plain service split at one point keeps its
    distribution). ``needs`` names who must come ('authorisation': someone who may authorise,
    'supervisor': a counter authoriser) and the step waits for them; ``share`` of the
    transactions have the step at all."""

    name: str
    dist: Dist | None = None
    fraction: float = 1.0
    needs: str | None = None
    share: float = 1.0


@dataclass(frozen=True, slots=True)
class Business:
    code: str
    name_en: str
    name_zh: str
    share: float
    kinds: tuple[str, ...]
    service: Dist
    service_by_kind: dict[str, Dist]
    vip_share: float
    authorisation: bool
    triage: bool
    conversion: float
    #: fixture kind -> the steps of the transaction there (none: one step, the service time)
    steps_by_kind: dict[str, tuple[Step, ...]] = field(default_factory=dict)

    def service_for(self, kind: str) -> Dist:
        return self.service_by_kind.get(kind, self.service)


_BUSINESS_KEYS = (
    "code",
    "name_en",
    "name_zh",
    "share",
    "fixtures",
    "service",
    "service_by_kind",
    "vip_share",
    "authorisation",
    "triage",
    "conversion",
    "steps_by_kind",
)
_STEP_KEYS = ("name", "minutes", "needs", "share")


def _service(r: ScenarioReader, v: Any, el: str) -> Dist:
    return dists.from_dict(v, where=el, path=r.path, scale=60, max_mean=L.MAX_SERVICE_MIN)


def _one_business(r: ScenarioReader, b: Any, i: int) -> Business:
    el = f"business[{i + 1}]"
    if not isinstance(b, dict):
        r.fail("must be an object", el)
    code = r.string(b, "code", el)
    el = f"business '{code}'"
    r.keys(b, set(_BUSINESS_KEYS), el)
    kinds = r.strings(b, "fixtures", el, SERVICE_KINDS)
    if not kinds:
        r.fail("field 'fixtures' must list at least one fixture kind", el)
    if "service" not in b:
        r.fail("field 'service' is missing", el)
    sbk = {}
    for k, v in r.obj(b, "service_by_kind", el).items():
        if k not in kinds:
            r.fail(f"service_by_kind names '{k}', which is not in its 'fixtures'", el)
        sbk[k] = _service(r, v, f"{el}.service_by_kind.{k}")
    return Business(
        code,
        r.string(b, "name_en", el, code),
        r.string(b, "name_zh", el, ""),
        r.number(b, "share", el, min=0, max=1),
        kinds,
        _service(r, b["service"], f"{el}.service"),
        sbk,
        r.number(b, "vip_share", el, default=0.0, min=0, max=1),
        bool(r.boolean(b, "authorisation", el, False)),
        bool(r.boolean(b, "triage", el, False)),
        r.number(b, "conversion", el, default=0.1, min=0, max=1),
        _steps(r, b, el, kinds),
    )


def _steps(r: ScenarioReader, b: dict, el: str, kinds: tuple[str, ...]) -> dict[str, tuple[Step, ...]]:
    out = {}
    m = r.obj(b, "steps_by_kind", el)
    for k in m:
        if k not in kinds:
            r.fail(f"steps_by_kind names '{k}', which is not in its 'fixtures'", el)
        steps = []
        for sel, st in r.objects(m, k, f"{el}.steps_by_kind", L.MAX_STEPS, "steps"):
            r.keys(st, set(_STEP_KEYS), sel)
            if "minutes" not in st:
                r.fail("field 'minutes' is missing", sel)
            needs = r.choice(st, "needs", sel, tuple(NEEDS)) if "needs" in st else None
            share = r.number(st, "share", sel, default=1.0, min=0, max=1)
            time = _service(r, st["minutes"], f"{sel}.minutes")
            steps.append(Step(r.string(st, "name", sel), time, 1.0, needs, share))
        if not steps:
            r.fail("must list at least one step", f"{el}.steps_by_kind.{k}")
        out[k] = tuple(steps)
    return out


def parse_business(d: dict, r: ScenarioReader) -> tuple[Business, ...]:
    items = r.lst(d, "business", None)
    r.limit(len(items), L.MAX_BUSINESS, "business types", "business")
    out: list[Business] = []
    for i, b in enumerate(items):
        biz = _one_business(r, b, i)
        if any(x.code == biz.code for x in out):
            r.fail("duplicate business code", f"business '{biz.code}'")
        out.append(biz)
    if not out:
        r.fail("the scenario lists no business types", "business")
    total = sum(b.share for b in out)
    if abs(total - 1.0) > SHARE_TOL:
        r.fail(f"business shares sum to {total:.4f}, not 1", "business")
    return tuple(out)


# --- customers --------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CustomerBehaviour:
    walk_speed: Dist  # m/s
    elderly_share: float
    elderly_speed: Dist  # m/s
    patience: Dist | None  # seconds; None: nobody gives up
    balk: Dist | None  # tickets ahead that make one leave at once; None: nobody balks
    no_show_share: float
    no_show_call_s: float
    known_share: float
    seat_areas: tuple[str, ...]
    #: an elderly customer's service at a staffed counter takes this many times as long
    elderly_service_factor: float = 1.0
    #: share of elderly customers who will not use a smart counter (they take a ticket instead)
    elderly_smart_refusal: float = 0.0
    #: a customer who has to stand gives up after this share of their patience
    standing_patience_factor: float = 1.0


_CUSTOMER_KEYS = (
    "walk_speed",
    "elderly_share",
    "elderly_walk_speed",
    "patience",
    "balking",
    "no_show_share",
    "no_show_call_s",
    "known_share",
    "seat_areas",
    "elderly_service_factor",
    "elderly_smart_refusal",
    "standing_patience_factor",
)
_WALK = {"dist": "normal", "mean": 1.34, "sd": 0.26, "min": 0.6, "max": 2.2}
_WALK_OLD = {"dist": "normal", "mean": 0.85, "sd": 0.15, "min": 0.4, "max": 1.4}


def _speed(r: ScenarioReader, c: dict, key: str, default: dict) -> Dist:
    el = f"customers.{key}"
    dd = dists.from_dict(c.get(key, default), where=el, path=r.path, max_mean=L.MAX_WALK_SPEED)
    if dd.lowest < L.MIN_WALK_SPEED:
        r.fail(
            f"walking speeds must stay at or above {L.MIN_WALK_SPEED} m/s: use a distribution with a lower "
            "bound (normal or uniform with 'min', empirical, deterministic)",
            el,
        )
    return dd


def parse_customers(d: dict, r: ScenarioReader) -> CustomerBehaviour:
    el = "customers"
    c = r.section(d, el, _CUSTOMER_KEYS)
    pat = c.get("patience", {"dist": "weibull", "mean": 20, "shape": 2})
    patience = (
        None
        if pat is None
        else dists.from_dict(pat, where=f"{el}.patience", path=r.path, scale=60, max_mean=L.MAX_PATIENCE_MIN)
    )
    balk_doc = c.get("balking", {"threshold": {"dist": "gamma", "mean": 15, "cv": 0.5}})
    balk = None
    if balk_doc is not None:
        b = r.obj(c, "balking", el, required=True, allowed={"threshold"}) if "balking" in c else balk_doc
        balk = dists.from_dict(
            b.get("threshold"), where=f"{el}.balking.threshold", path=r.path, max_mean=L.MAX_BALK_THRESHOLD
        )
    return CustomerBehaviour(
        walk_speed=_speed(r, c, "walk_speed", _WALK),
        elderly_share=r.number(c, "elderly_share", el, default=0.0, min=0, max=1),
        elderly_speed=_speed(r, c, "elderly_walk_speed", _WALK_OLD),
        patience=patience,
        balk=balk,
        no_show_share=r.number(c, "no_show_share", el, default=0.1, min=0, max=1),
        no_show_call_s=r.number(c, "no_show_call_s", el, default=30.0, min=0, max=L.MAX_NO_SHOW_CALL_S),
        known_share=r.number(c, "known_share", el, default=0.15, min=0, max=1),
        seat_areas=r.strings(c, "seat_areas", el, default=("waiting",)),
        elderly_service_factor=r.number(c, "elderly_service_factor", el, default=1.0, min=1, max=5),
        elderly_smart_refusal=r.number(c, "elderly_smart_refusal", el, default=0.0, min=0, max=1),
        standing_patience_factor=r.number(c, "standing_patience_factor", el, default=1.0, positive=True, max=1),
    )


# --- staff ------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class StaffSpec:
    id: str
    role: str
    name: str
    counter: str | None
    desk: str | None
    post: str | None
    shifts: tuple[tuple[float, float], ...]
    breaks: tuple[tuple[float, float], ...]
    can: frozenset[str]
    #: what they do on a layout that has no posts (None: such a layout is refused)
    without_post: str | None = None


_STAFF_KEYS = ("id", "role", "name", "counter", "desk", "post", "without_post", "shifts", "breaks", "can")


def _one_staff(r: ScenarioReader, s: Any, i: int, hours: Hours) -> StaffSpec:
    if not isinstance(s, dict):
        r.fail("must be an object", f"staff[{i + 1}]")
    sid = r.string(s, "id", f"staff[{i + 1}]")
    el = f"staff '{sid}'"
    r.keys(s, set(_STAFF_KEYS), el)
    role = r.choice(s, "role", el, ROLES)
    can = r.strings(s, "can", el, ABILITIES)
    default_shift = [[fmt_clock(hours.open_s), fmt_clock(hours.close_s)]]
    shifts = r.spans(s, "shifts", el, default_shift, limit=L.MAX_SPANS)
    breaks = r.spans(s, "breaks", el, [], limit=L.MAX_SPANS)
    for a, b in breaks:
        if not any(sa <= a and b <= sb for sa, sb in shifts):
            r.fail(f"break {fmt_clock(a)}–{fmt_clock(b)} is not inside a shift", el)
    without = r.choice(s, "without_post", el, WITHOUT_POST, "desk") if "without_post" in s else None
    desk, post = r.text_or_none(s, "desk", el), r.text_or_none(s, "post", el)
    if without == "desk" and desk is None:
        r.fail('"without_post": "desk" needs a "desk"', el)
    return StaffSpec(
        sid,
        role,
        r.string(s, "name", el, sid),
        r.text_or_none(s, "counter", el),
        desk,
        post,
        shifts,
        breaks,
        frozenset(can),
        without,
    )


def parse_staff(d: dict, r: ScenarioReader, hours: Hours) -> tuple[StaffSpec, ...]:
    items = r.lst(d, "staff", None)
    r.limit(len(items), L.MAX_STAFF, "staff", "staff")
    out: list[StaffSpec] = []
    for i, s in enumerate(items):
        spec = _one_staff(r, s, i, hours)
        if any(x.id == spec.id for x in out):
            r.fail("duplicate staff id", f"staff '{spec.id}'")
        out.append(spec)
    return tuple(out)


# --- analysis and ranges ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ParamRange:
    """The plausible range of one scenario parameter (for robustness checks): drawn from ``dist``
    (triangular unless told otherwise, its mode at the scenario's value); ``fitted`` marks a value
    fitted from a queue log, whose range is its fit's 95 % confidence interval."""

    lo: float
    hi: float
    dist: str = "triangular"  # one of RANGE_DISTS
    fitted: bool = False


def parse_analysis(d: dict, r: ScenarioReader) -> dict[str, Any]:
    """``{"headline_kpis": [names], "min_effects": {name: number > 0}}``; the names are checked
    against the KPI list by the statistics code."""
    a = r.section(d, "analysis", ("headline_kpis", "min_effects"))
    out: dict[str, Any] = {}
    if "headline_kpis" in a:
        out["headline_kpis"] = list(r.strings(a, "headline_kpis", "analysis"))
    if "min_effects" in a:
        m = r.obj(a, "min_effects", "analysis", required=True)
        out["min_effects"] = {k: r.number(m, k, "analysis.min_effects", positive=True) for k in m}
    return out


def parse_ranges(d: dict, r: ScenarioReader) -> dict[str, ParamRange]:
    """``{dotted path: [lo, hi] | {"range": [lo, hi], "dist": ..., "fitted": bool}}`` (shapes only:
    the paths are resolved by ``lobbysim.experiments.uncertainty``)."""
    m = r.obj(d, "ranges", None)
    out = {}
    for path, v in m.items():
        el = f"ranges.{path}"
        dist, fitted = "triangular", False
        if isinstance(v, dict):
            r.keys(v, {"range", "dist", "fitted"}, el)
            dist = r.choice(v, "dist", el, RANGE_DISTS, "triangular")
            fitted = bool(r.boolean(v, "fitted", el, False))
            v = v.get("range")
        if not isinstance(v, list) or len(v) != 2:
            r.fail('must be [lo, hi] or {"range": [lo, hi], "dist": ...}', el)
        lo = r.number({"lo": v[0]}, "lo", el)
        hi = r.number({"hi": v[1]}, "hi", el)
        if hi < lo:
            r.fail(f"the range ends ({hi:g}) below where it starts ({lo:g})", el)
        out[str(path)] = ParamRange(lo, hi, dist, fitted)
    return out


def parse_notes(d: dict, r: ScenarioReader) -> dict[str, str]:
    n = r.obj(d, "notes", None)
    return {str(k): r.string(n, k, "notes") for k in n}
