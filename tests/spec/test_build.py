"""The builder merges facts from several documents into one spec, citing each."""

from __future__ import annotations

from harness.extract import facts as f
from harness.spec import io as spec_io
from harness.spec.build import Builder, DocInfo, canonical_state, source_ids
from harness.spec.services import Resolved

A, B = "docs/a.md", "docs/b.html"
SVC = Resolved("demo", "unknown", None)


def cite(path: str, line: int, text: str = "x") -> f.Cite:
    return f.Cite(path, line, text)


def build(facts: list[f.Fact]):
    b = Builder(SVC, [DocInfo(A, "markdown", "0" * 64, "A"), DocInfo(B, "html", "1" * 64, "B")])
    for x in facts:
        b.add(x)
    return b.spec()


def test_spellings_merge_into_one_operation_citing_both_documents():
    spec = build([
        f.OperationName("StopThing", "api", cite(A, 3), primary=True),
        f.OperationName("stop_thing", "python", cite(B, 7)),
        f.OperationName("stop-thing", "cli", cite(A, 9)),
        f.OperationName("Svc.StopThing", "target", cite(B, 1)),
    ])
    assert [o.name for o in spec.operations] == ["StopThing"]
    op = spec.operations[0]
    assert op.names == {"cli": "stop-thing", "python": "stop_thing", "target": "Svc.StopThing"}
    assert {(c.source, c.line) for c in op.cite} == {("a", 3), ("a", 9), ("b", 1), ("b", 7)}


def test_canonical_name_from_python_spelling_when_no_api_spelling():
    spec = build([f.OperationName("describe_thing_versions", "python", cite(A, 2))])
    assert spec.operations[0].name == "DescribeThingVersions"


def test_contradictory_required_is_a_finding_and_required_wins():
    spec = build([
        f.Parameter("StopThing", "thingArn", True, "String", "body", "", cite(A, 4)),
        f.Parameter("stop_thing", "thingArn", False, None, None, "", cite(B, 5)),
    ])
    (inp,) = spec.operations[0].input
    assert inp.required is True and inp.type == "String"
    codes = [x.code for x in spec.findings]
    assert "contradictory-required" in codes


def test_inferred_required_only_when_no_document_says():
    spec = build([f.Parameter("StopThing", "thingArn", True, None, None, "", cite(A, 4), inferred=True)])
    (inp,) = spec.operations[0].input
    assert inp.required is True and inp.required_inferred is True
    spec = build([
        f.Parameter("StopThing", "thingArn", True, None, None, "", cite(A, 4), inferred=True),
        f.Parameter("StopThing", "thingArn", False, None, None, "", cite(B, 4)),
    ])
    (inp,) = spec.operations[0].input
    assert inp.required is False and inp.required_inferred is False


def test_enum_spellings_fold_and_are_reported():
    spec = build([
        f.EnumValue("Thing.status", "CREATE_PENDING", cite(A, 10)),
        f.EnumValue("Thing.status", "CREATE PENDING", cite(B, 1)),
        f.EnumValue("Thing.status", "ACTIVE", cite(B, 1)),
    ])
    (enum,) = spec.enums
    assert [(v.value, v.spellings) for v in enum.values] == [
        ("CREATE_PENDING", ("CREATE PENDING", "CREATE_PENDING")), ("ACTIVE", ("ACTIVE",))]
    finding = next(x for x in spec.findings if x.code == "inconsistent-enum-spelling")
    assert {c.source for c in finding.cite} == {"a", "b"}


def test_enum_named_after_an_operation_spelling_takes_the_canonical_name():
    spec = build([
        f.OperationName("StopThing", "api", cite(A, 1)),
        f.EnumValue("stop_thing.Status", "RUNNING", cite(A, 2)),
        f.OutputField("stop_thing", "Status", "string", "", cite(A, 2), enum="stop_thing.Status"),
    ])
    assert [e.name for e in spec.enums] == ["StopThing.Status"]
    assert spec.operations[0].output[0].enum == "StopThing.Status"


def test_state_machine_takes_states_from_transitions_and_canonical_spellings():
    spec = build([
        f.EnumValue("Thing.status", "CREATE PENDING", cite(B, 1)),
        f.EnumValue("Thing.status", "CREATE_STOPPED", cite(B, 1)),
        f.Transition("thing", "CREATE_PENDING", "CREATE_STOPPED", "stop_thing", "stated", cite(A, 5)),
        f.Transition("Thing", "CREATE_PENDING", "CREATE_STOPPED", "StopThing", "inferred", cite(B, 6)),
        f.StateRole("Thing", "CREATE_STOPPED", "terminal", cite(A, 3)),
        f.Precondition("Thing", "StopThing", ("CREATE PENDING",), cite(A, 3)),
        f.OperationName("StopThing", "api", cite(A, 1)),
    ])
    (sm,) = spec.state_machines
    assert sm.resource == "Thing" and sm.enum == "Thing.status"
    assert sm.states == ("CREATE_PENDING", "CREATE_STOPPED")
    (t,) = sm.transitions
    assert (t.from_, t.to, t.trigger, t.confidence) == ("CREATE_PENDING", "CREATE_STOPPED", "StopThing", "stated")
    assert len(t.cite) == 2
    assert sm.terminal == ("CREATE_STOPPED",)
    assert sm.preconditions[0].allowed_states == ("CREATE_PENDING",)


def test_spec_validates_and_serialises_canonically():
    spec = build([f.OperationName("StopThing", "api", cite(A, 1)),
                  f.Example("shell", "cli", "stop-thing", "aws demo stop-thing", cite(A, 8)),
                  f.Example("shell", "cli", "stop-thing", "aws demo stop-thing", cite(B, 2))])
    data = spec_io.to_json(spec)
    assert spec_io.problems(data) == []
    text = spec_io.dumps(data)
    assert text == spec_io.dumps(spec_io.to_json(spec_io.from_json(data)))
    assert text.endswith("}\n") and list(data) [:2] == ["spec_version", "service"]
    (ex,) = spec.examples
    assert ex.operation == "StopThing" and len(ex.cite) == 2


def test_source_ids_are_unique():
    docs = [DocInfo("x/a.md", "markdown", "", ""), DocInfo("y/a.md", "markdown", "", ""),
            DocInfo("z/b.md", "markdown", "", "")]
    ids = source_ids(docs)
    assert ids == {"x/a.md": "x/a", "y/a.md": "y/a", "z/b.md": "b"}


def test_canonical_state():
    assert canonical_state(["CREATE PENDING", "CREATE_PENDING"]) == "CREATE_PENDING"
    assert canonical_state(["CREATE IN_PROGRESS"]) == "CREATE_IN_PROGRESS"
    assert canonical_state(["Running"]) == "Running"


def test_a_mentioned_name_one_letter_off_a_defined_operation_is_a_misspelling():
    spec = build([
        f.OperationName("DescribeThings", "api", cite(A, 1), primary=True),
        f.OperationName("DescribeThing", "api", cite(B, 4)),
        f.OperationName("DescribeThngs", "api", cite(B, 5)),
        f.OperationName("GetThings", "api", cite(B, 6)),
    ])
    assert [o.name for o in spec.operations] == ["DescribeThings", "GetThings"]
    assert [x.code for x in spec.findings].count("misspelt-operation") == 2


def test_a_replaced_letter_is_another_operation_not_a_misspelling():
    spec = build([f.OperationName("GetThing", "api", cite(A, 1), primary=True),
                  f.OperationName("SetThing", "api", cite(B, 4))])
    assert [o.name for o in spec.operations] == ["GetThing", "SetThing"]


def test_a_mentioned_name_used_as_a_field_value_or_shape_is_not_an_operation():
    spec = build([
        f.OperationName("ListThings", "api", cite(A, 1), primary=True),
        f.Parameter("ListThings", "FilterThing", None, None, None, "", cite(A, 3)),
        f.EnumValue("ListThings.Status", "DeletePending", cite(A, 5)),
        f.OperationName("FilterThing", "api", cite(B, 2)),
        f.OperationName("DeletePending", "api", cite(B, 3)),
        f.OperationName("ListThingsOutput", "api", cite(B, 4)),
        f.OperationName("CreateThing", "api", cite(B, 5)),
    ])
    assert [o.name for o in spec.operations] == ["CreateThing", "ListThings"]


def test_without_defining_documents_mentions_stay_operations():
    spec = build([f.OperationName("DescribeThing", "api", cite(A, 1)),
                  f.OperationName("DescribeThings", "api", cite(B, 2))])
    assert [o.name for o in spec.operations] == ["DescribeThing", "DescribeThings"]


def test_a_name_the_docs_place_in_another_services_reference_is_not_an_operation():
    spec = build([
        f.OperationName("FrobThing", "api", cite(A, 1), primary=True),
        f.OperationName("GetThingLatency", "api", cite(A, 2)),  # "a single GetThingLatency request"
        f.OperationName("GetThingLatency", "api", cite(B, 3), weak=True, site="RS"),  # API_RS_GetThingLatency
        f.OperationName("get-caller-thing", "cli", cite(B, 4), site="othersvc"),
        f.OperationName("GetCallerThing", "api", cite(A, 5)),
        f.OperationName("ListThings", "api", cite(A, 6)),
        f.OperationName("list-things", "cli", cite(B, 7), site="demo"),
    ])
    assert [o.name for o in spec.operations] == ["FrobThing", "ListThings"]


def test_a_foreign_mention_does_not_remove_a_defined_operation():
    spec = build([f.OperationName("FrobThing", "api", cite(A, 1), primary=True),
                  f.OperationName("FrobThing", "api", cite(B, 2), weak=True, site="RS")])
    assert [o.name for o in spec.operations] == ["FrobThing"]
