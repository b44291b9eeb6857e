"""`lobbysim runs --db` on a file that is not a result store (issue 17 item 10)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from lobbysim.cli import main

ROOT = Path(__file__).resolve().parents[1]
AFTER = str(ROOT / "layouts/railway_station/after.lobby.json")
SCEN = str(ROOT / "layouts/railway_station/scenario.json")


def test_runs_on_a_records_file_says_what_the_file_is_and_leaves_it_alone(tmp_path, capsys):
    """Before: sqlite3.OperationalError: no such column: id (and a 'meta' table written into the file)."""
    rec = tmp_path / "records.sqlite"
    assert main(["run", AFTER, "--scenario", SCEN, "--reps", "1", "--db", str(rec)]) == 0
    before = rec.read_bytes()
    capsys.readouterr()
    assert main(["runs", "--db", str(rec)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        f"lobbysim: {rec}: is a records file written by 'lobbysim run --db' (the records of one run), not a result "
        "store; open it with SQLite, or store runs with 'lobbysim compare/assign/sweep --db FILE'"
    )
    assert rec.read_bytes() == before
    assert main(["runs", "--db", str(rec), "--show", "1"]) == 2


def test_runs_on_another_sqlite_file_is_refused(tmp_path, capsys):
    other = tmp_path / "other.sqlite"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (a)")
    con.commit()
    con.close()
    assert main(["runs", "--db", str(other)]) == 2
    assert capsys.readouterr().err.strip() == f"lobbysim: {other}: is an SQLite file but not a lobbysim result store"


_connect = sqlite3.connect


class _OtherProcessFirst:
    """A connection to a new store during whose opening another process creates the same store:
    right after this one first looks for the store's format, the other has written it."""

    def __init__(self, path, **kw):
        self._con = _connect(path, **kw)
        self._path = path

    def execute(self, sql, *args):
        cur = self._con.execute(sql, *args)
        if sql.startswith("SELECT value FROM meta") and not getattr(self, "_done", False):
            self._done = True
            other = _connect(self._path)
            with other:
                other.execute("INSERT OR IGNORE INTO meta VALUES ('format', 'lobbysim.results/1')")
            other.close()
        return cur

    def __getattr__(self, name):
        return getattr(self._con, name)

    def __enter__(self):
        return self._con.__enter__()

    def __exit__(self, *exc):
        return self._con.__exit__(*exc)


def test_a_store_created_by_another_process_at_the_same_moment_opens(tmp_path, monkeypatch):
    """Two commands starting together on a fresh store (or a test watching a run begin) raced:
    'is not a usable result store (UNIQUE constraint failed: meta.key)' (seen under one loaded core)."""
    from lobbysim.experiments import store

    monkeypatch.setattr(store.sqlite3, "connect", _OtherProcessFirst)
    with store.ResultStore(tmp_path / "new.sqlite") as s:
        assert s.runs() == []
