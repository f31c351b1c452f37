"""The live families other than the lifecycle ones: each passes against a target that does what the docs say, and
fails against one broken in just the way it checks (the table `BREAKS`, kept complete by a test)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from _live_servers import ModelArts
from _live_support import FIXTURES, Fake, load_spec, run_checks, serve

from harness.checks import families, lifecycle
from harness.checks.live_base import LIVE_TARGETS
from harness.spec.model import Spec
from harness.targets.scenario import Scenario, ServiceScenario

LIFECYCLE = frozenset(f.name for f in lifecycle.FAMILIES)
API = frozenset(f.name for f in families() if f.targets == LIVE_TARGETS) - LIFECYCLE
MA_JOB = Scenario({"modelarts": ServiceScenario(inputs={"project_id": "p0", "job_id": 10, "version_id": 10})})


@pytest.fixture(scope="module")
def specs() -> dict[str, Spec]:
    return {name: load_spec(str(FIXTURES / f"{name}.json")) for name in ("personalize", "modelarts")}


@dataclass(frozen=True)
class Break:
    spec: str
    mutant: str
    failing: str
    says: str
    scenario: Scenario | None = None


BREAKS = (
    Break("personalize", "broken-list", "personalize.ListSolutions.implemented",
          "ListSolutions answers with a server error (HTTP 500)"),
    Break("personalize", "lax-required", "personalize.DescribeSolutionVersion.required-input.solutionVersionArn",
          "was not rejected for the missing input but answered ResourceNotFoundException"),
    Break("personalize", "wrong-notfound", "personalize.DescribeSolutionVersion.unknown-resource",
          "answered InvalidInputException for solutionVersionArn="),
    Break("personalize", "bad-errors", "personalize.DescribeSolutionVersion.response-conformance",
          "the error reply has no message"),
    Break("modelarts", "untyped", "modelarts.StopTrainingJob.path-parameter-type.job_id",
          "accepted job_id='not-a-number' (Long documented)"),
    Break("modelarts", "route-404", "modelarts.StopTrainingJob.path-parameter-type.version_id",
          "answered HTTP 404 with no documented error body"),
    Break("modelarts", "wrong-error-format", "modelarts.StopTrainingJob.response-conformance",
          "matches no documented error format"),
    Break("modelarts", "extra-success", "modelarts.StopTrainingJob.response-conformance",
          "matches no documented success format", MA_JOB),
    Break("modelarts", "wrong-status", "modelarts.StopTrainingJob.unknown-resource", "answered HTTP 400"),
)


def app(spec: str, mutant: str | None) -> object:
    return Fake(mutant) if spec == "personalize" else ModelArts(mutant)


@pytest.mark.parametrize("name", ["personalize", "modelarts"])
def test_a_conforming_target_passes(specs: dict[str, Spec], name: str) -> None:
    with serve(app(name, None)) as url:
        results = run_checks(specs[name], url, API)
    assert results and {r.verdict for r in results.values()} == {"pass"}, \
        {i: r.message for i, r in results.items() if r.verdict != "pass"}


@pytest.mark.parametrize("case", BREAKS, ids=lambda c: c.mutant)
def test_each_break_fails_its_check(specs: dict[str, Spec], case: Break) -> None:
    with serve(app(case.spec, None)) as url:
        before = run_checks(specs[case.spec], url, API, ids=frozenset({case.failing}),
                            scenario=case.scenario or Scenario())[case.failing]
    with serve(app(case.spec, case.mutant)) as url:
        after = run_checks(specs[case.spec], url, API, ids=frozenset({case.failing}),
                           scenario=case.scenario or Scenario())[case.failing]
    assert before.verdict == "pass", before
    assert after.verdict == "fail", after
    assert case.says in after.message, after.message
    assert after.cite and all(c.path for c in after.cite)


def test_every_live_family_is_shown_to_fail() -> None:
    assert API - {case.failing.split(".")[2] for case in BREAKS} == set()
