"""Write a realistic queue-machine export (叫号机明细) simulated from a known scenario.

    python3 tools/synthetic_log.py OUT.csv [--days 20] [--seed 7] [--xlsx] [--machine-log M.csv]

Every weekday from 2024-09-02 is simulated with lobbysim's own model on the before-layout of
the sample branch, the day's level drawn gamma-distributed (``TRUTH_DAY_CV``) through the
scenario's ``date_factor``, and the tickets of the records (:func:`lobbysim.calib.records_log.
ticket_rows`) written as a vendor would: Chinese headers, GBK, a title row above the header,
window names like '1号窗口', a few messy rows (a bad date, a duplicate, a call before its
ticket, another date spelling) and fake personal columns (names, phone numbers, ID numbers)
that the importer must never copy. The truth (the scenario and what each date was given) is
returned by :func:`make_log` so tests can check what calibration recovers.
"""

from __future__ import annotations

import argparse
import copy
import csv
import datetime as dt
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lobbysim.calib.records_log import machine_rows, ticket_rows  # noqa: E402
from lobbysim.model.fileformat import load_layout  # noqa: E402
from lobbysim.sim import simulate  # noqa: E402
from lobbysim.sim.scenario import DAYS, Scenario  # noqa: E402

LAYOUT = ROOT / "layouts" / "railway_station" / "before.lobby.json"
SAMPLE = ROOT / "layouts" / "railway_station" / "scenario.json"
START = dt.date(2024, 9, 2)  # a Monday
TRUTH_DAY_CV = 0.06
HEADER = [
    "序号",
    "票号",
    "业务类型",
    "客户姓名",
    "手机号",
    "身份证号",
    "客户等级",
    "取号时间",
    "叫号时间",
    "开始办理时间",
    "办结时间",
    "窗口",
    "柜员号",
    "状态",
]
WINDOW_NAMES = {"cash1": "1号窗口", "cash2": "2号窗口", "cash3": "3号窗口", "low1": "低柜", "wm_desk": "理财经理"}
BUSINESS_NAMES = {
    "cash": "个人存取款",
    "account": "账户变更及转账",
    "corporate": "对公业务",
    "wealth": "理财咨询",
    "card": "开卡",
    "smart": "打印、密码、电子银行",
}
STATUS_NAMES = {"served": "已办结", "skipped": "过号", "abandoned": "弃号"}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"


def truth_scenario() -> dict:
    """The known scenario: the sample, busier (long waits make patience visible in the log)."""
    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    doc["name"] = "Synthetic truth 合成真值"
    doc["arrivals"]["per_day"] = 330
    doc["arrivals"]["day_factors"].update({"thu": 0.7, "fri": 0.7})
    # the day level is drawn here, per date (TRUTH_DAY_CV through date_factor), so that the truth of
    # each date is known; the model's own day-level draw would come on top of it
    doc["arrivals"]["day_cv"] = 0.0
    return doc


@dataclass
class Truth:
    scenario: dict
    dates: list[str]
    day_factor: dict[str, float] = field(default_factory=dict)
    rows: int = 0
    messy: dict[str, int] = field(default_factory=dict)


def simulate_days(n_days: int, seed: int, doc: dict, spikes: dict[int, float] | None = None):
    """(date, Records) for ``n_days`` weekdays from START, each with a gamma day level."""
    layout = load_layout(LAYOUT)
    rng = np.random.default_rng(seed)
    out, date = [], START
    spikes = spikes or {}
    while len(out) < n_days:
        if date.weekday() < 5:
            level = rng.gamma(1 / TRUTH_DAY_CV**2, TRUTH_DAY_CV**2) * spikes.get(len(out), 1.0)
            d = copy.deepcopy(doc)
            d["arrivals"]["date_factor"] = float(level)
            rec = simulate(layout, Scenario.from_dict(d), DAYS[date.weekday()], seed, len(out))
            out.append((date, float(level), rec))
        date += dt.timedelta(days=1)
    return out


def _clock(date: dt.date, s: float | None, style: int = 0) -> str:
    if s is None:
        return ""
    t = dt.datetime.combine(date, dt.time()) + dt.timedelta(seconds=round(s))
    if style == 1:
        return f"{t.year}/{t.month}/{t.day} {t.hour}:{t.minute:02d}:{t.second:02d}"
    return t.strftime("%Y-%m-%d %H:%M:%S")


def _person(rng) -> list[str]:
    name = rng.choice(list(SURNAMES)) + "".join(rng.choice(list(GIVEN), rng.integers(1, 3)))
    phone = "1" + str(rng.choice([38, 39, 58, 86, 88])) + "".join(str(d) for d in rng.integers(0, 10, 8))
    ident = "110105" + str(rng.integers(1950, 2005)) + f"{rng.integers(1, 13):02d}{rng.integers(1, 29):02d}"
    return [name, phone, ident + "".join(str(d) for d in rng.integers(0, 10, 4))]


def log_rows(days, seed: int) -> list[list[str]]:
    rng = np.random.default_rng(seed + 1)
    rows = []
    for date, _, rec in days:
        for r in ticket_rows(rec):
            style = 1 if rng.random() < 0.02 else 0
            rows.append(
                [
                    str(len(rows) + 1),
                    f"A{r.number:03d}",
                    BUSINESS_NAMES.get(r.business, r.business),
                    *_person(rng),
                    "VIP" if r.vip else "普通",
                    _clock(date, r.issued, style),
                    _clock(date, r.called, style),
                    _clock(date, r.start, style),
                    _clock(date, r.finished, style),
                    WINDOW_NAMES.get(r.window or "", r.window or ""),
                    f"T{rng.integers(1000, 9999)}",
                    STATUS_NAMES[r.status],
                ]
            )
    return rows


def mess_up(rows: list[list[str]], rng) -> dict[str, int]:
    """A few rows as real exports have them; returns how many of each were added."""
    n = len(rows)
    bad_date = rows[int(rng.integers(0, n))][:]
    bad_date[7] = "2024-13-45 25:61"
    dup = rows[int(rng.integers(0, n))][:]
    order = rows[int(rng.integers(0, n))][:]
    if order[8]:
        order[8], order[7] = order[7], order[8]
        order[8] = order[8].replace(order[8][-8:], "08:00:00") if len(order[8]) >= 8 else order[8]
    for extra in (bad_date, dup, order):
        rows.insert(int(rng.integers(0, len(rows))), extra)
    return {"bad_date": 1, "duplicate": 1, "out_of_order": 1}


def write_csv(path: Path, rows: list[list[str]], title: str, encoding: str = "gbk") -> None:
    with open(path, "w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh)
        w.writerow([title] + [""] * (len(HEADER) - 1))
        w.writerow(HEADER)
        w.writerows(rows)
        w.writerow([""] * len(HEADER))


def write_xlsx(path: Path, rows: list[list[str]], title: str) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("排队明细")
    ws.append([title])
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    wb.save(path)


def write_machine_log(path: Path, days) -> None:
    with open(path, "w", encoding="gbk", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["设备号", "交易类型", "开始时间", "结束时间"])
        for date, _, rec in days:
            for m in machine_rows(rec):
                w.writerow(
                    [m.device, BUSINESS_NAMES.get(m.business, "自助业务"), _clock(date, m.start), _clock(date, m.end)]
                )


def make_log(
    path,
    n_days: int = 20,
    seed: int = 7,
    xlsx: bool = False,
    machine_log=None,
    spikes: dict[int, float] | None = None,
    doc: dict | None = None,
    xlsx_copy=None,
) -> Truth:
    """Simulate and write the log (the same rows also as an XLSX workbook to ``xlsx_copy``); returns the
    truth behind it."""
    doc = doc or truth_scenario()
    days = simulate_days(n_days, seed, doc, spikes)
    rows = log_rows(days, seed)
    truth = Truth(doc, [d.isoformat() for d, _, _ in days], {d.isoformat(): lv for d, lv, _ in days}, len(rows))
    truth.messy = mess_up(rows, np.random.default_rng(seed + 2))
    title = f"火车站支行 排队叫号明细 {days[0][0]} 至 {days[-1][0]}"
    if xlsx:
        write_xlsx(Path(path), rows, title)
    else:
        write_csv(Path(path), rows, title)
    if xlsx_copy is not None:
        write_xlsx(Path(xlsx_copy), rows, title)
    if machine_log is not None:
        write_machine_log(Path(machine_log), days)
    return truth


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--days", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--xlsx", action="store_true", help="write an XLSX workbook instead of a GBK CSV")
    ap.add_argument("--machine-log", default=None, help="also write the smart-counter/ATM transactions here")
    a = ap.parse_args(argv)
    t = make_log(a.out, a.days, a.seed, a.xlsx, a.machine_log)
    print(f"{a.out}: {t.rows} tickets on {len(t.dates)} weekdays {t.dates[0]} .. {t.dates[-1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
