"""Render the README's editor screenshots into docs/img (offscreen; about a minute).

    QT_QPA_PLATFORM=offscreen python3 tools/screenshots.py [--out docs/img]

Editor on both samples in both languages, a simulated Monday with the KPI table and replay
markers, the result overlays, the Results dock, the compare dialog with three variants and the
post-assignment search, the scenario editor (demand in English, the staff roster in Chinese).
Look at the images before committing them.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BEFORE = str(ROOT / "layouts/railway_station/before.lobby.json")
AFTER = str(ROOT / "layouts/railway_station/after.lobby.json")
SCENARIO = ROOT / "layouts/railway_station/scenario.json"
SIZE = (1366, 768)  # a consultant's laptop


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "docs/img"))
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("LOBBYSIM_CONFIG_DIR", tempfile.mkdtemp(prefix="lobbysim-shots-"))

    from PySide6.QtCore import QEventLoop, QTimer

    from lobbysim.experiments.runner import LocalPoolExecutor
    from lobbysim.model.fileformat import load_layout
    from lobbysim.ui.editor_window import EditorWindow
    from lobbysim.ui.qt_app import ensure_app
    from lobbysim.ui.sim_panel import VariantSpec

    app = ensure_app()
    pool = LocalPoolExecutor(2, start_method="forkserver")

    def wait(cond, timeout_ms=300_000):
        loop, timer, waited = QEventLoop(), QTimer(), [0]

        def tick():
            waited[0] += 50
            if cond() or waited[0] > timeout_ms:
                loop.quit()

        timer.timeout.connect(tick)
        timer.start(50)
        loop.exec()
        timer.stop()

    def window(path, lang):
        w = EditorWindow(load_layout(path), path, lang=lang)
        w.ask_discard = lambda: True
        w.jobs.use_executor(pool)
        w.resize(*SIZE)
        w.show()
        app.processEvents()
        w.view.fit()
        app.processEvents()
        return w

    def save(widget, name):
        app.processEvents()
        if isinstance(widget, EditorWindow):
            widget.view.fit()  # the docks may have changed the canvas' size since it was fitted
            app.processEvents()
        widget.grab().save(str(out / name))
        print(out / name)

    try:
        for path, lang, name in (
            (BEFORE, "zh", "editor_before_zh.png"),
            (BEFORE, "en", "editor_before_en.png"),
            (AFTER, "zh", "editor_after_zh.png"),
            (AFTER, "en", "editor_after_en.png"),
        ):
            w = window(path, lang)
            save(w, name)
            w.close()

        # a simulated Monday on the after-layout: KPI table, replay at 10:30, then the overlays
        w = window(AFTER, "en")
        w.sim.reps.setValue(5)
        w.sim.run()
        wait(lambda: not w.sim.running)
        w.replay.slider.setValue(10 * 3600 + 1800)
        w.docks["Simulate"].raise_()
        save(w, "editor_results_replay.png")
        w.replay.slider.setValue(int(w.replay.current.start))
        for key in ("heat", "flows", "staff"):
            w.result_overlays.set_enabled(key, True)
        save(w, "overlays.png")
        w.close()

        # before vs after vs after on a busier day, in Chinese: the Results dock and the compare dialog
        busy = json.loads(SCENARIO.read_text(encoding="utf-8"))
        busy["arrivals"]["per_day"] = 330
        busy_path = Path(tempfile.mkdtemp(prefix="lobbysim-shots-")) / "busy_monday.json"
        busy_path.write_text(json.dumps(busy, ensure_ascii=False), encoding="utf-8")
        w = window(BEFORE, "zh")
        dlg = w.open_compare()
        dlg.add(VariantSpec(AFTER, None, "改造后"))
        dlg.add(VariantSpec(AFTER, str(busy_path), "改造后·330人"))
        dlg.table.item(0, 0).setText("改造前")
        w.sim.reps.setValue(5)
        dlg.compare()
        wait(lambda: not w.sim.running)
        save(dlg, "compare_variants_zh.png")
        dlg.close()
        w.results.setFloating(True)  # a floating Results dock opens at the size of a chart page
        w.results.resize(1200, 820)
        save(w.results, "results_view.png")
        w.close()

        # the post-assignment search on the after-layout
        w = window(AFTER, "zh")
        ad = w.open_assign()
        ad.reps.setValue(3)
        ad.search()
        wait(lambda: ad.result is not None and not w.sim.running)
        save(ad, "assign_posts_zh.png")
        w.close()

        # the scenario editor on the sample scenario: demand in English, the staff roster in Chinese
        for lang, tab, name in (("en", 1, "scenario_editor.png"), ("zh", 0, "scenario_editor_zh.png")):
            w = window(AFTER, lang)
            ed = w.scenario_editor.open()
            ed.tabs.setCurrentIndex(tab)
            save(w.scenario_editor.dialog, name)
            w.close()
    finally:
        pool.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
