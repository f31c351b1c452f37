"""What every live check family shares (a helper, not a family): the per-check `Context`, and `live_check`,
which turns a body ``Context → Outcome`` into a bounded judge.

A live judge
  * skips a mutating check against real AWS unless ``--allow-mutations``;
  * gives "error" at once when the run-wide deadline (``--timeout``) has passed;
  * runs the body in a worker thread and waits at most the per-check deadline (``--check-timeout``): a
    check that overruns ends with "error", whatever the server does, and its thread's requests are
    themselves bounded by the same deadline;
  * turns `NoVerdict` (raised from deep inside a body: the target was unreachable, an operation it needs is
    not implemented, a setup step cannot be done) into that verdict;
  * judges every reply the body received against the documented form (`live_format`): a check that
    would pass fails when a reply departs from it;
  * deletes what the body created (``Context.created``), newest first, and lists in ``observed.left_behind``
    (and, against real AWS, in the message) what it could not delete or the API offers no way to delete;
    `harness verify` prints that list.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from botocore.model import OperationModel, ServiceModel

from harness.checks.base import Check, Outcome, make, skipped
from harness.checks.live_format import problems as format_problems
from harness.errors import HarnessError
from harness.spec.model import Cite, Spec
from harness.targets.exchange import Exchange
from harness.targets.live import LiveTarget, Transport
from harness.targets.synth import IDENTIFIER, Synthesizer

LIVE_TARGETS = frozenset({"url", "moto", "reference"})
"""Target kinds the live families judge."""

READ_ONLY_VERBS = ("Describe", "Get", "List", "Search", "BatchGet", "Head", "Lookup", "Query")
"""Operation name prefixes that only read; every other operation is treated as changing something."""

AWS_COMMON_ERRORS = ("AccessDeniedException", "IncompleteSignature", "InternalFailure", "InvalidAction",
                     "InvalidClientTokenId", "InvalidParameterCombination", "InvalidParameterValue",
                     "InvalidQueryParameter", "MalformedQueryString", "MissingAction", "MissingAuthenticationToken",
                     "MissingParameter", "NotAuthorized", "OptInRequired", "RequestExpired", "ServiceUnavailable",
                     "ThrottlingException", "ValidationError", "ValidationException")
"""The errors every AWS API reference documents on its "Common Errors" page, for every operation."""

GRACE = 0.5
"""Seconds a judge waits past the deadline for the body to report before giving up on it."""


class NoVerdict(Exception):
    """Ends a check body early with ``outcome`` (error, not-implemented or skipped)."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.message)
        self.outcome = outcome


def read_only(operation: str) -> bool:
    return operation.startswith(READ_ONLY_VERBS)


def is_identifier(member: str) -> bool:
    return IDENTIFIER.search(member) is not None


def resource_of(operation: str) -> str:
    """"CreateSolutionVersion" → "SolutionVersion" (the words after the verb)."""
    words = re.findall(r"[A-Z][a-z0-9]*", operation)
    return "".join(words[1:]) if len(words) > 1 else operation


def documented_errors(spec: Spec, model: ServiceModel | None, operation: str) -> list[str]:
    """The errors the docs allow for ``operation``: the spec's, the model's, and AWS's common errors."""
    op = spec.operation(operation)
    names = [e.name for e in op.errors] if op is not None else []
    if model is not None and operation in model.operation_names:
        names += [s.name for s in model.operation_model(operation).error_shapes]
        names += list(AWS_COMMON_ERRORS)
    return list(dict.fromkeys(names))


def error_name(code: str | None) -> str:
    """``aws.protocoltests#ResourceNotFoundException:http://…`` → ``ResourceNotFoundException``."""
    return (code or "").split(":")[0].rsplit("#", 1)[-1]


def names_not_found(name: str) -> bool:
    """An error name that says "no such resource": ``ResourceNotFoundException``, ``NoSuchBucket``."""
    return "NotFound" in name or name.startswith("NoSuch")


def not_found(ex: Exchange) -> bool:
    """The reply says what the call names does not exist (a documented not-found error, or HTTP 404)."""
    return ex.status == 404 or names_not_found(error_name(ex.error_code))


@dataclass
class Context:
    """One live check in flight: its target, deadline, synthesizer, and everything it called and created."""

    target: LiveTarget
    spec: Spec
    transport: Transport
    model: ServiceModel | None
    deadline: float
    """`time.monotonic()` by which the check must have a verdict."""
    synth: Synthesizer
    exchanges: list[Exchange] = field(default_factory=list)
    created: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    """(delete operation, its input) for every resource made, in order of creation."""
    left_behind: list[str] = field(default_factory=list)
    abandoned: bool = False
    cleanup_deadline: float = 0.0
    """`time.monotonic()` by which cleanup must be done (a little after ``deadline``)."""
    subject: str | None = None
    """The operation the check is about (None: the whole service)."""

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def operation(self, name: str) -> OperationModel | None:
        model = self.model
        return model.operation_model(name) if model is not None and name in model.operation_names else None

    def call(self, operation: str, params: Mapping[str, Any], validate: bool = True) -> Exchange:
        """One request; raises `NoVerdict` ("error") when the target could not be reached or time is up."""
        left = self.remaining()
        if self.abandoned or left <= 0.05:
            raise NoVerdict(Outcome("error", None, None, f"the per-check deadline passed before {operation}"))
        timeout = min(self.target.settings.request_timeout, left)
        ex = self.transport.call(operation, params, timeout=timeout, validate=validate)
        self.exchanges.append(ex)
        if ex.unreachable:
            raise NoVerdict(Outcome("error", None, ex.summary(), f"{operation}: {ex.unreachable}"))
        if ex.rejected_locally:
            raise NoVerdict(Outcome("error", None, dict(ex.params) if isinstance(ex.params, dict) else None,
                                    f"could not send {operation}: {ex.rejected_locally}"))
        return ex

    def sleep(self, seconds: float) -> None:
        time.sleep(max(0.0, min(seconds, self.remaining() - 0.05)))

    def format_problems(self) -> tuple[list[str], list[str]]:
        """How replies depart from the documented form: (those that judge this check, those of setup calls).
        The replies of the check's own operation and of reads (what a lifecycle check observes) judge it;
        the replies of calls made to set it up (creating a resource it needs) are judged by those
        operations' own checks and only noted here."""
        own: list[str] = []
        setup: list[str] = []
        for ex in self.exchanges:
            found = [f"{ex.operation} (HTTP {ex.status}): {p}" for p in format_problems(ex, self.spec, self.model)]
            judged = self.subject is None or ex.operation == self.subject or read_only(ex.operation)
            (own if judged else setup).extend(found)
        return list(dict.fromkeys(own)), list(dict.fromkeys(setup))

    def cleanup(self) -> None:
        """Delete what was created, newest first; remember what could not be deleted."""
        for operation, params in reversed(self.created):
            what = f"{operation}({', '.join(f'{k}={v}' for k, v in params.items())})"
            left = self.cleanup_deadline - time.monotonic()
            if left <= 0.05:
                self.left_behind.append(what)
                continue
            try:
                ex = self.transport.call(operation, params, timeout=min(self.target.settings.request_timeout, left))
            except Exception:  # noqa: BLE001 -- cleanup must not hide the verdict
                self.left_behind.append(what)
                continue
            if not ex.ok and not not_found(ex):
                self.left_behind.append(what)
        self.created.clear()


Body = Callable[[Context], Outcome]


def _finish(ctx: Context, outcome: Outcome) -> Outcome:
    """Fold the reply-format problems and what was left behind into the outcome."""
    problems, setup = ctx.format_problems()
    verdict, message = outcome.verdict, outcome.message
    extra: dict[str, Any] = {}
    if problems and verdict in ("pass", "fail"):
        extra["format_problems"] = problems
        if verdict == "pass":
            verdict = "fail"
            message = f"{message} But a reply departs from the documented form: {problems[0]}"
    if setup and verdict in ("pass", "fail"):
        extra["setup_format_problems"] = setup
        message = f"{message} (A setup call's reply departs from the documented form: {setup[0]}.)"
    if ctx.left_behind:
        extra["left_behind"] = ctx.left_behind
        if ctx.target.real_aws:
            message = f"{message} Could not delete: {'; '.join(ctx.left_behind)}."
    observed = {"result": outcome.observed, **extra} if extra else outcome.observed
    return Outcome(verdict, outcome.expected, observed, message)


def bounded(spec: Spec, target: LiveTarget, body: Body, mutating: bool,
            subject: str | None = None) -> Callable[[], Outcome]:
    """The judge of a live check (see the module docstring)."""
    def judge() -> Outcome:
        settings = target.settings
        if mutating and target.real_aws and not settings.allow_mutations:
            return skipped("changes resources on a real AWS endpoint; pass --allow-mutations to run it")
        unserved = target.unserved(spec)
        if unserved:
            return Outcome("not-implemented", None, None, f"{unserved}.")
        budget = settings.check_timeout
        if settings.deadline is not None:
            budget = min(budget, settings.deadline - time.time())
            if budget <= 0:
                return Outcome("error", None, None, "the run-wide --timeout passed before this check ran")
        try:
            transport = target.transport(spec)
        except HarnessError as exc:
            return Outcome("error", None, None, str(exc))
        if transport is None:
            return skipped(f"no way to call {spec.service.name}: no botocore service and no HTTP routes")
        start = time.monotonic()
        reserve = min(2.0, budget * 0.2)  # kept for deleting what the check created
        ctx = Context(target, spec, transport, target.model(spec.service.botocore_service),
                      start + budget - reserve, target.synthesizer(spec), cleanup_deadline=start + budget,
                      subject=subject)
        box: list[Outcome] = []

        def run() -> None:
            try:
                box.append(body(ctx))
            except NoVerdict as stop:
                box.append(stop.outcome)
            except HarnessError as exc:
                box.append(Outcome("error", None, None, str(exc)))
            except Exception as exc:  # noqa: BLE001 -- a check never crashes the run
                box.append(Outcome("error", None, None, f"check raised {type(exc).__name__}: {exc}"))
            finally:
                ctx.cleanup()

        worker = threading.Thread(target=run, name="harness-check", daemon=True)
        worker.start()
        worker.join(budget + GRACE)
        if worker.is_alive() or not box:
            ctx.abandoned = True
            limit = "run-wide --timeout" if settings.deadline is not None and budget < settings.check_timeout \
                else "per-check deadline"
            return Outcome("error", None, [e.summary() for e in ctx.exchanges[-3:]],
                           f"no verdict within {budget:.1f}s ({limit})")
        return _finish(ctx, box[0])
    return judge


def live_check(spec: Spec, target: LiveTarget, operation: str | None, family: str, detail: tuple[str, ...],
               cite: Iterable[Cite], body: Body, mutating: bool = False) -> Check:
    return make(spec, operation, family, detail, cite, bounded(spec, target, body, mutating, operation))


def not_implemented(ex: Exchange, what: str = "") -> NoVerdict:
    reason = ex.not_implemented or "not implemented"
    return NoVerdict(Outcome("not-implemented", None, ex.summary(),
                             f"{what or ex.operation} is not implemented by the target ({reason})."))


def require_implemented(ex: Exchange, what: str = "") -> Exchange:
    """``ex``, or `NoVerdict` ("not-implemented") when the reply says the operation is not offered."""
    if ex.not_implemented:
        raise not_implemented(ex, what)
    return ex


def spec_inputs(spec: Spec, ctx: Context, operation: str, omit: tuple[str, ...] = (),
                overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Valid input for ``operation``: from the botocore model when there is one, else from the spec's
    documented inputs (required ones, by documented type); scenario values and ``overrides`` win."""
    op_model = ctx.operation(operation)
    if op_model is not None:
        return ctx.synth.input(op_model, known=overrides, omit=omit)
    if ctx.model is not None:
        raise NoVerdict(skipped(f"{operation} is not in the {ctx.model.service_name} model (see operation-exists)"))
    op = spec.operation(operation)
    given = {**ctx.synth.scenario.input_for(operation), **(overrides or {})}
    out: dict[str, Any] = {}
    for inp in op.input if op else ():
        if inp.name in omit:
            continue
        if inp.name in given:
            out[inp.name] = given[inp.name]
        elif inp.required or inp.location == "path":
            out[inp.name] = ctx.synth.typed(inp.type, inp.name)
    return out


def track_created(ctx: Context, operation: str, params: Mapping[str, Any], ex: Exchange) -> None:
    """After a successful ``Create<Resource>``, remember how to delete what it made (``Delete<Resource>`` with the
    identifiers the reply and the request carry)."""
    if not ex.ok or not operation.startswith("Create"):
        return
    delete = ctx.operation("Delete" + resource_of(operation))
    if delete is None or delete.input_shape is None:
        ids = {k: v for k, v in {**dict(params), **(ex.data if isinstance(ex.data, dict) else {})}.items()
               if is_identifier(k)}
        ctx.left_behind.append(f"{resource_of(operation)} {ids} (no Delete{resource_of(operation)})")
        return
    known = {k.lower(): v for k, v in {**dict(params), **(ex.data if isinstance(ex.data, dict) else {})}.items()}
    wanted = list(delete.input_shape.required_members)
    if not wanted:  # identifiers may all be optional (StreamName or StreamARN): the first one known
        wanted = [n for n in delete.input_shape.members if is_identifier(n) and n.lower() in known][:1]
    if wanted and all(n.lower() in known for n in wanted):
        ctx.created.append((delete.name, {n: known[n.lower()] for n in wanted}))
