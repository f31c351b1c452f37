"""results.json and JUnit XML: the shape SPEC.md fixes, validated by harness/results_schema.json."""

from __future__ import annotations

import dataclasses
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from _checks_support import run_checks, spec_data
from hypothesis import given, settings
from hypothesis import strategies as st

from harness import results as res
from harness import xdist_batch, xdist_shard
from harness.checks import VERDICTS
from harness.spec.model import to_jsonable


def sample_run() -> res.Run:
    return res.Run("botocore==1.0", "botocore", "2025-01-01T00:00:00Z", "2025-01-01T00:00:01Z", "0.1.0",
                   (res.SpecRef("specs/a.json", "0" * 64),),
                   (res.SpecProblem("specs/b.json", "$.service", "bad"),))


def sample_result(verdict: str) -> res.Result:
    cite = (res.ResultCite("s1", "seeds/x.txt", 3, "the text"),)
    return res.Result(f"svc.Op.check.{verdict}", "svc", "Op", "check", verdict, ["a"], {"b": 1},
                      f"{verdict} message", cite, 0.25)


def test_written_results_validate_and_round_trip(tmp_path: Path) -> None:
    results = list(run_checks(spec_data("rekognition")).values()) + [sample_result(v) for v in VERDICTS]
    path = res.write(tmp_path, sample_run(), reversed(results))
    data = json.loads(path.read_text("utf-8"))
    assert res.problems(data) == []
    assert list(data) == ["run", "results"]
    assert list(data["results"][0]) == ["id", "service", "operation", "check", "verdict", "expected", "observed",
                                        "message", "cite", "duration_s"]
    assert list(data["results"][0]["cite"][0]) == ["source", "path", "line", "text"]
    run, loaded = res.load(path)
    assert run == sample_run() and loaded == sorted(results, key=lambda r: r.id)
    assert path.read_text("utf-8").endswith("}\n")
    assert data == res.to_json(sample_run(), results)  # the line-per-result writer says what to_json says
    assert json.loads(res.dumps(sample_run(), [])) == res.to_json(sample_run(), [])


def test_result_to_json_writes_every_field() -> None:
    """The hand-written (fast) result_to_json against the generic dataclass conversion: a field added to
    Result and not to the writer shows here."""
    for verdict in VERDICTS:
        assert res.result_to_json(sample_result(verdict)) == to_jsonable(sample_result(verdict))


@pytest.mark.parametrize("break_it", [
    lambda d: d["results"][0].__setitem__("verdict", "passed"),
    lambda d: d["results"][0].pop("cite"),
    lambda d: d["results"][0].__setitem__("check", "Required Parameter"),
    lambda d: d["run"].__setitem__("target_kind", "aws"),
    lambda d: d["run"].__setitem__("started", "yesterday"),
    lambda d: d["run"]["specs"][0].__setitem__("sha256", "xyz"),
])
def test_schema_rejects_broken_results(break_it: Any) -> None:
    data = res.to_json(sample_run(), [sample_result("pass")])
    assert res.problems(data) == []
    break_it(data)
    assert res.problems(data)


def test_junit_maps_verdicts_to_elements() -> None:
    xml = res.junit(sample_run(), [sample_result(v) for v in VERDICTS])
    suite = ET.fromstring(xml).find("testsuite")
    assert suite is not None
    counts = (suite.get("tests"), suite.get("failures"), suite.get("errors"), suite.get("skipped"))
    assert counts == ("6", "1", "2", "2")
    by_name = {c.get("name"): c for c in suite.iter("testcase")}
    assert by_name["svc.Op.check.pass"].get("classname") == "svc.Op" and len(by_name["svc.Op.check.pass"]) == 0
    failure = by_name["svc.Op.check.fail"].find("failure")
    assert failure is not None and failure.get("message") == "fail message"
    assert failure.text is not None
    assert 'observed: {"b": 1}' in failure.text and "cite: seeds/x.txt:3: the text" in failure.text
    assert by_name["svc.Op.check.error"].find("error") is not None
    assert by_name["svc.Op.check.skipped"].find("skipped") is not None
    assert by_name["svc.Op.check.not-implemented"].find("skipped").get("type") == "not-implemented"  # type: ignore[union-attr]
    spec_error = by_name["specs/b.json"].find("error")
    assert spec_error is not None and spec_error.get("message") == "specs/b.json [$.service]: bad"


@settings(max_examples=200, deadline=None)
@given(message=st.text(), text=st.text(), path=st.text(min_size=1), verdict=st.sampled_from(VERDICTS))
def test_junit_carries_any_text(message: str, text: str, path: str, verdict: str) -> None:
    """Whatever a target or a document puts in a message, an id or a cited line, the JUnit file parses and
    gives it back (characters XML cannot hold as their escapes)."""
    cite = (res.ResultCite("s1", path, 1, text),)
    result = dataclasses.replace(sample_result(verdict), id=f"svc.Op.{path}", message=message, cite=cite)
    run = dataclasses.replace(sample_run(), spec_errors=(res.SpecProblem(path, None, message),))
    suite = ET.fromstring(res.junit(run, [result])).find("testsuite")
    assert suite is not None
    spec_case, case = suite.findall("testcase")
    assert spec_case.get("name") == res.clean(path) and (spec_case[0].text or "") == res.clean(message)
    assert case.get("name") == res.clean(f"svc.Op.{path}")
    if verdict != "pass":
        child = case[0]
        assert child.get("message") == res.clean(message) and child.get("type") == verdict
        if verdict in ("fail", "error"):
            assert (child.text or "") == res.clean(res.detail(result))


def test_counts_list_every_verdict_in_order() -> None:
    assert res.counts([sample_result("fail"), sample_result("fail")]) == {
        "pass": 0, "fail": 2, "not-implemented": 0, "error": 0, "skipped": 0}


def test_load_rejects_an_invalid_file(tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    path.write_text('{"run": {}, "results": []}')
    with pytest.raises(res.ResultsError, match="results.json: \\$.run"):
        res.load(path)


@settings(max_examples=100, deadline=None)
@given(message=st.text(), text=st.text(), left=st.lists(st.text(), max_size=3),
       verdicts=st.lists(st.sampled_from(VERDICTS), min_size=1, max_size=5))
def test_a_rendered_result_is_written_as_the_result_itself(message: str, text: str, left: list[str],
                                                           verdicts: list[str]) -> None:
    """What an xdist worker renders (`Rendered.of`) writes the same results.json and JUnit as the Result, reads
    back as it, and keeps what a summary needs; a row survives the trip (no record or unit separator in it)."""
    results = [dataclasses.replace(sample_result(v), id=f"svc.Op.check.{i}", message=message,
                                   observed={"left_behind": left, "text": text},
                                   cite=(res.ResultCite("s", None, 1, text),)) for i, v in enumerate(verdicts)]
    rendered = [res.Rendered.of(r) for r in results]
    assert res.dumps(sample_run(), rendered) == res.dumps(sample_run(), results)
    assert res.junit(sample_run(), rendered) == res.junit(sample_run(), results)
    assert [res.full(r) for r in rendered] == results
    assert [res.left_behind(r) for r in rendered] == [res.left_behind(r) for r in results] == [left] * len(results)
    assert res.counts(rendered) == res.counts(results)
    ref = res.SpecRef("specs/a.json", "0" * 64)
    rows = [xdist_shard.row("botocore", ref, r) for r in results]
    heads, texts = json.loads(json.dumps([h for h, *_ in rows])), [[t[i] for _, *t in rows] for i in range(2)]
    joined = [xdist_batch.ROW_END.join(column).split(xdist_batch.ROW_END) for column in texts]
    assert list(xdist_shard.read_rows(heads, joined)) == [("botocore", ref, r) for r in rendered]
