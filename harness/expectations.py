"""Known deviations per target, kept as web-platform-tests keeps per-browser metadata.

One file per target kind, ``expectations/<kind>.json`` (``moto.json``, ``reference.json``, ``url.json``,
``botocore.json``)::

    {
      "expectations": [
        {"id": "personalize.CreateSolutionVersion.required-parameter.solutionArn",
         "verdict": "fail",
         "reason": "moto does not validate required members (upstream issue 1234)"},
        {"id": "rekognition.*.waiter-states.*.reachable", "verdict": ["fail", "error"],
         "reason": "the docs never state how a version starts running",
         "target": "botocore==1.43.11"}
      ]
    }

``id`` is a result id, or a pattern in which ``*`` stands for any run of characters (nothing else is
special); an exact id wins over a pattern, otherwise the first matching entry in file order wins.
``verdict`` (default ``"fail"``) is one or several of `EXPECTABLE`; ``reason`` is required; ``target``,
when given, limits the entry to runs whose ``run.target`` is exactly that string.

`classify` puts each result in one of `STATUSES`:

    ok          passed, or skipped / not-implemented with no expectation (neither fails a run)
    expected    a listed deviation: the verdict is one the matching entry names
    unexpected  "fail" or "error" with no entry, or with an entry naming other verdicts
    stale       passed although an entry says it fails: the expectation should go

Only "unexpected" fails a run. `stale_entries` lists entries that no longer fail anything (every result
they match passes, or they match no result at all), so the report and the CLI can warn about them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from harness.errors import HarnessError

EXPECTABLE = ("fail", "error", "not-implemented")
"""Verdicts an expectation may name."""

FAILING = ("fail", "error")
"""Verdicts that fail a run unless an expectation names them."""

STATUSES = ("ok", "expected", "unexpected", "stale")
"""What `classify` returns, in the order summaries list them."""


class ExpectationsError(HarnessError):
    fmt = "{path}: {reason}"


@dataclass(frozen=True, slots=True)
class Expectation:
    """One known deviation."""

    id: str
    """A result id, or a pattern where ``*`` matches any run of characters."""
    verdicts: tuple[str, ...]
    """The verdicts this deviation shows as."""
    reason: str
    """Why it deviates (a bug link, an upstream limitation)."""
    target: str | None
    """Only runs whose ``run.target`` is exactly this, or every run of the kind when None."""
    file: str
    """The expectations file it was read from."""
    index: int
    """Its position in that file's list (0-based), for messages."""

    @property
    def is_pattern(self) -> bool:
        return "*" in self.id

    def matches(self, result_id: str, target: str) -> bool:
        if self.target is not None and self.target != target:
            return False
        if not self.is_pattern:
            return result_id == self.id
        return bool(_pattern(self.id).match(result_id))

    def where(self) -> str:
        return f"{self.file} [$.expectations[{self.index}]]"


@lru_cache(maxsize=1024)
def _pattern(text: str) -> re.Pattern[str]:
    """``text`` as a regular expression in which only ``*`` is special."""
    return re.compile(".*".join(re.escape(part) for part in text.split("*")) + r"\Z")


@dataclass(frozen=True, slots=True)
class ExpectationSet:
    """Every expectation for one target kind."""

    kind: str
    """The target kind the file is named after."""
    path: str | None
    """The file, or None when there is none (an empty set)."""
    entries: tuple[Expectation, ...] = ()
    """In file order."""

    _exact: dict[str, tuple[Expectation, ...]] = field(init=False, repr=False, compare=False)
    _patterns: tuple[Expectation, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        exact: dict[str, list[Expectation]] = {}
        for entry in self.entries:
            if not entry.is_pattern:
                exact.setdefault(entry.id, []).append(entry)
        object.__setattr__(self, "_exact", {k: tuple(v) for k, v in exact.items()})
        object.__setattr__(self, "_patterns", tuple(e for e in self.entries if e.is_pattern))

    def find(self, result_id: str, target: str) -> Expectation | None:
        """The entry for a result: an exact id first, else the first matching pattern."""
        for entry in self._exact.get(result_id, ()):
            if entry.matches(result_id, target):
                return entry
        return next((e for e in self._patterns if e.matches(result_id, target)), None)


@dataclass(frozen=True, slots=True)
class Classified:
    """A result's standing against the expectations."""

    status: str
    """One of STATUSES."""
    expectation: Expectation | None
    """The entry that matched, if any."""


@dataclass(frozen=True, slots=True)
class StaleExpectation:
    """An expectation that no longer describes a failure."""

    expectation: Expectation
    """The entry."""
    why: str
    """"now passes" or "matches no result"."""


def classify(verdict: str, expectation: Expectation | None) -> Classified:
    """The status of a result with ``verdict`` whose matching entry is ``expectation``."""
    if expectation is None:
        return Classified("unexpected" if verdict in FAILING else "ok", None)
    if verdict in expectation.verdicts:
        return Classified("expected", expectation)
    if verdict == "pass":
        return Classified("stale", expectation)
    return Classified("unexpected" if verdict in FAILING else "ok", expectation)


def stale_entries(expectations: ExpectationSet, seen: dict[Expectation, list[str]]) -> list[StaleExpectation]:
    """Entries of ``expectations`` that no longer fail: ``seen`` maps each entry to the verdicts it matched."""
    out = []
    for entry in expectations.entries:
        verdicts = seen.get(entry, [])
        if not verdicts:
            out.append(StaleExpectation(entry, "matches no result"))
        elif not any(v in entry.verdicts for v in verdicts) and "pass" in verdicts:
            out.append(StaleExpectation(entry, "now passes"))
    return out


def _problems(data: Any) -> list[tuple[str, str]]:
    """Every problem in an expectations file's JSON, as (JSON path, message)."""
    if not isinstance(data, dict):
        return [("$", "must be an object with an 'expectations' list")]
    found = [(f"$.{k}", "unknown field") for k in data if k not in ("expectations", "comment", "$schema")]
    items = data.get("expectations")
    if not isinstance(items, list):
        return found + [("$.expectations", "must be a list")]
    for i, item in enumerate(items):
        at = f"$.expectations[{i}]"
        if not isinstance(item, dict):
            found.append((at, "must be an object"))
            continue
        found += [(f"{at}.{k}", "unknown field") for k in item if k not in ("id", "verdict", "reason", "target")]
        if not isinstance(item.get("id"), str) or not item["id"].strip():
            found.append((f"{at}.id", "must be a non-empty string"))
        if not isinstance(item.get("reason"), str) or not item["reason"].strip():
            found.append((f"{at}.reason", "must say why (a non-empty string)"))
        verdict = item.get("verdict", "fail")
        verdicts = verdict if isinstance(verdict, list) else [verdict]
        if not verdicts or any(v not in EXPECTABLE for v in verdicts):
            found.append((f"{at}.verdict", f"must be one or a list of {', '.join(EXPECTABLE)}"))
        if "target" in item and not (isinstance(item["target"], str) and item["target"]):
            found.append((f"{at}.target", "must be a non-empty string"))
    return found


def load_file(path: Path, kind: str | None = None) -> ExpectationSet:
    """Read and validate one expectations file; every problem is reported, the first in the message."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ExpectationsError(path=str(path), reason=f"cannot read expectations: "
                                f"{getattr(exc, 'strerror', None) or exc}") from None
    except json.JSONDecodeError as exc:
        raise ExpectationsError(path=str(path), reason=f"not JSON: {exc.msg} at line {exc.lineno}") from None
    found = _problems(data)
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise ExpectationsError(path=str(path), reason=f"[{found[0][0]}] {found[0][1]}{more}")
    entries = []
    for i, item in enumerate(data["expectations"]):
        verdict = item.get("verdict", "fail")
        verdicts = tuple(verdict) if isinstance(verdict, list) else (verdict,)
        entries.append(Expectation(item["id"].strip(), verdicts, item["reason"].strip(), item.get("target"),
                                   str(path), i))
    return ExpectationSet(kind or path.stem, str(path), tuple(entries))


def load_dir(directory: Path | None, kinds: Iterable[str]) -> dict[str, ExpectationSet]:
    """The expectations of each kind in ``kinds`` from ``directory/<kind>.json`` (empty when absent)."""
    out = {}
    for kind in kinds:
        path = directory / f"{kind}.json" if directory is not None else None
        out[kind] = load_file(path, kind) if path is not None and path.exists() else ExpectationSet(kind, None)
    return out
