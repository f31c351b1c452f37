"""Deciding which service a document describes, from its `ServiceHint` facts.

Each clue names a candidate (``AmazonPersonalize`` → ``personalize``); candidates
that botocore knows are AWS services. Clues are weighed (a boto3 client or CLI
command is stronger than a title). A document with no clue takes the service most
documents in its folder have, when most is more than half. Non-AWS services get their provider from the
project configuration (``[providers]`` in harness.toml), else "unknown".
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePath
from typing import Iterable, Mapping

from harness.extract.facts import Fact, ServiceHint

WEIGHTS = {
    "client": 5, "cli": 5, "target": 5, "client-class": 5, "goto": 4, "endpoint": 3,
    "doc-id": 3, "error-prefix": 2, "title": 1, "doc-ref": 1,
}
"""How much each kind of clue counts."""

AWS_ONLY = frozenset({"client", "cli", "target", "client-class", "goto", "endpoint", "title"})
"""Clues that can only name an AWS service: one botocore does not know is no clue at all."""

_VENDOR = re.compile(r"^(?:Amazon|AWS)(?=[A-Z])")


@lru_cache(maxsize=1)
def botocore_services() -> frozenset[str]:
    import botocore.session

    return frozenset(botocore.session.get_session().get_available_services())


@lru_cache(maxsize=None)
def botocore_metadata(name: str) -> dict[str, str]:
    import botocore.session

    model = botocore.session.get_session().get_service_model(name)
    return dict(model.metadata)


def candidates(hint: ServiceHint) -> list[str]:
    """Service names a clue may stand for, most likely first."""
    value = hint.value.strip()
    if hint.kind == "title":
        words = value.split()
        return ["".join(words).lower(), "-".join(words).lower(), words[0].lower()]
    if hint.kind in {"target", "client-class", "error-prefix"}:
        bare = _VENDOR.sub("", value)
        bare = re.sub(r"(?:Service|_\d{8})$", "", bare)
        return [bare.lower(), value.lower()]
    return [value.lower()]


@dataclass(frozen=True, slots=True)
class Resolved:
    name: str
    provider: str
    botocore_service: str | None


def _score(facts: Iterable[Fact]) -> Counter[str]:
    known = botocore_services()
    score: Counter[str] = Counter()
    for fact in facts:
        if not isinstance(fact, ServiceHint):
            continue
        names = candidates(fact)
        chosen = next((n for n in names if n in known), names[0])
        if fact.kind in AWS_ONLY and chosen not in known:
            continue
        score[chosen] += WEIGHTS.get(fact.kind, 1)
    return score


def resolve_all(docs: Mapping[str, list[Fact]], providers: Mapping[str, str],
                forced: str | None = None) -> dict[str, Resolved | None]:
    """Service of each document (by path); None for a document about no service."""
    best: dict[str, str | None] = {}
    for path, facts in docs.items():
        score = _score(facts)
        best[path] = forced or (max(sorted(score), key=lambda n: score[n]) if score else None)
    by_folder: dict[str, Counter[str]] = defaultdict(Counter)
    for path, name in best.items():
        if name:
            for folder in PurePath(path).parents:
                by_folder[str(folder)][name] += 1
    out: dict[str, Resolved | None] = {}
    for path, name in best.items():
        if name is None:
            for folder in PurePath(path).parents:
                votes = by_folder.get(str(folder))
                if votes:
                    leader = max(sorted(votes), key=lambda n: votes[n])
                    name = leader if votes[leader] * 2 > sum(votes.values()) else None
                    break
        out[path] = _resolved(name, providers) if name else None
    return out


def _resolved(name: str, providers: Mapping[str, str]) -> Resolved:
    if name in botocore_services():
        return Resolved(name, providers.get(name, "aws"), name)
    return Resolved(name, providers.get(name, "unknown"), None)
