"""Smart-counter and self-service transaction logs (``--machine-log``): the demand a queue log
cannot see, because those customers take no ticket.

Columns (found by header like the queue log's): device (设备号/终端号), business (交易类型),
start (开始时间/交易时间), end (结束时间). Devices map to the layout's machine fixtures by id or
name (or ``--window-map``), businesses to the scenario's codes. Rows that cannot be used are
counted by reason, like the queue log's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lobbysim.errors import FormatError
from lobbysim.sim.scenario import MACHINE_KINDS

from . import timeparse
from .columns import MACHINE_REQUIRED, MACHINE_SYNONYMS, header_finder, map_columns
from .tables import open_table
from .ticketlog import MAX_BAD_SHARE, ReadSummary, _short
from .values import BusinessMapper, WindowMapper


@dataclass
class MachineLog:
    codes: list[str]
    devices: list[str]  # fixture ids
    kinds: list[str]  # fixture kind of each device
    day: np.ndarray
    business: np.ndarray
    device: np.ndarray
    start: np.ndarray
    finished: np.ndarray
    summary: ReadSummary

    @property
    def n(self) -> int:
        return len(self.day)

    def covered_kinds(self) -> set[str]:
        return {self.kinds[d] for d in set(self.device.tolist())}


def machine_fixtures(layout) -> list[tuple[str, str, str, str]]:
    from lobbysim.model.elements import Fixture

    return [
        (f.id, getattr(f, "name_en", "") or "", getattr(f, "name_zh", "") or "", f.fixture_kind)
        for f in layout.of_type(Fixture)
        if f.fixture_kind in MACHINE_KINDS
    ]


def _read_one(path, bmap: BusinessMapper, dmap: WindowMapper, summ: ReadSummary) -> list[np.ndarray]:
    table = open_table(path, header_finder({}, MACHINE_SYNONYMS))
    mapping = map_columns(table.header, {}, str(path), MACHINE_REQUIRED, MACHINE_SYNONYMS)
    summ.files.append(
        {
            "path": table.path,
            "encoding": table.encoding,
            "sheet": table.sheet,
            "columns": {f: mapping.column(f) for f in mapping.index},
            "ignored_columns": mapping.ignored,
        }
    )
    ix = mapping.index
    width = max(ix.values()) + 1
    cols: dict[str, list] = {f: [] for f in ix}
    nums = []
    for n, row in enumerate(table.rows, table.header_row + 1):
        row = list(row) + [None] * max(0, width - len(row))
        if any(c not in (None, "") for c in row):
            for f, i in ix.items():
                cols[f].append(row[i])
            nums.append(n)
    summ.rows += len(nums)
    day, start, bad1 = timeparse.parse_column(cols["start"])
    d2, end, bad2 = timeparse.parse_column(cols["finished"])
    end = np.where(d2 >= 0, end + (d2 - day) * 86400.0, end)
    biz = np.array([bmap(v) for v in cols["business"]], dtype=np.int64)
    dev = np.array([dmap(v) for v in cols["device"]], dtype=np.int64)
    checks = [
        (bad1 | bad2 | (day < 0) | np.isnan(start) | np.isnan(end), "dates", "date/time that does not parse", "start"),
        (biz < 0, "business", "business maps to no business of the scenario", "business"),
        (dev < 0, "device", "device maps to no smart counter or self-service machine of the layout", "device"),
        (end < start, "order", "ends before it starts", "finished"),
    ]
    alive = np.ones(len(nums), dtype=bool)
    for mask, key, reason, f in checks:
        hit = np.flatnonzero(mask & alive)
        if len(hit):
            p = summ.problem(key, reason)
            p.count += len(hit)
            p.examples += [f"row {nums[i]}: {mapping.column(f)} '{_short(cols[f][i])}'" for i in hit[:3]][
                : 3 - len(p.examples)
            ]
            alive &= ~mask
    summ.used += int(alive.sum())
    return [day[alive], biz[alive], dev[alive], start[alive], end[alive]]


def read_machine_logs(paths, layout, scenario, business_map: dict[str, str], device_map: dict[str, str]) -> MachineLog:
    fx = machine_fixtures(layout)
    if not fx:
        raise FormatError(
            "the layout has no smart counter or self-service machine for a machine log",
            path=", ".join(str(p) for p in paths),
        )
    bmap = BusinessMapper([(b.code, b.name_en, b.name_zh) for b in scenario.business], business_map)
    dmap = WindowMapper([f[:3] for f in fx], {k: v for k, v in device_map.items() if v in {f[0] for f in fx}})
    summ = ReadSummary()
    parts = [_read_one(p, bmap, dmap, summ) for p in paths]
    for p in summ.problems.values():
        if summ.rows and p.count > MAX_BAD_SHARE * summ.rows:
            raise FormatError(
                f"{p.count} of {summ.rows} machine-log rows rejected ({p.reason}, e.g. "
                f"{'; '.join(p.examples)}): refusing to calibrate from the rest",
                path=", ".join(str(x) for x in paths),
            )
    if bmap.unmapped:
        summ.warnings.append(
            "machine-log businesses mapped to nothing: "
            + ", ".join(f"'{k}' ({n} rows)" for k, n in bmap.unmapped.most_common(8))
        )
    arrays = [np.concatenate([p[i] for p in parts]) for i in range(5)]
    return MachineLog(
        bmap.codes,
        [f[0] for f in fx],
        [f[3] for f in fx],
        arrays[0].astype(np.int64),
        arrays[1],
        arrays[2],
        arrays[3],
        arrays[4],
        summ,
    )


def counts_by_weekday(m: MachineLog, days: list[int]) -> dict[str, dict[str, float]]:
    """Transactions per day of each weekday and business, over the given dates."""
    from .fit_arrivals import DAYS

    out: dict[str, dict[str, float]] = {}
    for wd in range(7):
        sel = [d for d in days if timeparse.weekday(d) == wd]
        if not sel:
            continue
        mask = np.isin(m.day, sel)
        counts = np.bincount(m.business[mask], minlength=len(m.codes))
        out[DAYS[wd]] = {c: float(counts[i]) / len(sel) for i, c in enumerate(m.codes)}
    return out
