"""Parsing sweep parameters and addressing scenario documents."""

from __future__ import annotations

import pytest

from lobbysim.errors import UsageError
from lobbysim.experiments.sweep import parse_param, parse_values, set_path


def test_values_lists_and_ranges():
    assert parse_values("0.8,1.0,1.2") == [0.8, 1.0, 1.2]
    assert parse_values("0.8:1.3:0.1") == [0.8, 0.9, 1.0, 1.1, 1.2, 1.3]
    assert parse_param("arrivals=1:3:1") == ("arrivals", [1.0, 2.0, 3.0])
    for bad in ("a,b", "1:0:0.1", "1:2", "", "1:2:0"):
        with pytest.raises(UsageError):
            parse_values(bad)
    with pytest.raises(UsageError, match="NAME=VALUES"):
        parse_param("arrivals")


def test_set_path_copies_and_checks():
    doc = {"demand": {"scale": 1.0}, "roster": [{"id": "a", "post": 1}]}
    out = set_path(doc, "demand.scale", 1.2)
    assert out["demand"]["scale"] == 1.2 and doc["demand"]["scale"] == 1.0
    assert set_path(doc, "roster.0.post", 3)["roster"][0]["post"] == 3
    with pytest.raises(UsageError, match="no parameter"):
        set_path(doc, "demand.nope", 1)
    with pytest.raises(UsageError, match="index"):
        set_path(doc, "roster.5.post", 1)
    with pytest.raises(UsageError, match="inside a value"):
        set_path(doc, "demand.scale.x", 1)
