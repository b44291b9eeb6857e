"""The charts and tables of one simulation result, as the editor's Results dock shows them and
its exports write them (no Qt).

A result (:class:`~lobbysim.experiments.experiment.ExperimentResult`) holds one or more
variants simulated on the same customers, and the records of the replications it kept. Each
chart is one of the report's figures drawn from those records for one day, every variant side
by side; with two or more variants there is also a KPI table of each variant against the first
(paired on the same customers). Nothing is simulated here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from lobbysim.errors import LobbysimError

#: chart key (also the file name after the day, as in the PDF report) -> English name;
#: with more than two variants there is one KPI table per variant, 'kpis_<variant>'.
CHARTS = {
    "customer_flow": "Customer flow",
    "staff_spaghetti": "Staff paths",
    "occupancy": "Occupancy heat map",
    "waits": "Waits",
    "staff_time": "Staff time",
    "kpis": "KPI table",
}
FORMATS = ("png", "svg")


# --- what a result holds ---------------------------------------------------------------------------
def records_for(result, variant: str, day: str) -> list:
    """The kept records of one variant and day, replication order."""
    return [result.records[(variant, day, r)] for r in range(result.reps) if (variant, day, r) in result.records]


def charted_variants(result, day: str) -> list[str]:
    """The variants with records on ``day`` (a compare that kept none has nothing to draw)."""
    return [v for v in result.variants if records_for(result, v, day)]


def kpi_keys(result) -> list[str]:
    """The KPI-table charts: 'kpis' for two variants, 'kpis_<variant>' for each variant against
    the first when there are more (none for one variant)."""
    others = result.variants[1:]
    if not others:
        return []
    return ["kpis"] if len(others) == 1 else [f"kpis_{v}" for v in others]


def kpi_variant(result, key: str) -> str:
    """The variant a KPI-table chart compares with the first."""
    return result.variants[1] if key == "kpis" else key[len("kpis_") :]


def chart_keys(result, day: str) -> list[str]:
    """The charts this result can draw for ``day``: the record charts when records were kept,
    the KPI tables when there are variants to compare."""
    keys = [k for k in CHARTS if k != "kpis"] if charted_variants(result, day) else []
    if day in result.days:
        keys += kpi_keys(result)
    return keys


def comparisons(result) -> dict:
    """variant -> its comparison with the first variant (``compare()``'s JSON, paired on the same
    customers)."""
    from lobbysim.experiments.experiment import compare

    if result is None:
        return {}
    base = result.variants[0]
    return {v: compare(result, base, v) for v in result.variants[1:]}


def business_names(scenario_doc, lang: str) -> dict | None:
    """Business code -> name in ``lang`` from a scenario document (None when it has none: the
    charts then show the codes)."""
    out = {}
    for b in scenario_doc.get("business", []) if isinstance(scenario_doc, dict) else []:
        if isinstance(b, dict) and isinstance(b.get("code"), str):
            name = b.get("name_zh" if lang == "zh" else "name_en")
            out[b["code"]] = name if isinstance(name, str) and name else b["code"]
    return out or None


# --- charts ------------------------------------------------------------------------------------------
def build_chart(
    key: str, result, day: str, layouts: dict, lang: str = "en", cmps: dict | None = None, names: dict | None = None
):
    """The report layer's Figure of chart ``key`` for ``day``, every variant with records side by
    side, titled with the result's labels. ``layouts``: variant -> model Layout."""
    from lobbysim.report import figures as F

    if key == "kpis" or key.startswith("kpis_"):
        from lobbysim.sim.kpis import KPI_INFO

        if len(result.variants) < 2:
            raise LobbysimError("the KPI table needs two variants: compare this layout with another")
        cmps = cmps if cmps is not None else comparisons(result)
        return F.figure_kpi_table(cmps[kpi_variant(result, key)], day, lang, KPI_INFO)
    variants = charted_variants(result, day)
    if not variants:
        raise LobbysimError(f"the run kept no records for {F.day_name(day, 'en')}: nothing to draw")
    titles = [f"{result.labels.get(v, v)} · {F.day_name(day, lang)}" for v in variants]
    recs = [records_for(result, v, day) for v in variants]
    lays = [layouts[v] for v in variants]
    if key == "customer_flow":
        return F.figure_customer_flow(lays, recs, titles, lang, names)
    if key == "staff_spaghetti":
        return F.figure_staff_spaghetti(lays, recs, titles, lang)
    if key == "occupancy":
        return F.figure_heatmaps(lays, recs, titles, lang)
    if key == "waits":
        return F.figure_waits(recs, titles, lang)
    if key == "staff_time":
        return F.figure_staff_time(recs, titles, lang)
    raise KeyError(key)


def save_figure(fig, path, fmt: str) -> None:
    """Write a Figure as PNG (150 dpi) or SVG to ``path`` (a file name or an open binary file)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    fig.savefig(path, format=fmt, dpi=150 if fmt == "png" else None)


def check_figure_target(folder, fmt: str) -> Path:
    """The folder figures go to, checked before anything is drawn."""
    if fmt not in FORMATS:
        raise LobbysimError(f"unknown figure format '{fmt}'; use png or svg")
    folder = Path(folder)
    if not folder.is_dir():
        raise LobbysimError("is not a folder", path=str(folder))
    return folder


def figure_plan(result) -> list[tuple[str, str]]:
    """(day, chart key) of every chart of the result, in the order they are written."""
    return [(day, key) for day in result.days for key in chart_keys(result, day)]


def write_figures(
    result,
    folder,
    fmt: str,
    layouts: dict,
    lang: str = "en",
    names: dict | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel=None,
) -> list[Path]:
    """Write every chart of every day of ``result`` into ``folder`` as ``<day>_<chart>.<fmt>``,
    each atomically (a cancelled export leaves only complete files)."""
    from lobbysim.experiments.runner import Cancelled
    from lobbysim.model.jsonio import atomic_write_bytes
    from lobbysim.report import figures as F

    folder = check_figure_target(folder, fmt)
    todo = figure_plan(result)
    if not todo:
        raise LobbysimError("the result has no charts to export (the run kept no records)")
    cmps = comparisons(result)
    out = []
    with F.style():
        for i, (day, key) in enumerate(todo):
            if cancel is not None and cancel.is_set():
                raise Cancelled("export cancelled; the figures written so far are complete files")
            fig = build_chart(key, result, day, layouts, lang, cmps, names)
            path = folder / f"{day}_{key}.{fmt}"
            atomic_write_bytes(path, lambda tmp, f=fig: save_figure(f, tmp, fmt))
            out.append(path)
            if progress is not None:
                progress(i + 1, len(todo))
    return out


# --- tables --------------------------------------------------------------------------------------------
def _num(v):
    return float(v) if v is not None and math.isfinite(v) else None


def table_sheets(result, lang: str = "en", text: Callable[[str], str] = lambda s: s) -> dict:
    """Worksheets {name: (header, rows)}: per day the KPI summary (mean and 95% interval as
    text, as on screen), the same as numbers (mean, low, high per variant), and the comparison
    with the first variant when there are more: B against A for two, every variant against the
    first side by side for more. ``text`` translates the sheet and column names (English)."""
    from lobbysim.experiments.experiment import comparison_rows, multi_comparison_rows, summary_rows
    from lobbysim.experiments.labels import day_name
    from lobbysim.sim.kpis import KPI_INFO

    cmps = comparisons(result)
    sheets = {}
    for day in result.days:
        dn = day_name(day, lang)
        sheets[text("{day} KPIs").format(day=dn)] = summary_rows(result, day, lang)
        header = [text("KPI"), text("code"), text("unit")]
        for v in result.variants:
            lab = result.labels.get(v, v)
            header += [f"{lab} " + text("mean"), f"{lab} " + text("95% low"), f"{lab} " + text("95% high")]
        rows = []
        for name in result.kpi_names():
            info = KPI_INFO.get(name)
            row = [name if info is None else (info[1] if lang == "zh" else info[0]), name, info[2] if info else ""]
            for v in result.variants:
                e = result.estimate(v, day, name)
                row += [_num(e.mean), _num(e.lo), _num(e.hi)]
            rows.append(row)
        sheets[text("{day} values").format(day=dn)] = (header, rows)
        if len(cmps) == 1:
            sheets[text("{day} B-A").format(day=dn)] = comparison_rows(next(iter(cmps.values())), day, lang)
        elif cmps:
            header, rows, _verdicts = multi_comparison_rows(result, day, lang=lang)
            sheets[text("{day} comparison").format(day=dn)] = (header, rows)
    return sheets


__all__ = [
    "CHARTS",
    "FORMATS",
    "records_for",
    "charted_variants",
    "kpi_keys",
    "kpi_variant",
    "chart_keys",
    "comparisons",
    "business_names",
    "build_chart",
    "save_figure",
    "check_figure_target",
    "figure_plan",
    "write_figures",
    "table_sheets",
]
