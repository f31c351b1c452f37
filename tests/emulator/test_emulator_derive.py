"""What the emulator derives from a spec: resources, identifiers, actions, machines, failure formats.

Exercised on the three real specs and on a made-up one (fixtures/widgets.json, no botocore model) to show
that a new spec gives a new API with no code, and that nothing in harness/emulator names a service.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from _emulator_support import FIXTURES, ROOT, SPECS

from harness.emulator import naming
from harness.emulator.api import Api, build
from harness.emulator.machines import derive
from harness.spec.io import load
from harness.spec.model import StateMachine, Transition


def api(path: Path) -> Api:
    return build(load(path))


@pytest.fixture(scope="module")
def personalize() -> Api:
    return api(SPECS / "aws/personalize.json")


def test_personalize_resources_and_identifiers(personalize: Api) -> None:
    assert {k: v.id_field for k, v in personalize.kinds.items()} == {
        "Solution": "solutionArn", "SolutionVersion": "solutionVersionArn", "Campaign": "campaignArn"}
    actions = {op.name: (op.action, op.kind, op.id_param) for op in personalize.ops.values()}
    assert actions["CreateSolutionVersion"] == ("create", "SolutionVersion", None)
    assert actions["DescribeSolutionVersion"] == ("describe", "SolutionVersion", "solutionVersionArn")
    assert actions["StopSolutionVersionCreation"] == ("trigger", "SolutionVersion", "solutionVersionArn")
    assert actions["ListSolutionVersions"] == ("list", "SolutionVersion", None)
    assert actions["DeleteSolution"] == ("delete", "Solution", "solutionArn")
    assert personalize.ops["CreateSolutionVersion"].refs == {"solutionArn": "Solution"}
    assert personalize.ops["CreateCampaign"].refs == {"solutionVersionArn": "SolutionVersion"}


def test_personalize_parameters_fall_back_to_botocore(personalize: Api) -> None:
    params = {p.name: p for p in personalize.ops["CreateSolutionVersion"].params}
    assert params["solutionArn"].required and params["solutionArn"].kind == "string"
    assert params["trainingMode"].enum == ("FULL", "UPDATE", "AUTOTRAIN") and not params["trainingMode"].required
    assert [f.name for f in personalize.ops["CreateSolutionVersion"].outputs] == ["solutionVersionArn"]
    assert "ResourceInUseException" in personalize.ops["StopSolutionVersionCreation"].errors


def test_personalize_machine_documented_and_inferred(personalize: Api) -> None:
    m = personalize.kinds["SolutionVersion"].machine
    assert m is not None
    assert m.model_name == "personalize::solution_version"
    assert m.initial == "CREATE_PENDING"
    assert m.moves == {("StopSolutionVersionCreation", "CREATE_IN_PROGRESS"): "CREATE_STOPPING",
                       ("StopSolutionVersionCreation", "CREATE_PENDING"): "CREATE_STOPPED"}
    steps = {state: (s.to, s.documented) for state, s in m.auto.items()}
    assert steps == {"CREATE_STOPPING": ("CREATE_STOPPED", True),
                     "CREATE_PENDING": ("CREATE_IN_PROGRESS", False),
                     "CREATE_IN_PROGRESS": ("ACTIVE", False)}
    assert m.allowed["StopSolutionVersionCreation"] == {"CREATE_PENDING", "CREATE_IN_PROGRESS"}


def test_rekognition_inferred_required_is_not_enforced() -> None:
    rek = api(SPECS / "aws/rekognition.json")
    params = {p.name: p.required for p in rek.ops["DescribeProjectVersions"].params}
    assert params["ProjectArn"] is True          # inferred in the spec, required in the model
    assert params["VersionNames"] is False       # inferred in the spec only: the docs do not say
    assert rek.ops["StopProjectVersion"].action == "trigger"
    assert rek.prefixes >= {"RekognitionService"}
    m = rek.kinds["ProjectVersion"].machine
    assert m is not None and m.allowed["StopProjectVersion"] == {"STOPPING"}
    assert m.auto["DELETING"].remove


def test_modelarts_failure_body_comes_from_the_documented_example() -> None:
    ma = api(SPECS / "otc/modelarts.json")
    f = ma.failure
    assert (f.flag, f.code, f.message, f.sample_code) == ("is_success", "error_code", "error_message",
                                                           "ModelArts.0105")
    params = {p.name: (p.kind, p.location) for p in ma.ops["StopTrainingJob"].params}
    assert params == {"project_id": ("string", "path"), "job_id": ("integer", "path"),
                      "version_id": ("integer", "path")}
    stop = ma.ops["StopTrainingJob"]
    assert (stop.action, stop.kind, stop.id_param) == ("plain", "TrainingJob", "job_id")
    assert ma.kinds["TrainingJob"].machine is None  # acted on by its identifier, so tracked (seeded) only


def test_a_made_up_spec_gives_a_new_api() -> None:
    widgets = api(FIXTURES / "widgets.json")
    assert (widgets.failure.flag, widgets.failure.code, widgets.failure.message) == ("ok", "fault_code", "fault_msg")
    kind = widgets.kinds["Widget"]
    assert (kind.id_field, kind.id_kind) == ("widget_id", "integer")
    assert {op.name: op.action for op in widgets.ops.values()} == {
        "CreateWidget": "create", "ShowWidget": "describe", "PauseWidget": "trigger"}


@pytest.mark.parametrize(("name", "expected"), [
    ("StopSolutionVersionCreation", ("Stop", "SolutionVersionCreation")),
    ("DescribeProjectVersions", ("Describe", "ProjectVersions")),
    ("StopTrainingJob", ("Stop", "TrainingJob")),
])
def test_split_operation(name: str, expected: tuple[str, str]) -> None:
    assert naming.split_operation(name) == expected


@pytest.mark.parametrize(("state", "transient", "family"), [
    ("CREATE_PENDING", True, "normal"), ("CREATE_IN_PROGRESS", True, "normal"), ("ACTIVE", False, "normal"),
    ("CREATE_STOPPING", True, "stop"), ("CREATE_FAILED", False, "fail"), ("RUNNING", False, "normal"),
    ("DELETING", True, "delete"), ("CREATE PENDING", True, "normal"),
])
def test_state_conventions(state: str, transient: bool, family: str) -> None:
    assert (naming.is_transient(state), naming.family(state)) == (transient, family)


def test_identifier_names_cover_tails() -> None:
    assert naming.id_names("TrainingJob")[:3] == ("trainingjobarn", "trainingjobid", "trainingjobname")
    assert "jobid" in naming.id_names("TrainingJob")


def _named_in_specs() -> set[str]:
    names: set[str] = set()
    for path in SPECS.rglob("*.json"):
        spec = load(path)
        names |= {spec.service.name, spec.service.title, *(o.name for o in spec.operations),
                  *(m.resource for m in spec.state_machines), *(s.id for s in spec.sources)}
        names |= {spec.service.botocore_service} if spec.service.botocore_service else set()
    return {n for n in names if len(n) > 3}


def test_nothing_in_the_emulator_names_a_service_operation_or_seed() -> None:
    sources = [*sorted((ROOT / "harness/emulator").glob("*.py")), ROOT / "harness/cli/serve.py"]
    forbidden = _named_in_specs() | {"seeds/"}
    hits = [(p.name, n) for p in sources for n in forbidden
            if re.search(rf"(?<![A-Za-z]){re.escape(n)}(?![a-z])", p.read_text(), re.IGNORECASE)]
    assert hits == []


def test_several_documented_outcomes_prefer_the_one_that_is_not_a_failure() -> None:
    sm = StateMachine("Widget", None, None, ("READY", "PAUSING", "PAUSED", "PAUSE_FAILED"), (), (),
                      (Transition("PAUSING", "PAUSE_FAILED", "PauseWidget", "inferred", ()),
                       Transition("PAUSING", "PAUSED", "PauseWidget", "inferred", ()),
                       Transition("READY", "PAUSE_FAILED", None, "stated", ()),
                       Transition("READY", "PAUSING", None, "stated", ())), (), ())
    m = derive("widgets", sm)
    assert m.moves == {("PauseWidget", "PAUSING"): "PAUSED"}
    assert m.auto["READY"].to == "PAUSING"
    assert m.initial == "READY" and m.allowed == {"PauseWidget": frozenset({"PAUSING"})}
