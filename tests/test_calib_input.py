"""Reading queue logs: encodings, headers, date spellings, bad rows, mapping, linking, privacy (issue 16)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import pytest

from lobbysim.calib.reading import read_logs
from lobbysim.calib.values import SERVED, SKIPPED
from lobbysim.cli import main
from lobbysim.errors import LobbysimError
from lobbysim.model.fileformat import load_layout
from lobbysim.sim.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]
LAYOUT = str(ROOT / "layouts" / "railway_station" / "before.lobby.json")
HEADER = ["票号", "业务类型", "客户姓名", "手机号", "取号时间", "叫号时间", "办结时间", "窗口", "状态"]
SECRET_NAME, SECRET_PHONE = "欧阳秘密", "13912345678"


def rows(n: int = 40, days=("2024-09-02", "2024-09-03")) -> list[list[str]]:
    out = []
    for d in days:
        for i in range(n):
            m = 9 * 60 + i * 10
            issued = f"{d} {m // 60:02d}:{m % 60:02d}:00"
            called = f"{d} {(m + 4) // 60:02d}:{(m + 4) % 60:02d}:00"
            done = f"{d} {(m + 5 + i % 7) // 60:02d}:{(m + 5 + i % 7) % 60:02d}:{(i * 17) % 60:02d}"
            status, fin = ("过号", "") if i % 10 == 3 else ("已办结", done)
            out.append(
                [
                    f"A{i + 1:03d}",
                    "个人存取款" if i % 3 else "对公业务",
                    SECRET_NAME,
                    SECRET_PHONE,
                    issued,
                    called,
                    fin,
                    "1号窗口" if i % 3 else "低柜",
                    status,
                ]
            )
    return out


def write(path: Path, data: list[list[str]], encoding: str = "gbk", header=HEADER) -> Path:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    w.writerows(data)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


@pytest.fixture(scope="module")
def model():
    return load_layout(LAYOUT), load_scenario(ROOT / "layouts" / "railway_station" / "scenario.json")


@pytest.mark.parametrize(
    "encoding, shown", [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 with BOM"), ("gbk", "GBK"), ("gb18030", "GBK")]
)
def test_encodings_are_detected_and_named(tmp_path, model, encoding, shown):
    log = read_logs([write(tmp_path / "q.csv", rows(), encoding)], *model)
    assert log.summary.files[0]["encoding"] == shown
    assert log.n == 80
    assert {log.codes[b] for b in log.business} == {"cash", "corporate"}
    assert {log.windows[w] for w in log.window if w >= 0} == {"cash1", "low1"}


def test_gb18030_only_characters(tmp_path, model):
    data = rows()
    data[0][1] = "个人存取款𠀀"  # outside GBK: only GB18030 encodes it
    p = tmp_path / "q.csv"
    write(p, data, "gb18030")
    log = read_logs([p], *model, business_map="个人存取款𠀀=cash")
    assert log.summary.files[0]["encoding"] == "GB18030"


def test_date_spellings_serials_and_a_date_column(tmp_path, model):
    header = ["日期", "票号", "业务类型", "取号时间", "叫号时间", "办结时间", "窗口"]
    data = [
        ["2024/9/2", "A001", "存取款", "9:03", "9:05:10", "9:12", "1号窗口"],
        ["2024年9月2日", "A002", "存取款", "09:04:00", "09:06:00", "09:10:00", "2号窗口"],
        ["45537", "A003", "存取款", "0.38", "0.385", "0.39", "1"],
    ]
    log = read_logs([write(tmp_path / "q.csv", data, header=header)], *model, window_map="1=cash1")
    assert log.n == 3
    assert log.days() == [19968]  # 2024-09-02
    assert log.issued[0] == 9 * 3600 + 3 * 60 and log.called[0] == 9 * 3600 + 5 * 60 + 10
    assert log.issued[2] == pytest.approx(0.38 * 86400, abs=1)
    assert (log.status == SERVED).all()  # no status column: served when finished


def test_xlsx_with_title_row_and_excel_dates(tmp_path, model):
    import datetime as dt

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["某支行排队明细"])
    ws.append(HEADER)
    for r in rows(10, days=("2024-09-02",)):
        r[4:7] = [dt.datetime.fromisoformat(x) if x else None for x in r[4:7]]
        ws.append(r)
    p = tmp_path / "q.xlsx"
    wb.save(p)
    log = read_logs([p], *model)
    assert log.n == 10 and log.summary.files[0]["header_row"] == 2
    assert log.issued[0] == 9 * 3600


def test_missing_columns_name_found_and_missing(tmp_path, capsys):
    p = write(tmp_path / "q.csv", [r[:5] for r in rows()], header=HEADER[:5])
    out = tmp_path / "new.scenario.json"
    assert main(["calibrate", str(p), "--layout", LAYOUT, "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "missing required columns: called" in err and "finished" in err and "window" in err
    assert "取号时间 (issued)" in err and "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize("content", [b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", b"hello world\nno table here\n"])
def test_not_a_table(tmp_path, capsys, content):
    p = tmp_path / "q.csv"
    p.write_bytes(content)
    out = tmp_path / "new.scenario.json"
    assert main(["calibrate", str(p), "--layout", LAYOUT, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "is not a table" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_bad_dates_counted_or_refused(tmp_path, model):
    data = rows()
    for r in data[:5]:
        r[4] = "昨天上午"
    log = read_logs([write(tmp_path / "q.csv", data)], *model)
    p = log.summary.problems["dates"]
    assert p.count == 5 and "row 2: 取号时间 '昨天上午'" in p.examples[0]
    for r in data[:20]:
        r[4] = "--"
    with pytest.raises(LobbysimError, match="fewer than 80 % of the rows usable"):
        read_logs([write(tmp_path / "q.csv", data)], *model)


def test_out_of_order_duplicates_and_unmapped_values(tmp_path, model):
    data = rows()
    data[1][5] = "2024-09-02 08:00:00"  # called before issued
    data.append(list(data[4]))  # the same row twice
    data[7][1] = "外汇兑换"
    data[8][7] = "99号窗口"
    log = read_logs([write(tmp_path / "q.csv", data)], *model)
    pr = log.summary.problems
    assert pr["order"].count == 1 and pr["duplicate"].count == 1
    assert pr["business"].count == 1 and pr["window"].count == 1
    text = " ".join(log.summary.lines())
    assert "'外汇兑换' (1 rows)" in text and "--business-map" in text and "'99号窗口'" in text
    fixed = read_logs(
        [write(tmp_path / "q.csv", data)], *model, business_map="外汇兑换=cash", window_map="99号窗口=cash2"
    )
    assert "business" not in fixed.summary.problems and "window" not in fixed.summary.problems


def test_requeued_ticket_is_one_customer(tmp_path, model):
    from lobbysim.calib.fitting import customers_of

    data = rows(5, days=("2024-09-02",))
    again = list(data[3])  # A004 was skipped (过号); re-queued and served later
    again[4:7] = ["2024-09-02 09:50:00", "2024-09-02 09:55:00", "2024-09-02 10:00:00"]
    again[8] = "已办结"
    data.append(again)
    log = read_logs([write(tmp_path / "q.csv", data)], *model)
    assert log.n == 6
    c = customers_of(log)
    assert len(c.day) == 5
    assert (c.outcome == SERVED).all()  # the re-queued customer counts as served, once
    assert c.wait[3] == pytest.approx(4.0)  # wait to the first call


def test_unknown_column_override_and_usage(tmp_path, capsys):
    p = write(tmp_path / "q.csv", rows())
    assert (
        main(
            ["calibrate", str(p), "--layout", LAYOUT, "--out", str(tmp_path / "o.json"), "--columns", "issued=没有这列"]
        )
        == 1
    )
    assert "no such column" in capsys.readouterr().err
    assert (
        main(
            [
                "calibrate",
                str(p),
                "--layout",
                LAYOUT,
                "--out",
                str(tmp_path / "o.json"),
                "--business-map",
                "个人存取款=nosuch",
            ]
        )
        == 2
    )
    assert "not a business code" in capsys.readouterr().err


def test_personal_columns_are_never_copied(tmp_path, capsys):
    p = write(tmp_path / "q.csv", rows())
    out, summ = tmp_path / "new.scenario.json", tmp_path / "summary.json"
    assert (
        main(["calibrate", str(p), "--layout", LAYOUT, "--out", str(out), "--json", str(summ), "--holdout-days", "0"])
        == 0
    )
    printed = capsys.readouterr()
    for text in (out.read_text(encoding="utf-8"), summ.read_text(encoding="utf-8"), printed.out, printed.err):
        assert SECRET_NAME not in text and SECRET_PHONE not in text
    s = json.loads(summ.read_text(encoding="utf-8"))
    assert s["files"][0]["ignored_columns"] == ["客户姓名", "手机号"]
    assert "ignored columns (not read): 客户姓名, 手机号" in printed.out
    notes = json.loads(out.read_text())["notes"]
    assert notes["business.cash.steps_by_kind.cash_counter"].startswith("fitted from q.csv, n = 48, maximum likelihood")
    assert "kept from the base: only n = 24" in notes["business.corporate.service"]


def test_skips_map_to_status(tmp_path, model):
    log = read_logs([write(tmp_path / "q.csv", rows())], *model)
    assert int((log.status == SKIPPED).sum()) == 8
    assert np.isnan(log.finished[log.status == SKIPPED]).all()


def test_windows_that_differ_are_named():
    from lobbysim.calib.fitting import window_differences

    notes = window_differences(
        {
            "cash@cash_counter": {"cash1": {"n": 300, "mean_min": 6.5}, "cash2": {"n": 280, "mean_min": 5.0}},
            "account@cash_counter": {"cash1": {"n": 90, "mean_min": 5.2}, "cash2": {"n": 80, "mean_min": 5.0}},
        }
    )
    assert notes == [
        "service cash@cash_counter: window cash1 takes 1.30x as long as cash2 (6.5 vs 5.0 min); "
        "the scenario keeps one time per counter kind"
    ]
