"""Spec validation with the schema's references inlined finds what the schema as written finds."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from harness.spec import io as spec_io

SPEC = Path(__file__).parents[1] / "checks" / "fixtures" / "good" / "rekognition.json"


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
