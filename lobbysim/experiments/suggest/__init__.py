"""``lobbysim suggest``: search placements of desks, the call station, seats, posts and machines for
a layout that wins, and prove it on the same simulated customers (see ``search``)."""

from .objective import Guard, Objective, make_objective
from .result import Suggestion, SuggestResult
from .search import MAX_BUDGET, MIN_BUDGET, SAMPLERS, Settings, SuggestError, suggest
from .site import REASONS, Rules
from .space import DEFAULT_IMMOVABLE, Design, Edit, Space

__all__ = [
    "DEFAULT_IMMOVABLE",
    "Design",
    "Edit",
    "Guard",
    "MAX_BUDGET",
    "MIN_BUDGET",
    "Objective",
    "REASONS",
    "Rules",
    "SAMPLERS",
    "Settings",
    "Space",
    "SuggestError",
    "SuggestResult",
    "Suggestion",
    "make_objective",
    "suggest",
]
