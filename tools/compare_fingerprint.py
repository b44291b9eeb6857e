"""Print a fingerprint of `lobbysim compare --json` on the sample (before vs after, Monday and Thursday,
10 replications, seed 7), leaving out run ids and timestamps: a refactoring must not change it.

    python3 tools/compare_fingerprint.py > /tmp/a.json   # before the change
    python3 tools/compare_fingerprint.py | diff /tmp/a.json -   # after it: no output
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "layouts" / "railway_station"


def main() -> int:
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
