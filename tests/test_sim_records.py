"""The record tables: samples kept as columns read like lists of rows, and say what the customer
records say."""

import pickle
import sqlite3
from dataclasses import astuple
from pathlib import Path

import pytest

from lobbysim.experiments.store import records_from_blob, records_to_blob
from lobbysim.model.fileformat import load_layout
from lobbysim.sim import simulate
from lobbysim.sim.records import Columns, CustomerRecord, OccupancySample, QueueSample, Records, row_tuples
from lobbysim.sim.scenario import load_scenario
from lobbysim.sim.sqlite import write_records
from lobbysim.sim.testing import mmc_scenario, tiny_layout


def test_columns_read_like_a_list_of_rows():
    rows = [QueueSample(1.0, "tickets", 2), QueueSample(2.5, "tickets", 0), QueueSample(3.0, "smart1", 1)]
    t = Columns(QueueSample, rows)
    assert len(t) == 3 and bool(t) and not Columns(QueueSample)
    assert list(t) == rows and t == rows and t == Columns(QueueSample, rows)
    assert t[0] == rows[0] and t[-1].queue == "smart1" and t[1:] == rows[1:]
    assert type(t[0]) is QueueSample and all(type(r) is QueueSample for r in t)
    assert t.column("length") == [2, 0, 1]
    assert list(row_tuples(t)) == [(1.0, "tickets", 2), (2.5, "tickets", 0), (3.0, "smart1", 1)]
    t += [QueueSample(4.0, "tickets", 5)]
    t.append(QueueSample(5.0, "tickets", 4))
    assert [r.time for r in t] == [1.0, 2.5, 3.0, 4.0, 5.0]
    assert pickle.loads(pickle.dumps(t)) == t
    with pytest.raises(ValueError, match="QueueSample row has 3 fields"):
        t.append((6.0, "tickets"))  # type: ignore[arg-type]
    assert t != Columns(OccupancySample)


def test_row_tuples_of_dataclass_rows_are_their_values_in_field_order():
    c = CustomerRecord(3, "cash", "vip", 32400.5, "door", ticket_number=7, walk_m=2.5)
    assert list(row_tuples([c, c])) == [astuple(c), astuple(c)]


def test_records_given_lists_of_samples_keep_them_as_columns():
    occ = [OccupancySample(0.0, 1, 1, 0), OccupancySample(9.0, 0, 0, 0)]
    rec = Records("mon", 1, 0, 0.0, 10.0, queues=[QueueSample(0.0, "tickets", 1)], occupancy=occ)
    assert isinstance(rec.queues, Columns) and isinstance(rec.occupancy, Columns)
    assert rec.occupancy == occ and rec.queues[0].length == 1
    back = records_from_blob(records_to_blob(rec))
    assert back.occupancy == occ and back == rec


def _count(pairs, t):
    """How many (start, end) spans hold time ``t`` (end None: still open)."""
    return sum(1 for a, b in pairs if a <= t and (b is None or t < b))


def test_samples_follow_the_customer_records(tmp_path):
    # the ticket queue after every change = customers holding a ticket not yet called; the
    # customers inside = arrived and not yet left: the samples say what the customer rows say
    rec = simulate(tiny_layout(3, ticket=False, desk=False), mmc_scenario(3, 0.9, 1.0, 3), "mon", 4, 1)
    cs = rec.customers
    assert len(cs) > 400 and len(rec.queues) > 300
    waiting = [(c.ticket_time, c.service_start) for c in cs]
    lengths = [q.length for q in rec.queues]
    assert {q.queue for q in rec.queues} == {"tickets"} and max(lengths) >= 5
    assert lengths == [_count(waiting, q.time) for q in rec.queues]
    times = [q.time for q in rec.queues]
    assert times == sorted(times) and len(set(times)) == len(times)
    inside = [(c.arrival, c.departure) for c in cs]
    assert [o.inside for o in rec.occupancy] == [_count(inside, o.time) for o in rec.occupancy]
    assert all(o.seated == o.standing == 0 for o in rec.occupancy)  # no seats; a passive customer does not stand
    # the SQLite export holds the same rows, in order
    write_records([rec], tmp_path / "r.sqlite")
    con = sqlite3.connect(tmp_path / "r.sqlite")
    got = con.execute("SELECT time, queue, length FROM queues ORDER BY rowid").fetchall()
    assert got == [tuple(q) for q in rec.queues]
    got = con.execute("SELECT time, inside, seated, standing FROM occupancy ORDER BY rowid").fetchall()
    assert got == [tuple(o) for o in rec.occupancy]


def test_occupancy_follows_the_customer_records_on_the_sample():
    # walking, balking, greeting and seats: customers leave and arrive at the same instant
    root = Path(__file__).resolve().parents[1] / "layouts" / "railway_station"
    rec = simulate(load_layout(root / "after.lobby.json"), load_scenario(root / "scenario.json"), "mon", 3, 0)
    inside = [(c.arrival, c.departure) for c in rec.customers]
    assert [o.inside for o in rec.occupancy] == [_count(inside, o.time) for o in rec.occupancy]
    assert all(o.seated + o.standing <= o.inside for o in rec.occupancy)
    assert max(o.seated for o in rec.occupancy) > 0


def test_staff_spans_follow_the_customer_records():
    # every service is one 'serve' span of the teller at that counter, from the start of the
    # service to its end; a person's spans follow one another without overlap; people in roster order
    rec = simulate(tiny_layout(3, ticket=False, desk=False), mmc_scenario(3, 0.8, 1.0, 2), "mon", 2, 0)
    assert isinstance(rec.staff, Columns) and len(rec.staff) > 200
    serve = {(a.customer_id, a.place, a.start, a.end) for a in rec.staff if a.activity == "serve"}
    served = {(c.customer_id, c.fixture_id, c.service_start, c.service_end) for c in rec.customers}
    assert serve == served and len(served) == len(rec.customers)
    ids = [a.staff_id for a in rec.staff]
    assert ids == sorted(ids, key=list(rec.roster).index)
    for sid in rec.roster:
        spans = [a for a in rec.staff if a.staff_id == sid]
        assert {a.role for a in spans} == {rec.roster[sid]}
        assert all(a.start < a.end <= b.start for a, b in zip(spans, spans[1:]))
    assert {a.activity for a in rec.staff} == {"serve", "idle"}
    assert rec.staff[3] == next(iter(rec.staff[3:])) and rec.staff.column("end")[3] == rec.staff[3].end
