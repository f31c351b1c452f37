"""Shared helpers for the check-family, plugin and verify tests (a plain module, not a conftest)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from botocore.model import ServiceModel

from harness.checks import execute, generate
from harness.results import Result, result_of
from harness.spec import io
from harness.targets.botocore_model import BotocoreModel, session

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "good"
BAD = FIXTURES / "bad"


def spec_data(name: str) -> dict[str, Any]:
    """A fresh, mutable copy of a good fixture spec."""
    return json.loads((GOOD / f"{name}.json").read_text("utf-8"))


def run_checks(data: dict[str, Any], target: Any = None) -> dict[str, Result]:
    """Validate ``data`` against the spec schema, generate its checks and judge them: id → result."""
    assert io.problems(data) == [], io.problems(data)
    spec = io.from_json(data)
    target = target or BotocoreModel()
    results = {}
    for check in generate(spec, target):
        outcome, seconds = execute(check)
        results[check.id] = result_of(spec, check, outcome, seconds)
    return results


def modified_model(service: str, edit: Callable[[dict[str, Any]], None]) -> BotocoreModel:
    """A botocore target whose model of ``service`` is the installed one changed by ``edit``."""
    data = copy.deepcopy(session().get_service_data(service))
    edit(data)
    return BotocoreModel(models={service: ServiceModel(data, service_name=service)})
