"""Tables of a robustness result (the JSON of ``robustness.run_robustness``) for the terminal, the
XLSX export and the editor: views of the result, no number computed again."""

from __future__ import annotations

from .labels import day_name, fmt_value, kpi_label, kpi_unit, verdict_word

#: the columns of the per-day table after the KPI
SUMMARY_COLUMNS = (
    "verdict at the scenario's values",
    "holds in",
    "better",
    "worse",
    "no change",
    "changed",
    "inconclusive",
    "B-A 5%",
    "B-A median",
    "B-A 95%",
    "clear drivers",
)
#: the sensitivity measures as the tables name them
MEASURE_NAMES = {"prcc": "PRCC", "spearman": "Spearman"}


def pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.0f}%"


def driver_words(entry: dict, n: int = 2) -> str:
    """'customers.patience.mean (+0.62), ...': the strongest clear drivers with their index ('-': none)."""
    from .robustness import clear_drivers

    return ", ".join(f"{d['param']} ({d['index']:+.2f})" for d in clear_drivers(entry, n)) or "-"


def kpi_order(res: dict, day: str, headline_first: bool = True) -> list[str]:
    names = list(res["days"][day]["kpis"])
    if not headline_first:
        return names
    heads = [n for n in res.get("headline_kpis", []) if n in names]
    return heads + [n for n in names if n not in heads]


def summary_rows(res: dict, day: str, lang: str = "en", headline_only: bool = False) -> tuple[list, list[list]]:
    """KPI | verdict | holds in | share better/worse/no change/changed/inconclusive | B-A 5/50/95 % | drivers
    (named by the run's sensitivity measure)."""
    measure = MEASURE_NAMES.get(res.get("sensitivity", ""), "")
    header = ["KPI", *SUMMARY_COLUMNS[:-1], f"{SUMMARY_COLUMNS[-1]} ({measure})" if measure else SUMMARY_COLUMNS[-1]]
    rows = []
    for name in kpi_order(res, day):
        e = res["days"][day]["kpis"][name]
        if headline_only and not e.get("headline"):
            continue
        unit = kpi_unit(name)
        rows.append(
            [
                ("* " if e.get("headline") else "") + kpi_label(name, lang),
                verdict_word(e["verdict"], lang),
                pct(e["share_holds"]),
                pct(e["share_better"]),
                pct(e["share_worse"]),
                pct(e["share_no_change"]),
                pct(e["share_changed"]),
                pct(e["share_inconclusive"]),
                fmt_value(e["diff_p05"], unit, sign=True),
                fmt_value(e["diff_p50"], unit, sign=True),
                fmt_value(e["diff_p95"], unit, sign=True),
                driver_words(e),
            ]
        )
    return header, rows


def driver_rows(res: dict, lang: str = "en") -> tuple[list, list[list]]:
    """day | KPI | rank | input | index | p | mean B-A when the input is low | when it is high."""
    header = ["day", "KPI", "rank", "input", "index", "p", "q", "B-A, input in its lowest third", "B-A, highest third"]
    rows = []
    for day, d in res["days"].items():
        for name in kpi_order(res, day):
            for rank, dr in enumerate(d["kpis"][name]["drivers"], 1):
                rows.append(
                    [
                        day_name(day, lang),
                        kpi_label(name, lang),
                        rank,
                        dr["param"],
                        dr["index"],
                        dr["p"],
                        dr["q"],
                        dr["low"],
                        dr["high"],
                    ]
                )
    return header, rows


def input_rows(res: dict) -> tuple[list, list[list]]:
    header = ["input", "scenario value", "low", "high", "distribution", "mix"]
    rows = [[i["param"], i["base"], i["lo"], i["hi"], i["dist"], i["group"] or ""] for i in res["inputs"]]
    rows += [[p, "", "", "", "fixed (zero-width range)", ""] for p in res["fixed"]]
    return header, rows


def draw_rows(res: dict, lang: str = "en") -> tuple[list, list[list]]:
    """One row per valid parameter set: its number, its drawn values, and each headline KPI's mean
    difference B - A per day."""
    params = res["draws"]["params"]
    heads = [(day, n) for day in res["days"] for n in res.get("headline_kpis", []) if n in res["days"][day]["kpis"]]
    header = ["set", *params] + [f"{kpi_label(n, lang)} B-A ({day_name(day, lang)})" for day, n in heads]
    rows = []
    for j, (sample, values) in enumerate(zip(res["draws"]["samples"], res["draws"]["values"])):
        diffs = [res["days"][day]["kpis"][n]["diffs"][j] for day, n in heads]
        rows.append([sample, *values, *diffs])
    return header, rows


def notes(res: dict) -> list[str]:
    """Lines printed under the tables: invalid draws, fixed values, the sensitivity measure."""
    out = [
        f"{res['valid_samples']} of {res['samples']} parameter sets ({res['design']}, seed {res['seed']}), "
        f"{res['reps']} replications each, A and B on the same customers; * headline KPI"
    ]
    for bad in res["invalid"]:
        out.append(f"draw {bad['sample']} skipped: {bad['reason']}")
    if res["fixed"]:
        out.append("fixed (zero-width range, not an input): " + ", ".join(res["fixed"]))
    out.append(f"drivers: {res['sensitivity_note']}")
    return out


def sheets(res: dict, lang: str = "en") -> dict[str, tuple[list, list[list]]]:
    """The XLSX workbook: a summary per day, the drivers, the inputs and the draws."""
    out = {f"summary {day}": summary_rows(res, day, lang) for day in res["days"]}
    out["drivers"] = driver_rows(res, lang)
    out["inputs"] = input_rows(res)
    out["parameter sets"] = draw_rows(res, lang)
    if res["invalid"]:
        out["skipped sets"] = (["set", "why"], [[b["sample"], b["reason"]] for b in res["invalid"]])
    return out
