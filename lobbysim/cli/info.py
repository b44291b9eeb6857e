"""``lobbysim info FILE``: describe a layout (areas by kind, fixtures, seats, posts)."""

from __future__ import annotations

import json

from lobbysim.model.fileformat import load_layout
from lobbysim.model.summary import describe_layout, format_description


def register(sub) -> None:
    p = sub.add_parser("info", help="describe layouts: areas, fixtures, seats, posts")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print the description as JSON")
    p.set_defaults(func=run)


def run(args) -> int:
    out = {}
    for path in args.files:
        d = describe_layout(load_layout(path))
        out[path] = d
        if not args.json:
            print(format_description(d, path))
    if args.json:
        print(json.dumps(out if len(args.files) > 1 else out[args.files[0]], ensure_ascii=False, indent=2))
    return 0
