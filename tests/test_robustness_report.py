"""The report's "How robust are these findings?" pages and findings (issue 15), in zh and en."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from lobbysim.cli import main
from lobbysim.experiments.comparison import compare
from lobbysim.experiments.experiment import load_variant, run_experiment
from lobbysim.experiments.robustness import SHARE_KEYS, run_robustness
from lobbysim.experiments.runner import LocalPoolExecutor
from lobbysim.report.findings import findings
from lobbysim.report.page import style
from lobbysim.report.robustness import bilingual, param_label, robustness_pages, table_rows
from lobbysim.sim.kpis import KPI_INFO

ROOT = Path(__file__).resolve().parents[1]
BEFORE = str(ROOT / "layouts/railway_station/before.lobby.json")
AFTER = str(ROOT / "layouts/railway_station/after.lobby.json")
SCEN = str(ROOT / "layouts/railway_station/scenario.json")


@pytest.fixture(scope="module")
def run():
    """A small robustness run of the sample (its own ranges) and the comparison at the scenario's values."""
    a, b = load_variant("A", BEFORE, SCEN), load_variant("B", AFTER, SCEN)
    pool = LocalPoolExecutor(2)
    robust = run_robustness(a, b, ["mon"], 8, 2, 3, executor=pool)
    cmp = compare(run_experiment([a, b], ["mon"], 2, 3, executor=pool, keep_records="none"), "A", "B")
    pool.close()
    return {"robust": robust, "cmp": cmp, "doc": a.scenario_doc}


def test_the_base_verdicts_are_the_comparisons_and_the_findings_say_how_often_they_hold(run):
    robust, cmp = run["robust"], run["cmp"]
    kp = robust["days"]["mon"]["kpis"]
    for name, k in cmp["days"]["mon"]["kpis"].items():  # the same seed and replications as compare
        assert kp[name]["verdict"] == k["verdict"], name
        assert kp[name]["share_holds"] == kp[name][SHARE_KEYS[k["verdict"]]]
    for lang, pattern in (("en", r"holds in (\d+)% of plausible settings"), ("zh", r"在 (\d+)% 的合理参数设定下成立")):
        plain = findings(cmp, lang, KPI_INFO)
        with_robust = findings(cmp, lang, KPI_INFO, robust=robust)
        assert len(plain) == len(with_robust) and not any(re.search(pattern, s) for s in plain)
        vp = KPI_INFO["ops_vp_floor_share"][1 if lang == "zh" else 0]
        sentence = next(s for s in with_robust if s.startswith(vp))
        share = kp["ops_vp_floor_share"][SHARE_KEYS[cmp["days"]["mon"]["kpis"]["ops_vp_floor_share"]["verdict"]]]
        assert re.search(pattern, sentence).group(1) == f"{100 * share:.0f}"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_robustness_pages_show_the_results_numbers(run, tmp_path, lang):
    robust, doc = run["robust"], run["doc"]
    with warnings.catch_warnings(), style():
        warnings.simplefilter("error", UserWarning)  # a missing glyph fails here
        pages = robustness_pages(robust, lang, KPI_INFO, doc)
        for stem, fig in pages:
            FigureCanvasAgg(fig)
            fig.savefig(tmp_path / f"{stem}.png", dpi=60)
    stems = [s for s, _ in pages]
    assert stems[:2] == ["robustness", "mon_robustness_drivers"] and stems[2] == "robustness_ranges"
    # the ranges appendix: one row per input, 26 to a page
    assert len(stems) == 2 + -(-len(robust["inputs"]) // 26)
    fig = pages[0][1]
    texts = [t.get_text() for t in fig.findobj(Text)]
    texts += [c.get_text().get_text() for ax in fig.axes for tb in ax.tables for c in tb.get_celld().values()]
    title = "这些结论有多稳健？" if lang == "zh" else "How robust are these findings?"
    assert title in " ".join(texts)
    rows, _ = table_rows(robust, lang, KPI_INFO, doc)
    heads = robust["headline_kpis"]
    assert len(rows) == len(heads)
    for row, name in zip(rows, heads):
        e = robust["days"]["mon"]["kpis"][name]
        assert row[1] == KPI_INFO[name][1 if lang == "zh" else 0]
        assert row[3] == f"{100 * e['share_holds']:.0f}%" and row[3] in texts
    # the tornado page: one chart per headline KPI, titled by it
    titles = [ax.get_title(loc="left").replace("\n", " ") for ax in pages[1][1].axes if ax.get_title(loc="left")]
    assert len(titles) == len(heads)


def test_inputs_are_named_in_words():
    doc = {"business": [{"code": "cash", "name_zh": "存取款", "name_en": "Cash deposit / withdrawal"}]}
    step = "business[code=cash].steps_by_kind.cash_counter[name=counter authorisation 柜面授权].share"
    assert param_label(step, doc, "en") == "Cash deposit / withdrawal: share needing counter authorisation"
    assert param_label(step, doc, "zh") == "存取款：需柜面授权的比例"
    assert param_label("customers.patience.mean", doc, "zh") == "客户平均耐心"
    assert param_label("arrivals.hourly.shares[hour=10]", doc, "en") == "arrivals 10:00-10:59"
    assert param_label("policies.unknown.thing", doc, "en") == "policies.unknown.thing"
    assert bilingual("transaction 办理", "en") == "transaction" and bilingual("transaction 办理", "zh") == "办理"


def test_every_range_of_the_sample_is_named_in_words():
    """A consultant reads the inputs' names on the report's pages, never a dotted path."""
    doc = json.loads(Path(SCEN).read_text("utf-8"))
    for lang in ("zh", "en"):
        named = {param_label(p, doc, lang) for p in doc["ranges"]}
        assert not named & set(doc["ranges"]), lang
        assert len(named) == len(doc["ranges"]), lang  # no two inputs under one name


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_deck_gets_the_robustness_slides(run, tmp_path, lang):
    """The deck's findings, robustness and ranges slides (the other slides are the deck's own tests')."""
    from pptx import Presentation

    from lobbysim.model.fileformat import load_layout
    from lobbysim.report.deck import DeckFonts, write_deck
    from lobbysim.report.deck.builder import BULLET_INDENT_PT, Deck
    from lobbysim.report.deck.slides import Context, findings_slide, ranges_slides, robustness_slides
    from lobbysim.report.deck.template import open_deck
    from lobbysim.report.deck.text import overflow_pt
    from lobbysim.report.document import ReportData

    layouts = [load_layout(BEFORE), load_layout(AFTER)]
    data = ReportData(run["cmp"], {"mon": []}, layouts, run["doc"], None, run["robust"])
    deck = Deck(open_deck(None), lang, DeckFonts(), footer="-")
    ctx = Context.of(data, lang)
    with style():
        for slide in (findings_slide, robustness_slides, ranges_slides):
            slide(deck, ctx)
    deck.finish()
    write_deck(deck.prs, tmp_path / "deck.pptx")
    prs = Presentation(str(tmp_path / "deck.pptx"))
    titles = [s.shapes.title.text_frame.text for s in prs.slides]
    title = "这些结论有多稳健？" if lang == "zh" else "How robust are these findings?"
    drivers = "差值的主要影响因素（周一）" if lang == "zh" else "What drives the differences, Monday"
    ranges = "附录：不确定参数的合理范围" if lang == "zh" else "Appendix: the plausible ranges of the uncertain inputs"
    assert title in titles and drivers in titles and ranges in titles and deck.pictures == 1
    slide = prs.slides[titles.index(title)]
    table = next(sh.table for sh in slide.shapes if sh.has_table)
    cells = [[c.text_frame.text for c in row.cells] for row in table.rows]
    heads = run["robust"]["headline_kpis"]
    kp = run["robust"]["days"]["mon"]["kpis"]
    assert [r[0] for r in cells[1:]] == [KPI_INFO[n][1 if lang == "zh" else 0] for n in heads]
    assert [r[2] for r in cells[1:]] == [f"{100 * kp[n]['share_holds']:.0f}%" for n in heads]
    text = " ".join(sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame)
    assert ("合理参数设定下成立" if lang == "zh" else "of plausible settings") in text
    tables = [next(sh.table for sh in s.shapes if sh.has_table) for s in prs.slides if ranges in _title(s)]
    assert sum(len(t.rows) - 1 for t in tables) == len(run["robust"]["inputs"])
    for s in prs.slides:  # every text fits its box
        for sh in s.shapes:
            if sh.has_text_frame and sh.text_frame.text.strip():
                assert overflow_pt(sh, BULLET_INDENT_PT) <= 0, sh.text_frame.text[:60]


def _title(slide) -> str:
    return slide.shapes.title.text_frame.text


@pytest.fixture
def light(tmp_path):
    """The sample scenario with a light day's demand (a quick end-to-end run), its ranges kept."""
    doc = json.loads(Path(SCEN).read_text("utf-8"))
    doc["arrivals"]["per_day"] = 60
    doc["ranges"].pop("arrivals.per_day")  # its range is around the sample's 260
    path = tmp_path / "light.scenario.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    return str(path)


def test_report_and_deck_commands_add_the_robustness_pages(tmp_path, capsys, light, monkeypatch):
    """The report end to end (a whole report: the slowest test here); the deck up to its rendering, which
    gets the robustness result (the slides themselves: test_the_deck_gets_the_robustness_slides)."""
    out, png, deck = tmp_path / "r.pdf", tmp_path / "png", tmp_path / "d.pptx"
    common = [BEFORE, AFTER, "--scenario", light, "--days", "sun", "--reps", "2", "--lang", "en", "--no-progress"]
    assert main(["report", *common, "--robustness", "8", "--out", str(out), "--png-dir", str(png)]) == 0
    assert "of plausible settings" in capsys.readouterr().out
    assert (png / "robustness.png").exists() and (png / "sun_robustness_drivers.png").exists()
    assert (png / "robustness_ranges.png").exists() and out.stat().st_size > 100_000
    import lobbysim.report.deck as deck_module

    given = []
    rendered = {"notices": [], "slides": 1, "pictures": 0}
    monkeypatch.setattr(deck_module, "make_deck", lambda data, *a, **k: given.append(data) or rendered)
    assert main(["deck", *common, "--robustness", "8", "--out", str(deck)]) == 0
    robust = given[0].robustness
    assert (robust["samples"], robust["reps"], list(robust["days"])) == (8, 2, ["sun"])
    assert robust["days"]["sun"]["kpis"].keys() == given[0].cmp["days"]["sun"]["kpis"].keys()
    for cmd, target in (("report", out), ("deck", deck)):
        assert main([cmd, *common, "--robustness", "4", "--out", str(target)]) == 2
        assert "--robustness must be at least 8" in capsys.readouterr().err
        assert main([cmd, *common, "--robustness", "8", "--scenario-b", SCEN, "--out", str(target)]) == 2
        assert "leave out --scenario-b" in capsys.readouterr().err
