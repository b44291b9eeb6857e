"""Labels and colours of the report: roles, activities, business colours, verdict colours, and
text wrapping. No matplotlib here; days, units and number formats come from
``lobbysim.experiments.labels`` (their one home) and are re-exported for the figures."""

from __future__ import annotations

from lobbysim.experiments.labels import DAY_NAMES, UNITS, T, day_name, fmt_value, fmt_with_unit

__all__ = ["DAY_NAMES", "UNITS", "T", "T2", "day_name", "fmt_value", "fmt_with_unit", "wrap"]


BUSINESS_COLOURS = [
    "#2a6fbb",
    "#d1495b",
    "#2e933c",
    "#8e5fb3",
    "#f08a24",
    "#7a5230",
    "#d17ab0",
    "#1aa3a3",
    "#6b6b6b",
    "#a8a800",
]
ROLE_COLOURS = {
    "lobby_manager": "#d62728",
    "cs_counter": "#1f77b4",
    "cs_floor": "#ff7f0e",
    "relationship_manager": "#2ca02c",
    "wealth_manager": "#9467bd",
    "ops_vp": "#e377c2",
    "branch_director": "#8c564b",
    "security_guard": "#7f7f7f",
}
ROLE_LABELS = {
    "lobby_manager": ("大堂经理", "Lobby manager"),
    "cs_counter": ("临柜客服经理", "Counter CS manager"),
    "cs_floor": ("非临柜客服经理", "Floor CS manager"),
    "relationship_manager": ("客户经理", "Relationship manager"),
    "wealth_manager": ("理财经理", "Wealth manager"),
    "ops_vp": ("内勤行长", "Operations VP"),
    "branch_director": ("网点主任", "Branch director"),
    "security_guard": ("保安", "Security guard"),
}
ACTIVITY_LABELS = {
    "serve": ("办理业务", "serving"),
    "authorise": ("授权", "authorising"),
    "walk": ("走动", "walking"),
    "market": ("营销", "marketing"),
    "call": ("外呼", "outbound calls"),
    "cover": ("补位", "cover"),
    "desk_task": ("案头工作", "desk tasks"),
    "greet": ("迎宾分流", "greeting, triage"),
    "floor": ("厅堂管理", "floor management"),
    "break": ("休息", "break"),
    "idle": ("空闲", "idle"),
}
ACTIVITY_COLOURS = {
    "serve": "#1f77b4",
    "authorise": "#17becf",
    "walk": "#ff7f0e",
    "market": "#d62728",
    "call": "#8c564b",
    "cover": "#9467bd",
    "desk_task": "#7f7f7f",
    "break": "#bcbd22",
    "idle": "#e3e3e3",
    "greet": "#e377c2",
    "floor": "#2ca02c",
}
VERDICT_COLOURS = {
    "better": "#d4f0d4",
    "worse": "#f8d4d2",
    "changed": "#dde8f6",
    "same": "white",
    "inconclusive": "#fbf3d5",
    "n/a": "#eeeeee",
}
A_COLOUR, B_COLOUR = "#8c8c8c", "#1f5fa8"


def T2(zh: str, en: str, lang: str) -> str:
    """Like T, but 'both' puts the English on a second line (for tick labels and narrow places)."""
    return f"{zh}\n{en}" if lang == "both" and zh != en else T(zh, en, lang)


def wrap(line: str, width_in: float, size: float) -> list[str]:
    """Lines of a paragraph that fit width_in inches at font size ``size``: breaks between
    Chinese characters or at spaces, never inside a number or a Latin word, and never before
    Chinese closing punctuation."""
    import re

    limit = width_in / (size / 72.0)  # ems per line

    def width(tok):
        return sum(1.0 if ord(ch) > 0x2E80 else 0.52 for ch in tok)

    out, cur, w = [], "", 0.0
    for tok in re.findall(r"[\u2e80-\uffff]|\s+|[^\s\u2e80-\uffff]+", line):
        tw = width(tok)
        if w + tw > limit and cur.strip() and tok not in "，。；：、）》”！？":
            out.append(cur.rstrip())
            cur, w = ("", 0.0) if tok.isspace() else (tok, tw)
            continue
        cur += tok
        w += tw
    if cur.strip() or not out:
        out.append(cur.rstrip())
    return out
