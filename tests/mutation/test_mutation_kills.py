"""Every mutant of the reference emulator is killed by the check family meant to catch it.

A mutant is killed when a check of one of the live families `CATCHING_CHECKS` names for its ``family`` fails
against it and passes against the unmutated reference. Specs are a snapshot (``fixtures/specs``) so that
re-extraction of ``specs/`` does not move the goalposts. One baseline run is shared; mutants run as
subprocesses, two at a time (`benchmarks/mutation.py`).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import mutation

from harness.emulator.mutants import CATCHING_CHECKS, MUTANTS

SPECS = str(Path(__file__).parent / "fixtures" / "specs")


@pytest.fixture(scope="module")
def scored() -> tuple[mutation.Verdicts, dict[str, mutation.Score]]:
    baseline, scores = mutation.score(SPECS, MUTANTS, jobs=2)
    return baseline, {s.mutant: s for s in scores}


def test_every_mutant_family_has_catching_checks() -> None:
    assert {m.family for m in MUTANTS.values()} - set(CATCHING_CHECKS) == set()


def test_the_reference_passes_every_applicable_check(scored: tuple[mutation.Verdicts, dict[str, mutation.Score]]) -> None:
    baseline, _ = scored
    assert baseline, "the baseline run produced no results"
    bad = {cid: verdict for cid, (verdict, _) in baseline.items() if verdict in ("fail", "error")}
    assert bad == {}


@pytest.mark.parametrize("name", sorted(MUTANTS))
def test_the_family_meant_to_catch_the_mutant_kills_it(
        name: str, scored: tuple[mutation.Verdicts, dict[str, mutation.Score]]) -> None:
    score = scored[1][name]
    assert score.killed, f"{name} survives: no check fails against it that passes on the reference"
    assert score.by_family, (f"{name} is killed only by {sorted({c for _, c in score.killers})}, not by "
                             f"{CATCHING_CHECKS[score.family]}")
