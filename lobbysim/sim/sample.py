"""The sample scenario of the railway-station sub-branch (火车站支行), as a document.

There is one source: the bundled file ``layouts/railway_station/scenario.json`` (found wherever
lobbysim is installed through :mod:`lobbysim.samples`). Its ``notes`` say where every value comes
from (S = the seed case, P = a public source, E = an estimate, C = calibrated so that the simulated
figures match the seed's) and its ``ranges`` how uncertain the estimates are. Edit that file; this
module only reads it.
"""

from __future__ import annotations

import copy
from functools import lru_cache


@lru_cache(maxsize=1)
def _sample_doc() -> dict:
    from lobbysim.model.jsonio import read_json
    from lobbysim.samples import DEFAULT_SCENARIO, sample_file

    doc = read_json(sample_file(DEFAULT_SCENARIO), what="lobbysim scenario")
    assert isinstance(doc, dict)
    return doc


def sample_scenario_doc() -> dict:
    """A fresh copy of the sample scenario's document (the caller may change it)."""
    return copy.deepcopy(_sample_doc())
