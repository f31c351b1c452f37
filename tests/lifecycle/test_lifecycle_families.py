"""Lifecycle families against a fake Personalize: every check passes (or is skipped for a stated reason) on the
good fake, with and without moto's state manager, and each family fails on the mutant that breaks what it checks.

The table `BREAKS` is the evidence: mutant → the result that must then be "fail", and words of its message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from _lifecycle_support import FIXTURES, Fake, load_spec, run_checks, serve

from harness.checks import lifecycle
from harness.spec.model import Spec

LIFECYCLE = frozenset(f.name for f in lifecycle.FAMILIES)

SV = "personalize.StopSolutionVersionCreation"

GOOD = {
    "personalize.CreateSolution.lifecycle-create.Solution": "pass",
    "personalize.CreateSolutionVersion.lifecycle-create.SolutionVersion": "pass",
    f"{SV}.transition.SolutionVersion.CREATE_IN_PROGRESS": "pass",
    f"{SV}.transition.SolutionVersion.CREATE_PENDING": "pass",
    f"{SV}.stop-keeps-resource.SolutionVersion": "pass",
    "personalize.DescribeSolutionVersion.terminal-state.SolutionVersion.CREATE_STOPPED": "pass",
    "personalize.CreateCampaign.precondition.SolutionVersion.CREATE_FAILED": "skipped",
    "personalize.CreateCampaign.precondition.SolutionVersion.CREATE_IN_PROGRESS": "pass",
    "personalize.CreateCampaign.precondition.SolutionVersion.CREATE_PENDING": "pass",
    "personalize.CreateCampaign.precondition.SolutionVersion.CREATE_STOPPED": "pass",
    "personalize.CreateCampaign.precondition.SolutionVersion.CREATE_STOPPING": "pass",
    f"{SV}.precondition.SolutionVersion.ACTIVE": "pass",
    f"{SV}.precondition.SolutionVersion.CREATE_FAILED": "skipped",
    f"{SV}.precondition.SolutionVersion.CREATE_STOPPED": "pass",
    f"{SV}.precondition.SolutionVersion.CREATE_STOPPING": "pass",
}
"""Every lifecycle check of the seed Personalize spec, and its verdict against the good fake."""


@dataclass(frozen=True)
class Break:
    mutant: str
    failing: str
    says: str


BREAKS = (
    Break("odd-initial", "personalize.CreateSolutionVersion.lifecycle-create.SolutionVersion",
          "shows QUEUED, not a documented state"),
    Break("stop-skips", f"{SV}.transition.SolutionVersion.CREATE_IN_PROGRESS",
          "CREATE_IN_PROGRESS → ACTIVE is not a documented transition"),
    Break("stuck-stopping", f"{SV}.transition.SolutionVersion.CREATE_IN_PROGRESS",
          "did not reach CREATE_STOPPED within the deadline (last CREATE_STOPPING)"),
    Break("stop-deletes", f"{SV}.stop-keeps-resource.SolutionVersion", "deleted the SolutionVersion"),
    Break("resumes", "personalize.DescribeSolutionVersion.terminal-state.SolutionVersion.CREATE_STOPPED",
          "left the terminal state CREATE_STOPPED by itself (to CREATE_IN_PROGRESS)"),
    Break("lax-stop", f"{SV}.precondition.SolutionVersion.ACTIVE",
          "was accepted in ACTIVE; the docs allow it only in CREATE_IN_PROGRESS, CREATE_PENDING"),
    Break("bad-enum", f"{SV}.transition.SolutionVersion.CREATE_PENDING",
          "is not one of the documented values"),
)


@pytest.fixture(scope="module")
def spec() -> Spec:
    return load_spec(str(FIXTURES / "personalize.json"))


@pytest.mark.parametrize("state_manager", [True, False], ids=["state-manager", "polling"])
def test_good_fake_passes_every_lifecycle_check(spec: Spec, state_manager: bool) -> None:
    with serve(Fake(state_manager=state_manager)) as url:
        results = run_checks(spec, url, LIFECYCLE)
    assert {i: r.verdict for i, r in results.items()} == GOOD, {i: r.message for i, r in results.items()}
    unreachable = results[f"{SV}.precondition.SolutionVersion.CREATE_FAILED"].message
    assert "could not bring a SolutionVersion into CREATE_FAILED" in unreachable


def test_the_timeline_is_recorded_with_times(spec: Spec) -> None:
    with serve(Fake()) as url:
        result = run_checks(spec, url, frozenset({"transition"}))[f"{SV}.transition.SolutionVersion.CREATE_IN_PROGRESS"]
    steps = result.observed["result"]
    assert [s for _, s in steps] == ["CREATE_PENDING", "CREATE_IN_PROGRESS", "CREATE_STOPPING", "CREATE_STOPPED"]
    assert all(isinstance(t, float) for t, _ in steps) and [t for t, _ in steps] == sorted(t for t, _ in steps)
    assert result.expected == {"from": "CREATE_IN_PROGRESS", "trigger": "StopSolutionVersionCreation",
                               "reaches": ["CREATE_STOPPED"], "via": ["CREATE_STOPPED", "CREATE_STOPPING"]}
    assert result.cite and all(c.path for c in result.cite)
    left = result.observed["left_behind"]  # Personalize has no DeleteSolutionVersion: listed, not deleted
    assert len(left) == 1 and left[0].startswith("SolutionVersion {'solutionArn': ")
    assert left[0].endswith("(no DeleteSolutionVersion)")


def test_setup_chains_identifiers_and_cleans_up(spec: Spec) -> None:
    fake = Fake()
    with serve(fake) as url:
        run_checks(spec, url, frozenset({"transition"}))
    assert fake.calls[:3] == ["CreateDatasetGroup", "DescribeDatasetGroup", "CreateSolution"]
    assert "CreateSolutionVersion" in fake.calls
    assert not fake.solutions and not fake.groups, "what the checks made is deleted"


@pytest.mark.parametrize("case", BREAKS, ids=lambda c: c.mutant)
def test_each_mutant_fails_its_check(spec: Spec, case: Break) -> None:
    timeout = 3.0 if case.mutant == "stuck-stopping" else 10.0
    with serve(Fake(case.mutant)) as url:
        result = run_checks(spec, url, LIFECYCLE, check_timeout=timeout, ids=frozenset({case.failing}))[case.failing]
    assert result.verdict == "fail", result
    assert case.says in result.message, result.message
    assert GOOD[case.failing] == "pass"


def test_every_lifecycle_family_is_shown_to_fail() -> None:
    failing = {case.failing.split(".")[2] for case in BREAKS}
    assert LIFECYCLE - failing == set()


def test_lifecycle_checks_skip_on_real_aws_without_allow_mutations(spec: Spec) -> None:
    from harness.checks import execute, generate
    from harness.targets.live import LiveSettings, UrlTarget

    target = UrlTarget("https://personalize.us-east-1.amazonaws.com")
    target.configure(LiveSettings())
    checks = list(generate(spec, target, LIFECYCLE))
    outcomes: list[Any] = [execute(c)[0] for c in checks]  # decided without a single request
    assert checks and {o.verdict for o in outcomes} == {"skipped"}
    assert all("--allow-mutations" in o.message for o in outcomes)
