"""Results: what a verify run found, written as ``results.json`` (see shared/SPEC.md) and JUnit XML.

`result_of` turns a check and its outcome into a `Result` (cites resolved to source paths); `to_json`,
`write` and `write_junit` put a `Run` and its results on disk atomically; `load` reads them back and
`problems` validates against ``results_schema.json``. Results are always sorted by id. A `Rendered` result is
one an xdist worker wrote out already (its results.json line and JUnit testcase); `write` takes both kinds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from operator import attrgetter
from pathlib import Path
from typing import Any

from harness.checks.base import VERDICTS, Check, Outcome
from harness.errors import HarnessError
from harness.spec.io import write_atomic
from harness.spec.model import Spec, to_jsonable

RESULTS_FILE = "results.json"
JUNIT_FILE = "junit.xml"


@dataclass(frozen=True, slots=True)
class ResultCite:
    """A documentation line behind a result, resolved so reports can link to it."""

    source: str
    """The source id in the spec."""
    path: str | None
    """That source's path (relative to the project root), or None if the spec does not list it."""
    line: int
    """1-based line."""
    text: str
    """The cited words."""


@dataclass(frozen=True, slots=True)
class Result:
    """One check's verdict."""

    id: str
    """"<service>.<operation>.<check>[.<detail>]", stable across runs."""
    service: str
    """The spec's service name."""
    operation: str | None
    """The operation checked, if any."""
    check: str
    """The family name, kebab-case."""
    verdict: str
    """"pass" | "fail" | "not-implemented" | "error" | "skipped"."""
    expected: Any
    """What the docs say (JSON)."""
    observed: Any
    """What the model or target has (JSON)."""
    message: str
    """One sentence a person can act on; the reason when skipped."""
    cite: tuple[ResultCite, ...]
    """The documentation lines that make the check."""
    duration_s: float
    """Seconds the check took."""


@dataclass(frozen=True, slots=True)
class SpecRef:
    """A spec the run read."""

    path: str
    """As given (relative to the working directory when under it)."""
    sha256: str
    """Of the file's bytes."""


@dataclass(frozen=True, slots=True)
class SpecProblem:
    """A spec that could not be checked at all (unreadable, fails the schema, unknown service)."""

    path: str
    """The file."""
    field: str | None
    """The JSON path of the offending field, when there is one."""
    message: str
    """What is wrong."""


@dataclass(frozen=True, slots=True)
class Run:
    """The header of a results file."""

    target: str
    """What was checked, e.g. "botocore==1.43.11"."""
    target_kind: str
    """"botocore" | "reference" | "moto" | "url"."""
    started: str
    """ISO 8601 UTC."""
    finished: str
    """ISO 8601 UTC."""
    harness_version: str
    """`harness.__version__`."""
    specs: tuple[SpecRef, ...] = ()
    """Every spec that produced results, sorted by path."""
    spec_errors: tuple[SpecProblem, ...] = field(default=())
    """Specs that could not be checked, sorted by path (an addition to SPEC.md's fields)."""


def source_paths(spec: Spec) -> dict[str, str]:
    """Source id → path, for `resolve_cites` (worked out once per spec, not once per check)."""
    return {s.id: s.path for s in spec.sources}


def resolve_cites(spec: Spec, check: Check, paths: Mapping[str, str] | None = None) -> tuple[ResultCite, ...]:
    paths = source_paths(spec) if paths is None else paths
    return tuple(ResultCite(c.source, paths.get(c.source), c.line, c.text) for c in check.cite)


def result_of(spec: Spec, check: Check, outcome: Outcome, duration_s: float,
              paths: Mapping[str, str] | None = None) -> Result:
    """``paths``: `source_paths` of ``spec``, when the caller has it already."""
    return Result(check.id, check.service, check.operation, check.check, outcome.verdict, outcome.expected,
                  outcome.observed, outcome.message, resolve_cites(spec, check, paths), round(duration_s, 6))


def result_to_json(result: Result) -> dict[str, Any]:
    """The result as written to results.json (``expected`` and ``observed`` are JSON values already)."""
    return {"id": result.id, "service": result.service, "operation": result.operation, "check": result.check,
            "verdict": result.verdict, "expected": result.expected, "observed": result.observed,
            "message": result.message,
            "cite": [{"source": c.source, "path": c.path, "line": c.line, "text": c.text} for c in result.cite],
            "duration_s": result.duration_s}


def result_from_json(data: dict[str, Any]) -> Result:
    return Result(data["id"], data["service"], data["operation"], data["check"], data["verdict"], data["expected"],
                  data["observed"], data["message"], tuple(ResultCite(**c) for c in data["cite"]),
                  data["duration_s"])


@dataclass(frozen=True, slots=True)
class Rendered:
    """A result as the xdist worker that ran its check wrote it out: what a run's summary counts, its line in
    results.json and its JUnit testcase, so that the controller neither parses nor writes it again. `full`
    gives the `Result`."""

    id: str
    verdict: str
    duration_s: float
    left_behind: tuple[str, ...]
    """`left_behind` of the result."""
    line: str
    """`line` of the result."""
    case: str
    """`case` of the result."""

    @classmethod
    def of(cls, result: Result) -> Rendered:
        return cls(result.id, result.verdict, result.duration_s, tuple(left_behind(result)), line(result),
                   case(result))


AnyResult = Result | Rendered


def full(result: AnyResult) -> Result:
    """The `Result` (a rendered one read back from its line)."""
    return result_from_json(json.loads(result.line)) if isinstance(result, Rendered) else result


def left_behind(result: AnyResult) -> list[str]:
    """What a live check made and could not delete (``observed.left_behind``, also inside ``observed.result``)."""
    if isinstance(result, Rendered):
        return list(result.left_behind)
    found: list[str] = []
    observed = result.observed
    while isinstance(observed, dict):
        found += [str(x) for x in observed.get("left_behind", [])]
        observed = observed.get("result")
    return found


def to_json(run: Run, results: Iterable[Result]) -> dict[str, Any]:
    ordered = sorted(results, key=by_id)
    return {"run": to_jsonable(run), "results": [result_to_json(r) for r in ordered]}


def line(result: Result) -> str:
    """The result's line in results.json."""
    return _ONE_LINE(result_to_json(result))


def dumps(run: Run, results: Iterable[AnyResult]) -> str:
    """results.json's text: the run header indented, then one result a line, in id order. (json's indenting
    encoder is pure Python and was a quarter of a large run's controller time; a line per result goes
    through its C encoder, and a result still reads and diffs as one line.)"""
    return "".join(_dumps_parts(run, results))


def _dumps_parts(run: Run, results: Iterable[AnyResult]) -> Iterator[str]:
    """`dumps` in pieces, for writing without joining them first."""
    header = json.dumps(to_jsonable(run), indent=2, ensure_ascii=False).replace("\n", "\n  ")
    yield f'{{\n  "run": {header},\n  "results": ['
    between = "\n    "
    for r in sorted(results, key=by_id):
        yield between
        yield r.line if isinstance(r, Rendered) else line(r)
        between = ",\n    "
    yield "]\n}\n" if between == "\n    " else "\n  ]\n}\n"


by_id = attrgetter("id")
"""The sort key of results: their id."""


_ONE_LINE = json.JSONEncoder(ensure_ascii=False).encode


def write(out: Path, run: Run, results: Iterable[AnyResult]) -> Path:
    """Write ``out/results.json`` and ``out/junit.xml``; returns the results path."""
    results = sorted(results, key=by_id)
    path = out / RESULTS_FILE
    write_atomic(path, _dumps_parts(run, results))
    write_atomic(out / JUNIT_FILE, _junit_parts(run, results))
    return path


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads(resources.files("harness").joinpath("results_schema.json").read_text("utf-8"))


def problems(data: Any) -> list[tuple[str, str]]:
    """Every schema violation as (JSON path, message), sorted."""
    import jsonschema  # here: importing it was a tenth of a second of every run's start

    validator = jsonschema.validators.validator_for(schema())(schema())
    return sorted((e.json_path, e.message) for e in validator.iter_errors(data))


class ResultsError(HarnessError):
    fmt = "{path}: {reason}"


def load(path: Path, validate: bool = True) -> tuple[Run, list[Result]]:
    """Read and validate a results file (``validate=False`` for a file this process has just written)."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ResultsError(path=str(path), reason=f"cannot read results: {exc}") from None
    found = problems(data) if validate else []
    if found:
        raise ResultsError(path=str(path), reason=f"{found[0][0]}: {found[0][1]}")
    run = data["run"]
    header = Run(**{**run, "specs": tuple(SpecRef(**s) for s in run["specs"]),
                    "spec_errors": tuple(SpecProblem(**p) for p in run.get("spec_errors", []))})
    return header, [result_from_json(r) for r in data["results"]]


def counts(results: Iterable[AnyResult]) -> dict[str, int]:
    """Results per verdict, every verdict present, in VERDICTS order."""
    found = {v: 0 for v in VERDICTS}
    for r in results:
        found[r.verdict] = found.get(r.verdict, 0) + 1
    return found


JUNIT_ELEMENTS = {"fail": "failure", "error": "error", "skipped": "skipped", "not-implemented": "skipped"}
"""Verdict → the JUnit child element of its testcase (none for "pass")."""


def detail(r: Result) -> str:
    lines = [r.message, f"expected: {json.dumps(r.expected, ensure_ascii=False)}",
             f"observed: {json.dumps(r.observed, ensure_ascii=False)}"]
    lines += [f"cite: {c.path or c.source}:{c.line}: {c.text}" for c in r.cite]
    return "\n".join(lines)


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean(text: str) -> str:
    """``text`` with every character XML 1.0 forbids (control characters from a hostile target) written as an
    escape, ``\\xNN``."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def xml_text(text: str) -> str:
    """Character data for XML (a carriage return as a reference, which a parser keeps: it would make it a line
    feed)."""
    return clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def xml_attr(text: str) -> str:
    """An attribute value for XML, quoted; line breaks and tabs as character references, which a parser keeps
    (it would make them spaces)."""
    value = xml_text(text).replace('"', "&quot;").replace("\n", "&#10;")
    return '"' + value.replace("\t", "&#09;") + '"'


def case(r: Result) -> str:
    """The result's JUnit testcase element (classname service.operation, name = id), indented for `junit`."""
    classname = ".".join(x for x in (r.service, r.operation) if x)
    start = f"    <testcase classname={xml_attr(classname)} name={xml_attr(r.id)} time=\"{r.duration_s:.6f}\""
    tag = JUNIT_ELEMENTS.get(r.verdict)
    if tag is None:
        return start + " />\n"
    if tag == "skipped":
        return f"{start}>\n      <skipped message={xml_attr(r.message)} type=\"{r.verdict}\" />\n    </testcase>\n"
    return (f"{start}>\n      <{tag} message={xml_attr(r.message)} type=\"{r.verdict}\">{xml_text(detail(r))}</{tag}>\n"
            "    </testcase>\n")


def junit(run: Run, results: Iterable[AnyResult]) -> str:
    """JUnit XML: one testcase per result (`case`), bad specs as errors. Written as text (ElementTree building
    one element per check, then indenting the tree, was a tenth of a large run's time), indented as
    ``ElementTree.indent`` indents."""
    return "".join(_junit_parts(run, results))


def _junit_parts(run: Run, results: Iterable[AnyResult]) -> list[str]:
    results = sorted(results, key=by_id)
    n = counts(results)
    out = ["<?xml version='1.0' encoding='utf-8'?>\n<testsuites>\n"]
    suite = {"name": f"harness {run.target}", "tests": str(len(results) + len(run.spec_errors)),
             "failures": str(n["fail"]), "errors": str(n["error"] + len(run.spec_errors)),
             "skipped": str(n["skipped"] + n["not-implemented"]),
             "time": f"{sum(r.duration_s for r in results):.6f}", "timestamp": run.started}
    out.append("  <testsuite " + " ".join(f"{k}={xml_attr(v)}" for k, v in suite.items()))
    if not results and not run.spec_errors:
        out.append(" />\n</testsuites>\n")
        return out
    out.append(">\n")
    for p in run.spec_errors:
        where = f"{p.path} [{p.field}]" if p.field else p.path
        out.append(f'    <testcase classname="spec" name={xml_attr(p.path)} time="0">\n      <error message='
                   f'{xml_attr(f"{where}: {p.message}")} type="spec-error">{xml_text(p.message)}</error>\n'
                   "    </testcase>\n")
    out.extend(r.case if isinstance(r, Rendered) else case(r) for r in results)
    out.append("  </testsuite>\n</testsuites>\n")
    return out
