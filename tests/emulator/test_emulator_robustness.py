"""Issue 5, "what it must show" 4: concurrency without lost or mixed-up state; malformed requests answered
in the documented format, never a 500 or a crash."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from _emulator_support import AMZ_JSON, SPECS, STOP_JOB, Answer, P, R, Wire, seed
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.emulator import RunningServer, start

CLIENTS, PER_CLIENT = 8, 250
SV_STATES = {"CREATE_PENDING", "CREATE_IN_PROGRESS", "ACTIVE", "CREATE_FAILED", "CREATE_STOPPING", "CREATE_STOPPED"}


@dataclass
class Log:
    """What one client did and saw."""

    solution: str = ""
    versions: dict[str, bool] = field(default_factory=dict)
    """solution version ARN → whether a stop of it was accepted."""
    requests: int = 0
    problems: list[str] = field(default_factory=list)


def _client(url: str, index: int) -> Log:
    log = Log()
    with Wire(url) as w:
        def send(answer: Answer, *expected: int) -> Answer:
            log.requests += 1
            if answer.status not in expected:
                log.problems.append(f"client {index}: HTTP {answer.status} {answer.text[:200]}")
            return answer

        created = send(w.aws(P + "CreateSolution", {"name": f"s{index}", "datasetGroupArn": "arn:g"}), 200)
        log.solution = created.body["solutionArn"]
        last, step = "", 0
        while log.requests < PER_CLIENT:
            kind = step % 6
            if kind == 0:
                last = send(w.aws(P + "CreateSolutionVersion", {"solutionArn": log.solution}), 200).body[
                    "solutionVersionArn"]
                log.versions[last] = False
            elif kind == 1:
                row = send(w.aws(P + "DescribeSolutionVersion", {"solutionVersionArn": last}), 200).body[
                    "solutionVersion"]
                if (row["solutionVersionArn"], row["solutionArn"]) != (last, log.solution) or \
                        row["status"] not in SV_STATES:
                    log.problems.append(f"client {index}: mixed-up describe {row}")
            elif kind == 2 and len(log.versions) % 2:
                answer = send(w.aws(P + "StopSolutionVersionCreation", {"solutionVersionArn": last}), 200, 400)
                log.versions[last] = answer.status == 200
                if answer.status == 400 and answer.error != "ResourceInUseException":
                    log.problems.append(f"client {index}: stop refused with {answer.text}")
            elif kind == 2:
                send(w.aws(R + "StopProjectVersion", {"ProjectVersionArn": f"arn:none/{index}"}), 400)
            elif kind == 3:
                rows = send(w.aws(P + "ListSolutionVersions", {"solutionArn": log.solution}), 200).body[
                    "solutionVersions"]
                if {r["solutionVersionArn"] for r in rows} != set(log.versions):
                    log.problems.append(f"client {index}: list shows {len(rows)} of {len(log.versions)} versions")
            elif kind == 4 and index == 0:
                send(w.advance(4), 200)
            elif kind == 4:
                send(w.rest("POST", STOP_JOB.format(project=f"p{index}", job=index + 1, version=step)), 200)
            else:
                send(w.aws(P + "DescribeSolution", raw="{broken"), 400)
            step += 1
    return log


def test_2000_requests_from_8_concurrent_clients() -> None:
    with start([SPECS]) as server:
        with Wire(server.url) as w:
            for job in range(1, CLIENTS + 1):
                seed(w, "modelarts", "TrainingJob", id=str(job))
        with ThreadPoolExecutor(CLIENTS) as pool:
            logs = list(pool.map(lambda i: _client(server.url, i), range(CLIENTS)))
        assert sum(log.requests for log in logs) == CLIENTS * PER_CLIENT == 2000
        assert [p for log in logs for p in log.problems] == []
        with Wire(server.url) as w:
            w.advance(1000)
            everything = w.control("GET", "/harness-api/resources?service=personalize").body["resources"]
            final = {r["id"]: r for r in everything if r["resource"] == "SolutionVersion"}
            solutions = {r["id"] for r in everything if r["resource"] == "Solution"}
        assert solutions == {log.solution for log in logs}
        expected = {arn: ("CREATE_STOPPED" if stopped else "ACTIVE", log.solution)
                    for log in logs for arn, stopped in log.versions.items()}
        assert {arn: (r["status"], r["attributes"]["solutionArn"]) for arn, r in final.items()} == expected
        assert any(stopped for log in logs for stopped in log.versions.values())


@dataclass(frozen=True)
class Bad:
    name: str
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    status: int
    error: str


CASES = [
    Bad("bad json", "POST", "/", {"X-Amz-Target": P + "CreateSolution"}, b"{oops", 400, "SerializationException"),
    Bad("json array", "POST", "/", {"X-Amz-Target": P + "CreateSolution"}, b"[]", 400, "SerializationException"),
    Bad("not utf-8", "POST", "/", {"X-Amz-Target": P + "CreateSolution"}, b"\xff\xfe\xfd", 400,
        "SerializationException"),
    Bad("target without dot", "POST", "/", {"X-Amz-Target": "CreateSolution"}, b"{}", 400,
        "UnknownOperationException"),
    Bad("empty target", "POST", "/", {"X-Amz-Target": ""}, b"{}", 400, "UnknownOperationException"),
    Bad("unknown operation", "POST", "/", {"X-Amz-Target": P + "LaunchRocket"}, b"{}", 400,
        "UnknownOperationException"),
    Bad("huge body", "POST", "/", {"X-Amz-Target": P + "CreateSolution"}, b"{" + b" " * (3 << 20) + b"}", 413,
        "RequestEntityTooLargeException"),
    Bad("no target, root", "POST", "/", {}, b"{}", 400, "UnknownOperationException"),
    Bad("unknown rest route", "DELETE", "/v1/p/training-jobs", {}, None, 404, "ModelArts.0105"),
    Bad("wrong rest method", "PUT", STOP_JOB.format(project="p", job=1, version=1), {}, None, 405,
        "ModelArts.0105"),
    Bad("rest bad json", "POST", STOP_JOB.format(project="p", job=1, version=1), {}, b"{", 400, "ModelArts.0105"),
    Bad("rest huge body", "POST", STOP_JOB.format(project="p", job=1, version=1), {}, b"x" * (2 << 20), 413,
        "ModelArts.0105"),
]


@pytest.fixture(scope="module")
def shared() -> Iterator[RunningServer]:
    with start([SPECS]) as running:
        yield running


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_malformed_requests_get_documented_errors(shared: RunningServer, case: Bad) -> None:
    with Wire(shared.url) as w:
        answer = w.raw(case.method, case.path, case.body, {"Content-Type": AMZ_JSON, **case.headers})
        assert (answer.status, answer.error) == (case.status, case.error)
        assert answer.body.get("message") or answer.body.get("error_message")
        if case.status != 413:  # the connection stays usable
            assert w.aws(P + "ListSolutions", {}).status == 200


def test_chunked_oversized_body_is_413(shared: RunningServer) -> None:
    conn = http.client.HTTPConnection(urlsplit(shared.url).netloc, timeout=30)
    try:
        chunks = (b" " * 65536 for _ in range(40))
        conn.request("POST", "/", body=chunks, encode_chunked=True,
                     headers={"X-Amz-Target": P + "CreateSolution", "Content-Type": AMZ_JSON})
        response = conn.getresponse()
        body = json.loads(response.read())
    finally:
        conn.close()
    assert (response.status, body["__type"]) == (413, "RequestEntityTooLargeException")


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                   max_size=3), max_leaves=8)
TARGETS = [P + op for op in ("CreateSolution", "CreateSolutionVersion", "DescribeSolutionVersion",
                             "StopSolutionVersionCreation", "ListSolutionVersions", "DeleteSolution",
                             "CreateCampaign")] + [R + "StopProjectVersion", R + "DescribeProjectVersions"]
PARAMS = ["name", "solutionArn", "solutionVersionArn", "trainingMode", "datasetGroupArn", "ProjectArn",
          "ProjectVersionArn", "VersionNames", "maxResults"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.sampled_from(TARGETS), body=st.dictionaries(st.sampled_from(PARAMS), JSON, max_size=4))
def test_random_inputs_never_crash(shared: RunningServer, target: str, body: dict) -> None:
    with Wire(shared.url) as w:
        answer = w.aws(target, body)
    assert answer.status in (200, 400), answer.text
    assert answer.content_type == AMZ_JSON
    if answer.status == 400:
        assert set(answer.body) == {"__type", "message"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(segments=st.lists(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=6),
                         min_size=4, max_size=4))
def test_random_rest_paths_never_crash(shared: RunningServer, segments: list[str]) -> None:
    from urllib.parse import quote

    job, version = (quote(s, safe="") for s in segments[1:3])
    with Wire(shared.url) as w:
        answer = w.rest("POST", STOP_JOB.format(project=quote(segments[0], safe=""), job=job, version=version))
    assert answer.status in (200, 400, 404), answer.text  # 404: an encoded "/" splits a segment
    assert "is_success" in answer.body
