"""Results files in, merged results file out.

A results file is either one run, as `harness verify` writes it (``{"run": …, "results": […]}``), or a
merged file as `harness report` writes it for several runs: ``{"runs": [<one run>, <one run>, …]}``, each
element valid against ``harness/results_schema.json``. `load_runs` reads either; `write_merged` writes the
merged form (or the one run unchanged when there is only one, so that a single-target ``results.json``
keeps the shape SPEC.md fixes).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness import results as res
from harness.spec.io import write_atomic


@dataclass(frozen=True, slots=True)
class LoadedRun:
    """One target's run, as read from disk."""

    label: str
    """Short and unique among the report's runs: the target kind, or "kind-2" for a second run of a kind."""
    run: res.Run
    """The header."""
    results: tuple[res.Result, ...]
    """Sorted by id."""
    path: str
    """The file it came from."""
    data: dict[str, Any]
    """The run's JSON as read (for the merged file)."""
    text: str | None = None
    """The file's text, when the file holds only this run (so the merged file can reuse it)."""


_ITEM_SCHEMA = {
    "type": "object",
    "required": ["id", "service", "operation", "check", "verdict", "expected", "observed", "message", "cite",
                 "duration_s"],
    "additionalProperties": False,
    "properties": {
        "id": {"$ref": "#/$defs/nonempty"},
        "service": {"$ref": "#/$defs/nonempty"},
        "operation": {"type": ["string", "null"]},
        "check": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
        "verdict": {"enum": ["pass", "fail", "not-implemented", "error", "skipped"]},
        "expected": {"description": "What the docs say: any JSON value."},
        "observed": {"description": "What the target or model did: any JSON value."},
        "message": {"$ref": "#/$defs/nonempty"},
        "cite": {"type": "array", "items": {
            "type": "object", "required": ["source", "path", "line", "text"], "additionalProperties": False,
            "properties": {"source": {"$ref": "#/$defs/nonempty"}, "path": {"type": ["string", "null"]},
                           "line": {"type": "integer", "minimum": 1}, "text": {"type": "string"}}}},
        "duration_s": {"type": "number", "minimum": 0},
    },
}
"""The result item schema `_item_ok` implements; it is used only while results_schema.json says exactly this."""
_KEYS = frozenset(("id", "service", "operation", "check", "verdict", "expected", "observed", "message", "cite",
                   "duration_s"))
_VERDICTS = frozenset(("pass", "fail", "not-implemented", "error", "skipped"))
_CHECK = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_CITE_KEYS = frozenset(("source", "path", "line", "text"))


def _nonempty(value: Any) -> bool:
    return isinstance(value, str) and value != ""


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _item_ok(item: Any) -> bool:
    """True when ``item`` certainly satisfies `_ITEM_SCHEMA` (a fast path: 20,000 results validate in
    milliseconds instead of seconds); False sends the file through jsonschema for the exact message."""
    if not isinstance(item, dict) or item.keys() != _KEYS:
        return False
    if not (_nonempty(item["id"]) and _nonempty(item["service"]) and _nonempty(item["message"])
            and (item["operation"] is None or isinstance(item["operation"], str))
            and isinstance(item["check"], str) and _CHECK.fullmatch(item["check"])
            and item["verdict"] in _VERDICTS and _number(item["duration_s"]) and item["duration_s"] >= 0
            and isinstance(item["cite"], list)):
        return False
    for c in item["cite"]:
        if not (isinstance(c, dict) and c.keys() == _CITE_KEYS and _nonempty(c["source"])
                and (c["path"] is None or isinstance(c["path"], str)) and isinstance(c["text"], str)
                and isinstance(c["line"], int) and not isinstance(c["line"], bool) and c["line"] >= 1):
            return False
    return True


def _fast_path_applies() -> bool:
    schema = res.schema()
    return (schema.get("properties", {}).get("results", {}).get("items") == _ITEM_SCHEMA
            and schema.get("$defs", {}).get("nonempty") == {"type": "string", "minLength": 1})


def problems(data: Any) -> list[tuple[str, str]]:
    """`harness.results.problems`, with result items checked by `_item_ok` first."""
    if (isinstance(data, dict) and isinstance(data.get("results"), list) and _fast_path_applies()
            and all(_item_ok(item) for item in data["results"])):
        return res.problems({**data, "results": []})
    return res.problems(data)


def _header(path: Path, data: dict[str, Any]) -> tuple[res.Run, list[res.Result]]:
    found = problems(data)
    if found:
        raise res.ResultsError(path=str(path), reason=f"{found[0][0]}: {found[0][1]}")
    run = data["run"]
    header = res.Run(**{**run, "specs": tuple(res.SpecRef(**s) for s in run["specs"]),
                        "spec_errors": tuple(res.SpecProblem(**p) for p in run.get("spec_errors", []))})
    return header, [res.result_from_json(r) for r in data["results"]]


def read(path: Path) -> list[tuple[res.Run, list[res.Result], dict[str, Any], str | None]]:
    """Every run in one file (one, or several for a merged file); ResultsError names the file."""
    if path.is_dir():
        path = path / res.RESULTS_FILE
    try:
        text = path.read_text("utf-8")
        data = json.loads(text)
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise res.ResultsError(path=str(path), reason=f"cannot read results: {reason}") from None
    if isinstance(data, dict) and set(data) == {"runs"} and isinstance(data["runs"], list):
        out: list[tuple[res.Run, list[res.Result], dict[str, Any], str | None]] = []
        for i, item in enumerate(data["runs"]):
            try:
                run, results = _header(path, item)
            except res.ResultsError as exc:
                raise res.ResultsError(path=str(path), reason=f"runs[{i}]: {exc.kwargs['reason']}") from None
            out.append((run, results, item, None))
        return out
    run, results = _header(path, data)
    return [(run, results, data, text)]


def labels(kinds: list[str]) -> list[str]:
    """"moto", "url", "url-2": the kind, numbered from the second run of the same kind on."""
    seen: Counter[str] = Counter()
    out = []
    for kind in kinds:
        seen[kind] += 1
        out.append(kind if seen[kind] == 1 else f"{kind}-{seen[kind]}")
    return out


def load_runs(paths: list[Path]) -> list[LoadedRun]:
    """Every run in ``paths``, in the order given, labelled."""
    found = []
    for path in paths:
        for run, results, data, text in read(path):
            found.append((run, results, data, text, str(path)))
    names = labels([run.target_kind for run, *_ in found])
    return [LoadedRun(label, run, tuple(sorted(results, key=lambda r: r.id)), path, data, text)
            for label, (run, results, data, text, path) in zip(names, found)]


def _text(run: LoadedRun) -> str:
    """The run as JSON: its file's text when the file holds just this run, else 2-space indented."""
    if run.text is not None:
        return run.text.rstrip("\n")
    return json.dumps(run.data, indent=2, ensure_ascii=False)


def merged_json(runs: list[LoadedRun]) -> str:
    """One run as it is; several as ``{"runs": [...]}``, each run's text indented under the list (JSON
    strings never hold a raw line break, so prefixing every line keeps each run's JSON intact)."""
    if len(runs) == 1:
        return _text(runs[0]) + "\n"
    parts = ["\n".join("    " + line for line in _text(r).split("\n")) for r in runs]
    return '{\n  "runs": [\n' + ",\n".join(parts) + "\n  ]\n}\n"


def write_merged(out: Path, runs: list[LoadedRun]) -> Path:
    """``out/results.json``: the runs merged (one run is written as it is)."""
    path = out / res.RESULTS_FILE
    if len(runs) == 1 and Path(runs[0].path).resolve() in (path.resolve(), out.resolve()):
        return path
    write_atomic(path, merged_json(runs))
    return path
