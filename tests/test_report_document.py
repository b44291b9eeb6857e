"""The report document and `lobbysim report`: pages, files, findings, bad input."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pytest

from lobbysim.cli import main
from lobbysim.experiments.experiment import load_variant
from lobbysim.experiments.runner import SerialExecutor
from lobbysim.report.document import make_report
from lobbysim.report.findings import findings, ranked_findings, unchanged
from lobbysim.sim.kpis import KPI_INFO

ROOT = Path(__file__).resolve().parents[1]
BEFORE = str(ROOT / "layouts/railway_station/before.lobby.json")
AFTER = str(ROOT / "layouts/railway_station/after.lobby.json")
SCEN = str(ROOT / "layouts/railway_station/scenario.json")


def _pdf_pages(path: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", path.read_bytes()))


@pytest.mark.parametrize("lang", ["zh"])  # the English report: tests/test_packaging.py, from the installed wheel
def test_report_pages_png_svg_and_no_missing_glyphs(tmp_path, lang):
    a, b = load_variant("A", BEFORE, SCEN), load_variant("B", AFTER, SCEN)
    out = tmp_path / "report.pdf"
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # "Glyph ... missing" would fail here
        res = make_report(
            a,
            b,
            ["mon"],
            2,
            3,
            out,
            lang=lang,
            png_dir=tmp_path / "png",
            svg_dir=tmp_path / "svg" if lang == "zh" else None,  # SVG once: the slowest output
            executor=SerialExecutor(),
        )
    # title, plans, six figures for the day, findings, the glossary (13 KPIs a page)
    glossary = -(-len(KPI_INFO) // 13)
    assert res["pages"] == 9 + glossary and _pdf_pages(out) == 9 + glossary
    assert res["figures"][-glossary:] == ["glossary"] + [f"glossary{i}" for i in range(2, glossary + 1)]
    assert sorted(p.stem for p in (tmp_path / "png").glob("*.png")) == sorted(res["figures"])
    if lang == "zh":
        assert sorted(p.stem for p in (tmp_path / "svg").glob("*.svg")) == sorted(res["figures"])
    assert res["findings"] and all(s.endswith("." if lang == "en" else "。") for s in res["findings"])
    # the operations VP's desk moved out to the floor: that change is found on the sample
    vp = KPI_INFO["ops_vp_floor_share"][1 if lang == "zh" else 0]
    assert any(s.startswith(vp) for s in res["findings"])
    assert not list(tmp_path.glob(".*"))  # no temporary file left behind


def _k(a, b, lo, hi, verdict="same"):
    return {
        "a": {"mean": a, "ci95": [a, a]},
        "b": {"mean": b, "ci95": [b, b]},
        "diff": {"mean": b - a, "ci95": [lo, hi]},
        "verdict": verdict,
        "q": 0.012,
    }


def test_findings_are_grouped_ranked_and_worded():
    cmp = {
        "a": {"label": "Before"},
        "b": {"label": "After"},
        "reps": 5,
        "seed": 1,
        "min_reps": 2,
        "headline_kpis": ["wait_mean_min", "ops_vp_floor_share", "staff_walk_m"],
        "days": {
            "mon": {
                "kpis": {
                    "wait_mean_min": _k(3.3, 3.3, -0.05, 0.13),  # no change
                    "counter_wait_mean_min": _k(2.0, 3.0, 0.5, 1.5, "worse"),  # worse
                    "ops_vp_floor_share": _k(0.03, 0.70, 0.66, 0.68, "better"),  # better, large
                    "customer_walk_m": _k(24.4, 23.5, -1.0, -0.76, "better"),  # better, smaller
                    "machine_wait_mean_min": _k(1.60, 1.58, -0.03, -0.01),  # real but tiny: same
                    "staff_walk_m": _k(1032.0, 791.0, -291.0, -193.0, "changed"),
                }
            },  # changed, no direction
            "thu": {"kpis": {"ops_vp_floor_share": _k(0.04, 0.70, 0.63, 0.69, "better")}},
        },
    }
    ranked = ranked_findings(cmp, KPI_INFO, headline=None)
    assert [n for n, _ in ranked["better"]] == ["ops_vp_floor_share", "customer_walk_m"]
    assert [n for n, _ in ranked["worse"]] == ["counter_wait_mean_min"]
    assert [n for n, _ in ranked["changed"]] == ["staff_walk_m"]
    en = findings(cmp, "en", KPI_INFO)
    assert en[0] == (
        "Operations VP's time on the floor: on Monday it rises from 3.0% to 70.0% "
        "(+67.0 points, 95% CI +66.0 to +68.0); on Thursday it rises from 4.0% to 70.0% "
        "(+66.0 points, 95% CI +63.0 to +69.0)."
    )
    # the headline KPIs first, then the exploratory ones, each with its q-value
    assert "falls from 1032 m to 791 m" in en[1] and "q =" not in en[0] + en[1]
    assert [s.split(":")[0] for s in en[2:]] == ["Metres walked per customer", "Mean wait for a counter (ticket)"]
    assert all("q = 0.012" in s for s in en[2:])
    zh = findings(cmp, "zh", KPI_INFO)
    assert zh[0].startswith("内勤行长厅堂时间占比：周一由 3.0%升至 70.0%")
    assert "Mean wait" in unchanged(cmp, "en", KPI_INFO) or "mean wait" in unchanged(cmp, "en", KPI_INFO)
    # a deterioration is never crowded out by many improvements
    assert any(s.startswith("Mean wait for a counter") for s in findings(cmp, "en", KPI_INFO, limit=2))


def _report(tmp_path, *extra, scenario=SCEN, days="mon", layout_b=AFTER):
    return main(
        [
            "report",
            BEFORE,
            layout_b,
            "--scenario",
            scenario,
            "--days",
            days,
            "--reps",
            "1",
            "--workers",
            "1",
            "--no-progress",
            *extra,
        ]
    )


def test_bad_output_paths_are_refused_before_simulating(tmp_path, capsys):
    missing = tmp_path / "missing" / "r.pdf"
    assert _report(tmp_path, "--out", str(missing)) == 2
    assert "folder does not exist" in capsys.readouterr().err and not missing.exists()
    assert _report(tmp_path, "--out", str(tmp_path)) == 2
    assert "is a folder" in capsys.readouterr().err
    afile = tmp_path / "afile"
    afile.write_text("x")
    out = tmp_path / "r.pdf"
    assert _report(tmp_path, "--out", str(out), "--png-dir", str(afile)) == 2
    err = capsys.readouterr().err
    assert "is not a folder" in err and "Traceback" not in err and not out.exists()
    assert _report(tmp_path, "--out", str(afile / "r.pdf")) == 2
    assert not (afile / "r.pdf").exists()


def test_bad_input_gives_one_message_and_no_file(tmp_path, capsys):
    out = tmp_path / "r.pdf"
    # a day on which nobody comes
    doc = json.loads(Path(SCEN).read_text("utf-8"))
    doc["arrivals"]["day_factors"]["sun"] = 0.0
    empty = tmp_path / "empty.scenario.json"
    empty.write_text(json.dumps(doc), "utf-8")
    code = _report(tmp_path, "--out", str(out), scenario=str(empty), days="sun")
    err = capsys.readouterr().err
    assert code in (1, 2) and "no customer arrives on Sunday" in err and "Traceback" not in err
    # no replications, an unknown day, a broken layout file
    assert main(["report", BEFORE, AFTER, "--scenario", SCEN, "--reps", "0", "--out", str(out)]) == 2
    assert main(["report", BEFORE, AFTER, "--scenario", SCEN, "--days", "someday", "--out", str(out)]) == 2
    broken = tmp_path / "broken.lobby.json"
    broken.write_text("{ not json", "utf-8")
    assert _report(tmp_path, "--out", str(out), layout_b=str(broken)) in (1, 2)
    err = capsys.readouterr().err
    assert "broken.lobby.json" in err and "Traceback" not in err
    assert list(tmp_path.glob("*.pdf")) == [] and list(tmp_path.glob(".*")) == []
