"""Helpers for the live and lifecycle tests: `serve` a WSGI app, `run_checks` in-process, and `Fake`, a fake
Personalize over the AWS json protocol, with the seed's SolutionVersion life cycle, moto's state-manager
endpoints, and mutants that each break one documented behaviour; plus helpers to run checks against it.

The good fake follows the docs the seeds cite: a new solution version goes CREATE_PENDING → CREATE_IN_PROGRESS →
ACTIVE by itself; StopSolutionVersionCreation takes CREATE_PENDING to CREATE_STOPPED and CREATE_IN_PROGRESS to
CREATE_STOPPING, which goes on to CREATE_STOPPED; it is rejected (ResourceInUseException) in any other state, as is
CreateCampaign before ACTIVE. States move one step per `tick` seconds, or — once a client sets a "manual"
transition through the state manager — one step per describe call.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import botocore.session
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from harness.checks import execute, generate
from harness.results import Result, result_of
from harness.spec import io
from harness.spec.model import Spec
from harness.targets.live import LiveSettings, UrlTarget
from harness.targets.moto_server import quiet_werkzeug

MODEL = botocore.session.get_session().get_service_model("personalize")
FIXTURES = Path(__file__).parent / "fixtures"
"""Snapshots of the seed specs (specs/aws/personalize.json, specs/otc/modelarts.json) that the fakes are tested
with, so that re-extraction does not move these tests' ground."""
REGION_ACCOUNT = "us-east-1:123456789012"

AUTO = {"CREATE_PENDING": "CREATE_IN_PROGRESS", "CREATE_IN_PROGRESS": "ACTIVE", "CREATE_STOPPING": "CREATE_STOPPED"}
STOP = {"CREATE_PENDING": "CREATE_STOPPED", "CREATE_IN_PROGRESS": "CREATE_STOPPING"}

MUTANTS = {
    "stop-skips": "StopSolutionVersionCreation in CREATE_IN_PROGRESS goes straight to ACTIVE",
    "stuck-stopping": "CREATE_STOPPING never ends",
    "stop-deletes": "a stopped solution version is deleted",
    "resumes": "CREATE_STOPPED moves on to CREATE_IN_PROGRESS by itself",
    "lax-stop": "StopSolutionVersionCreation is accepted (and ignored) in every state",
    "odd-initial": "a new solution version starts in QUEUED",
    "lax-required": "inputs the model requires may be left out",
    "wrong-notfound": "an unknown ARN gets InvalidInputException",
    "bad-errors": "error bodies carry no message",
    "broken-list": "ListSolutions answers HTTP 500",
    "bad-enum": "DescribeSolutionVersion spells statuses in lower case",
    "delete-keeps": "DeleteSolution answers success and keeps the solution",
    "create-html": "CreateSolution's success reply is labelled text/html",
    "stop-notfound": "StopSolutionVersionCreation says ResourceNotFoundException for a version that exists",
}


def _s(body: dict[str, Any], key: str) -> str:
    """An input as text ("" when left out)."""
    value = body.get(key)
    return "" if value is None else str(value)


@dataclass
class Version:
    arn: str
    status: str
    changed: float = field(default_factory=time.monotonic)
    ticks: int = 0


class Fake:
    """The WSGI app."""

    def __init__(self, mutant: str | None = None, tick: float = 0.15, state_manager: bool = True) -> None:
        assert mutant is None or mutant in MUTANTS, mutant
        self.mutant, self.tick, self.state_manager = mutant, tick, state_manager
        self.lock = threading.Lock()
        self.ids = itertools.count(1)
        self.groups: dict[str, str] = {}
        self.solutions: dict[str, str] = {}
        self.versions: dict[str, Version] = {}
        self.campaigns: dict[str, str] = {}
        self.transitions: dict[str, dict[str, Any]] = {}
        self.calls: list[str] = []

    # -- state ------------------------------------------------------------------------------------------------------

    def _next(self, status: str) -> str | None:
        if self.mutant == "resumes" and status == "CREATE_STOPPED":
            return "CREATE_IN_PROGRESS"
        if self.mutant == "stuck-stopping" and status == "CREATE_STOPPING":
            return None
        return AUTO.get(status)

    def _advance(self, v: Version, described: bool) -> None:
        transition = self.transitions.get("personalize::solutionversion", {})
        if transition.get("progression") == "manual":  # moto's rule: count describes, move once there are enough
            v.ticks += described
            if v.ticks >= transition.get("times", 1) and self._next(v.status):
                v.status, v.ticks = self._next(v.status) or v.status, 0
            return
        while self._next(v.status) and time.monotonic() - v.changed >= self.tick:
            v.status, v.changed = self._next(v.status) or v.status, v.changed + self.tick

    # -- wire -------------------------------------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        request = Request(environ)
        if request.path.startswith("/moto-api/state-manager/") and self.state_manager:
            return self._state_manager(request)(environ, start_response)
        target = request.headers.get("X-Amz-Target", "")
        op = target.split(".")[-1]
        self.calls.append(op)
        try:
            body = json.loads(request.get_data() or b"{}")
        except ValueError:
            return self._error(400, "SerializationException", "bad JSON")(environ, start_response)
        handler = getattr(self, f"op_{op}", None)
        if handler is None:
            return self._error(400, "UnknownOperationException", f"no {op}")(environ, start_response)
        if self.mutant != "lax-required" and op in MODEL.operation_names:
            missing = [m for m in MODEL.operation_model(op).input_shape.required_members if m not in body]
            if missing:
                return self._error(400, "InvalidInputException", f"{missing[0]} is required")(environ, start_response)
        with self.lock:
            response = handler(body)
        return response(environ, start_response)

    def _state_manager(self, request: Request) -> Response:
        action = request.path.rsplit("/", 1)[-1]
        if action == "get-transition":
            return Response(json.dumps(self.transitions.get(request.args.get("model_name", ""),
                                                            {"progression": "immediate"})),
                            content_type="application/json")
        data = json.loads(request.get_data() or b"{}")
        if action == "set-transition":
            self.transitions[data["model_name"]] = data["transition"]
        else:
            self.transitions.pop(data["model_name"], None)
        return Response("", status=201)

    def _ok(self, data: dict[str, Any]) -> Response:
        return Response(json.dumps(data), content_type="application/x-amz-json-1.1")

    def _error(self, status: int, code: str, message: str) -> Response:
        body: dict[str, Any] = {"__type": code, "message": message}
        if self.mutant == "bad-errors":
            body = {"__type": code}
        return Response(json.dumps(body), status=status, content_type="application/x-amz-json-1.1")

    def _missing(self, arn: str) -> Response:
        if self.mutant == "wrong-notfound":
            return self._error(400, "InvalidInputException", f"{arn} is not valid")
        return self._error(400, "ResourceNotFoundException", f"{arn} does not exist")

    def _arn(self, kind: str, name: str) -> str:
        return f"arn:aws:personalize:{REGION_ACCOUNT}:{kind}/{name}"

    # -- operations -------------------------------------------------------------------------------------------------

    def op_CreateDatasetGroup(self, body: dict[str, Any]) -> Response:
        arn = self._arn("dataset-group", _s(body, "name"))
        self.groups[arn] = _s(body, "name")
        return self._ok({"datasetGroupArn": arn})

    def op_DescribeDatasetGroup(self, body: dict[str, Any]) -> Response:
        arn = _s(body, "datasetGroupArn")
        if arn not in self.groups:
            return self._missing(arn)
        return self._ok({"datasetGroup": {"datasetGroupArn": arn, "name": self.groups[arn], "status": "ACTIVE"}})

    def op_DeleteDatasetGroup(self, body: dict[str, Any]) -> Response:
        if self.groups.pop(_s(body, "datasetGroupArn"), None) is None:
            return self._missing(_s(body, "datasetGroupArn"))
        return self._ok({})

    def op_CreateSolution(self, body: dict[str, Any]) -> Response:
        if _s(body, "datasetGroupArn") not in self.groups:
            return self._missing(_s(body, "datasetGroupArn"))
        arn = self._arn("solution", _s(body, "name"))
        self.solutions[arn] = _s(body, "name")
        if self.mutant == "create-html":
            return Response(json.dumps({"solutionArn": arn}), content_type="text/html")
        return self._ok({"solutionArn": arn})

    def op_DescribeSolution(self, body: dict[str, Any]) -> Response:
        arn = _s(body, "solutionArn")
        if arn not in self.solutions:
            return self._missing(arn)
        return self._ok({"solution": {"solutionArn": arn, "name": self.solutions[arn], "status": "ACTIVE"}})

    def op_DeleteSolution(self, body: dict[str, Any]) -> Response:
        if self.mutant == "delete-keeps" and _s(body, "solutionArn") in self.solutions:
            return self._ok({})
        if self.solutions.pop(_s(body, "solutionArn"), None) is None:
            return self._missing(_s(body, "solutionArn"))
        return self._ok({})

    def op_ListSolutions(self, body: dict[str, Any]) -> Response:
        if self.mutant == "broken-list":
            return Response(json.dumps({"__type": "InternalFailure", "message": "boom"}), status=500,
                            content_type="application/x-amz-json-1.1")
        return self._ok({"solutions": [{"solutionArn": a, "name": n, "status": "ACTIVE"}
                                       for a, n in self.solutions.items()]})

    def op_ListSolutionVersions(self, body: dict[str, Any]) -> Response:
        return self._ok({"solutionVersions": []})

    def op_CreateSolutionVersion(self, body: dict[str, Any]) -> Response:
        if _s(body, "solutionArn") not in self.solutions:
            return self._missing(_s(body, "solutionArn"))
        arn = f"{body['solutionArn']}/{next(self.ids)}"
        self.versions[arn] = Version(arn, "QUEUED" if self.mutant == "odd-initial" else "CREATE_PENDING")
        return self._ok({"solutionVersionArn": arn})

    def op_DescribeSolutionVersion(self, body: dict[str, Any]) -> Response:
        v = self.versions.get(_s(body, "solutionVersionArn"))
        if v is None:
            return self._missing(_s(body, "solutionVersionArn"))
        self._advance(v, described=True)
        status = v.status.lower() if self.mutant == "bad-enum" else v.status
        return self._ok({"solutionVersion": {"solutionVersionArn": v.arn, "status": status}})

    def op_StopSolutionVersionCreation(self, body: dict[str, Any]) -> Response:
        v = self.versions.get(_s(body, "solutionVersionArn"))
        if v is None or self.mutant == "stop-notfound":
            return self._missing(_s(body, "solutionVersionArn"))
        self._advance(v, described=False)
        if self.mutant == "lax-stop" and v.status not in STOP:
            return self._ok({})
        if v.status not in STOP:
            return self._error(400, "ResourceInUseException", f"cannot stop in {v.status}")
        v.status, v.changed = STOP[v.status], time.monotonic()
        if self.mutant == "stop-skips" and v.status == "CREATE_STOPPING":
            v.status = "ACTIVE"
        if self.mutant == "stop-deletes":
            del self.versions[v.arn]
        return self._ok({})

    def op_CreateCampaign(self, body: dict[str, Any]) -> Response:
        v = self.versions.get(_s(body, "solutionVersionArn"))
        if v is None or self.mutant == "stop-notfound":
            return self._missing(_s(body, "solutionVersionArn"))
        self._advance(v, described=False)
        if v.status != "ACTIVE":
            return self._error(400, "ResourceInUseException", f"solution version is {v.status}")
        arn = self._arn("campaign", _s(body, "name"))
        self.campaigns[arn] = v.arn
        return self._ok({"campaignArn": arn})

    def op_DeleteCampaign(self, body: dict[str, Any]) -> Response:
        if self.campaigns.pop(_s(body, "campaignArn"), None) is None:
            return self._missing(_s(body, "campaignArn"))
        return self._ok({})


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """Serve a WSGI app on a free loopback port in a thread; yields its URL."""
    quiet_werkzeug()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)


def run_checks(spec: Spec, url: str, families: frozenset[str] | None = None, check_timeout: float = 10.0,
               ids: frozenset[str] | None = None, **settings: Any) -> dict[str, Result]:
    """Generate ``spec``'s live checks for the target at ``url`` (only ``ids``, when given) and judge them in this
    process: id → result."""
    target = UrlTarget(url)
    target.configure(LiveSettings(check_timeout=check_timeout, request_timeout=5.0, **settings))
    try:
        out = {}
        for check in generate(spec, target, families):
            if ids is not None and check.id not in ids:
                continue
            outcome, seconds = execute(check)
            out[check.id] = result_of(spec, check, outcome, seconds)
        return out
    finally:
        target.close()


def load_spec(path: str) -> Spec:
    with open(path, encoding="utf-8") as fh:
        return io.from_json(json.load(fh))
