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
from operator import itemgetter

import numpy as np

from lobbysim.errors import FormatError

from . import timeparse
from .columns import Mapping
from .values import ABANDONED, SERVED, SKIPPED, TRANSFERRED, BusinessMapper, StatusMapper, VipMapper, WindowMapper

NAN = float("nan")
#: refuse a log when more than this share of its rows has one problem
MAX_BAD_SHARE = 0.2
#: rows parsed together (numpy converts a chunk's ISO times in one call)
CHUNK = 20_000
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


_DUP_KEYS = ("day", "ticket", "business", "window", "status", "issued", "called", "start", "finished")
_ARRAYS = ("day", "ticket", "business", "window", "status", "vip", "issued", "called", "start", "finished")


class LogReader:
    """Reads rows of mapped tables into typed columns, counting every rejected row."""

    def __init__(self, business: BusinessMapper, windows: WindowMapper):
        self.bmap, self.wmap = business, windows
        self.smap, self.vmap = StatusMapper(), VipMapper()
        self.cols = _Columns()
        self.summary = ReadSummary()
        self.tickets: dict[str, int] = {}
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
        names = list(ix)
        get = itemgetter(*[ix[f] for f in names])  # the mapped cells of a row, in one C call
        width = max(ix.values()) + 1
        rows: list[tuple] = []
        nums: list[int] = []
        row_no = table.header_row
        for row in table.rows:
            row_no += 1
            if len(row) < width:
                row = list(row) + [None] * (width - len(row))
            if not any(row):  # a blank line ('' and None are false)
                continue
            rows.append(get(row))
            nums.append(row_no)
            if len(nums) >= CHUNK:
                self._chunk(dict(zip(names, map(list, zip(*rows)))), nums, mapping, file_no)
                rows, nums = [], []
                if progress is not None:
                    progress(row_no)
        if nums:
            self._chunk(dict(zip(names, map(list, zip(*rows)))), nums, mapping, file_no)

    def _reject(self, mask: np.ndarray, alive: np.ndarray, key: str, reason: str, nums, text) -> None:
        """Count the rows of ``mask`` still alive as rejected for ``reason``; ``text(i)`` describes row i."""
        hit = np.flatnonzero(mask & alive)
        if not len(hit):
            return
        p = self.summary.problem(key, reason)
        for i in hit[:EXAMPLES]:
            if len(p.examples) < EXAMPLES:
                p.examples.append(f"row {nums[i]}: {text(i)}")
        p.count += len(hit)
        alive &= ~mask

    def _times(self, buf: dict, mapping: Mapping, nums, alive: np.ndarray) -> dict[str, np.ndarray]:
        n = len(nums)
        base = timeparse.parse_column(buf["date"])[0] if "date" in buf else np.full(n, -1, dtype=np.int64)
        day, issued, bad = timeparse.parse_column(buf["issued"])
        day = np.where(day >= 0, day, base)
        why = "date/time that does not parse"
        col = mapping.column("issued")
        self._reject(
            bad | np.isnan(issued) | (day < 0),
            alive,
            "dates",
            why,
            nums,
            lambda i: f"{col} '{_short(buf['issued'][i])}'",
        )
        out = {"day": day, "issued": issued}
        for f in ("called", "start", "finished"):
            if f not in buf:
                out[f] = np.full(n, np.nan)
                continue
            d, t, bad = timeparse.parse_column(buf[f])
            bad |= (d >= 0) & np.isnan(t)
            out[f] = np.where(d >= 0, t + (d - day) * 86400.0, t)
            c = mapping.column(f)
            self._reject(bad, alive, "dates", why, nums, lambda i, f=f, c=c: f"{c} '{_short(buf[f][i])}'")
        return out

    def _statuses(self, buf: dict, t: dict, mapping: Mapping, nums, alive: np.ndarray) -> np.ndarray:
        inferred = np.where(np.isnan(t["called"]), ABANDONED, np.where(np.isnan(t["finished"]), SKIPPED, SERVED))
        if "status" not in buf:
            return inferred
        vals = buf["status"]
        blank = np.array([v in (None, "") for v in vals], dtype=bool)
        given = np.where(blank, -2, np.array(self.smap.many(vals, alive & ~blank), dtype=np.int64))
        col = mapping.column("status")
        self._reject(
            given == -1,
            alive,
            "status",
            "status that is not served/过号/弃号/transferred",
            nums,
            lambda i: f"{col} '{_short(vals[i])}'",
        )
        return np.where(given >= 0, given, inferred)

    def _order(self, t: dict, status: np.ndarray, mapping: Mapping, nums, alive: np.ndarray) -> None:
        iss, cal, st, fin = t["issued"], t["called"], t["start"], t["finished"]
        col = mapping.column
        with np.errstate(invalid="ignore"):
            begin = np.where(np.isnan(st), cal, st)
            served = (status == SERVED) | (status == TRANSFERRED)
            checks = [
                (cal < iss, f"{col('called')} before {col('issued')}"),
                (
                    (st < cal) if "start" in mapping.index else np.zeros(len(iss), dtype=bool),
                    f"{col('start') if 'start' in mapping.index else 'start'} before {col('called')}",
                ),
                (begin > fin, f"{col('finished')} before the call or start"),
                (
                    served & (np.isnan(cal) | np.isnan(fin)),
                    f"served without a {col('called')} or {col('finished')} time",
                ),
                ((status == SKIPPED) & np.isnan(cal), f"过号 without a {col('called')} time"),
            ]
        for mask, text in checks:
            self._reject(mask, alive, "order", "times out of order or missing", nums, lambda i, x=text: x)

    def _chunk(self, buf: dict, nums: list[int], mapping: Mapping, file_no: int) -> None:
        n = len(nums)
        self.summary.rows += n
        alive = np.ones(n, dtype=bool)
        t = self._times(buf, mapping, nums, alive)
        status = self._statuses(buf, t, mapping, nums, alive)
        bvals = buf["business"]
        business = np.array(self.bmap.many(bvals, alive), dtype=np.int64)
        bcol = mapping.column("business")
        self._reject(
            business < 0,
            alive,
            "business",
            "business maps to no business of the scenario",
            nums,
            lambda i: f"{bcol} '{_short(bvals[i])}'",
        )
        wvals = buf["window"]
        given = np.array([v not in (None, "") for v in wvals], dtype=bool)
        window = np.array(self.wmap.many(wvals, alive & given), dtype=np.int64)
        wcol = mapping.column("window")
        served = (status == SERVED) | (status == TRANSFERRED)
        self._reject(
            (window < 0) & served,
            alive,
            "window",
            "window maps to no counter or desk of the layout",
            nums,
            lambda i: f"{wcol} '{_short(wvals[i])}'",
        )
        self._order(t, status, mapping, nums, alive)
        keep = np.flatnonzero(alive)
        tvals = [buf["ticket"][i] for i in keep]
        lut = {v: self.tickets.setdefault(str(v).strip(), len(self.tickets)) for v in set(tvals)}
        tickets = np.array([lut[v] for v in tvals], dtype=np.int32)
        vip = (
            np.array(self.vmap.many([buf["vip"][i] for i in keep]), dtype=np.int8)
            if "vip" in buf
            else np.full(len(keep), -1, dtype=np.int8)
        )
        c = self.cols
        for arr, values in (
            (c.day, t["day"][keep]),
            (c.ticket, tickets),
            (c.business, business[keep]),
            (c.window, window[keep]),
            (c.status, status[keep]),
            (c.vip, vip),
            (c.issued, t["issued"][keep]),
            (c.called, t["called"][keep]),
            (c.start, t["start"][keep]),
            (c.finished, t["finished"][keep]),
            (c.file, np.full(len(keep), file_no)),
            (c.row, np.asarray(nums)[keep]),
        ):
            arr.frombytes(np.asarray(values).astype(np.dtype(arr.typecode)).tobytes())
        self.summary.used += len(keep)

    def _drop_duplicates(self) -> None:
        """The same ticket logged twice (identical in every column read) is kept once; found after
        reading, by sorting, so a million-row log needs no set of a million keys."""
        c = self.cols
        if len(c.day) < 2:
            return
        cols = [np.frombuffer(getattr(c, k), dtype=np.dtype(getattr(c, k).typecode)) for k in _DUP_KEYS]
        dup = _same_as_previous(cols)
        if not dup.any():
            return
        names = {v: k for k, v in self.tickets.items()}
        tickets = np.frombuffer(c.ticket, dtype=np.int32)
        rows = np.frombuffer(c.row, dtype=np.int32)
        p = self.summary.problem("duplicate", "duplicate ticket (the same row twice)")
        for i in np.flatnonzero(dup):
            p.add(f"row {rows[i]}: ticket '{_short(names.get(int(tickets[i]), ''))}'")
        keep = ~dup
        for name in vars(c):
            arr = getattr(c, name)
            kept = np.frombuffer(arr, dtype=np.dtype(arr.typecode))[keep]
            setattr(c, name, array(arr.typecode, kept.tobytes()))
        self.summary.used -= int(dup.sum())

    def finish(self, codes: list[str], windows: list[str], path: str) -> TicketLog:
        s = self.summary
        for key, p in s.problems.items():
            if s.rows and p.count > MAX_BAD_SHARE * s.rows and key != "duplicate":
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
        self._drop_duplicates()
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


def _same_as_previous(cols: list[np.ndarray]) -> np.ndarray:
    """Rows equal in every column to the row before them once sorted (the later copies of a duplicate)."""
    order = np.lexsort(cols[::-1])
    dup = np.ones(len(order), dtype=bool)
    dup[0] = False
    for c in cols:
        sc = c[order]
        dup[1:] &= (sc[1:] == sc[:-1]) | (np.isnan(sc[1:]) & np.isnan(sc[:-1]) if sc.dtype.kind == "f" else False)
    out = np.zeros(len(order), dtype=bool)
    out[order] = dup
    return out


def _short(v, n: int = 30) -> str:
    s = str(v)
    return s if len(s) <= n else s[: n - 1] + "…"


def _counts(c: Counter) -> str:
    return ", ".join(f"'{_short(k) or '(empty)'}' ({n} rows)" for k, n in c.most_common(8))


__all__ = ["TicketLog", "LogReader", "ReadSummary", "SERVED", "SKIPPED", "ABANDONED", "TRANSFERRED"]
