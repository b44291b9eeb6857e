"""Core behaviour of the simulation: exact timelines, determinism, common random numbers, bad input."""

import hashlib
import json
import math
import sqlite3
import subprocess
import sys
from dataclasses import astuple
from pathlib import Path

import numpy as np
import pytest

from lobbysim.cli import main
from lobbysim.errors import LobbysimError
from lobbysim.experiments.stats import estimate
from lobbysim.model.fileformat import load_layout
from lobbysim.sim import dists, simulate
from lobbysim.sim.kpis import KPI_INFO, compute_kpis, per_fixture_kpis, per_staff_kpis
from lobbysim.sim.scenario import Scenario, default_scenario, load_scenario
from lobbysim.sim.sqlite import write_records
from lobbysim.sim.testing import base_doc, tiny_layout

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "layouts" / "railway_station"


def _hm(s):
    return f"{int(s // 3600):02d}:{int(s % 3600 // 60):02d}:{int(s % 60):02d}"


def test_exact_timeline_of_five_customers():
    # one teller, 5 min deterministic service, patience 9 min, a VIP jumps the queue,
    # a reneged customer's number is later called in vain (30 s lost)
    doc = base_doc(
        arrivals={
            "trace": [
                {"time": "09:00", "business": "cash"},
                {"time": "09:01", "business": "cash"},
                {"time": "09:02", "business": "cash"},
                {"time": "09:10", "business": "cash"},
                {"time": "09:11", "business": "vip"},
            ]
        },
        business=[
            {
                "code": "cash",
                "share": 0.5,
                "fixtures": ["cash_counter"],
                "service": {"dist": "deterministic", "value": 5},
            },
            {
                "code": "vip",
                "share": 0.5,
                "fixtures": ["cash_counter"],
                "vip_share": 1.0,
                "service": {"dist": "deterministic", "value": 5},
            },
        ],
        customers={
            "patience": {"dist": "deterministic", "value": 9},
            "balking": None,
            "no_show_share": 0.0,
            "no_show_call_s": 30,
            "known_share": 0.0,
        },
    )
    rec = simulate(tiny_layout(1), Scenario.from_dict(doc), "mon", 1)
    got = [
        (
            c.customer_id,
            c.segment,
            _hm(c.arrival),
            c.service_start and _hm(c.service_start),
            c.service_end and _hm(c.service_end),
            c.outcome,
            _hm(c.departure),
        )
        for c in rec.customers
    ]
    assert got == [
        (1, "regular", "09:00:00", "09:00:00", "09:05:00", "served", "09:05:00"),
        (2, "regular", "09:01:00", "09:05:00", "09:10:00", "served", "09:10:00"),
        (3, "regular", "09:02:00", "09:10:00", "09:15:00", "served", "09:15:00"),
        (4, "regular", "09:10:00", None, None, "reneged", "09:19:00"),
        (5, "vip", "09:11:00", "09:15:00", "09:20:00", "served", "09:20:00"),
    ]
    serve = [(_hm(a.start), _hm(a.end), a.customer_id, a.detail) for a in rec.staff if a.activity == "serve"]
    assert serve == [
        ("09:00:00", "09:05:00", 1, ""),
        ("09:05:00", "09:10:00", 2, ""),
        ("09:10:00", "09:15:00", 3, ""),
        ("09:15:00", "09:20:00", 5, ""),
        ("09:20:00", "09:20:30", 4, "absent ticket"),
    ]
    assert [c.ticket_number for c in rec.customers] == [1, 2, 3, 4, 5]
    k = compute_kpis(rec)
    assert k["served"] == 4 and k["reneged"] == 1
    assert k["wait_mean_min"] == pytest.approx((0 + 4 + 8 + 4) / 4)
    assert rec.end_time == 17 * 3600  # the doors stay open until closing time


def _digest(rec) -> str:
    h = hashlib.sha256()
    for table in ("customers", "staff", "walks", "queues", "occupancy", "contacts", "calls"):
        for r in getattr(rec, table):
            h.update(repr(tuple(r) if isinstance(r, tuple) else astuple(r)).encode())
    return h.hexdigest()


_CHILD = """
import sys, hashlib
from dataclasses import astuple
from lobbysim.model.fileformat import load_layout
from lobbysim.sim import simulate
from lobbysim.sim.scenario import load_scenario
rec = simulate(load_layout(sys.argv[1]), load_scenario(sys.argv[2]), "mon", 42, 3)
h = hashlib.sha256()
for table in ("customers", "staff", "walks", "queues", "occupancy", "contacts", "calls"):
    for r in getattr(rec, table):
        h.update(repr(tuple(r) if isinstance(r, tuple) else astuple(r)).encode())
print(h.hexdigest())
"""


def test_identical_records_across_processes():
    args = [sys.executable, "-c", _CHILD, str(SAMPLE / "after.lobby.json"), str(SAMPLE / "scenario.json")]
    env = {"PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "123", "PATH": "/usr/bin:/bin"}
    a = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    env["PYTHONHASHSEED"] = "7"
    b = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert a.returncode == 0, a.stderr
    assert a.stdout == b.stdout
    here = simulate(load_layout(SAMPLE / "after.lobby.json"), load_scenario(SAMPLE / "scenario.json"), "mon", 42, 3)
    assert _digest(here) == a.stdout.strip()


def test_seed_and_replication_change_the_day():
    layout, sc = load_layout(SAMPLE / "after.lobby.json"), default_scenario()
    d = {_digest(simulate(layout, sc, "mon", s, r)) for s, r in ((1, 0), (1, 1), (2, 0))}
    assert len(d) == 3


def test_common_random_numbers_across_the_sample_layouts():
    sc = load_scenario(SAMPLE / "scenario.json")
    recs = [simulate(load_layout(SAMPLE / f"{v}.lobby.json"), sc, "tue", 9, 2) for v in ("before", "after")]
    key = lambda r: [(c.customer_id, c.arrival, c.business, c.segment) for c in r.customers]  # noqa: E731
    assert key(recs[0]) == key(recs[1])
    assert len(recs[0].customers) > 100
    # the day's part of the shared call list is the same on both layouts, and varies by replication
    assert recs[0].call_list == recs[1].call_list >= 0
    parts = {simulate(load_layout(SAMPLE / "after.lobby.json"), sc, "tue", 9, r).call_list for r in range(4)}
    assert len(parts) > 1
    # ... and the same customers keep their own service times: served at the same kind of
    # fixture, a customer's service lasts exactly as long on both layouts
    a = {c.customer_id: c for c in recs[0].customers}
    same = [
        (a[c.customer_id], c)
        for c in recs[1].customers
        if c.outcome == "served"
        and a[c.customer_id].outcome == "served"
        and c.fixture_kind == a[c.customer_id].fixture_kind
        and c.authorisation_wait is None
        and c.supervisor_wait is None
    ]
    assert len(same) > 50
    for x, y in same:
        assert x.service_end - x.service_start == pytest.approx(y.service_end - y.service_start)


def test_customer_stream_does_not_depend_on_staffing():
    sc = default_scenario()
    doc = sc.to_dict()
    doc["staff"] = [s for s in doc["staff"] if s["id"] != "teller2"]
    sc2 = Scenario.from_dict(doc)
    layout = load_layout(SAMPLE / "after.lobby.json")
    a, b = simulate(layout, sc, "mon", 4), simulate(layout, sc2, "mon", 4)
    assert [(c.arrival, c.business) for c in a.customers] == [(c.arrival, c.business) for c in b.customers]
    assert compute_kpis(b)["wait_mean_min"] > compute_kpis(a)["wait_mean_min"]


@pytest.mark.parametrize(
    "d",
    [
        dists.Exponential("exponential", 5.0),
        dists.Lognormal("lognormal", 5.0, 0.8),
        dists.Gamma("gamma", 6.0, 0.4),
        dists.Weibull("weibull", 20.0, 2.0),
        dists.Normal("normal", 1.34, 0.26, 0.6, 2.2),
        dists.Uniform("uniform", 1, 3),
        dists.Empirical("empirical", (1.0, 2.0, 2.0, 7.0)),
        dists.Deterministic("deterministic", 3.0),
    ],
)
def test_distribution_samples_match_analytic_moments(d):
    x = d.sample(np.random.default_rng(5), 200_000)
    assert x.mean() == pytest.approx(d.mean, rel=0.01, abs=1e-9)
    assert x.var() == pytest.approx(d.var, rel=0.04, abs=1e-9)


def test_distribution_round_trip_minutes():
    d = dists.from_dict({"dist": "lognormal", "mean": 5, "cv": 0.8}, where="t", scale=60)
    assert d.mean == 300 and d.to_dict(60) == {"dist": "lognormal", "mean": 5, "cv": 0.8}


def test_mean_ci95_student_t():
    e = estimate([1.0, 2.0, 3.0])  # symmetric and light-tailed: the plain Student-t interval
    assert e.mean == 2.0 and e.hi - e.mean == pytest.approx(4.303 * 1.0 / math.sqrt(3), rel=1e-4)
    assert math.isnan(estimate([1.0]).lo)


def test_scenario_round_trip_and_sample_file_is_the_default():
    sc = default_scenario()
    assert Scenario.from_dict(sc.to_dict()).to_dict() == sc.to_dict()
    assert load_scenario(SAMPLE / "scenario.json").to_dict() == sc.to_dict()
    assert set(sc.notes) >= {"arrivals.per_day", "business", "policies.ops_vp", "policies.flex_rota"}


def test_kpi_names_and_info():
    rec = simulate(load_layout(SAMPLE / "after.lobby.json"), default_scenario(), "mon", 1)
    k = compute_kpis(rec)
    for name in (
        "wait_mean_min",
        "wait_p50_min",
        "wait_p90_min",
        "wait_p95_min",
        "wait_max_min",
        "share_wait_over_15min",
        "share_wait_over_30min",
        "time_in_branch_mean_min",
        "arrived",
        "served",
        "balked",
        "reneged",
        "no_shows",
        "inside_at_close",
        "customer_walk_m",
        "staff_walk_m",
        "standing_customers",
        "max_queue",
        "marketing_contacts",
        "marketing_conversions",
        "share_waiting_contacted",
        "outbound_calls",
        "authorisation_wait_mean_min",
        "ops_vp_floor_share",
    ):
        assert name in k and name in KPI_INFO
    assert set(k) == set(KPI_INFO)
    assert all(v[3] in ("lower", "higher", None) for v in KPI_INFO.values())
    from lobbysim.sim.kpis import KPI_INDICATORS

    assert set(KPI_INFO) >= KPI_INDICATORS and all(k[n] in (0.0, 1.0) for n in KPI_INDICATORS)
    fx = per_fixture_kpis(rec)
    assert {"cash1", "cash2", "smart1", "low1", "atm1"} <= set(fx)
    assert sum(f["transactions_per_day"] for f in fx.values()) == k["served"]
    st = per_staff_kpis(rec)
    open_min = (rec.close_time - rec.open_time) / 60
    for sid, d in st.items():
        spent = sum(v for n, v in d.items() if n.endswith("_min"))
        assert spent >= open_min - 1, sid  # every minute of a shift is accounted for


BAD = [
    (
        {
            "business": [
                {
                    "code": "a",
                    "share": 0.5,
                    "fixtures": ["cash_counter"],
                    "service": {"dist": "exponential", "mean": 4},
                },
                {
                    "code": "b",
                    "share": 0.4,
                    "fixtures": ["cash_counter"],
                    "service": {"dist": "exponential", "mean": 4},
                },
            ]
        },
        "sum to 0.9",
    ),
    (
        {
            "business": [
                {
                    "code": "a",
                    "share": 1.0,
                    "fixtures": ["cash_counter"],
                    "service": {"dist": "exponential", "mean": -4},
                }
            ]
        },
        "must be positive",
    ),
    (
        {
            "business": [
                {
                    "code": "a",
                    "share": 1.0,
                    "fixtures": ["cash_counter"],
                    "service": {"dist": "exponential", "mean": math.nan},
                }
            ]
        },
        "finite",
    ),
    ({"hours": {"open": "-1:00", "close": "17:00"}}, "clock time"),
    ({"hours": {"open": "17:00", "close": "09:00"}}, "after opening"),
    (
        {
            "business": [
                {"code": "a", "share": 1.0, "fixtures": ["low_counter"], "service": {"dist": "exponential", "mean": 4}}
            ]
        },
        "no fixture in the layout can serve",
    ),
    ({"staff": [{"id": "t1", "role": "cs_counter", "counter": "cash9"}]}, "counter 'cash9' does not exist"),
    (
        {
            "staff": [
                {"id": "t1", "role": "cs_counter", "counter": "cash1"},
                {"id": "x", "role": "lobby_manager", "desk": "ticket"},
            ]
        },
        "not a desk",
    ),
    (
        {
            "staff": [
                {"id": "t1", "role": "cs_counter", "counter": "cash1"},
                {"id": "x", "role": "lobby_manager", "desk": "nodesk"},
            ]
        },
        "desk 'nodesk' does not exist",
    ),
    (
        {
            "staff": [
                {"id": "t1", "role": "cs_counter", "counter": "cash1"},
                {"id": "x", "role": "lobby_manager", "desk": "lobby_desk", "post": "post9"},
            ]
        },
        "post 'post9' does not exist",
    ),
    (
        {
            "staff": [
                {
                    "id": "t1",
                    "role": "cs_counter",
                    "counter": "cash1",
                    "shifts": [["09:00", "13:00"], ["12:00", "17:00"]],
                }
            ]
        },
        "overlap",
    ),
    (
        {
            "staff": [
                {"id": "t1", "role": "cs_counter", "counter": "cash1"},
                {"id": "t2", "role": "cs_counter", "counter": "cash1"},
            ]
        },
        "overlapping shifts",
    ),
    ({"staff": [{"id": "t1", "role": "teller", "counter": "cash1"}]}, "role"),
]


@pytest.mark.parametrize("over,msg", BAD)
def test_bad_scenario_input_gives_one_clear_error(over, msg):
    layout = tiny_layout(1, posts=("post1",))
    with pytest.raises(LobbysimError) as ei:
        sc = Scenario.from_dict(base_doc(**over), path="bad.scenario.json")
        simulate(layout, sc, "mon", 1)
    assert msg in str(ei.value)
    assert "bad.scenario.json" in str(ei.value)
    assert ei.value.exit_code == 1


def test_a_day_that_is_not_a_day():
    with pytest.raises(LobbysimError, match="not a day"):
        simulate(tiny_layout(1), Scenario.from_dict(base_doc()), "monday", 1)


def test_cli_run_json_and_db(tmp_path, capsys):
    out, db = tmp_path / "o.json", tmp_path / "o.sqlite"
    code = main(
        [
            "run",
            str(SAMPLE / "after.lobby.json"),
            "--scenario",
            str(SAMPLE / "scenario.json"),
            "--day",
            "thu",
            "--reps",
            "2",
            "--seed",
            "3",
            "--json",
            str(out),
            "--db",
            str(db),
        ]
    )
    assert code == 0
    text = capsys.readouterr().out
    assert "Mean wait" in text and "smart1" in text
    doc = json.loads(out.read_text())
    for k in (
        "wait_mean_min",
        "wait_p90_min",
        "share_wait_over_15min",
        "arrived",
        "served",
        "balked",
        "reneged",
        "customer_walk_m",
        "staff_walk_m",
    ):
        e = doc["kpis"][k]
        assert set(e) == {"mean", "ci95"} and len(e["ci95"]) == 2
    assert "transactions_per_day" in doc["per_fixture"]["cash1"]
    con = sqlite3.connect(db)
    n = con.execute("SELECT COUNT(*) FROM customers").fetchone()[0]
    runs = con.execute("SELECT COUNT(*) FROM runs").fetchone()[0]
    con.close()
    assert runs == 2 and n == doc["kpis"]["arrived"]["mean"] * 2


def test_cli_bad_scenario_exits_1_and_runs_nothing(tmp_path, capsys):
    bad = tmp_path / "bad.scenario.json"
    doc = default_scenario().to_dict()
    doc["staff"][0]["counter"] = "cash9"
    bad.write_text(json.dumps(doc))
    db = tmp_path / "o.sqlite"
    code = main(["run", str(SAMPLE / "after.lobby.json"), "--scenario", str(bad), "--db", str(db)])
    assert code == 1
    err = capsys.readouterr().err
    assert "cash9" in err and err.count("\n") == 1 and "Traceback" not in err
    assert not db.exists()
    # an unknown --day is a wrong call (exit 2), as in compare and report
    assert main(["run", str(SAMPLE / "after.lobby.json"), "--day", "someday"]) == 2


def test_write_records_roundtrip(tmp_path):
    layout = load_layout(SAMPLE / "after.lobby.json")
    recs = [simulate(layout, default_scenario(), "sat", 1, r, positions=True) for r in range(2)]
    write_records(recs, tmp_path / "r.sqlite")
    con = sqlite3.connect(tmp_path / "r.sqlite")
    assert con.execute("SELECT COUNT(*) FROM customers").fetchone()[0] == sum(len(r.customers) for r in recs)
    assert con.execute("SELECT COUNT(*) FROM positions").fetchone()[0] > 0
    path = con.execute("SELECT path FROM walks LIMIT 1").fetchone()[0]
    assert len(json.loads(path)) >= 2
    con.close()


def test_sample_scenario_matches_the_json_schema():
    import jsonschema

    schema = json.loads((ROOT / "lobbysim" / "schema" / "scenario.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads((SAMPLE / "scenario.json").read_text()), schema)
    bad = default_scenario().to_dict()
    bad["business"][0]["fixtures"] = ["sofa"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_passive_and_active_customers_give_the_same_queue():
    # without reneging nobody needs a process of their own; an (unreachable) patience forces one:
    # the served customers' timelines must be identical
    layout = tiny_layout(2, ticket=False, desk=False)
    doc = base_doc(
        arrivals={"per_day": 200},
        staff=[
            {"id": "t1", "role": "cs_counter", "counter": "cash1"},
            {"id": "t2", "role": "cs_counter", "counter": "cash2"},
        ],
    )
    a = simulate(layout, Scenario.from_dict(doc), "mon", 3)
    doc["customers"]["patience"] = {"dist": "deterministic", "value": 1440}
    b = simulate(layout, Scenario.from_dict(doc), "mon", 3)

    def key(r):
        return [(c.arrival, c.service_start, c.service_end, c.fixture_id, c.departure, c.outcome) for c in r.customers]

    assert key(a) == key(b)
    assert [(s.time, s.length) for s in a.queues] == [(s.time, s.length) for s in b.queues]
