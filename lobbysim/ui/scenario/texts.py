"""The scenario editor's interface texts: English source texts looked up under the context
"ScenarioEditor" of the Qt translation file (lobbysim/ui/i18n/lobbysim_zh_CN.ts); the column
headers, ability labels and the meanings of the behaviour tree's keys are code -> English tables
looked up the same way."""

from __future__ import annotations

from ..i18n_text import tr

CONTEXT = "ScenarioEditor"

#: column headers of the staff roster (STAFF_COLS) and of the business mix (BUSINESS_COLS)
STAFF_HEADERS = {
    "id": "ID",
    "name": "Name",
    "role": "Role",
    "counter": "Serves at counter",
    "desk": "Desk",
    "post": "Lobby post",
    "shifts": "Shifts",
    "breaks": "Breaks (lunch)",
    "can": "Can do",
}
BUSINESS_HEADERS = {
    "code": "Code",
    "name_zh": "Name (Chinese)",
    "name_en": "Name (English)",
    "share": "Share (0–1)",
    "fixtures": "Served at (fixture kinds)",
    "dist": "Service time",
    "params": "Parameters (min)",
    "by_kind": "Service time at particular fixture kinds",
    "vip_share": "VIP share",
    "conversion": "Conversion",
    "authorisation": "Authorisation",
    "triage": "Triage",
}
#: what a staff member may do (the scenario's ``can`` codes)
ABILITY_LABELS = {
    "authorise": "authorise",
    "supervise": "counter authorisation",
    "market": "market",
    "call": "outbound calls",
    "cover": "cover",
    "greet": "greet, triage",
}
#: what the keys of the behaviour tree mean
GLOSS = {
    "hours": "opening hours",
    "open": "opens",
    "close": "closes",
    "after_close_min": "max. minutes to finish the queue",
    "customers": "customer behaviour",
    "walk_speed": "walking speed (m/s)",
    "elderly_share": "share over 65",
    "elderly_walk_speed": "walking speed over 65",
    "patience": "patience before leaving (min)",
    "balking": "balking",
    "threshold": "tickets ahead that make one leave",
    "no_show_share": "share of tickets called in vain",
    "no_show_call_s": "seconds lost per absent number",
    "known_share": "share raising an arrival alert",
    "seat_areas": "areas to sit in",
    "policies": "policies",
    "walking": "simulate walking",
    "staff_walk_speed": "staff walking speed (m/s)",
    "triage": "greeting and triage at the door",
    "greet_min": "greeting (min)",
    "divert_share": "share diverted to smart counters",
    "authorisation": "staff authorisation",
    "minutes": "minutes",
    "at_fraction": "when, as a fraction of the service",
    "marketing": "lobby marketing",
    "contact_min": "contact length (min)",
    "contact_rate": "share open to a contact",
    "flex_rota": "flexible rota, outbound calls",
    "enabled": "on",
    "idle_min": "idle minutes before calling",
    "return_queue": "customers waiting that call one back",
    "call_min": "call length (min)",
    "outcomes": "call outcomes",
    "cover": "cover protocol",
    "ops_vp": "operations VP",
    "tasks": "daily tasks",
    "micro_salons": "micro-salons",
    "notes": "where values come from",
    "dist": "distribution",
    "mean": "mean",
    "cv": "coefficient of variation",
    "sd": "standard deviation",
    "shape": "shape",
    "counter_place": "place inside the counter area",
    "elderly_service_factor": "time at a staffed counter over 65 (times)",
    "elderly_smart_refusal": "share over 65 refusing the smart counter",
    "standing_patience_factor": "patience when standing (share)",
    "remote": "remote authorisation (no walk)",
    "half_distance_m": "walk at which half would go (m)",
    "steepness": "how sharply that falls with the walk",
    "min_contact_min": "shortest contact worth the walk (min)",
    "min_call_min": "shortest call worth the walk (min)",
    "call_list": "shared call list",
    "size": "numbers on the list",
    "working_days": "working days to call them in",
    "task_cv": "day-to-day variation of task times (cv)",
}


def _t(text: str, lang: str, **kw) -> str:
    """``text`` (English) in ``lang``; a template is translated, then formatted with ``kw``."""
    s = tr(CONTEXT, text, lang)
    return s.format(**kw) if kw else s


def header(table: dict, code: str, lang: str) -> str:
    """The column header of ``code`` in ``table`` (STAFF_HEADERS or BUSINESS_HEADERS)."""
    return _t(table[code], lang)


def ability_label(code: str, lang: str) -> str:
    """What the ability ``code`` means; an ability the format does not know is shown as its code."""
    return _t(ABILITY_LABELS[code], lang) if code in ABILITY_LABELS else code


def gloss(key, lang: str) -> str | None:
    """What a key of the behaviour tree means, or None for a key without a gloss."""
    return _t(GLOSS[key], lang) if isinstance(key, str) and key in GLOSS else None
