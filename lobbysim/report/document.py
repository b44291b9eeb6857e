"""The leadership report: a multi-page PDF (and PNG/SVG per figure) comparing two variants.

Pages: a title page (branch, date, scenario summary, replications, headline figures), the
floor plans, and per day the customer flow chart, the staff spaghetti diagram, the occupancy
heat maps, the waits, the staff time use and the KPI table; last, a findings page with the
largest significant changes in plain sentences. Every file is written atomically, so a
failure never leaves a partial report behind.
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_pdf import PdfPages

from lobbysim.errors import FileReadError, LobbysimError
from lobbysim.model.jsonio import atomic_write_bytes

from . import figures as F

DAY_NAMES = F.DAY_NAMES

#: KPIs on the title page's headline table, in this order (when present)
HEADLINE = (
    "wait_mean_min",
    "wait_p90_min",
    "share_wait_over_15min",
    "served",
    "reneged",
    "customer_walk_m",
    "staff_walk_m",
    "marketing_contacts",
    "share_waiting_contacted",
    "outbound_calls",
    "ops_vp_floor_share",
)


# --- findings -------------------------------------------------------------------------------------------------
def _diff_words(d, lo, hi, unit, lang):
    """'+67.2 points (95% CI +66.4 to +68.2)' in the chosen language."""
    if unit == "share":
        fd, flo, fhi = (f"{100 * v:+.1f}" for v in (d, lo, hi))
        return F.T(f"{fd} 个百分点，95% 置信区间 {flo} 至 {fhi}", f"{fd} points, 95% CI {flo} to {fhi}", lang)
    uz, ue = F.UNITS.get(unit, ("", ""))
    fd, flo, fhi = (F.fmt_value(v, unit, sign=True) for v in (d, lo, hi))
    return F.T(
        f"{fd}{(' ' + uz) if uz else ''}，95% 置信区间 {flo} 至 {fhi}",
        f"{fd}{(' ' + ue) if ue else ''}, 95% CI {flo} to {fhi}",
        lang,
    )


def _value_words(v, unit, lang):
    s = F.fmt_value(v, unit)
    if unit == "share":
        return s
    uz, ue = F.UNITS.get(unit, ("", ""))
    u = F.T(uz, ue, "zh" if lang == "zh" else "en")
    if lang == "both":
        u = ue
    return f"{s} {u}".rstrip() if u else s


def relative_change(a, b) -> float:
    """|B − A| relative to the larger of |A| and |B| (0 .. 2; 1 when one side is zero)."""
    if a is None or b is None:
        return 0.0
    den = max(abs(a), abs(b))
    return abs(b - a) / den if den > 1e-12 else 0.0


GROUPS = ("better", "worse", "changed")


def ranked_findings(cmp: dict, kpi_info=None) -> dict[str, list]:
    """group ('better', 'worse', 'changed') -> [(kpi name, [(day, comparison entry)])], the
    largest relative change first; a KPI is in the group of its strongest verdict over the days."""
    per_kpi: dict[str, list] = {}
    for day, d in cmp["days"].items():
        for name, k in d["kpis"].items():
            v = k["verdict"]
            if v not in GROUPS or k["diff"]["mean"] is None or k["diff"]["ci95"][0] is None:
                continue
            per_kpi.setdefault(name, []).append((day, k, v))
    out: dict[str, list] = {g: [] for g in GROUPS}
    for name, items in per_kpi.items():
        group = min((v for _, _, v in items), key=GROUPS.index)
        rel = max(relative_change(k["a"]["mean"], k["b"]["mean"]) for _, k, _ in items)
        out[group].append((rel, name, [(day, k) for day, k, _ in items]))
    return {g: [(name, items) for _, name, items in sorted(v, key=lambda x: (-x[0], x[1]))] for g, v in out.items()}


def finding_sentence(name: str, items, lang: str, kpi_info=None) -> str:
    """'Operations VP's time on the floor: on Monday from 3.1% to 70.3% (+67.2 points, 95% CI ...).'"""
    info = (kpi_info or {}).get(name, (name, name, "", None))
    label = F.T(info[1], info[0], lang)
    unit = info[2]
    parts = []
    for day, k in items:
        a, b, dmean = k["a"]["mean"], k["b"]["mean"], k["diff"]["mean"]
        lo, hi = k["diff"]["ci95"]
        if lang == "zh":
            verb = "升至" if dmean > 0 else "降至"
            parts.append(
                f"{F.day_name(day, lang)}由 {_value_words(a, unit, lang)}{verb} {_value_words(b, unit, lang)}"
                f"（{_diff_words(dmean, lo, hi, unit, lang)}）"
            )
        else:
            verb = "rises" if dmean > 0 else "falls"
            parts.append(
                f"on {F.day_name(day, lang)} it {verb} from {_value_words(a, unit, lang)} to "
                f"{_value_words(b, unit, lang)} ({_diff_words(dmean, lo, hi, unit, lang)})"
            )
    if lang == "zh":
        return f"{label}：" + "；".join(parts) + "。"
    return f"{label}: " + "; ".join(parts) + "."


def findings(cmp: dict, lang: str = "en", kpi_info=None, limit: int = 10) -> list[str]:
    """The largest significant changes of B against A as plain sentences, one per KPI (its days
    together): improvements, deteriorations, then changes without a good direction, each group
    largest relative change first; deteriorations are never left out for lack of room."""
    ranked = ranked_findings(cmp, kpi_info)
    worse = ranked["worse"]
    better = ranked["better"][: max(3, limit - len(worse) - min(2, len(ranked["changed"])))]
    changed = ranked["changed"][: max(0, limit - len(worse) - len(better))]
    return [finding_sentence(n, items, lang, kpi_info) for n, items in better + worse + changed]


def unchanged(cmp: dict, lang: str, kpi_info=None, names=HEADLINE) -> str:
    """One sentence naming the headline KPIs that did not change significantly on any day."""
    same = []
    for name in names:
        info = (kpi_info or {}).get(name)
        ks = [d["kpis"][name] for d in cmp["days"].values() if name in d["kpis"]]
        if info and ks and all(k["verdict"] == "same" for k in ks):
            same.append(F.T(info[1], info[0], lang))
    if not same:
        return ""
    return F.T(
        "无统计显著变化：" + "、".join(same) + "。",
        "No significant change in: " + ", ".join(s[0].lower() + s[1:] for s in same) + ".",
        lang,
    )


# --- text pages -----------------------------------------------------------------------------------------------
def _wrap(line: str, lang: str, width_in: float, size: float) -> list[str]:
    return F.wrap(line, width_in, size)


def _text_block(ax, x, y, lines, size, lang, width_in, gap=0.4, colour="#222222"):
    """Write paragraphs top-down from (x, y) in axes fraction; returns the y below them."""
    fig_h = ax.figure.get_figheight() * ax.get_position().height
    line_h = size * 1.45 / 72 / fig_h
    for para in lines:
        for ln in _wrap(para, lang, width_in, size):
            ax.text(x, y, ln, fontsize=size, va="top", ha="left", transform=ax.transAxes, color=colour)
            y -= line_h
        y -= line_h * gap
    return y


def title_page(branch, titles, days, cmp, scenario_summary, lang, kpi_info=None):
    fig = F.new_figure()
    fig.set_layout_engine(None)
    ax = fig.add_axes((0.04, 0.04, 0.92, 0.9))
    ax.axis("off")
    ax.add_patch(
        __import__("matplotlib.patches", fromlist=["Rectangle"]).Rectangle(
            (0, 0.9), 1, 0.006, transform=ax.transAxes, color="#1f5fa8"
        )
    )
    ax.text(
        0,
        1.0,
        F.T("网点厅堂改造前后对比报告", "Branch lobby redesign: before and after", lang),
        fontsize=24,
        va="top",
        transform=ax.transAxes,
        color="#1a1a1a",
    )
    ax.text(0, 0.935, branch, fontsize=13, va="top", transform=ax.transAxes, color="#1f5fa8")
    today = _dt.date.today().isoformat()
    dnames = (
        "、".join(F.day_name(d, lang) for d in days) if lang == "zh" else ", ".join(F.day_name(d, lang) for d in days)
    )
    meta = [
        F.T(f"报告日期：{today}", f"Report date: {today}", lang),
        F.T(f"对比方案：A = {titles[0]}，B = {titles[1]}", f"Compared: A = {titles[0]}, B = {titles[1]}", lang),
        F.T(f"模拟日：{dnames}", f"Simulated days: {dnames}", lang),
        F.T(
            f"重复次数：每个方案每天 {cmp['reps']} 次，两方案使用同一批客户（共同随机数，种子 {cmp['seed']}）",
            f"Replications: {cmp['reps']} per variant and day, both variants on the same customers "
            f"(common random numbers, seed {cmp['seed']})",
            lang,
        ),
    ]
    y = _text_block(ax, 0, 0.86, meta, 10.5, lang, 5.0, gap=0.35)
    y -= 0.02
    ax.text(0, y, F.T("情景设定", "Scenario", lang), fontsize=13, va="top", transform=ax.transAxes, color="#1f5fa8")
    _text_block(ax, 0, y - 0.05, scenario_summary, 9.5, lang, 5.0, gap=0.3, colour="#333333")
    # the headline table, right half
    tax = fig.add_axes((0.5, 0.08, 0.47, 0.72))
    tax.set_title(
        F.T("主要指标一览（各次重复的平均）", "Headline figures (means over the replications)", lang),
        fontsize=12,
        loc="left",
        color="#1f5fa8",
    )
    rows, colours = [], []
    for day in days:
        for name in HEADLINE:
            k = cmp["days"][day]["kpis"].get(name)
            info = (kpi_info or {}).get(name)
            if k is None or info is None:
                continue
            v = k["verdict"]
            short_day = F.T(DAY_NAMES.get(day, (day, day))[0], day.capitalize(), "zh" if lang == "both" else lang)
            rows.append(
                [
                    short_day if len(days) > 1 else "",
                    F.T(info[1], info[0], lang),
                    _value_words(k["a"]["mean"], info[2], lang),
                    _value_words(k["b"]["mean"], info[2], lang),
                    {
                        "better": "▲ " + F.T("改善", "better", lang),
                        "worse": "▼ " + F.T("变差", "worse", lang),
                        "changed": F.T("有变化", "changed", lang),
                        "same": "–",
                        "inconclusive": "?",
                        "n/a": F.T("无法判断", "n/a", lang),
                    }[v],
                ]
            )
            colours.append([F.VERDICT_COLOURS[v]] * 5)
    if rows:
        F.table(
            tax,
            rows,
            [F.T("日", "day", lang), F.T("指标", "KPI", lang), titles[0], titles[1], F.T("结论", "verdict", lang)],
            [0.1, 0.44, 0.16, 0.16, 0.14],
            colours=colours,
            fontsize=8,
            scale=1.22 if len(rows) < 26 else 1.0,
            left_cols=(0, 1),
        )
    else:
        tax.axis("off")
    return fig


def text_page(title: str, groups: list[tuple[str, list[str]]], lang: str, note: str = ""):
    fig = F.new_figure()
    fig.set_layout_engine(None)
    ax = fig.add_axes((0.04, 0.05, 0.92, 0.9))
    ax.axis("off")
    ax.text(0, 1.0, title, fontsize=20, va="top", transform=ax.transAxes)
    y = 0.92
    for heading, lines in groups:
        if heading:
            ax.text(0, y, heading, fontsize=12.5, va="top", transform=ax.transAxes, color="#1f5fa8")
            y -= 0.05
        y = _text_block(ax, 0.015, y, lines, 10.5, lang, 10.3, gap=0.35)
        y -= 0.015
    if note:
        _text_block(ax, 0, 0.04, [note], 8.5, lang, 10.5, colour="#666666")
    return fig


def findings_page(cmp, lang, kpi_info=None, limit: int = 10):
    ranked = ranked_findings(cmp, kpi_info)
    worse = ranked["worse"]
    better = ranked["better"][: max(3, limit - len(worse) - min(2, len(ranked["changed"])))]
    changed = ranked["changed"][: max(0, limit - len(worse) - len(better))]
    a, b = cmp["a"]["label"], cmp["b"]["label"]
    heads = {
        "better": F.T(f"改善（{b}相对{a}，统计显著）", f"Better ({b} against {a}, significant)", lang),
        "worse": F.T(f"变差（{b}相对{a}，统计显著）", f"Worse ({b} against {a}, significant)", lang),
        "changed": F.T("其他显著变化（无好坏方向）", "Other significant changes (no better direction)", lang),
    }
    groups = []
    i = 1
    for g, items in (("better", better), ("worse", worse), ("changed", changed)):
        if items:
            lines = []
            for name, its in items:
                lines.append(f"{i}. " + finding_sentence(name, its, lang, kpi_info))
                i += 1
            groups.append((heads[g], lines))
    if not groups:
        groups.append(("", [F.T("各项指标均无统计显著的变化。", "No KPI changed significantly.", lang)]))
    same = unchanged(cmp, lang, kpi_info)
    if same:
        groups.append((F.T("未变化", "Unchanged", lang), [same]))
    note = F.T(
        "“显著”指同一批客户下两方案差值的 95% 置信区间不含 0（t 分布，配对）。模拟结果取决于情景参数，"
        "应作为方案比较的依据，而非对实际客流的预测。",
        "'Significant': the 95% confidence interval of the paired difference on the same customers "
        "(Student t) excludes zero. Results depend on the scenario's parameters: use them to compare "
        "layouts, not as a forecast of real traffic.",
        lang,
    )
    return text_page(F.T("主要发现", "Findings", lang), groups, lang, note)


# --- the document ---------------------------------------------------------------------------------------------
def build_figures(
    layouts,
    titles,
    records_by_day: dict,
    cmp: dict,
    scenario_summary: list[str],
    lang: str,
    branch: str,
    kpi_info=None,
    business_names=None,
) -> list[tuple[str, object]]:
    """(file stem, Figure) for every page of the report, in order."""
    pages = [
        ("title", title_page(branch, titles, list(records_by_day), cmp, scenario_summary, lang, kpi_info)),
        ("plans", F.figure_plans(layouts, titles, lang)),
    ]
    for day, recs in records_by_day.items():
        tt = [f"{t} · {F.day_name(day, lang)}" for t in titles]
        pages += [
            (f"{day}_customer_flow", F.figure_customer_flow(layouts, recs, tt, lang, business_names)),
            (f"{day}_staff_spaghetti", F.figure_staff_spaghetti(layouts, recs, tt, lang)),
            (f"{day}_occupancy", F.figure_heatmaps(layouts, recs, tt, lang)),
            (f"{day}_waits", F.figure_waits(recs, tt, lang)),
            (f"{day}_staff_time", F.figure_staff_time(recs, tt, lang)),
            (f"{day}_kpis", F.figure_kpi_table(cmp, day, lang, kpi_info)),
        ]
    pages.append(("findings", findings_page(cmp, lang, kpi_info)))
    return pages


def _check_dir(d):
    d = Path(d)
    if d.exists() and not d.is_dir():
        raise FileReadError("is not a folder", path=str(d))
    try:
        d.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FileReadError(f"cannot be created ({exc.strerror or exc})", path=str(d)) from None
    if not os.access(d, os.W_OK):
        raise FileReadError("is not writable", path=str(d))


def check_output(out, png_dir=None, svg_dir=None) -> None:
    """Refuse an output that cannot be written, before anything is simulated."""
    out = Path(out)
    if out.is_dir():
        raise FileReadError("is a folder; give a file name such as report.pdf", path=str(out))
    if not out.parent.is_dir():
        raise FileReadError("cannot be written: the folder does not exist", path=str(out))
    if not os.access(out.parent, os.W_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise FileReadError("cannot be written: permission denied", path=str(out))
    for d in (png_dir, svg_dir):
        if d is not None:
            _check_dir(d)


def write_report(pages, out: str | os.PathLike, png_dir=None, svg_dir=None, header: str = "") -> None:
    """The PDF (one page per figure, with a page header), and PNG/SVG files per figure, each
    written atomically."""
    out = Path(out)
    check_output(out, png_dir, svg_dir)

    def pdf(tmp):
        with PdfPages(tmp, metadata={"Title": "lobbysim report", "Creator": "lobbysim"}) as pp:
            for i, (_, fig) in enumerate(pages, 1):
                FigureCanvasAgg(fig)
                mark = fig.text(
                    0.985,
                    0.985,
                    f"{header}  {i}/{len(pages)}".strip(),
                    ha="right",
                    va="top",
                    fontsize=7.5,
                    color="#888888",
                )
                try:
                    pp.savefig(fig)
                finally:
                    mark.remove()
                # the layout is settled now: PNG and SVG reuse it instead of solving it again
                fig.set_layout_engine("none")

    with F.style():
        try:
            atomic_write_bytes(out, pdf)
        except OSError as exc:
            raise FileReadError(f"cannot be written ({exc.strerror or exc})", path=str(out)) from None
        for stem, fig in pages:
            for d, fmt in ((png_dir, "png"), (svg_dir, "svg")):
                if d is None:
                    continue
                path = Path(d) / f"{stem}.{fmt}"
                try:
                    atomic_write_bytes(path, lambda tmp, f=fig, x=fmt: _save(f, tmp, x))
                except OSError as exc:
                    raise FileReadError(f"cannot be written ({exc.strerror or exc})", path=str(path)) from None


def _save(fig, path, fmt):
    FigureCanvasAgg(fig)
    fig.savefig(path, format=fmt, dpi=150 if fmt == "png" else None)


def make_report(
    variant_a,
    variant_b,
    days,
    reps: int,
    seed: int,
    out,
    *,
    lang: str = "en",
    png_dir=None,
    svg_dir=None,
    executor=None,
    progress=None,
    analysis=None,
    precision=None,
) -> dict:
    """Run A and B, build every figure from the records, write the report. Returns a summary."""
    from lobbysim.experiments.experiment import compare, run_experiment
    from lobbysim.model.fileformat import layout_from_dict
    from lobbysim.sim.kpis import KPI_INFO

    if lang not in ("zh", "en", "both"):
        raise LobbysimError(f"unknown language '{lang}'; use zh, en or both")
    days = list(days)
    if not days:
        raise LobbysimError("no day to report on; give --days, e.g. mon,thu")
    check_output(out, png_dir, svg_dir)
    res = run_experiment(
        [variant_a, variant_b],
        days,
        reps,
        seed,
        executor=executor,
        progress=progress,
        keep_records="all",
        kind="report",
        analysis=analysis,
        precision=precision,
    )
    reps = res.reps
    records_by_day = {}
    for d in days:
        ra = [res.records[("A", d, r)] for r in range(reps) if ("A", d, r) in res.records]
        rb = [res.records[("B", d, r)] for r in range(reps) if ("B", d, r) in res.records]
        if not ra or not rb:
            raise LobbysimError(f"the simulation produced no records for {F.day_name(d, 'en')}: nothing to report")
        if not any(c for r in ra + rb for c in r.customers):
            raise LobbysimError(
                f"no customer arrives on {F.day_name(d, 'en')} in this scenario (day factor 0?): "
                "nothing to report; choose other days"
            )
        records_by_day[d] = [ra, rb]
    cmp = compare(res, "A", "B")
    la = layout_from_dict(variant_a.layout_doc, variant_a.layout_path)
    lb = layout_from_dict(variant_b.layout_doc, variant_b.layout_path)
    doc = variant_a.scenario_doc
    business_names = {
        b["code"]: F.T(b.get("name_zh", b["code"]), b.get("name_en", b["code"]), lang)
        for b in doc.get("business", [])
        if isinstance(b, dict) and "code" in b
    }
    summary = scenario_summary(doc, lang)
    titles = [F.T(*(_variant_title(la, "A")), lang), F.T(*(_variant_title(lb, "B")), lang)]
    branch = la.meta.branch or la.meta.name_zh or la.meta.name_en or "-"
    cmp["a"]["label"], cmp["b"]["label"] = titles
    with F.style():
        pages = build_figures([la, lb], titles, records_by_day, cmp, summary, lang, branch, KPI_INFO, business_names)
    write_report(pages, out, png_dir, svg_dir, header=branch)
    return {
        "pages": len(pages),
        "findings": findings(cmp, lang, KPI_INFO),
        "comparison": cmp,
        "figures": [s for s, _ in pages],
    }


def _variant_title(layout, key):
    v = layout.meta.variant
    zh = {"before": "改造前", "after": "改造后"}.get(v, layout.meta.name_zh or key)
    en = {"before": "Before", "after": "After"}.get(v, layout.meta.name_en or key)
    return zh, en


def scenario_summary(doc: dict, lang: str) -> list[str]:
    """A few lines on the scenario: name, hours, arrivals, business mix, staff by role."""
    T = F.T
    arr = doc.get("arrivals", {}) if isinstance(doc.get("arrivals"), dict) else {}
    hours = doc.get("hours", {}) if isinstance(doc.get("hours"), dict) else {}
    lines = []
    if doc.get("name"):
        lines.append(T(f"情景：{doc['name']}", f"Scenario: {doc['name']}", lang))
    lines.append(
        T(
            f"营业时间：{hours.get('open', '?')}–{hours.get('close', '?')}",
            f"Opening hours: {hours.get('open', '?')}-{hours.get('close', '?')}",
            lang,
        )
    )
    if isinstance(arr.get("per_day"), (int, float)):
        lines.append(
            T(
                f"到店客户：繁忙工作日约 {arr['per_day']:.0f} 人/天，其余日按星期系数折算",
                f"Arrivals: about {arr['per_day']:.0f} on a busy weekday, scaled by day-of-week factors",
                lang,
            )
        )
        f = arr.get("day_factors")
        if isinstance(f, dict) and f:
            lines.append(
                T("星期系数：", "Day factors: ", lang)
                + ", ".join(f"{F.day_name(d, lang)} {v:g}" for d, v in f.items() if isinstance(v, (int, float)))
            )
    biz = [b for b in doc.get("business", []) if isinstance(b, dict)]
    if biz:
        key = "name_zh" if lang in ("zh", "both") else "name_en"
        mix = ("、" if lang != "en" else ", ").join(
            f"{b.get(key, b.get('code'))} {100 * b.get('share', 0):.0f}%" for b in biz
        )
        lines.append(T("业务结构：", "Business mix: ", lang) + mix)
    staff = [s for s in doc.get("staff", []) if isinstance(s, dict)]
    if staff:
        roles: dict[str, int] = {}
        for s in staff:
            roles[s.get("role", "?")] = roles.get(s.get("role", "?"), 0) + 1
        parts = [f"{T(*F.ROLE_LABELS.get(r, (r, r)), lang)} {n}" for r, n in roles.items()]
        lines.append(
            T(f"人员 {len(staff)} 人：", f"Staff, {len(staff)} in all: ", lang)
            + ("、" if lang != "en" else ", ").join(parts)
        )
    return lines


# kept for callers of the earlier name
_scenario_summary = scenario_summary
