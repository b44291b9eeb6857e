"""Tables to CSV and XLSX (openpyxl), written atomically."""

from __future__ import annotations

import csv
import io
import math

from lobbysim.model.jsonio import atomic_write_bytes, atomic_write_text


def _cell(v: object) -> object:
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def write_csv(path: str, header: list, rows: list[list]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(["" if _cell(c) is None else c for c in r])
    # BOM so that Excel opens Chinese text as UTF-8
    atomic_write_text(path, "\ufeff" + buf.getvalue())


def write_xlsx(path: str, sheets: dict[str, tuple[list, list[list]]]) -> None:
    """One worksheet per table: {sheet name: (header, rows)}."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    for name, (header, rows) in sheets.items():
        ws = wb.create_sheet(_sheet_name(name, wb.sheetnames))
        ws.append(list(header))
        for c in ws[1]:
            c.font = Font(bold=True)
        col = list(header).index("verdict") if "verdict" in header else len(header) - 1
        for r in rows:
            ws.append([_cell(c) for c in r])
            verdict = str(r[col]) if len(r) > col else ""
            if verdict in ("better", "worse"):
                fill = PatternFill("solid", fgColor="C6EFCE" if verdict == "better" else "FFC7CE")
                for c in ws[ws.max_row]:
                    c.fill = fill
        for i, h in enumerate(header, start=1):
            width = max([len(str(h))] + [len(str(r[i - 1])) for r in rows if i - 1 < len(r)]) + 2
            ws.column_dimensions[get_column_letter(i)].width = min(60, width)
        ws.freeze_panes = "B2"
    atomic_write_bytes(path, wb.save)


def _sheet_name(name: str, taken: list[str]) -> str:
    bad = "[]:*?/\\"
    base = "".join("_" if ch in bad else ch for ch in name)[:31] or "Sheet"
    out, n = base, 2
    while out in taken:
        out = f"{base[:28]}_{n}"
        n += 1
    return out
