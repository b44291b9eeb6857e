"""The flagship sample (issue 19): what it contains, that it validates and simulates, and that the
committed files are what tools/make_flagship.py makes."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from shapely.geometry import Point

from lobbysim.cli import main
from lobbysim.model.fileformat import load_layout
from lobbysim.sim.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]
DIR = ROOT / "layouts/flagship"
BEFORE, AFTER, SCENARIO = DIR / "before.lobby.json", DIR / "after.lobby.json", DIR / "scenario.json"


def _tool():
    spec = importlib.util.spec_from_file_location("make_flagship", ROOT / "tools/make_flagship.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_the_cli_validates_both_variants(capsys):
    assert main(["validate", str(BEFORE), str(AFTER)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"{BEFORE}: ok (0 error(s), 0 warning(s))", f"{AFTER}: ok (0 error(s), 0 warning(s))"]


def _waiting_seats(layout) -> int:
    waiting = [a.geometry for a in layout.areas("waiting")]
    return sum(1 for _, p in layout.seats() if any(g.covers(Point(p)) for g in waiting))


@pytest.mark.parametrize("variant", ["before", "after"])
def test_a_two_entrance_branch_of_2000_square_metres(variant):
    lay = load_layout(DIR / f"{variant}.lobby.json")
    assert lay.boundary is not None and lay.boundary.geometry.area == pytest.approx(1998.0)
    assert [e.id for e in lay.entrances()] == ["main_entrance", "side_entrance"]
    windows = lay.fixtures("cash_counter") + lay.fixtures("low_counter")
    assert len(lay.fixtures("cash_counter")) == 7 and len(windows) == 14
    assert len(lay.fixtures("smart_counter")) == 6 and len(lay.fixtures("self_service")) == 8
    assert len(lay.fixtures("ticket_dispenser")) == 2
    assert {a.area_kind for a in lay.areas()} >= {"waiting", "self_service", "vip_room", "wealth_room", "cash"}
    assert len(lay.areas("wealth_room")) == 3 and len(lay.fixtures("staff_desk")) >= 5
    assert _waiting_seats(lay) == 128


def test_the_after_variant_has_six_posts_and_the_transformation():
    before, after = load_layout(BEFORE), load_layout(AFTER)
    assert before.posts() == [] and [p.number for p in after.posts()] == [1, 2, 3, 4, 5, 6]
    assert after.areas("integrated_service") and not before.areas("integrated_service")
    assert after.areas("worker_rest") and not before.areas("worker_rest")
    assert len(after.fixtures("call_station")) == 2 and len(before.fixtures("call_station")) == 1
    # the operations VP: behind the counter line before (in the cash area), on the floor after
    cash = before.get("area_cash").geometry
    assert cash.covers(Point(before.get("vp_desk").staff_point))
    assert not any(a.geometry.covers(Point(after.get("vp_desk").staff_point)) for a in after.areas("cash"))
    # elements the transformation does not move keep their id and value
    same = {e.id for e in before if after.get(e.id) == e}
    assert {"boundary", "main_entrance", "cash1", "nc5", "wm_desk3", "vip_desk", "ticket2", "atm8"} <= same


def test_the_scenario_is_a_heavy_day_of_a_flagship():
    sc = load_scenario(SCENARIO)
    assert sc.upgraded_from is None and sc.upgrade_notice == ""  # written in the current format (2)
    assert 25 <= len(sc.staff) <= 35
    doc = json.loads(SCENARIO.read_text(encoding="utf-8"))
    assert doc["arrivals"]["per_day"] == 1200 and doc["arrivals"]["day_factors"]["mon"] == 1.0
    assert "invented" in doc["notes"]["about"] and "A (assumed" in doc["notes"]["about"]
    assert {s.post for s in sc.staff if s.post} == {f"post{k}" for k in range(1, 7)}
    for v in (BEFORE, AFTER):
        sc.check_against(load_layout(v))  # runs on both variants


def test_committed_files_are_what_the_script_makes(tmp_path):
    tool = _tool()
    from lobbysim.model.fileformat import save_layout
    from lobbysim.model.jsonio import dumps_pretty

    save_layout(tool.before(), tmp_path / "before.lobby.json")
    save_layout(tool.after(), tmp_path / "after.lobby.json")
    for name in ("before.lobby.json", "after.lobby.json"):
        assert (tmp_path / name).read_text(encoding="utf-8") == (DIR / name).read_text(encoding="utf-8"), name
    assert dumps_pretty(tool.scenario()) == SCENARIO.read_text(encoding="utf-8")


def test_a_flagship_monday_simulates_with_the_figures_the_notes_claim():
    from lobbysim.sim import simulate
    from lobbysim.sim.kpis import compute_kpis

    k = compute_kpis(simulate(load_layout(AFTER), load_scenario(SCENARIO), "mon", 7, 0))
    assert 900 <= k["arrived"] <= 1500  # about 1,200 on a heavy weekday (the day's level varies by 10 %)
    assert k["share_served"] > 0.8
    # the notes: about 55 cash transactions per teller, about 60 per smart counter
    assert 45 <= k["cash_tx_per_teller"] <= 70
    assert 45 <= k["smart_counter_tx_per_machine"] <= 75
