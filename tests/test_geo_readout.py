"""The editor's live walking read-out as a pure function (issue 18 item 3, issue 19 item 3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lobbysim.geo import build_floor
from lobbysim.geo.readout import walking_readout
from lobbysim.model import commands as C
from lobbysim.model.fileformat import load_layout

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "layouts/railway_station/after.lobby.json"
FLAGSHIP = ROOT / "layouts/flagship/after.lobby.json"


def test_sample_rows_are_the_entrance_to_each_service_point_and_each_desk_to_the_smart_counter():
    lay = load_layout(SAMPLE)
    f = build_floor(lay)
    rows = walking_readout(lay, f)
    served = ["cash1", "cash2", "cash3", "smart1", "atm1", "atm2", "ticket", "lobby_desk", "low1"]
    desks = ["cash1", "cash2", "cash3", "lobby_desk", "wm_desk", "director_desk", "low1", "vp_desk"]
    desks += ["call_station", "bo_desk2"]
    assert sorted(r.key for r in rows) == sorted([f"entrance → {x}" for x in served] + [f"{x} → smart1" for x in desks])
    for r in rows:
        a = f.poi[r.source] if r.source == "entrance" else f.poi[f"{r.source}.staff"]
        b = f.poi[f"{r.target}.service"] if r.source == "entrance" else f.poi[f"{r.target}.staff"]
        assert r.metres == pytest.approx(build_floor(lay).distance(a, b), abs=1e-9)
    # main's engine before issue 19 gave 12.8926 m
    assert dict((r.key, r.metres) for r in rows)["entrance → cash1"] == pytest.approx(12.8926, abs=1e-4)


def test_with_two_entrances_each_row_starts_at_the_nearest():
    lay = load_layout(FLAGSHIP)
    f = build_floor(lay)
    rows = {r.target: r for r in walking_readout(lay, f) if r.source.endswith("entrance")}
    assert rows["atm1"].source == "main_entrance" and rows["ticket2"].source == "side_entrance"
    for target, r in rows.items():
        p = f.poi[f"{target}.service"]
        walks = [f.distance(f.poi[e], p) for e in ("main_entrance", "side_entrance")]
        assert r.metres == pytest.approx(min(walks), abs=1e-9)
        assert r.source == ("main_entrance", "side_entrance")[walks.index(min(walks))]
    staff = {r.source: r for r in walking_readout(lay, f) if not r.source.endswith("entrance")}
    assert staff["vp_desk"].target == "smart6"  # the smart counter nearest the VP's desk
    # customers go to 14 windows, 6 smart counters, 8 machines, 3 reception desks and 2 dispensers;
    # staff stand at 14 windows, 3 reception desks, 7 staff desks and 2 call stations
    assert len(rows) == 33 and len(staff) == 26


def test_the_rows_follow_an_edit_exactly():
    lay = load_layout(FLAGSHIP)
    f = build_floor(lay)
    first = {r.key: r.metres for r in walking_readout(lay, f)}
    C.move_elements(lay, ["seats4"], 0.0, -1.6).apply(lay)  # into the way from the door to the counters
    C.move_elements(lay, ["smart6"], 1.0, 0.0).apply(lay)
    f.update(lay)
    now = {r.key: r.metres for r in walking_readout(lay, f)}
    fresh = {r.key: r.metres for r in walking_readout(lay, build_floor(lay))}
    assert now.keys() == fresh.keys() and all(now[k] == pytest.approx(fresh[k], abs=1e-9) for k in now)
    assert now["vp_desk → smart6"] < first["vp_desk → smart6"]
