"""The sample scenario of the railway-station sub-branch (火车站支行), as a document.

``layouts/railway_station/scenario.json`` is this document written out; its ``notes`` say
where every value comes from (S = the seed case, P = a public source, E = an estimate,
C = calibrated so that the simulated figures match the seed's).
"""

from __future__ import annotations

from .sample_ranges import RANGE_NOTES, RANGES

_HOURLY_PCT = [3.3, 11.9, 14.6, 11.3, 8.7, 7.8, 14.8, 14.5, 8.4, 4.8]

_VP_TASKS = [
    # inside the counter area (2 h 20 min in all; the 20 min of back-counter authorisations
    # 柜面授权 are not a task here: they come from the transactions that need them)
    ("Open the vault and hand over cash boxes 开库及尾箱交接", 25, "counter"),
    ("Check important blank vouchers 重要空白凭证检查", 15, "counter"),
    ("Check the tellers' vouchers 传票审核", 20, "counter"),
    ("Review CCTV recordings 监控调阅", 15, "counter"),
    ("Mid-day cash check 午间查库", 20, "counter"),
    ("End-of-day balancing and cash-box handover 日终轧账及尾箱交接", 25, "counter"),
    # can be done outside the counter area (3 h 55 min in all); the 6S round needs the floor
    ("Morning meeting 晨会", 20, "anywhere"),
    ("Lobby inspection, 6S 厅堂6S巡检", 25, "floor"),
    ("Staff training 员工培训", 30, "anywhere"),
    ("Complaint handling 投诉处理", 20, "anywhere"),
    ("Operations reports 运营报表", 30, "anywhere"),
    ("Risk checks 风险排查", 25, "anywhere"),
    ("Staff conduct checks 员工行为排查", 20, "anywhere"),
    ("Anti-money-laundering review 反洗钱审核", 30, "anywhere"),
    ("Service-data analysis 服务数据分析", 20, "anywhere"),
    ("Evening review meeting 夕会", 15, "anywhere"),
]

#: a counter transaction that needs the supervisor's authorisation (柜面授权) for a share of customers
_COUNTER_AUTH = {"name": "counter authorisation 柜面授权", "minutes": 1.0, "needs": "supervisor", "share": 0.1}


def _counter(service: dict, auth_share: float) -> list[dict]:
    """A counter transaction: the service, then (for ``auth_share`` of customers) an authorisation."""
    return [{"name": "transaction 办理", "minutes": service}, dict(_COUNTER_AUTH, share=auth_share)]


SAMPLE_SCENARIO: dict = {
    "format": "lobbysim.scenario",
    "version": 2,
    "name": "Railway-station sub-branch, calibrated sample 火车站支行样例",
    "notes": {
        "about": "S = the seed case, P = a public source, E = an estimate, C = calibrated: fitted so that the "
        "simulated figure named matches the seed's (tests/test_sim_calibration.py checks each within 10 %).",
        "hours": "P: 9:00-17:00 opening; E: staff finish the queue for at most 60 min after closing.",
        "arrivals.per_day": "E from S: about 250 customers on a heavy weekday (Mon-Wed); C: 260 with the business "
        "shares, fitted to the smart counter's 71 and the cash windows' 50-60 a day on Mon-Wed (S).",
        "arrivals.day_factors": "S: Mon-Wed heavy, Thu-Sun light; C: 0.5 and 0.24, fitted to the smart counter's "
        "40 (Thu-Fri) and 20 (weekend) a machine a day (S).",
        "arrivals.day_cv": "E: the day's level varies by 10 % (gamma-Poisson), so intervals are not understated.",
        "arrivals.hourly": "P: hourly shares 8-18 h with peaks at 10-11 h and 14-16 h, rescaled to sum to 1; the "
        "8-9 h customers wait at the door and come in at opening, the 17-18 h ones do not come.",
        "business": "C: shares (cash 38.3 %, account changes 19 %, card opening 13 %, smart-only 18.5 %, corporate "
        "2.5 %, wealth 1.2 %, ATM 7.5 %): smart-only fitted to the smart counter's 71 a day (S), corporate to the low "
        "counter's 5-8 (S), cash to 50-60 a teller (S); service times E (cash lognormal mean 5 min cv 0.8; card "
        "opening 6 min + 0.5 min authorisation, S: 71 a day over 7 h is about 5.9 min; low counter 20 min; wealth "
        "consultation 30 min; ATM 1.5 min). E: 10 % of cash-counter transactions need a counter authorisation of "
        "1 min (柜面授权), about 20 min of the VP's heavy day with the walks, as the seed's task list has.",
        "customers.walk_speed": "P (Weidmann): 1.34 m/s; over-65 0.85 m/s; E: 15 % of customers over 65.",
        "customers.elderly": "E: over-65s take 1.3 times as long at a staffed counter, and 30 % of them will not use "
        "a smart counter.",
        "customers.patience": "P: Weibull, mean 20 min; E: a customer who has to stand gives up after 70 % of it.",
        "customers.balking": "P (Xu, Gao & Ou 2007): a customer leaves when the tickets ahead exceed a personal "
        "threshold; E: gamma mean 15, cv 0.5.",
        "customers.no_show": "E: 10 % of tickets are called in vain, 30 s lost per call.",
        "customers.known_share": "E: 15 % of arrivals are known customers raising an arrival alert (智迎客).",
        "staff": "S: 2 staffed cash windows (the third opened by the cover rule), 1 low counter, a lobby manager at "
        "post 1, a floor customer-service manager at post 2, a relationship manager at post 3, a wealth manager, the "
        "operations VP and the branch director; E: lunch breaks. On a layout without posts (before) the three "
        "post staff work at the lobby desk (without_post: desk).",
        "policies.triage": "E: greeting 0.5 min (range 0.5-2); the greeter suggests the smart counter to account "
        "customers when its expected wait is shorter, and 60 % accept (domain: share 0.6, E).",
        "policies.authorisation": "E: 0.5 min of staff authorisation half-way through a card opening at the smart "
        "counter; counter authorisations need the VP at the counter (no remote authorisation).",
        "policies.marketing": "E: contact 3 min; 60 % of waiting customers open to a contact; conversion 10 %; a free "
        "staff member approaches a customer they see with probability 1/2 at 6 m (steepness 2), if the walk and "
        "1 min fit in the customer's expected wait. The seed gives no contact count: the level is an estimate.",
        "policies.flex_rota": "S: counter staff call merchants when idle; 181 calls in two weeks, about 18 a working "
        "day after the station moved into the cash area. E: the merchant list held about 200 numbers for the two "
        "weeks (20 a day); calls 3 min; back to the window after the call when a customer waits; willingness to "
        "leave the window falls to 1/2 at a 10 m walk. C: idle 8 min before weighing a call, and a call worth "
        "going for if the spell outlasts the walk plus 5 min, fitted to the 18 calls a working day (Mon-Fri) on the "
        "after-layout.",
        "policies.cover": "S (补位联动): low-counter staff cover post 1 during its lunch break; the director opens "
        "cash window 3 when 6 customers wait for cash and closes it at 1.",
        "policies.ops_vp": "S: 17 daily tasks, 6 h 15 min: 2 h 20 min inside the counter area (of which 20 min of "
        "counter authorisations, here coming from the transactions that need them), 3 h 55 min that can be done "
        "outside (the 6S round on the floor); the rest is free time at the desk. No parameter is fitted to the "
        "seed's 70.8 %: the share comes from the desk's place, the tasks and the interruptions.",
        **RANGE_NOTES,
    },
    "hours": {"open": "09:00", "close": "17:00", "after_close_min": 60},
    "arrivals": {
        "per_day": 260,
        "day_factors": {"mon": 1.0, "tue": 1.0, "wed": 1.0, "thu": 0.5, "fri": 0.5, "sat": 0.24, "sun": 0.24},
        "date_factor": 1.0,
        "day_cv": 0.1,
        "hourly": {"start_hour": 8, "shares": [round(p / sum(_HOURLY_PCT), 5) for p in _HOURLY_PCT]},
    },
    "business": [
        {
            "code": "cash",
            "name_en": "Cash deposit / withdrawal",
            "name_zh": "存取款",
            "share": 0.383,
            "fixtures": ["cash_counter"],
            "service": {"dist": "lognormal", "mean": 5, "cv": 0.8},
            "steps_by_kind": {"cash_counter": _counter({"dist": "lognormal", "mean": 5, "cv": 0.8}, 0.1)},
            "vip_share": 0.05,
            "conversion": 0.08,
        },
        {
            "code": "account",
            "name_en": "Account changes and transfers",
            "name_zh": "账户变更及转账",
            "share": 0.19,
            "fixtures": ["cash_counter", "smart_counter"],
            "triage": True,
            "service": {"dist": "lognormal", "mean": 5, "cv": 0.8},
            "service_by_kind": {"smart_counter": {"dist": "lognormal", "mean": 4, "cv": 0.5}},
            "steps_by_kind": {"cash_counter": _counter({"dist": "lognormal", "mean": 5, "cv": 0.8}, 0.1)},
            "vip_share": 0.05,
            "conversion": 0.1,
        },
        {
            "code": "card",
            "name_en": "Card opening",
            "name_zh": "开卡",
            "share": 0.13,
            "fixtures": ["smart_counter", "low_counter"],
            "authorisation": True,
            "service": {"dist": "gamma", "mean": 6, "cv": 0.4},
            "vip_share": 0.0,
            "conversion": 0.2,
        },
        {
            "code": "smart",
            "name_en": "Statements, passwords, e-banking",
            "name_zh": "打印、密码、电子银行",
            "share": 0.185,
            "fixtures": ["smart_counter"],
            "service": {"dist": "gamma", "mean": 3, "cv": 0.5},
            "vip_share": 0.0,
            "conversion": 0.1,
        },
        {
            "code": "corporate",
            "name_en": "Corporate business",
            "name_zh": "对公业务",
            "share": 0.025,
            "fixtures": ["low_counter"],
            "service": {"dist": "lognormal", "mean": 20, "cv": 0.5},
            "vip_share": 0.2,
            "conversion": 0.15,
        },
        {
            "code": "wealth",
            "name_en": "Wealth consultation",
            "name_zh": "理财咨询",
            "share": 0.012,
            "fixtures": ["staff_desk"],
            "service": {"dist": "lognormal", "mean": 30, "cv": 0.4},
            "vip_share": 0.3,
            "conversion": 0.3,
        },
        {
            "code": "self",
            "name_en": "Self-service (ATM)",
            "name_zh": "自助业务",
            "share": 0.075,
            "fixtures": ["self_service"],
            "service": {"dist": "lognormal", "mean": 1.5, "cv": 0.5},
            "vip_share": 0.0,
            "conversion": 0.05,
        },
    ],
    "customers": {
        "walk_speed": {"dist": "normal", "mean": 1.34, "sd": 0.26, "min": 0.6, "max": 2.2},
        "elderly_share": 0.15,
        "elderly_walk_speed": {"dist": "normal", "mean": 0.85, "sd": 0.15, "min": 0.4, "max": 1.4},
        "patience": {"dist": "weibull", "mean": 20, "shape": 2},
        "balking": {"threshold": {"dist": "gamma", "mean": 15, "cv": 0.5}},
        "no_show_share": 0.1,
        "no_show_call_s": 30,
        "known_share": 0.15,
        "seat_areas": ["waiting"],
        "elderly_service_factor": 1.3,
        "elderly_smart_refusal": 0.3,
        "standing_patience_factor": 0.7,
    },
    "staff": [
        {
            "id": "teller1",
            "role": "cs_counter",
            "counter": "cash1",
            "shifts": [["09:00", "17:00"]],
            "breaks": [["12:00", "12:30"]],
            "can": ["call"],
        },
        {
            "id": "teller2",
            "role": "cs_counter",
            "counter": "cash2",
            "shifts": [["09:00", "17:00"]],
            "breaks": [["12:30", "13:00"]],
            "can": ["call"],
        },
        {
            "id": "low_cs",
            "role": "cs_counter",
            "counter": "low1",
            "shifts": [["09:00", "17:00"]],
            "breaks": [["11:30", "12:00"]],
            "can": ["authorise", "cover"],
        },
        {
            "id": "lobby1",
            "role": "lobby_manager",
            "desk": "lobby_desk",
            "post": "post1",
            "without_post": "desk",
            "shifts": [["09:00", "17:00"]],
            "breaks": [["12:00", "12:30"]],
            "can": ["greet"],
        },
        {
            "id": "floor2",
            "role": "cs_floor",
            "desk": "lobby_desk",
            "post": "post2",
            "without_post": "desk",
            "shifts": [["09:00", "17:00"]],
            "breaks": [["12:30", "13:00"]],
            "can": ["authorise", "market"],
        },
        {
            "id": "rm3",
            "role": "relationship_manager",
            "desk": "lobby_desk",
            "post": "post3",
            "without_post": "desk",
            "shifts": [["09:00", "17:00"]],
            "breaks": [["13:00", "13:30"]],
            "can": ["market"],
        },
        {
            "id": "wm",
            "role": "wealth_manager",
            "counter": "wm_desk",
            "shifts": [["09:00", "17:00"]],
            "breaks": [["12:00", "12:30"]],
        },
        {
            "id": "vp",
            "role": "ops_vp",
            "desk": "vp_desk",
            "shifts": [["09:00", "17:00"]],
            "can": ["authorise", "supervise"],
        },
        {
            "id": "director",
            "role": "branch_director",
            "desk": "director_desk",
            "shifts": [["09:00", "17:00"]],
            "can": ["cover"],
        },
    ],
    "policies": {
        "walking": True,
        "staff_walk_speed": 1.34,
        "triage": {"greet_min": 0.5, "divert_share": 0.6},
        "authorisation": {"minutes": 0.5, "at_fraction": 0.5, "remote": False},
        "marketing": {
            "contact_min": {"dist": "lognormal", "mean": 3, "cv": 0.5},
            "contact_rate": 0.6,
            "half_distance_m": 6.0,
            "steepness": 2.0,
            "min_contact_min": 1.0,
        },
        "flex_rota": {
            "enabled": True,
            "idle_min": 8,
            "return_queue": 1,
            "call_min": {"dist": "lognormal", "mean": 3, "cv": 0.6},
            "min_call_min": 5,
            "half_distance_m": 10.0,
            "steepness": 2.0,
            "outcomes": {"no_answer": 0.4, "talked": 0.5, "lead": 0.1},
            "call_list": {"size": 200, "working_days": 10},
        },
        "cover": [
            {"rule": "cover_post", "staff": "low_cs", "post": "post1"},
            {"rule": "open_window", "staff": "director", "fixture": "cash3", "open_at": 6, "close_at": 1},
        ],
        "ops_vp": {
            "staff": "vp",
            "counter_place": "cash3",
            "tasks": [{"name": n, "minutes": m, "where": w} for n, m, w in _VP_TASKS],
        },
        "micro_salons": [],
    },
    "ranges": RANGES,
}


def write_sample(path: str = "layouts/railway_station/scenario.json") -> None:
    """Write the sample scenario file (``python -m lobbysim.sim.sample``) after checking it parses."""
    from lobbysim.model.jsonio import atomic_write_text, dumps_pretty

    from .scenario import Scenario

    Scenario.from_dict(SAMPLE_SCENARIO)
    atomic_write_text(path, dumps_pretty(SAMPLE_SCENARIO))


if __name__ == "__main__":  # pragma: no cover
    write_sample()
