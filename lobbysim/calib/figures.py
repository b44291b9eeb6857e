"""The fit report (``calibrate --report``) and the model-check report (``check-model --report``):
matplotlib figures with the project's CJK fonts, in Chinese or English, written as one PDF
atomically. No pyplot state: each page is a :class:`matplotlib.figure.Figure`."""

from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from scipy import stats

from lobbysim.fonts import use_fonts
from lobbysim.model.jsonio import atomic_write_bytes

from . import timeparse
from .fit_patience import isotonic_skip, kaplan_meier, weibull_cdf
from .values import SERVED

T = {
    "arrivals": ("Customers per logged day", "每日取号客户数"),
    "date_effect": ("date effect (left out)", "特殊日期（未纳入拟合）"),
    "hourly": ("Tickets by hour and fitted arrival profile", "分时取号占比与拟合到达分布"),
    "tickets": ("tickets (log)", "取号（日志）"),
    "fitted": ("arrivals (fitted)", "到达（拟合）"),
    "service": ("Service times: log and fitted distribution", "办理时长：日志与拟合分布"),
    "minutes": ("minutes", "分钟"),
    "skip": ("Share skipped (过号) by wait", "按等候时长的过号比例"),
    "wait": ("wait to the call (min)", "等候叫号时长（分钟）"),
    "model": ("model p + (1-p)F(w)", "模型 p + (1-p)F(w)"),
    "iso": ("non-parametric (isotonic)", "非参数（保序回归）"),
    "binned": ("log, by wait band", "日志（分段）"),
    "km": ("Still waiting and willing: Kaplan-Meier vs model", "仍在等候的比例：Kaplan-Meier 与模型"),
    "km_curve": ("Kaplan-Meier (skips as events)", "Kaplan-Meier（过号为事件）"),
    "model_s": ("model (1-p)(1-F(w))", "模型 (1-p)(1-F(w))"),
    "windows": ("Windows open by hour (share of days with a call)", "各窗口分时开放（有叫号的天数占比）"),
    "check": ("Mean wait by hour: observed vs simulated", "分时平均等候：实际与模拟"),
    "observed": ("observed", "实际"),
    "simulated": ("simulated (mean, 5-95 % range)", "模拟（均值与5%-95%区间）"),
    "hour": ("hour", "时段"),
    "table": ("Observed vs simulated on the judged days", "检验日：实际与模拟对比"),
}


def t(key: str, lang: str) -> str:
    return T[key][0 if lang == "en" else 1]


def _page(w: float = 11.0, h: float = 7.5) -> Figure:
    use_fonts()
    fig = Figure(figsize=(w, h), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def arrivals_page(cal, lang: str) -> Figure:
    fig = _page()
    ax1, ax2 = fig.subplots(2, 1)
    a = cal.fits.arrivals
    x = np.arange(len(a.dates))
    ax1.bar(x, [d.count for d in a.dates], color=["#c0392b" if d.flagged else "#4a7fb5" for d in a.dates])
    ax1.set_xticks(x, [f"{timeparse.day_name(d.day)[5:]}\n{d.weekday}" for d in a.dates], fontsize=7)
    ax1.set_title(t("arrivals", lang) + f"  (day cv {a.day_cv:.3f})")
    if any(d.flagged for d in a.dates):
        ax1.bar([], [], color="#c0392b", label=t("date_effect", lang))
        ax1.legend()
    hours = np.arange(a.hour0, a.hour0 + len(a.hourly))
    fitted = cal.doc["arrivals"]["hourly"]["shares"]
    ax2.bar(hours - 0.2, a.hourly, 0.4, label=t("tickets", lang), color="#4a7fb5")
    ax2.bar(hours + 0.2, fitted[: len(hours)], 0.4, label=t("fitted", lang), color="#e67e22")
    ax2.set_xticks(hours, [f"{h}:00" for h in hours])
    ax2.set_title(t("hourly", lang))
    ax2.legend()
    return fig


def service_page(cal, lang: str, kinds: dict[str, str] | None = None) -> Figure:
    fig = _page()
    items = [(k, f) for k, f in sorted(cal.fits.service.items()) if f.best is not None and len(f.values)][:9]
    axes = fig.subplots(3, 3).ravel()
    for ax, ((code, kind), f) in zip(axes, items):
        x, w = f.values, f.counts
        hi = float(x[min(len(x) - 1, int(np.searchsorted(np.cumsum(w) / w.sum(), 0.99)))])
        keep = x <= hi
        ax.hist(x[keep], bins=40, weights=w[keep], density=True, color="#9db8d9")
        grid = np.linspace(0.01, max(hi, 0.1), 200)
        c = f.best
        assert c is not None
        if c.name != "deterministic":
            ax.plot(grid, _pdf(c, grid), color="#c0392b")
        ax.set_title(f"{code} @ {kind}\n{c.name}, mean {c.mean:.1f}, cv {c.cv:.2f}, n={f.n}, KS {c.ks:.3f}", fontsize=8)
        ax.set_xlabel(t("minutes", lang), fontsize=8)
    for ax in axes[len(items) :]:
        ax.set_visible(False)
    fig.suptitle(t("service", lang))
    return fig


def _pdf(c, grid: np.ndarray) -> np.ndarray:
    if c.name == "lognormal":
        s2 = np.log1p(c.cv**2)
        return stats.lognorm(s=np.sqrt(s2), scale=c.mean / np.sqrt(1 + c.cv**2)).pdf(grid)
    if c.name == "gamma":
        k = 1 / c.cv**2
        return stats.gamma(k, scale=c.mean / k).pdf(grid)
    from math import gamma

    lam = c.mean / gamma(1 + 1 / c.shape)
    return stats.weibull_min(c.shape, scale=lam).pdf(grid)


def patience_page(cal, lang: str) -> Figure:
    fig = _page()
    ax1, ax2 = fig.subplots(1, 2)
    c, p = cal.fits.customers, cal.fits.patience
    w = c.wait
    skipped = c.outcome != SERVED
    hi = float(np.percentile(w, 99)) if len(w) else 1.0
    edges = np.linspace(0, hi, 13)
    mid = (edges[:-1] + edges[1:]) / 2
    idx = np.clip(np.digitize(w, edges) - 1, 0, len(mid) - 1)
    share = [skipped[idx == j].mean() if (idx == j).any() else np.nan for j in range(len(mid))]
    ax1.plot(mid, share, "o", color="#4a7fb5", label=t("binned", lang))
    xs, ys = isotonic_skip(w, skipped)
    ax1.step(xs, ys, where="post", color="#7f8c8d", label=t("iso", lang))
    grid = np.linspace(0, hi, 200)
    ax1.plot(grid, p.skip_prob(grid), color="#c0392b", label=t("model", lang))
    ax1.set_title(t("skip", lang) + f"\np = {p.no_show_share:.3f}, Weibull mean {p.mean_min:.1f} shape {p.shape:.2f}")
    ax1.set_xlabel(t("wait", lang))
    ax1.legend()
    kt, ks = kaplan_meier(w, skipped)
    ax2.step(kt, ks, where="post", color="#4a7fb5", label=t("km_curve", lang))
    ax2.plot(
        grid,
        (1 - p.no_show_share) * (1 - weibull_cdf(grid, p.scale(), p.shape)),
        color="#c0392b",
        label=t("model_s", lang),
    )
    ax2.set_xlim(0, hi)
    ax2.set_title(t("km", lang))
    ax2.set_xlabel(t("wait", lang))
    ax2.legend()
    return fig


def windows_page(cal, lang: str) -> Figure:
    fig = _page(11, 4.5)
    ax = fig.subplots()
    wo = cal.fits.windows_open
    names = list(wo)
    data = np.array([wo[n] for n in names]) if names else np.zeros((1, 1))
    im = ax.imshow(data, aspect="auto", cmap="Blues", vmin=0, vmax=1)
    h0 = cal.fits.arrivals.hour0
    ax.set_xticks(range(data.shape[1]), [f"{h0 + j}:00" for j in range(data.shape[1])])
    ax.set_yticks(range(len(names)), names)
    for (i, j), v in np.ndenumerate(data):
        ax.text(j, i, f"{v:.0%}", ha="center", va="center", fontsize=8, color="white" if v > 0.6 else "black")
    fig.colorbar(im, ax=ax)
    ax.set_title(t("windows", lang))
    return fig


def write_pdf(pages: list[Figure], out) -> None:
    from matplotlib.backends.backend_pdf import PdfPages

    def pdf(tmp):
        with PdfPages(tmp, metadata={"Title": "lobbysim calibration", "Creator": "lobbysim"}) as pp:
            for fig in pages:
                pp.savefig(fig)

    atomic_write_bytes(out, pdf)


def fit_pages(cal, lang: str, kinds: dict[str, str]) -> list[Figure]:
    return [arrivals_page(cal, lang), service_page(cal, lang, kinds), patience_page(cal, lang), windows_page(cal, lang)]


def write_fit_report(cal, out, lang: str, kinds: dict[str, str] | None = None) -> None:
    write_pdf(fit_pages(cal, lang, kinds or {}), out)


def check_page(res: dict, lang: str) -> Figure:
    fig = _page()
    ax1, ax2 = fig.subplots(2, 1, height_ratios=[3, 2])
    hb = res["by_hour"]
    hours = np.arange(hb["start_hour"], hb["start_hour"] + len(hb["observed"]))
    iv = np.array(hb["interval90"], dtype=float)
    ax1.fill_between(hours, iv[:, 0], iv[:, 1], color="#f5cba7", label=t("simulated", lang))
    ax1.plot(hours, hb["simulated_mean"], color="#e67e22")
    ax1.plot(hours, hb["observed"], "o-", color="#2c3e50", label=t("observed", lang))
    ax1.set_xticks(hours, [f"{h}:00" for h in hours])
    ax1.set_ylabel(t("minutes", lang))
    ax1.set_title(t("check", lang) + "  (" + ", ".join(res["days"]) + ")")
    ax1.legend()
    from .check import KPI_LABELS

    li = 0 if lang == "en" else 1
    rows = []
    for k, v in res["kpis"].items():
        lo, hi = v["simulated"]["interval90"]
        re_ = "" if v["rel_error"] is None else f"{100 * v['rel_error']:+.0f} %"
        rows.append(
            [KPI_LABELS[k][li], f"{v['observed']:.2f}", f"{v['simulated']['mean']:.2f}", f"[{lo:.2f}, {hi:.2f}]", re_]
        )
    ax2.axis("off")
    head = ["", t("observed", lang), t("simulated", lang).split(" (")[0].split("（")[0], "5-95 %", "rel. err"]
    tab = ax2.table(cellText=rows, colLabels=head, loc="upper center", cellLoc="center")
    tab.scale(1, 1.4)
    ax2.set_title(t("table", lang) + "\n" + res["summary"], fontsize=9)
    return fig


def write_check_report(res: dict, out, lang: str) -> None:
    write_pdf([check_page(res, lang)], out)
