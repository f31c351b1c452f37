"""JUnit XML for all runs of a report: one ``<testsuite>`` per target, one ``<testcase>`` per check.

The shape is the common one (Jenkins/Ant ``junit-10.xsd``, which pytest's own tests validate against):
``classname`` is ``<target label>.<service>.<operation>`` and ``name`` the check id, so that one CI page
can hold several targets without two testcases colliding. Verdicts map as pytest maps its outcomes:

    pass                          no child (a stale expectation adds a note in <system-out>)
    fail, unexpected              <failure type="fail">   message, expected, observed and cites as text
    error, unexpected             <error type="error">
    fail / error / not-implemented an expectation lists   <skipped type="xfail">  (pytest's xfail)
    not-implemented               <skipped type="not-implemented">
    skipped                       <skipped type="skipped">
    a spec the run could not read <error type="spec-error"> in a testcase of classname "<label>.spec"

Characters XML 1.0 cannot carry (control characters from a hostile target) are written as ``\\xNN``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from harness import expectations as xp
from harness.report.inputs import LoadedRun
from harness.results import clean, detail

__all__ = ["clean", "junit"]


def _case(suite: ET.Element, classname: str, name: str, time: float) -> ET.Element:
    return ET.SubElement(suite, "testcase", classname=clean(classname), name=clean(name), time=f"{time:.6f}")


def junit(runs: Sequence[LoadedRun], status: Sequence[dict[str, xp.Classified]]) -> str:
    """The XML document; ``status`` is each run's classification of its results (id → Classified)."""
    root = ET.Element("testsuites", name="harness")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    time_all = 0.0
    for run, found in zip(runs, status):
        suite = ET.SubElement(root, "testsuite", name=clean(f"{run.label}: {run.run.target}"),
                              timestamp=run.run.started)
        n = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for p in run.run.spec_errors:
            case = _case(suite, f"{run.label}.spec", p.path, 0.0)
            where = f"{p.path} [{p.field}]" if p.field else p.path
            ET.SubElement(case, "error", message=clean(f"{where}: {p.message}"), type="spec-error").text = clean(
                p.message)
            n["tests"] += 1
            n["errors"] += 1
        for r in run.results:
            classname = ".".join(x for x in (run.label, r.service, r.operation) if x)
            case = _case(suite, classname, r.id, r.duration_s)
            n["tests"] += 1
            cls = found.get(r.id) or xp.Classified("ok", None)
            if cls.status == "expected":
                reason = cls.expectation.reason if cls.expectation else ""
                ET.SubElement(case, "skipped", type="xfail", message=clean(f"expected {r.verdict}: {reason}"))
                n["skipped"] += 1
            elif r.verdict == "pass":
                if cls.status == "stale" and cls.expectation is not None:
                    ET.SubElement(case, "system-out").text = clean(
                        f"passes although {cls.expectation.where()} expects {'/'.join(cls.expectation.verdicts)}"
                        f" ({cls.expectation.reason}): remove the expectation")
            elif r.verdict in ("skipped", "not-implemented"):
                ET.SubElement(case, "skipped", type=r.verdict, message=clean(r.message))
                n["skipped"] += 1
            else:
                tag = "failure" if r.verdict == "fail" else "error"
                ET.SubElement(case, tag, type=r.verdict, message=clean(r.message)).text = clean(detail(r))
                n["failures" if tag == "failure" else "errors"] += 1
        time = sum(r.duration_s for r in run.results)
        time_all += time
        for key, value in n.items():
            suite.set(key, str(value))
        suite.set("time", f"{time:.6f}")
        for key in totals:
            totals[key] += n[key]
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", f"{time_all:.6f}")
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
