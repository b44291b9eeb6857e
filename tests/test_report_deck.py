"""The leadership deck (issue 20): slides, figures as pictures, the KPI tables against
`compare --json`, Chinese fonts, text that fits, templates, bad input, the command line."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Inches

from lobbysim.cli import main
from lobbysim.errors import FileReadError, UsageError
from lobbysim.experiments.experiment import load_variant
from lobbysim.experiments.labels import fmt_value, verdict_word
from lobbysim.experiments.runner import SerialExecutor
from lobbysim.report.deck import DeckFonts, check_deck_output, make_deck, write_deck
from lobbysim.report.deck.builder import BULLET_INDENT_PT, CELL_LR_PT, CELL_TB_PT
from lobbysim.report.deck.slides import layout_changes, note_origins
from lobbysim.report.deck.template import find_layouts, open_deck
from lobbysim.report.deck.text import (
    EMU_PER_PT,
    Para,
    has_cjk,
    overflow_pt,
    run_fonts,
    text_height_pt,
    text_width_pt,
    wrap_lines,
)
from lobbysim.report.document import REPORT_TITLE, compute_report
from lobbysim.report.labels import VERDICT_COLOURS
from lobbysim.sim.kpis import KPI_INFO

ROOT = Path(__file__).resolve().parents[1]
BEFORE = str(ROOT / "layouts/railway_station/before.lobby.json")
AFTER = str(ROOT / "layouts/railway_station/after.lobby.json")
SCEN = str(ROOT / "layouts/railway_station/scenario.json")
REPS, SEED, DAY = 3, 5, "mon"

FIGURE_TITLES = {
    "zh": ["网点平面图", "客户动线图 · 周一", "员工走动轨迹（意大利面图） · 周一", "客户停留热力图 · 周一",
           "客户等候 · 周一", "员工时间分配 · 周一"],
    "en": ["Floor plan", "Customer flow chart · Monday", "Staff spaghetti diagram · Monday",
           "Where customers spend their time · Monday", "Customer waits · Monday",
           "How staff spend their time · Monday"],
}  # fmt: skip


@pytest.fixture(scope="module")
def data():
    a, b = load_variant("A", BEFORE, SCEN), load_variant("B", AFTER, SCEN)
    return compute_report(a, b, [DAY], REPS, SEED, executor=SerialExecutor())


@pytest.fixture(scope="module")
def decks(data, tmp_path_factory):
    out = {}
    for lang in ("zh", "en"):
        path = tmp_path_factory.mktemp("deck") / f"deck_{lang}.pptx"
        res = make_deck(data, path, lang=lang)
        out[lang] = (res, Presentation(str(path)))
    return out


@pytest.fixture(scope="module")
def compare_json(tmp_path_factory):
    """`lobbysim compare --json` of the same inputs, through the command line."""
    path = tmp_path_factory.mktemp("cmp") / "cmp.json"
    argv = ["compare", BEFORE, AFTER, "--scenario", SCEN, "--days", DAY, "--reps", str(REPS), "--seed", str(SEED)]
    db = path.parent / "runs.sqlite"
    assert main(argv + ["--workers", "1", "--no-progress", "--db", str(db), "--json", str(path)]) == 0
    return json.loads(path.read_text("utf-8"))


def _titles(prs) -> list[str]:
    return [s.shapes.title.text_frame.text for s in prs.slides]


def _runs(prs):
    for slide in prs.slides:
        frames = [sh.text_frame for sh in slide.shapes if sh.has_text_frame]
        for sh in slide.shapes:
            if sh.has_table:
                frames += [c.text_frame for row in sh.table.rows for c in row.cells]
        if slide.has_notes_slide:
            frames.append(slide.notes_slide.notes_text_frame)
        for tf in frames:
            for p in tf.paragraphs:
                yield from p.runs


# --- slides and pictures --------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_slides_titles_and_every_figure_as_a_picture(decks, lang):
    res, prs = decks[lang]
    titles = _titles(prs)
    assert res["slides"] == len(prs.slides) == len(titles) and res["titles"] == titles
    assert prs.slide_width == Inches(13.333) and prs.slide_height == Inches(7.5)  # 16:9
    zh = lang == "zh"
    assert titles[0] == REPORT_TITLE[0 if zh else 1]
    assert titles[1] == ("案例概要" if zh else "The case")
    assert titles[2:8] == FIGURE_TITLES[lang]
    kpi = "关键指标对比（周一）" if zh else "Key figures, Monday"
    assert titles[8].startswith(kpi) and ("核心指标" if zh else "headline KPIs") in titles[8]
    findings = "主要发现" if zh else "Findings"
    assert findings in titles and all(t.startswith(kpi) for t in titles[8 : titles.index(findings)])
    appendix = titles[titles.index(findings) + 1 :]
    assert appendix and all(t.startswith("附录" if zh else "Appendix") for t in appendix)
    # every figure is a picture: the two plans, then one per figure slide
    pictures = {
        i: [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE] for i, slide in enumerate(prs.slides)
    }
    assert len(pictures[2]) == 2 and all(len(pictures[i]) == 1 for i in range(3, 8))
    assert sum(len(p) for p in pictures.values()) == res["pictures"] == 7
    for i in range(2, 8):
        for pic in pictures[i]:
            assert pic._element.nvPicPr.cNvPr.get("descr", "").startswith(titles[i])  # alt text: what it shows
            assert pic.image.content_type == "image/png" and pic.image.size[0] >= 800
    # the KPI tables, glossary and sources are native tables, not pictures
    assert all(any(s.has_table for s in slide.shapes) for slide, t in zip(prs.slides, titles) if t.startswith(kpi))
    # the glossary writes units as the KPI table does
    head = "附录：指标说明" if zh else "Appendix: KPI glossary"
    gloss = next(sl for sl, t in zip(prs.slides, titles) if t.startswith(head))
    units = {r.cells[1].text_frame.text for r in list(next(s for s in gloss.shapes if s.has_table).table.rows)[1:]}
    assert ("分钟" in units and "min" not in units) if zh else "min" in units
    # the three bullets of the case
    body = next(s for s in prs.slides[1].placeholders if s.placeholder_format.idx != 0)
    assert len([p for p in body.text_frame.paragraphs if p.text.strip()]) == 3


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_kpi_tables_hold_the_numbers_of_compare_json(decks, compare_json, lang):
    """Every KPI row of the deck's tables: A, B, B−A, interval and verdict are compare --json's,
    formatted as the report formats them, the row coloured by the verdict."""
    _, prs = decks[lang]
    label_of = {(v[1] if lang == "zh" else v[0]): k for k, v in KPI_INFO.items()}
    seen: dict[str, int] = {}
    kpi = "关键指标对比" if lang == "zh" else "Key figures"
    for slide in prs.slides:
        if not slide.shapes.title.text_frame.text.startswith(kpi):
            continue
        table = next(s for s in slide.shapes if s.has_table).table
        for row in list(table.rows)[1:]:
            cells = [c.text_frame.text for c in row.cells]
            name = label_of[cells[0]]
            seen[name] = seen.get(name, 0) + 1
            k = compare_json["days"][DAY]["kpis"][name]
            unit = KPI_INFO[name][2]
            lo, hi = k["diff"]["ci95"]
            assert cells[2] == fmt_value(k["a"]["mean"], unit), name
            assert cells[3] == fmt_value(k["b"]["mean"], unit), name
            assert cells[4] == fmt_value(k["diff"]["mean"], unit, sign=True), name
            assert cells[5] == f"[{fmt_value(lo, unit, sign=True)}, {fmt_value(hi, unit, sign=True)}]", name
            assert cells[8].startswith(verdict_word(k["verdict"], lang)), name
            fill = row.cells[8].fill.fore_color.rgb
            assert f"#{fill}".lower() == _hex(VERDICT_COLOURS[k["verdict"]]), name
    shown = {
        n
        for n, k in compare_json["days"][DAY]["kpis"].items()
        if not all(v in (0, None) for v in (k["a"]["mean"], k["b"]["mean"], k["diff"]["mean"]))
    }
    assert set(seen) == shown and set(seen.values()) == {1}  # each KPI once, none missing


def _hex(colour: str) -> str:
    from matplotlib.colors import to_hex

    return to_hex(colour).lower()


# --- Chinese and fitting --------------------------------------------------------------------------------------
def test_every_chinese_run_names_the_east_asian_typeface(decks):
    for lang in ("zh", "en"):  # the English deck has Chinese too (the branch's name)
        _, prs = decks[lang]
        chinese = [r for r in _runs(prs) if has_cjk(r.text)]
        assert chinese
        for r in chinese:
            assert run_fonts(r) == ("Arial", "Microsoft YaHei"), r.text
            assert r._r.rPr.get("lang") == "zh-CN"
    runs = list(_runs(decks["en"][1]))
    assert all(run_fonts(r)[0] == "Arial" for r in runs)  # the Latin font named everywhere


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_text_runs_past_its_box(decks, lang):
    """Every text box and placeholder: its text, wrapped at its width with the CJK font's metrics,
    is no taller than its box; every table row is as tall as its wrapped cells and every table
    ends on the slide."""
    _, prs = decks[lang]
    checked = 0
    for i, slide in enumerate(prs.slides, 1):
        for sh in slide.shapes:
            if sh.has_text_frame and sh.text_frame.text.strip():
                assert overflow_pt(sh, BULLET_INDENT_PT) <= 0, (i, sh.name, sh.text_frame.text[:60])
                assert sh.top + sh.height <= prs.slide_height
                checked += 1
            if sh.has_table:
                t = sh.table
                widths = [c.width / EMU_PER_PT - 2 * CELL_LR_PT for c in t.columns]
                for row in t.rows:
                    need = max(
                        text_height_pt([Para(c.text_frame.text)], w, c.text_frame.paragraphs[0].runs[0].font.size.pt)
                        for c, w in zip(row.cells, widths)
                    )
                    assert need + 2 * CELL_TB_PT <= row.height / EMU_PER_PT, (i, row.cells[0].text_frame.text)
                assert sh.top + sum(r.height for r in t.rows) <= prs.slide_height - Inches(0.4), i
    assert checked > 40


def test_text_measure_and_wrap():
    assert text_width_pt("网点厅堂改造", 10) == pytest.approx(60.0)  # Chinese: one em a character
    assert 20 < text_width_pt("Lobby", 10) < 35
    lines = wrap_lines("客户" * 10, 100.0, 10)
    assert lines == ["客户" * 5, "客户" * 5]
    # never before Chinese closing punctuation, never inside a Latin word or a number
    assert not any(ln.startswith("，") for ln in wrap_lines("一二三四五六七八九，十", 90.0, 10))
    assert wrap_lines("wait 12.5 minutes", 50.0, 10) == ["wait 12.5", "minutes"]
    lines = wrap_lines("minutes", 30.0, 10)  # a word longer than the line: by character
    assert len(lines) == 2 and "".join(lines) == "minutes" and text_width_pt(lines[0], 10) <= 30
    assert text_height_pt([Para("客户" * 10)], 100.0, 10) == pytest.approx(2 * text_height_pt([Para("客户")], 100, 10))


def test_case_words_come_from_the_layouts_and_the_notes(data):
    la, lb = data.layouts
    zh, en = layout_changes(la, lb, "zh"), layout_changes(la, lb, "en")
    assert zh.startswith("改造内容：移动") and "内勤行长" in zh
    assert en.startswith("What changed: moved") and "3 lobby posts" in en
    assert layout_changes(la, la, "en").startswith("The two plans are the same")
    assert note_origins("E from S: about 250; C: 260, so that") == ["E", "S", "C"]
    assert note_origins("P (Weidmann): 1.34 m/s; E: 15 % over 65") == ["P", "E"]
    assert note_origins("E/C: shares chosen") == ["E", "C"]
    assert note_origins("fitted from log.csv, n = 412") == ["F"]
    assert note_origins("kept from the base: only 3") == ["K"]


# --- templates ------------------------------------------------------------------------------------------------
def _client_template(path: Path, *, drop_two: bool = False, potx: bool = False) -> Path:
    """A client's template: localised layout names, a 4:3 page, a sample slide left in it."""
    prs = Presentation()
    names = {"Title Slide": "标题幻灯片", "Title and Content": "标题和内容", "Two Content": "两栏内容"}
    for lay in prs.slide_layouts:
        lay.name = names.get(lay.name, lay.name + " (客户)")
    if drop_two:
        for lay in list(prs.slide_layouts):
            if lay.name in ("两栏内容", "Comparison (客户)"):
                prs.slide_layouts.remove(lay)
    s = prs.slides.add_slide(prs.slide_layouts[0])
    s.shapes.title.text = "客户示例页"
    buf = io.BytesIO()
    prs.save(buf)
    data = buf.getvalue()
    if potx:
        zin = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as zout:
            for item in zin.infolist():
                blob = zin.read(item.filename)
                if item.filename == "[Content_Types].xml":
                    blob = blob.replace(b"presentation.main+xml", b"template.main+xml")
                zout.writestr(item, blob)
        data = out.getvalue()
    path.write_bytes(data)
    return path


def test_a_client_template_is_used_by_placeholder_types(data, tmp_path):
    tpl = _client_template(tmp_path / "client.pptx")
    res = make_deck(data, tmp_path / "deck.pptx", lang="zh", template=str(tpl))
    assert res["notices"] == []
    prs = Presentation(str(tmp_path / "deck.pptx"))
    used = [s.slide_layout.name for s in prs.slides]
    assert used[0] == "标题幻灯片" and used[2] == "两栏内容" and used[3] == "标题和内容"
    assert "客户示例页" not in _titles(prs)  # the template's own slides are gone
    assert prs.slide_width == Inches(10)  # the client's page, not ours
    assert not any(s.name == "footer" for slide in prs.slides for s in slide.shapes)  # the client's master decides
    for sh in (sh for slide in prs.slides for sh in slide.shapes if sh.has_text_frame and sh.text_frame.text):
        assert overflow_pt(sh, BULLET_INDENT_PT) <= 0
        assert sh.left + sh.width <= prs.slide_width


def test_template_kinds_and_fallbacks(data, tmp_path):
    """A .potx is read as the deck it makes; a template without a layout, or a file that is no
    deck, gives the built-in style and a notice naming the file; a missing one is refused."""
    potx = open_deck(str(_client_template(tmp_path / "client.potx", potx=True)))
    assert not potx.builtin and potx.notices == [] and len(potx.prs.slides) == 0
    assert potx.layouts.two.name == "两栏内容"
    tpl = _client_template(tmp_path / "two_missing.pptx", drop_two=True)
    assert find_layouts(Presentation(str(tpl)))[0] is None
    res = make_deck(data, tmp_path / "a.pptx", lang="en", template=str(tpl))
    assert res["notices"] == [f"{tpl}: has no a two-content layout (two bodies side by side); using the built-in style"]
    assert Presentation(str(tmp_path / "a.pptx")).slide_width == Inches(13.333)
    text = tmp_path / "notes.pptx"
    text.write_text("not a deck", "utf-8")
    opened = open_deck(str(text))
    assert opened.builtin and len(opened.notices) == 1
    assert opened.notices[0] == f"{text}: is not a PowerPoint deck or template (.pptx, .potx); using the built-in style"
    with pytest.raises(FileReadError, match="template not found"):
        make_deck(data, tmp_path / "c.pptx", template=str(tmp_path / "missing.pptx"))
    assert not (tmp_path / "c.pptx").exists()


# --- bad output -----------------------------------------------------------------------------------------------
def test_bad_outputs_are_one_line_and_leave_no_file(tmp_path, monkeypatch):
    with pytest.raises(FileReadError, match="the folder does not exist"):
        check_deck_output(tmp_path / "nowhere" / "deck.pptx")
    with pytest.raises(UsageError, match=r"\.pptx"):
        check_deck_output(tmp_path / "deck.pdf")
    with pytest.raises(FileReadError, match="is a folder"):
        check_deck_output(tmp_path)
    # a file held open by PowerPoint (Windows refuses the rename): one line, the old file intact
    out = tmp_path / "deck.pptx"
    out.write_bytes(b"the deck of last week")
    real_replace = os.replace

    def locked(src, dst):
        if str(dst) == str(out):
            raise PermissionError(13, "Permission denied")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(FileReadError) as err:
        write_deck(open_deck(None).prs, out)
    assert "open in another program" in str(err.value) and "\n" not in str(err.value)
    assert out.read_bytes() == b"the deck of last week"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.pptx"]  # no partial file


def test_command_line_deck(tmp_path, capsys):
    out = tmp_path / "deck.pptx"
    argv = ["deck", BEFORE, AFTER, "--scenario", SCEN, "--days", "mon", "--reps", "2", "--lang", "en"]
    argv += ["--workers", "1", "--no-progress", "--ea-font", "SimHei", "--latin-font", "Calibri", "--out", str(out)]
    assert main(argv) == 0
    assert capsys.readouterr().out.strip().startswith(f"{out}: ")
    prs = Presentation(str(out))
    assert {run_fonts(r) for r in _runs(prs) if has_cjk(r.text)} == {("Calibri", "SimHei")}
    # bad calls: one line on stderr, exit 2, nothing written
    bad = tmp_path / "missing" / "deck.pptx"
    assert main(argv[:-1] + [str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "the folder does not exist" in err
    assert main(argv[:-1] + [str(tmp_path / "x.pptx"), "--template", str(tmp_path / "none.pptx")]) == 2
    assert "template not found" in capsys.readouterr().err
    assert not (tmp_path / "x.pptx").exists()


def test_fonts_are_configurable_and_named_in_the_file():
    f = DeckFonts()
    assert (f.east_asian, f.latin) == ("Microsoft YaHei", "Arial")
