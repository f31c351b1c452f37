"""example-cli: AWS CLI examples name a real command, real options, and every required option.

``aws <service> <command> --opt value …`` is read with backslash continuations joined and quotes
handled by `shlex`; the command maps to an operation by ``xform_name(op, "-")`` and each option to an
input member by ``xform_name(member, "-")`` (booleans also as ``--no-…``). Global CLI options are ignored.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, partial
from typing import Any

from botocore import xform_name
from botocore.model import ServiceModel

from harness.checks._model import MODEL_TARGETS, model_for, no_model
from harness.checks.base import Check, Family, Outcome, failed, fixed, judged, make, skipped
from harness.spec.model import Example, Spec

GLOBAL_OPTIONS = frozenset({
    "debug", "endpoint-url", "no-verify-ssl", "no-paginate", "output", "query", "profile", "region", "version",
    "color", "no-sign-request", "ca-bundle", "cli-read-timeout", "cli-connect-timeout", "cli-binary-format",
    "no-cli-pager", "cli-auto-prompt", "no-cli-auto-prompt", "cli-input-json", "cli-input-yaml",
    "generate-cli-skeleton", "starting-token", "page-size", "max-items",
})
"""Options every AWS CLI command accepts; they are not input members."""

GLOBAL_FLAGS = frozenset({"debug", "no-verify-ssl", "no-paginate", "version", "no-sign-request", "no-cli-pager",
                          "cli-auto-prompt", "no-cli-auto-prompt"})
"""Global options that take no value."""


BUILTIN_COMMANDS = frozenset({"help", "wait"})
"""Commands every service has in the AWS CLI that are not operations (``wait`` runs a waiter)."""


@cache
def cli_commands(cli_service: str) -> frozenset[str] | None:
    """The commands of ``aws <cli_service>`` in the installed AWS CLI, customizations included (``aws s3 cp``);
    None when the AWS CLI is not installed, so that unknown commands are judged by the model alone."""
    try:
        from awscli.clidriver import create_clidriver

        command = create_clidriver()._get_command_table().get(cli_service)
        if command is None:
            return frozenset()
        table = getattr(command, "subcommand_table", None)  # customized services (s3) vs. generated ones
        return frozenset(table if table is not None else command._get_command_table())
    except Exception:  # noqa: BLE001 -- any trouble with the optional AWS CLI: judge by the model alone
        return None


@dataclass(frozen=True, slots=True)
class CliCall:
    """One ``aws`` command line of an example."""

    service: str
    """The CLI service name (``aws <service>``)."""
    command: str
    """The command (``stop-project-version``)."""
    options: tuple[str, ...]
    """Option names without dashes, in order."""


def parse(code: str) -> list[CliCall]:
    """Every ``aws`` command in ``code``; unparseable lines are left out."""
    joined = re.sub(r"\\\r?\n", " ", code)
    calls = []
    for line in joined.splitlines():
        line = re.sub(r"^\s*(?:\$|>|C:\\>|PS>)\s*", "", line)
        if not re.match(r"aws\s", line.strip()):
            continue
        try:
            words = shlex.split(line, comments=True)
        except ValueError:
            continue
        i = 1
        while i < len(words) and words[i].startswith("--"):  # global options before the service
            name = words[i][2:]
            i += 1 if "=" in name or name in GLOBAL_FLAGS else 2
        if len(words) - i < 2:
            continue
        opts = tuple(w[2:].split("=", 1)[0] for w in words[i + 2:] if w.startswith("--"))
        calls.append(CliCall(words[i], words[i + 1], opts))
    return calls


def judge_call(call: CliCall, model: ServiceModel) -> tuple[str | None, Outcome]:
    """(operation, outcome) for one command line."""
    commands = {xform_name(op, "-"): op for op in model.operation_names}
    op_name = commands.get(call.command)
    expected = {"command": f"aws {call.service} {call.command}", "options": list(call.options)}
    if op_name is None:
        if call.command in BUILTIN_COMMANDS or call.command in (cli_commands(call.service) or ()):
            return None, skipped(f"aws {call.service} {call.command} is an AWS CLI command, not an API operation")
        return None, failed(expected, None, f"aws {call.service} has no command {call.command!r} in the model.")
    shape = model.operation_model(op_name).input_shape
    members = dict(shape.members) if shape else {}
    by_option = {xform_name(n, "-"): n for n in members}
    by_option |= {f"no-{xform_name(n, '-')}": n for n, m in members.items() if m.type_name == "boolean"}
    unknown = [o for o in call.options if o not in by_option and o not in GLOBAL_OPTIONS]
    given = {by_option[o] for o in call.options if o in by_option}
    missing = [n for n in (shape.required_members if shape else []) if n not in given]
    observed = {"operation": op_name, "options": sorted(by_option),
                "required": [xform_name(n, "-") for n in (shape.required_members if shape else [])]}
    problems = [f"unknown option(s) {', '.join('--' + o for o in unknown)}" if unknown else "",
                f"missing required {', '.join('--' + xform_name(n, '-') for n in missing)}" if missing else ""]
    return op_name, judged(not unknown and not missing, expected, observed,
                           f"aws {call.service} {call.command} is a valid {op_name} call.",
                           f"The CLI example for {op_name} has {' and '.join(p for p in problems if p)}.")


def _judge(spec: Spec, model: ServiceModel | None, call: CliCall) -> Outcome:
    if model is None:
        return no_model(spec)
    if call.service != model.service_name:
        return skipped(f"the example calls aws {call.service}, not aws {model.service_name}")
    return judge_call(call, model)[1]


def generate(spec: Spec, target: Any) -> Iterator[Check]:
    model = model_for(spec, target)
    examples: list[Example] = [e for e in spec.examples if e.kind == "cli"]
    for ex in examples:
        calls = parse(ex.code)
        if not calls:
            reason = skipped(f"example {ex.id} has no aws command line")
            yield make(spec, ex.operation, "example-cli", (ex.id,), ex.cite, fixed(reason))
        for call in calls:  # an unknown command has no operation; its name goes into the id
            mine = model is not None and call.service == model.service_name
            op = judge_call(call, model)[0] if model is not None and mine else ex.operation
            detail = (ex.id,) if op or not mine else (ex.id, call.command)
            yield make(spec, op, "example-cli", detail, ex.cite, partial(_judge, spec, model, call))


FAMILIES = (Family("example-cli", MODEL_TARGETS, generate,
                   "CLI examples: the command is an operation, options are members, required options present"),)
