"""Leadership report: pages, glyphs, figures built from records, shared scales, bad input."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import numpy as np
import pytest

from lobbysim.cli import main
from lobbysim.experiments.experiment import load_variant
from lobbysim.model.fileformat import load_layout
from lobbysim.report import figures as F
from lobbysim.report.document import make_report
from lobbysim.sim import simulate
from lobbysim.sim.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]
BEFORE = str(ROOT / "layouts/railway_station/before.lobby.json")
AFTER = str(ROOT / "layouts/railway_station/after.lobby.json")
SCEN = str(ROOT / "layouts/railway_station/scenario.json")


def _pdf_pages(path: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", path.read_bytes()))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_pages_png_svg_and_no_missing_glyphs(tmp_path, lang):
    a, b = load_variant("A", BEFORE, SCEN), load_variant("B", AFTER, SCEN)
    out = tmp_path / "report.pdf"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing" is a UserWarning: it would fail here
        res = make_report(a, b, ["mon"], 2, 3, out, lang=lang, png_dir=tmp_path / "png", svg_dir=tmp_path / "svg")
    # title, plans, six figures for the day, findings
    assert res["pages"] == 9 and _pdf_pages(out) == 9
    pngs = sorted(p.stem for p in (tmp_path / "png").glob("*.png"))
    assert pngs == sorted(res["figures"]) and len(list((tmp_path / "svg").glob("*.svg"))) == 9
    assert res["findings"]


@pytest.fixture(scope="module")
def sample():
    la, lb = load_layout(BEFORE), load_layout(AFTER)
    sc = load_scenario(SCEN)
    ra = [simulate(la, sc, "mon", 5, r) for r in range(2)]
    rb = [simulate(lb, sc, "mon", 5, r) for r in range(2)]
    return la, lb, ra, rb


def _png(fig) -> np.ndarray:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()


def test_figures_change_when_their_records_change(sample):
    la, lb, ra, rb = sample
    with F.style():
        base = _png(F.figure_customer_flow([la, lb], [ra, rb], ["A", "B"], "en"))
        fewer = [r for r in ra]
        import copy

        cut = copy.deepcopy(ra[0])
        cut.walks = [w for w in cut.walks if w.actor != "customer" or w.group != "cash"]
        changed = _png(F.figure_customer_flow([la, lb], [[cut, fewer[1]], rb], ["A", "B"], "en"))
        assert (base != changed).any()
        w1 = _png(F.figure_waits([ra, rb], ["A", "B"], "en"))
        slow = copy.deepcopy(ra[0])
        for c in slow.customers:
            if c.service_start is not None:
                c.service_start += 300
        w2 = _png(F.figure_waits([[slow, ra[1]], rb], ["A", "B"], "en"))
        assert (w1 != w2).any()
    assert F.customer_flows([cut]) != F.customer_flows([ra[0]])
    assert F.staff_time_use([ra[0]]) != F.staff_time_use([rb[0]])


def test_side_by_side_figures_share_scale_and_colour_range(sample):
    la, lb, ra, rb = sample
    with F.style():
        fig = F.figure_heatmaps([la, lb], [ra, rb], ["A", "B"], "en")
        plan_axes = fig.axes[:2]
        assert plan_axes[0].get_xlim() == plan_axes[1].get_xlim() and plan_axes[0].get_ylim() == plan_axes[1].get_ylim()
        ims = [ax.images[0] for ax in plan_axes]
        assert ims[0].norm.vmin == ims[1].norm.vmin and ims[0].norm.vmax == ims[1].norm.vmax
        fig2 = F.figure_customer_flow([la, lb], [ra, rb], ["A", "B"], "en")
        assert fig2.axes[0].get_xlim() == fig2.axes[1].get_xlim()
    grid = F.occupancy_grid(lb, rb, F.plan_extent(la, lb))
    assert grid.sum() > 0


def test_a_layout_without_posts_still_draws(sample):
    la, _, ra, _ = sample
    assert not la.posts()
    with F.style():
        fig = F.figure_plans([la], ["before"], "zh")
        _png(fig)


def test_bad_report_input(tmp_path, capsys):
    # an unwritable output path: clear message, nothing written
    out = tmp_path / "missing" / "r.pdf"
    assert main(["report", BEFORE, AFTER, "--scenario", SCEN, "--days", "mon", "--reps", "1", "--out", str(out)]) == 2
    assert "folder does not exist" in capsys.readouterr().err and not out.exists()
    # a day with no customers: no partial file
    doc = json.loads(Path(SCEN).read_text("utf-8"))
    doc["arrivals"]["day_factors"]["sun"] = 0.0
    empty = tmp_path / "empty.scenario.json"
    empty.write_text(json.dumps(doc), "utf-8")
    out = tmp_path / "r.pdf"
    code = main(["report", BEFORE, AFTER, "--scenario", str(empty), "--days", "sun", "--reps", "1", "--out", str(out)])
    err = capsys.readouterr().err
    assert code in (1, 2) and "Traceback" not in err and not out.exists()
    assert list(tmp_path.glob("*.pdf")) == [] and list(tmp_path.glob(".*")) == []
