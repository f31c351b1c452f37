"""The pieces: JSON diffs, the lifecycle timeline convention and layout, embedded sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.report import jsondiff, lifecycle, sources
from harness.spec.model import StateMachine, Transition


def test_diff_kinds() -> None:
    assert jsondiff.diff({"a": 1}, {"a": 1}).kind == "same"
    assert jsondiff.diff("x", "y") == jsondiff.Diff("inline", '"x"', '"y"')
    assert jsondiff.diff(1, 1.0).kind == "inline"  # equal in Python, different in JSON
    big = {f"k{i}": i for i in range(40)}
    changed = {**big, "k20": "changed"}
    d = jsondiff.diff(big, changed)
    assert d.kind == "split"
    ops = [r.op for r in d.rows]
    assert ops.count("chg") == 1 and "fold" in ops and len(d.rows) < 12
    assert jsondiff.diff(big, changed, split=False).kind == "inline"


def test_diff_is_capped() -> None:
    d = jsondiff.diff([f"a{i}" for i in range(500)], [f"b{i}" for i in range(500)])
    assert len(d.rows) == jsondiff.MAX_ROWS + 1 and d.rows[-1].op == "fold"
    assert "see results.json" in jsondiff.pretty("x" * 30_000)


MACHINE = StateMachine(
    resource="SolutionVersion", status_field=None, describe_operation=None,
    states=("CREATE_PENDING", "CREATE_IN_PROGRESS", "ACTIVE", "CREATE_FAILED", "CREATE_STOPPING", "CREATE_STOPPED"),
    initial=("CREATE_PENDING",), terminal=("CREATE_STOPPED",),
    transitions=(Transition("CREATE_PENDING", "CREATE_IN_PROGRESS", None, "stated", ()),
                 Transition("CREATE_IN_PROGRESS", "ACTIVE", None, "stated", ()),
                 Transition("CREATE_IN_PROGRESS", "CREATE_STOPPING", "Stop", "stated", ()),
                 Transition("CREATE_STOPPING", "CREATE_STOPPED", None, "stated", ()),
                 Transition("CREATE_PENDING", "CREATE_STOPPED", "Stop", "stated", ())),
    preconditions=(), cite=())


@pytest.mark.parametrize("observed, states, failed", [
    ({"timeline": [{"t": 0, "state": "A"}, {"t": 1.5, "state": "B"}], "failed_step": 1}, ["A", "B"], 1),
    ({"timeline": ["A", "B", "C"]}, ["A", "B", "C"], None),
    ({"steps": [[0, "A"], [2, "B"]], "failed_step": 9}, ["A", "B"], None),
    ({"states": [{"status": "A"}], "failed_step": True}, ["A"], None),
])
def test_timeline_is_read_leniently(observed: dict, states: list[str], failed: int | None) -> None:
    tl = lifecycle.timeline(observed)
    assert tl is not None and [s.state for s in tl.steps] == states and tl.failed_step == failed


@pytest.mark.parametrize("observed", [None, "ACTIVE", {"timeline": []}, {"timeline": [{"t": 1}]}, [1, 2]])
def test_not_a_timeline(observed: object) -> None:
    assert lifecycle.timeline(observed) is None


def test_diagram_marks_the_path_the_failure_and_what_the_docs_lack() -> None:
    tl = lifecycle.timeline({"timeline": ["CREATE_PENDING", "CREATE_PENDING", "CREATE_IN_PROGRESS",
                                          {"state": "CREATE_STOPPING", "call": "Stop"}, "WEIRD"],
                             "failed_step": 4})
    assert tl is not None
    d = lifecycle.diagram(MACHINE, tl)
    nodes = {n.name: n for n in d.nodes}
    assert nodes["CREATE_PENDING"].visits == (1,) and nodes["WEIRD"].failed and not nodes["WEIRD"].documented
    edges = {(e.src, e.dst): e for e in d.edges}
    assert edges[("CREATE_PENDING", "CREATE_IN_PROGRESS")].observed
    assert edges[("CREATE_STOPPING", "WEIRD")].failed and not edges[("CREATE_STOPPING", "WEIRD")].documented
    assert not edges[("CREATE_PENDING", "CREATE_STOPPED")].observed
    assert [r.count for r in d.rows] == [2, 1, 1, 1] and d.rows[-1].note == "undocumented state"
    assert d.top < 0  # the long PENDING → STOPPED edge arcs above the row it would cross
    xs = {n.name: n.x for n in d.nodes}
    assert xs["CREATE_PENDING"] < xs["CREATE_IN_PROGRESS"] < xs["CREATE_STOPPING"] < xs["CREATE_STOPPED"]


def test_pick_machine_by_resource_or_overlap() -> None:
    from harness.spec.model import Service, Spec
    other = StateMachine("Campaign", None, None, ("ACTIVE", "DELETING"), (), (), (), (), ())
    spec = Spec(Service("s", "S", "aws", None, "json"), (), (), (), (other, MACHINE), (), ())
    by_overlap = lifecycle.timeline({"timeline": ["CREATE_PENDING", "ACTIVE"]})
    named = lifecycle.timeline({"timeline": ["ACTIVE"], "resource": "Campaign"})
    nothing = lifecycle.timeline({"timeline": ["NOPE"]})
    assert by_overlap is not None and named is not None and nothing is not None
    assert lifecycle.pick_machine(spec, by_overlap) is MACHINE
    assert lifecycle.pick_machine(spec, named) is other
    assert lifecycle.pick_machine(spec, nothing) is None


def test_sources_mark_cited_words_and_window_long_documents(tmp_path: Path) -> None:
    (tmp_path / "d.md").write_text("one\r\nthe status is ACTIVE now\r\nthree\r\n", "utf-8")
    doc = sources.embed(tmp_path, "d", "d.md", None, {2: {"ACTIVE", "status"}})
    assert doc.total == 3 and doc.has_line(3) and not doc.has_line(4)
    assert doc.lines[1].segments == (("the ", False), ("status", True), (" is ", False), ("ACTIVE", True),
                                     (" now", False))
    (tmp_path / "long.md").write_text("\n".join(f"line {i}" for i in range(1, 5001)), "utf-8")
    long = sources.embed(tmp_path, "l", "long.md", None, {2500: {"line 2500"}})
    assert long.has_line(2500) and long.has_line(2500 + sources.WINDOW) and not long.has_line(1)
    assert [x.gap for x in long.lines if x.gap] == [2500 - sources.WINDOW - 1, 5000 - 2500 - sources.WINDOW]


def test_sources_outside_the_root_are_not_read(tmp_path: Path) -> None:
    (tmp_path / "secret").write_text("s3cret", "utf-8")
    inner = tmp_path / "project"
    inner.mkdir()
    doc = sources.embed(inner, "x", "../secret", None, {1: {"s3cret"}})
    assert doc.missing and "outside the project root" in doc.missing and not doc.lines
