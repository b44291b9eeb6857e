"""From files to a :class:`~.ticketlog.TicketLog`: open each log, map its columns, map its values
to the scenario's businesses and the layout's windows, read the rows."""

from __future__ import annotations

from lobbysim.sim.scenario import STAFFED_KINDS

from .columns import header_finder, map_columns, parse_overrides
from .tables import open_table
from .ticketlog import LogReader, TicketLog
from .values import BusinessMapper, WindowMapper, parse_pairs


def staffed_fixtures(layout) -> list[tuple[str, str, str]]:
    """(id, English name, Chinese name) of the counters and desks where a ticket can be served."""
    from lobbysim.model.elements import Fixture

    return [
        (f.id, getattr(f, "name_en", "") or "", getattr(f, "name_zh", "") or "")
        for f in layout.of_type(Fixture)
        if f.fixture_kind in STAFFED_KINDS
    ]


def fixture_kinds(layout) -> dict[str, str]:
    from lobbysim.model.elements import Fixture

    return {f.id: f.fixture_kind for f in layout.of_type(Fixture)}


def read_logs(
    paths,
    layout,
    scenario,
    columns: str | None = None,
    business_map: str | None = None,
    window_map: str | None = None,
    progress=None,
) -> TicketLog:
    """Read and clean every log (one-line LobbysimErrors for anything unusable)."""
    overrides = parse_overrides(columns)
    bmap = BusinessMapper(
        [(b.code, b.name_en, b.name_zh) for b in scenario.business], parse_pairs(business_map, "--business-map")
    )
    fixtures = staffed_fixtures(layout)
    wmap = WindowMapper(fixtures, parse_pairs(window_map, "--window-map"))
    reader = LogReader(bmap, wmap)
    finder = header_finder(overrides)
    for i, path in enumerate(paths):
        table = open_table(path, finder)
        mapping = map_columns(table.header, overrides, str(path))
        reader.read(table, mapping, i, progress)
    return reader.finish(bmap.codes, wmap.ids, ", ".join(str(p) for p in paths))
