"""Every mutant changes what is seen on the wire, and only in the way it says.

`PROBES` maps each mutant to a scenario (a few requests against a fresh server) and the deviation to look
for in what the scenario saw: present against the mutant, absent against the reference.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from _emulator_support import (
    AMZ_JSON,
    SPECS,
    STOP_JOB,
    Answer,
    P,
    R,
    Wire,
    describe_sv,
    seed,
    solution,
    solution_version,
    stop_sv,
)

from harness.emulator import MUTANTS, start
from harness.emulator.mutants import POINTS
from harness.errors import UsageError

SV_STATES = {"CREATE_PENDING", "CREATE_IN_PROGRESS", "ACTIVE", "CREATE_FAILED", "CREATE_STOPPING", "CREATE_STOPPED"}
STOP_ERRORS = {"AccessDeniedException", "InternalServerError", "InvalidParameterException",
               "ProvisionedThroughputExceededException", "ResourceInUseException", "ResourceNotFoundException",
               "ThrottlingException"}
Seen = dict[str, Answer]


def stop_in_progress(w: Wire) -> Seen:
    seed(w, "modelarts", "TrainingJob", id="1")
    arn = solution_version(w, solution(w))
    first = describe_sv(w, arn)
    w.advance(10)
    stop = stop_sv(w, arn)
    after = describe_sv(w, arn)
    w.advance(100)
    return {"first": first, "stop": stop, "after": after, "settled": describe_sv(w, arn),
            "rest": w.rest("POST", STOP_JOB.format(project="p", job=1, version=1))}


def stop_twice(w: Wire) -> Seen:
    arn = solution_version(w, solution(w))
    stop_sv(w, arn)
    return {"again": stop_sv(w, arn), "after": describe_sv(w, arn)}


def stop_when_active(w: Wire) -> Seen:
    arn = solution_version(w, solution(w))
    w.advance(20)
    return {"stop": stop_sv(w, arn)}


def bad_inputs(w: Wire) -> Seen:
    return {"missing": w.aws(P + "StopSolutionVersionCreation", {}),
            "enum": w.aws(P + "CreateSolutionVersion", {"solutionArn": solution(w), "trainingMode": "SOMETIMES"}),
            "path": w.rest("POST", STOP_JOB.format(project="p", job="abc", version="1")),
            "json": w.aws(P + "DescribeSolution", raw="{"),
            "unknown": w.aws(R + "StopProjectVersion", {"ProjectVersionArn": "arn:aws:rekognition:::nothing"})}


def operations(w: Wire) -> Seen:
    seed(w, "modelarts", "TrainingJob", id="1")
    return {"stop": w.aws(P + "StopSolutionVersionCreation", {"solutionVersionArn": "arn:x"}),
            "rest": w.rest("POST", STOP_JOB.format(project="p", job=1, version=1))}


def _status(answer: Answer) -> Any:
    return answer.body["solutionVersion"].get("status") if answer.status == 200 else answer.error


Probe = tuple[Callable[[Wire], Seen], Callable[[Seen], bool]]
PROBES: dict[str, Probe] = {
    "skip-intermediate-state": (stop_in_progress, lambda s: _status(s["after"]) == "CREATE_STOPPED"),
    "wrong-next-state": (stop_in_progress, lambda s: _status(s["after"]) in SV_STATES - {"CREATE_STOPPING"}),
    "extra-state": (stop_in_progress, lambda s: _status(s["after"]) not in SV_STATES),
    "stop-deletes-resource": (stop_in_progress, lambda s: s["after"].error == "ResourceNotFoundException"),
    "never-ending-transition": (stop_in_progress, lambda s: _status(s["settled"]) == "CREATE_STOPPING"),
    "create-skips-initial-state": (stop_in_progress, lambda s: _status(s["first"]) == "CREATE_IN_PROGRESS"),
    "stale-status": (stop_in_progress, lambda s: _status(s["after"]) == "CREATE_IN_PROGRESS"),
    "enum-misspelled": (stop_in_progress, lambda s: _status(s["after"]) == "CREATE STOPPING"),
    "missing-response-field": (stop_in_progress, lambda s: "status" not in s["after"].body["solutionVersion"]
                               and s["rest"].body == {}),
    "wrong-field-type": (stop_in_progress, lambda s: not isinstance(_status(s["after"]), str)
                         and s["rest"].body == {"is_success": "true"}),
    "status-at-wrong-path": (stop_in_progress, lambda s: s["after"].body.get("status") == "CREATE_STOPPING"
                             and "status" not in s["after"].body["solutionVersion"]),
    "resume-after-terminal": (stop_twice, lambda s: s["again"].status == 200
                              and _status(s["after"]) == "CREATE_PENDING"),
    "precondition-not-enforced": (stop_when_active, lambda s: s["stop"].status == 200),
    "precondition-error-as-validation": (stop_when_active, lambda s: s["stop"].error == "InvalidInputException"),
    "required-not-enforced": (bad_inputs, lambda s: s["missing"].error == "ResourceNotFoundException"),
    "enum-input-not-validated": (bad_inputs, lambda s: s["enum"].status == 200),
    "path-type-not-validated": (bad_inputs, lambda s: s["path"].status == 404),  # got past validation
    "bad-json-as-500": (bad_inputs, lambda s: s["json"].status == 500),
    "wrong-error-name": (bad_inputs, lambda s: s["unknown"].error not in STOP_ERRORS
                         and s["path"].error != "ModelArts.0105"),
    "not-found-as-500": (bad_inputs, lambda s: (s["unknown"].status, s["unknown"].error)
                         == (500, "InternalServerError")),
    "wrong-http-status": (bad_inputs, lambda s: s["unknown"].status == 200 and s["path"].status == 200),
    "error-body-without-code": (bad_inputs, lambda s: "__type" not in s["unknown"].body
                                and "error_code" not in s["path"].body and s["path"].body["is_success"] is False),
    "error-without-message": (bad_inputs, lambda s: "message" not in s["unknown"].body
                              and "error_message" not in s["path"].body),
    "wrong-content-type": (bad_inputs, lambda s: s["unknown"].content_type != AMZ_JSON
                           and not s["path"].content_type.startswith("application/json")),
    "operation-missing": (operations, lambda s: s["stop"].error == "UnknownOperationException"
                          and s["rest"].status == 404),
}


def _observe(scenario: Callable[[Wire], Seen], mutant: str | None) -> Seen:
    with start([SPECS], mutant=mutant) as server, Wire(server.url) as w:
        return scenario(w)


@pytest.mark.parametrize("name", list(MUTANTS))
def test_each_mutant_is_visible_on_the_wire(name: str) -> None:
    scenario, deviates = PROBES[name]
    assert not deviates(_observe(scenario, None)), "the reference itself shows the deviation"
    assert deviates(_observe(scenario, name)), f"{name} left no trace on the wire"


def test_every_mutant_has_a_probe_and_a_proper_entry() -> None:
    assert len(MUTANTS) >= 20
    assert set(PROBES) == set(MUTANTS)
    for name, m in MUTANTS.items():
        assert m.name == name and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name)
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", m.family)
        assert m.description and "\n" not in m.description
        assert m.hooks and set(m.hooks) <= set(POINTS)


def test_mutant_is_reported_and_unknown_mutant_refused() -> None:
    with start([SPECS], mutant="stale-status") as server, Wire(server.url) as w:
        assert w.control("GET", "/harness-api/mutant").body["mutant"]["family"] == "transition"
    with pytest.raises(UsageError, match="unknown mutant 'nope'"):
        start([SPECS], mutant="nope")
