"""The scenario editor: load the sample, change staff through the drop-downs, drag a bar of the
hourly chart, edit the business mix and the behaviour tree, save and read the file back with
the scenario parser; invalid edits and broken files give a message and write nothing."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from lobbysim.model.fileformat import load_layout
from lobbysim.model.jsonio import read_json
from lobbysim.sim.scenario import ABILITIES, ROLES, Scenario
from lobbysim.ui.scenario_editor import parse_params, parse_spans

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "layouts/railway_station/scenario.json"
AFTER = ROOT / "layouts/railway_station/after.lobby.json"


@pytest.fixture(scope="module")
def after_layout():
    return load_layout(str(AFTER))


@pytest.fixture
def ed(make_scenario_editor, after_layout):
    return make_scenario_editor(after_layout, SAMPLE)


def pick(combo, value):
    i = combo.findData(value)
    assert i >= 0, f"{value!r} is not offered"
    combo.setCurrentIndex(i)


def test_sample_loads_and_round_trips_unchanged(ed, tmp_path):
    assert ed.document() == read_json(SAMPLE)
    assert ed.validate() is None
    assert not ed.modified
    assert ed.status.text() == "The scenario is valid."
    assert ed.save_as(str(tmp_path / "same.json"))  # byte for byte: key order and number types kept
    assert (tmp_path / "same.json").read_bytes() == SAMPLE.read_bytes()
    assert ed.status.text().endswith("same.json")
    assert ed.staff_table.rowCount() == 9
    assert ed.business_table.rowCount() == 7
    # the drop-downs offer what the format and the layout allow
    role = ed.staff_combo(ed.staff_row("teller1"), "role")
    assert [role.itemData(i) for i in range(role.count())] == list(ROLES)
    counter = ed.staff_combo(ed.staff_row("teller1"), "counter")
    offered = {counter.itemData(i) for i in range(counter.count())}
    assert offered == {
        None,
        "cash1",
        "cash2",
        "cash3",
        "low1",
        "lobby_desk",
        "wm_desk",
        "director_desk",
        "vp_desk",
        "bo_desk2",
    }
    post = ed.staff_combo(0, "post")
    assert [post.itemData(i) for i in range(post.count())] == [None, "post1", "post2", "post3"]


def test_staff_chart_and_business_edits_are_saved(ed, qtbot, tmp_path):
    orig = read_json(SAMPLE)
    # staff: a role, a counter, a desk and a post through the drop-downs
    pick(ed.staff_combo(ed.staff_row("rm3"), "role"), "cs_floor")
    pick(ed.staff_combo(ed.staff_row("teller2"), "counter"), "cash3")
    pick(ed.staff_combo(ed.staff_row("vp"), "desk"), "lobby_desk")
    pick(ed.staff_combo(ed.staff_row("floor2"), "post"), "post3")
    pick(ed.staff_combo(ed.staff_row("lobby1"), "post"), None)
    assert ed.modified
    # the hourly chart: press on the 10 h bar and drag it up to 25 %
    chart = ed.chart
    i10 = 10 - ed.start_hour.value()
    x, y = chart.pixel_of(i10, 0.20)
    qtbot.mousePress(chart, Qt.LeftButton, pos=QPoint(round(x), round(y)))
    assert ed.hourly_shares()[i10] == pytest.approx(0.20, abs=0.002)
    x, y = chart.pixel_of(i10, 0.17)
    qtbot.mouseMove(chart, pos=QPoint(round(x), round(y)))
    assert ed.hourly_shares()[i10] == pytest.approx(0.17, abs=0.002)
    top = chart.ax.get_ylim()[1] / 100
    assert top < 0.25  # dragging on above the axes keeps moving the same bar
    x, y = chart.pixel_of(i10, 0.25)
    qtbot.mouseMove(chart, pos=QPoint(round(x), round(y)))
    qtbot.mouseRelease(chart, Qt.LeftButton, pos=QPoint(round(x), round(y)))
    assert chart.ax.get_ylim()[1] > 25  # the axis grows after the drag
    share10 = ed.hourly_shares()[i10]
    assert share10 == pytest.approx(0.25, abs=0.002)
    assert ed.hour_spins[i10].value() == pytest.approx(share10 * 100, abs=1e-3)
    # the business mix: cash up, smart-only down, the sum stays 1
    ed.business_cell(ed.business_row("cash"), "share").setText("0.4")
    ed.business_cell(ed.business_row("smart"), "share").setText("0.168")
    assert "1.0000" in ed.business_sum.text()

    total = sum(ed.hourly_shares())
    assert total == pytest.approx(1 + share10 - orig["arrivals"]["hourly"]["shares"][i10], abs=1e-4)
    out = tmp_path / "edited.json"
    assert ed.save_as(str(out))
    assert not ed.modified and ed.path == str(out) and not ed.errors
    sc = Scenario.from_dict(read_json(out), str(out))
    staff = {s.id: s for s in sc.staff}
    assert staff["rm3"].role == "cs_floor"
    assert staff["teller2"].counter == "cash3"
    assert staff["vp"].desk == "lobby_desk"
    assert staff["floor2"].post == "post3"
    assert staff["lobby1"].post is None and staff["lobby1"].desk == "lobby_desk"
    shares = {b.code: b.share for b in sc.business}
    assert shares["cash"] == 0.4 and shares["smart"] == 0.168 and shares["card"] == 0.13
    # hourly shares: scaled to sum to 1, the dragged hour bigger, the others in the same proportions
    new, old = list(sc.arrivals.hourly.shares), orig["arrivals"]["hourly"]["shares"]
    assert sum(new) == pytest.approx(1.0, abs=1e-5)
    for i in range(len(old)):
        assert new[i] == pytest.approx((share10 if i == i10 else old[i]) / total, abs=1e-6)
    assert new[i10] > old[i10] + 0.07
    # everything else is as it was
    saved = read_json(out)
    for key in orig:
        if key not in ("staff", "business", "arrivals"):
            assert saved[key] == orig[key], key
    assert {k: v for k, v in saved["arrivals"].items() if k != "hourly"} == {
        k: v for k, v in orig["arrivals"].items() if k != "hourly"
    }
    changed = {"rm3", "teller2", "vp", "floor2", "lobby1"}
    for a, b in zip(saved["staff"], orig["staff"]):
        if a["id"] not in changed:
            assert a == b
    for a, b in zip(saved["business"], orig["business"]):
        if a["code"] not in ("cash", "smart"):
            assert a == b
        else:
            assert {k: v for k, v in a.items() if k != "share"} == {k: v for k, v in b.items() if k != "share"}


def test_spin_box_is_the_precise_alternative_and_shares_are_normalised(ed):
    ed.set_hourly_share(0, 0.10)
    assert ed.hourly_shares()[0] == pytest.approx(0.10)
    assert ed.chart.shares[0] == pytest.approx(0.10)
    doc = ed.document()
    shares = doc["arrivals"]["hourly"]["shares"]
    assert sum(shares) == pytest.approx(1.0, abs=1e-5)
    assert shares[0] == pytest.approx(0.10 / sum(ed.hourly_shares()), abs=1e-6)
    assert ed.validate() is None


@pytest.mark.parametrize(
    "edit, expected",
    [
        (lambda ed: ed.business_cell(ed.business_row("cash"), "share").setText("-0.1"), "must be at least 0"),
        (lambda ed: ed.staff_table.item(ed.staff_row("teller1"), 6).setText("17:00–09:00"), "ends before it starts"),
        (lambda ed: ed.staff_table.item(ed.staff_row("wm"), 7).setText("18:00-18:30"), "not inside a shift"),
        (lambda ed: ed.staff_table.item(ed.staff_row("vp"), 0).setText("teller1"), "duplicate staff id"),
    ],
)
def test_invalid_edit_shows_a_message_and_writes_nothing(ed, tmp_path, edit, expected):
    target = tmp_path / "scenario.json"
    shutil.copyfile(SAMPLE, target)
    before = target.read_bytes()
    edit(ed)
    err = ed.validate()
    assert err is not None and expected in err
    assert "\n" not in err and "Traceback" not in err
    assert not ed.save_as(str(target))
    assert target.read_bytes() == before
    assert not ed.save_as(str(tmp_path / "new.json"))
    assert not (tmp_path / "new.json").exists()
    assert len(ed.errors) == 2 and expected in ed.errors[0]
    assert expected in ed.status.text()
    assert ed.modified
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scenario.json"]  # no temporary file left


def test_validate_button_shows_the_message(ed, qtbot):
    ed.staff_table.item(ed.staff_row("teller1"), 6).setText("9h-17:00")
    qtbot.mouseClick(ed.validate_button, Qt.LeftButton)
    assert "clock time" in ed.status.text()
    assert not ed.errors  # validating only shows it in the label


def test_broken_files_give_a_message_not_an_exception(ed, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "lobbysim.scenario", "staff": [', encoding="utf-8")
    assert not ed.load(str(bad))
    assert "not valid JSON" in ed.errors[-1] and "not valid JSON" in ed.status.text()
    assert ed.path == str(SAMPLE) and ed.staff_table.rowCount() == 9  # the open scenario is kept
    assert not ed.load(str(AFTER))
    assert "not a lobbysim scenario" in ed.errors[-1]
    odd = tmp_path / "odd.json"
    odd.write_text('{"format": "lobbysim.scenario", "staff": {"id": "x"}}', encoding="utf-8")
    assert not ed.load(str(odd))
    assert ed.errors[-1] == _parser_says(read_json(odd), str(odd))
    assert not ed.load(str(tmp_path / "missing.json"))
    assert "no such file" in ed.errors[-1]
    assert ed.document() == read_json(SAMPLE)


def _parser_says(doc, path) -> str:
    """The scenario parser's one line about a document."""
    from lobbysim.errors import LobbysimError

    try:
        Scenario.from_dict(doc, path)
    except LobbysimError as exc:
        return str(exc)
    raise AssertionError("the parser accepts it")


def _refused(ed, tmp_path, name, doc, expected=None):
    p = tmp_path / name
    p.write_text(json.dumps(doc), encoding="utf-8")
    before, n = ed.document(), len(ed.errors)
    ed.ask_open_path = lambda: str(p)
    ed.open_button.click()
    message = expected or _parser_says(doc, str(p))
    assert ed.errors[n:] == [message] and ed.status.text() == message  # one line, in a dialog
    assert ed.path == str(SAMPLE) and ed.document() == before and not ed.modified  # nothing else shown


def test_a_file_the_scenario_parser_refuses_is_not_shown(ed, tmp_path):
    """Issue 17.1: the editor opened a file with per_day "many", showed 250, called it valid and
    saved 250, while the Simulate dock refused the same file."""
    doc = read_json(SAMPLE)
    doc["arrivals"]["per_day"] = "many"
    _refused(ed, tmp_path, "many.json", doc)
    doc = read_json(SAMPLE)
    doc["business"][0]["share"] = 0.503  # the shares sum to 1.12
    _refused(ed, tmp_path, "shares.json", doc)
    assert "business shares sum to 1.1200" in ed.errors[-1]
    doc = read_json(SAMPLE)
    doc["customers"]["walk_speed"] = True
    _refused(ed, tmp_path, "walk.json", doc)


def test_a_value_the_editor_cannot_show_as_it_is_is_refused_too(ed, tmp_path):
    """A field whose widget holds less than the parser takes would show (and save) another
    value: the editor refuses such a file and names the field. (The sample's fields all hold the
    parser's ranges; a narrower customers-a-day field stands in for one that does not.)"""
    ed.per_day.setMaximum(1000)
    doc = read_json(SAMPLE)
    doc["arrivals"]["per_day"] = 5000
    Scenario.from_dict(doc, "x.json")  # the parser takes it
    p = str(tmp_path / "big.json")
    msg = f"{p}: field 'arrivals.per_day' cannot be shown in the editor as it is in the file"
    _refused(ed, tmp_path, "big.json", doc, msg)


def test_open_button_loads_a_scenario_and_save_keeps_what_the_editor_does_not_show(ed, qtbot, tmp_path):
    sample = read_json(SAMPLE)
    doc = read_json(SAMPLE)
    doc["business"][0]["share"] = round(sample["business"][0]["share"] - 0.08, 6)
    doc["business"][1]["share"] = round(sample["business"][1]["share"] + 0.08, 6)  # another valid mix
    doc["analysis"] = {"headline_kpis": ["wait_mean_min"]}  # a section the tabs do not show
    p = tmp_path / "other.json"
    p.write_text(json.dumps(doc), encoding="utf-8")
    ed.ask_open_path = lambda: str(p)
    qtbot.mouseClick(ed.open_button, Qt.LeftButton)
    assert ed.path == str(p) and ed.status.text().startswith("The scenario is valid.")
    for i in (0, 1):
        ed.business_cell(ed.business_row(doc["business"][i]["code"]), "share").setText(
            str(sample["business"][i]["share"])
        )
    assert ed.validate() is None
    assert ed.save()
    saved = read_json(p)
    assert saved["analysis"] == {"headline_kpis": ["wait_mean_min"]}
    assert saved["business"] == sample["business"]


def test_behaviour_tree_numbers_booleans_and_json(ed, tmp_path):
    item = ed.tree_item("customers", "no_show_share")
    item.setText(1, "0.2")
    calls = ed.tree_item("customers", "no_show_call_s")
    calls.setText(1, "45")
    walking = ed.tree_item("policies", "walking")
    assert walking.checkState(1) == Qt.Checked
    walking.setCheckState(1, Qt.Unchecked)
    ed.tree_item("policies", "ops_vp", "tasks", 2, "minutes").setText(1, "16")
    ed.tree_item("customers", "seat_areas").setText(1, '["waiting", "worker_rest"]')
    ed.tree_item("hours", "close").setText(1, "17:30")
    assert ed.chart.open_hours == (9.0, 17.5)
    assert ed.modified
    out = tmp_path / "tree.json"
    assert ed.save_as(str(out))
    saved = read_json(out)
    assert saved["customers"]["no_show_share"] == 0.2
    assert saved["customers"]["no_show_call_s"] == 45 and isinstance(saved["customers"]["no_show_call_s"], int)
    assert saved["policies"]["walking"] is False
    assert saved["policies"]["ops_vp"]["tasks"][1]["minutes"] == 16
    assert saved["customers"]["seat_areas"] == ["waiting", "worker_rest"]
    assert saved["hours"]["close"] == "17:30"
    orig = read_json(SAMPLE)
    orig["customers"].update(no_show_share=0.2, no_show_call_s=45, seat_areas=["waiting", "worker_rest"])
    orig["policies"]["walking"] = False
    orig["policies"]["ops_vp"]["tasks"][1]["minutes"] = 16
    orig["hours"]["close"] = "17:30"
    assert saved == orig
    sc = Scenario.from_dict(saved)
    assert sc.customers.no_show_share == 0.2 and not sc.policies.walking


def test_tree_editor_takes_numbers_only_for_numbers(ed, qtbot):
    from PySide6.QtWidgets import QLineEdit

    ed.tabs.setCurrentIndex(4)
    item = ed.tree_item("policies", "marketing", "contact_rate")
    ed.tree.scrollToItem(item)
    ed.tree.editItem(item, 1)
    editor = ed.tree.findChild(QLineEdit)
    assert editor is not None and editor.validator() is not None
    editor.selectAll()
    qtbot.keyClicks(editor, "x0.4y")
    assert editor.text() == "0.4"
    qtbot.keyClick(editor, Qt.Key_Return)  # the delegate commits in a queued call
    qtbot.waitUntil(lambda: item.text(1) == "0.4", timeout=2000)
    assert ed.document()["policies"]["marketing"]["contact_rate"] == 0.4
    ed.tree.editItem(ed.tree_item("policies", "walking"), 1)  # a check box, not a text editor
    ed.tree.editItem(ed.tree_item("policies", "marketing"), 0)  # keys are not edited
    assert all(not e.isVisible() for e in ed.tree.findChildren(QLineEdit))


def test_tree_number_that_is_not_a_number_is_reported(ed):
    ed.tree_item("customers", "known_share").setText(1, "lots")
    assert "known_share" in ed.validate() and "must be a number" in ed.validate()


def test_add_and_remove_staff(ed, qtbot, tmp_path):
    qtbot.mouseClick(ed.add_staff_button, Qt.LeftButton)
    r = ed.staff_table.rowCount() - 1
    assert ed.staff_table.item(r, 0).text() == "staff1"
    pick(ed.staff_combo(r, "role"), "lobby_manager")
    pick(ed.staff_combo(r, "post"), "post2")
    ed.staff_table.item(r, 7).setText("12:00-12:30")
    ed.staff_abilities(r).set_checked("greet")
    ed.staff_abilities(r).set_checked("market")
    assert ed.staff_abilities(r).text() == "market, greet, triage"
    doc = ed.document()
    assert doc["staff"][-1] == {
        "id": "staff1",
        "role": "lobby_manager",
        "post": "post2",
        "shifts": [["09:00", "17:00"]],
        "breaks": [["12:00", "12:30"]],
        "can": ["market", "greet"],
    }
    assert ed.validate() is None
    ed.staff_table.selectRow(ed.staff_row("director"))
    qtbot.mouseClick(ed.remove_staff_button, Qt.LeftButton)
    # the director opens window 3 in the cover rules: the parser names the dangling reference
    assert "director" in ed.validate() and "not on the staff list" in ed.validate()
    assert all(s["id"] != "director" for s in ed.document()["staff"])


def test_abilities_drop_down(ed):
    r = ed.staff_row("low_cs")
    can = ed.staff_abilities(r)
    assert can.abilities() == ["authorise", "cover"]
    can.menu().actions()[ABILITIES.index("cover")].trigger()  # uncheck as a click in the menu does
    can.menu().actions()[ABILITIES.index("call")].trigger()
    assert ed.modified
    assert ed.document()["staff"][r]["can"] == ["authorise", "call"]
    ed.retranslate("zh")
    assert can.text() == "授权, 外呼"
    assert can.menu().actions()[0].text() == "授权 (authorise)"
    # every ability the scenario format knows has a name in both languages (the vp supervises)
    assert [a.text() for a in can.menu().actions()] == [
        "授权 (authorise)",
        "柜面授权 (supervise)",
        "营销 (market)",
        "外呼 (call)",
        "补位 (cover)",
        "迎宾分流 (greet)",
    ]
    vp = ed.staff_abilities(ed.staff_row("vp"))
    assert vp.text() == "授权, 柜面授权"


def test_business_rows_distribution_and_flags(ed):
    r = ed.business_row("card")
    combo = ed.business_table.cellWidget(r, 5)
    pick(combo, "weibull")
    assert parse_params(ed.business_cell(r, "params").text()) == {"mean": 6, "shape": 2}
    ed.business_cell(r, "authorisation").setCheckState(Qt.Unchecked)
    ed.business_cell(r, "triage").setCheckState(Qt.Checked)
    b = next(x for x in ed.document()["business"] if x["code"] == "card")
    assert b["service"] == {"dist": "weibull", "mean": 6, "shape": 2}
    assert b["authorisation"] is False and b["triage"] is True
    assert ed.validate() is None
    ed.business_cell(r, "params").setText("shape=2")
    assert "field 'mean' is missing" in ed.validate()


def test_day_factors_and_per_day(ed):
    ed.per_day.setValue(300)
    ed.day_table.item(0, 3).setText("0.6")
    assert ed.day_table.item(1, 3).text() == "180"
    arr = ed.document()["arrivals"]
    assert arr["per_day"] == 300 and arr["day_factors"]["thu"] == 0.6 and arr["day_factors"]["mon"] == 1.0
    assert arr["hourly"] == read_json(SAMPLE)["arrivals"]["hourly"]


def test_span_and_param_text():
    assert parse_spans("09:00–12:00; 13:00-17:00") == [["09:00", "12:00"], ["13:00", "17:00"]]
    assert parse_spans("") == []
    assert parse_spans("9h") == [["9h"]]
    assert parse_params("mean=5, cv=0.8") == {"mean": 5, "cv": 0.8}
    assert parse_params("values=[1, 2.5]") == {"values": [1, 2.5]}


def test_menu_opens_the_simulate_docks_scenario_and_save_as_updates_it(make_editor, qtbot, tmp_path):
    win = make_editor(load_layout(str(AFTER)), str(AFTER))
    src = tmp_path / "mine.json"
    shutil.copyfile(SAMPLE, src)
    win.sim.scenario.setText(str(src))
    host = win.scenario_editor
    assert [a.text() for a in win.menuBar().actions()].count("Scenario") == 1
    action = win.menu_actions["edit_scenario"]
    assert action.text() == "Edit scenario…" and action in win.menus["scenario"].actions()
    action.trigger()
    ed = host.editor
    assert host.dialog.isVisible() and ed.path == str(src)
    assert ed.layout is win.layout
    pick(ed.staff_combo(ed.staff_row("teller1"), "counter"), "cash3")
    out = tmp_path / "copy.json"
    ed.ask_save_path = lambda: str(out)
    qtbot.mouseClick(ed.save_as_button, Qt.LeftButton)
    assert win.sim.scenario.text() == str(out)
    assert read_json(out)["staff"][0]["counter"] == "cash3"
    assert read_json(src) == read_json(SAMPLE)
    # saving in place tells the Simulate dock (and so the quick estimate) that the scenario changed
    pick(ed.staff_combo(ed.staff_row("teller1"), "counter"), "cash2")
    with qtbot.waitSignal(win.sim.scenario_changed, timeout=2000) as sig:
        qtbot.mouseClick(ed.save_button, Qt.LeftButton)
    assert sig.args == [str(out)] and read_json(out)["staff"][0]["counter"] == "cash2"
    action.trigger()  # the same file again: the editor stays as it is
    assert host.editor is ed and ed.path == str(out)
    # a broken scenario chosen in the Simulate dock: an error dialog, no exception
    bad = tmp_path / "bad.json"
    bad.write_text("not json", encoding="utf-8")
    win.sim.scenario.setText(str(bad))
    action.trigger()
    assert win.errors and "not valid JSON" in win.errors[-1]
    win.set_language("zh")
    titles = [a.text() for a in win.menuBar().actions()]
    assert "场景" in titles and "Scenario" not in titles
    assert action.text() == "编辑场景…"
    assert ed.save_button.text() == "保存" and ed.tabs.tabText(0) == "人员排班"
    host.dialog.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_renders_in_both_languages(ed, tmp_path, lang):
    ed.retranslate(lang)
    ed.tabs.setCurrentIndex(1)
    ed.chart.draw()  # a missing glyph would be a matplotlib warning, an error under pytest
    assert ed.chart.ax.get_title() == (
        "分时到达占比（%）：拖动柱子调整"
        if lang == "zh"
        else "Hourly shares of a day's arrivals (%): drag a bar to set it"
    )
    role = ed.staff_combo(0, "role")
    assert role.currentText() == ("临柜客服经理 (cs_counter)" if lang == "zh" else "Counter CS manager (cs_counter)")
    assert ed.document() == read_json(SAMPLE)
    img = ed.grab()
    assert img.save(str(tmp_path / f"editor_{lang}.png"))
    assert copy.deepcopy(ed.document()) == read_json(SAMPLE)


def test_language_switch_relabels_status_drop_downs_and_tree(ed, tmp_path):
    """Texts come from the translation file; a switch also relabels the status line and the
    fixture kinds in the drop-downs, and the behaviour tree's meanings and yes/no."""
    r = ed.staff_row("teller1")
    en = (
        "The scenario is valid.",
        "cash1 — Cash (high) counter",
        "opening hours",
        "",
        "Scenario name",
        "Name",
        "outbound calls",
    )
    zh = ("场景有效。", "cash1 — 高柜", "营业时间", "是", "名称", "姓名", "外呼")

    def shown():
        return (
            ed.status.text(),
            ed.staff_combo(r, "counter").currentText(),
            ed.tree_item("hours").text(2),
            ed.tree_item("policies", "walking").text(1),
            ed.name_label.text(),
            ed.staff_table.horizontalHeaderItem(1).text(),
            ed.staff_abilities(r).text(),
        )

    assert shown() == en
    ed.retranslate("zh")
    assert shown() == zh
    ed.retranslate("en")
    assert shown() == en
    assert ed.save_as(str(tmp_path / "s.json"))
    ed.retranslate("zh")
    assert ed.status.text() == f"场景有效。  已保存 {tmp_path / 's.json'}"


def test_unsaved_scenario_edits_keep_the_window_open_and_new_drawings_refill_the_drop_downs(make_editor, qtbot):
    from lobbysim.model.layout import Layout

    win = make_editor(load_layout(str(AFTER)), str(AFTER))
    ed = win.scenario_editor.open()
    pick(ed.staff_combo(ed.staff_row("teller1"), "counter"), "cash3")
    assert ed.modified
    ed.ask_discard = lambda: False  # "keep my edits"
    assert not win.close() and win.isVisible()
    ed.ask_discard = lambda: True
    posts = ed.staff_combo(ed.staff_row("teller1"), "post")
    assert posts.findData("post3") >= 0
    win.set_layout(Layout(), None)  # a new, empty drawing: no posts, no counters
    assert ed.layout is win.layout
    counters = ed.staff_combo(ed.staff_row("teller1"), "counter")
    # only the staff member's own (edited) counter is left to choose besides none
    assert [counters.itemData(i) for i in range(counters.count())] == [None, "cash3"]
    assert counters.currentData() == "cash3" and ed.modified
    assert win.close()


def test_business_shares_scale_to_one_with_a_button(ed, qtbot, tmp_path):
    ed.business_cell(ed.business_row("cash"), "share").setText("0.6")  # the shares now sum to more than 1
    assert ed.validate() is not None and "1" in ed.business_sum.text()
    before = {c: float(ed.business_cell(ed.business_row(c), "share").text()) for c in ("cash", "smart")}
    qtbot.mouseClick(ed.scale_business_button, Qt.LeftButton)
    col = [float(ed.business_cell(r, "share").text()) for r in range(ed.business_table.rowCount())]
    assert sum(col) == pytest.approx(1.0, abs=1e-5)
    after = {c: float(ed.business_cell(ed.business_row(c), "share").text()) for c in ("cash", "smart")}
    assert after["cash"] / after["smart"] == pytest.approx(before["cash"] / before["smart"], rel=1e-4)
    assert ed.validate() is None
    ed.business_cell(ed.business_row("cash"), "share").setText("lots")
    assert not ed.scale_business_shares()  # a share that is not a number: nothing is scaled


def test_service_time_at_particular_fixture_kinds_is_editable(ed, tmp_path):
    from lobbysim.ui.scenario.business import fmt_by_kind, parse_by_kind

    cell = ed.business_cell(ed.business_row("account"), "by_kind")
    orig = read_json(SAMPLE)
    account = next(b for b in orig["business"] if b["code"] == "account")
    assert parse_by_kind(cell.text()) == account["service_by_kind"]  # shown as the file has it
    cell.setText("low_counter: exponential mean=8")  # not where this business is served: refused
    assert "low_counter" in ed.validate() and not ed.save_to(str(tmp_path / "refused.json"))
    assert not (tmp_path / "refused.json").exists()
    cell.setText("smart_counter: lognormal mean=3.5, cv=0.4; cash_counter: exponential mean=8")
    out = tmp_path / "s.json"
    assert ed.save_to(str(out))
    saved = next(b for b in read_json(out)["business"] if b["code"] == "account")
    assert saved["service_by_kind"] == {
        "smart_counter": {"dist": "lognormal", "mean": 3.5, "cv": 0.4},
        "cash_counter": {"dist": "exponential", "mean": 8},
    }
    Scenario.from_dict(read_json(out), str(out))
    assert fmt_by_kind(saved["service_by_kind"]) == cell.text()
    cell.setText("")  # cleared: the business has one service time everywhere
    assert ed.save_to(str(out))
    assert "service_by_kind" not in next(b for b in read_json(out)["business"] if b["code"] == "account")
