"""``lobbysim validate FILE...``: check layouts; exit 0 = no errors, 1 = errors, 2 = unreadable."""

from __future__ import annotations

import json
import sys

from lobbysim.errors import LobbysimError, UsageError
from lobbysim.geo import layout_findings
from lobbysim.model.fileformat import load_layout


def register(sub) -> None:
    p = sub.add_parser(
        "validate",
        help="check layout files and list their problems",
        description="Check *.lobby.json files: geometry, containment, overlaps, reachability.",
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print the findings as JSON")
    p.add_argument("--clearance", type=float, default=0.25, help="body clearance around obstacles, m (default 0.25)")
    p.set_defaults(func=run)


def run(args) -> int:
    if not 0 <= args.clearance <= 2:
        raise UsageError(f"--clearance must be between 0 and 2 m, got {args.clearance}")
    worst = 0
    report = {}
    for path in args.files:
        try:
            layout = load_layout(path)
        except LobbysimError as exc:
            worst = max(worst, exc.exit_code)
            report[path] = {"ok": False, "read_error": str(exc), "findings": []}
            if not args.json:
                print(f"lobbysim: {exc}", file=sys.stderr)
            continue
        findings = layout_findings(layout, args.clearance)
        errors = sum(f.severity == "error" for f in findings)
        warnings = len(findings) - errors
        if errors:
            worst = max(worst, 1)
        report[path] = {
            "ok": errors == 0,
            "errors": errors,
            "warnings": warnings,
            "findings": [f.to_dict() for f in findings],
        }
        if not args.json:
            status = "ok" if errors == 0 else "INVALID"
            print(f"{path}: {status} ({errors} error(s), {warnings} warning(s))")
            for f in findings:
                where = f" at ({f.location[0]:.2f}, {f.location[1]:.2f})" if f.location else ""
                print(f"  {f.severity}: {f.element_id or '-'}: {f.message}{where} [{f.code}]")
    if args.json:
        print(json.dumps({"files": report}, ensure_ascii=False, indent=2))
    return worst
