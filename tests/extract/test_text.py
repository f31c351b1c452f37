from __future__ import annotations

import pytest

from harness.extract.facts import op_key, state_key
from harness.extract.scope import http_line, is_operation_name, py_method, title_operation
from harness.extract.text import base_verb, kebab, lower_camel, pascal, snake


@pytest.mark.parametrize("spelling", ["StopProjectVersion", "stop_project_version", "stop-project-version",
                                      "stopProjectVersion"])
def test_op_key_folds_every_spelling(spelling):
    assert op_key(spelling) == "stopprojectversion"


@pytest.mark.parametrize("spelling", ["CREATE_PENDING", "CREATE PENDING", "create pending", "CREATE-PENDING"])
def test_state_key(spelling):
    assert state_key(spelling) == "CREATE_PENDING"


def test_name_forms():
    assert pascal("stop-solution-version-creation") == "StopSolutionVersionCreation"
    assert snake("DescribeProjectVersions") == "describe_project_versions"
    assert kebab("StopProjectVersion") == "stop-project-version"
    assert lower_camel("StopProjectVersion") == "stopProjectVersion"


@pytest.mark.parametrize("gerund,verb", [("Stopping", "Stop"), ("Creating", "Create"), ("Querying", "Query"),
                                         ("Obtaining", "Obtain"), ("Deleting", "Delete"), ("Modifying", "Modify"),
                                         ("Running", "Run"), ("Configuring", "Configure"), ("Listing", "List"),
                                         ("Terminating", "Terminate"), ("Adding", "Add"), ("Changing", "Change")])
def test_base_verb(gerund, verb):
    assert base_verb(gerund) == verb


def test_operation_names():
    assert is_operation_name("StopProjectVersion")
    assert not is_operation_name("SolutionVersion")
    assert not is_operation_name("Stop")
    assert title_operation("Stopping a Training Job") == "StopTrainingJob"
    assert title_operation("Querying the Details About a Training Job") == "QueryDetailsAboutTrainingJob"
    assert py_method("Rekognition.Client.stop_project_version(**kwargs)") == ("Rekognition", "stop_project_version")
    assert http_line("POST /v1/{project_id}/training-jobs/{job_id}/versions/{version_id}/stop") == (
        "POST", "/v1/{project_id}/training-jobs/{job_id}/versions/{version_id}/stop")
    assert http_line("GET https://endpoint/v1/x?limit=1") == ("GET", "/v1/x")
    assert http_line("POST the data") is None
