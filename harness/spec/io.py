"""Specs on disk: canonical JSON out, validated dataclasses in, atomic writes.

Canonical means: the field order of `model`, 2-space indent, UTF-8 without
escapes, a trailing newline — extracting twice gives byte-identical files.
"""

from __future__ import annotations

import copy
import json
import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import fastjsonschema

if TYPE_CHECKING:
    import jsonschema

from harness.errors import SpecError
from harness.spec import model as m


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads(resources.files("harness.spec").joinpath("schema.json").read_text("utf-8"))


def _inlined(node: Any, defs: dict[str, Any], within: frozenset[str] = frozenset()) -> Any:
    """``node`` with every ``{"$ref": "#/$defs/NAME"}`` replaced by that definition (a recursive one is left
    a reference): the same verdicts and messages, without resolving a reference per value validated."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if len(node) == 1 and isinstance(ref, str) and ref.startswith("#/$defs/"):
            name = ref.removeprefix("#/$defs/")
            return node if name in within or name not in defs else _inlined(defs[name], defs, within | {name})
        return {k: _inlined(v, defs, within) for k, v in node.items()}
    if isinstance(node, list):
        return [_inlined(v, defs, within) for v in node]
    return node


@lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    """Resolving references was a third of validating a large spec, and every xdist worker validates
    every spec it collects. (jsonschema is imported here, when a spec is found invalid: importing it was a
    tenth of a second of every run's start.)"""
    import jsonschema

    full = schema()
    flat = {k: v if k == "$defs" else _inlined(v, full.get("$defs", {})) for k, v in full.items()}
    return jsonschema.validators.validator_for(full)(flat)


@lru_cache(maxsize=1)
def _fast() -> Callable[[Any], Any]:
    """The same schema compiled to Python by fastjsonschema: about ten times faster than walking it, which
    mattered because every xdist worker validates every spec it collects (a quarter of a worker's time on
    a 2,000-page run). It only says whether a spec is valid; jsonschema names what is wrong, and decides."""
    full = schema()  # references inlined: its code for a reference formats the path of every value it checks
    flat = {k: _inlined(v, full.get("$defs", {})) for k, v in full.items() if k != "$defs"}
    return fastjsonschema.compile(copy.deepcopy(flat))  # it rewrites the references of what it is given


def problems(data: Any) -> list[tuple[str, str]]:
    """Every schema violation as (JSON path of the field, message), in a stable order."""
    try:
        _fast()(data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    found = [(e.json_path, e.message) for e in _validator().iter_errors(data)]
    return sorted(found)


def dumps(spec: m.Spec | dict[str, Any]) -> str:
    """The canonical text: what ``json.dumps(data, indent=2, ensure_ascii=False) + "\\n"`` writes, written by
    `_emit`, because with an indent the json module encodes in pure Python (the C encoder has no indent):
    that was most of the time spent writing a corpus's specs."""
    data = spec if isinstance(spec, dict) else to_json(spec)
    out: list[str] = []
    _emit(data, "\n", out)
    out.append("\n")
    return "".join(out)


_STRING = json.encoder.encode_basestring
"""JSON string literal of a str, without escaping non-ASCII (the C function where there is one)."""


def _emit(value: Any, pad: str, out: list[str]) -> None:
    """Append ``value`` as indented JSON to ``out``; ``pad`` is a line break and the current indent."""
    if isinstance(value, str):
        out.append(_STRING(value))
    elif type(value) is int:  # every citation's line
        out.append(int.__repr__(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = pad + "  "
        sep = "{" + inner
        for key, item in value.items():
            out.append(sep + _STRING(key if isinstance(key, str) else _key(key)) + ": ")
            _emit(item, inner, out)
            sep = "," + inner
        out.append(pad + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = pad + "  "
        sep = "[" + inner
        for item in value:
            out.append(sep)
            _emit(item, inner, out)
            sep = "," + inner
        out.append(pad + "]")
    else:  # numbers, booleans, null: rare, and json spells them
        out.append(json.dumps(value))


def _key(key: Any) -> str:
    """A key that is not a str, as json writes it (a number, true, false or null)."""
    if key is None or isinstance(key, (bool, int, float)):
        return json.dumps(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def to_json(spec: m.Spec) -> dict[str, Any]:
    body = m.to_jsonable(spec)
    order = ["spec_version", "service", "sources", "operations", "enums", "state_machines", "examples", "findings"]
    return {k: body[k] for k in order} | {k: v for k, v in body.items() if k not in order}


_UMASK = os.umask(0o022)
os.umask(_UMASK)
"""The process's umask, read once at import (reading it means setting it)."""


def write_atomic(path: Path, text: str | Iterable[str]) -> None:
    """Write ``text`` (or its pieces, one after another) via a temporary file in the same folder and rename, so
    a reader never sees half a file. The file gets the mode it had, or a new file's usual mode (``0o666`` less
    the umask), not the temporary file's owner-only one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = 0o666 & ~_UMASK
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            if isinstance(text, str):
                fh.write(text)
            else:
                fh.writelines(text)
            os.fchmod(fh.fileno(), mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load(path: str | Path, data: Any = None) -> m.Spec:
    """Read, validate and build a spec; every problem is a SpecError naming the file and field. ``data``:
    the file's JSON, when the caller has parsed it already."""
    p = Path(path)
    if data is None:
        data = read_json(p)
    found = problems(data)
    if found:
        where, msg = found[0]
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise SpecError(path=str(p), field=where, reason=f"{msg}{more}")
    return from_json(data)


def read_json(p: Path) -> Any:
    """A spec file's JSON; SpecError when it cannot be read or is not JSON."""
    try:
        text = p.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(path=str(p), reason=f"cannot read spec: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SpecError(path=str(p), reason=f"not JSON: {exc.msg} at line {exc.lineno}") from None


def _cites(items: list[dict[str, Any]]) -> tuple[m.Cite, ...]:
    return tuple(m.Cite(**c) for c in items)


def from_json(data: dict[str, Any]) -> m.Spec:
    ops = tuple(
        m.Operation(
            name=o["name"], names=dict(o["names"]),
            http=m.Http(**o["http"]) if o["http"] else None, summary=o["summary"],
            input=tuple(m.Input(**{**i, "cite": _cites(i["cite"])}) for i in o["input"]),
            output=tuple(m.Output(**{**x, "cite": _cites(x["cite"])}) for x in o["output"]),
            errors=tuple(m.Error(e["name"], _cites(e["cite"])) for e in o["errors"]),
            permissions=tuple(m.Permission(p["action"], _cites(p["cite"])) for p in o["permissions"]),
            related=tuple(m.RelatedOperation(r["name"], _cites(r["cite"])) for r in o.get("related", [])),
            cite=_cites(o["cite"]),
        )
        for o in data["operations"]
    )
    enums = tuple(
        m.Enum(e["name"], tuple(m.EnumValue(v["value"], tuple(v["spellings"]), _cites(v["cite"])) for v in e["values"]),
               _cites(e["cite"]))
        for e in data["enums"]
    )
    machines = tuple(
        m.StateMachine(
            resource=s["resource"], status_field=s["status_field"], describe_operation=s["describe_operation"],
            states=tuple(s["states"]), initial=tuple(s["initial"]), terminal=tuple(s["terminal"]),
            transitions=tuple(m.Transition(t["from"], t["to"], t["trigger"], t["confidence"], _cites(t["cite"]))
                              for t in s["transitions"]),
            preconditions=tuple(m.Precondition(p["operation"], tuple(p["allowed_states"]), _cites(p["cite"]))
                                for p in s["preconditions"]),
            cite=_cites(s["cite"]), enum=s.get("enum"),
        )
        for s in data["state_machines"]
    )
    return m.Spec(
        service=m.Service(**data["service"]),
        sources=tuple(m.Source(**s) for s in data["sources"]),
        operations=ops, enums=enums, state_machines=machines,
        examples=tuple(m.Example(**{**x, "cite": _cites(x["cite"])}) for x in data["examples"]),
        findings=tuple(m.Finding(**{**f, "cite": _cites(f["cite"])}) for f in data["findings"]),
        spec_version=data["spec_version"],
    )
