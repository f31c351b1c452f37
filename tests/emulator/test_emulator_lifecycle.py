"""Resources moving through the specs' state machines: triggers, the clock, moto's state manager, preconditions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from _emulator_support import (
    FIXTURES,
    SPECS,
    P,
    R,
    Wire,
    describe_sv,
    seed,
    solution,
    solution_version,
    stop_sv,
    sv_status,
)

from harness.emulator import start

SV_MODEL = "personalize::solution_version"


def test_stop_while_in_progress_goes_through_stopping(wire: Wire) -> None:
    arn = solution_version(wire, solution(wire))
    assert sv_status(wire, arn) == "CREATE_PENDING"
    wire.advance(10)
    assert sv_status(wire, arn) == "CREATE_IN_PROGRESS"
    assert stop_sv(wire, arn).status == 200
    assert sv_status(wire, arn) == "CREATE_STOPPING"
    wire.advance(9)
    assert sv_status(wire, arn) == "CREATE_STOPPING"
    wire.advance(1)
    assert sv_status(wire, arn) == "CREATE_STOPPED"
    again = stop_sv(wire, arn)
    assert (again.status, again.error) == (400, "ResourceInUseException")


def test_stop_while_pending_goes_straight_to_stopped(wire: Wire) -> None:
    arn = solution_version(wire, solution(wire))
    assert stop_sv(wire, arn).body == {}
    assert sv_status(wire, arn) == "CREATE_STOPPED"
    wire.advance(1000)
    assert sv_status(wire, arn) == "CREATE_STOPPED"


def test_precondition_rejected_in_active(wire: Wire) -> None:
    arn = solution_version(wire, solution(wire))
    wire.advance(20)
    assert sv_status(wire, arn) == "ACTIVE"
    answer = stop_sv(wire, arn)
    assert (answer.status, answer.error) == (400, "ResourceInUseException")
    assert "allowed only while CREATE_IN_PROGRESS or CREATE_PENDING" in answer.body["message"]
    assert sv_status(wire, arn) == "ACTIVE"


def test_precondition_on_a_referenced_resource(wire: Wire) -> None:
    arn = solution_version(wire, solution(wire))
    early = wire.aws(P + "CreateCampaign", {"name": "c", "solutionVersionArn": arn})
    assert (early.status, early.error) == (400, "ResourceInUseException")
    wire.advance(20)
    late = wire.aws(P + "CreateCampaign", {"name": "c", "solutionVersionArn": arn})
    assert late.status == 200 and late.body["campaignArn"].startswith("arn:aws:personalize:")


def test_state_manager_manual_progression(wire: Wire) -> None:
    arn = solution_version(wire, solution(wire))
    set_ = wire.control("POST", "/moto-api/state-manager/set-transition",
                        {"model_name": SV_MODEL, "transition": {"progression": "manual", "times": 1}})
    assert (set_.status, set_.text) == (201, "")
    got = wire.control("GET", f"/moto-api/state-manager/get-transition?model_name={SV_MODEL}")
    assert got.body == {"progression": "manual", "times": 1}
    assert [sv_status(wire, arn) for _ in range(4)] == ["CREATE_PENDING", "CREATE_IN_PROGRESS", "ACTIVE", "ACTIVE"]
    wire.control("POST", "/moto-api/state-manager/unset-transition", {"model_name": SV_MODEL})
    default = wire.control("GET", f"/moto-api/state-manager/get-transition?model_name={SV_MODEL}").body
    assert default == {"progression": "time", "seconds": 10}


@pytest.mark.parametrize("model", ["SolutionVersion", "personalize::solutionversion", SV_MODEL])
def test_state_manager_immediate_and_model_name_spellings(wire: Wire, model: str) -> None:
    wire.control("POST", "/moto-api/state-manager/set-transition",
                 {"model_name": model, "transition": {"progression": "immediate"}})
    arn = solution_version(wire, solution(wire))
    assert sv_status(wire, arn) == "ACTIVE"
    got = wire.control("GET", f"/moto-api/state-manager/get-transition?model_name={SV_MODEL}").body
    assert got == {"progression": "immediate"}


@pytest.mark.parametrize("transition", [{}, {"progression": "sometimes"}, {"progression": "manual"},
                                        {"progression": "time", "seconds": "soon"}])
def test_state_manager_rejects_bad_transitions(wire: Wire, transition: dict) -> None:
    answer = wire.control("POST", "/moto-api/state-manager/set-transition",
                          {"model_name": SV_MODEL, "transition": transition})
    assert answer.status == 400 and "message" in answer.body


def test_list_filters_by_parent_and_describe_solution(wire: Wire) -> None:
    one, two = solution(wire, "one"), solution(wire, "two")
    mine = {solution_version(wire, one) for _ in range(3)}
    solution_version(wire, two)
    listed = wire.aws(P + "ListSolutionVersions", {"solutionArn": one}).body["solutionVersions"]
    assert {row["solutionVersionArn"] for row in listed} == mine
    assert {row["status"] for row in listed} == {"CREATE_PENDING"}
    assert len(wire.aws(P + "ListSolutions", {}).body["solutions"]) == 2
    described = wire.aws(P + "DescribeSolution", {"solutionArn": one}).body["solution"]
    assert (described["name"], described["status"], described["solutionArn"]) == ("one", "ACTIVE", one)


def test_delete_then_not_found_and_reset(wire: Wire) -> None:
    arn = solution(wire)
    assert wire.aws(P + "DeleteSolution", {"solutionArn": arn}).status == 200
    assert wire.aws(P + "DescribeSolution", {"solutionArn": arn}).error == "ResourceNotFoundException"
    sv = solution_version(wire, solution(wire))
    assert wire.control("POST", "/moto-api/reset").body == {"status": "ok"}
    assert describe_sv(wire, sv).error == "ResourceNotFoundException"
    assert wire.control("GET", "/harness-api/resources").body == {"resources": []}


def test_rekognition_seeded_versions(wire: Wire) -> None:
    project = "arn:aws:rekognition:us-east-1:123456789012:project/p/1"
    stopping = seed(wire, "rekognition", "ProjectVersion", status="STOPPING",
                    attributes={"ProjectArn": project, "VersionName": "v1"})
    running = seed(wire, "rekognition", "ProjectVersion", status="RUNNING",
                   attributes={"ProjectArn": project, "VersionName": "v2"})
    assert stopping["id"].startswith("arn:aws:rekognition:")
    answer = wire.aws(R + "StopProjectVersion", {"ProjectVersionArn": stopping["id"]})
    assert answer.body == {"Status": "STOPPED"}
    refused = wire.aws(R + "StopProjectVersion", {"ProjectVersionArn": running["id"]})
    assert (refused.status, refused.error) == (400, "ResourceInUseException")
    listed = wire.aws(R + "DescribeProjectVersions", {"ProjectArn": project, "VersionNames": ["v1"]}).body
    assert [(d["ProjectVersionArn"], d["Status"]) for d in listed["ProjectVersionDescriptions"]] == [
        (stopping["id"], "STOPPED")]
    both = wire.aws(R + "DescribeProjectVersions", {"ProjectArn": project}).body["ProjectVersionDescriptions"]
    assert [d["Status"] for d in both] == ["STOPPED", "RUNNING"]
    other = wire.aws(R + "DescribeProjectVersions", {"ProjectArn": project + "0"})
    assert (other.status, other.error) == (400, "ResourceNotFoundException")  # a parent nothing carries


def test_inferred_delete_path_removes_the_resource(wire: Wire) -> None:
    gone = seed(wire, "rekognition", "ProjectVersion", status="DELETING")
    wire.advance(10)
    assert wire.control("GET", "/harness-api/resources?resource=ProjectVersion").body["resources"] == []
    answer = wire.aws(R + "StopProjectVersion", {"ProjectVersionArn": gone["id"]})
    assert answer.error == "ResourceNotFoundException"


def test_seeding_an_existing_id_forces_a_state(wire: Wire) -> None:
    arn = solution_version(wire, solution(wire))
    seed(wire, "personalize", "SolutionVersion", id=arn, status="CREATE_FAILED")
    assert sv_status(wire, arn) == "CREATE_FAILED"
    assert stop_sv(wire, arn).error == "ResourceInUseException"


def test_seeding_rejects_unknown_things(wire: Wire) -> None:
    assert wire.control("POST", "/harness-api/resources", {"service": "nope", "resource": "X"}).status == 404
    bad = wire.control("POST", "/harness-api/resources",
                       {"service": "rekognition", "resource": "ProjectVersion", "status": "DANCING"})
    assert bad.status == 400


@pytest.fixture
def widgets() -> Iterator[Wire]:
    with start([FIXTURES / "widgets.json", SPECS / "otc"]) as running, Wire(running.url) as w:
        yield w


def test_a_made_up_rest_spec_runs_its_machine(widgets: Wire) -> None:
    created = widgets.rest("POST", "/v3/t1/widgets", {"label": "w", "size": 2})
    assert created.body == {"ok": True, "widget_id": 1}
    assert widgets.rest("GET", "/v3/t1/widgets/1").body == {"ok": True, "widget": {"widget_id": 1, "state": "BUILDING"}}
    early = widgets.rest("POST", "/v3/t1/widgets/1/pause")
    assert early.status == 409 and early.body == {
        "ok": False, "fault_code": "WGT.0042", "fault_msg": "Widget 1 is BUILDING; PauseWidget is allowed only while READY"}
    widgets.advance(10)
    assert widgets.rest("POST", "/v3/t1/widgets/1/pause").body == {"ok": True, "state": "PAUSING"}
    widgets.advance(10)
    assert widgets.rest("GET", "/v3/t1/widgets/1").body["widget"]["state"] == "PAUSED"
    missing = widgets.rest("GET", "/v3/t1/widgets/2")
    assert missing.status == 404 and missing.body["fault_code"] == "WGT.0042"
    assert widgets.rest("POST", "/v1/p/training-jobs/1/versions/2/stop").body["is_success"] is False
