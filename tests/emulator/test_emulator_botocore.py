"""The emulator through a real botocore client (endpoint_url, dummy credentials): the AWS specs' protocol."""

from __future__ import annotations

from typing import Any

import botocore.session
import pytest
from _emulator_support import Wire, seed
from botocore.config import Config
from botocore.exceptions import ClientError

from harness.emulator import RunningServer


def client(server: RunningServer, service: str) -> Any:
    return botocore.session.get_session().create_client(
        service, region_name="us-east-1", endpoint_url=server.url, aws_access_key_id="testing",
        aws_secret_access_key="testing", config=Config(retries={"total_max_attempts": 1}))


def test_personalize_lifecycle_through_botocore(server: RunningServer, wire: Wire) -> None:
    personalize = client(server, "personalize")
    solution = personalize.create_solution(name="s", datasetGroupArn="arn:aws:personalize:::dataset-group/g")
    version = personalize.create_solution_version(solutionArn=solution["solutionArn"], trainingMode="FULL")
    arn = version["solutionVersionArn"]
    described = personalize.describe_solution_version(solutionVersionArn=arn)["solutionVersion"]
    assert (described["status"], described["solutionArn"], described["trainingMode"]) == (
        "CREATE_PENDING", solution["solutionArn"], "FULL")
    assert described["creationDateTime"].year >= 2024  # parsed as a timestamp by botocore
    wire.advance(10)
    personalize.stop_solution_version_creation(solutionVersionArn=arn)
    assert personalize.describe_solution_version(solutionVersionArn=arn)["solutionVersion"]["status"] == \
        "CREATE_STOPPING"
    wire.advance(10)
    assert personalize.describe_solution_version(solutionVersionArn=arn)["solutionVersion"]["status"] == \
        "CREATE_STOPPED"
    with pytest.raises(ClientError) as caught:
        personalize.stop_solution_version_creation(solutionVersionArn=arn)
    assert caught.value.response["Error"]["Code"] == "ResourceInUseException"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    listed = personalize.list_solution_versions(solutionArn=solution["solutionArn"])["solutionVersions"]
    assert [(v["solutionVersionArn"], v["status"]) for v in listed] == [(arn, "CREATE_STOPPED")]


def test_rekognition_errors_and_describe_through_botocore(server: RunningServer, wire: Wire) -> None:
    rekognition = client(server, "rekognition")
    with pytest.raises(ClientError) as caught:
        rekognition.stop_project_version(ProjectVersionArn="arn:aws:rekognition:us-east-1:1:project/p/version/v/1")
    error = caught.value.response["Error"]
    assert error["Code"] == "ResourceNotFoundException" and "does not exist" in error["Message"]
    project = "arn:aws:rekognition:us-east-1:123456789012:project/p/1"
    version = seed(wire, "rekognition", "ProjectVersion", status="STOPPING", attributes={"ProjectArn": project})
    assert rekognition.stop_project_version(ProjectVersionArn=version["id"])["Status"] == "STOPPED"
    found = rekognition.describe_project_versions(ProjectArn=project)["ProjectVersionDescriptions"]
    assert [(d["ProjectVersionArn"], d["Status"]) for d in found] == [(version["id"], "STOPPED")]
