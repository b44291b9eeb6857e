"""Editing a scenario file in the editor: the public names of :mod:`lobbysim.ui.scenario`.

The editor lives in the subpackage ``lobbysim.ui.scenario`` (one module per tab, the editor, the
Scenario menu); this module keeps the names other modules and tests import from here.
``ScenarioEditorHost`` is the editor window's Scenario > Edit scenario… dialog.
"""

from __future__ import annotations

from .scenario.business import fmt_params, parse_params
from .scenario.editor import ScenarioEditor
from .scenario.host import ScenarioEditorHost
from .scenario.hourly_chart import HourlyChart
from .scenario.roster import AbilitiesButton, fmt_spans, parse_spans
from .scenario.values import structure_problem

__all__ = [
    "ScenarioEditor",
    "HourlyChart",
    "ScenarioEditorHost",
    "structure_problem",
    "parse_spans",
    "fmt_spans",
    "parse_params",
    "fmt_params",
    "AbilitiesButton",
]
