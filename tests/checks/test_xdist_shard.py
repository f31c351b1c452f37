"""xdist by shares (`harness.xdist_shard`): the plan, the scheduler, and real runs whose results are -n 0's."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from _checks_support import GOOD

from harness import xdist_shard
from harness.xdist_shard import ShardScheduling, Share, plan

ROOT = Path(__file__).resolve().parents[2]


def loads(owners: dict[str, list[int]], files: list[tuple[str, int, int]], workers: int) -> list[float]:
    load = [0.0] * workers
    for path, size, names in files:
        for w in owners[path]:
            load[w] += xdist_shard.unit_cost(size, names, len(owners[path]))
    return load


def test_the_plan_takes_every_file_once_and_balances_the_workers() -> None:
    files = [(f"/s/{i}.json", 1000 * (i + 1), 10 * (i + 1)) for i in range(12)]
    owners = plan(files, 3)
    assert set(owners) == {p for p, _, _ in files}
    assert all(owners[p] == [owners[p][0]] for p in owners)  # nothing this even needs cutting
    load = loads(owners, files, 3)
    assert max(load) <= 1.1 * min(load)
    assert plan(list(reversed(files)), 3) == owners  # the same whatever order the files come in


def test_a_file_that_outweighs_the_rest_is_cut_into_parts_on_different_workers() -> None:
    files = [("/s/big.json", 10_000_000, 20_000), ("/s/a.json", 100_000, 200), ("/s/b.json", 100_000, 200)]
    owners = plan(files, 2)
    assert sorted(owners["/s/big.json"]) == [0, 1]
    whole = {"/s/big.json": [0], "/s/a.json": [1], "/s/b.json": [1]}
    assert max(loads(owners, files, 2)) < max(loads(whole, files, 2))
    assert plan([("/s/only.json", 5000, 40)], 4)["/s/only.json"] == [0, 1, 2, 3]


def test_each_worker_takes_its_parts_and_an_unplanned_file_goes_to_exactly_one() -> None:
    owners = {os.path.abspath("a.json"): [1, 0], os.path.abspath("b.json"): [1]}
    shares = [Share(i, 2, owners) for i in range(2)]
    assert [s.part("a.json") for s in shares] == [(1, 2), (0, 2)]
    assert [s.part("b.json") for s in shares] == [None, (0, 1)]
    for name in ("x.json", "y.json", "z.json", "new/spec.json"):
        assert sorted(str(s.part(name)) for s in shares) == ["(0, 1)", "None"]
    assert Share.from_input(json.loads(json.dumps(shares[1].to_input()))) == shares[1]


class Node:
    """Stands in for xdist's WorkerController: what the scheduler told it."""

    def __init__(self, share: int, careful: bool = False) -> None:
        self.workerinput = {"harness_share": {"index": share, "careful": careful}}
        self.commands: list[Any] = []

    def send_runtest_all(self) -> None:
        self.commands.append("all")

    def send_runtest_some(self, indices: list[int]) -> None:
        self.commands.append(list(indices))

    def shutdown(self) -> None:
        self.commands.append("shutdown")


class Session:
    testscollected = 0


def test_each_node_runs_all_it_collected_as_soon_as_it_has_and_the_run_ends_when_every_item_is_done() -> None:
    session = Session()
    sched = ShardScheduling(2, session)
    a, b = Node(0), Node(1)
    sched.add_node(a)
    sched.add_node(b)
    assert not sched.collection_is_completed  # xdist would call schedule: nothing to start yet
    sched.add_node_collection(a, ["x::1", "x::2"])
    assert sched.collection_is_completed
    sched.schedule()
    assert a.commands == ["all", "shutdown"] and b.commands == []  # a does not wait for b's collection
    sched.completed(a, 2)
    assert not sched.tests_finished  # b has not even collected
    sched.add_node_collection(b, ["y::1", "y::2", "y::3"])
    assert session.testscollected == 5  # the sum, not the last node's
    sched.schedule()
    assert a.commands == b.commands == ["all", "shutdown"]  # a is not started twice
    sched.completed(b, 2)
    assert not sched.tests_finished and sched.has_pending
    sched.mark_test_complete(b, 2)  # a worker without batches reports item by item
    assert sched.tests_finished and not sched.has_pending
    assert sched.remove_node(a) is None


def test_a_crashed_nodes_unacknowledged_items_go_to_a_careful_node_which_names_the_item_it_dies_in() -> None:
    sched = ShardScheduling(2, Session())
    a, b = Node(0), Node(1)
    ids = ["x::1", "x::2", "x::3", "x::4", "x::5"]
    for node, collection in ((a, ids), (b, ["y::1"])):
        sched.add_node(node)
        sched.add_node_collection(node, collection)
    sched.schedule()
    sched.completed(a, 1)
    assert sched.remove_node(a) is None  # results come in batches: which item it died in is not known
    assert not sched.tests_finished
    again = Node(0, careful=True)  # xdist's replacement, given the crashed node's share
    sched.add_node(again)
    sched.add_node_collection(again, ids)
    sched.schedule()
    assert again.commands == [[1, 2, 3, 4], "shutdown"]
    sched.completed(again, 1)
    assert sched.remove_node(again) == "x::3"  # a careful node sends each result at once: it died in x::3
    assert sched.never_run() == ["x::4", "x::5"]  # if xdist started no more replacements
    last = Node(0, careful=True)
    sched.add_node(last)
    sched.add_node_collection(last, ids)
    sched.schedule()
    assert last.commands == [[3, 4], "shutdown"]
    sched.completed(b, 1)
    sched.completed(last, 2)
    assert sched.tests_finished and sched.never_run() == []


def test_a_node_that_crashed_after_its_last_result_leaves_its_replacement_nothing_even_before_the_others_collect(
) -> None:
    sched = ShardScheduling(2, Session())
    a, b = Node(0), Node(1)
    sched.add_node(a)
    sched.add_node(b)
    sched.add_node_collection(a, ["x::1", "x::2"])
    sched.schedule()
    sched.completed(a, 2)
    assert sched.remove_node(a) is None
    again = Node(0, careful=True)
    sched.add_node(again)
    sched.add_node_collection(again, ["x::1", "x::2"])
    sched.schedule()
    assert again.commands == ["shutdown"]  # not every check of the share a second time
    sched.add_node_collection(b, ["y::1"])
    sched.schedule()
    sched.completed(b, 1)
    assert sched.tests_finished


def run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "PYTHONHASHSEED"))}
    return subprocess.run([sys.executable, "-m", *argv], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=600, check=False)


def results(out: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    data = json.loads((out / "results.json").read_text("utf-8"))
    for r in data["results"]:
        r.pop("duration_s")
    run_header = {k: data["run"][k] for k in ("specs", "spec_errors")}
    return data["results"], run_header


RECORDER = """
import json
def pytest_xdist_node_collection_finished(node, ids):
    with open("collected.jsonl", "a") as fh:
        fh.write(json.dumps(list(ids)) + "\\n")
"""
"""A conftest that writes what each xdist worker collected."""


@pytest.fixture
def specs(tmp_path: Path) -> Path:
    """Four specs, one of them not botocore's, and one that fails the schema."""
    folder = tmp_path / "specs"
    shutil.copytree(ROOT / "specs", folder)
    shutil.copy(GOOD / "lambda.json", folder / "aws" / "lambda.json")
    (folder / "aws" / "broken.json").write_text('{"spec_version": 1, "service": 5}', "utf-8")
    (tmp_path / "conftest.py").write_text(RECORDER, "utf-8")
    return folder


def collected(tmp_path: Path) -> list[list[str]]:
    lines = (tmp_path / "collected.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_shares_give_the_results_of_a_single_process(specs: Path, tmp_path: Path) -> None:
    single = run(["harness", "verify", "specs", "--out", "one", "--no-report", "-n", "0"], tmp_path)
    shared = run(["harness", "verify", "specs", "--out", "two", "--no-report", "-n", "2"], tmp_path)
    assert single.returncode == shared.returncode == 2, shared.stdout + shared.stderr  # the broken spec
    assert results(tmp_path / "two") == results(tmp_path / "one")
    assert "specs/aws/broken.json" in shared.stderr and shared.stdout == single.stdout.replace("one/", "two/")
    assert (tmp_path / "two" / "junit.xml").read_text("utf-8").count("<testcase") == \
        (tmp_path / "one" / "junit.xml").read_text("utf-8").count("<testcase")
    first, second = collected(tmp_path)
    assert first and second and not set(first) & set(second)  # each worker collected its own share
    assert len(first) + len(second) == len(results(tmp_path / "two")[0])


def test_one_spec_named_on_the_command_line_is_shared_check_by_check(specs: Path, tmp_path: Path) -> None:
    spec = "specs/aws/rekognition.json"
    single = run(["harness", "verify", spec, "--out", "one", "--no-report", "-n", "0", "-k", "not enum"], tmp_path)
    shared = run(["harness", "verify", spec, "--out", "two", "--no-report", "-n", "2", "-k", "not enum"], tmp_path)
    assert single.returncode == shared.returncode, shared.stdout + shared.stderr
    assert results(tmp_path / "two") == results(tmp_path / "one")
    first, second = collected(tmp_path)
    assert first and second and not set(first) & set(second)
    assert all("enum" not in nodeid for nodeid in first + second)


@pytest.mark.parametrize("option", ["-x", "--target=moto"])
def test_stopping_at_a_failure_or_a_live_target_keeps_xdists_own_scheduling(specs: Path, tmp_path: Path,
                                                                           option: str) -> None:
    (specs / "aws" / "broken.json").unlink()  # with -x, the first failure would be that spec's
    argv = ["harness", "verify", "specs/aws", "--out", "out", "--no-report", "-n", "2", option]
    if option.startswith("--target"):
        argv += ["-k", "implemented"]
    done = run(argv, tmp_path)
    # with -x: personalize's sample response fails (seed 004); moto implements none of the operations
    assert done.returncode == (1 if option == "-x" else 0), done.stdout + done.stderr
    first, second = collected(tmp_path)
    assert first == second  # every worker collected everything, as xdist's schedulers need


def test_with_shares_pytest_hears_of_every_failure_and_of_nothing_else(specs: Path, tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(RECORDER + """
def pytest_runtest_logreport(report):
    if report.when == "call" and hasattr(report, "node"):  # in the controller, from a worker
        with open("reported.jsonl", "a") as fh:
            fh.write(json.dumps([report.nodeid, report.outcome]) + "\\n")
""", "utf-8")
    done = run(["pytest", "specs/aws", "-p", "no:cacheprovider", "--harness-target", "botocore", "--harness-lean",
                "--harness-shard", "--harness-out", "out", "-n", "2", "--junitxml", "pytest.xml", "-q"], tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    got, _ = results(tmp_path / "out")
    failing = {r["id"] for r in got if r["verdict"] in ("fail", "error")}
    assert failing and len(got) > len(failing)
    reported = [json.loads(line) for line in (tmp_path / "reported.jsonl").read_text("utf-8").splitlines()]
    assert {nodeid.rsplit("::", 1)[1] for nodeid, _ in reported} == failing
    assert {outcome for _, outcome in reported} == {"failed"}
    assert f"{len(failing)} failed" in done.stdout


CRASH = """
import os
import pytest

@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    if item.name == os.environ.get("CRASH_AT") and (os.environ.get("CRASH_ALWAYS") or not os.path.exists("crashed")):
        open("crashed", "w").close()
        os._exit(3)
    return (yield)
"""
"""A conftest whose xdist workers die in the check named by $CRASH_AT: once, or each time with $CRASH_ALWAYS."""


@pytest.mark.parametrize("always", [False, True])
def test_a_crashed_workers_share_is_finished_by_the_worker_that_replaces_it(specs: Path, tmp_path: Path,
                                                                            always: bool) -> None:
    """Results come in batches, so the worker that takes over runs again every check whose result had not
    arrived; it sends each result at once, so a check that kills it again is known, and is an error."""
    (specs / "aws" / "broken.json").unlink()
    single = run(["harness", "verify", "specs/aws", "--out", "one", "--no-report", "-n", "0"], tmp_path)
    everything, _ = results(tmp_path / "one")
    victim = everything[len(everything) // 2]["id"]
    (tmp_path / "conftest.py").write_text(RECORDER + CRASH, "utf-8")
    os.environ["CRASH_AT"] = victim
    if always:
        os.environ["CRASH_ALWAYS"] = "1"
    try:
        shared = run(["harness", "verify", "specs/aws", "--out", "two", "--no-report", "-n", "2"], tmp_path)
    finally:
        os.environ.pop("CRASH_AT")
        os.environ.pop("CRASH_ALWAYS", None)
    assert (tmp_path / "crashed").exists()
    assert "worker process(es) died" in shared.stderr
    got, _ = results(tmp_path / "two")
    assert [r["id"] for r in got] == [r["id"] for r in everything]
    if not always:
        assert got == everything and shared.returncode == single.returncode == 1, shared.stdout + shared.stderr
        return
    died = next(r for r in got if r["id"] == victim)
    assert died["verdict"] == "error" and "died" in died["message"] and died["cite"]
    assert [r for r in got if r["id"] != victim] == [r for r in everything if r["id"] != victim]
    assert shared.returncode == 2 and f"ERROR {victim}:" in shared.stdout


def crash_without_restarts(specs: Path, tmp_path: Path, conftest: str) -> tuple[list[dict[str, Any]], str,
                                                                               list[dict[str, Any]]]:
    """The results of ``-n 0``, the check a worker dies in (one in the middle), and the results of ``-n 2`` with
    --max-worker-restart 0 under ``conftest``; asserts that every check is in the latter."""
    (specs / "aws" / "broken.json").unlink()
    run(["harness", "verify", "specs/aws", "--out", "one", "--no-report", "-n", "0"], tmp_path)
    everything, _ = results(tmp_path / "one")
    victim = everything[len(everything) // 2]["id"]
    (tmp_path / "conftest.py").write_text(conftest, "utf-8")
    os.environ["CRASH_AT"] = victim
    try:
        done = run(["pytest", "specs/aws", "-p", "no:cacheprovider", "--harness-target", "botocore", "--harness-lean",
                    "--harness-shard", "--harness-out", "two", "-n", "2", "--max-worker-restart", "0"], tmp_path)
    finally:
        os.environ.pop("CRASH_AT")
    got, _ = results(tmp_path / "two")
    assert [r["id"] for r in got] == [r["id"] for r in everything], done.stdout + done.stderr
    return everything, victim, got


def test_checks_no_worker_was_left_to_run_are_errors_not_gaps(specs: Path, tmp_path: Path) -> None:
    """With no replacement for a worker that died (--max-worker-restart 0), what its share had not sent back
    becomes "error" results: every check is in the results."""
    everything, victim, got = crash_without_restarts(specs, tmp_path, RECORDER + CRASH)
    lost = [r for r in got if r["verdict"] == "error"]
    assert victim in {r["id"] for r in lost} and all("not run" in r["message"] and r["cite"] for r in lost)
    lost_ids = {r["id"] for r in lost}
    assert [r for r in got if r["verdict"] != "error"] == [r for r in everything if r["id"] not in lost_ids]


SLOW_ELSEWHERE = """
import time

def pytest_collection_modifyitems(session, config, items):
    if os.environ.get("CRASH_AT") not in {item.name for item in items}:
        time.sleep(3)
"""
"""With `CRASH`: the worker without the doomed check is slow to collect."""


def test_a_share_whose_worker_had_not_collected_when_xdist_stopped_the_run_is_errors_not_a_gap(
        specs: Path, tmp_path: Path) -> None:
    """A worker starts as soon as its own collection is in; if it dies and xdist stops the run (no restarts)
    before the other worker's collection came in, that share's checks are "error" results made from the plan."""
    _, victim, got = crash_without_restarts(specs, tmp_path, RECORDER + CRASH + SLOW_ELSEWHERE)
    uncollected = [r for r in got if "before the worker given this check had collected it" in r["message"]]
    assert uncollected and all(r["verdict"] == "error" and r["cite"] for r in uncollected)
    assert victim not in {r["id"] for r in uncollected}  # its worker had collected it: it died running it
    assert len(collected(tmp_path)) == 1  # the slow worker's collection never reached the scheduler
