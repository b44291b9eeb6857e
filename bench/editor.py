"""Benchmark of the editor, offscreen.

  redraw_2000_ms         paint the whole plan of 2,000 elements once (1600x1000 pixels)
  rebuild_items_2000_ms  build every item of that plan from the model (opening a file)
  edit_to_readout_ms  move a counter (one undo command) until the walking read-out is updated
Medians of repeated runs. Usage: python bench/editor.py [--json] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]


def big_layout(n: int = 2000):
    from lobbysim.model.elements import Boundary, Entrance, Fixture, SeatBlock
    from lobbysim.model.layout import Layout

    side = int(n**0.5) + 1
    els = [
        Boundary("b", polygon=((0, 0), (side * 2.0, 0), (side * 2.0, side * 2.0), (0, side * 2.0))),
        Entrance("door", a=(1, 0), b=(3, 0)),
    ]
    kinds = ["cash_counter", "smart_counter", "self_service", "staff_desk"]
    i = 0
    while len(els) < n:
        x, y = 1.0 + 2.0 * (i % side), 1.0 + 2.0 * (i // side)
        if i % 5 == 4:
            els.append(SeatBlock(f"s{i}", x=x, y=y, rows=1, seats_per_row=2))
        else:
            els.append(Fixture(f"f{i}", fixture_kind=kinds[i % 4], x=x, y=y, width=0.8, depth=0.5))
        i += 1
    return Layout(els)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    from PySide6.QtGui import QImage, QPainter

    from lobbysim.model import commands as C
    from lobbysim.model.fileformat import load_layout
    from lobbysim.ui.editor_window import EditorWindow
    from lobbysim.ui.plan_scene import PlanScene
    from lobbysim.ui.qt_app import ensure_app

    app = ensure_app()
    scene = PlanScene(big_layout())
    img = QImage(1600, 1000, QImage.Format_ARGB32)
    redraw, rebuild = [], []
    for _ in range(args.repeat):
        t = time.perf_counter()
        scene.rebuild()
        rebuild.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        p = QPainter(img)
        scene.render(p)
        p.end()
        redraw.append((time.perf_counter() - t) * 1000)

    w = EditorWindow(load_layout(ROOT / "layouts/railway_station/after.lobby.json"))
    w.show()
    app.processEvents()
    w.refresh_walking()
    edit = []
    dx = 0.3
    for _ in range(args.repeat):
        t = time.perf_counter()
        w.push(C.move_elements(w.layout, ["cash3"], dx, 0.0))
        w.refresh_walking()  # what the debounced timer calls
        app.processEvents()
        edit.append((time.perf_counter() - t) * 1000)
        dx = -dx
    w.undo_stack.setClean()
    w.close()
    res = {
        "redraw_2000_ms": round(statistics.median(redraw), 1),
        "rebuild_items_2000_ms": round(statistics.median(rebuild), 1),
        "edit_to_readout_ms": round(statistics.median(edit), 1),
        "elements": len(scene.layout),
        "targets_met": statistics.median(redraw) <= 30 and statistics.median(edit) <= 50,
    }
    print(json.dumps(res) if args.json else "\n".join(f"{k:>20}: {v}" for k, v in res.items()))


if __name__ == "__main__":
    main()
