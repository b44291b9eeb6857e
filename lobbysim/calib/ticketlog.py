"""A cleaned queue log: one typed array per mapped column, rows that cannot be used counted
by reason (with the first few row numbers), and the rows of one ticket linked into one
customer (a re-queued missed number 过号重排, a ticket transferred to another window).

Times are seconds since midnight of the ticket's day (a call after midnight is > 86400).
Only the mapped columns are read from a row; an example shown in a message quotes the mapped
field that is wrong, never another column.
"""

from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from lobbysim.errors import FormatError

from . import timeparse
from .columns import Mapping
from .values import ABANDONED, SERVED, SKIPPED, TRANSFERRED, BusinessMapper, StatusMapper, VipMapper, WindowMapper

NAN = float("nan")
#: refuse a log when more than this share of its rows has one problem
MAX_BAD_SHARE = 0.2
EXAMPLES = 3


@dataclass
class Problem:
    """Rows rejected for one reason."""

    reason: str
    count: int = 0
    examples: list[str] = field(default_factory=list)

    def add(self, where: str) -> None:
        self.count += 1
        if len(self.examples) < EXAMPLES:
            self.examples.append(where)


@dataclass
class ReadSummary:
    """What reading did: files, encodings, ignored columns, rows used and rejected."""

    files: list[dict] = field(default_factory=list)
    rows: int = 0
    used: int = 0
    problems: dict[str, Problem] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def problem(self, key: str, reason: str) -> Problem:
        p = self.problems.get(key)
        if p is None:
            p = self.problems[key] = Problem(reason)
        return p

    def lines(self) -> list[str]:
        out = []
        for p in self.problems.values():
            ex = "; ".join(p.examples)
            out.append(f"{p.count} rows rejected: {p.reason} (e.g. {ex})")
        return out + list(self.warnings)


class _Columns:
    """Growing typed columns (compact: a million rows take tens of MB)."""

    def __init__(self) -> None:
        self.day = array("i")
        self.ticket = array("i")
        self.business = array("h")
        self.window = array("h")
        self.status = array("b")
        self.vip = array("b")
        self.issued = array("d")
        self.called = array("d")
        self.start = array("d")
        self.finished = array("d")
        self.file = array("h")
        self.row = array("i")


@dataclass
class TicketLog:
    """The usable rows of one or more logs (see the module docstring)."""

    codes: list[str]
    windows: list[str]
    day: np.ndarray
    ticket: np.ndarray
    business: np.ndarray
    window: np.ndarray
    status: np.ndarray
    vip: np.ndarray
    issued: np.ndarray
    called: np.ndarray
    start: np.ndarray
    finished: np.ndarray
    has_start: bool
    has_vip: bool
    summary: ReadSummary
    customer: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    first: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))

    @property
    def n(self) -> int:
        return len(self.day)

    def days(self) -> list[int]:
        return sorted(set(self.day.tolist()))

    def subset(self, mask: np.ndarray) -> TicketLog:
        """The rows where ``mask`` holds (customers are linked again)."""
        arrays = {k: getattr(self, k)[mask] for k in _ARRAYS}
        out = TicketLog(
            self.codes, self.windows, **arrays, has_start=self.has_start, has_vip=self.has_vip, summary=self.summary
        )
        out.link()
        return out

    def link(self) -> None:
        """Rows with the same day and ticket number are one customer, in issue order: the first
        row is the arrival, a later row a re-queue or transfer of the same person."""
        order = np.lexsort((self.issued, self.ticket, self.day))
        key_d, key_t = self.day[order], self.ticket[order]
        new = np.ones(len(order), dtype=bool)
        if len(order) > 1:
            new[1:] = (key_d[1:] != key_d[:-1]) | (key_t[1:] != key_t[:-1])
        ids = np.cumsum(new) - 1
        self.customer = np.empty(len(order), dtype=np.int64)
        self.customer[order] = ids
        self.first = np.zeros(len(order), dtype=bool)
        self.first[order[new]] = True


_ARRAYS = ("day", "ticket", "business", "window", "status", "vip", "issued", "called", "start", "finished")


class LogReader:
    """Reads rows of mapped tables into typed columns, counting every rejected row."""

    def __init__(self, business: BusinessMapper, windows: WindowMapper):
        self.bmap, self.wmap = business, windows
        self.smap, self.vmap = StatusMapper(), VipMapper()
        self.cols = _Columns()
        self.summary = ReadSummary()
        self.tickets: dict[str, int] = {}
        self.seen: set[tuple] = set()
        self.has_start = self.has_vip = False

    def read(self, table, mapping: Mapping, file_no: int, progress=None) -> None:
        ix = mapping.index
        self.has_start |= "start" in ix
        self.has_vip |= "vip" in ix
        self.summary.files.append(
            {
                "path": table.path,
                "encoding": table.encoding,
                "sheet": table.sheet,
                "header_row": table.header_row,
                "columns": {f: mapping.column(f) for f in ix},
                "ignored_columns": mapping.ignored,
            }
        )
        get = _getter(ix)
        row_no = table.header_row
        for row in table.rows:
            row_no += 1
            if not any(c not in (None, "") for c in row):
                continue
            self.summary.rows += 1
            self._row(get(row), mapping, file_no, row_no)
            if progress is not None and row_no % 50_000 == 0:
                progress(row_no)

    def _row(self, v: dict, mapping: Mapping, file_no: int, row_no: int) -> None:
        where = f"row {row_no}"
        times = self._times(v, mapping, where)
        if times is None:
            return
        day, issued, called, start, finished = times
        status = self._status(v, called, finished, mapping, where)
        if status is None:
            return
        b = self.bmap(v["business"])
        if b < 0:
            self.summary.problem("business", "business maps to no business of the scenario").add(
                f"{where}: {mapping.column('business')} '{_short(v['business'])}'"
            )
            return
        w = self.wmap(v["window"]) if v["window"] not in (None, "") else -1
        if w < 0 and status in (SERVED, TRANSFERRED):
            self.summary.problem("window", "window maps to no counter or desk of the layout").add(
                f"{where}: {mapping.column('window')} '{_short(v['window'])}'"
            )
            return
        if not self._order(issued, called, start, finished, status, mapping, where):
            return
        tno = self.tickets.setdefault(str(v["ticket"]).strip(), len(self.tickets))
        key = (day, tno, issued, called, finished, w)
        if key in self.seen:
            self.summary.problem("duplicate", "duplicate ticket (the same row twice)").add(
                f"{where}: {mapping.column('ticket')} '{_short(v['ticket'])}'"
            )
            return
        self.seen.add(key)
        vip = self.vmap(v["vip"]) if "vip" in mapping.index else -1
        c = self.cols
        c.day.append(day)
        c.ticket.append(tno)
        c.business.append(b)
        c.window.append(w)
        c.status.append(status)
        c.vip.append(vip)
        c.issued.append(issued)
        c.called.append(called)
        c.start.append(start)
        c.finished.append(finished)
        c.file.append(file_no)
        c.row.append(row_no)
        self.summary.used += 1

    def _times(self, v: dict, mapping: Mapping, where: str):
        base_day = None
        if v.get("date") not in (None, ""):
            got = timeparse.parse(v["date"])
            base_day = got[0] if got is not None else None
        iss = timeparse.parse(v["issued"])
        if iss is None or iss[1] is None or (iss[0] is None and base_day is None):
            self.summary.problem("dates", "date/time that does not parse").add(
                f"{where}: {mapping.column('issued')} '{_short(v['issued'])}'"
            )
            return None
        day = iss[0] if iss[0] is not None else base_day
        assert day is not None
        out = [day, iss[1]]
        for f in ("called", "start", "finished"):
            raw = v.get(f)
            if raw in (None, ""):
                out.append(NAN)
                continue
            got = timeparse.parse(raw)
            if got is None or got[1] is None:
                self.summary.problem("dates", "date/time that does not parse").add(
                    f"{where}: {mapping.column(f)} '{_short(raw)}'"
                )
                return None
            out.append(got[1] + (0 if got[0] is None else (got[0] - day) * 86400.0))
        return out

    def _status(self, v: dict, called: float, finished: float, mapping: Mapping, where: str) -> int | None:
        if "status" in mapping.index and v["status"] not in (None, ""):
            s = self.smap(v["status"])
            if s < 0:
                self.summary.problem("status", "status that is not served/过号/弃号/transferred").add(
                    f"{where}: {mapping.column('status')} '{_short(v['status'])}'"
                )
                return None
            return s
        if called != called:  # NaN: never called
            return ABANDONED
        return SERVED if finished == finished else SKIPPED

    def _order(self, issued, called, start, finished, status, mapping: Mapping, where: str) -> bool:
        bad = None
        if called == called and called < issued:
            bad = f"{mapping.column('called')} before {mapping.column('issued')}"
        elif start == start and called == called and start < called:
            bad = f"{mapping.column('start')} before {mapping.column('called')}"
        elif finished == finished and (start if start == start else called) > finished:
            bad = f"{mapping.column('finished')} before the call or start"
        elif status in (SERVED, TRANSFERRED) and (called != called or finished != finished):
            bad = f"served without a {mapping.column('called')} or {mapping.column('finished')} time"
        elif status == SKIPPED and called != called:
            bad = f"过号 without a {mapping.column('called')} time"
        if bad is None:
            return True
        self.summary.problem("order", "times out of order or missing").add(f"{where}: {bad}")
        return False

    def finish(self, codes: list[str], windows: list[str], path: str) -> TicketLog:
        s = self.summary
        for key, p in s.problems.items():
            if s.rows and p.count > MAX_BAD_SHARE * s.rows:
                what = "fewer than 80 % of the rows" if key == "dates" else f"{p.count} of {s.rows} rows"
                raise FormatError(
                    f"{p.count} of {s.rows} rows rejected ({p.reason}, e.g. {'; '.join(p.examples)}): "
                    f"{what} usable, refusing to calibrate from the rest",
                    path=path,
                )
        if self.bmap.unmapped:
            s.warnings.append(
                "business values mapped to nothing: " + _counts(self.bmap.unmapped) + " (use --business-map VALUE=CODE)"
            )
        if self.wmap.unmapped:
            s.warnings.append(
                "window values mapped to nothing: " + _counts(self.wmap.unmapped) + " (use --window-map VALUE=FIXTURE)"
            )
        if self.vmap.unmapped:
            s.warnings.append("customer classes not understood (taken as regular): " + _counts(self.vmap.unmapped))
        c = self.cols
        log = TicketLog(
            codes,
            windows,
            day=np.frombuffer(c.day, dtype=np.int32).astype(np.int64),
            ticket=np.frombuffer(c.ticket, dtype=np.int32).astype(np.int64),
            business=np.frombuffer(c.business, dtype=np.int16).astype(np.int64),
            window=np.frombuffer(c.window, dtype=np.int16).astype(np.int64),
            status=np.frombuffer(c.status, dtype=np.int8).astype(np.int64),
            vip=np.frombuffer(c.vip, dtype=np.int8).astype(np.int64),
            issued=np.frombuffer(c.issued, dtype=np.float64).copy(),
            called=np.frombuffer(c.called, dtype=np.float64).copy(),
            start=np.frombuffer(c.start, dtype=np.float64).copy(),
            finished=np.frombuffer(c.finished, dtype=np.float64).copy(),
            has_start=self.has_start,
            has_vip=self.has_vip,
            summary=s,
        )
        if log.n == 0:
            raise FormatError("no usable rows: " + ("; ".join(s.lines()) or "the log has no data rows"), path=path)
        log.link()
        return log


def _getter(ix: dict[str, int]):
    fields = list(ix.items())
    width = max(ix.values()) + 1

    def get(row: list) -> dict:
        if len(row) < width:
            row = list(row) + [None] * (width - len(row))
        out = {f: row[i] for f, i in fields}
        for f in ("start", "status", "vip", "date"):
            out.setdefault(f, None)
        return out

    return get


def _short(v, n: int = 30) -> str:
    s = str(v)
    return s if len(s) <= n else s[: n - 1] + "…"


def _counts(c: Counter) -> str:
    return ", ".join(f"'{_short(k) or '(empty)'}' ({n} rows)" for k, n in c.most_common(8))


__all__ = ["TicketLog", "LogReader", "ReadSummary", "SERVED", "SKIPPED", "ABANDONED", "TRANSFERRED"]
