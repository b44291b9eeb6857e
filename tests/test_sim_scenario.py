"""Scenario format version 2: strict reading (unknown keys, JSON types, documented limits) with
one line naming file, element and field; the version-1 upgrade and ``lobbysim migrate``; the keys
of the shared contract (day_cv, hourly_by_day, mix_by_day, analysis, ranges)."""

import copy
import json
import logging
from pathlib import Path

import numpy as np
import pytest

from lobbysim.cli import main
from lobbysim.errors import LobbysimError
from lobbysim.model.jsonio import read_json
from lobbysim.sim.customers import draw_customers
from lobbysim.sim.scenario import VERSION, Scenario, default_scenario, load_scenario
from lobbysim.sim.testing import base_doc

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "layouts" / "railway_station" / "scenario.json"


def _sample() -> dict:
    return copy.deepcopy(read_json(SAMPLE))


def _set(doc: dict, path: str, value) -> dict:
    *head, last = path.split(".")
    d = doc
    for k in head:
        d = d[int(k)] if isinstance(d, list) else d[k]
    if isinstance(d, list):
        d[int(last)] = value
    else:
        d[last] = value
    return doc


def _error(doc) -> str:
    with pytest.raises(LobbysimError) as ei:
        Scenario.from_dict(doc, path="s.json")
    msg = str(ei.value)
    assert msg.startswith("s.json: ") and "\n" not in msg and ei.value.exit_code == 1
    return msg


@pytest.mark.parametrize(
    "path,typo,hint",
    [
        ("arrivals", "per_dya", "per_day"),
        ("policies", "walkng", "walking"),
        ("policies.flex_rota", "idle_mn", "idle_min"),
        ("customers", "patiense", "patience"),
        ("hours", "opens", "open"),
        ("staff.0", "shfits", "shifts"),
        ("business.0", "servce", "service"),
        ("policies.ops_vp.tasks.0", "minuts", "minutes"),
        ("policies.cover.0", "stafff", "staff"),
        ("business.1.service_by_kind.smart_counter", "cvv", "cv"),
    ],
)
def test_an_unknown_key_is_refused_with_a_suggestion(path, typo, hint):
    doc = _sample()
    d = doc
    for k in path.split("."):
        d = d[int(k)] if isinstance(d, list) else d[k]
    d[typo] = 1
    msg = _error(doc)
    assert f"unknown field '{typo}'" in msg and f"did you mean '{hint}'" in msg


def test_an_unknown_top_level_section_is_refused():
    doc = _sample()
    doc["polices"] = {}
    assert "did you mean 'policies'" in _error(doc)


@pytest.mark.parametrize(
    "path,value,expect",
    [
        ("arrivals.per_day", "many", "field 'per_day' must be a number, got text"),
        ("arrivals.day_factors.mon", [1], "field 'mon' must be a number, got a list"),
        ("hours.open", 9, 'must be a clock time like "09:00"'),
        ("hours.after_close_min", True, "must be a number"),
        ("staff.0.can", "call", "field 'can' must be a list, got text"),
        ("staff.0.shifts", [["09:00"]], 'must be ["HH:MM", "HH:MM"]'),
        ("staff.0.counter", 3, "must be an element id (text)"),
        ("staff.0.role", "teller", "field 'role' is 'teller'"),
        ("business.0.fixtures", "cash_counter", "field 'fixtures' must be a list"),
        ("business.0.share", None, "field 'share' must be a number, got null"),
        ("business.0.service", "5 min", "a distribution must be an object"),
        ("business.0.triage", "yes", "must be true or false"),
        ("customers.balking", 3, "field 'balking' must be an object"),
        ("customers.seat_areas", [1], "must hold texts"),
        ("policies.walking", 1, "must be true or false"),
        ("policies.flex_rota.idle_min", "10", "field 'idle_min' must be a number, got text"),
        ("policies.flex_rota.outcomes", [], "must be an object"),
        ("policies.ops_vp.tasks.0.where", "lobby", "field 'where' is 'lobby'"),
        ("policies.cover.1.open_at", 2.5, "must be a whole number"),
        ("notes.hours", 3, "field 'hours' must be text"),
        ("name", ["x"], "field 'name' must be text"),
        ("policies.micro_salons", {"a": 1}, "field 'micro_salons' must be a list"),
    ],
)
def test_every_field_has_its_json_type_checked(path, value, expect):
    msg = _error(_set(_sample(), path, value))
    assert expect in msg, msg


@pytest.mark.parametrize(
    "path,value,expect",
    [
        ("arrivals.per_day", 1e9, "must be at most 20000"),
        ("arrivals.day_factors.mon", 100, "must be at most 10"),
        ("business.0.service", {"dist": "lognormal", "mean": 1e6, "cv": 0.5}, "above the limit of 480"),
        ("customers.patience", {"dist": "exponential", "mean": 1e7}, "above the limit of 1440"),
        ("hours.after_close_min", 1e6, "must be at most 1440"),
        ("policies.ops_vp.tasks.0.minutes", 1e5, "must be at most 600"),
        ("policies.ops_vp.task_cv", -0.1, "must be at least 0"),
        ("policies.ops_vp.task_cv", 50, "must be at most 2"),
        ("customers.walk_speed", {"dist": "normal", "mean": 1.3, "sd": 0.2, "min": 0.01, "max": 2}, "0.2 m/s"),
        ("staff.0.breaks", [["12:00", "12:01"]] * 13, "at most 12 are allowed"),
    ],
)
def test_values_that_would_make_a_run_explode_are_refused(path, value, expect):
    assert expect in _error(_set(_sample(), path, value))


def test_a_roster_of_a_million_is_refused_before_it_is_read():
    doc = _sample()
    doc["staff"] = [{}] * 10**6
    assert "has 1000000 staff; at most 500 are allowed" in _error(doc)
    doc = _sample()
    doc["arrivals"]["per_day"], doc["arrivals"]["date_factor"] = 20000, 2
    assert "at most 20000 a day" in _error(doc)


def test_the_sample_is_version_2_and_reads_without_a_notice(caplog):
    assert read_json(SAMPLE)["version"] == VERSION == 2
    with caplog.at_level(logging.WARNING, logger="lobbysim.scenario"):
        sc = load_scenario(SAMPLE)
    assert sc.upgraded_from is None and sc.upgrade_notice == "" and not caplog.records


def _v1(tmp_path) -> Path:
    doc = default_scenario().to_dict()
    doc["version"] = 1
    p = tmp_path / "old.scenario.json"
    p.write_text(json.dumps(doc), encoding="utf-8")
    return p


def test_a_version_1_file_is_upgraded_on_load_with_one_line_notice(tmp_path, caplog):
    p = _v1(tmp_path)
    with caplog.at_level(logging.WARNING, logger="lobbysim.scenario"):
        sc = load_scenario(p)
        load_scenario(p)  # said once per file
    assert sc.upgraded_from == 1 and sc.to_dict()["version"] == 2
    msgs = [r.getMessage() for r in caplog.records]
    assert len(msgs) == 1 and str(p) in msgs[0] and "upgraded from scenario version 1 to 2" in msgs[0]
    assert "\n" not in msgs[0]


def test_migrate_writes_the_upgrade(tmp_path, capsys):
    p = _v1(tmp_path)
    out = tmp_path / "new.scenario.json"
    assert main(["migrate", str(p), "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "upgraded from scenario version 1 to 2" in said and str(out) in said
    assert read_json(p)["version"] == 1  # --out leaves the original as it was
    new = read_json(out)
    assert new["version"] == 2 and Scenario.from_dict(new).upgraded_from is None
    assert main(["migrate", str(p)]) == 0 and read_json(p)["version"] == 2
    assert main(["migrate", str(p)]) == 0 and "nothing to do" in capsys.readouterr().out
    assert sorted(x.name for x in tmp_path.iterdir()) == ["new.scenario.json", "old.scenario.json"]


def test_migrate_refuses_bad_files_with_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    doc = default_scenario().to_dict()
    doc["version"] = 1
    doc["arrivals"]["per_dya"] = 3
    bad.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["migrate", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "per_dya" in err and err.count("\n") == 1
    assert read_json(bad)["version"] == 1  # nothing written
    assert main(["migrate", str(tmp_path / "missing.json")]) == 2
    newer = tmp_path / "v9.json"
    newer.write_text(json.dumps(dict(doc, version=9)), encoding="utf-8")
    assert main(["migrate", str(newer)]) == 1
    assert "reads up to version 2" in capsys.readouterr().err


def test_shared_contract_keys_are_read_and_exposed():
    doc = _sample()
    doc["arrivals"]["day_cv"] = 0.15
    doc["arrivals"]["hourly_by_day"] = {"sat": {"start_hour": 9, "shares": [0.5, 0.5]}}
    codes = [b["code"] for b in doc["business"]]
    doc["arrivals"]["mix_by_day"] = {"sun": {codes[0]: 0.6, codes[1]: 0.4}}
    doc["analysis"] = {"headline_kpis": ["wait_mean_min"], "min_effects": {"wait_mean_min": 0.5}}
    doc["ranges"] = {"arrivals.per_day": [200, 300], "business.0.share": {"range": [0.3, 0.4], "dist": "pert"}}
    sc = Scenario.from_dict(doc)
    assert sc.arrivals.day_cv == 0.15
    assert sc.arrivals.profile("sat").shares == (0.5, 0.5) and sc.arrivals.profile("mon") == sc.arrivals.hourly
    assert sc.arrivals.mix_by_day == {"sun": {codes[0]: 0.6, codes[1]: 0.4}}
    assert sc.analysis == {"headline_kpis": ["wait_mean_min"], "min_effects": {"wait_mean_min": 0.5}}
    assert (sc.ranges["arrivals.per_day"].lo, sc.ranges["arrivals.per_day"].hi) == (200, 300)
    assert sc.ranges["business.0.share"].dist == "pert"
    assert Scenario.from_dict(sc.to_dict()).to_dict() == sc.to_dict()


@pytest.mark.parametrize(
    "key,value,expect",
    [
        ("day_cv", -0.1, "must be at least 0"),
        ("hourly_by_day", {"someday": {"shares": [1]}}, "'someday' is not a day"),
        ("hourly_by_day", {"sat": {"shares": [0.5, 0.2]}}, "sum to 0.7000"),
        ("mix_by_day", {"sun": {"cash": 0.5}}, "shares sum to 0.5000"),
        ("mix_by_day", {"sun": {"cash": 0.5, "bogus": 0.5}}, "unknown field 'bogus'"),
    ],
)
def test_shared_contract_keys_are_checked(key, value, expect):
    doc = _sample()
    doc["arrivals"][key] = value
    assert expect in _error(doc)


@pytest.mark.parametrize(
    "section,value,expect",
    [
        ("analysis", {"headline_kpis": "wait_mean_min"}, "must be a list"),
        ("analysis", {"min_effects": {"wait_mean_min": 0}}, "must be positive"),
        ("analysis", {"headlines": []}, "did you mean 'headline_kpis'"),
        ("ranges", {"arrivals.per_day": [300, 200]}, "ends (200) below where it starts (300)"),
        ("ranges", {"arrivals.per_day": {"range": [1, 2], "dist": "beta"}}, "field 'dist' is 'beta'"),
        ("ranges", {"arrivals.per_day": 5}, "must be [lo, hi]"),
    ],
)
def test_analysis_and_ranges_shapes_are_checked(section, value, expect):
    doc = _sample()
    doc[section] = value
    assert expect in _error(doc)


def _counts(doc, day="mon", n=300):
    sc = Scenario.from_dict(doc)
    return np.array([len(draw_customers(sc, 0, np.random.SeedSequence(5, spawn_key=(0, r)))) for r in range(n)])


def test_day_cv_makes_the_daily_count_gamma_poisson():
    doc = base_doc(arrivals={"per_day": 200})
    plain = _counts(doc)
    doc["arrivals"]["day_cv"] = 0.2
    over = _counts(doc)
    # Poisson: variance = mean = 200; gamma-Poisson: 200 + (0.2 x 200)^2 = 1800
    assert abs(plain.mean() - 200) < 5 and 120 < plain.var() < 290
    assert abs(over.mean() - 200) < 12 and 1200 < over.var() < 2600


def test_hourly_by_day_and_mix_by_day_apply_on_their_day_only():
    doc = base_doc(
        business=[
            {"code": "a", "share": 0.5, "fixtures": ["cash_counter"], "service": 4},
            {"code": "b", "share": 0.5, "fixtures": ["cash_counter"], "service": 4},
        ],
        arrivals={
            "per_day": 400,
            "hourly": {"start_hour": 9, "shares": [0.125] * 8},
            "hourly_by_day": {"tue": {"start_hour": 9, "shares": [0.5, 0.5]}},
            "mix_by_day": {"tue": {"a": 0.9, "b": 0.1}},
        },
    )
    sc = Scenario.from_dict(doc)
    mon = draw_customers(sc, 0, np.random.SeedSequence(1))
    tue = draw_customers(sc, 1, np.random.SeedSequence(1))
    assert max(mon.times) > 15 * 3600 and max(tue.times) <= 11 * 3600
    assert 0.4 < np.mean(np.array(mon.business) == 0) < 0.6
    assert np.mean(np.array(tue.business) == 0) > 0.85


def test_a_post_the_layout_lacks_is_refused_unless_the_staff_entry_says_what_to_do(tmp_path, capsys):
    from lobbysim.model.fileformat import load_layout
    from lobbysim.sim import simulate

    before = load_layout(ROOT / "layouts" / "railway_station" / "before.lobby.json")
    doc = _sample()
    sc = Scenario.from_dict(doc)
    assert sc.substitutions(before) == [
        f"staff '{s}': post '{p}' is not on the layout; works at desk 'lobby_desk'"
        for s, p in (("lobby1", "post1"), ("floor2", "post2"), ("rm3", "post3"))
    ]
    rec = simulate(before, sc, "mon", 1, 0)
    assert rec.substitutions == sc.substitutions(before)
    # an output in another language reads the fields back from the records' lines
    from lobbysim.sim.checks import substitution_fields

    assert substitution_fields(rec.substitutions[2]) == {"sid": "rm3", "post": "post3", "desk": "lobby_desk"}
    assert substitution_fields("staff 'rm3' went home") is None
    del doc["staff"][5]["without_post"]  # rm3
    with pytest.raises(LobbysimError) as ei:
        simulate(before, Scenario.from_dict(doc, path="s.json"), "mon", 1, 0)
    msg = str(ei.value)
    assert "staff 'rm3'" in msg and "post 'post3' does not exist" in msg and '"without_post": "desk"' in msg
    # the command line lists what the layout made of the roster, in the table and in the JSON
    out = tmp_path / "run.json"
    layout = str(ROOT / "layouts" / "railway_station" / "before.lobby.json")
    assert main(["run", layout, "--scenario", str(SAMPLE), "--day", "thu", "--reps", "1", "--json", str(out)]) == 0
    assert "(on this layout) staff 'rm3': post 'post3' is not on the layout" in capsys.readouterr().out
    assert len(read_json(out)["run"]["substitutions"]) == 3
    after = str(ROOT / "layouts" / "railway_station" / "after.lobby.json")
    cmp = tmp_path / "cmp.json"
    args = ["compare", layout, after, "--scenario", str(SAMPLE), "--days", "thu", "--reps", "2", "--json", str(cmp)]
    args += ["--db", str(tmp_path / "runs.sqlite")]
    assert main(args + ["--no-progress"]) == 0
    assert [len(x) for x in read_json(cmp)["substitutions"].values()] == [3, 0]
