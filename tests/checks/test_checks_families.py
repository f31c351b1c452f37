"""Every check family passes on a spec that agrees with botocore, and fails on one that contradicts it.

The table `CONTRADICTIONS` is the evidence: each row alters a good fixture (or the model) and names the
result that must then be "fail" — not pass, not error. `test_every_family_is_shown_to_fail` keeps the
table complete as families are added.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from _checks_support import modified_model, run_checks, spec_data

from harness.checks import Check, Family, Outcome, execute, families, generate
from harness.spec import io
from harness.targets.botocore_model import BotocoreModel


def op(data: dict[str, Any], name: str) -> dict[str, Any]:
    return next(o for o in data["operations"] if o["name"] == name)


def example(data: dict[str, Any], ex_id: str) -> dict[str, Any]:
    return next(e for e in data["examples"] if e["id"] == ex_id)


def replace_code(ex_id: str, old: str, new: str) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        ex = example(data, ex_id)
        assert old in ex["code"]
        ex["code"] = ex["code"].replace(old, new)
    return edit


def rek_op(name: str, edit: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    return lambda data: edit(op(data, name))


def drop_state(state: str) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        machine = data["state_machines"][0]
        machine["states"].remove(state)
    return edit


def drop_transition(src: str, dst: str) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        machine = data["state_machines"][0]
        machine["transitions"] = [t for t in machine["transitions"] if (t["from"], t["to"]) != (src, dst)]
    return edit


def drop_enum_value(value: str) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        data["enums"][0]["values"] = [v for v in data["enums"][0]["values"] if v["value"] != value]
    return edit


def add_spelling(value: str, spelling: str) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        next(v for v in data["enums"][0]["values"] if v["value"] == value)["spellings"].append(spelling)
    return edit


def model_drop_error(op_name: str, error: str) -> Callable[[dict[str, Any]], None]:
    def edit(model: dict[str, Any]) -> None:
        model["operations"][op_name]["errors"] = [e for e in model["operations"][op_name]["errors"]
                                                  if e["shape"] != error]
    return edit


def model_drop_enum(shape: str, value: str) -> Callable[[dict[str, Any]], None]:
    def edit(model: dict[str, Any]) -> None:
        model["shapes"][shape]["enum"].remove(value)
    return edit


def model_make_optional(shape: str, member: str) -> Callable[[dict[str, Any]], None]:
    def edit(model: dict[str, Any]) -> None:
        model["shapes"][shape]["required"].remove(member)
    return edit


@dataclass(frozen=True)
class Contradiction:
    family: str
    fixture: str
    failing_id: str
    spec_edit: Callable[[dict[str, Any]], None] | None = None
    model_edit: Callable[[dict[str, Any]], None] | None = None
    says: str = ""
    """A fragment the failure message must contain."""


def _set(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda d: d.__setitem__(key, value)


R, L, P = "rekognition", "lambda", "personalize"
STOP, DESC = "rekognition.StopProjectVersion", "rekognition.DescribeProjectVersions"

CONTRADICTIONS = [
    Contradiction("operation-exists", R, "rekognition.StopModel.operation-exists",
                  rek_op("StopProjectVersion", _set("name", "StopModel")), says="no such operation"),
    Contradiction("operation-exists", R, f"{STOP}.operation-exists",
                  model_edit=lambda m: m["operations"].pop("StopProjectVersion"), says="no such operation"),
    Contradiction("operation-name", R, f"{STOP}.operation-name.python",
                  rek_op("StopProjectVersion", lambda o: o["names"].__setitem__("python", "stopProjectVersion")),
                  says="'stop_project_version'"),
    Contradiction("operation-name", R, f"{STOP}.operation-name.target",
                  rek_op("StopProjectVersion",
                         lambda o: o["names"].__setitem__("target", "Rekognition.StopProjectVersion")),
                  says="RekognitionService.StopProjectVersion"),
    Contradiction("input-name", R, f"{STOP}.input-name.projectVersionArn",
                  rek_op("StopProjectVersion", lambda o: o["input"][0].__setitem__("name", "projectVersionArn")),
                  says="did you mean 'ProjectVersionArn'"),
    Contradiction("required-parameter", R, f"{STOP}.required-parameter.ProjectVersionArn",
                  rek_op("StopProjectVersion", lambda o: o["input"][0].__setitem__("required", False)),
                  says="optional but the model makes it required"),
    Contradiction("required-parameter", R, f"{DESC}.required-parameter.VersionNames",
                  rek_op("DescribeProjectVersions", lambda o: o["input"][1].__setitem__("required", True)),
                  says="required but the model makes it optional"),
    Contradiction("required-parameter", R, f"{DESC}.required-parameter.ProjectArn",
                  rek_op("DescribeProjectVersions", lambda o: o["input"].pop(0)),
                  says="omit required input ProjectArn"),
    Contradiction("required-parameter", R, f"{STOP}.required-parameter.ProjectVersionArn",
                  model_edit=model_make_optional("StopProjectVersionRequest", "ProjectVersionArn"),
                  says="model makes it optional"),
    Contradiction("input-type", R, f"{STOP}.input-type.ProjectVersionArn",
                  rek_op("StopProjectVersion", lambda o: o["input"][0].__setitem__("type", "Integer")),
                  says="the model has string"),
    Contradiction("output-field", R, f"{STOP}.output-field.Statuses",
                  rek_op("StopProjectVersion", lambda o: o["output"][0].__setitem__("name", "Statuses")),
                  says="returns only Status"),
    Contradiction("output-field", R, f"{STOP}.output-field.status",
                  rek_op("StopProjectVersion", lambda o: o["output"][0].__setitem__("name", "status")),
                  says="spells it 'Status'"),
    Contradiction("enum-values", R, f"{STOP}.enum-values.Status", drop_enum_value("EXPIRED"),
                  says="the docs lack EXPIRED"),
    Contradiction("enum-values", R, f"{DESC}.enum-values.ProjectVersion.states", drop_state("DEPRECATED"),
                  says="the docs lack DEPRECATED"),
    Contradiction("enum-values", R, f"{STOP}.enum-values.Status",
                  model_edit=model_drop_enum("ProjectVersionStatus", "EXPIRED"), says="the model lacks EXPIRED"),
    Contradiction("errors", R, f"{STOP}.errors.BogusException",
                  rek_op("StopProjectVersion", lambda o: o["errors"].append(
                      {"name": "BogusException", "cite": o["errors"][0]["cite"]})), says="model's errors are"),
    Contradiction("errors", R, f"{STOP}.errors.ThrottlingException",
                  rek_op("StopProjectVersion", lambda o: o.__setitem__(
                      "errors", [e for e in o["errors"] if e["name"] != "ThrottlingException"])),
                  says="docs omit error ThrottlingException"),
    Contradiction("errors", R, f"{STOP}.errors.ThrottlingException",
                  model_edit=model_drop_error("StopProjectVersion", "ThrottlingException"),
                  says="docs list error ThrottlingException"),
    Contradiction("http", L, "lambda.GetFunction.http",
                  rek_op("GetFunction", lambda o: o["http"].__setitem__("uri", "/2015-03-31/functions/{Name}")),
                  says="parameter names differ"),
    Contradiction("http", L, "lambda.GetFunction.http",
                  rek_op("GetFunction", lambda o: o["http"].__setitem__("method", "POST")),
                  says="the model has GET"),
    Contradiction("waiter-states", R, f"{DESC}.waiter-states.ProjectVersionRunning", drop_state("RUNNING"),
                  says="state(s) RUNNING"),
    Contradiction("waiter-states", R, f"{DESC}.waiter-states.ProjectVersionRunning.reachable",
                  drop_transition("STARTING", "RUNNING"), says="never reach"),
    Contradiction("example-cli", R, f"{STOP}.example-cli.s001-cli",
                  replace_code("s001-cli", "--project-version-arn", "--project-version"),
                  says="unknown option(s) --project-version and missing required --project-version-arn"),
    Contradiction("example-cli", R, "rekognition.example-cli.s001-cli.stop-project-versions",
                  replace_code("s001-cli", "stop-project-version ", "stop-project-versions "),
                  says="no command 'stop-project-versions'"),
    Contradiction("example-sdk", R, f"{STOP}.example-sdk.s001-python",
                  replace_code("s001-python", "stop_project_version(ProjectVersionArn=model_arn)",
                               "stop_project_version(ProjectVersionARN=model_arn)"),
                  says='Unknown parameter in input: "ProjectVersionARN"'),
    Contradiction("example-sdk", R, "rekognition.example-sdk.s001-python.stop_project_versions",
                  replace_code("s001-python", "rek_client.stop_project_version(", "rek_client.stop_project_versions("),
                  says="has no such operation"),
    Contradiction("example-sdk", R, f"{DESC}.example-sdk.s001-python",
                  replace_code("s001-python", "describe_project_versions(ProjectArn=project_arn,",
                               "describe_project_versions(ProjectArn=42,"),
                  says="Invalid type for parameter ProjectArn"),
    Contradiction("example-sdk", R, f"{STOP}.example-sdk.s001-java.request",
                  replace_code("s001-java", ".projectVersionArn(modelArn)", ".projectVersionName(modelArn)"),
                  says="unknown member(s) projectVersionName and missing required projectVersionArn"),
    Contradiction("example-sdk", R, "rekognition.example-sdk.s001-java.call.describeModelVersions",
                  replace_code("s001-java", "rekClient\n                        .describeProjectVersions(",
                               "rekClient\n                        .describeModelVersions("),
                  says="no such operation"),
    Contradiction("example-request", R, f"{STOP}.example-request.s002-request",
                  replace_code("s002-request", '"ProjectVersionArn"', '"Arn"'),
                  says="unknown key 'Arn'; body: missing required 'ProjectVersionArn'"),
    Contradiction("example-request", R, f"{STOP}.example-request.s002-request",
                  lambda d: example(d, "s002-request").__setitem__("code", '{"ProjectVersionArn": 7}'),
                  says="expected string, got JSON integer"),
    Contradiction("example-request", R, f"{STOP}.example-request.s002-request-syntax",
                  replace_code("s002-request-syntax", "ProjectVersionArn='string'", "ProjectVersionName='string'"),
                  says="unknown key 'ProjectVersionName'"),
    Contradiction("example-response", R, f"{STOP}.example-response.s002-response-syntax",
                  replace_code("s002-response-syntax", "'Status':", "'State':"), says="unknown key 'State'"),
    Contradiction("example-response", R, f"{STOP}.example-response.s002-response",
                  replace_code("s002-response", '"STOPPING"', '["STOPPING"]'), says="got JSON array"),
    Contradiction("example-curl", R, f"{STOP}.example-curl.s002-curl",
                  replace_code("s002-curl", " \\\n  -d '{\"ProjectVersionArn\"", " \\\n  -H '{\"ProjectVersionArn\""),
                  says="missing required 'ProjectVersionArn'"),
    Contradiction("example-curl", R, "rekognition.StopProjectVersions.example-curl.s002-curl",
                  replace_code("s002-curl", "Service.StopProjectVersion'", "Service.StopProjectVersions'"),
                  says="not an operation of rekognition"),
    Contradiction("enum-spelling", R, "rekognition.enum-spelling.ProjectVersionStatus",
                  add_spelling("TRAINING_IN_PROGRESS", "TRAINING IN PROGRESS"),
                  says="spell TRAINING_IN_PROGRESS as 'TRAINING IN PROGRESS'"),
]


def _name(c: Contradiction) -> str:
    side = "model" if c.model_edit else "docs"
    return f"{c.family}-{side}-{c.failing_id.split('.', 2)[-1]}"


@pytest.fixture(scope="module")
def good() -> dict[str, dict[str, Any]]:
    return {name: run_checks(spec_data(name)) for name in ("rekognition", "lambda", "personalize", "modelarts")}


@pytest.mark.parametrize("name", ["rekognition", "lambda"])
def test_good_fixture_has_no_fail_or_error(good: dict[str, Any], name: str) -> None:
    bad = {i: (r.verdict, r.message) for i, r in good[name].items() if r.verdict not in ("pass", "skipped")}
    assert bad == {}


def test_every_family_passes_somewhere(good: dict[str, Any]) -> None:
    passing = {r.check for results in good.values() for r in results.values() if r.verdict == "pass"}
    assert {f.name for f in families() if "botocore" in f.targets} - passing == set()


def test_every_family_is_shown_to_fail() -> None:
    assert {f.name for f in families() if "botocore" in f.targets} - {c.family for c in CONTRADICTIONS} == set()
    assert any(c.model_edit for c in CONTRADICTIONS)


@pytest.mark.parametrize("case", CONTRADICTIONS, ids=_name)
def test_contradiction_fails(good: dict[str, Any], case: Contradiction) -> None:
    data = spec_data(case.fixture)
    if case.spec_edit:
        case.spec_edit(data)
    target = modified_model(data["service"]["botocore_service"], case.model_edit) if case.model_edit else None
    results = run_checks(data, target)
    result = results.get(case.failing_id)
    assert result is not None, sorted(results)
    assert result.check == case.family
    assert result.verdict == "fail", result
    assert case.says in result.message, result.message
    assert result.cite and all(c.path for c in result.cite)
    before = good[case.fixture].get(case.failing_id)
    assert before is None or before.verdict == "pass", before
    assert not [r for r in results.values() if r.verdict == "error"]


def test_results_carry_expected_observed_and_resolved_cites(good: dict[str, Any]) -> None:
    r = good["rekognition"]["rekognition.StopProjectVersion.required-parameter.ProjectVersionArn"]
    assert (r.expected, r.observed, r.operation, r.service) == (True, True, "StopProjectVersion", "rekognition")
    assert r.cite[0].source == "s002" and r.cite[0].path == "seeds/002_0f1523c13008409a.txt" and r.cite[0].line == 42


def test_seed_004_samples_fail_against_create_solution_version(good: dict[str, Any]) -> None:
    results = good["personalize"]
    response = results["personalize.CreateSolutionVersion.example-response.s004-response"]
    assert response.verdict == "fail"
    assert "unknown key 'success'" in response.message and "unknown key 'data'" in response.message
    assert response.observed["members"] == ["solutionVersionArn"]
    curl = results["personalize.CreateSolutionVersion.example-curl.s004-curl"]
    assert curl.verdict == "fail" and "missing required 'solutionArn'" in curl.message
    assert curl.expected == {}
    omitted = results["personalize.CreateSolutionVersion.required-parameter.solutionArn"]
    assert omitted.verdict == "fail"
    assert omitted.message == "The docs omit required input solutionArn of CreateSolutionVersion."
    mentioned = results["personalize.DescribeSolutionVersion.required-parameter.solutionVersionArn"]
    assert mentioned.verdict == "skipped"
    others = {i: r.verdict for i, r in results.items() if r.verdict not in ("pass", "skipped")}
    assert set(others) == {response.id, curl.id, omitted.id}


def test_spec_without_botocore_model_is_skipped_with_reason(good: dict[str, Any]) -> None:
    results = good["modelarts"]
    assert results and {r.verdict for r in results.values()} == {"skipped"}
    assert {r.message for r in results.values()} == {"no botocore model for modelarts"}


def test_unknown_documented_type_is_skipped() -> None:
    data = spec_data("rekognition")
    op(data, "StopProjectVersion")["input"][0]["type"] = "Frobnicator"
    r = run_checks(data)["rekognition.StopProjectVersion.input-type.ProjectVersionArn"]
    assert r.verdict == "skipped" and "Frobnicator" in r.message


def test_errors_skipped_when_docs_list_none(good: dict[str, Any]) -> None:
    r = good["rekognition"]["rekognition.DescribeProjectVersions.errors"]
    assert r.verdict == "skipped" and r.message == "the docs list no errors for DescribeProjectVersions"


def test_no_waiter_is_skipped_with_reason(good: dict[str, Any]) -> None:
    r = good["personalize"]["personalize.DescribeSolutionVersion.waiter-states.SolutionVersion"]
    assert r.verdict == "skipped" and "no botocore waiter" in r.message


def test_a_raising_check_is_an_error_not_a_crash() -> None:
    def boom() -> Outcome:
        raise KeyError("members")
    check = Check("svc.Op.x", "svc", "Op", "x", (), boom)
    outcome, seconds = execute(check)
    assert outcome.verdict == "error" and outcome.message == "check raised KeyError: 'members'" and seconds >= 0


def test_a_raising_generator_is_one_error_check(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(spec: Any, target: Any) -> Any:
        raise RuntimeError("model changed shape")
    from harness import checks
    monkeypatch.setattr(checks, "families", lambda: (Family("broken", frozenset({"botocore"}), broken, "x"),))
    spec = io.from_json(spec_data("lambda"))
    [check] = list(generate(spec, BotocoreModel()))
    outcome, _ = execute(check)
    assert check.id == "lambda.broken.generate"
    assert outcome.verdict == "error"
    assert outcome.message == "generating broken checks raised RuntimeError: model changed shape"


def test_ids_are_unique_and_generation_is_deterministic() -> None:
    spec = io.from_json(spec_data("rekognition"))
    first = [c.id for c in generate(spec, BotocoreModel())]
    assert len(first) == len(set(first))
    assert first == [c.id for c in generate(spec, BotocoreModel())]


def test_python_example_ignores_other_services_clients() -> None:
    data = spec_data("rekognition")
    example(data, "s001-python")["code"] += (
        "\n\ndef upload(s3_client, client):\n"
        "    s3_client.upload_file('a', 'b', 'c')\n"
        "    s3 = boto3.client('s3')\n"
        "    s3.stop_project_version()\n"
        "    client.describe_project_versions(ProjectArn='arn:aws:rekognition:us-east-1:1:project/p/1')\n")
    results = run_checks(data)
    sdk = {i: r.verdict for i, r in results.items() if r.check == "example-sdk" and "python" in i}
    assert sdk == {f"{DESC}.example-sdk.s001-python": "pass", f"{STOP}.example-sdk.s001-python": "pass",
                   f"{DESC}.example-sdk.s001-python#2": "pass"}


@pytest.mark.parametrize("documented, types", [
    ("String", {"string"}), ("Long", {"long", "integer"}), ("list of strings", {"list"}),
    ("Array of Tag objects", {"list"}), ("String to string map", {"map"}), ("[REQUIRED] string", {"string"}),
    ("dict", {"structure", "map"}), ("Frobnicator", None),
])
def test_documented_type_phrases(documented: str, types: set[str] | None) -> None:
    from harness.checks.inputs import model_types
    found = model_types(documented)
    assert (set(found) if found is not None else None) == types


@pytest.mark.parametrize("code, detail", [
    ("aws rekognition help", "help"),
    ("aws rekognition wait project-version-running --project-arn arn", "wait"),
])
def test_cli_builtin_commands_are_skipped(code: str, detail: str) -> None:
    data = spec_data("rekognition")
    example(data, "s001-cli")["code"] = code
    r = run_checks(data)[f"rekognition.example-cli.s001-cli.{detail}"]
    assert r.verdict == "skipped" and "is an AWS CLI command, not an API operation" in r.message


def test_cli_customizations_are_skipped_when_the_aws_cli_is_installed() -> None:
    pytest.importorskip("awscli")
    data = spec_data("lambda")
    data["service"].update(name="s3", botocore_service="s3", protocol="rest-xml")
    data["operations"] = []
    data["examples"] = [{"id": "cp", "language": "shell", "kind": "cli", "operation": None,
                         "code": "aws s3 cp data.csv s3://bucket/data.csv",
                         "cite": [{"source": "lambda-api", "line": 1, "text": "aws s3 cp"}]}]
    r = run_checks(data)["s3.example-cli.cp.cp"]
    assert r.verdict == "skipped" and "aws s3 cp is an AWS CLI command" in r.message


def test_java_calls_on_other_service_clients_are_not_judged() -> None:
    data = spec_data("rekognition")
    example(data, "s001-java")["code"] += (
        "\nclass Fetch {\n  static void fetch(S3Client s3Client, String b, String k) {\n"
        "    s3Client.getObject(GetObjectRequest.builder().bucket(b).key(k).build());\n  }\n}\n")
    results = run_checks(data)
    assert not any("getObject" in i for i in results)
    r = results["rekognition.example-sdk.s001-java.request.GetObject"]
    assert r.verdict == "skipped" and "may belong to the other SDK package(s) the example imports (s3)" in r.message
    assert not [i for i, r in results.items() if r.verdict in ("fail", "error")]
