"""The Suggest dialog's Advanced tab: the weights, the move cost, the no-worse guards, the sampler
and the immovable kinds reach the search exactly as ``lobbysim suggest`` would pass them, and a bad
value is refused with the command line's own message before anything starts. No search runs here:
the job the dialog submits is caught and its call to ``suggest`` recorded."""

from __future__ import annotations

from pathlib import Path

import pytest

import lobbysim.experiments.suggest as suggest_pkg
from lobbysim.model.fileformat import load_layout

BEFORE = str(Path(__file__).resolve().parents[1] / "layouts/railway_station/before.lobby.json")


@pytest.fixture
def dialog(make_editor, monkeypatch):
    """The dialog on the sample's drawing; a submitted search is recorded, not run."""
    win = make_editor(load_layout(BEFORE), BEFORE)
    win.menu_actions["suggest"].trigger()
    dlg = win.suggest_dialog
    calls = []

    def fake_suggest(base, objective, settings, **kw):
        calls.append((base, objective, settings))

    def start(name, work, on_done=None, on_end=None):
        work(None, None)  # the job's body, here and now: it calls the (fake) search
        return None

    monkeypatch.setattr(suggest_pkg, "suggest", fake_suggest)
    monkeypatch.setattr(win.jobs, "start", start)
    monkeypatch.setattr(win.jobs, "executor", lambda: None)
    dlg.calls = calls
    return win, dlg


def _cli(win, *extra):
    """What ``lobbysim suggest`` builds from the equivalent command line: (objective, settings)."""
    from lobbysim.cli import build_parser
    from lobbysim.cli._experiments import analysis_from_args
    from lobbysim.cli.suggest import settings_from
    from lobbysim.experiments.experiment import load_variant

    sim = win.sim
    argv = ["suggest", BEFORE, "--scenario", sim.scenario_path(), "--days", ",".join(sim.day.codes())]
    argv += ["--seed", str(sim.seed.value()), "--confirm-reps", str(max(2, sim.reps.value()))]
    args = build_parser().parse_args(argv + list(extra))
    base = load_variant("input", args.layout, args.scenario)
    analysis = analysis_from_args(args, base)
    objective = suggest_pkg.make_objective(args.objective, analysis, args.weights, args.no_worse, args.move_cost)
    return objective, settings_from(args)


def test_defaults_are_the_command_lines(dialog):
    """Untouched, the Advanced tab gives what the command line gives without those options."""
    win, dlg = dialog
    assert dlg.tabs.count() == 2 and dlg.tabs.tabText(1) == "Advanced"
    assert dlg.advanced.sampler_code() == "cmaes" and dlg.advanced.immovable() == suggest_pkg.DEFAULT_IMMOVABLE
    dlg.set_movable(["vp_desk"])
    dlg.set_objectives(["marketing_contacts", "ops_vp_floor_share"])
    assert dlg.advanced.weights.rowCount() == 2
    dlg.search_button.click()
    assert not win.errors, win.errors
    (_, objective, settings) = dlg.calls[-1]
    cli = _cli(win, "--objective", "marketing_contacts,ops_vp_floor_share", "--movable", "vp_desk", "--budget", "30")
    assert (objective, settings) == cli
    assert [g.kpi for g in objective.guards] == ["wait_mean_min"]
    # the tab follows the language switch; the weights typed and the ticks stay
    dlg.advanced.set_weight("ops_vp_floor_share", "3")
    win.set_language("zh")
    adv = dlg.advanced
    assert dlg.tabs.tabText(1) == "高级设置" and adv.labels["immovable"].text() == "固定不动的设施类型"
    assert adv.kinds.item(0).text() == "高柜" and adv.sampler.currentText().startswith("cmaes — CMA-ES 进化策略")
    assert adv.weights.item(1, 0).text() == "内勤行长厅堂时间占比" and adv.weights_text() == "1,3"
    win.set_language("en")
    assert adv.kinds.item(0).text() == "Cash (high) counter" and adv.immovable() == suggest_pkg.DEFAULT_IMMOVABLE


def test_each_advanced_setting_reaches_the_search_as_the_command_lines(dialog):
    win, dlg = dialog
    adv = dlg.advanced
    dlg.set_objectives(["marketing_contacts", "ops_vp_floor_share"])
    adv.set_weight("marketing_contacts", "2")
    adv.set_weight("ops_vp_floor_share", "0.5")
    adv.move_cost.setValue(0.25)
    adv.no_worse.setText("wait_mean_min=0.5,share_wait_over_15min")
    adv.set_sampler("nsga2")
    adv.set_immovable(["cash_counter"])  # smart counters may move now: they are listed
    assert "smart1" in _ids(dlg) and "cash1" not in _ids(dlg)
    dlg.set_movable(["vp_desk", "smart1"])
    dlg.budget.setValue(12)
    win.sim.day.set_codes(["thu"])
    dlg.search_button.click()
    assert not win.errors, win.errors
    (_, objective, settings) = dlg.calls[-1]
    cli = _cli(
        win,
        "--objective",
        "marketing_contacts,ops_vp_floor_share",
        "--weights",
        "2,0.5",
        "--move-cost",
        "0.25",
        "--no-worse",
        "wait_mean_min=0.5,share_wait_over_15min",
        "--sampler",
        "nsga2",
        "--immovable-kinds",
        "cash_counter",
        "--movable",
        "smart1,vp_desk",  # the order they are listed in (the drawing's)
        "--budget",
        "12",
    )
    assert (objective, settings) == cli
    assert objective.weights == (2.0, 0.5) and objective.move_cost == 0.25 and settings.sampler == "nsga2"
    assert [(g.kpi, g.tolerance) for g in objective.guards][0] == ("wait_mean_min", 0.5)
    # 'none': no guard at all, as --no-worse none
    adv.no_worse.setText("none")
    dlg.search()  # (the button waits for the end of the recorded job, which never comes here)
    assert dlg.calls[-1][1].guards == () and not win.errors


def _ids(dlg):
    return [dlg.movable.item(i).data(0x0100) for i in range(dlg.movable.count())]


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (lambda a: a.set_weight("marketing_contacts", "0"), "--weights: every weight must be a number > 0"),
        (lambda a: a.set_weight("marketing_contacts", "much"), "--weights: numbers separated by commas"),
        (lambda a: a.no_worse.setText("wait_mean_mn"), "'wait_mean_mn' is not a KPI (did you mean 'wait_mean_min'?)"),
        (lambda a: a.no_worse.setText("wait_mean_min=-1"), "--no-worse wait_mean_min=TOL: TOL must be a number > 0"),
    ],
)
def test_a_bad_value_is_refused_with_a_message_and_nothing_starts(dialog, setting, message):
    win, dlg = dialog
    dlg.set_movable(["vp_desk"])
    dlg.set_objectives(["marketing_contacts"])
    setting(dlg.advanced)
    dlg.search_button.click()
    assert dlg.calls == [] and len(win.errors) == 1 and message in win.errors[0], win.errors
    assert "\n" not in win.errors[0] and dlg.search_button.isEnabled()


def test_an_unknown_immovable_kind_is_refused_on_the_command_line_and_in_the_dialog(dialog, capsys, monkeypatch):
    """A misspelt kind would silently let that kind move: the core's check refuses it, with a
    did-you-mean, for the command line and for the dialog; every kind the dialog offers passes it."""
    from lobbysim.cli import main
    from lobbysim.experiments.suggest.space import check_immovable

    scenario = str(Path(BEFORE).with_name("scenario.json"))
    argv = ["suggest", BEFORE, "--scenario", scenario, "--objective", "marketing_contacts", "--movable", "vp_desk"]
    assert main([*argv, "--budget", "4", "--immovable-kinds", "cash_countr"]) == 2
    err = capsys.readouterr().err
    assert "--immovable-kinds: unknown kind 'cash_countr' (did you mean 'cash_counter'?)" in err, err
    win, dlg = dialog
    adv = dlg.advanced
    offered = [adv.kinds.item(i).data(0x0100) for i in range(adv.kinds.count())]
    check_immovable(offered)  # the dialog offers only kinds the core knows
    monkeypatch.setattr(adv, "immovable", lambda: ("cash_countr",))  # (as a stale value would reach it)
    dlg.set_movable(["vp_desk"])
    dlg.set_objectives(["marketing_contacts"])
    dlg.search_button.click()
    assert dlg.calls == [] and len(win.errors) == 1 and "unknown kind 'cash_countr'" in win.errors[0]


def test_the_results_table_names_its_columns_before_a_search(dialog):
    """Before any search the empty results table shows its columns' names (it showed Qt's 1, 2, 3)."""
    win, dlg = dialog
    heads = [dlg.table.horizontalHeaderItem(c).text() for c in range(dlg.table.columnCount())]
    assert heads == [dlg.t("rank"), dlg.t("changes"), dlg.t("gain")] and "1" not in heads
    dlg.retranslate("zh")
    assert dlg.table.horizontalHeaderItem(0).text() == dlg.t("rank") != heads[0]
