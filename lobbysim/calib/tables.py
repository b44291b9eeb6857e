"""Reading a queue-machine export as a stream of rows: CSV in any of the encodings Chinese
vendors write (UTF-8, UTF-8 with BOM, GBK, GB18030; detected and reported), or an XLSX/XLS
sheet (python-calamine, much faster than openpyxl's read-only mode).

A CSV is streamed row by row (a 500 MB export never sits in memory); a spreadsheet is read
by calamine and handed out row by row. Errors are one-line :class:`FileReadError`s.
"""

from __future__ import annotations

import codecs
import csv
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lobbysim.errors import FileReadError

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
#: how much of a CSV decides its encoding
SNIFF_BYTES = 256 * 1024
csv.field_size_limit(1 << 24)


@dataclass
class Table:
    """One sheet of one file: ``rows`` yields the data rows after the header row."""

    path: str
    kind: str  # 'csv' or 'spreadsheet'
    encoding: str  # 'UTF-8', 'UTF-8 with BOM', 'GBK', 'GB18030' or 'spreadsheet'
    header: list[str]
    header_row: int  # 1-based row number of the header in the file
    rows: Iterator[list] = field(repr=False)
    sheet: str = ""


def detect_encoding(raw: bytes) -> tuple[str, str]:
    """(Python codec, name to show) for the first bytes of a text file."""
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "UTF-8 with BOM"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "UTF-16"
    for codec, name in (("utf-8", "UTF-8"), ("gbk", "GBK"), ("gb18030", "GB18030")):
        try:
            codecs.getincrementaldecoder(codec)().decode(raw, final=False)
        except UnicodeDecodeError:
            continue
        return codec, name
    return "", ""


def open_table(path: str | os.PathLike, header_finder) -> Table:
    """Open a CSV or spreadsheet. ``header_finder(rows)`` gets the first rows (lists of text)
    and returns the index of the header row among them, or None when none looks like one."""
    p = Path(path)
    if not p.exists():
        raise FileReadError("no such file", path=str(p))
    if p.is_dir():
        raise FileReadError("is a directory, not a queue log", path=str(p))
    if p.suffix.lower() in SPREADSHEET_SUFFIXES:
        return _open_spreadsheet(p, header_finder)
    return _open_csv(p, header_finder)


def _not_a_table(p: Path, why: str) -> FileReadError:
    return FileReadError(f"is not a table ({why}); expected a CSV, XLSX or XLS queue-machine export", path=str(p))


def _open_csv(p: Path, header_finder) -> Table:
    try:
        with open(p, "rb") as fh:
            raw = fh.read(SNIFF_BYTES)
    except OSError as exc:
        raise FileReadError(f"cannot be read ({exc.strerror or exc})", path=str(p)) from None
    if not raw.strip():
        raise FileReadError("is empty, not a queue log", path=str(p))
    if b"\x00" in raw[:4096] and not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        if raw.startswith(b"PK") or raw.startswith(b"\xd0\xcf\x11\xe0"):
            raise _not_a_table(p, "a spreadsheet with the wrong file name ending: rename it .xlsx or .xls")
        raise _not_a_table(p, "binary data")
    codec, shown = detect_encoding(raw)
    if not codec:
        raise _not_a_table(p, "text in no encoding we know: UTF-8, GBK or GB18030")
    sample = codecs.getincrementaldecoder(codec)().decode(raw, final=False)
    delim = _delimiter(sample)
    head = list(csv.reader(sample.splitlines()[:12], delimiter=delim))
    idx = header_finder(head)
    if idx is None:
        raise _not_a_table(p, "no header row with queue-log columns such as 取号时间 or 业务类型 in its first rows")
    header = [h.strip() for h in head[idx]]
    return Table(str(p), "csv", shown, header, idx + 1, _csv_rows(p, codec, delim, idx + 1))


def _delimiter(sample: str) -> str:
    first = next((ln for ln in sample.splitlines() if ln.strip()), "")
    counts = {d: first.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(p: Path, codec: str, delim: str, skip: int) -> Iterator[list]:
    try:
        with open(p, encoding=codec, newline="", errors="strict") as fh:
            reader = csv.reader(fh, delimiter=delim)
            for _ in range(skip):
                next(reader, None)
            yield from reader
    except UnicodeDecodeError:
        raise FileReadError(
            f"changes encoding part-way (not {codec.upper()} throughout); save it again in one encoding", path=str(p)
        ) from None
    except csv.Error as exc:
        raise _not_a_table(p, f"broken CSV: {exc}") from None
    except OSError as exc:
        raise FileReadError(f"cannot be read ({exc.strerror or exc})", path=str(p)) from None


def _open_spreadsheet(p: Path, header_finder) -> Table:
    try:
        from python_calamine import CalamineWorkbook

        wb = CalamineWorkbook.from_path(str(p))
        names = list(wb.sheet_names)
    except Exception as exc:  # calamine raises its own error types for a broken or encrypted file
        raise _not_a_table(p, f"the spreadsheet cannot be opened: {str(exc).splitlines()[0][:120]}") from None
    for name in names:
        try:
            sheet = wb.get_sheet_by_name(name)
            rows = sheet.iter_rows()
            head = [list(r) for _, r in zip(range(12), rows)]
        except Exception as exc:
            raise _not_a_table(p, f"sheet '{name}' cannot be read: {str(exc).splitlines()[0][:120]}") from None
        idx = header_finder([[_cell_text(c) for c in r] for r in head])
        if idx is None:
            continue
        header = [_cell_text(c).strip() for c in head[idx]]
        return Table(str(p), "spreadsheet", "spreadsheet", header, idx + 1, _sheet_rows(head[idx + 1 :], rows), name)
    raise _not_a_table(p, "no sheet has a header row with queue-log columns such as 取号时间 or 业务类型")


def _sheet_rows(first: list, rest) -> Iterator[list]:
    yield from first
    for r in rest:
        yield list(r)


def _cell_text(c) -> str:
    if c is None:
        return ""
    if isinstance(c, float) and c.is_integer():
        return str(int(c))
    return str(c)
