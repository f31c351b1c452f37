"""Routing, validation and error formats on the wire, per protocol, against the real server."""

from __future__ import annotations

import pytest
from _emulator_support import AMZ_JSON, STOP_JOB, P, R, Wire, seed, solution, solution_version

ARN = "arn:aws:rekognition:us-east-1:123456789012:project/p/version/v/1"


def test_aws_json_unknown_resource_is_resource_not_found(wire: Wire) -> None:
    answer = wire.aws(R + "StopProjectVersion", {"ProjectVersionArn": ARN})
    assert answer.status == 400
    assert answer.content_type == AMZ_JSON
    assert answer.body == {"__type": "ResourceNotFoundException", "message": f"ProjectVersion {ARN} does not exist"}


def test_aws_json_success_has_documented_output_and_content_type(wire: Wire) -> None:
    arn = solution_version(wire, solution(wire))
    assert arn.startswith("arn:aws:personalize:")
    answer = wire.aws(P + "DescribeSolutionVersion", {"solutionVersionArn": arn})
    assert answer.status == 200 and answer.content_type == AMZ_JSON
    assert answer.body["solutionVersion"]["solutionVersionArn"] == arn
    assert answer.body["solutionVersion"]["status"] == "CREATE_PENDING"
    assert "x-amzn-requestid" in answer.headers


@pytest.mark.parametrize(("body", "message_part"), [
    ({}, "missing required parameter solutionArn"),
    ({"solutionArn": 7}, "solutionArn must be of type string"),
    ({"solutionArn": "arn:x", "trainingMode": "PARTIAL"}, "trainingMode must be one of FULL, UPDATE, AUTOTRAIN"),
])
def test_aws_json_validation_uses_the_documented_error_name(wire: Wire, body: dict, message_part: str) -> None:
    answer = wire.aws(P + "CreateSolutionVersion", body)
    assert (answer.status, answer.error) == (400, "InvalidInputException")
    assert message_part in answer.body["message"]


def test_every_validation_problem_is_reported_at_once(wire: Wire) -> None:
    answer = wire.aws(P + "CreateSolution", {"performHPO": "yes"})
    message = answer.body["message"]
    assert "3 validation error(s)" in message
    assert "name" in message and "datasetGroupArn" in message and "performHPO" in message


def test_referenced_resource_must_exist(wire: Wire) -> None:
    answer = wire.aws(P + "CreateSolutionVersion", {"solutionArn": "arn:aws:personalize:::solution/none"})
    assert (answer.status, answer.error) == (400, "ResourceNotFoundException")


def test_unknown_operation_and_prefix(wire: Wire) -> None:
    for target in (P + "CreateWidget", "NoSuchPrefix.StopProjectVersion", "garbage"):
        answer = wire.aws(target, {})
        assert (answer.status, answer.error) == (400, "UnknownOperationException"), target


def test_modelarts_stop_succeeds_with_the_documented_body(wire: Wire) -> None:
    seed(wire, "modelarts", "TrainingJob", id="10")
    answer = wire.rest("POST", STOP_JOB.format(project="p1", job=10, version=10))
    assert answer.status == 200
    assert answer.body == {"is_success": True}
    assert answer.content_type == "application/json"


def test_modelarts_stop_of_an_unknown_job_is_a_failure_body(wire: Wire) -> None:
    answer = wire.rest("POST", STOP_JOB.format(project="p1", job=11, version=1))
    assert answer.status == 404
    assert answer.body == {"is_success": False, "error_message": "TrainingJob 11 does not exist",
                           "error_code": "ModelArts.0105"}


@pytest.mark.parametrize(("job", "version"), [("abc", "10"), ("10", "1.5"), ("x%20y", "2")])
def test_modelarts_typed_path_parameters(wire: Wire, job: str, version: str) -> None:
    answer = wire.rest("POST", STOP_JOB.format(project="p1", job=job, version=version))
    assert answer.status == 400
    assert answer.body["is_success"] is False
    assert answer.body["error_code"] == "ModelArts.0105"
    assert "must be of type integer" in answer.body["error_message"]
    assert list(answer.body) == ["is_success", "error_message", "error_code"]


def test_modelarts_wrong_method_and_unknown_route(wire: Wire) -> None:
    wrong = wire.rest("GET", STOP_JOB.format(project="p1", job=1, version=1))
    assert wrong.status == 405 and wrong.body["is_success"] is False
    unknown = wire.rest("POST", "/v1/p1/training-jobs/1/explode")
    assert unknown.status == 404 and unknown.body["is_success"] is False and "error_code" in unknown.body


def test_unknown_route_outside_every_spec_still_answers_json(wire: Wire) -> None:
    answer = wire.rest("GET", "/favicon.ico")
    assert answer.status == 400 and answer.error == "UnknownOperationException"


def test_oversized_body_is_413_in_the_services_format(wire: Wire) -> None:
    big = "{" + " " * (2 << 20) + "}"
    answer = wire.aws(P + "CreateSolution", raw=big)
    assert (answer.status, answer.error) == (413, "RequestEntityTooLargeException")
    with Wire(wire.url) as other:
        rest = other.raw("POST", STOP_JOB.format(project="p", job=1, version=1), big,
                         {"Content-Type": "application/json"})
    assert rest.status == 413 and rest.body["is_success"] is False


def test_malformed_json_is_a_serialization_error(wire: Wire) -> None:
    for raw in ("{not json", "[1, 2]", "\xff\xfe", "null"):
        answer = wire.aws(P + "CreateSolution", raw=raw.encode("latin-1"))
        assert (answer.status, answer.error) == (400, "SerializationException"), raw


def test_control_endpoints(wire: Wire) -> None:
    before = wire.control("GET", "/harness-api/clock").body["now"]
    assert wire.advance(12.5).body["now"] == pytest.approx(before + 12.5)
    assert wire.control("GET", "/harness-api/mutant").body == {"mutant": None}
    machines = wire.control("GET", "/harness-api/machines").body["services"]
    assert set(machines) == {"personalize", "rekognition", "modelarts"}
    assert wire.advance(-1).status == 400
    assert wire.control("GET", "/harness-api/nothing").status == 404
