"""Whether a scenario can run on a layout: every counter, desk, post and fixture it names
exists and is of the right kind, every business can be served, someone can authorise where
authorisation is needed. Checked before anything is simulated."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn

from lobbysim.errors import ScenarioError
from lobbysim.model.elements import Fixture

from .sections import DESK_KINDS, MACHINE_KINDS, NEEDS, STAFFED_KINDS
from .service import steps_of

if TYPE_CHECKING:
    from .scenario import Scenario


def check_against(sc: Scenario, layout: Any) -> None:
    """Raise ScenarioError if ``sc`` cannot run on ``layout``."""
    fixtures = {f.id: f for f in layout.of_type(Fixture)}
    posts = {p.id for p in layout.posts()}
    path = sc.path

    def fail(msg: str, el: str | None = None) -> NoReturn:
        raise ScenarioError(msg, path=path, element=el)

    staffed: dict[str, list] = {}
    for s in sc.staff:
        _check_member(sc, s, fixtures, posts, staffed, fail)
    _check_rules(sc, fixtures, posts, fail)
    kinds_here = {f.fixture_kind for f in fixtures.values() if f.fixture_kind in MACHINE_KINDS}
    kinds_here |= {fixtures[c].fixture_kind for c in staffed}
    kinds_here |= {fixtures[r.fixture].fixture_kind for r in sc.policies.cover if r.rule == "open_window" and r.fixture}
    _check_business(sc, kinds_here, fail)
    if not layout.entrances():
        fail("the layout has no entrance")


def _check_rules(sc: Scenario, fixtures: dict, posts: set[str], fail: Callable[..., NoReturn]) -> None:
    """The cover rules' windows and posts, and the VP's counter place."""
    for rule in sc.policies.cover:
        el = f"cover rule {rule.rule} ({rule.staff})"
        if rule.rule == "open_window":
            f = fixtures.get(rule.fixture or "")
            if f is None:
                fail(f"counter '{rule.fixture}' does not exist in the layout", el)
            if f.fixture_kind not in STAFFED_KINDS:
                fail(f"'{rule.fixture}' is a {f.fixture_kind}, not a counter", el)
        elif rule.post not in posts and not any(s.post == rule.post for s in sc.staff):
            fail(f"post '{rule.post}' is neither on the layout nor anyone's post", el)
    place = sc.policies.ops_vp.counter_place
    if place is not None and place not in fixtures:
        fail(f"counter_place '{place}' does not exist in the layout", "policies.ops_vp")


def _check_business(sc: Scenario, kinds_here: set[str], fail: Callable[..., NoReturn]) -> None:
    """Every business can be served here, and someone may do the steps that need staff."""
    abilities = {a for s in sc.staff for a in s.can}
    for b in sc.business:
        if b.share <= 0:
            continue
        el = f"business '{b.code}'"
        if not kinds_here.intersection(b.kinds):
            fail(
                f"no fixture in the layout can serve it (needs a staffed or machine fixture of kind "
                f"{' or '.join(b.kinds)})",
                el,
            )
        for kind in kinds_here.intersection(b.kinds):
            for st in steps_of(sc, b, kind):
                if st.needs is not None and NEEDS[st.needs] not in abilities:
                    where = "at the smart counter" if kind == "smart_counter" else f"at the {kind}"
                    fail(
                        f"needs {st.needs} {where}, but no staff member may {NEEDS[st.needs]} "
                        f'(add "{NEEDS[st.needs]}" to someone\'s "can")',
                        el,
                    )


def substitution_items(sc: Scenario, layout: Any) -> list[tuple[str, str, str]]:
    """(staff id, the post the layout lacks, the desk they work at instead) for each staff member
    whose post is not on ``layout`` and whose entry says ``"without_post": "desk"``."""
    posts = {p.id for p in layout.posts()}
    return [
        (s.id, s.post, s.desk or "")
        for s in sc.staff
        if s.post is not None and s.post not in posts and s.without_post == "desk"
    ]


#: one line of :func:`substitutions`
SUBSTITUTION = "staff '{sid}': post '{post}' is not on the layout; works at desk '{desk}'"
_SUBSTITUTION_RE = re.compile(
    re.escape(SUBSTITUTION).replace(r"\{sid\}", "(?P<sid>[^']*)").replace(r"\{post\}", "(?P<post>[^']*)")
    .replace(r"\{desk\}", "(?P<desk>[^']*)")
)  # fmt: skip


def substitutions(sc: Scenario, layout: Any) -> list[str]:
    """What the layout makes of the scenario's roster, one line each (a post it lacks, worked at a
    desk instead, as the staff entry says); empty when the layout has everything."""
    return [SUBSTITUTION.format(sid=sid, post=post, desk=desk) for sid, post, desk in substitution_items(sc, layout)]


def substitution_fields(line: str) -> dict[str, str] | None:
    """{"sid", "post", "desk"} of a line of :func:`substitutions` (as kept in the records), for an
    output that words it in another language; None for any other text."""
    m = _SUBSTITUTION_RE.fullmatch(line)
    return m.groupdict() if m else None


def substitutions_of(layout_doc: dict, scenario_doc: dict, items: bool = False) -> list:
    """:func:`substitutions` (or, with ``items``, :func:`substitution_items`) of a layout and a
    scenario given as (valid) documents, for the outputs that hold documents (the command line's
    and the report's variants)."""
    from lobbysim.model.fileformat import layout_from_dict

    from .scenario import Scenario

    sc, layout = Scenario.from_dict(scenario_doc), layout_from_dict(layout_doc)
    return substitution_items(sc, layout) if items else substitutions(sc, layout)


def _check_member(
    sc: Scenario, s: Any, fixtures: dict, posts: set[str], staffed: dict, fail: Callable[..., NoReturn]
) -> None:
    """One staff member's counter, desk and post."""
    el = f"staff '{s.id}'"
    if s.counter is not None:
        _check_counter(s, fixtures, staffed, fail, el)
    if s.desk is not None:
        f = fixtures.get(s.desk)
        if f is None:
            fail(f"desk '{s.desk}' does not exist in the layout", el)
        if f.fixture_kind not in DESK_KINDS:
            fail(f"'{s.desk}' is a {f.fixture_kind}, not a desk ({', '.join(DESK_KINDS)})", el)
    if s.post is not None and s.post not in posts and s.without_post is None:
        has = f"it has: {', '.join(sorted(posts))}" if posts else "it has no posts"
        fail(
            f"post '{s.post}' does not exist in the layout ({has}); say what they do without it, "
            'e.g. "without_post": "desk"',
            el,
        )
    if s.counter is None and s.desk is None and (s.post is None or s.post not in posts):
        fail("needs a counter, a desk or a post of the layout to stand at", el)


def _check_counter(s: Any, fixtures: dict, staffed: dict, fail: Callable[..., NoReturn], el: str) -> None:
    """A counter of a kind where staff serve, not shared with someone in overlapping shifts."""
    f = fixtures.get(s.counter)
    if f is None:
        fail(f"counter '{s.counter}' does not exist in the layout", el)
    if f.fixture_kind not in STAFFED_KINDS:
        fail(f"'{s.counter}' is a {f.fixture_kind}, not a counter or desk where staff serve", el)
    for other, shifts in staffed.get(s.counter, []):
        if any(a < d and c < b for a, b in s.shifts for c, d in shifts):
            fail(f"shares counter '{s.counter}' with '{other}' in overlapping shifts", el)
    staffed.setdefault(s.counter, []).append((s.id, s.shifts))
