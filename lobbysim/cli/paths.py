"""``lobbysim paths FILE [--from ID --to ID] [--json]``: walking distances on a layout."""

from __future__ import annotations

import json
import math

from lobbysim.errors import UsageError
from lobbysim.model.fileformat import load_layout


def register(sub) -> None:
    p = sub.add_parser(
        "paths",
        help="walking distances and paths between points of interest",
        description="Points of interest are entrances, '<fixture>.service', '<fixture>.staff' and "
        "seats ('<seat block>.r1s1'); a fixture id alone means its service point "
        "(or its staff point if it has none).",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--from", dest="src", metavar="ID")
    p.add_argument("--to", dest="dst", metavar="ID")
    p.add_argument(
        "--json",
        action="store_true",
        help='print JSON: the path, or the whole matrix {"points": [...], "matrix": [[...]]}',
    )
    p.add_argument("--clearance", type=float, default=0.25, help="body clearance around obstacles, m")
    p.set_defaults(func=run)


def _resolve(floor, name: str) -> str:
    if name in floor.poi:
        return name
    for suffix in (".service", ".staff"):
        if name + suffix in floor.poi:
            return name + suffix
    near = sorted(floor.poi, key=lambda k: (not k.startswith(name.split(".")[0]), k))[:5]
    raise UsageError(f"'{name}' is not a point of interest of this layout (e.g. {', '.join(near)})")


def _m(v: float):
    return round(float(v), 3) if math.isfinite(v) else None


def run(args) -> int:
    from lobbysim.geo import build_floor

    if not 0 <= args.clearance <= 2:  # (NaN is refused too)
        raise UsageError(f"--clearance must be between 0 and 2 m, got {args.clearance}")
    layout = load_layout(args.file)
    floor = build_floor(layout, clearance=args.clearance)
    if (args.src is None) != (args.dst is None):
        raise UsageError("give both --from and --to, or neither for the whole matrix")
    if args.src is not None:
        a, b = _resolve(floor, args.src), _resolve(floor, args.dst)
        d = floor.distance(floor.poi[a], floor.poi[b])
        path = floor.path(floor.poi[a], floor.poi[b])
        if args.json:
            print(json.dumps({"from": a, "to": b, "metres": _m(d), "path": [[_m(x), _m(y)] for x, y in path]}))
        elif not math.isfinite(d):
            print(f"{a} -> {b}: no walkable path")
            return 1
        else:
            print(f"{a} -> {b}: {d:.2f} m")
            print("  " + " -> ".join(f"({x:.2f}, {y:.2f})" for x, y in path))
        return 0
    ids, m = floor.poi_matrix()
    if args.json:
        print(json.dumps({"points": ids, "matrix": [[_m(v) for v in row] for row in m]}))
        return 0
    for i, a in enumerate(ids):
        for j in range(i + 1, len(ids)):
            d = m[i, j]
            print(f"{a:>20} -> {ids[j]:<20} {d:8.2f} m" if math.isfinite(d) else f"{a:>20} -> {ids[j]:<20}  no path")
    return 0
