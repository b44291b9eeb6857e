"""Print a fingerprint of `lobbysim compare --json` on the sample (before vs after, Monday and Thursday,
10 replications, seed 7), leaving out run ids and timestamps: a refactoring must not change it.

    python3 tools/compare_fingerprint.py > /tmp/a.json   # before the change
    python3 tools/compare_fingerprint.py | diff /tmp/a.json -   # after it: no output

``--records`` prints instead one digest line per run of every record every table holds (all
fields, in order) for 24 runs: the sample and the flagship (before and after, Monday, Thursday
and Saturday, two replications each, one with replay positions on) and the M/M/3 queue of
``bench/sim.py``; a speed change of the simulation must leave every line identical.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "layouts" / "railway_station"


def records_digests() -> list[str]:
    """One line per run: what was run and the SHA-256 of every record of every table."""
    import hashlib
    from dataclasses import astuple

    sys.path.insert(0, str(ROOT))
    from lobbysim.model.fileformat import load_layout
    from lobbysim.sim import simulate
    from lobbysim.sim.records import RECORD_TABLES
    from lobbysim.sim.scenario import load_scenario
    from lobbysim.sim.testing import mmc_scenario, tiny_layout

    runs = []
    for sample in ("railway_station", "flagship"):
        sc = load_scenario(ROOT / "layouts" / sample / "scenario.json")
        for variant in ("before", "after"):
            layout = load_layout(ROOT / "layouts" / sample / f"{variant}.lobby.json")
            for day in ("mon", "thu", "sat"):
                for rep in (0, 1):
                    runs.append((f"{sample}/{variant} {day} rep {rep}", layout, sc, day, rep, rep == 1))
    runs.append(
        ("M/M/3 rho 0.8", tiny_layout(3, ticket=False, desk=False), mmc_scenario(3, 0.8, 1.0, 20), "mon", 0, False)
    )
    lines = []
    for name, layout, sc, day, rep, positions in runs:
        rec = simulate(layout, sc, day, 11, rep, positions=positions)
        h = hashlib.sha256()
        for table in RECORD_TABLES:
            rows = getattr(rec, table)
            h.update(f"{table} {len(rows)}\n".encode())
            for r in rows:
                h.update(repr(tuple(r) if isinstance(r, tuple) else astuple(r)).encode())
        rest = (rec.day, rec.seed, rec.replication, rec.open_time, rec.close_time, rec.layout_name, rec.fixtures,
                rec.roster, rec.end_time, rec.call_list, rec.substitutions)  # fmt: skip
        h.update(repr(rest).encode())
        lines.append(f"{name}: {h.hexdigest()}")
    return lines


def main() -> int:
    if "--records" in sys.argv[1:]:
        print("\n".join(records_digests()))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cmp.json"
        args = [sys.executable, "-m", "lobbysim", "compare", str(SAMPLE / "before.lobby.json"),
                str(SAMPLE / "after.lobby.json"), "--scenario", str(SAMPLE / "scenario.json"), "--days", "mon,thu",
                "--reps", "10", "--seed", "7", "--no-progress", "--db", str(Path(tmp) / "runs.sqlite"),
                "--json", str(out)]  # fmt: skip
        subprocess.run(args, check=True, capture_output=True, cwd=ROOT)
        doc = json.loads(out.read_text())
    for key in ("run_id", "created", "finished", "timestamp"):
        doc.pop(key, None)
    print(json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
