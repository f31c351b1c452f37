"""Spec validation with the schema's references inlined finds what the schema as written finds."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import fastjsonschema
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.spec import io as spec_io

SPEC = Path(__file__).parents[1] / "checks" / "fixtures" / "good" / "rekognition.json"
GOOD = json.loads(SPEC.read_text("utf-8"))


def as_written(data: Any) -> list[tuple[str, str]]:
    schema = spec_io.schema()
    validator = jsonschema.validators.validator_for(schema)(schema)
    return sorted((e.json_path, e.message) for e in validator.iter_errors(data))


@pytest.mark.parametrize("break_it", [
    lambda d: None,
    lambda d: d["operations"][0].__setitem__("name", ""),
    lambda d: d["operations"][0]["cite"].append({"source": 1}),
    lambda d: d["sources"][0].pop("sha256"),
    lambda d: d["service"].__setitem__("protocol", "soap"),
    lambda d: d["enums"].append({"name": "", "values": [{"value": "A"}], "cite": []}),
])
def test_inlined_schema_finds_the_same_problems(break_it: Any) -> None:
    data = copy.deepcopy(json.loads(SPEC.read_text("utf-8")))
    break_it(data)
    assert spec_io.problems(data) == as_written(data)
    assert "$ref" not in json.dumps({k: v for k, v in spec_io._validator().schema.items() if k != "$defs"})


def _places(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON tree, as the keys and indexes that reach it."""
    found = [path]
    if isinstance(node, dict):
        for k, v in node.items():
            found += _places(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += _places(v, (*path, i))
    return found


ODD_VALUES = [None, 0, -1, 1.5, "", "x", "CREATE PENDING", True, [], [1], {}, {"x": 1}]
ODD = st.sampled_from(ODD_VALUES).map(copy.deepcopy)
"""A fresh copy each draw: a later step of the same example may add to a list or dict it placed, which
must not change the values the next examples draw (hypothesis reported the test as flaky)."""


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_quick_validator_agrees_with_jsonschema(data: st.DataObject) -> None:
    """fastjsonschema gives the yes/no, jsonschema the reasons: on any spec broken anywhere (a value replaced,
    a field dropped, a field added), both must say the same."""
    spec = copy.deepcopy(GOOD)
    for _ in range(data.draw(st.integers(1, 3))):
        where = data.draw(st.sampled_from(_places(spec)))
        if not where:
            continue
        parent = spec
        for key in where[:-1]:
            parent = parent[key]
        how = data.draw(st.sampled_from(["replace", "drop", "add"]))
        if how == "replace":
            parent[where[-1]] = data.draw(ODD)
        elif how == "drop":
            del parent[where[-1]]
        elif isinstance(parent, dict):
            parent[data.draw(st.sampled_from(["extra", "name", "cite"]))] = data.draw(ODD)
    valid = not as_written(spec)
    try:
        spec_io._fast()(spec)
        quick = True
    except fastjsonschema.JsonSchemaException:
        quick = False
    assert quick == valid
    assert (spec_io.problems(spec) == []) == valid
