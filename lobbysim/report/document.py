"""The leadership report: a multi-page PDF (and PNG/SVG per figure) comparing two variants.

Pages: a title page (branch, date, scenario summary, replications, headline figures), the
floor plans, and per day the customer flow chart, the staff spaghetti diagram, the occupancy
heat maps, the waits, the staff time use and the KPI table; then the findings (the headline
KPIs that changed meaningfully, the exploratory ones with their q-values) and the KPI glossary.
Every page reads its numbers from the one comparison (``experiments.comparison.compare``).
Every file is written atomically, so a failure never leaves a partial report behind.
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_pdf import PdfPages

from lobbysim.errors import FileReadError, LobbysimError
from lobbysim.experiments.labels import DAYS, WEEK, verdict_word
from lobbysim.model.jsonio import atomic_write_bytes

from . import figures as F
from .findings import cannot_judge_words, findings, findings_page, glossary_pages, value_words
from .page import text_block

DAY_NAMES = F.DAY_NAMES
#: the title of the report (and of the deck)
REPORT_TITLE = ("网点厅堂改造前后对比报告", "Branch lobby redesign: before and after")


def headline_rows(cmp: dict, days, lang: str, kpi_info=None) -> tuple[list[list[str]], list[list[str]]]:
    """Rows day | KPI | A | B | verdict of the headline KPIs (the arrow is the direction of the
    change, the word the verdict), and their colours."""
    rows, colours = [], []
    for day in days:
        for name in cmp.get("headline_kpis", ()):
            k = cmp["days"][day]["kpis"].get(name)
            info = (kpi_info or {}).get(name)
            if k is None or info is None:
                continue
            v, d = k["verdict"], k["diff"]["mean"] or 0.0
            arrow = "" if v in ("same", "n/a") or d == 0 else ("▲ " if d > 0 else "▼ ")
            short_day = F.T(DAY_NAMES.get(day, (day, day))[0], DAY_NAMES.get(day, (day, day))[1][:3], lang)
            rows.append(
                [
                    short_day if len(days) > 1 else "",
                    F.T(info[1], info[0], lang),
                    value_words(k["a"]["mean"], info[2], lang),
                    value_words(k["b"]["mean"], info[2], lang),
                    arrow + verdict_word(v, "zh" if lang == "zh" else "en"),
                ]
            )
            colours.append([F.VERDICT_COLOURS[v]] * 5)
    return rows, colours


def title_lines(titles, days, cmp, lang) -> list[str]:
    """Report date, the variants, the days and the replications, as the title page prints them."""
    today = _dt.date.today().isoformat()
    sep = "、" if lang == "zh" else ", "
    dnames = sep.join(F.day_name(d, lang) for d in days)
    return [
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
        F.T(*REPORT_TITLE, lang),
        fontsize=24,
        va="top",
        transform=ax.transAxes,
        color="#1a1a1a",
    )
    ax.text(0, 0.935, branch, fontsize=13, va="top", transform=ax.transAxes, color="#1f5fa8")
    meta = title_lines(titles, days, cmp, lang)
    no = cannot_judge_words(cmp, lang)
    if no:
        meta.append(no)
    y = text_block(ax, 0, 0.86, meta, 10.5, lang, 5.0, gap=0.35)
    y -= 0.02
    ax.text(0, y, F.T("情景设定", "Scenario", lang), fontsize=13, va="top", transform=ax.transAxes, color="#1f5fa8")
    text_block(ax, 0, y - 0.05, scenario_summary, 9.5, lang, 5.0, gap=0.3, colour="#333333")
    # the headline table, right half
    tax = fig.add_axes((0.5, 0.08, 0.47, 0.72))
    tax.set_title(
        F.T("主要指标一览（各次重复的平均）", "Headline figures (means over the replications)", lang),
        fontsize=12,
        loc="left",
        color="#1f5fa8",
    )
    rows, colours = headline_rows(cmp, days, lang, kpi_info)
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


# --- the document ---------------------------------------------------------------------------------------------
def day_kpis(cmp: dict, day: str) -> list[dict[str, float]]:
    """[A's, B's] {KPI: mean} of one day of the comparison: the numbers every page prints."""
    kp = cmp["days"][day]["kpis"]
    return [
        {n: (k["a"]["mean"] if k["a"]["mean"] is not None else float("nan")) for n, k in kp.items()},
        {n: (k["b"]["mean"] if k["b"]["mean"] is not None else float("nan")) for n, k in kp.items()},
    ]


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
    robust: dict | None = None,
    scenario_doc: dict | None = None,
) -> list[tuple[str, object]]:
    """(file stem, Figure) for every page of the report, in order; with a robustness result
    (``robust``), the findings say how often each verdict holds and the robustness pages follow."""
    pages = [
        ("title", title_page(branch, titles, list(records_by_day), cmp, scenario_summary, lang, kpi_info)),
        ("plans", F.figure_plans(layouts, titles, lang)),
    ]
    for day, recs in records_by_day.items():
        tt = [f"{t} · {F.day_name(day, lang)}" for t in titles]
        kp = day_kpis(cmp, day)
        per_day = None if day == WEEK else kp  # a week's totals are not an average day's
        pages += [
            (f"{day}_customer_flow", F.figure_customer_flow(layouts, recs, tt, lang, business_names, per_day)),
            (f"{day}_staff_spaghetti", F.figure_staff_spaghetti(layouts, recs, tt, lang, per_day)),
            (f"{day}_occupancy", F.figure_heatmaps(layouts, recs, tt, lang)),
            (f"{day}_waits", F.figure_waits(recs, tt, lang, kpis=kp)),
            (f"{day}_staff_time", F.figure_staff_time(recs, tt, lang)),
            (f"{day}_kpis", F.figure_kpi_table(cmp, day, lang, kpi_info)),
        ]
    pages.append(("findings", findings_page(cmp, lang, kpi_info, robust=robust)))
    if robust:
        from .robustness import robustness_pages

        verdicts = {(d, n): k["verdict"] for d, v in cmp["days"].items() for n, k in v["kpis"].items()}
        pages += robustness_pages(robust, lang, kpi_info, scenario_doc, verdicts)
    effects = {n: k["min_effect"] for d in cmp["days"].values() for n, k in d["kpis"].items() if k.get("min_effect")}
    for i, fig in enumerate(glossary_pages(lang, effects or None)):
        pages.append((f"glossary{i + 1}" if i else "glossary", fig))
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


@dataclass
class ReportData:
    """The computed result the report's pages, the deck's slides and the editor read: the
    comparison of B against A (every number of every table and sentence), the records of every
    replication by day (every figure), the two layouts and the scenario. Simulated once; words in
    a language come from its methods, never from a second computation."""

    cmp: dict
    records_by_day: dict
    layouts: list
    scenario_doc: dict
    result: object
    #: the robustness result on the same variants (``experiments.robustness``), when one was run
    robustness: dict | None = None

    @property
    def days(self) -> list[str]:
        return list(self.records_by_day)

    def titles(self, lang: str) -> list[str]:
        return [F.T(*_variant_title(lay, k), lang) for lay, k in zip(self.layouts, ("A", "B"))]

    @property
    def branch(self) -> str:
        m = self.layouts[0].meta
        return m.branch or m.name_zh or m.name_en or "-"

    def business_names(self, lang: str) -> dict[str, str]:
        return {
            b["code"]: F.T(b.get("name_zh", b["code"]), b.get("name_en", b["code"]), lang)
            for b in self.scenario_doc.get("business", [])
            if isinstance(b, dict) and "code" in b
        }

    def summary(self, lang: str) -> list[str]:
        return scenario_summary(self.scenario_doc, lang) + self.substitutions(lang)

    def substitutions(self, lang: str) -> list[str]:
        """What each layout made of the roster (a post it lacks, worked at a desk instead)."""
        from lobbysim.sim.checks import substitution_items
        from lobbysim.sim.scenario import Scenario

        sc = Scenario.from_dict(self.scenario_doc)
        return [
            F.T(
                f"{key}：{sid} 的岗位 {post} 不在该布局中，改在 {desk} 工作",
                f"{key}: {sid} works at {desk} ({post} is not on this layout)",
                lang,
            )
            for key, layout in zip(("A", "B"), self.layouts)
            for sid, post, desk in substitution_items(sc, layout)
        ]

    def comparison(self, lang: str) -> dict:
        """The comparison with the variants' titles in ``lang`` as their labels (the numbers shared)."""
        ta, tb = self.titles(lang)
        return {**self.cmp, "a": {**self.cmp["a"], "label": ta}, "b": {**self.cmp["b"], "label": tb}}


def compute_report(
    variant_a,
    variant_b,
    days,
    reps: int,
    seed: int,
    *,
    executor=None,
    progress=None,
    cancel=None,
    analysis=None,
    precision=None,
) -> ReportData:
    """Run A and B on the same customers, keep every replication's records and compare them."""
    from lobbysim.experiments.experiment import compare, run_experiment
    from lobbysim.model.fileformat import layout_from_dict

    days = list(days)
    if not days:
        raise LobbysimError("no day to report on; give --days, e.g. mon,thu")
    res = run_experiment(
        [variant_a, variant_b],
        days,
        reps,
        seed,
        executor=executor,
        progress=progress,
        cancel=cancel,
        keep_records="all",
        kind="report",
        analysis=analysis,
        precision=precision,
    )
    reps = res.reps
    records_by_day = {}
    for d in days:
        sim = DAYS if d == WEEK else (d,)  # a week's pages draw all seven days' records: an average day
        ra = [res.records[("A", s, r)] for s in sim for r in range(reps) if ("A", s, r) in res.records]
        rb = [res.records[("B", s, r)] for s in sim for r in range(reps) if ("B", s, r) in res.records]
        if not ra or not rb:
            raise LobbysimError(f"the simulation produced no records for {F.day_name(d, 'en')}: nothing to report")
        if not any(c for r in ra + rb for c in r.customers):
            raise LobbysimError(
                f"no customer arrives on {F.day_name(d, 'en')} in this scenario (day factor 0?): "
                "nothing to report; choose other days"
            )
        records_by_day[d] = [ra, rb]
    la = layout_from_dict(variant_a.layout_doc, variant_a.layout_path)
    lb = layout_from_dict(variant_b.layout_doc, variant_b.layout_path)
    return ReportData(compare(res, "A", "B"), records_by_day, [la, lb], variant_a.scenario_doc, res)


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
    data: ReportData | None = None,
    robustness: dict | None = None,
) -> dict:
    """Run A and B (or take ``data``, computed once for several outputs), build every figure from
    the records, write the report. Returns a summary. ``robustness`` (or ``data.robustness``): the
    result of ``experiments.robustness.run_robustness`` on the same variants, for the pages "How
    robust are these findings?" and the findings' "holds in N% of plausible settings"."""
    from lobbysim.sim.kpis import KPI_INFO

    if lang not in ("zh", "en", "both"):
        raise LobbysimError(f"unknown language '{lang}'; use zh, en or both")
    if not list(days):
        raise LobbysimError("no day to report on; give --days, e.g. mon,thu")
    check_output(out, png_dir, svg_dir)
    if data is None:
        data = compute_report(
            variant_a,
            variant_b,
            days,
            reps,
            seed,
            executor=executor,
            progress=progress,
            analysis=analysis,
            precision=precision,
        )
    cmp = data.comparison(lang)
    titles = [cmp["a"]["label"], cmp["b"]["label"]]
    layouts, branch = data.layouts, data.branch
    robust = robustness if robustness is not None else data.robustness
    with F.style():
        pages = build_figures(
            layouts,
            titles,
            data.records_by_day,
            cmp,
            data.summary(lang),
            lang,
            branch,
            KPI_INFO,
            data.business_names(lang),
            robust,
            data.scenario_doc,
        )
    write_report(pages, out, png_dir, svg_dir, header=branch)
    return {
        "pages": len(pages),
        "findings": findings(cmp, lang, KPI_INFO, robust=robust),
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
