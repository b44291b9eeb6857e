"""The SQLite result store: round trips, reopening, interrupted runs, bad files."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from lobbysim.errors import FileReadError
from lobbysim.experiments.runner import Task, TaskResult, Variant
from lobbysim.experiments.store import ResultStore, records_from_blob, records_to_blob
from lobbysim.sim.records import CustomerRecord, Records, StaffActivity, Walk


def _records():
    r = Records(day="mon", seed=5, replication=0, open_time=9 * 3600, close_time=17 * 3600)
    r.customers.append(
        CustomerRecord(
            1,
            "cash",
            "regular",
            32400.0,
            "entrance",
            ticket_time=32410.0,
            ticket_number=1,
            service_start=32500.0,
            service_end=32800.0,
            departure=32860.0,
            fixture_id="cash1",
            fixture_kind="cash_counter",
            outcome="served",
            walk_m=31.5,
        )
    )
    r.staff.append(StaffActivity("t1", "teller", "serve", 32500.0, 32800.0, "cash1", customer_id=1))
    r.walks.append(Walk("customer", "1", "cash", 32400.0, 32410.0, 12.0, ((11.5, 0.3), (9.8, 1.6)), "to_ticket"))
    r.fixtures = {"cash1": "cash_counter"}
    r.roster = {"t1": "teller"}
    return r


def _variants():
    return [
        Variant("A", {"format": "lobbysim.layout"}, {"s": 1}, "before"),
        Variant("B", {"format": "lobbysim.layout", "x": 1}, {"s": 1}, "after"),
    ]


def test_records_blob_round_trip():
    r = _records()
    back = records_from_blob(records_to_blob(r))
    assert back == r


def test_run_is_stored_and_reopened(tmp_path):
    db = tmp_path / "runs.sqlite"
    with ResultStore(db) as s:
        rid = s.begin_run("compare", _variants(), seed=3, reps=2, days=["mon"], command="lobbysim compare ...")
        for v in ("A", "B"):
            for rep in range(2):
                s.add_result(
                    rid,
                    TaskResult(
                        Task(v, "mon", rep, 3),
                        {"wait_mean_min": 4.0 + rep + (v == "B")},
                        {"cash1": {"transactions": 50.0 + rep}},
                        {"t1": {"walk_m": 100.0}},
                        _records() if rep == 0 else None,
                    ),
                )
        s.finish_run(rid, True)
    with ResultStore(db) as s:
        (run,) = s.runs()
        assert run["status"] == "complete" and run["variants"] == ["A", "B"] and run["replications_stored"] == 4
        assert s.kpi_table(rid)["B"]["mon"]["wait_mean_min"] == [5.0, 6.0]
        assert s.kpi_table(rid, "fixture")["A"]["mon"][("cash1", "transactions")] == [50.0, 51.0]
        assert s.records(rid, "A", "mon", 0) == _records()
        assert s.records(rid, "A", "mon", 1) is None
        assert {i["role"] for i in s.inputs(rid)} == {"layout", "scenario"}


def test_opening_a_store_while_a_run_writes_does_not_wait_for_the_writer(tmp_path):
    """A reader (the editor's run list, ``lobbysim runs``, a test watching a run) opens the store
    without writing: it must not queue behind a run that holds the write lock. It did, for up to
    the 30 s busy timeout, by re-running the schema and the format row on every open."""
    import sqlite3
    import time

    db = tmp_path / "runs.sqlite"
    with ResultStore(db) as s:
        s.begin_run("run", [Variant("A", {}, {})], 1, 5, ["mon"])
    writer = sqlite3.connect(db, timeout=0)
    writer.execute("BEGIN IMMEDIATE")  # a run in the middle of storing a replication
    try:
        t0 = time.monotonic()
        with ResultStore(db) as s:
            assert [r["status"] for r in s.runs()] == ["running"]
        assert time.monotonic() - t0 < 5
    finally:
        writer.rollback()
        writer.close()


def test_a_store_written_before_a_table_was_added_gets_it_when_opened(tmp_path):
    """Opening only reads when the store is complete; one written before ``run_meta`` existed
    (same format) gets the table, so a run's analysis settings can be stored in it."""
    import sqlite3

    db = tmp_path / "old.sqlite"
    with ResultStore(db) as s:
        rid = s.begin_run("run", [Variant("A", {}, {})], 1, 5, ["mon"])
    old = sqlite3.connect(db)
    old.execute("DROP TABLE run_meta")
    old.commit()
    old.close()
    with ResultStore(db) as s:
        s.set_meta(rid, "stopping", {"reason": "fixed"})
        assert s.meta(rid, "stopping") == {"reason": "fixed"}


def test_a_killed_process_leaves_a_consistent_store_with_the_run_incomplete(tmp_path):
    db = tmp_path / "runs.sqlite"
    code = textwrap.dedent(f"""
        import os
        from lobbysim.experiments.runner import Task, TaskResult, Variant
        from lobbysim.experiments.store import ResultStore
        s = ResultStore({str(db)!r})
        rid = s.begin_run("run", [Variant("A", {{}}, {{}})], 1, 5, ["mon"])
        s.add_result(rid, TaskResult(Task("A", "mon", 0, 1), {{"served": 10.0}}))
        os._exit(9)  # killed midway: no finish_run, no close
    """)
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 9, res.stderr
    with ResultStore(db) as s:
        (run,) = s.runs()
        assert run["status"] == "incomplete"
        assert s.kpi_table(run["id"])["A"]["mon"]["served"] == [10.0]


def test_not_a_store(tmp_path):
    p = tmp_path / "x.sqlite"
    p.write_text("hello, not sqlite")
    with pytest.raises(FileReadError, match="not a lobbysim result store"):
        ResultStore(p)
    with pytest.raises(FileReadError, match="directory"):
        ResultStore(tmp_path)
    with pytest.raises(FileReadError, match="folder does not exist"):
        ResultStore(tmp_path / "no" / "x.sqlite")
