"""The scenario editor's Transaction steps tab: the steps of a business at a fixture kind, edited
in a table (add, remove, reorder, edit), checked by the scenario parser, saved atomically, and
simulated by the quick estimate: shortening the card opening at the smart counter shortens the
machine wait."""

from __future__ import annotations

from pathlib import Path

import pytest

from lobbysim.model.fileformat import load_layout
from lobbysim.model.jsonio import read_json
from lobbysim.sim.scenario import Scenario, load_scenario
from lobbysim.sim.service import steps_of
from lobbysim.ui.quick_estimate import checked_estimate
from lobbysim.ui.scenario.steps import STEP_COLS

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "layouts/railway_station/scenario.json"
AFTER = ROOT / "layouts/railway_station/after.lobby.json"


@pytest.fixture
def ed(make_scenario_editor):
    w = make_scenario_editor(load_layout(str(AFTER)), SAMPLE, size=(1150, 720))
    w.tabs.setCurrentIndex(3)
    return w


def cell(ed, row: int, key: str):
    return ed.steps_table.item(row, STEP_COLS.index(key))


def combo(ed, row: int, key: str):
    return ed.steps_table.cellWidget(row, STEP_COLS.index(key))


def edit_cell(ed, qtbot, row: int, key: str, text: str) -> None:
    """Type ``text`` into a cell as a user would commit it; wait until the edit was handled
    (kept, or refused and the table shown again)."""
    n = len(ed.errors)
    cell(ed, row, key).setText(text)
    qtbot.waitUntil(lambda: len(ed.errors) > n or ed._table_steps() == ed.current_steps()[0], timeout=2000)
    qtbot.wait(5)


def test_the_table_shows_what_the_simulation_does(ed):
    ed.show_steps_of("card", "smart_counter")  # authorisation: true -> the service split around it
    steps, source = ed.current_steps()
    assert source == "derived"
    assert [s["name"] for s in steps] == ["before authorisation", "authorisation", "after authorisation"]
    assert [combo(ed, r, "needs").currentData() for r in range(3)] == ["", "authorisation", ""]
    assert cell(ed, 0, "params").text() == "mean=3.0, cv=0.4" and cell(ed, 1, "params").text() == "value=0.5"
    assert ed.steps_mean.text().startswith("Mean time of the transaction here: 6.50 min")
    ed.show_steps_of("cash", "cash_counter")  # the file's own steps
    assert ed.current_steps()[1] == "own"
    assert [cell(ed, r, "name").text() for r in range(2)] == ["transaction 办理", "counter authorisation 柜面授权"]
    assert combo(ed, 1, "needs").currentData() == "supervisor" and cell(ed, 1, "share").text() == "0.1"
    ed.show_steps_of("smart", "smart_counter")  # a plain service time is the one-step case
    assert ed.current_steps()[1] == "plain" and ed.steps_table.rowCount() == 1
    sc = Scenario.from_dict(read_json(SAMPLE))
    smart = next(b for b in sc.business if b.code == "smart")
    assert ed.steps_mean.text().startswith(f"Mean time of the transaction here: {smart.service.mean / 60:.2f} min")
    with pytest.raises(KeyError):
        ed.show_steps_of("cash", "smart_counter")  # not where cash is served
    assert not ed.modified and ed.document() == read_json(SAMPLE)


def test_add_move_remove_and_plain_steps_are_saved(ed, qtbot, tmp_path):
    ed.show_steps_of("account", "smart_counter")  # plain at the smart counter
    ed.steps_table.selectRow(0)
    assert ed.add_step()  # a one-minute step before the selected one
    assert [cell(ed, r, "name").text() for r in range(2)] == ["new step", "service"]
    assert ed.modified and ed.current_steps()[1] == "own"
    assert ed.move_step(1)  # the new step after the service now
    assert [cell(ed, r, "name").text() for r in range(2)] == ["service", "new step"]
    edit_cell(ed, qtbot, 1, "name", "identity check 核验身份")
    combo(ed, 1, "needs").setCurrentIndex(combo(ed, 1, "needs").findData("authorisation"))
    qtbot.waitUntil(lambda: ed.current_steps()[0][1].get("needs") == "authorisation", timeout=2000)
    edit_cell(ed, qtbot, 1, "share", "0.5")
    out = tmp_path / "steps.json"
    assert ed.save_as(str(out))
    saved = next(b for b in read_json(out)["business"] if b["code"] == "account")
    assert saved["steps_by_kind"]["smart_counter"] == [
        {"name": "service", "minutes": {"dist": "lognormal", "mean": 4, "cv": 0.5}},
        {"name": "identity check 核验身份", "minutes": 1, "needs": "authorisation", "share": 0.5},
    ]
    assert (
        saved["steps_by_kind"]["cash_counter"]
        == next(b for b in read_json(SAMPLE)["business"] if b["code"] == "account")["steps_by_kind"]["cash_counter"]
    )
    sc = load_scenario(out)
    acc = next(b for b in sc.business if b.code == "account")
    assert [s.name for s in steps_of(sc, acc, "smart_counter")] == ["service", "identity check 核验身份"]
    assert ed.steps_mean.text().startswith("Mean time of the transaction here: 4.50 min")
    # remove the new step, then back to the plain service time: the file is the sample again
    ed.steps_table.selectRow(1)
    assert ed.remove_step() and ed.steps_table.rowCount() == 1
    assert ed.plain_steps() and ed.current_steps()[1] == "plain"
    assert ed.save_as(str(out)) and read_json(out) == read_json(SAMPLE)
    ed.show_steps_of("cash", "cash_counter")
    assert ed.plain_steps()  # the cash business's own steps dropped: its plain service time
    assert "steps_by_kind" not in ed.document()["business"][0]
    assert ed.errors == []


def test_a_bad_value_gets_the_parsers_message_and_changes_nothing(ed, qtbot, tmp_path):
    ed.show_steps_of("card", "smart_counter")
    doc = ed.document()
    for row, key, text, words in (
        (1, "params", "value=-2", "minutes"),
        (0, "params", "mean=abc, cv=0.4", "mean"),
        (1, "share", "1.5", "share"),
    ):
        before = ed._table_steps()
        edit_cell(ed, qtbot, row, key, text)
        msg = ed.errors[-1]
        assert msg.startswith("Step not changed: ") and "steps_by_kind.smart_counter" in msg and words in msg
        assert "\n" not in msg and "Traceback" not in msg
        assert ed.status.text() == msg
        assert ed._table_steps() == before  # the table shows the kept steps again
        assert ed.document() == doc and not ed.modified
    edit_cell(ed, qtbot, 1, "share", "0.2")  # a good value after a refused one: the status says so
    assert ed.errors[-1].startswith("Step not changed") and ed.status.text() == "The scenario is valid."
    assert ed.modified and ed.document()["business"][2]["steps_by_kind"]["smart_counter"][1]["share"] == 0.2
    doc = ed.document()
    n = len(ed.errors)
    ed.show_steps_of("smart", "smart_counter")
    ed.steps_table.selectRow(0)
    assert not ed.remove_step()  # a transaction has at least one step
    assert len(ed.errors) == n + 1 and "at least one step" in ed.errors[-1]
    assert ed.steps_table.rowCount() == 1 and ed.document() == doc
    out = tmp_path / "kept.json"
    assert ed.save_as(str(out)) and read_json(out) == doc


def test_shortening_the_card_opening_lowers_the_machine_wait_in_the_quick_estimate(make_editor, qtbot, tmp_path):
    w = make_editor(load_layout(str(AFTER)), str(AFTER), estimate=True)
    q = w.quick_estimate
    q.timer.setInterval(20)
    qtbot.waitUntil(lambda: q.runs_done >= 1 and not q.running, timeout=30_000)
    base = dict(q.kpis)
    host = w.scenario_editor
    w.menu_actions["edit_scenario"].trigger()
    ed = host.editor
    ed.errors = []
    ed.show_error = ed.errors.append
    ed.ask_discard = lambda: True
    ed.tabs.setCurrentIndex(3)
    ed.show_steps_of("card", "smart_counter")
    # the case's card opening, step by step: the form and the card printing shortened
    edit_cell(ed, qtbot, 0, "params", "mean=1, cv=0.4")
    edit_cell(ed, qtbot, 2, "params", "mean=1, cv=0.4")
    assert ed.errors == [] and ed.modified
    assert ed.steps_mean.text().startswith("Mean time of the transaction here: 2.50 min")
    done = q.runs_done

    def settled():
        idle = not (host._estimate_timer.isActive() or q.timer.isActive() or q.running or q.pending)
        return idle and q.runs_done > done

    qtbot.waitUntil(settled, timeout=30_000)
    assert q.baseline == base  # the change is shown against the scenario as opened
    assert q.kpis["machine_wait_mean_min"] < 0.8 * base["machine_wait_mean_min"]
    assert q.kpis["wait_mean_min"] < base["wait_mean_min"]
    assert "Mean wait (min): " in q.label.text() and "(-" in q.label.text().split("·")[0]
    # the strip is the simulation of the edited scenario, saved atomically as it was shown
    out = tmp_path / "shorter.json"
    assert ed.save_as(str(out))
    direct = checked_estimate(load_layout(str(AFTER)), load_scenario(out), q.day, q.reps, q.seed)
    assert direct["machine_wait_mean_min"] == pytest.approx(q.kpis["machine_wait_mean_min"])
    host.dialog.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_steps_tab_renders_in_both_languages(ed, tmp_path, lang):
    ed.retranslate(lang)
    ed.show_steps_of("card", "smart_counter")
    assert ed.tabs.tabText(3) == ("业务步骤" if lang == "zh" else "Transaction steps")
    header = ed.steps_table.horizontalHeaderItem(STEP_COLS.index("needs")).text()
    assert header == ("需员工到场" if lang == "zh" else "Needs staff")
    assert combo(ed, 1, "needs").currentText() == (
        "授权（智能柜台）" if lang == "zh" else "authorisation (smart counter)"
    )
    assert ed.steps_kind.currentText() == (
        "智能柜台 (smart_counter)" if lang == "zh" else "Smart counter (smart_counter)"
    )
    assert ed.steps_mean.text().startswith(
        "此处业务平均时长：6.50" if lang == "zh" else "Mean time of the transaction here: 6.50"
    )
    assert ed.grab().save(str(tmp_path / f"steps_{lang}.png"))
    assert ed.document() == read_json(SAMPLE)
    ed.plain_steps_button.click()  # nothing of its own to drop: still the sample
    assert ed.document() == read_json(SAMPLE) and not ed.modified
