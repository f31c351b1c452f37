"""junit.xml: valid against the common JUnit schema, and read the way pytest reads its own junitxml.

pytest's tests parse junitxml with ``xml.dom.minidom`` and expect: ``testsuite`` counts that agree with
the testcases, one ``testcase`` per test with ``classname``, ``name`` and ``time``, and at most one of
``failure`` / ``error`` / ``skipped`` in it. `read_like_pytest` does the same here.
"""

from __future__ import annotations

import json
import xml.dom.minidom
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from harness.report import write_report
from harness.report.junit import clean

SCHEMA = Path(__file__).with_name("junit-10.xsd")
OUTCOME_TAGS = ("failure", "error", "skipped")


def validate(path: Path) -> None:
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    doc = etree.parse(str(path))
    assert schema.validate(doc), schema.error_log


def read_like_pytest(path: Path) -> list[dict[str, object]]:
    """Every testcase as pytest's own tests see it, after checking each suite's counts."""
    dom = xml.dom.minidom.parse(str(path))
    assert dom.documentElement is not None and dom.documentElement.tagName == "testsuites"
    cases: list[dict[str, object]] = []
    for suite in dom.getElementsByTagName("testsuite"):
        mine = suite.getElementsByTagName("testcase")
        outcomes: Counter[str] = Counter()
        for case in mine:
            kids = [n.tagName for n in case.childNodes if n.nodeType == n.ELEMENT_NODE and n.tagName in OUTCOME_TAGS]
            assert len(kids) <= 1, kids
            assert case.getAttribute("classname") and case.getAttribute("name")
            float(case.getAttribute("time"))
            outcomes[kids[0] if kids else "passed"] += 1
            cases.append({"suite": suite.getAttribute("name"), "classname": case.getAttribute("classname"),
                          "name": case.getAttribute("name"), "outcome": kids[0] if kids else "passed",
                          "type": case.getElementsByTagName(kids[0])[0].getAttribute("type") if kids else None})
        assert int(suite.getAttribute("tests")) == len(mine)
        assert int(suite.getAttribute("failures")) == outcomes["failure"]
        assert int(suite.getAttribute("errors")) == outcomes["error"]
        assert int(suite.getAttribute("skipped")) == outcomes["skipped"]
    return cases


def test_real_runs_give_one_testcase_per_check(three_runs: tuple[list[Path], str | None], tmp_path: Path,
                                               project_root: Path) -> None:
    paths, _ = three_runs
    write_report(paths, tmp_path, project_root=project_root, expectations_dir=tmp_path / "none")
    validate(tmp_path / "junit.xml")
    cases = read_like_pytest(tmp_path / "junit.xml")
    runs = [json.loads(p.read_text("utf-8")) for p in paths]
    assert len(cases) == sum(len(r["results"]) for r in runs)
    expected = {"pass": "passed", "fail": "failure", "error": "error", "skipped": "skipped",
                "not-implemented": "skipped"}
    for label, run in zip(("reference", "moto", "botocore"), runs):
        mine = {c["name"]: c for c in cases if str(c["classname"]).startswith(label + ".")}
        assert len(mine) == len(run["results"])
        for r in run["results"]:
            case = mine[r["id"]]
            assert case["outcome"] == expected[r["verdict"]]
            assert case["classname"] == ".".join(x for x in (label, r["service"], r["operation"]) if x)


def test_verdicts_and_expectations_map_as_pytest_maps_its_outcomes(botocore_run: Path, tmp_path: Path,
                                                                    project_root: Path) -> None:
    data = json.loads(botocore_run.read_text("utf-8"))
    template = data["results"][0]
    data["results"] = [dict(template, id=f"svc.Op.c.{v}", verdict=v) for v in
                       ("pass", "fail", "error", "skipped", "not-implemented")]
    data["results"].append(dict(template, id="svc.Op.c.known", verdict="fail"))
    data["results"].append(dict(template, id="svc.Op.c.fixed", verdict="pass"))
    data["run"]["spec_errors"] = [{"path": "specs/bad.json", "field": "$.service", "message": "bad"}]
    run = tmp_path / "run.json"
    run.write_text(json.dumps(data), "utf-8")
    exp = tmp_path / "exp"
    exp.mkdir()
    (exp / "botocore.json").write_text(json.dumps({"expectations": [
        {"id": "svc.Op.c.known", "reason": "doc bug 7"}, {"id": "svc.Op.c.fixed", "reason": "was broken"}]}))
    write_report([run], tmp_path / "out", expectations_dir=exp, project_root=project_root)
    validate(tmp_path / "out" / "junit.xml")
    got = {c["name"]: (c["outcome"], c["type"]) for c in read_like_pytest(tmp_path / "out" / "junit.xml")}
    assert got == {
        "svc.Op.c.pass": ("passed", None), "svc.Op.c.fail": ("failure", "fail"), "svc.Op.c.error": ("error", "error"),
        "svc.Op.c.skipped": ("skipped", "skipped"), "svc.Op.c.not-implemented": ("skipped", "not-implemented"),
        "svc.Op.c.known": ("skipped", "xfail"), "svc.Op.c.fixed": ("passed", None),
        "specs/bad.json": ("error", "spec-error")}
    xml_text = (tmp_path / "out" / "junit.xml").read_text("utf-8")
    assert "expected fail: doc bug 7" in xml_text and "remove the expectation" in xml_text


def test_hostile_text_stays_well_formed(hostile: Path, tmp_path: Path) -> None:
    data = json.loads(hostile.read_text("utf-8"))
    data["results"][0]["message"] = "bell \x07 nul-ish \x1b[31m red ]]> <![CDATA[ & \ud800"[:-1] + "\ufffe"
    hostile.write_text(json.dumps(data), "utf-8")
    write_report([hostile], tmp_path / "out", project_root=tmp_path)
    validate(tmp_path / "out" / "junit.xml")
    assert len(read_like_pytest(tmp_path / "out" / "junit.xml")) == len(data["results"]) + 1


@pytest.mark.parametrize("raw, cleaned", [("a\x00b", "a\\x00b"), ("tab\tok\n", "tab\tok\n"), ("\ufffe", "\\xfffe")])
def test_clean(raw: str, cleaned: str) -> None:
    assert clean(raw) == cleaned
