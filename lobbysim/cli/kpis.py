"""``lobbysim kpis [--lang zh|en] [--json OUT]``: the KPI glossary.

Every KPI with its definition, unit, better direction, minimum effect (the smallest difference
a comparison reports) and what in the model produces it.
"""

from __future__ import annotations

import dataclasses


def register(sub) -> None:
    p = sub.add_parser(
        "kpis",
        help="list every KPI: definition, unit, better direction, minimum effect, what produces it",
        description="The KPI glossary (also the last page of the report).",
    )
    p.add_argument("--lang", choices=("en", "zh"), default="en")
    p.add_argument("--json", default=None, metavar="OUT", help="write the glossary as JSON ('-' for stdout)")
    p.set_defaults(func=run)


def run(args) -> int:
    from lobbysim.cli._experiments import write_json
    from lobbysim.experiments.glossary import entries

    items = entries(args.lang)
    if args.json:
        write_json(args.json, {"kpis": [dataclasses.asdict(e) for e in items]})
        if args.json == "-":
            return 0
    head = {
        "en": ("unit", "better", "minimum effect", "produced by"),
        "zh": ("单位", "方向", "最小有意义差异", "由何产生"),
    }
    unit, better, effect, made = head[args.lang]
    for e in items:
        print(f"{e.name}  {e.label}")
        print(f"    {e.definition}")
        print(f"    {unit}: {e.unit}; {better}: {e.better}; {effect}: {e.min_effect}")
        print(f"    {made}: {e.produced_by}")
    return 0
