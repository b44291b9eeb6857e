"""`lobbysim validate` and `lobbysim info`: exit codes, JSON output, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lobbysim.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = [str(p) for p in sorted(ROOT.glob("layouts/*/*.lobby.json"))]
AFTER = str(ROOT / "layouts/railway_station/after.lobby.json")


def test_validate_samples_exit_0(capsys):
    assert main(["validate", *SAMPLES]) == 0
    out = capsys.readouterr().out
    assert out.count(": ok") == len(SAMPLES)


def test_validate_json_lists_findings(tmp_path, capsys):
    bad = tmp_path / "bad.lobby.json"
    doc = json.loads(Path(AFTER).read_text("utf-8"))
    fx = next(e for e in doc["elements"] if e["id"] == "cash2")
    fx["x"] = 2.6  # now overlaps cash1
    bad.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    assert main(["validate", "--json", AFTER, str(bad)]) == 1
    res = json.loads(capsys.readouterr().out)["files"]
    assert res[AFTER]["ok"] is True
    f = res[str(bad)]
    assert f["ok"] is False and f["errors"] >= 1
    assert any(x["code"] == "fixtures-overlap" and x["element_id"] == "cash2" for x in f["findings"])
    assert set(f["findings"][0]) == {"severity", "code", "element_id", "message", "location"}


@pytest.mark.parametrize("content", [b"", b"not json", b"\x00\x01\x02garbage"])
def test_validate_unreadable_exit_2(tmp_path, capsys, content):
    p = tmp_path / "x.lobby.json"
    p.write_bytes(content)
    assert main(["validate", str(p)]) == 2
    err = capsys.readouterr().err
    assert str(p) in err and len(err.strip().splitlines()) == 1


def test_validate_directory_and_missing(tmp_path, capsys):
    assert main(["validate", str(tmp_path)]) == 2
    assert main(["validate", str(tmp_path / "missing.lobby.json")]) == 2
    err = capsys.readouterr().err
    assert "directory" in err and "no such file" in err


def test_info_describes_both_samples(capsys):
    assert main(["info", "--json", AFTER]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["fixtures"]["cash_counter"] == 3 and d["fixtures"]["smart_counter"] == 1
    assert [p["number"] for p in d["posts"]] == [1, 2, 3]
    # 24 m x 14 m; the areas by kind as drawn (the waiting area 10 m x 5.8 m)
    assert d["floor_m2"] == 336.0 and d["seats"] == 36 and d["elements"] == 42
    assert d["areas_m2"] == {
        "waiting": 58.0,
        "integrated_service": 39.0,
        "cash": 40.0,
        "self_service": 16.0,
        "wealth_room": 36.0,
        "worker_rest": 20.0,
        "back_office": 16.0,
    }
    assert [p["m2"] for p in d["posts"]] == [33.6, 65.8, 72.6]
    assert main(["info", *SAMPLES[:2]]) == 0
    out = capsys.readouterr().out
    assert "Waiting area" in out and "等候区" in out and "posts: none" in out


@pytest.mark.parametrize("command", ["validate", "paths"])
@pytest.mark.parametrize("clearance", ["-0.1", "2.5", "nan"])
def test_a_clearance_out_of_range_is_a_wrong_call(capsys, command, clearance):
    assert main([command, AFTER, "--clearance", clearance]) == 2
    assert capsys.readouterr().err.strip() == f"lobbysim: --clearance must be between 0 and 2 m, got {clearance}"


def test_console_script_reports_errors_without_traceback(tmp_path):
    p = tmp_path / "bad.lobby.json"
    p.write_text('{"format": "lobbysim.layout", "version": 7, "elements": []}', "utf-8")
    res = subprocess.run([sys.executable, "-m", "lobbysim", "info", str(p)], capture_output=True, text=True)
    assert res.returncode == 1
    assert "Traceback" not in res.stderr and "newer lobbysim" in res.stderr
    res = subprocess.run([sys.executable, "-m", "lobbysim", "validate"], capture_output=True, text=True)
    assert res.returncode == 2 and "Traceback" not in res.stderr
