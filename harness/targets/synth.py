"""Valid inputs from botocore input shapes (and from the spec's types, for plain REST).

Honours ``enum``, ``pattern``, ``min`` and ``max`` (lengths for strings, lists and maps; values for
numbers), nested structures, lists, maps and unions. Strings try, in order: readable candidates — an
``arn:aws:<service>:us-east-1:123456789012:<noun>/harness-<token>`` for ARNs, ``harness-<token>`` for
names; then `fill`, which walks the pattern's parse tree and writes the token wherever a character class
allows (fast and deterministic); then hypothesis's ``from_regex`` for what neither manages. Each
`Synthesizer` has a random token so that names it makes for new resources do not collide across
runs or checks; `identifier` makes well-formed identifiers that do not exist.
"""

from __future__ import annotations

import datetime
import importlib
import random
import re
import string
import threading
import uuid
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

from botocore.model import OperationModel, Shape

from harness.targets.scenario import ServiceScenario

ACCOUNT = "123456789012"
REGION = "us-east-1"
IDENTIFIER = re.compile(r"(Arn|ARN|Id|ID|Name|Identifier|Token)$")
"""Input members that name a resource."""

_FIND_LOCK = threading.Lock()
_MAX_DEPTH = 6


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern)
    except re.error:
        return None


def fits(value: str, shape: Shape) -> bool:
    """``value`` satisfies the shape's enum, pattern and length bounds."""
    meta = shape.metadata
    if shape.enum and value not in shape.enum:
        return False
    if not int(meta.get("min", 0)) <= len(value) <= int(meta.get("max", 1 << 30)):
        return False
    pattern = _compiled(meta["pattern"]) if meta.get("pattern") else None
    return pattern is None or pattern.search(value) is not None


@lru_cache(maxsize=256)
def _from_regex(pattern: str, low: int, high: int, variant: int) -> str | None:
    """A string matching ``pattern`` with length in [low, high]; ``variant`` picks another one."""
    from hypothesis import HealthCheck, Phase, find, settings
    from hypothesis import strategies as st
    from hypothesis.errors import HypothesisException

    conf = settings(database=None, max_examples=400, phases=[Phase.generate], deadline=None,
                    suppress_health_check=list(HealthCheck))
    seen: set[str] = set()
    if variant:
        seen = {v for v in (_from_regex(pattern, low, high, i) for i in range(variant)) if v is not None}
    alphabet = st.characters(min_codepoint=33, max_codepoint=126)
    with _FIND_LOCK:
        try:
            return str(find(st.from_regex(pattern, fullmatch=True, alphabet=alphabet),
                            lambda s: low <= len(s) <= high and s not in seen, settings=conf,
                            random=random.Random(variant)))
        except (HypothesisException, re.error, ValueError, TypeError):
            return None


_sre: Any = importlib.import_module("re._parser")  # the regex parser (private, stable since 3.11)
_c: Any = importlib.import_module("re._constants")

_PREFERRED = string.ascii_lowercase + string.digits + string.ascii_uppercase + "-_.:/"


def _class_chars(items: list[Any]) -> tuple[set[str], bool]:
    """The characters a character class names (from a small universe), and whether it is negated."""
    chars: set[str] = set()
    negate = False
    universe = string.printable.strip()
    for op, av in items:
        if op is _c.NEGATE:
            negate = True
        elif op is _c.LITERAL:
            chars.add(chr(av))
        elif op is _c.RANGE:
            chars |= {ch for ch in universe if av[0] <= ord(ch) <= av[1]}
        elif op is _c.CATEGORY:
            test = {_c.CATEGORY_DIGIT: str.isdigit, _c.CATEGORY_WORD: lambda ch: ch.isalnum() or ch == "_",
                    _c.CATEGORY_SPACE: str.isspace, _c.CATEGORY_NOT_DIGIT: lambda ch: not ch.isdigit(),
                    _c.CATEGORY_NOT_WORD: lambda ch: not (ch.isalnum() or ch == "_"),
                    _c.CATEGORY_NOT_SPACE: lambda ch: not ch.isspace()}.get(av, lambda ch: False)
            chars |= {ch for ch in universe + " " if test(ch)}
    return chars, negate


def _allowed(op: Any, av: Any) -> set[str] | None:
    """The characters one single-character item matches, or None when it is not one."""
    universe = set(string.printable.strip())
    if op is _c.LITERAL:
        return {chr(av)}
    if op is _c.NOT_LITERAL:
        return universe - {chr(av)}
    if op is _c.ANY:
        return universe
    if op is _c.IN:
        chars, negate = _class_chars(av)
        return universe - chars if negate else chars
    return None


def _pick(chars: set[str], token: str, i: int) -> str:
    usable = [ch for ch in token if ch in chars]
    if usable:
        return usable[i % len(usable)]
    return next((ch for ch in _PREFERRED if ch in chars), min(chars) if chars else "a")


def _emit(items: Any, token: str, groups: dict[int, str]) -> str:
    out: list[str] = []
    for op, av in items:
        single = _allowed(op, av)
        if single is not None:
            out.append(_pick(single, token, len(out)))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            low, high, sub = av
            high = 64 if high is _c.MAXREPEAT else high
            inner = sub[0] if len(sub) == 1 else None
            chars = _allowed(*inner) if inner is not None else None
            if chars is not None:
                usable = [ch for ch in token if ch in chars]
                count = max(low, min(high, len(usable))) if usable else max(low, min(high, 1))
                out.append("".join(_pick(chars, token, k) for k in range(count)))
            else:
                out.append("".join(_emit(sub, token, groups) for _ in range(low)))
        elif op is _c.SUBPATTERN:
            text = _emit(av[-1], token, groups)
            if av[0] is not None:
                groups[av[0]] = text
            out.append(text)
        elif op is _c.BRANCH:
            out.append(_emit(av[1][0], token, groups))
        elif op is _c.GROUPREF:
            out.append(groups.get(av, ""))
        # AT (anchors) and ASSERT / ASSERT_NOT (lookarounds) write nothing; the result is checked afterwards
    return "".join(out)


@lru_cache(maxsize=1024)
def fill(pattern: str, token: str) -> str | None:
    """A string matching ``pattern`` built by walking its parse tree, with ``token``'s characters wherever a
    character class allows them; None when the pattern cannot be parsed."""
    try:
        return _emit(_sre.parse(pattern), token, {})
    except Exception:  # noqa: BLE001 -- any parse problem: let hypothesis try
        return None


def noun(member: str) -> str:
    """"widgetVersionArn" → "widget-version"."""
    base = IDENTIFIER.sub("", member) or member
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", base).lower()


class Synthesizer:
    """Makes inputs for one service."""

    def __init__(self, service: str, scenario: ServiceScenario | None = None, seed: str | None = None) -> None:
        self.service = service
        self.scenario = scenario or ServiceScenario()
        self.token = seed or uuid.uuid4().hex[:8]
        self._counter = 0
        self._lock = threading.Lock()

    def fresh(self) -> str:
        """A new short token, unique within this synthesizer."""
        with self._lock:
            self._counter += 1
            return f"{self.token}{self._counter}"

    # -- botocore shapes ------------------------------------------------------------------------------------------

    def input(self, op: OperationModel, known: Mapping[str, Any] | None = None, omit: tuple[str, ...] = (),
              optional: tuple[str, ...] = ()) -> dict[str, Any]:
        """Required members of ``op``'s input (and those named in ``optional``), valid, except ``omit``.

        Values come from ``known`` (matched case-insensitively, e.g. identifiers of created resources), then the
        scenario, then synthesis."""
        shape = op.input_shape
        if shape is None:
            return {}
        given = {k.lower(): v for k, v in {**(known or {}), **self.scenario.input_for(op.name)}.items()}
        out: dict[str, Any] = {}
        for name, member in shape.members.items():
            if name in omit:
                continue
            if name.lower() in given:
                out[name] = given[name.lower()]
            elif name in shape.required_members or name in optional:
                out[name] = self.value(member, name)
        return out

    def value(self, shape: Shape, name: str = "", depth: int = 0, variant: int = 0) -> Any:
        """A valid value for ``shape`` (a member called ``name``)."""
        kind, meta = shape.type_name, shape.metadata
        low, high = meta.get("min"), meta.get("max")
        if kind == "string":
            return self.string(shape, name, variant)
        if kind in ("integer", "long"):
            lo = int(low) if low is not None else 1
            return max(lo, min(1, int(high))) if high is not None else max(lo, 1)
        if kind in ("float", "double"):
            flo = float(low) if low is not None else 1.0
            return max(flo, min(1.0, float(high))) if high is not None else max(flo, 1.0)
        if kind == "boolean":
            return False
        if kind == "timestamp":
            return datetime.datetime.now(datetime.UTC).replace(microsecond=0)
        if kind == "blob":
            return b"x" * max(int(low or 1), 1)
        if kind == "list":
            count = max(int(low or 0), 1) if depth < _MAX_DEPTH else int(low or 0)
            return [self.value(shape.member, name, depth + 1, variant + i) for i in range(count)]
        if kind == "map":
            count = int(low or 0)
            return {self.value(shape.key, "Key", depth + 1, i): self.value(shape.value, name, depth + 1)
                    for i in range(count)}
        if kind == "structure":
            members = shape.members
            if getattr(shape, "is_tagged_union", False) or meta.get("union"):
                first = next(iter(members), None)
                return {first: self.value(members[first], first, depth + 1)} if first else {}
            if depth >= _MAX_DEPTH:
                return {}
            return {n: self.value(members[n], n, depth + 1) for n in shape.required_members if n in members}
        return "x"

    def string(self, shape: Shape, name: str, variant: int = 0) -> str:
        if shape.enum:
            return str(shape.enum[variant % len(shape.enum)])
        for candidate in self._candidates(shape, name):
            if fits(candidate, shape):
                return candidate
        meta = shape.metadata
        low, high = int(meta.get("min", 1) or 1), int(meta.get("max", 64) or 64)
        if meta.get("pattern"):
            filled = fill(meta["pattern"], self.fresh())
            if filled is not None and fits(filled, shape):
                return filled
            found = _from_regex(meta["pattern"], low, min(high, 256), variant)
            if found is not None:
                return found
        return ("harness" + self.fresh()).ljust(low, "x")[:high]

    def _candidates(self, shape: Shape, name: str) -> Iterator[str]:
        token = self.fresh()
        low = int(shape.metadata.get("min", 0) or 0)
        if name.endswith(("Arn", "ARN")) or "arn:" in shape.metadata.get("pattern", ""):
            kind = noun(name) if name else "resource"
            for partition in ("aws",):
                yield f"arn:{partition}:{self.service}:{REGION}:{ACCOUNT}:{kind}/harness-{token}"
                yield f"arn:{partition}:{self.service}:{REGION}:{ACCOUNT}:{kind}/harness-{token}/1"
                yield f"arn:{partition}:iam::{ACCOUNT}:role/harness-{token}"
        for text in (f"harness-{token}", f"harness{token}", token, f"h{int(token, 16) % 10**9}"
                     if all(c in "0123456789abcdef" for c in token) else token):
            yield text.ljust(low, "x")
        yield str(int(token[:6], 16)) if all(c in "0123456789abcdef" for c in token[:6]) else "1"

    def identifier(self, shape: Shape, name: str) -> Any:
        """A well-formed value for an identifying member that names nothing that exists."""
        return self.value(shape, name, variant=3)

    # -- spec types (plain REST) ----------------------------------------------------------------------------------

    def typed(self, type_name: str | None, name: str) -> Any:
        """A value of a documented type ("String", "Long", "Integer", "Boolean", …)."""
        kind = (type_name or "string").lower()
        if kind in ("long", "integer", "int", "int32", "int64", "number"):
            return int(self.fresh()[-6:], 16) % 900000 + 100000
        if kind in ("float", "double"):
            return 1.5
        if kind in ("boolean", "bool"):
            return False
        if kind in ("array", "list"):
            return []
        if kind in ("object", "map", "dict"):
            return {}
        return f"harness{self.fresh()}"
