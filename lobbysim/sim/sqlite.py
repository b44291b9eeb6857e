"""Write simulation records to an SQLite file (``lobbysim run --db OUT.sqlite``).

One table per record type (customers, staff, walks, queues, occupancy, contacts, calls,
positions), each with the columns of its record plus ``day``, ``replication`` and ``seed``,
and a ``runs`` table describing each replication. Walk paths are stored as JSON text.
"""

from __future__ import annotations

import json
import sqlite3

from lobbysim.model.jsonio import atomic_write_bytes

from .records import RECORD_TABLES, record_fields, row_tuples


def _sqltype(name: str, cls) -> str:
    ann = str(cls.__annotations__.get(name, ""))
    if "bool" in ann or "int" in ann:
        return "INTEGER"
    if "float" in ann:
        return "REAL"
    return "TEXT"


def write_records(records_list, path) -> None:
    """Write a list of Records (one per replication/day) into a new SQLite file at ``path``."""

    def writer(tmp):
        con = sqlite3.connect(tmp)
        try:
            con.execute(
                "CREATE TABLE runs (run INTEGER, day TEXT, replication INTEGER, seed INTEGER, "
                "layout TEXT, open_time REAL, close_time REAL, end_time REAL)"
            )
            for table, cls in RECORD_TABLES.items():
                cols = record_fields(cls)
                decl = ", ".join(f'"{c}" {_sqltype(c, cls)}' for c in cols)
                con.execute(f"CREATE TABLE {table} (run INTEGER, day TEXT, replication INTEGER, {decl})")
            for run, rec in enumerate(records_list):
                con.execute(
                    "INSERT INTO runs VALUES (?,?,?,?,?,?,?,?)",
                    (
                        run,
                        rec.day,
                        rec.replication,
                        rec.seed,
                        rec.layout_name,
                        rec.open_time,
                        rec.close_time,
                        rec.end_time,
                    ),
                )
                for table, cls in RECORD_TABLES.items():
                    rows = getattr(rec, table)
                    if not rows:
                        continue
                    n = len(record_fields(cls))
                    ph = ",".join("?" * (n + 3))
                    con.executemany(
                        f"INSERT INTO {table} VALUES ({ph})",
                        [(run, rec.day, rec.replication) + tuple(_cell(v) for v in r) for r in row_tuples(rows)],
                    )
            con.commit()
        finally:
            con.close()

    atomic_write_bytes(path, writer)


def _cell(v):
    if isinstance(v, (tuple, list)):
        return json.dumps(v)
    return v
