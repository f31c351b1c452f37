"""Pinned facts of single corpus pages (marker: corpus).

Each ``pinned/<name>.json`` names one page of ``../shared/corpus`` and the facts that page states:
operations (canonical name, spellings, HTTP method and URI), inputs, outputs, errors, permissions,
enums, state transitions and examples, each with the source line the spec must cite. The page is
extracted alone (``pipeline.run([page])``) so only its own facts count, and every pinned fact must be
in the resulting spec (a subset check, not equality).

Fixture keys (all optional except ``page`` and ``service``):

``operations[]``
    ``name`` (canonical; when omitted the operation is found by ``http``), ``names`` (a subset of the
    spec's spellings), ``http`` ``{method, uri}``, ``input[]`` ``{name, required, type, location, line}``,
    ``output[]`` ``{name, type, line}``, ``errors[]`` (a name, or ``{name, line}``), ``permissions[]``
    (an action, or ``{action, line}``), and ``exact``: when true, the spec's input names and error names
    for the operation must equal the fixture's (for each of ``input``/``errors`` the fixture gives).
    A key left out of an item is not checked; ``required: null`` demands that the spec says null.
``enums[]``
    ``{name, values[]}``; ``name`` may be a glob (``*.action``); a value is a string or ``{value, line}``
    and matches the canonical value or any recorded spelling.
``transitions[]``
    ``{resource, from, to, trigger, line}`` (``trigger`` null: the service moves by itself).
``examples[]``
    ``{line, language, kind, operation}``: the example cited at ``line``.

Types compare case-insensitively with whitespace collapsed (as the builder's own contradiction check
does). ``line`` may be a list: every line must be cited. Every fact missed is reported, with what the
spec has instead, in one failure per page.
"""

from __future__ import annotations

import fnmatch
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from harness import pipeline
from harness.config import load as load_config

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
FIXTURES = sorted((Path(__file__).parent / "pinned").glob("*.json"))

pytestmark = [pytest.mark.corpus, pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no corpus at {CORPUS}")]


# ---- reading the spec ------------------------------------------------------------------------------


def _providers() -> dict[str, str]:
    return load_config(ROOT / "harness.toml").providers


def _forced_spec(page: Path, service: str) -> dict[str, Any] | None:
    """The page's spec built with its service forced (diagnosis only, when resolution failed)."""
    try:
        from harness.spec import io as spec_io
        from harness.spec.build import Builder
        from harness.spec.services import resolve_all

        result = pipeline.process(str(page), None, None)
        if result.info is None:
            return None
        resolved = resolve_all({result.path: list(result.facts)}, _providers(), forced=service)[result.path]
        if resolved is None:
            return None
        builder = Builder(resolved, [result.info])
        for fact in result.facts:
            builder.add(fact)
        return spec_io.to_json(builder.spec())
    except Exception:  # noqa: BLE001 - diagnosis is best effort; the miss is already recorded
        return None


def _lines(cites: list[dict[str, Any]], source: str) -> list[int]:
    return sorted({c["line"] for c in cites if c["source"] == source})


def _want_lines(item: dict[str, Any]) -> list[int]:
    line = item.get("line")
    if line is None:
        return []
    return list(line) if isinstance(line, list) else [line]


def _norm_type(t: str | None) -> str | None:
    return None if t is None else re.sub(r"\s+", " ", t).strip().lower()


@dataclass
class Report:
    page: str
    misses: list[str] = field(default_factory=list)

    def miss(self, what: str, expected: Any, has: Any, line: Any = None) -> None:
        lines = line if isinstance(line, list) else [line] if line is not None else []
        at = f" [page line {', '.join(map(str, lines))}]" if lines else ""
        self.misses.append(f"{what}: expected {expected!r}; spec has {has}{at}")


# ---- comparing ---------------------------------------------------------------------------------------


def _op_label(op: dict[str, Any]) -> str:
    http = op.get("http")
    return op["name"] + (f" ({http['method']} {http['uri']})" if http else "")


def _find_op(spec: dict[str, Any], want: dict[str, Any], rep: Report) -> dict[str, Any] | None:
    ops = spec["operations"]
    name, http = want.get("name"), want.get("http")
    if name:
        found = next((o for o in ops if o["name"] == name), None)
        if found:
            return found
        same_http = [o for o in ops if http and o.get("http") and o["http"]["method"].upper() == http["method"].upper()
                     and o["http"]["uri"] == http["uri"]]
        folded = [o for o in ops if o["name"].lower() == name.lower()]
        hint = same_http or folded
        rep.miss(f"operation {name}", name,
                 f"no such operation; same http/case: {[o['name'] for o in hint]}; all: {[_op_label(o) for o in ops]}")
        # Go on checking the facts against the operation that has this page's HTTP binding, if any.
        return hint[0] if hint else None
    if http:
        found = next((o for o in ops if o.get("http") and o["http"]["method"].upper() == http["method"].upper()
                      and o["http"]["uri"] == http["uri"]), None)
        if not found:
            rep.miss(f"operation with http {http['method']} {http['uri']}", http,
                     f"none; operations: {[_op_label(o) for o in ops]}")
        return found
    raise AssertionError("fixture operation needs a name or an http binding")


def _check_cites(rep: Report, what: str, item: dict[str, Any], cites: list[dict[str, Any]], source: str) -> None:
    want = _want_lines(item)
    have = _lines(cites, source)
    missing = [n for n in want if n not in have]
    if missing:
        rep.miss(f"{what} cite", missing, f"cites at lines {have}", want)


def _check_operation(spec: dict[str, Any], source: str, want: dict[str, Any], rep: Report) -> None:
    op = _find_op(spec, want, rep)
    if op is None:
        return
    label = want.get("name") or op["name"]
    if op["name"] != label:
        label = f"{label} (checked against {op['name']})"

    for style, spelling in want.get("names", {}).items():
        if op["names"].get(style) != spelling:
            rep.miss(f"{label} names.{style}", spelling, f"names {op['names']}")

    if "http" in want:
        http, have = want["http"], op.get("http")
        if not have or have["method"].upper() != http["method"].upper() or have["uri"] != http["uri"]:
            rep.miss(f"{label} http", f"{http['method']} {http['uri']}", have)

    inputs = {i["name"]: i for i in op["input"]}
    for item in want.get("input", []):
        name = item["name"]
        have = inputs.get(name)
        what = f"{label} input {name}"
        if have is None:
            rep.miss(what, "present", f"no such input; inputs {list(inputs)}", item.get("line"))
            continue
        if "required" in item and have["required"] != item["required"]:
            inferred = " (inferred from examples)" if have.get("required_inferred") else ""
            rep.miss(f"{what} required", item["required"], f"{have['required']}{inferred}", item.get("line"))
        if "type" in item and _norm_type(have["type"]) != _norm_type(item["type"]):
            rep.miss(f"{what} type", item["type"], repr(have["type"]), item.get("line"))
        if "location" in item and have["location"] != item["location"]:
            rep.miss(f"{what} location", item["location"], repr(have["location"]), item.get("line"))
        _check_cites(rep, what, item, have["cite"], source)
    if want.get("exact") and "input" in want:
        extra = [n for n in inputs if n not in {i["name"] for i in want["input"]}]
        if extra:
            rep.miss(f"{label} inputs (exact)", [i["name"] for i in want["input"]],
                     "extra inputs " + ", ".join(f"{n} at {_lines(inputs[n]['cite'], source)}" for n in extra))

    outputs = {o["name"]: o for o in op["output"]}
    for item in want.get("output", []):
        name = item["name"]
        have = outputs.get(name)
        what = f"{label} output {name}"
        if have is None:
            rep.miss(what, "present", f"no such output; outputs {list(outputs)}", item.get("line"))
            continue
        if "type" in item and _norm_type(have["type"]) != _norm_type(item["type"]):
            rep.miss(f"{what} type", item["type"], repr(have["type"]), item.get("line"))
        _check_cites(rep, what, item, have["cite"], source)

    errors = {e["name"]: e for e in op["errors"]}
    want_errors = [e if isinstance(e, dict) else {"name": e} for e in want.get("errors", [])]
    for item in want_errors:
        have = errors.get(item["name"])
        what = f"{label} error {item['name']}"
        if have is None:
            rep.miss(what, "present", f"errors {list(errors)}", item.get("line"))
            continue
        _check_cites(rep, what, item, have["cite"], source)
    if want.get("exact") and "errors" in want:
        extra = [n for n in errors if n not in {e["name"] for e in want_errors}]
        if extra:
            rep.miss(f"{label} errors (exact)", [e["name"] for e in want_errors], f"extra errors {extra}")

    perms = {p["action"]: p for p in op["permissions"]}
    for item in want.get("permissions", []):
        item = item if isinstance(item, dict) else {"action": item}
        have = perms.get(item["action"])
        what = f"{label} permission {item['action']}"
        if have is None:
            rep.miss(what, "present", f"permissions {list(perms)}", item.get("line"))
            continue
        _check_cites(rep, what, item, have["cite"], source)


def _check_enum(spec: dict[str, Any], source: str, want: dict[str, Any], rep: Report) -> None:
    pattern = want["name"]
    enums = [e for e in spec["enums"] if fnmatch.fnmatchcase(e["name"].lower(), pattern.lower())]
    if not enums:
        summary = {e["name"]: [v["value"] for v in e["values"]] for e in spec["enums"]}
        rep.miss(f"enum {pattern}", "present", f"no such enum; enums {summary}")
        return
    enum = enums[0]
    for item in want["values"]:
        item = item if isinstance(item, dict) else {"value": item}
        value = next((v for v in enum["values"] if item["value"] == v["value"] or item["value"] in v["spellings"]),
                     None)
        what = f"enum {enum['name']} value {item['value']}"
        if value is None:
            rep.miss(what, "present", f"values {[v['value'] for v in enum['values']]}", item.get("line"))
            continue
        _check_cites(rep, what, item, value["cite"], source)


def _check_transition(spec: dict[str, Any], source: str, want: dict[str, Any], rep: Report) -> None:
    machines = {m["resource"]: m for m in spec["state_machines"]}
    what = f"transition {want['resource']} {want['from']} -> {want['to']}"
    machine = machines.get(want["resource"])
    if machine is None:
        rep.miss(what, "present", f"no state machine for {want['resource']}; machines {list(machines)}",
                 want.get("line"))
        return
    found = [t for t in machine["transitions"] if t["from"] == want["from"] and t["to"] == want["to"]]
    listed = [f"{t['from']}->{t['to']} ({t['trigger']}) at {_lines(t['cite'], source)}" for t in machine["transitions"]]
    if not found:
        rep.miss(what, "present", f"states {machine['states']}, transitions {listed}", want.get("line"))
        return
    if "trigger" in want and not any(t["trigger"] == want["trigger"] for t in found):
        rep.miss(f"{what} trigger", want["trigger"], [t["trigger"] for t in found], want.get("line"))
    cites = [c for t in found for c in t["cite"]]
    _check_cites(rep, what, want, cites, source)


def _check_example(spec: dict[str, Any], source: str, want: dict[str, Any], rep: Report) -> None:
    line = want["line"]
    found = [x for x in spec["examples"] if line in _lines(x["cite"], source)]
    what = f"example at line {line}"
    if not found:
        listed = [f"{x['language']}/{x['kind']}/{x['operation']} at {_lines(x['cite'], source)}" for x in spec["examples"]]
        rep.miss(what, "present", f"examples {listed}", line)
        return
    example = found[0]
    for key in ("language", "kind", "operation"):
        if key in want and example[key] != want[key]:
            rep.miss(f"{what} {key}", want[key], repr(example[key]), line)


# ---- the test ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_pinned_page(fixture: Path, tmp_path: Path) -> None:
    want = json.loads(fixture.read_text("utf-8"))
    page = CORPUS / want["page"]
    assert page.is_file(), f"{fixture.name}: page {want['page']} is not in the corpus"
    rep = Report(want["page"])

    outcome = pipeline.run([str(page)], out=tmp_path, cache_dir=None, providers=_providers())
    assert not outcome.errors, f"{want['page']}: extraction failed: {outcome.errors[0].error}"
    provider, service = want["service"].split("/", 1)
    text = outcome.specs.get(tmp_path / provider / f"{service}.json")
    if text is not None:
        spec = json.loads(text)
    else:
        produced = sorted(str(p.relative_to(tmp_path).with_suffix("")) for p in outcome.specs)
        rep.miss("service", want["service"], f"specs {produced}; page resolved to {list(outcome.services.values())}")
        spec = _forced_spec(page, service)
        if spec is None:
            pytest.fail(f"{want['page']}: no spec for {want['service']}\n  - " + "\n  - ".join(rep.misses))
        rep.misses[-1] += " (remaining facts checked against a spec built with the service forced)"

    source = next((s["id"] for s in spec["sources"] if s["path"].endswith(want["page"])), None)
    assert source, f"{want['page']}: not among the spec's sources {[s['path'] for s in spec['sources']]}"

    for op in want.get("operations", []):
        _check_operation(spec, source, op, rep)
    for enum in want.get("enums", []):
        _check_enum(spec, source, enum, rep)
    for transition in want.get("transitions", []):
        _check_transition(spec, source, transition, rep)
    for example in want.get("examples", []):
        _check_example(spec, source, example, rep)

    if rep.misses:
        pytest.fail(f"{want['page']} ({want.get('why', '')}): {len(rep.misses)} fact(s) missed or wrong\n  - "
                    + "\n  - ".join(rep.misses), pytrace=False)
