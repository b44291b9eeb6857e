"""The names on the report's plan page never overlap: a crowded row of numbered fixtures (the
flagship's cash windows and smart counters) is numbered with one group name beside it, and
every other name goes on its fixture, beside it, or is left off. Boxes are measured with the
renderer on the page as it is printed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lobbysim.model.elements import Fixture
from lobbysim.model.fileformat import load_layout
from lobbysim.report.page import style
from lobbysim.report.plan import figure_plans
from lobbysim.report.plan_names import NamePlacer, group_label, numbered

ROOT = Path(__file__).resolve().parents[1]


def plans_page(branch: str, lang: str):
    la = load_layout(str(ROOT / f"layouts/{branch}/before.lobby.json"))
    lb = load_layout(str(ROOT / f"layouts/{branch}/after.lobby.json"))
    with style():
        fig = figure_plans([la, lb], ["改造前", "改造后"] if lang == "zh" else ["Before", "After"], lang)
        fig.canvas.draw()  # the page as printed: its final layout
    return fig


def names_of(ax) -> list:
    return [t for t in ax.texts if t.get_visible() and t.get_text()]


def overlaps(fig) -> list[tuple[str, str]]:
    """Pairs of names whose boxes overlap, on either plan of the page."""
    r = fig.canvas.get_renderer()
    out = []
    for ax in fig.axes[:2]:
        boxes = [(t.get_text(), t.get_window_extent(r)) for t in names_of(ax)]
        out += [(a, b) for i, (a, ba) in enumerate(boxes) for b, bb in boxes[i + 1 :] if ba.overlaps(bb)]
    return out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_two_names_overlap_on_the_flagship_plan_page(lang, tmp_path):
    fig = plans_page("flagship", lang)
    assert overlaps(fig) == []
    r = fig.canvas.get_renderer()
    for ax in fig.axes[:2]:
        texts = {t.get_text() for t in names_of(ax)}
        # the crowded rows are numbered, and named once beside the row
        cash = r"Cash window 1–[67]" if lang == "en" else r"1–[67]号高柜"  # the 7th may find no room
        assert any(re.fullmatch(cash, x) for x in texts), texts
        assert ("Smart counter 1–6" if lang == "en" else "智能柜台1–6") in texts
        assert {"1", "2", "7"} <= texts
        for t in names_of(ax):  # nothing sticks out of the plan's side (2 px: the scale bar's "5 m")
            bb, a = t.get_window_extent(r), ax.bbox
            assert a.x0 - 2 <= bb.x0 and bb.x1 <= a.x1 + 2, t.get_text()
    # every fixture is named, or numbered in its row: on these plans no name had to be left off
    for ax, branch in zip(fig.axes[:2], ("before", "after")):
        shown = {t.get_text().replace("\n", "").replace(" ", "") for t in names_of(ax)}
        for e in load_layout(str(ROOT / f"layouts/flagship/{branch}.lobby.json")).of_type(Fixture):
            name = (e.name_zh or e.id) if lang == "zh" else (e.name_en or e.name_zh or e.id)
            parts = numbered(name)
            assert e.fixture_kind == "other" or name.replace(" ", "") in shown or (parts and parts[1] in shown), name
    fig.savefig(tmp_path / f"plans_{lang}.png", dpi=110)


def test_the_check_sees_the_overlaps_of_names_placed_without_looking(monkeypatch):
    monkeypatch.setattr(NamePlacer, "_free", lambda self, bb: True)  # every name where it was drawn before
    assert len(overlaps(plans_page("flagship", "en"))) >= 5


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_railway_plan_keeps_its_names(lang):
    fig = plans_page("railway_station", lang)
    assert overlaps(fig) == []
    after = {t.get_text().replace("\n", " ") for t in names_of(fig.axes[1])}
    want = (
        {"Outbound-call station", "Lobby desk", "Ticket dispenser", "ATM 1", "ATM 2", "Cash window 1–3", "Post 1"}
        if lang == "en"
        else {"外呼设备", "叫号机", "ATM 1", "厅堂1号"}
    )
    missing = {w for w in want if not any(w.replace(" ", "") == a.replace(" ", "") for a in after)}
    assert missing == set()


def test_numbered_names_and_group_names():
    assert numbered("Cash window 3") == ("Cash window", "3", "")
    assert numbered("3号高柜") == ("", "3", "号高柜")
    assert numbered("智能柜台12") == ("智能柜台", "12", "")
    assert numbered("Lobby desk") is None and numbered("ATM 1 and 2") is None
    assert group_label("Cash window", ["3", "1", "2"], "") == "Cash window 1–3"
    assert group_label("", ["1", "2", "3"], "号高柜") == "1–3号高柜"
    assert group_label("智能柜台", ["1", "3"], "") == "智能柜台1, 3"


def clipped_cells(fig) -> list[str]:
    """Texts of table cells (headers included) wider or taller than their cell."""
    r = fig.canvas.get_renderer()
    out = []
    for ax in fig.axes:
        for tb in ax.tables:
            for cell in tb.get_celld().values():
                t, box = cell.get_text().get_window_extent(r), cell.get_window_extent(r)
                if cell.get_text().get_text() and (t.width > box.width + 0.5 or t.height > box.height + 0.5):
                    out.append(cell.get_text().get_text())
    return out


def three_plans():
    la = load_layout(str(ROOT / "layouts/railway_station/before.lobby.json"))
    lb = load_layout(str(ROOT / "layouts/railway_station/after.lobby.json"))
    with style():
        fig = figure_plans([la, lb, lb], ["before", "after", "after (variant B, call station moved)"], "en")
        fig.canvas.draw()
    return fig


def test_three_plans_tables_fit_their_headers_and_cells(monkeypatch, tmp_path):
    fig = three_plans()
    assert clipped_cells(fig) == []
    headers = [c.get_text().get_text() for tb in fig.axes[-1].tables for (r, _), c in tb.get_celld().items() if r == 0]
    assert "after\n(variant B," in "\n".join(headers)  # the long variant name wrapped, not cut
    fig.savefig(tmp_path / "three.png", dpi=110)
    import lobbysim.report.plan as plan

    monkeypatch.setattr(plan, "_column_widths", lambda rows, header, w, size: (header, None, size))
    assert clipped_cells(three_plans()) != []  # equal columns, as before: the check sees the clipping
