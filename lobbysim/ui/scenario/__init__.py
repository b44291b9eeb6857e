"""Editing a scenario file (``*.json``, format ``lobbysim.scenario``) in the editor.

A scenario says who works in the branch, how many customers come and when, what they want
and how they behave. :class:`~lobbysim.ui.scenario.editor.ScenarioEditor` edits the scenario
document in four tabs, each a module of this package:

- **Staff roster**, :mod:`.roster`: one row per staff member; role, counter, desk and lobby post
  are drop-downs filled from the scenario format and the current layout; shifts and breaks are
  clock spans such as ``09:00–17:00``.
- **Demand**, :mod:`.demand` with the bar chart of :mod:`.hourly_chart`: customers per day,
  day factors, and the hourly shares of a day's arrivals as bars dragged to their height.
- **Business mix**, :mod:`.business`: one row per kind of business with its share and service
  time.
- **Behaviour and policies**, :mod:`.behaviour_tree`: every other section (opening hours,
  customers, policies, notes) as a tree of keys and values, so nothing in the file is out of reach.

:mod:`.editor` holds the editor (tabs, document, validation, files), :mod:`.host` the editor's
dialog in an editor window (``ScenarioEditorHost``, opened from the Scenario menu), :mod:`.texts`
the interface texts (English, looked up in the Qt translation file under the context
"ScenarioEditor"), :mod:`.values` the cell texts of scenario values, :mod:`.tables` what the two
tables share.
``lobbysim.ui.scenario_editor`` re-exports the public names.
"""
