"""Leadership figures, each a function from layout(s) and records to a matplotlib Figure.

Object API only (``matplotlib.figure.Figure``), no pyplot state and no Qt. Every figure is
computed from the simulation's records (walks, customer journeys, staff activities, queue
samples), never from constants, so a change in the records changes the figure. Before and
after are drawn side by side on the same scale and colour range. Labels come in Chinese,
English or both (``lang`` = 'zh', 'en', 'both').

This module gathers the report's figure families under one name for the editor and the
document; each family lives in its own module: ``labels`` (words and colours), ``page`` (A4
pages, tables), ``plan`` (the floor plan), ``measures`` (what the figures show, reduced from
the records, no matplotlib), ``flows`` (customer flow chart, staff spaghetti), ``occupancy``
(heat maps), ``waits``, ``staff_time`` and ``kpi_table``.
"""

from __future__ import annotations

from matplotlib.patches import Patch

from .flows import figure_customer_flow, figure_staff_spaghetti
from .kpi_table import figure_kpi_table, kpi_rows
from .labels import (
    A_COLOUR,
    ACTIVITY_COLOURS,
    ACTIVITY_LABELS,
    B_COLOUR,
    BUSINESS_COLOURS,
    DAY_NAMES,
    ROLE_COLOURS,
    ROLE_LABELS,
    T2,
    UNITS,
    VERDICT_COLOURS,
    T,
    day_name,
    fmt_value,
    wrap,
)
from .measures import (
    Flow,
    business_colours,
    customer_dwell,
    customer_flows,
    minutes_by_area,
    occupancy_grid,
    staff_headcount,
    staff_metres,
    staff_time_use,
)
from .occupancy import figure_heatmaps
from .page import A4, new_figure, page, style, table
from .plan import draw_plan, figure_plans, no_posts_note, plan_extent
from .staff_time import figure_staff_time
from .waits import figure_waits

__all__ = [
    "A4",
    "A_COLOUR",
    "ACTIVITY_COLOURS",
    "ACTIVITY_LABELS",
    "B_COLOUR",
    "BUSINESS_COLOURS",
    "DAY_NAMES",
    "ROLE_COLOURS",
    "ROLE_LABELS",
    "UNITS",
    "VERDICT_COLOURS",
    "T",
    "T2",
    "day_name",
    "fmt_value",
    "wrap",
    "style",
    "new_figure",
    "page",
    "table",
    "draw_plan",
    "plan_extent",
    "no_posts_note",
    "figure_plans",
    "figure_customer_flow",
    "figure_staff_spaghetti",
    "figure_heatmaps",
    "figure_waits",
    "figure_staff_time",
    "figure_kpi_table",
    "kpi_rows",
    "Flow",
    "business_colours",
    "customer_flows",
    "customer_dwell",
    "occupancy_grid",
    "minutes_by_area",
    "staff_time_use",
    "staff_headcount",
    "staff_metres",
    "Patch",
]
