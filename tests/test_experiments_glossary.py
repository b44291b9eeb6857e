"""The KPI glossary: complete, from one place, on the command line and in the report."""

from __future__ import annotations

import json

import pytest

from lobbysim.cli import main
from lobbysim.experiments.glossary import GLOSSARY, entries
from lobbysim.sim.kpis import KPI_INFO


def test_every_kpi_is_explained_in_both_languages():
    missing = [k for k in KPI_INFO if k not in GLOSSARY]
    assert not missing, f"explain these KPIs in lobbysim/experiments/glossary.py: {missing}"
    for name, ((dz, de), (pz, pe)) in GLOSSARY.items():
        assert name in KPI_INFO, f"{name} is not a KPI any more"
        assert all(t.strip() for t in (dz, de, pz, pe)), name


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_kpis_command_lists_every_kpi(capsys, lang):
    assert main(["kpis", "--lang", lang, "--json", "-"]) == 0
    d = json.loads(capsys.readouterr().out)["kpis"]
    assert [e["name"] for e in d] == list(KPI_INFO)
    wait = d[0]
    assert wait["name"] == "wait_mean_min" and wait["label"] == KPI_INFO["wait_mean_min"][1 if lang == "zh" else 0]
    assert wait["min_effect"] == ("0.5 分钟" if lang == "zh" else "0.5 min")
    assert wait["better"] == ("越低越好" if lang == "zh" else "lower is better")
    share = next(e for e in d if e["name"] == "ops_vp_floor_share")
    assert share["min_effect"] == ("1 个百分点" if lang == "zh" else "1 point")
    assert main(["kpis", "--lang", lang]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 4 * len(KPI_INFO) and GLOSSARY["outbound_calls"][1][lang == "en"] in out


def test_a_scenarios_minimum_effects_show_in_the_glossary():
    e = next(x for x in entries("en", {"wait_mean_min": 0.25}) if x.name == "wait_mean_min")
    assert e.min_effect == "0.25 min" and e.unit == "min"
