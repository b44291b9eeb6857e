"""The leadership report: a multi-page PDF (and PNG/SVG per figure) comparing two variants.

Pages: a title page (branch, date, scenario summary, replications), the floor plans, and per
day the customer flow chart, the staff spaghetti diagram, the occupancy heat maps, the waits,
the staff time use and the KPI table; last, a findings page with the largest significant
changes in plain sentences. Every file is written atomically, so a failure never leaves a
partial report behind.
"""

from __future__ import annotations

import datetime as _dt
import math
import os
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_pdf import PdfPages

from lobbysim.errors import FileReadError, LobbysimError
from lobbysim.model.jsonio import atomic_write_bytes

from . import figures as F

DAY_NAMES = {"mon": ("周一", "Monday"), "tue": ("周二", "Tuesday"), "wed": ("周三", "Wednesday"),
             "thu": ("周四", "Thursday"), "fri": ("周五", "Friday"), "sat": ("周六", "Saturday"),
             "sun": ("周日", "Sunday")}


def findings(cmp: dict, lang: str = "en", kpi_info=None, limit: int = 8) -> list[str]:
    """The largest significant changes of B against A, as sentences, largest relative change first."""
    out = []
    for day, d in cmp["days"].items():
        for name, k in d["kpis"].items():
            if k["verdict"] == "same":
                continue
            a, b, diff = k["a"]["mean"], k["b"]["mean"], k["diff"]["mean"]
            if a is None or b is None or diff is None:
                continue
            rel = abs(diff) / max(abs(a), 1e-9) if abs(a) > 1e-9 else math.inf
            out.append((rel, day, name, k))
    out.sort(key=lambda x: (-min(x[0], 1e9), x[1], x[2]))
    sentences = []
    for rel, day, name, k in out[:limit]:
        info = (kpi_info or {}).get(name, (name, name, "", None))
        a, b, diff = k["a"]["mean"], k["b"]["mean"], k["diff"]["mean"]
        lo, hi = k["diff"]["ci95"]
        dz, de = DAY_NAMES.get(day, (day, day))
        unit = info[2] if info[2] not in ("share",) else ""
        if info[2] == "share":
            fa, fb, fd, flo, fhi = (f"{100 * v:.1f}%" for v in (a, b, abs(diff), lo, hi))
        else:
            fa, fb, fd, flo, fhi = (F._f(v) for v in (a, b, abs(diff), lo, hi))
        good = k["verdict"] == "better"
        if lang == "zh":
            verb = "上升" if diff > 0 else "下降"
            sentences.append(f"{dz}：{info[1]}由 {fa} {verb}至 {fb}（{'改善' if good else '变差'}；"
                             f"差值 95% 置信区间 {flo} 至 {fhi}）。")
        else:
            verb = "rose" if diff > 0 else "fell"
            sentences.append(f"{de}: {info[0]} {verb} from {fa} to {fb} {unit}".rstrip() +
                             f" ({'better' if good else 'worse'}; 95% CI of the change {flo} to {fhi}).")
    return sentences


def _text_page(title: str, lines: list[str], lang: str):
    fig = F.new_figure()
    ax = fig.subplots()
    ax.axis("off")
    ax.text(0.02, 0.96, title, fontsize=20, fontweight="bold", va="top", transform=ax.transAxes)
    y = 0.86
    for line in lines:
        ax.text(0.03, y, line, fontsize=11, va="top", transform=ax.transAxes, wrap=True)
        y -= 0.055 if len(line) < 110 else 0.085
    return fig


def build_figures(layouts, titles, records_by_day: dict, cmp: dict, scenario_summary: list[str], lang: str,
                  branch: str, kpi_info=None, business_names=None) -> list[tuple[str, object]]:
    """(file stem, Figure) for every page of the report, in order."""
    T = F.T
    today = _dt.date.today().isoformat()
    reps = cmp["reps"]
    title = _text_page(
        T("网点厅堂改造前后对比报告", "Lobby redesign: before and after", lang),
        [T(f"网点：{branch}", f"Branch: {branch}", lang),
         T(f"日期：{today}", f"Date: {today}", lang),
         T(f"对比方案：A = {titles[0]}，B = {titles[1]}", f"Variants: A = {titles[0]}, B = {titles[1]}", lang),
         T(f"模拟：每个方案每天 {reps} 次重复（共同随机数，同一批客户），随机种子 {cmp['seed']}",
           f"Simulation: {reps} replications per variant and day on the same customers (common random numbers), "
           f"seed {cmp['seed']}", lang),
         T("日期：", "Days: ", lang) + ", ".join(T(*DAY_NAMES.get(d, (d, d)), lang) for d in records_by_day),
         ""] + scenario_summary, lang)
    pages = [("title", title), ("plans", F.figure_plans(layouts, titles, lang))]
    for day, recs in records_by_day.items():
        dname = T(*DAY_NAMES.get(day, (day, day)), lang)
        tt = [f"{t} · {dname}" for t in titles]
        pages += [
            (f"{day}_customer_flow", F.figure_customer_flow(layouts, recs, tt, lang, business_names)),
            (f"{day}_staff_spaghetti", F.figure_staff_spaghetti(layouts, recs, tt, lang)),
            (f"{day}_occupancy", F.figure_heatmaps(layouts, recs, tt, lang)),
            (f"{day}_waits", F.figure_waits(recs, tt, lang)),
            (f"{day}_staff_time", F.figure_staff_time(recs, tt, lang)),
            (f"{day}_kpis", F.figure_kpi_table(cmp, day, lang, kpi_info)),
        ]
    found = findings(cmp, lang, kpi_info)
    if not found:
        found = [T("各项指标均无统计显著的变化。", "No KPI changed significantly.", lang)]
    pages.append(("findings", _text_page(T("主要发现", "Findings", lang),
                                         [f"{i}. {s}" for i, s in enumerate(found, 1)], lang)))
    return pages


def write_report(pages, out: str | os.PathLike, png_dir=None, svg_dir=None) -> None:
    """The PDF (one page per figure), and PNG/SVG files per figure, each written atomically."""
    out = Path(out)
    for d in (png_dir, svg_dir):
        if d is not None:
            d = Path(d)
            if d.exists() and not d.is_dir():
                raise FileReadError("is not a folder", path=str(d))
            try:
                d.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise FileReadError(f"cannot be created ({exc.strerror or exc})", path=str(d)) from None
            if not os.access(d, os.W_OK):
                raise FileReadError("is not writable", path=str(d))
    if not out.parent.exists():
        raise FileReadError("cannot be written: the folder does not exist", path=str(out))

    def pdf(tmp):
        with PdfPages(tmp, metadata={"Title": "lobbysim report", "Creator": "lobbysim"}) as pp:
            for _, fig in pages:
                FigureCanvasAgg(fig)
                pp.savefig(fig)

    with F.style():
        atomic_write_bytes(out, pdf)
        for stem, fig in pages:
            if png_dir is not None:
                atomic_write_bytes(Path(png_dir) / f"{stem}.png", lambda tmp, f=fig: _save(f, tmp, "png"))
            if svg_dir is not None:
                atomic_write_bytes(Path(svg_dir) / f"{stem}.svg", lambda tmp, f=fig: _save(f, tmp, "svg"))


def _save(fig, path, fmt):
    FigureCanvasAgg(fig)
    fig.savefig(path, format=fmt, dpi=150 if fmt == "png" else None)


def make_report(variant_a, variant_b, days, reps: int, seed: int, out, *, lang: str = "en", png_dir=None,
                svg_dir=None, executor=None, progress=None) -> dict:
    """Run A and B, build every figure from the records, write the report. Returns a summary."""
    from lobbysim.experiments.experiment import compare, run_experiment
    from lobbysim.model.fileformat import layout_from_dict
    from lobbysim.sim.kpis import KPI_INFO
    from lobbysim.sim.scenario import Scenario

    if lang not in ("zh", "en", "both"):
        raise LobbysimError(f"unknown language '{lang}'; use zh, en or both")
    res = run_experiment([variant_a, variant_b], days, reps, seed, executor=executor, progress=progress,
                         keep_records="all", kind="report")
    records_by_day = {}
    for d in days:
        ra = [res.records[("A", d, r)] for r in range(reps) if ("A", d, r) in res.records]
        rb = [res.records[("B", d, r)] for r in range(reps) if ("B", d, r) in res.records]
        if not ra or not rb:
            raise LobbysimError(f"the simulation produced no records for {d}")
        if not any(c for r in ra + rb for c in r.customers):
            raise LobbysimError(f"no customer arrives on {d} in this scenario: nothing to report")
        records_by_day[d] = [ra, rb]
    cmp = compare(res, "A", "B")
    la = layout_from_dict(variant_a.layout_doc, variant_a.layout_path)
    lb = layout_from_dict(variant_b.layout_doc, variant_b.layout_path)
    sc = Scenario.from_dict(variant_a.scenario_doc, variant_a.scenario_path)
    doc = variant_a.scenario_doc
    business_names = {b["code"]: F.T(b.get("name_zh", b["code"]), b.get("name_en", b["code"]), lang)
                      for b in doc.get("business", []) if isinstance(b, dict) and "code" in b}
    summary = _scenario_summary(doc, lang)
    titles = [F.T(*(_variant_title(la, "A")), lang), F.T(*(_variant_title(lb, "B")), lang)]
    branch = la.meta.branch or la.meta.name_zh or la.meta.name_en or "-"
    cmp["a"]["label"], cmp["b"]["label"] = titles
    with F.style():
        pages = build_figures([la, lb], titles, records_by_day, cmp, summary, lang, branch, KPI_INFO, business_names)
    write_report(pages, out, png_dir, svg_dir)
    del sc
    return {"pages": len(pages), "findings": findings(cmp, lang, KPI_INFO), "comparison": cmp,
            "figures": [s for s, _ in pages]}


def _variant_title(layout, key):
    v = layout.meta.variant
    zh = {"before": "改造前", "after": "改造后"}.get(v, layout.meta.name_zh or key)
    en = {"before": "Before", "after": "After"}.get(v, layout.meta.name_en or key)
    return zh, en


def _scenario_summary(doc: dict, lang: str) -> list[str]:
    T = F.T
    arr = doc.get("arrivals", {})
    hours = doc.get("hours", {})
    lines = [T(f"营业时间：{hours.get('open', '?')}–{hours.get('close', '?')}",
               f"Opening hours: {hours.get('open', '?')}-{hours.get('close', '?')}", lang)]
    if "per_day" in arr:
        lines.append(T(f"到店客户：约 {arr['per_day']:.0f} 人/天（按星期系数调整）",
                       f"Arrivals: about {arr['per_day']:.0f} a day before day-of-week factors", lang))
    biz = doc.get("business", [])
    if biz:
        mix = ", ".join(f"{b.get('name_zh' if lang == 'zh' else 'name_en', b.get('code'))} {100 * b.get('share', 0):.0f}%"
                        for b in biz if isinstance(b, dict))
        lines.append(T("业务结构：", "Business mix: ", lang) + mix)
    staff = doc.get("staff", [])
    if staff:
        lines.append(T(f"人员：{len(staff)} 人", f"Staff: {len(staff)} people on the roster", lang))
    return lines
