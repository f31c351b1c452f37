"""malformed-body: a request whose body is not JSON is rejected as a client error, not a server error.

AWS JSON protocols only (the body is the whole request there): one check per documented operation that the
model serves over the JSON protocol, sent unsigned to the target with the operation's ``X-Amz-Target`` and
`MALFORMED` as the body. Any 4xx passes (a serialization error, or a refused signature); a success or a 5xx
fails. Not sent to real AWS endpoints (nothing would be learnt but the signature check).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from harness.checks.base import Check, Family, Outcome, failed, passed, skipped
from harness.checks.live_base import Context, live_check
from harness.spec.model import Spec
from harness.targets.http import Request, Unreachable

MALFORMED = b'{"not": json'
"""A request body that is not JSON."""

REFERENCE_ONLY = frozenset({"reference"})
"""For now judged against the reference emulator only (where the mutation benchmark demonstrates it): moto and
the test fakes look resources up before validating values, or accept bodies that are not JSON; running it
against them needs demonstrations of its own in tests/live first."""


def _malformed(operation: str, ctx: Context) -> Outcome:
    if ctx.target.real_aws or ctx.model is None:
        return skipped("malformed bodies are sent only to emulators and local servers")
    meta = ctx.model.metadata
    headers = {"Content-Type": f"application/x-amz-json-{meta.get('jsonVersion', '1.1')}",
               "X-Amz-Target": f"{meta.get('targetPrefix', '')}.{operation}"}
    try:
        reply = ctx.target.sender.send(Request("POST", ctx.target.url + "/", headers, MALFORMED),
                                       max(0.5, min(10.0, ctx.remaining())))
    except Unreachable as exc:
        return Outcome("error", None, None, f"{operation} with a malformed body: {exc}")
    expected = {"status": "4xx"}
    observed = {"status": reply.status, "body": reply.body[:300].decode("utf-8", "replace")}
    if 400 <= reply.status < 500:
        return passed(expected, observed, f"{operation} rejects a malformed JSON body with HTTP {reply.status}.")
    if reply.status >= 500:
        return failed(expected, observed, f"{operation} answered a malformed JSON body with HTTP {reply.status} "
                      "(a server error), not a client error.")
    return failed(expected, observed, f"{operation} answered a malformed JSON body with HTTP {reply.status}.")


def generate(spec: Spec, target: Any) -> Iterator[Check]:
    model = target.model(spec.service.botocore_service)
    if model is None or model.metadata.get("protocol") != "json":
        return
    for op in spec.operations:
        if op.name in model.operation_names:
            yield live_check(spec, target, op.name, "malformed-body", (), op.cite, partial(_malformed, op.name))


FAMILIES = (
    Family("malformed-body", REFERENCE_ONLY, generate,
           "AWS JSON protocols: a body that is not JSON is answered with a client error, not a server error"),
)
