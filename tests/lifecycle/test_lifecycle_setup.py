"""What a lifecycle check holds against the target, and what it leaves to other checks (the fake Personalize of
`tests/live/_live_support.py`):

* a trigger named Delete… ends with the resource gone — pass when it disappears, fail when it stays;
* a setup call's reply that departs from the documented form (CreateSolution labelled text/html) fails that
  operation's own lifecycle-create check and is only noted on the checks it merely set up;
* a trigger answered with a not-found error while the resource and every input it was given exist is a failure,
  not a made-up-input skip.
"""

from __future__ import annotations

import dataclasses

import pytest
from _lifecycle_support import FIXTURES, Fake, load_spec, run_checks, serve

from harness.spec.model import Cite, Spec, StateMachine, Transition

SV = "personalize.StopSolutionVersionCreation"
DELETE = "personalize.DeleteSolution.transition.Solution.ACTIVE"


@pytest.fixture(scope="module")
def spec() -> Spec:
    """The seed spec, with the Solution machine told "DeleteSolution takes an ACTIVE solution to DELETE PENDING"."""
    spec = load_spec(str(FIXTURES / "personalize.json"))
    cite = (Cite(spec.sources[0].id, 1, "DeleteSolution sets the status of the solution to DELETE PENDING."),)
    machines = tuple(dataclasses.replace(m, states=(*m.states, "DELETE PENDING"), transitions=(
        *m.transitions, Transition("ACTIVE", "DELETE PENDING", "DeleteSolution", "inferred", cite)))
        if m.resource == "Solution" else m for m in spec.state_machines)
    return dataclasses.replace(spec, state_machines=machines)


def _solution(spec: Spec) -> StateMachine:
    return next(m for m in spec.state_machines if m.resource == "Solution")


def test_a_delete_trigger_ends_with_the_resource_gone(spec: Spec) -> None:
    assert _solution(spec).transitions  # the fixture machine now has the delete step
    with serve(Fake()) as url:
        good = run_checks(spec, url, frozenset({"transition"}), ids=frozenset({DELETE}))[DELETE]
    assert good.verdict == "pass", good.message
    assert good.message.endswith("through documented states and deletes it.")
    with serve(Fake("delete-keeps")) as url:
        kept = run_checks(spec, url, frozenset({"transition"}), check_timeout=4.0, ids=frozenset({DELETE}))[DELETE]
    assert kept.verdict == "fail", kept.message
    assert "did not reach" in kept.message and "(last ACTIVE)" in kept.message


def test_a_setup_calls_bad_reply_fails_its_own_check_only(spec: Spec) -> None:
    create = "personalize.CreateSolution.lifecycle-create.Solution"
    stop = f"{SV}.transition.SolutionVersion.CREATE_IN_PROGRESS"
    with serve(Fake("create-html")) as url:
        results = run_checks(spec, url, frozenset({"lifecycle-create", "transition"}), ids=frozenset({create, stop}))
    assert results[create].verdict == "fail"
    assert "But a reply departs from the documented form: CreateSolution (HTTP 200): content type 'text/html'" \
        in results[create].message
    assert results[stop].verdict == "pass", results[stop].message
    assert "(A setup call's reply departs from the documented form: CreateSolution (HTTP 200)" in results[stop].message
    assert results[stop].observed["setup_format_problems"], results[stop].observed


def test_not_found_for_an_existing_resource_is_a_failure(spec: Spec) -> None:
    stop = f"{SV}.transition.SolutionVersion.CREATE_IN_PROGRESS"
    with serve(Fake("stop-notfound")) as url:
        result = run_checks(spec, url, frozenset({"transition"}), ids=frozenset({stop}))[stop]
    assert result.verdict == "fail", result.message
    assert "was rejected (ResourceNotFoundException)" in result.message
