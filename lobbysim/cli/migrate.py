"""``lobbysim migrate FILE [--out F]``: upgrade a scenario file to the current format version.

The upgraded document is checked by the same parser as every other command before it is written
(atomically: a failed write leaves the old file as it was); the one-line notice says what the
upgrade changed. Exit 0 = written (or already current), 1 = the file is not a valid scenario,
2 = it cannot be read or written.
"""

from __future__ import annotations

from lobbysim.model.jsonio import atomic_write_text, dumps_pretty, read_json
from lobbysim.sim.scenario import VERSION, Scenario


def register(sub) -> None:
    p = sub.add_parser(
        "migrate",
        help="upgrade a scenario file to the current format version",
        description=f"Upgrade a *.scenario.json file to format version {VERSION}, in place or into --out.",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--out", metavar="F", help="write the upgraded scenario here instead of over FILE")
    p.set_defaults(func=run)


def run(args) -> int:
    doc = read_json(args.file, what="lobbysim scenario")
    sc = Scenario.from_dict(doc, path=args.file)
    out = args.out or args.file
    if sc.upgraded_from is None and out == args.file:
        print(f"{args.file}: already scenario version {VERSION}; nothing to do")
        return 0
    atomic_write_text(out, dumps_pretty(sc.to_dict()))
    what = sc.upgrade_notice or f"already scenario version {VERSION}"
    print(f"{args.file}: {what}; written to {out}")
    return 0
