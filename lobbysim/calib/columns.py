"""Which column holds what: found by the headers vendors use (Chinese and English), or set by
the user (``--columns issued=取号时间,called=叫号时间``).

Only the mapped columns are ever read; the others (customer names, phone numbers, ID and card
numbers ...) are listed as ignored by header only, never by content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lobbysim.errors import FormatError, UsageError

#: field -> the headers that name it (compared without spaces, case and punctuation)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "ticket": (
        "票号",
        "号码",
        "排队号",
        "取号号码",
        "票据号",
        "排队号码",
        "ticket",
        "ticketno",
        "ticketnumber",
        "queueno",
    ),
    "business": ("业务类型", "业务名称", "业务", "业务种类", "business", "businesstype", "service", "servicetype"),
    "issued": ("取号时间", "出票时间", "取票时间", "issued", "issuetime", "tickettime", "issuedat"),
    "called": ("叫号时间", "呼叫时间", "叫号", "called", "calltime", "calledat"),
    "start": ("开始办理时间", "开始时间", "受理时间", "办理开始时间", "start", "servicestart", "starttime"),
    "finished": ("办结时间", "结束时间", "完成时间", "办理结束时间", "finished", "end", "endtime", "serviceend"),
    "window": ("窗口", "窗口号", "柜台", "柜台号", "办理窗口", "window", "counter", "windowno"),
    "status": ("状态", "办理状态", "票据状态", "status", "outcome", "result"),
    "vip": ("客户等级", "vip", "星级", "客户级别", "客户类型", "customerclass", "class", "segment", "level"),
    "date": ("日期", "业务日期", "取号日期", "date", "day"),
}
#: fields the calibration cannot do without
REQUIRED = ("ticket", "business", "issued", "called", "finished", "window")
OPTIONAL = ("start", "status", "vip", "date")
FIELDS = REQUIRED + OPTIONAL

_STRIP = re.compile(r"[\s_\-.()（）:：/]+")


def norm(h: str) -> str:
    return _STRIP.sub("", str(h)).lower()


#: the columns of a smart-counter / self-service machine's transaction log (``--machine-log``)
MACHINE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "device": ("设备号", "设备编号", "终端号", "设备", "机具号", "device", "terminal", "machine", "deviceid"),
    "business": ("交易类型", "业务类型", "业务名称", "交易名称", "business", "transaction", "transactiontype"),
    "start": ("开始时间", "交易开始时间", "交易时间", "start", "starttime", "time"),
    "finished": ("结束时间", "交易结束时间", "完成时间", "end", "endtime", "finished"),
}
MACHINE_REQUIRED = ("device", "business", "start", "finished")


def _lookup(synonyms: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {norm(s): f for f, names in synonyms.items() for s in names}


_LOOKUP = _lookup(SYNONYMS)


@dataclass
class Mapping:
    """field -> column index, and the headers of the columns not read."""

    index: dict[str, int]
    header: list[str]
    ignored: list[str] = field(default_factory=list)

    def column(self, f: str) -> str:
        return self.header[self.index[f]]


def parse_overrides(text: str | None) -> dict[str, str]:
    """``issued=取号时间,called=叫号时间`` -> {field: header}."""
    out: dict[str, str] = {}
    if not text:
        return out
    for part in re.split(r"[,，]", text):
        if not part.strip():
            continue
        if "=" not in part:
            raise UsageError(f"--columns: '{part.strip()}' is not FIELD=HEADER (fields: {', '.join(FIELDS)})")
        f, h = (x.strip() for x in part.split("=", 1))
        if f not in FIELDS:
            raise UsageError(f"--columns: unknown field '{f}' (fields: {', '.join(FIELDS)})")
        out[f] = h
    return out


def looks_like_header(row: list[str], lookup=None) -> int:
    """How many cells of ``row`` are known queue-log headers."""
    lookup = _LOOKUP if lookup is None else lookup
    return sum(1 for c in row if norm(c) in lookup)


def header_finder(overrides: dict[str, str], synonyms=None):
    """A function picking the header row among a table's first rows (a title row may come first)."""
    wanted = {norm(h) for h in overrides.values()}
    lookup = _LOOKUP if synonyms is None else _lookup(synonyms)

    def find(rows: list[list[str]]) -> int | None:
        best, best_score = None, 1
        for i, row in enumerate(rows):
            score = looks_like_header(row, lookup) + sum(1 for c in row if norm(c) in wanted)
            if score > best_score:
                best, best_score = i, score
        return best

    return find


def detect(header: list[str], fixed: dict[str, int] | None = None, synonyms=None) -> dict[str, int]:
    """field -> column index of the columns recognised by their header (``fixed`` ones kept)."""
    lookup = _LOOKUP if synonyms is None else _lookup(synonyms)
    index = dict(fixed or {})
    taken = set(index.values())
    for i, h in enumerate(header):
        g = lookup.get(norm(h))
        if g is not None and g not in index and i not in taken:
            index[g] = i
            taken.add(i)
    return index


def map_columns(header: list[str], overrides: dict[str, str], path: str, required=REQUIRED, synonyms=None) -> Mapping:
    """Find every field's column; a missing required field is a FormatError naming what was found."""
    syn = SYNONYMS if synonyms is None else synonyms
    index: dict[str, int] = {}
    normed = [norm(h) for h in header]
    for f, h in overrides.items():
        if norm(h) not in normed:
            raise FormatError(f"--columns names column '{h}' for {f}, but the file has no such column", path=path)
        index[f] = normed.index(norm(h))
    index.update(detect(header, index, synonyms))
    taken = set(index.values())
    missing = [f for f in required if f not in index]
    if missing:
        found = ", ".join(f"{header[i]} ({f})" for f, i in sorted(index.items(), key=lambda x: x[1])) or "none"
        names = ", ".join(f"{f} ({'/'.join(syn[f][:3])})" for f in missing)
        raise FormatError(
            f"missing required columns: {names}; columns found: {found}; set them with --columns FIELD=HEADER",
            path=path,
        )
    ignored = [h or f"column {i + 1}" for i, h in enumerate(header) if i not in taken]
    return Mapping(index, list(header), ignored)
