"""The lifecycle machinery end to end against moto's server over rest-json, stepped by moto's state manager:
EventBridge Pipes (CreatePipe, DescribePipe, StartPipe, StopPipe, DeletePipe — moto keeps pipes in a state-managed
model, ``pipes::pipe``).

The spec is `harness extract` of boto3's generated RST for Pipes, which lists the states (DescribePipe's
CurrentState values) but states no transitions; the Pipe machine below is what extraction does not produce yet,
written from those values and the Start/Stop operations, citing the line that lists the states.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from _boto3_docs import extract_pages

from harness.checks import execute, generate, lifecycle
from harness.cli import main
from harness.results import result_of
from harness.spec import io
from harness.spec.model import Spec
from harness.targets.live import LiveSettings
from harness.targets.moto_server import MotoTarget
from harness.targets.statemanager import STEP, StateManager

PAGES = ("create_pipe", "describe_pipe", "delete_pipe", "list_pipes", "start_pipe", "stop_pipe", "update_pipe")
LIFECYCLE = frozenset(f.name for f in lifecycle.FAMILIES)

PINNED = {
    "pipes.CreatePipe.lifecycle-create.Pipe": "pass",
    "pipes.StartPipe.transition.Pipe.STOPPED": "pass",
    "pipes.StopPipe.transition.Pipe.RUNNING": "pass",
    "pipes.StopPipe.stop-keeps-resource.Pipe": "pass",
}


def _machine(data: dict[str, Any], docs: Path) -> dict[str, Any]:
    source = next(s["id"] for s in data["sources"] if s["path"].endswith("describe_pipe.rst"))
    lines = (docs / "describe_pipe.rst").read_text("utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "'CurrentState':" in text)
    cite = [{"source": source, "line": line, "text": lines[line - 1].strip()}]

    def step(a: str, b: str, trigger: str | None) -> dict[str, Any]:
        return {"from": a, "to": b, "trigger": trigger, "confidence": "inferred", "cite": cite}

    return {"resource": "Pipe", "status_field": "CurrentState", "describe_operation": "DescribePipe",
            "states": ["CREATING", "RUNNING", "STOPPING", "STOPPED", "STARTING"], "initial": ["CREATING"],
            "terminal": [], "preconditions": [], "cite": cite,
            "transitions": [step("CREATING", "RUNNING", None), step("RUNNING", "STOPPING", "StopPipe"),
                            step("STOPPING", "STOPPED", None), step("STOPPED", "STARTING", "StartPipe"),
                            step("STARTING", "RUNNING", None)]}


@pytest.fixture(scope="module")
def spec_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = extract_pages(tmp_path_factory.mktemp("pipes"), "pipes", PAGES)
    path = root / "specs" / "aws" / "pipes.json"
    data = json.loads(path.read_text("utf-8"))
    assert data["service"]["protocol"] == "rest-json" and not data["state_machines"]
    data["state_machines"] = [_machine(data, root / "docs")]
    assert io.problems(data) == []
    path.write_text(json.dumps(data, indent=2) + "\n", "utf-8")
    return path


def test_lifecycle_against_moto_with_the_state_manager(spec_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec: Spec = io.from_json(json.loads(spec_path.read_text("utf-8")))
    stepped: list[tuple[str, dict[str, Any]]] = []
    original = StateManager.set

    def record(self: StateManager, model: str, transition: dict[str, Any]) -> bool:
        stepped.append((model, transition))
        return original(self, model, transition)

    monkeypatch.setattr(StateManager, "set", record)
    target = MotoTarget()
    target.configure(LiveSettings(check_timeout=20))
    try:
        results = {}
        for check in generate(spec, target, LIFECYCLE):
            outcome, seconds = execute(check)
            results[check.id] = result_of(spec, check, outcome, seconds)
        transport = target.transport(spec)
        assert transport is not None
        assert transport.call("ListPipes", {}, timeout=5).data["Pipes"] == []  # every pipe made was deleted
    finally:
        target.close()
    assert {i: r.verdict for i, r in results.items()} == PINNED, {i: r.message for i, r in results.items()}
    assert stepped and {m for m, _ in stepped} == {"pipes::pipe"} and all(t == STEP for _, t in stepped)
    from moto.moto_api import state_manager

    assert state_manager.get_transition("pipes::pipe") == {"progression": "manual", "times": 1}  # moto's default back
    stop = results["pipes.StopPipe.transition.Pipe.RUNNING"]
    assert [s for _, s in stop.observed][:2] == ["CREATING", "RUNNING"] and stop.observed[-1][1] == "STOPPED"
    assert all(r.duration_s < 2 for r in results.values())  # stepped, not waited for


def test_the_whole_spec_over_rest_json(spec_path: Path) -> None:
    out = spec_path.parent.parent.parent / "out"
    assert main(["verify", str(spec_path), "--target", "moto", "--out", str(out)]) == 0
    results = {r["id"]: r for r in json.loads((out / "results.json").read_text("utf-8"))["results"]}
    assert results["pipes.UpdatePipe.implemented"]["verdict"] == "not-implemented"
    assert results["pipes.CreatePipe.response-conformance"]["message"].startswith("CreatePipe's success reply (HTTP 200)")
    assert results["pipes.StopPipe.unknown-resource"]["message"].startswith("StopPipe answers NotFoundException")
    assert results["pipes.CreatePipe.required-input.Name"]["message"] == "Name is part of the URI and cannot be left out"
    assert {r["verdict"] for r in results.values()} == {"pass", "skipped", "not-implemented"}
