"""The result store: an SQLite file of runs that can be reopened without re-running.

A run records what went in (each input file's path, SHA-256 and content), the seed, the
replications, the days, the lobbysim version and the time; what came out (every KPI of every
replication, per fixture and per staff member); and, for chosen replications, the full
records. Results are written as they arrive, each in its own transaction, so a run that is
interrupted (Ctrl-C, a killed worker, a killed process) leaves a consistent store in which
the run is marked incomplete.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import os
import re
import sqlite3
import zlib
from pathlib import Path
from typing import Any

from lobbysim import __version__
from lobbysim.errors import FileReadError, LobbysimError

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    created TEXT NOT NULL,
    finished TEXT,
    status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'incomplete')),
    lobbysim_version TEXT NOT NULL,
    seed INTEGER NOT NULL,
    reps INTEGER NOT NULL,
    days TEXT NOT NULL,
    command TEXT NOT NULL DEFAULT '',
    pid INTEGER,
    note TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS inputs (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    variant TEXT NOT NULL,
    role TEXT NOT NULL,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    content TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (run_id, variant, role)
);
CREATE TABLE IF NOT EXISTS kpi_values (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    variant TEXT NOT NULL, day TEXT NOT NULL, rep INTEGER NOT NULL,
    scope TEXT NOT NULL, item TEXT NOT NULL, kpi TEXT NOT NULL, value REAL,
    PRIMARY KEY (run_id, variant, day, rep, scope, item, kpi)
);
CREATE TABLE IF NOT EXISTS run_meta (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    key TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (run_id, key)
);
CREATE TABLE IF NOT EXISTS records (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    variant TEXT NOT NULL, day TEXT NOT NULL, rep INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (run_id, variant, day, rep)
);
"""

STORE_FORMAT = "lobbysim.results/1"


def _now() -> str:
    return _dt.datetime.now().astimezone().isoformat(timespec="seconds")


#: the tables of a complete store (a store written before one was added gets it when opened)
_TABLES = frozenset(re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", SCHEMA))


def _format_of(db: sqlite3.Connection) -> tuple | None:
    """The store's format row when it has every table of ``SCHEMA``, else None (a new store, or
    one written before a table was added); only reads."""
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables >= _TABLES:
        return None
    return db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()


def _refuse_other_sqlite(db: sqlite3.Connection, path: str) -> None:
    """An SQLite file with tables but none of the store's is another kind of file: say which,
    before anything is written into it (``lobbysim run --db`` writes a records file)."""
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables or "meta" in tables:
        return
    db.close()
    if {"runs", "customers", "staff"} <= tables:
        raise FileReadError(
            "is a records file written by 'lobbysim run --db' (the records of one run), not a result store; "
            "open it with SQLite, or store runs with 'lobbysim compare/assign/sweep --db FILE'",
            path=path,
        )
    raise FileReadError("is an SQLite file but not a lobbysim result store", path=path)


class ResultStore:
    def __init__(self, path: str | os.PathLike):
        self.path = str(path)
        p = Path(path)
        if p.is_dir():
            raise FileReadError("is a directory, not a result store", path=self.path)
        if p.exists() and p.stat().st_size > 0:
            with open(p, "rb") as f:
                if f.read(16) != b"SQLite format 3\x00":
                    raise FileReadError("is not a lobbysim result store (not an SQLite file)", path=self.path)
        if not p.parent.is_dir():
            raise FileReadError("cannot be created: the folder does not exist", path=self.path)
        try:
            self.db = sqlite3.connect(self.path, timeout=30)
            _refuse_other_sqlite(self.db, self.path)
            self.db.execute("PRAGMA foreign_keys = ON")
            row = _format_of(self.db)
            if row is None:  # a new or older store: only then write (a reader must not queue for the writer's lock)
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.executescript(SCHEMA)
                # OR IGNORE: another process may be creating the same new store at this moment
                # (two commands at once; a reader watching a run begin)
                with self.db:
                    self.db.execute("INSERT OR IGNORE INTO meta VALUES ('format', ?)", (STORE_FORMAT,))
                row = _format_of(self.db)
            if row is None:
                raise FileReadError("is a result store without its format row", path=self.path)
            if row[0] != STORE_FORMAT:
                raise FileReadError(f"is a result store of format {row[0]}, expected {STORE_FORMAT}", path=self.path)
        except sqlite3.DatabaseError as exc:
            raise FileReadError(f"is not a usable result store ({exc})", path=self.path) from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- writing ----------------------------------------------------------------------------
    def begin_run(self, kind: str, variants, seed: int, reps: int, days, command: str = "") -> int:
        with self.db:
            cur = self.db.execute(
                "INSERT INTO runs (kind, created, status, lobbysim_version, seed, reps, days, command, pid)"
                " VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?)",
                (kind, _now(), __version__, int(seed), int(reps), json.dumps(list(days)), command, os.getpid()),
            )
            run_id = cur.lastrowid
            for v in variants:
                for role, doc, path in (
                    ("layout", v.layout_doc, v.layout_path),
                    ("scenario", v.scenario_doc, v.scenario_path),
                ):
                    text = json.dumps(doc, ensure_ascii=False, sort_keys=True)
                    import hashlib

                    sha = hashlib.sha256(_file_bytes(path) or text.encode()).hexdigest()
                    self.db.execute(
                        "INSERT INTO inputs VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (run_id, v.key, role, path or "", sha, text, v.label),
                    )
        assert run_id is not None, "SQLite gave the new run no id"
        return run_id

    def add_result(self, run_id: int, result) -> None:
        t = result.task
        rows = [(run_id, t.variant, t.day, t.rep, "branch", "", k, _num(v)) for k, v in result.kpis.items()]
        rows += [(run_id, t.variant, t.day, t.rep, "weight", "", k, _num(v)) for k, v in (result.weights or {}).items()]
        for scope, table in (
            ("fixture", result.per_fixture),
            ("staff", result.per_staff),
            ("business", result.per_business),
        ):
            for item, kp in (table or {}).items():
                for k, v in kp.items():
                    if isinstance(v, (int, float)):
                        rows.append((run_id, t.variant, t.day, t.rep, scope, str(item), k, _num(v)))
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO kpi_values VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
            if result.records is not None:
                self.db.execute(
                    "INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?, ?)",
                    (run_id, t.variant, t.day, t.rep, records_to_blob(result.records)),
                )

    def finish_run(
        self, run_id: int, complete: bool, note: str = "", *, reps: int | None = None, stopping=None
    ) -> None:
        """Mark the run complete or incomplete; a run that went on to a precision records the
        replications it took and why it stopped (``stopping``, see ``result.Stopping``)."""
        with self.db:
            self.db.execute(
                "UPDATE runs SET status = ?, finished = ?, note = ? WHERE id = ?",
                ("complete" if complete else "incomplete", _now(), note, run_id),
            )
            if reps is not None:
                self.db.execute("UPDATE runs SET reps = ? WHERE id = ?", (int(reps), run_id))
        if stopping is not None:
            self.set_meta(run_id, "stopping", stopping.to_dict())

    def set_meta(self, run_id: int, key: str, value) -> None:
        """Store a JSON value about a run (its analysis settings, how it stopped)."""
        with self.db:
            self.db.execute(
                "INSERT OR REPLACE INTO run_meta VALUES (?, ?, ?)", (run_id, key, json.dumps(value, ensure_ascii=False))
            )

    def meta(self, run_id: int, key: str):
        """A JSON value stored with ``set_meta`` (None when there is none, as in older runs)."""
        row = self.db.execute("SELECT value FROM run_meta WHERE run_id = ? AND key = ?", (run_id, key)).fetchone()
        return None if row is None else json.loads(row[0])

    # --- reading ------------------------------------------------------------------------------
    def runs(self) -> list[dict]:
        cols = [
            "id",
            "kind",
            "created",
            "finished",
            "status",
            "lobbysim_version",
            "seed",
            "reps",
            "days",
            "command",
            "pid",
            "note",
        ]
        out = []
        for row in self.db.execute(f"SELECT {', '.join(cols)} FROM runs ORDER BY id"):
            d = dict(zip(cols, row))
            d["days"] = json.loads(d["days"])
            if d["status"] == "running" and not _alive(d["pid"]):
                d["status"] = "incomplete"  # the process that ran it is gone (killed)
            d["variants"] = [
                r[0]
                for r in self.db.execute(
                    "SELECT DISTINCT variant FROM inputs WHERE run_id = ? ORDER BY variant", (d["id"],)
                )
            ]
            d["replications_stored"] = self.db.execute(
                "SELECT COUNT(*) FROM (SELECT DISTINCT variant, day, rep FROM kpi_values WHERE run_id = ?)", (d["id"],)
            ).fetchone()[0]
            out.append(d)
        return out

    def run_info(self, run_id: int) -> dict:
        for r in self.runs():
            if r["id"] == run_id:
                return r
        raise LobbysimError(f"there is no run {run_id}", path=self.path)

    def inputs(self, run_id: int) -> list[dict]:
        cols = ["variant", "role", "path", "sha256", "content", "label"]
        return [
            dict(zip(cols, r))
            for r in self.db.execute(
                f"SELECT {', '.join(cols)} FROM inputs WHERE run_id = ? ORDER BY variant, role", (run_id,)
            )
        ]

    def kpi_table(self, run_id: int, scope: str = "branch") -> dict:
        """variant -> day -> kpi (or (item, kpi)) -> list of values in replication order."""
        out: dict = {}
        for variant, day, rep, item, kpi, value in self.db.execute(
            "SELECT variant, day, rep, item, kpi, value FROM kpi_values WHERE run_id = ? AND scope = ?"
            " ORDER BY variant, day, rep",
            (run_id, scope),
        ):
            key = kpi if scope in ("branch", "weight") else (item, kpi)
            out.setdefault(variant, {}).setdefault(day, {}).setdefault(key, {})[rep] = value
        return {
            v: {d: {k: [reps[r] for r in sorted(reps)] for k, reps in kp.items()} for d, kp in days.items()}
            for v, days in out.items()
        }

    def records(self, run_id: int, variant: str, day: str, rep: int):
        row = self.db.execute(
            "SELECT data FROM records WHERE run_id = ? AND variant = ? AND day = ? AND rep = ?",
            (run_id, variant, day, rep),
        ).fetchone()
        return None if row is None else records_from_blob(row[0])


def _num(v):
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if f == f and abs(f) != float("inf") else None


def _file_bytes(path: str) -> bytes | None:
    try:
        return Path(path).read_bytes() if path else None
    except OSError:
        return None


def _alive(pid) -> bool:
    if not pid:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - someone else's process
        return True
    return True


# --- records as a compact blob ------------------------------------------------------------------
def records_to_blob(rec) -> bytes:
    from lobbysim.sim.records import RECORD_TABLES, record_fields, row_tuples

    d = {f.name: getattr(rec, f.name) for f in dataclasses.fields(rec) if f.name not in RECORD_TABLES}
    for name, cls in RECORD_TABLES.items():
        items = getattr(rec, name, None) or []
        cols = record_fields(cls)
        d[name] = {"columns": cols, "rows": [list(t) for t in row_tuples(items)]}
    return zlib.compress(json.dumps(d, ensure_ascii=False, separators=(",", ":")).encode(), 6)


def records_from_blob(blob: bytes):
    from lobbysim.sim.records import RECORD_TABLES, Records, record_fields

    d = json.loads(zlib.decompress(blob))
    kw: dict[str, Any] = {}
    for name, cls in RECORD_TABLES.items():
        t = d.pop(name, {"columns": [], "rows": []})
        items = []
        for row in t["rows"]:
            vals = dict(zip(t["columns"], row))
            for k, v in vals.items():
                if isinstance(v, list):  # tuples (points, paths) come back as lists
                    vals[k] = tuple(tuple(p) if isinstance(p, list) else p for p in v)
            known = set(record_fields(cls))
            items.append(cls(**{k: v for k, v in vals.items() if k in known}))
        kw[name] = items
    known = {f.name for f in dataclasses.fields(Records)}
    kw.update({k: v for k, v in d.items() if k in known})
    return Records(**kw)
