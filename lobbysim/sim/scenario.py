"""The ``*.scenario.json`` file: who comes to the branch, what they want, who serves them.

::

    {
      "format": "lobbysim.scenario", "version": 1,
      "name": ..., "notes": {PARAMETER: "where the value comes from", ...},
      "hours": {"open": "09:00", "close": "17:00", "after_close_min": 60},
      "arrivals": {"per_day": 250, "day_factors": {"mon": 1.0, ...}, "date_factor": 1.0,
                   "hourly": {"start_hour": 8, "shares": [...]}}          # or "trace": [...]
      "business": [{"code", "name_en", "name_zh", "share", "fixtures": [kind, ...],
                    "service": DIST (minutes), "service_by_kind": {kind: DIST}, "vip_share",
                    "authorisation": bool, "triage": bool, "conversion"}, ...],
      "customers": {"walk_speed": DIST (m/s), "elderly_share", "elderly_walk_speed": DIST,
                    "patience": DIST (minutes) | null, "balking": {"threshold": DIST} | null,
                    "no_show_share", "no_show_call_s", "known_share", "seat_areas": [area kinds]},
      "staff": [{"id", "role", "counter" | "desk", "post", "shifts": [["09:00", "17:00"]],
                 "breaks": [...], "can": ["authorise", "market", "call", "cover", "greet"]}, ...],
      "policies": {"walking", "staff_walk_speed", "triage", "authorisation", "marketing",
                   "flex_rota", "cover": [...], "ops_vp", "micro_salons": [...]}
    }

Clock times are "HH:MM" (or "HH:MM:SS"); durations are minutes in the file and seconds in
the model. :class:`Scenario` is parsed once from such a document (``from_dict``) and writes
the same document back (``to_dict``). ``check_against(layout)`` refuses a scenario that
cannot run on a layout (an unknown counter, a business nothing can serve ...) before
anything is simulated.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field

from lobbysim.errors import FormatError, ScenarioError
from lobbysim.model.jsonio import read_json

from . import dists
from .dists import Dist

FORMAT = "lobbysim.scenario"
VERSION = 1
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
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
ABILITIES = ("authorise", "market", "call", "cover", "greet")
#: fixture kinds served by a machine (no staff at the fixture; customers queue at it)
MACHINE_KINDS = ("smart_counter", "self_service")
#: fixture kinds where a staff member serves (customers take a ticket and wait to be called)
STAFFED_KINDS = ("cash_counter", "low_counter", "reception_desk", "staff_desk")
SERVICE_KINDS = MACHINE_KINDS + STAFFED_KINDS
DESK_KINDS = ("staff_desk", "reception_desk")
TASK_PLACES = ("counter", "anywhere", "floor")
SHARE_TOL = 1e-3


def parse_clock(v, where: str, path=None, key: str = "time") -> float:
    """'HH:MM' or 'HH:MM:SS' -> seconds since midnight."""
    if isinstance(v, str):
        parts = v.strip().split(":")
        try:
            nums = [float(p) for p in parts]
        except ValueError:
            nums = []
        if (
            2 <= len(nums) <= 3
            and all(math.isfinite(n) and n >= 0 for n in nums)
            and nums[1] < 60
            and (len(nums) < 3 or nums[2] < 60)
            and nums[0] <= 48
        ):
            return nums[0] * 3600 + nums[1] * 60 + (nums[2] if len(nums) == 3 else 0.0)
    raise FormatError(f"field '{key}' must be a clock time like \"09:00\", got {v!r}", path=path, element=where)


def fmt_clock(s: float) -> str:
    s = round(s)
    h, m, sec = int(s // 3600), int(s % 3600 // 60), int(s % 60)
    return f"{h:02d}:{m:02d}" + (f":{sec:02d}" if sec else "")


class _R:
    """Typed field access with errors naming file, element and field."""

    def __init__(self, path):
        self.path = path

    def fail(self, msg, el=None):
        raise FormatError(msg, path=self.path, element=el)

    def obj(self, d, key, el, default=None):
        v = d.get(key, default)
        if v is None:
            return {}
        if not isinstance(v, dict):
            self.fail(f"field '{key}' must be an object", el)
        return v

    def lst(self, d, key, el, default=None):
        v = d.get(key, default)
        if v is None:
            return []
        if not isinstance(v, list):
            self.fail(f"field '{key}' must be a list", el)
        return v

    def num(self, d, key, el, default=None, *, lo=None, hi=None, positive=False):
        if key not in d or d[key] is None:
            if default is None:
                self.fail(f"field '{key}' is missing", el)
            return float(default)
        v = d[key]
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            self.fail(f"field '{key}' must be a number, got {v!r}", el)
        if not math.isfinite(v):
            self.fail(f"field '{key}' must be a finite number, got {v!r}", el)
        if positive and v <= 0:
            self.fail(f"field '{key}' must be positive, got {v}", el)
        if lo is not None and v < lo:
            self.fail(f"field '{key}' must be at least {lo}, got {v}", el)
        if hi is not None and v > hi:
            self.fail(f"field '{key}' must be at most {hi}, got {v}", el)
        return float(v)

    def text(self, d, key, el, default=None):
        v = d.get(key, default)
        if v is None:
            self.fail(f"field '{key}' is missing", el)
        if not isinstance(v, str):
            self.fail(f"field '{key}' must be text, got {v!r}", el)
        return v

    def flag(self, d, key, el, default=False):
        v = d.get(key, default)
        if not isinstance(v, bool):
            self.fail(f"field '{key}' must be true or false, got {v!r}", el)
        return v

    def spans(self, d, key, el, default=None):
        out = []
        for i, sp in enumerate(self.lst(d, key, el, default)):
            if not isinstance(sp, list) or len(sp) != 2:
                self.fail(f'field \'{key}\' item {i + 1} must be ["HH:MM", "HH:MM"]', el)
            a, b = parse_clock(sp[0], el, self.path, key), parse_clock(sp[1], el, self.path, key)
            if b <= a:
                self.fail(f"field '{key}' item {i + 1} ends before it starts ({sp[0]}–{sp[1]})", el)
            out.append((a, b))
        out.sort()
        for (a0, b0), (a1, b1) in zip(out, out[1:]):
            if a1 < b0:
                self.fail(f"'{key}' overlap: {fmt_clock(a0)}–{fmt_clock(b0)} and {fmt_clock(a1)}–{fmt_clock(b1)}", el)
        return tuple(out)


@dataclass(frozen=True)
class Business:
    code: str
    name_en: str
    name_zh: str
    share: float
    kinds: tuple[str, ...]
    service: Dist
    service_by_kind: dict
    vip_share: float
    authorisation: bool
    triage: bool
    conversion: float

    def service_for(self, kind: str) -> Dist:
        return self.service_by_kind.get(kind, self.service)


@dataclass(frozen=True)
class StaffSpec:
    id: str
    role: str
    name: str
    counter: str | None
    desk: str | None
    post: str | None
    shifts: tuple
    breaks: tuple
    can: frozenset


@dataclass(frozen=True)
class CoverRule:
    rule: str  # 'open_window' or 'cover_post'
    staff: str
    fixture: str | None = None
    post: str | None = None
    open_at: int = 6
    close_at: int = 1


@dataclass(frozen=True)
class VpTask:
    name: str
    seconds: float
    where: str


@dataclass(frozen=True)
class Policies:
    walking: bool = True
    staff_walk_speed: float = 1.34
    greet_s: float = 45.0
    divert_share: float = 0.5
    auth_s: float = 30.0
    auth_at: float = 0.5
    contact: Dist = field(default_factory=lambda: dists.Lognormal("lognormal", 180.0, 0.5))
    contact_rate: float = 0.6
    desk_reach_m: float = 6.0
    flex_enabled: bool = True
    flex_idle_s: float = 600.0
    flex_return_queue: int = 1
    flex_max_walk_m: float = 30.0
    flex_quota: int = 0  # calls per staff member per day (the call list handed out); 0 = no limit
    call: Dist = field(default_factory=lambda: dists.Lognormal("lognormal", 180.0, 0.6))
    call_outcomes: tuple = (("no_answer", 0.4), ("talked", 0.5), ("lead", 0.1))
    cover: tuple = ()
    vp_staff: str | None = None
    vp_counter_place: str | None = None
    vp_tasks: tuple = ()
    vp_floor_rounds_from_back: float = 0.2
    salons: tuple = ()  # (start_s, seconds, staff id)


class Scenario:
    """A parsed, validated scenario document (see the module docstring)."""

    def __init__(self, doc: dict, path: str | None = None):
        self._doc = copy.deepcopy(doc)
        self.path = path
        self._parse(_R(path))

    # --- construction ---------------------------------------------------------------------
    @classmethod
    def from_dict(cls, doc: dict, path: str | None = None) -> Scenario:
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
        return cls(doc, path)

    def to_dict(self) -> dict:
        d = copy.deepcopy(self._doc)
        d["format"], d["version"] = FORMAT, VERSION
        return d

    def with_changes(self, **top) -> Scenario:
        d = self.to_dict()
        d.update(top)
        return Scenario.from_dict(d, self.path)

    # --- parsing ----------------------------------------------------------------------------
    def _parse(self, r: _R) -> None:
        d = self._doc
        self.name = d.get("name", "") if isinstance(d.get("name", ""), str) else r.fail("field 'name' must be text")
        self.notes = d.get("notes", {})
        hours = r.obj(d, "hours", "hours")
        self.open_s = parse_clock(hours.get("open", "09:00"), "hours", r.path, "open")
        self.close_s = parse_clock(hours.get("close", "17:00"), "hours", r.path, "close")
        if self.close_s <= self.open_s:
            r.fail("closing time must be after opening time", "hours")
        self.after_close_s = r.num(hours, "after_close_min", "hours", 60, lo=0) * 60

        arr = r.obj(d, "arrivals", "arrivals")
        self.per_day = r.num(arr, "per_day", "arrivals", 250, lo=0)
        self.date_factor = r.num(arr, "date_factor", "arrivals", 1.0, lo=0)
        df = r.obj(arr, "day_factors", "arrivals")
        for k in df:
            if k not in DAYS:
                r.fail(f"day_factors has '{k}', which is not a day (expected {', '.join(DAYS)})", "arrivals")
        self.day_factors = {k: r.num(df, k, "arrivals.day_factors", 1.0, lo=0) for k in DAYS}
        hourly = r.obj(arr, "hourly", "arrivals")
        self.hour0 = r.num(hourly, "start_hour", "arrivals.hourly", 0, lo=0, hi=23)
        shares = r.lst(hourly, "shares", "arrivals.hourly", [])
        self.hourly = tuple(r.num({"s": s}, "s", "arrivals.hourly.shares", lo=0) for s in shares)
        if self.hourly and abs(sum(self.hourly) - 1.0) > SHARE_TOL:
            r.fail(f"hourly shares sum to {sum(self.hourly):.4f}, not 1", "arrivals.hourly")
        self.trace = []
        for i, t in enumerate(r.lst(arr, "trace", "arrivals", [])):
            el = f"arrivals.trace[{i + 1}]"
            if not isinstance(t, dict):
                r.fail('each trace item must be an object {"time", "business"}', el)
            self.trace.append((parse_clock(t.get("time"), el, r.path), r.text(t, "business", el)))
        self.trace.sort(key=lambda x: x[0])

        self.business: list[Business] = []
        seen = set()
        for i, b in enumerate(r.lst(d, "business", "business", [])):
            el = f"business[{i + 1}]"
            if not isinstance(b, dict):
                r.fail("must be an object", el)
            code = r.text(b, "code", el)
            el = f"business '{code}'"
            if code in seen:
                r.fail("duplicate business code", el)
            seen.add(code)
            kinds = r.lst(b, "fixtures", el)
            if not kinds:
                r.fail("field 'fixtures' must list at least one fixture kind", el)
            for k in kinds:
                if k not in SERVICE_KINDS:
                    r.fail(
                        f"fixture kind '{k}' cannot serve customers (expected one of: {', '.join(SERVICE_KINDS)})", el
                    )
            sbk = {}
            for k, v in r.obj(b, "service_by_kind", el).items():
                if k not in kinds:
                    r.fail(f"service_by_kind names '{k}', which is not in its 'fixtures'", el)
                sbk[k] = dists.from_dict(v, where=f"{el}.service_by_kind.{k}", path=r.path, scale=60)
            self.business.append(
                Business(
                    code,
                    b.get("name_en", code),
                    b.get("name_zh", ""),
                    r.num(b, "share", el, lo=0, hi=1),
                    tuple(kinds),
                    dists.from_dict(b.get("service"), where=f"{el}.service", path=r.path, scale=60),
                    sbk,
                    r.num(b, "vip_share", el, 0, lo=0, hi=1),
                    r.flag(b, "authorisation", el),
                    r.flag(b, "triage", el),
                    r.num(b, "conversion", el, 0.1, lo=0, hi=1),
                )
            )
        if not self.business:
            r.fail("the scenario lists no business types", "business")
        total = sum(b.share for b in self.business)
        if abs(total - 1.0) > SHARE_TOL:
            r.fail(f"business shares sum to {total:.4f}, not 1", "business")
        codes = {b.code for b in self.business}
        for _, code in self.trace:
            if code not in codes:
                r.fail(f"trace names business '{code}', which is not in the business mix", "arrivals.trace")

        c = r.obj(d, "customers", "customers")
        self.walk_speed = dists.from_dict(
            c.get("walk_speed", {"dist": "normal", "mean": 1.34, "sd": 0.26, "min": 0.6, "max": 2.2}),
            where="customers.walk_speed",
            path=r.path,
        )
        self.elderly_share = r.num(c, "elderly_share", "customers", 0.0, lo=0, hi=1)
        self.elderly_speed = dists.from_dict(
            c.get("elderly_walk_speed", {"dist": "normal", "mean": 0.85, "sd": 0.15, "min": 0.4, "max": 1.4}),
            where="customers.elderly_walk_speed",
            path=r.path,
        )
        for nm, dd in (("walk_speed", self.walk_speed), ("elderly_walk_speed", self.elderly_speed)):
            if isinstance(dd, dists.Normal) and dd.lo <= 0:
                r.fail(f"{nm} needs a positive 'min'", "customers")
        pat = c.get("patience", {"dist": "weibull", "mean": 20, "shape": 2})
        self.patience = None if pat is None else dists.from_dict(pat, where="customers.patience", path=r.path, scale=60)
        balk = c.get("balking", {"threshold": {"dist": "gamma", "mean": 15, "cv": 0.5}})
        if balk is None:
            self.balk = None
        else:
            if not isinstance(balk, dict):
                r.fail("field 'balking' must be an object with a 'threshold' distribution, or null", "customers")
            self.balk = dists.from_dict(balk.get("threshold"), where="customers.balking.threshold", path=r.path)
        self.no_show_share = r.num(c, "no_show_share", "customers", 0.1, lo=0, hi=1)
        self.no_show_call_s = r.num(c, "no_show_call_s", "customers", 30, lo=0)
        self.known_share = r.num(c, "known_share", "customers", 0.15, lo=0, hi=1)
        self.seat_areas = tuple(r.lst(c, "seat_areas", "customers", ["waiting"]))

        self.staff: list[StaffSpec] = []
        ids = set()
        for i, s in enumerate(r.lst(d, "staff", "staff", [])):
            if not isinstance(s, dict):
                r.fail("must be an object", f"staff[{i + 1}]")
            sid = r.text(s, "id", f"staff[{i + 1}]")
            el = f"staff '{sid}'"
            if sid in ids:
                r.fail("duplicate staff id", el)
            ids.add(sid)
            role = s.get("role")
            if role not in ROLES:
                r.fail(f"role {role!r} is not one of: {', '.join(ROLES)}", el)
            can = r.lst(s, "can", el, [])
            for a in can:
                if a not in ABILITIES:
                    r.fail(f"ability {a!r} is not one of: {', '.join(ABILITIES)}", el)
            shifts = r.spans(s, "shifts", el, [[fmt_clock(self.open_s), fmt_clock(self.close_s)]])
            breaks = r.spans(s, "breaks", el, [])
            for a, b in breaks:
                if not any(sa <= a and b <= sb for sa, sb in shifts):
                    r.fail(f"break {fmt_clock(a)}–{fmt_clock(b)} is not inside a shift", el)
            for key in ("counter", "desk", "post"):
                if s.get(key) is not None and not isinstance(s.get(key), str):
                    r.fail(f"field '{key}' must be an element id (text)", el)
            self.staff.append(
                StaffSpec(
                    sid,
                    role,
                    s.get("name", sid),
                    s.get("counter"),
                    s.get("desk"),
                    s.get("post"),
                    shifts,
                    breaks,
                    frozenset(can),
                )
            )

        p = r.obj(d, "policies", "policies")
        tri = r.obj(p, "triage", "policies.triage")
        au = r.obj(p, "authorisation", "policies.authorisation")
        mk = r.obj(p, "marketing", "policies.marketing")
        fx = r.obj(p, "flex_rota", "policies.flex_rota")
        outs = fx.get("outcomes", {"no_answer": 0.4, "talked": 0.5, "lead": 0.1})
        if not isinstance(outs, dict) or not outs:
            r.fail("field 'outcomes' must be an object {outcome: share}", "policies.flex_rota")
        oc = tuple((k, r.num(outs, k, "policies.flex_rota.outcomes", lo=0, hi=1)) for k in outs)
        if abs(sum(v for _, v in oc) - 1) > SHARE_TOL:
            r.fail(f"call outcome shares sum to {sum(v for _, v in oc):.4f}, not 1", "policies.flex_rota")
        rules = []
        for i, cr in enumerate(r.lst(p, "cover", "policies.cover", [])):
            el = f"policies.cover[{i + 1}]"
            if not isinstance(cr, dict):
                r.fail("must be an object", el)
            kind = cr.get("rule")
            if kind not in ("open_window", "cover_post"):
                r.fail(f"rule {kind!r} is not one of: open_window, cover_post", el)
            staff = r.text(cr, "staff", el)
            if staff not in ids:
                r.fail(f"names staff '{staff}', who is not on the staff list", el)
            if kind == "open_window":
                rules.append(
                    CoverRule(
                        kind,
                        staff,
                        fixture=r.text(cr, "fixture", el),
                        open_at=int(r.num(cr, "open_at", el, 6, lo=1)),
                        close_at=int(r.num(cr, "close_at", el, 1, lo=0)),
                    )
                )
            else:
                rules.append(CoverRule(kind, staff, post=r.text(cr, "post", el)))
        vp = r.obj(p, "ops_vp", "policies.ops_vp")
        tasks = []
        for i, t in enumerate(r.lst(vp, "tasks", "policies.ops_vp", [])):
            el = f"policies.ops_vp.tasks[{i + 1}]"
            if not isinstance(t, dict):
                r.fail("must be an object", el)
            where = t.get("where", "anywhere")
            if where not in TASK_PLACES:
                r.fail(f"field 'where' is {where!r}, expected one of: {', '.join(TASK_PLACES)}", el)
            tasks.append(VpTask(r.text(t, "name", el), r.num(t, "minutes", el, positive=True) * 60, where))
        vp_staff = vp.get("staff")
        if vp_staff is not None and vp_staff not in ids:
            r.fail(f"names staff '{vp_staff}', who is not on the staff list", "policies.ops_vp")
        salons = []
        for i, sl in enumerate(r.lst(p, "micro_salons", "policies.micro_salons", [])):
            el = f"policies.micro_salons[{i + 1}]"
            if not isinstance(sl, dict):
                r.fail("must be an object", el)
            st = r.text(sl, "staff", el)
            if st not in ids:
                r.fail(f"names staff '{st}', who is not on the staff list", el)
            salons.append(
                (parse_clock(sl.get("start"), el, r.path, "start"), r.num(sl, "minutes", el, positive=True) * 60, st)
            )
        self.policies = Policies(
            walking=r.flag(p, "walking", "policies", True),
            staff_walk_speed=r.num(p, "staff_walk_speed", "policies", 1.34, positive=True),
            greet_s=r.num(tri, "greet_min", "policies.triage", 0.75, lo=0) * 60,
            divert_share=r.num(tri, "divert_share", "policies.triage", 0.5, lo=0, hi=1),
            auth_s=r.num(au, "minutes", "policies.authorisation", 0.5, lo=0) * 60,
            auth_at=r.num(au, "at_fraction", "policies.authorisation", 0.5, lo=0, hi=1),
            contact=dists.from_dict(
                mk.get("contact_min", {"dist": "lognormal", "mean": 3, "cv": 0.5}),
                where="policies.marketing.contact_min",
                path=r.path,
                scale=60,
            ),
            contact_rate=r.num(mk, "contact_rate", "policies.marketing", 0.6, lo=0, hi=1),
            desk_reach_m=r.num(mk, "desk_reach_m", "policies.marketing", 6.0, lo=0),
            flex_enabled=r.flag(fx, "enabled", "policies.flex_rota", True),
            flex_idle_s=r.num(fx, "idle_min", "policies.flex_rota", 10, lo=0) * 60,
            flex_return_queue=int(r.num(fx, "return_queue", "policies.flex_rota", 1, lo=1)),
            flex_max_walk_m=r.num(fx, "max_walk_m", "policies.flex_rota", 30, lo=0),
            flex_quota=int(r.num(fx, "daily_quota", "policies.flex_rota", 0, lo=0)),
            call=dists.from_dict(
                fx.get("call_min", {"dist": "lognormal", "mean": 3, "cv": 0.6}),
                where="policies.flex_rota.call_min",
                path=r.path,
                scale=60,
            ),
            call_outcomes=oc,
            cover=tuple(rules),
            vp_staff=vp_staff,
            vp_counter_place=vp.get("counter_place"),
            vp_tasks=tuple(tasks),
            vp_floor_rounds_from_back=r.num(vp, "floor_share_from_back", "policies.ops_vp", 0.2, lo=0, hi=1),
            salons=tuple(salons),
        )
        if vp_staff is not None:
            spec = next(s for s in self.staff if s.id == vp_staff)
            if spec.role != "ops_vp":
                r.fail(f"staff '{vp_staff}' runs the VP task list but has role '{spec.role}'", "policies.ops_vp")
        if sum(t.seconds for t in tasks) > self.close_s - self.open_s:
            r.fail("the VP's tasks take longer than the opening hours", "policies.ops_vp")

    # --- checks against a layout --------------------------------------------------------------
    def day_index(self, day: str) -> int:
        if not isinstance(day, str) or day.lower() not in DAYS:
            raise ScenarioError(f"'{day}' is not a day; expected one of: {', '.join(DAYS)}")
        return DAYS.index(day.lower())

    def check_against(self, layout) -> None:
        """Raise ScenarioError if this scenario cannot run on ``layout``."""
        from lobbysim.model.elements import Fixture

        fixtures = {f.id: f for f in layout.of_type(Fixture)}
        posts = {p.id for p in layout.posts()}
        path = self.path

        def fail(msg, el=None):
            raise ScenarioError(msg, path=path, element=el)

        staffed: dict[str, list] = {}
        for s in self.staff:
            el = f"staff '{s.id}'"
            if s.counter is not None:
                f = fixtures.get(s.counter)
                if f is None:
                    fail(f"counter '{s.counter}' does not exist in the layout", el)
                if f.fixture_kind not in STAFFED_KINDS:
                    fail(f"'{s.counter}' is a {f.fixture_kind}, not a counter or desk where staff serve", el)
                for other, shifts in staffed.get(s.counter, []):
                    if any(a < d and c < b for a, b in s.shifts for c, d in shifts):
                        fail(f"shares counter '{s.counter}' with '{other}' in overlapping shifts", el)
                staffed.setdefault(s.counter, []).append((s.id, s.shifts))
            if s.desk is not None:
                f = fixtures.get(s.desk)
                if f is None:
                    fail(f"desk '{s.desk}' does not exist in the layout", el)
                if f.fixture_kind not in DESK_KINDS:
                    fail(f"'{s.desk}' is a {f.fixture_kind}, not a desk ({', '.join(DESK_KINDS)})", el)
            if s.post is not None and posts and s.post not in posts:
                fail(f"post '{s.post}' does not exist in the layout (it has: {', '.join(sorted(posts))})", el)
            if s.counter is None and s.desk is None and (s.post is None or not posts):
                fail("needs a counter, a desk or a post of the layout to stand at", el)
        for rule in self.policies.cover:
            el = f"cover rule {rule.rule} ({rule.staff})"
            if rule.rule == "open_window":
                f = fixtures.get(rule.fixture)
                if f is None:
                    fail(f"counter '{rule.fixture}' does not exist in the layout", el)
                if f.fixture_kind not in STAFFED_KINDS:
                    fail(f"'{rule.fixture}' is a {f.fixture_kind}, not a counter", el)
            elif posts and rule.post not in posts:
                fail(f"post '{rule.post}' does not exist in the layout", el)
        if self.policies.vp_counter_place is not None and self.policies.vp_counter_place not in fixtures:
            fail(f"counter_place '{self.policies.vp_counter_place}' does not exist in the layout", "policies.ops_vp")
        kinds_here = {f.fixture_kind for f in fixtures.values() if f.fixture_kind in MACHINE_KINDS}
        kinds_here |= {fixtures[c].fixture_kind for c in staffed}
        kinds_here |= {fixtures[r.fixture].fixture_kind for r in self.policies.cover if r.rule == "open_window"}
        for b in self.business:
            if b.share > 0 and not kinds_here.intersection(b.kinds):
                fail(
                    f"no fixture in the layout can serve it (needs a staffed or machine fixture of kind "
                    f"{' or '.join(b.kinds)})",
                    f"business '{b.code}'",
                )
        if not layout.entrances():
            fail("the layout has no entrance")
        if "smart_counter" in kinds_here and not any("authorise" in s.can for s in self.staff):
            for b in self.business:
                if b.share > 0 and b.authorisation and "smart_counter" in b.kinds:
                    fail(
                        "needs authorisation at the smart counter, but no staff member may authorise "
                        '(add "authorise" to someone\'s "can")',
                        f"business '{b.code}'",
                    )


def load_scenario(path) -> Scenario:
    return Scenario.from_dict(read_json(path, what="lobbysim scenario"), path=str(path))


def save_scenario(scenario: Scenario, path) -> None:
    from lobbysim.model.jsonio import atomic_write_text, dumps_pretty

    atomic_write_text(path, dumps_pretty(scenario.to_dict()))


def default_scenario() -> Scenario:
    """The calibrated sample scenario of the railway-station sub-branch (see its ``notes``)."""
    from .sample import SAMPLE_SCENARIO

    return Scenario.from_dict(SAMPLE_SCENARIO)
