"""The canonical spec text is exactly what ``json.dumps(data, indent=2, ensure_ascii=False)`` writes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from harness.spec import io as spec_io

SPEC = Path(__file__).parents[1] / "checks" / "fixtures" / "good" / "rekognition.json"


def as_json_writes(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("data", [
    {},
    {"empty": [], "nothing": {}, "nested": [[], {}, [[1]], {"a": {"b": []}}]},
    {"numbers": [0, -1, 10**30, 2.5, -0.0, 1e-9, True, False, None]},
    {"text": ["", "é ü 中", "\u2028\u2029", "quote \" backslash \\ tab \t newline \n", "\x00\x1f\x7f"]},
    {1: "int key", 2.5: "float key", True: "bool key", None: "null key"},
    {"tuples": ("a", ("read", "as", "lists"))},
], ids=lambda d: json.dumps(d)[:30])
def test_same_text_as_json(data: Any) -> None:
    assert spec_io.dumps(data) == as_json_writes(data)


def test_same_text_for_a_whole_spec() -> None:
    data = json.loads(SPEC.read_text("utf-8"))
    assert spec_io.dumps(data) == as_json_writes(data)


def test_a_key_json_cannot_write_fails() -> None:
    with pytest.raises(TypeError):
        spec_io.dumps({("a", "b"): 1})
