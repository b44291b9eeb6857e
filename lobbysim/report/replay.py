"""Replay of a simulated day: where every customer and staff member is at time t, and doing what.

Built from the flat records only (walks with their polylines, customer journeys, staff
activities, marketing contacts, queue samples), so a stored replication replays exactly as
it ran. Positions between the ends of a walk are interpolated along its polyline at constant
speed; between walks a person stays where the last walk ended. Staff who never walk are
placed at the staff point of the fixture where their first activity happens (needs the layout).
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass

from lobbysim.sim.records import Records

#: marker states and their colours (walking, waiting, served, talking with staff ...)
STATE_COLOURS = {
    "walking": "#1f77b4",
    "waiting": "#ff7f0e",
    "served": "#2ca02c",
    "talking": "#d62728",
    "working": "#9467bd",
    "idle": "#7f7f7f",
    "calling": "#8c564b",
    "break": "#bcbd22",
}

STATE_LABELS = {
    "walking": ("步行", "walking"),
    "waiting": ("等候", "waiting"),
    "served": ("办理中", "being served"),
    "talking": ("营销交谈", "talking with staff"),
    "working": ("工作", "working"),
    "idle": ("空闲", "idle"),
    "calling": ("外呼", "calling"),
    "break": ("休息", "break"),
}

_STAFF_STATE = {
    "serve": "working",
    "authorise": "working",
    "desk_task": "working",
    "cover": "working",
    "greet": "talking",
    "market": "talking",
    "call": "calling",
    "break": "break",
    "idle": "idle",
    "floor": "idle",
    "walk": "walking",
}


@dataclass(frozen=True, slots=True)
class Marker:
    actor: str  # 'customer' or 'staff'
    actor_id: str
    group: str  # business type or role
    x: float
    y: float
    state: str


class _Track:
    """The walks of one person, for position look-ups by time."""

    def __init__(self, walks):
        self.walks = sorted(walks, key=lambda w: w.start)
        self.starts = [w.start for w in self.walks]
        self.cum = []
        for w in self.walks:
            acc = [0.0]
            for (x0, y0), (x1, y1) in zip(w.path, w.path[1:]):
                acc.append(acc[-1] + math.hypot(x1 - x0, y1 - y0))
            self.cum.append(acc)

    def at(self, t: float):
        """(x, y, walking) at time t, or None before the first walk."""
        i = bisect.bisect_right(self.starts, t) - 1
        if i < 0:
            return None
        w = self.walks[i]
        if t >= w.end or w.end <= w.start or len(w.path) < 2:
            x, y = w.path[-1]
            return x, y, False
        acc = self.cum[i]
        s = (t - w.start) / (w.end - w.start) * acc[-1]
        j = max(0, min(bisect.bisect_right(acc, s) - 1, len(w.path) - 2))
        seg = acc[j + 1] - acc[j]
        f = 0.0 if seg <= 0 else (s - acc[j]) / seg
        (x0, y0), (x1, y1) = w.path[j], w.path[j + 1]
        return x0 + f * (x1 - x0), y0 + f * (y1 - y0), True

    def first_point(self):
        return self.walks[0].path[0] if self.walks else None


class Replay:
    def __init__(self, records: Records, layout=None):
        self.records = records
        self.start = records.open_time
        self.end = max(records.end_time or 0.0, records.close_time)
        walks: dict[tuple[str, str], list] = {}
        for w in records.walks:
            walks.setdefault((w.actor, w.actor_id), []).append(w)
        self._tracks = {k: _Track(v) for k, v in walks.items()}
        self._customers = sorted(records.customers, key=lambda c: c.arrival)
        self._arrivals = [c.arrival for c in self._customers]
        self._talks: dict[str, list[tuple[float, float]]] = {}
        for m in records.contacts:
            self._talks.setdefault(str(m.customer_id), []).append((m.start, m.end))
        self._acts: dict[str, list] = {}
        for a in sorted(records.staff, key=lambda a: a.start):
            self._acts.setdefault(a.staff_id, []).append(a)
        self._act_starts = {k: [a.start for a in v] for k, v in self._acts.items()}
        self._home: dict[str, tuple[float, float]] = {}
        for sid in records.roster:
            tr = self._tracks.get(("staff", sid))
            p = tr.first_point() if tr else None
            if p is None and layout is not None:
                for a in self._acts.get(sid, []):
                    fx = layout.get(a.place) if a.place else None
                    sp = getattr(fx, "staff_point", None)
                    if sp is not None:
                        p = sp
                        break
            if p is not None:
                self._home[sid] = p
        self._queues: dict[str, tuple[list[float], list[int]]] = {}
        for q in sorted(records.queues, key=lambda q: q.time):
            ts, ls = self._queues.setdefault(q.queue, ([], []))
            ts.append(q.time)
            ls.append(q.length)

    # --- look-ups ---------------------------------------------------------------------------------
    def markers(self, t: float) -> list[Marker]:
        out = []
        n = bisect.bisect_right(self._arrivals, t)
        for c in self._customers[:n]:
            if c.departure is not None and t >= c.departure:
                continue
            cid = str(c.customer_id)
            tr = self._tracks.get(("customer", cid))
            pos = tr.at(t) if tr else None
            if pos is None:
                first = tr.first_point() if tr else None
                if first is None:
                    continue
                # inside the door before the first walk: being greeted at post 1, or pausing
                pos = (first[0], first[1], False)
            x, y, walking = pos
            if walking:
                state = "walking"
            elif c.service_start is not None and c.service_start <= t < (c.service_end or math.inf):
                state = "served"
            elif any(s <= t < e for s, e in self._talks.get(cid, ())) or (
                c.greeted and tr is not None and t < tr.starts[0]
            ):
                state = "talking"
            else:
                state = "waiting"
            out.append(Marker("customer", cid, c.business, x, y, state))
        for sid, role in self.records.roster.items():
            tr = self._tracks.get(("staff", sid))
            pos = tr.at(t) if tr else None
            if pos is None:
                home = self._home.get(sid)
                if home is None:
                    continue
                pos = (home[0], home[1], False)
            x, y, walking = pos
            state = "walking" if walking else self._staff_state(sid, t)
            if state is None:
                continue  # off shift
            out.append(Marker("staff", sid, role, x, y, state))
        return out

    def _staff_state(self, sid: str, t: float) -> str | None:
        acts = self._acts.get(sid)
        if not acts:
            return "idle"
        i = bisect.bisect_right(self._act_starts[sid], t) - 1
        if i < 0 or t >= acts[i].end:
            return "idle" if self.start <= t <= self.end else None
        return _STAFF_STATE.get(acts[i].activity, "working")

    def queue_lengths(self, t: float) -> dict[str, int]:
        out = {}
        for q, (ts, ls) in self._queues.items():
            i = bisect.bisect_right(ts, t) - 1
            out[q] = ls[i] if i >= 0 else 0
        return out

    def counts(self, t: float) -> dict[str, int]:
        ms = self.markers(t)
        cust = [m for m in ms if m.actor == "customer"]
        c = {s: sum(m.state == s for m in cust) for s in ("walking", "waiting", "served", "talking")}
        c["inside"] = len(cust)
        c["queue"] = self.queue_lengths(t).get("tickets", 0)
        return c


def clock(t: float) -> str:
    t = int(round(t))
    return f"{t // 3600:02d}:{t % 3600 // 60:02d}:{t % 60:02d}"
